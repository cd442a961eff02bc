// The demo/test directory's users in Microsoft Graph's shape, and the fixed users every seed starts with (the ones
// tests and the README name). The generated ones are in seed.ts.

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
  /**
   * Not Graph: for a synced user, whether password writeback reaches their on-premises Active Directory (undefined:
   * it does). Off, the test directory refuses resetPassword as Graph refuses a write to an on-premises mastered user.
   */
  passwordWriteback?: boolean;
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
  /** "Sam Synced", synced from on-premises AD, where password writeback is off (the seeded synced users have it on). */
  samSynced: '7dd2ca9a-da3d-4115-a51c-29f25989d674',
  /** "Dana Disabled", accountEnabled false. */
  danaDisabled: 'e252326a-0981-446f-85fa-7a4bbeb1bc1c',
  /** "Gloria Global", Global Administrator. */
  gloriaGlobal: 'a8ac4151-74c3-49de-b6cc-4bf877fecc03',
  /** "Pat Privileged", Privileged Authentication Administrator. */
  patPrivileged: '94275459-3ab0-4bd4-ba09-5c79f96320f3',
  /** "Harper Helpdesk", Helpdesk Administrator. */
  harperHelpdesk: 'c9aec4d7-7b1e-496d-9e03-d070c5678946',
  /**
   * "Demo Helpdesk Operator", User Administrator and Authentication Administrator: the demo's signed-in caller
   * (Authentication Administrator so that it can issue Temporary Access Passes to users without admin roles).
   */
  demoOperator: 'b79ec663-b2d0-49bf-af4b-a5fb9a775541',
  /** "Petra Policy": the tenant's Temporary Access Pass policy leaves her out (graph/temporaryAccessPassPolicy.ts). */
  petraPolicy: '3f6c2b8e-91d4-4c7a-b5e2-0d8a6f4c1e93',
  /** "Paula Pass": already has a Temporary Access Pass (a new one replaces it). */
  paulaPass: 'c41e7d2a-6b38-4f05-9a1c-e2d7b8f60a54',
} as const;

export type FixedUserKey = keyof typeof FIXED_USERS;

const D = DEMO_TENANT_DOMAIN;

