// Graph's user type as the test directory serves it: the properties $select accepts, those it holds, the
// directory roles, and the live users by id.

import { templateIdOfRole } from '../../directory/graph/roleRules';
import type { DemoUser } from '../seed';

/** Properties Graph returns when there is no $select, in Graph's order. */
export const DEFAULT_USER_PROPERTIES: readonly string[] = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];

/** Structural properties of microsoft.graph.user (v1.0) that $select accepts. */
export const USER_PROPERTIES: ReadonlySet<string> = new Set([
  'aboutMe',
  'accountEnabled',
  'ageGroup',
  'assignedLicenses',
  'assignedPlans',
  'authorizationInfo',
  'birthday',
  'businessPhones',
  'city',
  'companyName',
  'consentProvidedForMinor',
  'country',
  'createdDateTime',
  'creationType',
  'customSecurityAttributes',
  'deletedDateTime',
  'department',
  'displayName',
  'employeeHireDate',
  'employeeId',
  'employeeLeaveDateTime',
  'employeeOrgData',
  'employeeType',
  'externalUserState',
  'externalUserStateChangeDateTime',
  'faxNumber',
  'givenName',
  'hireDate',
  'id',
  'identities',
  'imAddresses',
  'interests',
  'isResourceAccount',
  'jobTitle',
  'lastPasswordChangeDateTime',
  'legalAgeGroupClassification',
  'licenseAssignmentStates',
  'mail',
  'mailboxSettings',
  'mailNickname',
  'mobilePhone',
  'mySite',
  'officeLocation',
  'onPremisesDistinguishedName',
  'onPremisesDomainName',
  'onPremisesExtensionAttributes',
  'onPremisesImmutableId',
  'onPremisesLastSyncDateTime',
  'onPremisesProvisioningErrors',
  'onPremisesSamAccountName',
  'onPremisesSecurityIdentifier',
  'onPremisesSyncEnabled',
  'onPremisesUserPrincipalName',
  'otherMails',
  'passwordPolicies',
  'passwordProfile',
  'pastProjects',
  'postalCode',
  'preferredDataLocation',
  'preferredLanguage',
  'preferredName',
  'print',
  'provisionedPlans',
  'proxyAddresses',
  'responsibilities',
  'schools',
  'securityIdentifier',
  'serviceProvisioningErrors',
  'showInAddressList',
  'signInActivity',
  'signInSessionsValidFromDateTime',
  'skills',
  'state',
  'streetAddress',
  'surname',
  'usageLocation',
  'userPrincipalName',
  'userType',
]);

const COLLECTION_PROPERTIES: ReadonlySet<string> = new Set([
  'assignedLicenses',
  'assignedPlans',
  'businessPhones',
  'imAddresses',
  'interests',
  'licenseAssignmentStates',
  'onPremisesProvisioningErrors',
  'otherMails',
  'pastProjects',
  'provisionedPlans',
  'proxyAddresses',
  'responsibilities',
  'schools',
  'serviceProvisioningErrors',
  'skills',
]);

/** Properties the test directory holds; every other selectable property is served as null or []. */
const HELD_PROPERTIES: ReadonlySet<string> = new Set([
  'id',
  'displayName',
  'givenName',
  'surname',
  'userPrincipalName',
  'mail',
  'jobTitle',
  'department',
  'accountEnabled',
  'userType',
  'creationType',
  'externalUserState',
  'onPremisesSyncEnabled',
  'identities',
  'lastPasswordChangeDateTime',
]);

export const DIRECTORY_ROLE_PROPERTIES: ReadonlySet<string> = new Set([
  'id',
  'deletedDateTime',
  'description',
  'displayName',
  'roleTemplateId',
]);

/** Role template ids are the same in every tenant. */
/** A role's template id as Graph serves it: the built-in ones from the extension's role table, others hashed. */
export function roleTemplateIdOf(name: string): string {
  return templateIdOfRole(name) ?? hashGuid(`template:${name}`);
}

/** The server's live users by id; `length` is `size`, for callers that treat it like the seed array. */
export class DemoUserMap extends Map<string, DemoUser> {
  /** Bumped on every change the server must re-sort for. */
  version = 0;
  get length(): number {
    return this.size;
  }
  override set(key: string, value: DemoUser): this {
    this.version++;
    return super.set(key, value);
  }
  override delete(key: string): boolean {
    this.version++;
    return super.delete(key);
  }
  override clear(): void {
    this.version++;
    super.clear();
  }
}

export function hashGuid(text: string): string {
  // Deterministic GUID-looking id (FNV-1a based) for activated directory role objects.
  const words: string[] = [];
  for (let k = 0; k < 4; k++) {
    let h = 0x811c9dc5 ^ (k * 0x9e3779b1);
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    words.push((h >>> 0).toString(16).padStart(8, '0'));
  }
  const hex = words.join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A user in Graph's shape: the `select`ed properties, or Graph's default ones. */
export function project(u: DemoUser, select: readonly string[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const rec = u as unknown as Record<string, unknown>;
  for (const p of select ?? DEFAULT_USER_PROPERTIES) {
    if (p === 'identities') out[p] = u.identities.map((i) => ({ ...i }));
    else if (p === 'mailNickname') out[p] = u.userPrincipalName.split('@')[0];
    else if (HELD_PROPERTIES.has(p)) out[p] = rec[p] ?? null;
    else out[p] = COLLECTION_PROPERTIES.has(p) ? [] : null;
  }
  return out;
}
