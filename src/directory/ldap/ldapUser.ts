// LDAP entries (as ldapts returns them) to the extension's DirectoryUser, per flavor.
import type { Entry } from 'ldapts';
import type { DirectoryUser } from '../types';
import type { LdapFlavor } from './ldapConfig';

/** Attributes read for the tree (one page of users). */
export const LIST_ATTRIBUTES: Record<LdapFlavor, readonly string[]> = {
  openldap: [
    'cn',
    'displayName',
    'uid',
    'mail',
    'title',
    'departmentNumber',
    'ou',
    'pwdAccountLockedTime',
    'pwdPolicySubentry',
  ],
  // 389 DS: disabled = nsAccountLock; locked out after failed binds = accountUnlockTime (with passwordRetryCount).
  '389ds': [
    'cn',
    'displayName',
    'uid',
    'mail',
    'title',
    'departmentNumber',
    'ou',
    'nsAccountLock',
    'passwordRetryCount',
    'accountUnlockTime',
  ],
  activeDirectory: [
    'cn',
    'displayName',
    'sAMAccountName',
    'userPrincipalName',
    'mail',
    'title',
    'department',
    'userAccountControl',
    // Locked out (see ldapAccountState.ts): the DC's computed flag, else lockoutTime.
    'lockoutTime',
    'msDS-User-Account-Control-Computed',
  ],
};

/** Attributes read for the profile page: the list's plus the password's state. */
export const PROFILE_ATTRIBUTES: Record<LdapFlavor, readonly string[]> = {
  openldap: [...LIST_ATTRIBUTES.openldap, 'pwdChangedTime', 'pwdReset', 'pwdPolicySubentry'],
  // 389 DS keeps no pwdChangedTime; it marks a forced change with pwdReset and passwordExpirationTime 19700101000000Z.
  '389ds': [...LIST_ATTRIBUTES['389ds'], 'pwdReset', 'passwordExpirationTime'],
  activeDirectory: [...LIST_ATTRIBUTES.activeDirectory, 'pwdLastSet'],
};

/** userAccountControl: ACCOUNTDISABLE. */
const UF_ACCOUNTDISABLE = 0x2;
/** userAccountControl: "password never expires" (then pwdLastSet = 0 forces nothing). */
export const UF_DONT_EXPIRE_PASSWD = 0x10000;
/** msDS-User-Account-Control-Computed: the password has expired (must be changed before the account can be used). */
export const UF_PASSWORD_EXPIRED = 0x800000;
/** 389 DS: passwordExpirationTime set by a reset that forces a change. */
export const DS389_MUST_CHANGE_TIME = '19700101000000Z';

/** The first value of an attribute, looked up case-insensitively (servers may answer "displayname"). */
export function firstValue(entry: Entry, name: string): string | undefined {
  const lower = name.toLowerCase();
  const key = Object.keys(entry).find((k) => k.toLowerCase() === lower);
  if (key === undefined) return undefined;
  const raw = entry[key];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined) return undefined;
  const text = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  return text === '' ? undefined : text;
}

export interface MapOptions {
  readonly flavor: LdapFlavor;
  /** Set on users whose password must not be reset here (the service account itself). */
  readonly refusalFor?: (dn: string) => string | undefined;
  /**
   * openldap: pwdReset: TRUE forces a change only under a policy with pwdMustChange: TRUE. The provider passes
   * false when it read that the policy does not say so (or could not read it); the entry alone cannot tell.
   */
  readonly policyForcesChange?: boolean;
  /** Disabled and locked out as ldapAccountState.ts reads them; without it, the attributes' presence decides. */
  readonly accountState?: (
    entry: Entry,
  ) => { readonly accountEnabled?: boolean; readonly locked?: boolean } | undefined;
}

