// Whether an LDAP account is disabled or locked out, per server, and the one modify that changes it:
//
//   OpenLDAP (ppolicy)  disabled  = pwdAccountLockedTime: 000001010000Z, the administrative lock ("locked until an
//                                   administrator removes it"); slapd enforces it only where the user's password
//                                   policy has pwdLockout: TRUE.
//                       locked    = pwdAccountLockedTime holding any other time (set by slapd after pwdMaxFailure
//                                   failed binds), while pwdLockoutDuration (0 = until unlocked) has not run out.
//                                   slapd leaves the attribute in place after the duration until the next good bind.
//                       unlock    = delete that time and pwdFailureTime (which only "manage" access with the Relax
//                                   Rules control may change); the administrative lock is never touched by it.
//   Active Directory    disabled  = userAccountControl bit 2 (ACCOUNTDISABLE), changed as a compare-and-swap (delete
//                                   the value read, add the new one) so every other bit stays as it was.
//                       locked    = msDS-User-Account-Control-Computed bit 0x10 (UF_LOCKOUT), which the DC computes
//                                   with the domain's lockout duration; where it is absent, lockoutTime > 0 (which
//                                   stays set after the duration ran out, until the next sign-in).
//                       unlock    = lockoutTime: 0.
//   389 DS              disabled  = nsAccountLock: true (read only; changes are not offered).
import { Attribute, Change, Control, type Client, type Entry } from 'ldapts';
import { firstValue, generalizedTimeToIso } from './ldapUser';

/** ppolicy's administrative lock: "locked until an administrator removes it". */
export const ADMIN_LOCK = '000001010000Z';
/** userAccountControl: ACCOUNTDISABLE. */
export const UF_ACCOUNTDISABLE = 0x2;
/** msDS-User-Account-Control-Computed: locked out, with the domain's lockout duration applied. */
export const UF_LOCKOUT = 0x10;
/** OpenLDAP's Relax Rules control: lets "manage" access change pwdFailureTime (NO-USER-MODIFICATION). */
export const RELAX_RULES_OID = '1.3.6.1.4.1.4203.666.5.12';

export class RelaxRulesControl extends Control {
  constructor() {
    super(RELAX_RULES_OID, { critical: true });
  }
}

/** The attributes each flavor's actions read before the modify. */
export const STATE_ATTRIBUTES = {
  openldap: ['pwdAccountLockedTime', 'pwdFailureTime', 'pwdPolicySubentry'],
  activeDirectory: ['userAccountControl', 'lockoutTime', 'msDS-User-Account-Control-Computed'],
} as const;

/** What the ppolicy that applies to a user says about locking (undefined fields: not readable). */
export interface LockoutPolicy {
  readonly dn: string;
  /** pwdLockout: TRUE; without it slapd ignores pwdAccountLockedTime, the administrative lock included. */
  readonly lockout?: boolean;
  /** pwdLockoutDuration in seconds; 0: until an administrator unlocks. */
  readonly durationSeconds?: number;
}

/** The policies read so far, by DN, so the tree can tell an expired lockout without a read per user. */
export class LockoutPolicies {
  private readonly known = new Map<string, LockoutPolicy>();

  constructor(private readonly defaultPolicyDn: string | undefined) {}

  /** The policy DN that applies to an entry: its pwdPolicySubentry, else the configured default. */
  dnFor(entry: Entry): string | undefined {
    return firstValue(entry, 'pwdPolicySubentry') ?? this.defaultPolicyDn;
  }

  /** What is known already (no read). */
  cached(entry: Entry): LockoutPolicy | undefined {
    const dn = this.dnFor(entry);
    return dn ? this.known.get(dn.toLowerCase()) : undefined;
  }

