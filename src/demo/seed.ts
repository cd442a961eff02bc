// Deterministic users for the demo/test directory, in Microsoft Graph's user shape plus two fields Graph never
// returns (`roles`, `password`) that the test directory keeps for itself. No 'vscode' import, no randomness that
// is not seeded: the same (count, seed) always gives the same users, and seedUsers(n) is a prefix of
// seedUsers(m) for n <= m.

export const DEMO_TENANT_DOMAIN = 'contoso.onmicrosoft.com';

export interface DemoIdentity {
  signInType: 'userPrincipalName' | 'federated';
  issuer: string;
  issuerAssignedId: string;
}

export interface DemoUser {
  id: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  userPrincipalName: string;
  mail: string | null;
  jobTitle: string | null;
  department: string | null;
  accountEnabled: boolean;
  userType: 'Member' | 'Guest';
  creationType: null | 'Invitation' | 'SelfServiceSignUp';
  externalUserState: null | 'PendingAcceptance' | 'Accepted';
  onPremisesSyncEnabled: null | true;
  identities: DemoIdentity[];
  /** ISO 8601, seconds precision, like Graph. */
  lastPasswordChangeDateTime: string;
  /** Not Graph: directory role display names (see memberOf/microsoft.graph.directoryRole). Never served as a property. */
  roles: string[];
  /** Not Graph: the current password. Test data only; never served, never logged. */
  password: string;
}

/** Ids of the fixed users that every seed starts with. Stable across seeds and counts. */
export const FIXED_USERS = {
  /** "Alain Charon", cloud member (the user of the seed document). */
  alainCharon: '6ebfff1d-2275-4c24-ad15-ea9cd8331648',
  /** "Seán O'Brien": apostrophe in the name and in the UPN (sean.o'brien@...). */
  seanOBrien: '06ad5ed3-f34a-4e84-801f-aea39ac34bb2',
  /** `Quentin "Q" Quoted`: double quotes in the name. */
  quentinQuoted: '9c3f7ec3-08b7-463c-8f29-305b15a6ba44',
  /** displayName `<img src=x onerror=alert(1)>`, HTML in jobTitle and department too. */
  htmlInjection: 'afaaecb2-2763-4343-9921-88d686f2f0dc',
  /** A 300-character display name. */
  longName: '631d364a-7764-43c3-9eed-ad7c59085c9c',
  /** Arabic, right-to-left: "ليلى حداد". */
  arabicName: '5ff50672-4301-4257-96bd-f2ce0cd523ca',
  /** Hebrew, right-to-left: "נועה כהן". */
  hebrewName: 'd866b576-e121-4fa8-8f96-5f4ea06f322f',
  /** "Grace Guest", invited B2B guest (#EXT# UPN). */
  graceGuest: '0e2262f1-f5c2-455d-a096-ea7746124606',
  /** "Sam Synced", synced from on-premises AD. */
  samSynced: '7dd2ca9a-da3d-4115-a51c-29f25989d674',
  /** "Dana Disabled", accountEnabled false. */
  danaDisabled: 'e252326a-0981-446f-85fa-7a4bbeb1bc1c',
  /** "Gloria Global", Global Administrator. */
  gloriaGlobal: 'a8ac4151-74c3-49de-b6cc-4bf877fecc03',
  /** "Pat Privileged", Privileged Authentication Administrator. */
  patPrivileged: '94275459-3ab0-4bd4-ba09-5c79f96320f3',
  /** "Harper Helpdesk", Helpdesk Administrator. */
  harperHelpdesk: 'c9aec4d7-7b1e-496d-9e03-d070c5678946',
  /** "Demo Helpdesk Operator", User Administrator: the demo's signed-in caller. */
  demoOperator: 'b79ec663-b2d0-49bf-af4b-a5fb9a775541',
} as const;

export type FixedUserKey = keyof typeof FIXED_USERS;

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

function upnIdentity(upn: string): DemoIdentity[] {
  return [{ signInType: 'userPrincipalName', issuer: D, issuerAssignedId: upn }];
}

