// Graph's user type as the test directory serves it: the properties $select accepts, those it holds, the
// directory roles, and the live users by id.

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
export const ROLE_TEMPLATE_IDS: Readonly<Record<string, string>> = {
  'Global Administrator': '62e90394-69f5-4237-9190-012177145e10',
  'Privileged Authentication Administrator': '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  'User Administrator': 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  'Helpdesk Administrator': '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  'Password Administrator': '966707d0-3269-4727-9be2-8c3a10f19b9d',
  'Authentication Administrator': 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  'Directory Readers': '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
  'Guest Inviter': '95e79109-95c0-4d8e-aee3-d01accf2d47b',
  'Groups Administrator': 'fdd7a751-b60b-444a-984c-02652fe8fa1c',
  'Message Center Reader': '790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b',
  'Reports Reader': '4a5d8f65-41da-4de4-8968-e035b65339cf',
  'Usage Summary Reports Reader': '75934031-6c7e-415a-99d7-48dbd49e875e',
  'User Experience Success Manager': '27460883-1df1-4691-b032-3b79643e5e63',
};

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