  /** Reads the policy of `entry` (and remembers it); undefined when no policy DN is known or it cannot be read. */
  async read(client: Client, entry: Entry): Promise<LockoutPolicy | undefined> {
    const dn = this.dnFor(entry);
    if (!dn) return undefined;
    try {
      const r = await client.search(dn, {
        scope: 'base',
        filter: '(objectClass=*)',
        attributes: ['pwdLockout', 'pwdLockoutDuration'],
      });
      const e = r.searchEntries[0];
      if (!e) return undefined;
      const duration = Number(firstValue(e, 'pwdLockoutDuration') ?? '0');
      const policy: LockoutPolicy = {
        dn,
        // RFC draft and slapd: pwdLockout defaults to FALSE.
        lockout: firstValue(e, 'pwdLockout')?.toUpperCase() === 'TRUE',
        durationSeconds: Number.isFinite(duration) && duration >= 0 ? duration : undefined,
      };
      this.known.set(dn.toLowerCase(), policy);
      return policy;
    } catch {
      return undefined; // not readable by the service account: the state stays "unknown duration"
    }
  }
}

/** OpenLDAP: the account state from pwdAccountLockedTime and (when known) the policy's lockout duration. */
export function openLdapState(entry: Entry, policy: LockoutPolicy | undefined, now = Date.now()) {
  const lockedTime = firstValue(entry, 'pwdAccountLockedTime');
  const accountEnabled = lockedTime !== ADMIN_LOCK;
  if (lockedTime === undefined || lockedTime === ADMIN_LOCK) return { accountEnabled, locked: false };
  const duration = policy?.durationSeconds;
  // Unknown duration, or 0 (until unlocked): a lockout time means locked; Unlock is harmless if it had run out.
  if (!duration) return { accountEnabled, locked: true };
  const since = Date.parse(generalizedTimeToIso(lockedTime) ?? '');
  return { accountEnabled, locked: Number.isNaN(since) || since + duration * 1000 > now };
}

/** Active Directory: locked from the computed flag where the DC sends it, else lockoutTime > 0. */
export function adLocked(entry: Entry): boolean {
  const computed = Number(firstValue(entry, 'msDS-User-Account-Control-Computed'));
  if (Number.isFinite(computed)) return (computed & UF_LOCKOUT) !== 0;
  const lockoutTime = firstValue(entry, 'lockoutTime');
  return lockoutTime !== undefined && /^\d+$/.test(lockoutTime) && BigInt(lockoutTime) > 0n;
}

/** userAccountControl with ACCOUNTDISABLE set (disable) or cleared (enable), every other bit kept. */
export function withAccountDisabled(uac: number, disabled: boolean): number {
  return disabled ? uac | UF_ACCOUNTDISABLE : uac & ~UF_ACCOUNTDISABLE;
}

function change(operation: 'add' | 'delete' | 'replace', type: string, values: string[]): Change {
  return new Change({ operation, modification: new Attribute({ type, values }) });
}

/** OpenLDAP disable: the administrative lock (replacing a lockout time, which it outlasts anyway). */
export function openLdapDisableChanges(): Change[] {
  return [change('replace', 'pwdAccountLockedTime', [ADMIN_LOCK])];
}

/** OpenLDAP enable: remove exactly the administrative lock (a lockout set meanwhile makes the modify fail). */
export function openLdapEnableChanges(): Change[] {
  return [change('delete', 'pwdAccountLockedTime', [ADMIN_LOCK])];
}

/**
 * OpenLDAP unlock: delete the lockout time read (by value: if it changed meanwhile, e.g. into the administrative
 * lock, the modify fails and nothing changes) and every failure time. Undefined when there is nothing to clear.
 */
export function openLdapUnlockChanges(entry: Entry): Change[] | undefined {
  const lockedTime = firstValue(entry, 'pwdAccountLockedTime');
  if (lockedTime === ADMIN_LOCK) throw new Error('the administrative lock is not a lockout');
  const changes: Change[] = [];
  if (lockedTime !== undefined) changes.push(change('delete', 'pwdAccountLockedTime', [lockedTime]));
  if (firstValue(entry, 'pwdFailureTime') !== undefined) changes.push(change('delete', 'pwdFailureTime', []));
  return changes.length ? changes : undefined;
}

/** AD enable/disable as a compare-and-swap of userAccountControl: fails (16) if it changed since it was read. */
export function adEnableChanges(uac: number, enabled: boolean): Change[] {
  return [
    change('delete', 'userAccountControl', [String(uac)]),
    change('add', 'userAccountControl', [String(withAccountDisabled(uac, !enabled))]),
  ];
}

/** AD unlock. */
export function adUnlockChanges(): Change[] {
  return [change('replace', 'lockoutTime', ['0'])];
}