interface FixedSpec {
  key: FixedUserKey;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  upn: string;
  mail?: string | null;
  jobTitle: string | null;
  department: string | null;
  accountEnabled?: boolean;
  userType?: 'Member' | 'Guest';
  creationType?: DemoUser['creationType'];
  externalUserState?: DemoUser['externalUserState'];
  onPremisesSyncEnabled?: null | true;
  roles?: string[];
  lastPasswordChange: string;
  password: string;
}

const LONG_NAME = (() => {
  const base = 'Maximiliana Alexandrina Konstantinopoulou-Vanderbilt-Featherstonehaugh ';
  let s = '';
  while (s.length < 300) s += base;
  return s.slice(0, 299).trimEnd().padEnd(299, 'x') + 'Z';
})();

const FIXED_SPECS: readonly FixedSpec[] = [
  {
    key: 'alainCharon', displayName: 'Alain Charon', givenName: 'Alain', surname: 'Charon',
    upn: `alain.charon@${D}`, jobTitle: 'Accountant', department: 'Finance',
    lastPasswordChange: '2025-03-14T09:26:53Z', password: 'Seed-Alain-2025!',
  },
  {
    key: 'seanOBrien', displayName: "Seán O'Brien", givenName: 'Seán', surname: "O'Brien",
    upn: `sean.o'brien@${D}`, jobTitle: 'Sales Representative', department: 'Sales',
    lastPasswordChange: '2025-01-20T16:02:11Z', password: 'Seed-Sean-2025!',
  },
  {
    key: 'quentinQuoted', displayName: 'Quentin "Q" Quoted', givenName: 'Quentin', surname: 'Quoted',
    upn: `quentin.quoted@${D}`, jobTitle: 'Quartermaster "Q"', department: 'Operations',
    lastPasswordChange: '2024-11-02T08:45:00Z', password: 'Seed-Quentin-2024!',
  },
  {
    key: 'htmlInjection', displayName: '<img src=x onerror=alert(1)>', givenName: '<b>Bold</b>', surname: '<i>Italic</i>',
    upn: `html.injection@${D}`, jobTitle: "<script>alert('job')</script>", department: '"><svg onload=alert(2)>',
    lastPasswordChange: '2024-12-24T23:59:59Z', password: 'Seed-Html-2024!',
  },
  {
    key: 'longName', displayName: LONG_NAME, givenName: 'Maximiliana', surname: 'Konstantinopoulou-Vanderbilt',
    upn: `maximiliana.konstantinopoulou@${D}`, jobTitle: 'Principal Enterprise Architecture Strategy Consultant',
    department: 'Enterprise Architecture and Strategic Transformation Office',
    lastPasswordChange: '2025-02-01T12:00:00Z', password: 'Seed-Long-2025!',
  },
  {
    key: 'arabicName', displayName: 'ليلى حداد', givenName: 'ليلى', surname: 'حداد',
    upn: `layla.haddad@${D}`, jobTitle: 'مهندسة برمجيات', department: 'Engineering',
    lastPasswordChange: '2025-04-02T07:15:30Z', password: 'Seed-Layla-2025!',
  },
  {
    key: 'hebrewName', displayName: 'נועה כהן', givenName: 'נועה', surname: 'כהן',
    upn: `noa.cohen@${D}`, jobTitle: 'מנהלת מוצר', department: 'Product',
    lastPasswordChange: '2025-04-03T10:40:00Z', password: 'Seed-Noa-2025!',
  },
  {
    key: 'graceGuest', displayName: 'Grace Guest', givenName: 'Grace', surname: 'Guest',
    upn: `grace_fabrikam.com#EXT#@${D}`, mail: 'grace@fabrikam.com', jobTitle: 'Consultant', department: null,
    userType: 'Guest', creationType: 'Invitation', externalUserState: 'Accepted',
    lastPasswordChange: '2024-09-09T09:09:09Z', password: 'Seed-Grace-2024!',
  },
  {
    key: 'samSynced', displayName: 'Sam Synced', givenName: 'Sam', surname: 'Synced',
    upn: `sam.synced@${D}`, jobTitle: 'Field Technician', department: 'Operations', onPremisesSyncEnabled: true,
    lastPasswordChange: '2025-01-05T06:30:00Z', password: 'Seed-Sam-2025!',
  },
  {
    key: 'danaDisabled', displayName: 'Dana Disabled', givenName: 'Dana', surname: 'Disabled',
    upn: `dana.disabled@${D}`, jobTitle: 'Former Contractor', department: 'Marketing', accountEnabled: false,
    lastPasswordChange: '2024-06-30T17:00:00Z', password: 'Seed-Dana-2024!',
  },
  {
    key: 'gloriaGlobal', displayName: 'Gloria Global', givenName: 'Gloria', surname: 'Global',
    upn: `gloria.global@${D}`, jobTitle: 'Chief Information Officer', department: 'IT',
    roles: ['Global Administrator'], lastPasswordChange: '2025-03-01T08:00:00Z', password: 'Seed-Gloria-2025!',
  },
  {
    key: 'patPrivileged', displayName: 'Pat Privileged', givenName: 'Pat', surname: 'Privileged',
    upn: `pat.privileged@${D}`, jobTitle: 'Identity Architect', department: 'IT',
    roles: ['Privileged Authentication Administrator'], lastPasswordChange: '2025-02-15T11:11:11Z',
    password: 'Seed-Pat-2025!',
  },
  {
    key: 'harperHelpdesk', displayName: 'Harper Helpdesk', givenName: 'Harper', surname: 'Helpdesk',
    upn: `harper.helpdesk@${D}`, jobTitle: 'Service Desk Analyst', department: 'IT',
    roles: ['Helpdesk Administrator'], lastPasswordChange: '2025-02-20T14:20:00Z', password: 'Seed-Harper-2025!',
  },
  {
    key: 'demoOperator', displayName: 'Demo Helpdesk Operator', givenName: 'Demo', surname: 'Operator',
    upn: `helpdesk.operator@${D}`, jobTitle: 'Helpdesk Lead', department: 'IT',
    roles: ['User Administrator'], lastPasswordChange: '2025-04-01T09:00:00Z', password: 'Seed-Operator-2025!',
  },
];