export function entryToUser(entry: Entry, options: MapOptions): DirectoryUser {
  const dn = entry.dn;
  const get = (name: string) => firstValue(entry, name);
  const refusal = options.refusalFor?.(dn);
  const state = options.accountState?.(entry);
  // What every flavor keeps in the same attributes.
  const common = { id: dn, mail: get('mail'), jobTitle: get('title'), source: 'cloud' as const, resetRefusal: refusal };
  if (options.flavor === 'activeDirectory') {
    const uac = Number(get('userAccountControl'));
    const pwdLastSet = get('pwdLastSet');
    return {
      ...common,
      displayName: get('displayName') ?? get('cn') ?? get('sAMAccountName') ?? dn,
      signInName: get('userPrincipalName') ?? get('sAMAccountName') ?? '',
      department: get('department'),
      accountEnabled: state ? state.accountEnabled : Number.isFinite(uac) ? (uac & UF_ACCOUNTDISABLE) === 0 : undefined,
      lastPasswordChangeDateTime: fileTimeToIso(pwdLastSet),
      mustChangePassword:
        adMustChange(get('pwdLastSet'), get('userAccountControl'), get('msDS-User-Account-Control-Computed')) ||
        undefined,
      // ldapAccountState.ts also weighs the domain's lockout duration; without it, lockoutTime alone decides.
      locked: state ? state.locked : get('lockoutTime') === undefined ? undefined : get('lockoutTime') !== '0',
    };
  }
  const pwdReset = get('pwdReset');
  // OpenLDAP and 389 DS: inetOrgPerson.
  const person = {
    ...common,
    displayName: get('displayName') ?? get('cn') ?? get('uid') ?? dn,
    signInName: get('uid') ?? get('mail') ?? '',
    department: get('departmentNumber') ?? get('ou'),
  };
  if (options.flavor === '389ds') {
    const unlock = get('accountUnlockTime');
    // Locked after too many failed binds: accountUnlockTime in the future (19700101000000Z: until unlocked).
    const lockedOut =
      unlock === undefined
        ? false
        : unlock === DS389_MUST_CHANGE_TIME || (Date.parse(generalizedTimeToIso(unlock) ?? '') || 0) > Date.now();
    return {
      ...person,
      accountEnabled: get('nsAccountLock')?.toLowerCase() !== 'true',
      locked: lockedOut,
      // No pwdChangedTime in 389 DS: the provider says "not reported" (capabilities), never "Never".
      lastPasswordChangeDateTime: undefined,
      mustChangePassword: ds389MustChange(pwdReset, get('passwordExpirationTime')) || undefined,
    };
  }
  return {
    ...person,
    // ppolicy: pwdAccountLockedTime present = locked (000001010000Z = locked by an administrator until unlocked).
    accountEnabled: state ? state.accountEnabled : get('pwdAccountLockedTime') === undefined,
    locked: state?.locked,
    lastPasswordChangeDateTime: generalizedTimeToIso(get('pwdChangedTime')),
    mustChangePassword: (pwdReset?.toUpperCase() === 'TRUE' && options.policyForcesChange !== false) || undefined,
  };
}

/** 389 DS records a forced change as pwdReset: TRUE (operational) or passwordExpirationTime 19700101000000Z. */
export function ds389MustChange(pwdReset: string | undefined, expiration: string | undefined): boolean {
  return pwdReset?.toUpperCase() === 'TRUE' || expiration === DS389_MUST_CHANGE_TIME;
}

/**
 * Active Directory forces a change when pwdLastSet is 0, unless "password never expires" is set on the account;
 * where the server computes it (msDS-User-Account-Control-Computed), its "password expired" flag has the last word.
 */
export function adMustChange(
  pwdLastSet: string | undefined,
  uac: string | undefined,
  computed: string | undefined,
): boolean {
  if (pwdLastSet !== '0') return false;
  const flags = Number(uac);
  if (Number.isFinite(flags) && flags & UF_DONT_EXPIRE_PASSWD) return false;
  const c = computed === undefined ? NaN : Number(computed);
  return Number.isFinite(c) ? (c & UF_PASSWORD_EXPIRED) !== 0 : true;
}

/** LDAP GeneralizedTime (20240131120000Z, 20240131120000.5Z, 20240131120000+0100) to ISO 8601. */
export function generalizedTimeToIso(value: string | undefined): string | undefined {
  const m = value && /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,](\d+))?(Z|[+-]\d{2}(?:\d{2})?)$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi = '00', s = '00', frac, zone] = m;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  let t = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms);
  if (zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    t -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5) || 0)) * 60_000;
  }
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** Windows FILETIME (100 ns since 1601-01-01 UTC) to ISO 8601; 0 (must change) and "never" give undefined. */
export function fileTimeToIso(value: string | undefined): string | undefined {
  if (!value || !/^\d+$/.test(value) || value === '0') return undefined;
  const ticks = BigInt(value);
  if (ticks >= 0x7fffffffffffffffn) return undefined;
  const ms = Number(ticks / 10_000n) - 11_644_473_600_000;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