export function upnIdentity(upn: string): DemoIdentity[] {
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
  passwordWriteback?: boolean;
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
    key: 'alainCharon',
    displayName: 'Alain Charon',
    givenName: 'Alain',
    surname: 'Charon',
    upn: `alain.charon@${D}`,
    jobTitle: 'Accountant',
    department: 'Finance',
    lastPasswordChange: '2025-03-14T09:26:53Z',
    password: 'Seed-Alain-2025!',
  },
  {
    key: 'seanOBrien',
    displayName: "Seán O'Brien",
    givenName: 'Seán',
    surname: "O'Brien",
    upn: `sean.o'brien@${D}`,
    jobTitle: 'Sales Representative',
    department: 'Sales',
    lastPasswordChange: '2025-01-20T16:02:11Z',
    password: 'Seed-Sean-2025!',
  },
  {
    key: 'quentinQuoted',
    displayName: 'Quentin "Q" Quoted',
    givenName: 'Quentin',
    surname: 'Quoted',
    upn: `quentin.quoted@${D}`,
    jobTitle: 'Quartermaster "Q"',
    department: 'Operations',
    lastPasswordChange: '2024-11-02T08:45:00Z',
    password: 'Seed-Quentin-2024!',
  },
  {
    key: 'htmlInjection',
    displayName: '<img src=x onerror=alert(1)>',
    givenName: '<b>Bold</b>',
    surname: '<i>Italic</i>',
    upn: `html.injection@${D}`,
    jobTitle: "<script>alert('job')</script>",
    department: '"><svg onload=alert(2)>',
    lastPasswordChange: '2024-12-24T23:59:59Z',
    password: 'Seed-Html-2024!',
  },
  {
    key: 'longName',
    displayName: LONG_NAME,
    givenName: 'Maximiliana',
    surname: 'Konstantinopoulou-Vanderbilt',
    upn: `maximiliana.konstantinopoulou@${D}`,
    jobTitle: 'Principal Enterprise Architecture Strategy Consultant',
    department: 'Enterprise Architecture and Strategic Transformation Office',
    lastPasswordChange: '2025-02-01T12:00:00Z',
    password: 'Seed-Long-2025!',
  },
  {
    key: 'arabicName',
    displayName: 'ليلى حداد',
    givenName: 'ليلى',
    surname: 'حداد',
    upn: `layla.haddad@${D}`,
    jobTitle: 'مهندسة برمجيات',
    department: 'Engineering',
    lastPasswordChange: '2025-04-02T07:15:30Z',
    password: 'Seed-Layla-2025!',
  },
  {
    key: 'hebrewName',
    displayName: 'נועה כהן',
    givenName: 'נועה',
    surname: 'כהן',
    upn: `noa.cohen@${D}`,
    jobTitle: 'מנהלת מוצר',
    department: 'Product',
    lastPasswordChange: '2025-04-03T10:40:00Z',
    password: 'Seed-Noa-2025!',
  },
  {
    key: 'graceGuest',
    displayName: 'Grace Guest',
    givenName: 'Grace',
    surname: 'Guest',
    upn: `grace_fabrikam.com#EXT#@${D}`,
    mail: 'grace@fabrikam.com',
    jobTitle: 'Consultant',
    department: null,
    userType: 'Guest',
    creationType: 'Invitation',
    externalUserState: 'Accepted',
    lastPasswordChange: '2024-09-09T09:09:09Z',
    password: 'Seed-Grace-2024!',
  },
  {
    key: 'samSynced',
    displayName: 'Sam Synced',
    givenName: 'Sam',
    surname: 'Synced',
    upn: `sam.synced@${D}`,
    jobTitle: 'Field Technician',
    department: 'Operations',
    onPremisesSyncEnabled: true,
    passwordWriteback: false,
    lastPasswordChange: '2025-01-05T06:30:00Z',
    password: 'Seed-Sam-2025!',
  },
  {
    key: 'danaDisabled',
    displayName: 'Dana Disabled',
    givenName: 'Dana',
    surname: 'Disabled',
    upn: `dana.disabled@${D}`,
    jobTitle: 'Former Contractor',
    department: 'Marketing',
    accountEnabled: false,
    lastPasswordChange: '2024-06-30T17:00:00Z',
    password: 'Seed-Dana-2024!',
  },
  {
    key: 'gloriaGlobal',
    displayName: 'Gloria Global',
    givenName: 'Gloria',
    surname: 'Global',
    upn: `gloria.global@${D}`,
    jobTitle: 'Chief Information Officer',
    department: 'IT',
    roles: ['Global Administrator'],
    lastPasswordChange: '2025-03-01T08:00:00Z',
    password: 'Seed-Gloria-2025!',
  },
  {
    key: 'patPrivileged',
    displayName: 'Pat Privileged',
    givenName: 'Pat',
    surname: 'Privileged',
    upn: `pat.privileged@${D}`,
    jobTitle: 'Identity Architect',
    department: 'IT',
    roles: ['Privileged Authentication Administrator'],
    lastPasswordChange: '2025-02-15T11:11:11Z',
    password: 'Seed-Pat-2025!',
  },
  {
    key: 'harperHelpdesk',
    displayName: 'Harper Helpdesk',
    givenName: 'Harper',
    surname: 'Helpdesk',
    upn: `harper.helpdesk@${D}`,
    jobTitle: 'Service Desk Analyst',
    department: 'IT',
    roles: ['Helpdesk Administrator'],
    lastPasswordChange: '2025-02-20T14:20:00Z',
    password: 'Seed-Harper-2025!',
  },
  {
    key: 'demoOperator',
    displayName: 'Demo Helpdesk Operator',
    givenName: 'Demo',
    surname: 'Operator',
    upn: `helpdesk.operator@${D}`,
    jobTitle: 'Helpdesk Lead',
    department: 'IT',
    roles: ['User Administrator', 'Authentication Administrator'],
    lastPasswordChange: '2025-04-01T09:00:00Z',
    password: 'Seed-Operator-2025!',
  },
  {
    key: 'petraPolicy',
    displayName: 'Petra Policy',
    givenName: 'Petra',
    surname: 'Policy',
    upn: `petra.policy@${D}`,
    jobTitle: 'Warehouse Supervisor',
    department: 'Logistics',
    lastPasswordChange: '2025-03-20T10:10:10Z',
    password: 'Seed-Petra-2025!',
  },
  {
    key: 'paulaPass',
    displayName: 'Paula Pass',
    givenName: 'Paula',
    surname: 'Pass',
    upn: `paula.pass@${D}`,
    jobTitle: 'Travelling Sales Lead',
    department: 'Sales',
    lastPasswordChange: '2025-03-28T15:45:00Z',
    password: 'Seed-Paula-2025!',
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
    ...(s.passwordWriteback === undefined ? {} : { passwordWriteback: s.passwordWriteback }),
    identities: upnIdentity(s.upn),
    lastPasswordChangeDateTime: s.lastPasswordChange,
    roles: s.roles ? [...s.roles] : [],
    password: s.password,
  };
}

/** How many fixed users every seed starts with. */
export const FIXED_USER_COUNT = FIXED_SPECS.length;

/** The fixed users, fresh copies. */
export function fixedUsers(): DemoUser[] {
  return FIXED_SPECS.map(fixedUser);
}