function fixedUser(s: FixedSpec): DemoUser {
  return {
    id: FIXED_USERS[s.key],
    displayName: s.displayName,
    givenName: s.givenName,
    surname: s.surname,
    userPrincipalName: s.upn,
    mail: s.mail === undefined ? s.upn : s.mail,
    jobTitle: s.jobTitle,
    department: s.department,
    accountEnabled: s.accountEnabled ?? true,
    userType: s.userType ?? 'Member',
    creationType: s.creationType ?? null,
    externalUserState: s.externalUserState ?? null,
    onPremisesSyncEnabled: s.onPremisesSyncEnabled ?? null,
    identities: upnIdentity(s.upn),
    lastPasswordChangeDateTime: s.lastPasswordChange,
    roles: s.roles ? [...s.roles] : [],
    password: s.password,
  };
}

/** How many fixed users every seed starts with. */
export const FIXED_USER_COUNT = FIXED_SPECS.length;

const FIRST_NAMES: readonly string[] = [
  'Adele', 'Alex', 'Allan', 'Amara', 'Ana', 'Ángel', 'Anouk', 'Astrid', 'Ben', 'Bianca', 'Björn', 'Camille',
  'Carlos', 'Chen', 'Chloé', 'Christie', 'Daniel', 'Diego', 'Elif', 'Emma', 'Enrique', 'Fatima', 'François',
  'Gabriel', 'Giulia', 'Hana', 'Henrik', 'Ingrid', 'Isaiah', 'Jakub', 'Jane', 'Javier', 'José', 'Joni',
  'Kenji', 'Lara', 'Lee', 'Lidia', 'Łukasz', 'Lynne', 'Malik', 'Marta', 'Megan', 'Miriam', 'Nestor', 'Nia',
  'Noah', 'Olga', 'Omar', 'Patti', 'Pradeep', 'Priya', 'Rafael', 'Renée', 'Sakura', 'Sanjay', 'Søren',
  'Sofía', 'Tomás', 'Walter', 'Wanda', 'Wang', 'Yara', 'Yusuf', 'Zoë', 'Zofia',
];

