// A Microsoft Graph user as the extension's model (DirectoryUser), with whether its password may be reset here.
import { badResponse } from '../http/jsonClient';
import type { DirectoryUser } from '../types';
import { accountEligibility, type GraphAccountFields } from './eligibility';

/** The user fields the provider asks Graph for (graphQuery.ts LIST_FIELDS, PROFILE_FIELDS). */
export interface GraphUser extends GraphAccountFields {
  readonly id: string;
  readonly mail?: string | null;
  readonly jobTitle?: string | null;
  readonly department?: string | null;
  readonly accountEnabled?: boolean | null;
  readonly lastPasswordChangeDateTime?: string | null;
}

/**
 * A Graph user as the extension's model. Only fields of the expected type are taken (a broken or hostile
 * directory's numbers, objects or arrays in place of text are dropped, never passed on to the UI); the text
 * itself is kept as the directory has it: the UI shows it as text (see displayText).
 */
/** `resetsSynced`: see accountEligibility. */
export function toDirectoryUser(raw: GraphUser, resetsSynced = false): DirectoryUser {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || typeof raw.id !== 'string' || raw.id === '') {
    throw badResponse(200, 'a user without an id');
  }
  const u: GraphUser = {
    id: raw.id,
    displayName: str(raw.displayName),
    userPrincipalName: str(raw.userPrincipalName),
    mail: str(raw.mail),
    jobTitle: str(raw.jobTitle),
    department: str(raw.department),
    accountEnabled: typeof raw.accountEnabled === 'boolean' ? raw.accountEnabled : undefined,
    userType: str(raw.userType),
    creationType: str(raw.creationType),
    externalUserState: str(raw.externalUserState),
    onPremisesSyncEnabled: typeof raw.onPremisesSyncEnabled === 'boolean' ? raw.onPremisesSyncEnabled : undefined,
    identities: Array.isArray(raw.identities)
      ? (raw.identities as unknown[])
          .filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null)
          .map((i) => ({ signInType: str(i.signInType), issuer: str(i.issuer) }))
      : undefined,
    lastPasswordChangeDateTime: str(raw.lastPasswordChangeDateTime),
  };
  const eligibility = accountEligibility(u, resetsSynced);
  return {
    id: u.id,
    displayName: u.displayName || u.userPrincipalName || u.id,
    signInName: u.userPrincipalName ?? '',
    mail: u.mail ?? undefined,
    jobTitle: u.jobTitle ?? undefined,
    department: u.department ?? undefined,
    accountEnabled: u.accountEnabled ?? undefined,
    userType: u.userType ?? undefined,
    source: eligibility.source,
    resetRefusal: eligibility.refusal,
    lastPasswordChangeDateTime: u.lastPasswordChangeDateTime ?? undefined,
  };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
