// Deterministic users for the demo/test directory, in Microsoft Graph's user shape plus two fields Graph never
// returns (`roles`, `password`) that the test directory keeps for itself. No 'vscode' import, no randomness that
// is not seeded: the same (count, seed) always gives the same users, and seedUsers(n) is a prefix of
// seedUsers(m) for n <= m. The fixed users are in fixedUsers.ts, the words the others are made of in seedWords.ts,
// the PRNG and the GUIDs and dates drawn from it in seededValues.ts.
import { DEMO_TENANT_DOMAIN, fixedUsers, upnIdentity, type DemoUser } from './fixedUsers';
import { dayString, guid, mulberry32, pick, timeString } from './seededValues';
import {
  DEPARTMENTS,
  FEDERATED_ISSUERS,
  FIRST_ASCII,
  FIRST_NAMES,
  GUEST_DOMAINS,
  JOB_TITLES,
  LAST_ASCII,
  LAST_NAMES,
} from './seedWords';

export {
  DEMO_TENANT_DOMAIN,
  FIXED_USER_COUNT,
  FIXED_USERS,
  type DemoIdentity,
  type DemoUser,
  type FixedUserKey,
} from './fixedUsers';

/** The roles handed out to the ~1% generated admins, round robin. */
export const SEED_ADMIN_ROLES: readonly string[] = [
  'Global Administrator',
  'Privileged Authentication Administrator',
  'User Administrator',
  'Helpdesk Administrator',
  'Password Administrator',
  'Authentication Administrator',
];

const D = DEMO_TENANT_DOMAIN;

/**
 * `count` users (at least the fixed ones, which always come first), deterministic for a given `seed`.
 * Mix of the generated ones: ~80% cloud members, ~7% invited guests, ~1% self-service sign-up, ~1% members with a
 * federated identity, ~6% synced from on-premises, ~4% disabled, ~1% admins spread over SEED_ADMIN_ROLES.
 */
export function seedUsers(count = 2500, seed = 1): DemoUser[] {
  const users: DemoUser[] = fixedUsers();
  const next = mulberry32(seed);
  const taken = new Map<string, number>();
  for (const u of users) taken.set(u.userPrincipalName.split('@')[0].toLowerCase(), 1);
  let adminIndex = 0;

  for (let i = users.length; i < count; i++) {
    const id = guid(next);
    const fi = Math.floor(next() * FIRST_NAMES.length);
    const li = Math.floor(next() * LAST_NAMES.length);
    const givenName = FIRST_NAMES[fi];
    const surname = LAST_NAMES[li];
    const kind = next();
    const jobR = next();
    const depR = next();
    const extraR = next();
    const ageDays = Math.floor(next() * 540);
    const secondOfDay = Math.floor(next() * 86_400);

    // Unique local part: "jose.garcia", then "jose.garcia2", ...
    const base = `${FIRST_ASCII[fi]}.${LAST_ASCII[li]}`;
    const n = (taken.get(base) ?? 0) + 1;
    taken.set(base, n);
    const local = n === 1 ? base : `${base}${n}`;

    let displayName = `${givenName} ${surname}`;
    let upn = `${local}@${D}`;
    let mail: string | null = extraR < 0.05 ? null : upn;
    let userType: DemoUser['userType'] = 'Member';
    let creationType: DemoUser['creationType'] = null;
    let externalUserState: DemoUser['externalUserState'] = null;
    let onPremisesSyncEnabled: DemoUser['onPremisesSyncEnabled'] = null;
    let accountEnabled = true;
    let identities = upnIdentity(upn);
    let roles: string[] = [];
    let jobTitle: string | null = extraR > 0.97 ? null : pick(JOB_TITLES, jobR);
    let department: string | null = extraR > 0.98 ? null : pick(DEPARTMENTS, depR);

    if (kind < 0.07) {
      // Invited B2B guest: jane.doe@fabrikam.com -> jane.doe_fabrikam.com#EXT#@contoso.onmicrosoft.com
      const domain = pick(GUEST_DOMAINS, extraR);
      const external = `${local}@${domain}`;
      upn = `${local}_${domain}#EXT#@${D}`;
      mail = external;
      userType = 'Guest';
      creationType = 'Invitation';
      externalUserState = jobR < 0.75 ? 'Accepted' : 'PendingAcceptance';
      identities = upnIdentity(upn);
      department = null;
    } else if (kind < 0.08) {
      // Self-service sign-up through a user flow, signs in with a social account.
      const issuer = pick(FEDERATED_ISSUERS, extraR);
      const external = `${local}@${issuer === 'google.com' ? 'gmail.com' : 'outlook.com'}`;
      upn = `${local}_${issuer === 'google.com' ? 'gmail.com' : 'outlook.com'}#EXT#@${D}`;
      mail = external;
      userType = 'Guest';
      creationType = 'SelfServiceSignUp';
      identities = [{ signInType: 'federated', issuer, issuerAssignedId: external }];
      jobTitle = null;
      department = null;
    } else if (kind < 0.09) {
      // Member who signs in through a federated identity provider.
      const issuer = pick(FEDERATED_ISSUERS, extraR);
      identities = [
        { signInType: 'userPrincipalName', issuer: D, issuerAssignedId: upn },
        {
          signInType: 'federated',
          issuer,
          issuerAssignedId: `${local}@${issuer === 'google.com' ? 'gmail.com' : 'outlook.com'}`,
        },
      ];
    } else if (kind < 0.15) {
      onPremisesSyncEnabled = true;
    } else if (kind < 0.19) {
      accountEnabled = false;
    } else if (kind < 0.2) {
      roles = [SEED_ADMIN_ROLES[adminIndex++ % SEED_ADMIN_ROLES.length]];
      jobTitle = 'IT Administrator';
      department = 'IT';
    }
    if (displayName.length === 0) displayName = local;

    const changed = dayString(ageDays) + timeString(secondOfDay);
    users.push({
      id,
      displayName,
      givenName,
      surname,
      userPrincipalName: upn,
      mail,
      jobTitle,
      department,
      accountEnabled,
      userType,
      creationType,
      externalUserState,
      onPremisesSyncEnabled,
      identities,
      lastPasswordChangeDateTime: changed,
      roles,
      password: `Seed-${id.slice(0, 8)}-Pw!`,
    });
  }
  return users;
}