const LAST_NAMES: readonly string[] = [
  'Abbott', 'Adeyemi', 'Andersen', 'Bauer', 'Becker', 'Brown', 'Castillo', 'Chen', 'Dubois', 'Dvořák',
  'Eriksson', 'Fernández', 'Fischer', 'García', 'Gonzalez', 'Grady', 'Hansen', 'Ivanova', 'Jensen',
  'Johnson', 'Kowalski', 'Kim', 'Kumar', 'Larsen', 'Lefèvre', 'Lopez', 'Martínez', 'Mbeki', 'Meyer',
  'Moreau', 'Müller', 'Nakamura', 'Nguyen', 'Nowak', 'Okafor', 'Olsen', 'Patel', 'Pereira', 'Petrov',
  'Quinn', 'Rossi', 'Russo', 'Sato', 'Schmidt', 'Silva', 'Smith', 'Suzuki', 'Tanaka', 'Taylor', 'Vance',
  'Wagner', 'Walsh', 'Watanabe', 'Weber', 'Wójcik', 'Yamamoto', 'Young', 'Zieliński', 'Zhang',
];

const JOB_TITLES: readonly string[] = [
  'Accountant', 'Account Manager', 'Administrative Assistant', 'Business Analyst', 'Customer Success Manager',
  'Data Scientist', 'Designer', 'Developer', 'Engineering Manager', 'Financial Analyst', 'HR Generalist',
  'IT Support Specialist', 'Legal Counsel', 'Marketing Coordinator', 'Office Manager', 'Product Manager',
  'Project Manager', 'Recruiter', 'Sales Representative', 'Security Analyst', 'Software Engineer',
  'Support Engineer', 'Technical Writer', 'Warehouse Associate',
];

const DEPARTMENTS: readonly string[] = [
  'Customer Support', 'Engineering', 'Facilities', 'Finance', 'Human Resources', 'IT', 'Legal', 'Logistics',
  'Marketing', 'Operations', 'Product', 'Research', 'Sales',
];

const GUEST_DOMAINS: readonly string[] = ['fabrikam.com', 'northwindtraders.com', 'adatum.com', 'tailspintoys.com', 'wingtiptoys.com'];
const FEDERATED_ISSUERS: readonly string[] = ['google.com', 'facebook.com'];

const FOLD: Readonly<Record<string, string>> = { 'ł': 'l', 'Ł': 'L', 'ø': 'o', 'Ø': 'O', 'ß': 'ss', 'æ': 'ae', 'đ': 'd' };

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
    HEX[a >>> 24] + HEX[(a >>> 16) & 255] + HEX[(a >>> 8) & 255] + HEX[a & 255] + '-' +
    HEX[b >>> 24] + HEX[(b >>> 16) & 255] + '-4' + HEX[(b >>> 8) & 15][1] + HEX[b & 255] + '-' +
    HEX[0x80 | ((c >>> 24) & 0x3f)] + HEX[(c >>> 16) & 255] + '-' + HEX[(c >>> 8) & 255] + HEX[c & 255] +
    HEX[d >>> 24] + HEX[(d >>> 16) & 255] + HEX[(d >>> 8) & 255] + HEX[d & 255]
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
  const users: DemoUser[] = FIXED_SPECS.map(fixedUser);
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
        { signInType: 'federated', issuer, issuerAssignedId: `${local}@${issuer === 'google.com' ? 'gmail.com' : 'outlook.com'}` },
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
