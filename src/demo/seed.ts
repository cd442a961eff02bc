// Deterministic users for the demo/test directory, in Microsoft Graph's user shape plus two fields Graph never
// returns (`roles`, `password`) that the test directory keeps for itself. No 'vscode' import, no randomness that
// is not seeded: the same (count, seed) always gives the same users, and seedUsers(n) is a prefix of
// seedUsers(m) for n <= m.
import { DEMO_TENANT_DOMAIN, fixedUsers, upnIdentity, type DemoUser } from './fixedUsers';

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

const FIRST_NAMES: readonly string[] = [
  'Adele',
  'Alex',
  'Allan',
  'Amara',
  'Ana',
  'Ángel',
  'Anouk',
  'Astrid',
  'Ben',
  'Bianca',
  'Björn',
  'Camille',
  'Carlos',
  'Chen',
  'Chloé',
  'Christie',
  'Daniel',
  'Diego',
  'Elif',
  'Emma',
  'Enrique',
  'Fatima',
  'François',
  'Gabriel',
  'Giulia',
  'Hana',
  'Henrik',
  'Ingrid',
  'Isaiah',
  'Jakub',
  'Jane',
  'Javier',
  'José',
  'Joni',
  'Kenji',
  'Lara',
  'Lee',
  'Lidia',
  'Łukasz',
  'Lynne',
  'Malik',
  'Marta',
  'Megan',
  'Miriam',
  'Nestor',
  'Nia',
  'Noah',
  'Olga',
  'Omar',
  'Patti',
  'Pradeep',
  'Priya',
  'Rafael',
  'Renée',
  'Sakura',
  'Sanjay',
  'Søren',
  'Sofía',
  'Tomás',
  'Walter',
  'Wanda',
  'Wang',
  'Yara',
  'Yusuf',
  'Zoë',
  'Zofia',
];

const LAST_NAMES: readonly string[] = [
  'Abbott',
  'Adeyemi',
  'Andersen',
  'Bauer',
  'Becker',
  'Brown',
  'Castillo',
  'Chen',
  'Dubois',
  'Dvořák',
  'Eriksson',
  'Fernández',
  'Fischer',
  'García',
  'Gonzalez',
  'Grady',
  'Hansen',
  'Ivanova',
  'Jensen',
  'Johnson',
  'Kowalski',
  'Kim',
  'Kumar',
  'Larsen',
  'Lefèvre',
  'Lopez',
  'Martínez',
  'Mbeki',
  'Meyer',
  'Moreau',
  'Müller',
  'Nakamura',
  'Nguyen',
  'Nowak',
  'Okafor',
  'Olsen',
  'Patel',
  'Pereira',
  'Petrov',
  'Quinn',
  'Rossi',
  'Russo',
  'Sato',
  'Schmidt',
  'Silva',
  'Smith',
  'Suzuki',
  'Tanaka',
  'Taylor',
  'Vance',
  'Wagner',
  'Walsh',
  'Watanabe',
  'Weber',
  'Wójcik',
  'Yamamoto',
  'Young',
  'Zieliński',
  'Zhang',
];

const JOB_TITLES: readonly string[] = [
  'Accountant',
  'Account Manager',
  'Administrative Assistant',
  'Business Analyst',
  'Customer Success Manager',
  'Data Scientist',
  'Designer',
  'Developer',
  'Engineering Manager',
  'Financial Analyst',
  'HR Generalist',
  'IT Support Specialist',
  'Legal Counsel',
  'Marketing Coordinator',
  'Office Manager',
  'Product Manager',
  'Project Manager',
  'Recruiter',
  'Sales Representative',
  'Security Analyst',
  'Software Engineer',
  'Support Engineer',
  'Technical Writer',
  'Warehouse Associate',
];

const DEPARTMENTS: readonly string[] = [
  'Customer Support',
  'Engineering',
  'Facilities',
  'Finance',
  'Human Resources',
  'IT',
  'Legal',
  'Logistics',
  'Marketing',
  'Operations',
  'Product',
  'Research',
  'Sales',
];

const GUEST_DOMAINS: readonly string[] = [
  'fabrikam.com',
  'northwindtraders.com',
  'adatum.com',
  'tailspintoys.com',
  'wingtiptoys.com',
];
const FEDERATED_ISSUERS: readonly string[] = ['google.com', 'facebook.com'];

const FOLD: Readonly<Record<string, string>> = { ł: 'l', Ł: 'L', ø: 'o', Ø: 'O', ß: 'ss', æ: 'ae', đ: 'd' };

/** "Łukasz" -> "lukasz", "Søren" -> "soren", "Zieliński" -> "zielinski": the ASCII part of an address. */
function asciiFold(s: string): string {
  return s
    .replace(/[łŁøØßæđ]/g, (c) => FOLD[c] ?? c)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const FIRST_ASCII = FIRST_NAMES.map(asciiFold);
const LAST_ASCII = LAST_NAMES.map(asciiFold);

/** mulberry32: small, fast, good enough for test data. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A version-4-looking GUID from four PRNG words. */
function guid(next: () => number): string {
  const a = (next() * 4294967296) >>> 0;
  const b = (next() * 4294967296) >>> 0;
  const c = (next() * 4294967296) >>> 0;
  const d = (next() * 4294967296) >>> 0;
  return (
    HEX[a >>> 24] +
    HEX[(a >>> 16) & 255] +
    HEX[(a >>> 8) & 255] +
    HEX[a & 255] +
    '-' +
    HEX[b >>> 24] +
    HEX[(b >>> 16) & 255] +
    '-4' +
    HEX[(b >>> 8) & 15][1] +
    HEX[b & 255] +
    '-' +
    HEX[0x80 | ((c >>> 24) & 0x3f)] +
    HEX[(c >>> 16) & 255] +
    '-' +
    HEX[(c >>> 8) & 255] +
    HEX[c & 255] +
    HEX[d >>> 24] +
    HEX[(d >>> 16) & 255] +
    HEX[(d >>> 8) & 255] +
    HEX[d & 255]
  );
}

const EPOCH_MS = Date.UTC(2025, 4, 1); // 2025-05-01: fixed, so seeds never depend on today's date
const DAY_MS = 86_400_000;

const DAY_STRINGS: string[] = [];

/** 'YYYY-MM-DDT' of EPOCH minus `ageDays` days (cached: toISOString per user is the slowest part of seeding). */
function dayString(ageDays: number): string {
  return (DAY_STRINGS[ageDays] ??= new Date(EPOCH_MS - ageDays * DAY_MS).toISOString().slice(0, 11));
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** 'HH:MM:SSZ' */
function timeString(secondOfDay: number): string {
  return `${two(Math.floor(secondOfDay / 3600))}:${two(Math.floor(secondOfDay / 60) % 60)}:${two(secondOfDay % 60)}Z`;
}

function pick<T>(list: readonly T[], r: number): T {
  return list[Math.floor(r * list.length)];
}

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
