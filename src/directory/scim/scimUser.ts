// SCIM User resources (RFC 7643 §4.1, with the enterprise extension §4.3) -> DirectoryUser.
import * as l10n from '@vscode/l10n';
import { badResponse } from '../http/jsonClient';
import type { DirectoryUser } from '../types';

export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

interface ScimMultiValue {
  readonly value?: unknown;
  readonly type?: unknown;
  readonly primary?: unknown;
}

export interface ScimUserResource {
  readonly id?: unknown;
  readonly externalId?: unknown;
  readonly userName?: unknown;
  readonly displayName?: unknown;
  readonly name?: { readonly formatted?: unknown; readonly givenName?: unknown; readonly familyName?: unknown };
  readonly emails?: unknown;
  readonly title?: unknown;
  readonly userType?: unknown;
  readonly active?: unknown;
  readonly meta?: { readonly lastModified?: unknown; readonly location?: unknown };
  readonly [ENTERPRISE_USER_SCHEMA]?: { readonly department?: unknown };
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/** The primary email, else a work email, else the first one. */
export function primaryEmail(emails: unknown): string | undefined {
  if (!Array.isArray(emails)) return undefined;
  const list = emails.filter(
    (e): e is ScimMultiValue => typeof e === 'object' && e !== null && text((e as ScimMultiValue).value) !== undefined,
  );
  const pick = list.find((e) => e.primary === true) ?? list.find((e) => e.type === 'work') ?? list[0];
  return pick ? text(pick.value) : undefined;
}

function fullName(name: ScimUserResource['name']): string | undefined {
  if (!name || typeof name !== 'object') return undefined;
  const formatted = text(name.formatted);
  if (formatted) return formatted;
  const parts = [text(name.givenName), text(name.familyName)].filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

/**
 * Maps one SCIM user. SCIM accounts have no standard "cannot be reset" marker, so nothing is refused here;
 * the directory's own answer to the PATCH decides.
 */
export function toDirectoryUser(u: ScimUserResource): DirectoryUser {
  if (!u || typeof u !== 'object' || typeof u.id !== 'string' || u.id === '')
    throw badResponse(200, l10n.t('a user without an id'));
  const userName = text(u.userName) ?? '';
  const enterprise = u[ENTERPRISE_USER_SCHEMA];
  return {
    id: u.id,
    displayName: text(u.displayName) ?? fullName(u.name) ?? (userName || u.id),
    signInName: userName,
    mail: primaryEmail(u.emails),
    jobTitle: text(u.title),
    department: enterprise && typeof enterprise === 'object' ? text(enterprise.department) : undefined,
    accountEnabled: typeof u.active === 'boolean' ? u.active : undefined,
    userType: text(u.userType),
    source: 'cloud',
  };
}
