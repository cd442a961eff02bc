// After an LDAP reset: will the directory really make the user change the temporary password at next sign-in?
// The extension claims it only when the directory itself says so, read back on the connection that did the
// reset (as the service account), per server:
//   OpenLDAP          pwdReset: TRUE on the user AND pwdMustChange: TRUE in the policy that applies to the user
//                     (its pwdPolicySubentry, else the overlay's default: "passwordPolicyDn" or cn=config if the
//                     service account may read it). Without pwdMustChange OpenLDAP stores pwdReset and enforces
//                     nothing.
//   389 DS            pwdReset: TRUE or passwordExpirationTime 19700101000000Z, which 389 DS sets on its own only
//                     when its policy forces the change (a client's own pwdReset is dropped there). 389 DS answers
//                     the write a moment before it records this, so the read is repeated for a short while.
//   Active Directory  pwdLastSet = 0, without "password never expires" on the account (then AD forces nothing);
//                     where the server computes msDS-User-Account-Control-Computed, its "password expired" flag.
// Anything else (not readable, not recorded, a policy that does not force it) is "not confirmed", with why and
// what to configure. Reads only; never a bind as the user.
import * as l10n from '@vscode/l10n';
import { InsufficientAccessError, NoSuchObjectError, type Client, type Entry } from 'ldapts';
import type { MustChangeNote } from '../types';
import type { LdapFlavor } from './ldapConfig';
import { adMustChange, DS389_MUST_CHANGE_TIME, ds389MustChange, firstValue, UF_DONT_EXPIRE_PASSWD } from './ldapUser';

export interface MustChangeVerdict {
  readonly confirmed: boolean;
  /** Why not and what to configure, when not confirmed. */
  readonly note?: MustChangeNote;
  /** What was read, for the log: attribute names and values that are not secret. */
  readonly evidence: string;
}

export interface MustChangeCheckOptions {
  readonly flavor: LdapFlavor;
  readonly userDn: string;
  readonly bindDn: string;
  /** openldap: the overlay's default policy, from the settings. */
  readonly passwordPolicyDn?: string;
  /** The server's own name (root DSE vendorName) when it differs from the flavor, for the next step. */
  readonly detectedFlavor?: LdapFlavor;
  /** Keep reading for this long while the change is not recorded yet. Default 1500 ms. */
  readonly settleMs?: number;
  /** Between reads. Default 100 ms. */
  readonly intervalMs?: number;
}

/** Reads back what the directory recorded after a reset; never throws for a read it may not do. */
export async function checkMustChange(client: Client, o: MustChangeCheckOptions): Promise<MustChangeVerdict> {
  if (o.detectedFlavor && o.detectedFlavor !== o.flavor && o.detectedFlavor === '389ds') {
    // The write for another server's rules cannot have made 389 DS force anything; still read what it recorded.
    const v = await check389(client, o);
    if (v.confirmed) return v;
    return {
      ...v,
      note: {
        why: l10n.t(
          'This server is 389 Directory Server, but the directory is set up as "{0}": 389 DS ignores the pwdReset the extension wrote and did not mark the password as one that must be changed.',
          o.flavor,
        ),
        nextStep: l10n.t(
          'Set "flavor": "389ds" for this directory (the reset then uses the Password Modify operation, after which 389 DS forces the change when passwordMustChange is on).',
        ),
      },
    };
  }
  switch (o.flavor) {
    case '389ds':
      return check389(client, o);
    case 'activeDirectory':
      return checkActiveDirectory(client, o);
    default:
      return checkOpenLdap(client, o);
  }
}

async function checkOpenLdap(client: Client, o: MustChangeCheckOptions): Promise<MustChangeVerdict> {
  const user = await settle(
    client,
    o,
    ['pwdReset', 'pwdPolicySubentry'],
    (e) => firstValue(e, 'pwdReset')?.toUpperCase() === 'TRUE',
  );
  if (!user.entry) return unreadable(o, user.error);
  const pwdReset = firstValue(user.entry, 'pwdReset');
  if (pwdReset?.toUpperCase() !== 'TRUE') {
    return {
      confirmed: false,
      evidence: `pwdReset=${pwdReset ?? 'absent'}`,
      note: {
        why: l10n.t(
          'After the reset the directory did not show pwdReset: TRUE on the account, so OpenLDAP will not ask for a new password at next sign-in.',
        ),
        nextStep: l10n.t(
          'Load the ppolicy overlay on this database and give {0} write access to pwdReset of the users (olcAccess: to attrs=userPassword,pwdReset by dn.exact="{0}" write).',
          o.bindDn,
        ),
      },
    };
  }
  return policyVerdict(client, o, firstValue(user.entry, 'pwdPolicySubentry'));
}

/**
 * openldap: whether the policy that applies to the user has pwdMustChange: TRUE. Also used by the profile page,
 * where pwdReset alone would overstate it.
 */
export async function policyVerdict(
  client: Client,
  o: MustChangeCheckOptions,
  subentry: string | undefined,
): Promise<MustChangeVerdict> {
  const source = subentry
    ? l10n.t({ message: 'the pwdPolicySubentry of the account', comment: ['inside "(from {1})"'] })
    : o.passwordPolicyDn
      ? l10n.t({ message: '"passwordPolicyDn" of the settings', comment: ['inside "(from {1})"'] })
      : l10n.t({ message: 'the ppolicy overlay in cn=config', comment: ['inside "(from {1})"'] });
  const policyDn = subentry ?? o.passwordPolicyDn ?? (await overlayDefaultPolicy(client));
  if (!policyDn) {
    return {
      confirmed: false,
      evidence: 'pwdReset=TRUE, policy unknown',
      note: {
        why: l10n.t(
          "OpenLDAP recorded the reset (pwdReset: TRUE), but the extension cannot tell which password policy applies to this account (it has no pwdPolicySubentry and the overlay's default is in cn=config), so it cannot confirm that the policy has pwdMustChange: TRUE. Without it OpenLDAP does not ask for a new password.",
        ),
        nextStep: l10n.t(
          'Set "passwordPolicyDn" of this directory to the overlay\'s default policy (olcPPolicyDefault, e.g. cn=default,ou=policies,...) and give {0} read access to it.',
          o.bindDn,
        ),
      },
    };
  }
  const read = await readEntry(client, policyDn, ['pwdMustChange']);
  if (!read.entry) {
    return {
      confirmed: false,
      evidence: `pwdReset=TRUE, policy ${policyDn} not readable`,
      note: {
        why: l10n.t(
          'OpenLDAP recorded the reset (pwdReset: TRUE), but the password policy {0} (from {1}) cannot be read by {2} (or does not exist), so the extension cannot confirm that it has pwdMustChange: TRUE.',
          policyDn,
          source,
          o.bindDn,
        ),
        nextStep: subentry
          ? l10n.t(
              'Give {0} read access to the password policy entries (olcAccess: to dn.subtree="<policies>" by dn.exact="{0}" read).',
              o.bindDn,
            )
          : l10n.t(
              'Give {0} read access to the password policy entries (olcAccess: to dn.subtree="<policies>" by dn.exact="{0}" read), and check "passwordPolicyDn".',
              o.bindDn,
            ),
      },
    };
  }
  const mustChange = firstValue(read.entry, 'pwdMustChange');
  if (mustChange?.toUpperCase() !== 'TRUE') {
    return {
      confirmed: false,
      evidence: `pwdReset=TRUE, ${policyDn} pwdMustChange=${mustChange ?? 'absent'}`,
      note: {
        why: l10n.t(
          'The password policy {0} does not have pwdMustChange: TRUE, so OpenLDAP records the reset but lets the user keep signing in with the temporary password.',
          policyDn,
        ),
        nextStep: l10n.t('Set pwdMustChange: TRUE in {0}; resets after that will force the change.', policyDn),
      },
    };
  }
  return { confirmed: true, evidence: `pwdReset=TRUE, ${policyDn} pwdMustChange=TRUE` };
}

async function check389(client: Client, o: MustChangeCheckOptions): Promise<MustChangeVerdict> {
  const forced = (e: Entry) => ds389MustChange(firstValue(e, 'pwdReset'), firstValue(e, 'passwordExpirationTime'));
  const user = await settle(client, o, ['pwdReset', 'passwordExpirationTime'], forced);
  if (!user.entry) return unreadable(o, user.error);
  const evidence = `pwdReset=${firstValue(user.entry, 'pwdReset') ?? 'absent'}, passwordExpirationTime=${firstValue(user.entry, 'passwordExpirationTime') ?? 'absent'}`;
  if (forced(user.entry)) return { confirmed: true, evidence };
  return {
    confirmed: false,
    evidence,
    note: {
      why: l10n.t(
        '389 Directory Server did not mark the new password as one that must be changed (no pwdReset: TRUE, no passwordExpirationTime {0}): its password policy does not force a change after a reset, or {1} may not read those attributes.',
        DS389_MUST_CHANGE_TIME,
        o.bindDn,
      ),
      nextStep: l10n.t(
        'Set passwordMustChange: on in cn=config (or in the password policy that applies to these users), and let {0} read pwdReset and passwordExpirationTime.',
        o.bindDn,
      ),
    },
  };
}

async function checkActiveDirectory(client: Client, o: MustChangeCheckOptions): Promise<MustChangeVerdict> {
  const attrs = ['pwdLastSet', 'userAccountControl', 'msDS-User-Account-Control-Computed'];
  const forced = (e: Entry) =>
    adMustChange(
      firstValue(e, 'pwdLastSet'),
      firstValue(e, 'userAccountControl'),
      firstValue(e, 'msDS-User-Account-Control-Computed'),
    );
  const user = await settle(client, o, attrs, forced);
  if (!user.entry) return unreadable(o, user.error);
  const [pwdLastSet, uac, computed] = attrs.map((a) => firstValue(user.entry!, a));
  const evidence = `pwdLastSet=${pwdLastSet ?? 'absent'}, userAccountControl=${uac ?? 'absent'}, computed=${computed ?? 'absent'}`;
  if (forced(user.entry)) return { confirmed: true, evidence };
  if (pwdLastSet === '0' && Number(uac) & UF_DONT_EXPIRE_PASSWD) {
    return {
      confirmed: false,
      evidence,
      note: {
        why: l10n.t(
          'The account has "Password never expires" set, so Active Directory does not make the user change the password at next sign-in even though pwdLastSet is 0.',
        ),
        nextStep: l10n.t(
          'Clear "Password never expires" on the account (Active Directory Users and Computers, Account tab), then reset again.',
        ),
      },
    };
  }
  return {
    confirmed: false,
    evidence,
    note: {
      why:
        pwdLastSet === '0'
          ? l10n.t(
              'Active Directory did not report the password as expired after the reset (msDS-User-Account-Control-Computed), so it will not ask for a new password.',
            )
          : l10n.t(
              'Active Directory did not record pwdLastSet = 0 after the reset, so it will not ask for a new password.',
            ),
      nextStep: l10n.t(
        'Give {0} read and write access to pwdLastSet of the users, and check that no policy on the account keeps its password from expiring.',
        o.bindDn,
      ),
    },
  };
}

function unreadable(o: MustChangeCheckOptions, error: ReadError | undefined): MustChangeVerdict {
  return {
    confirmed: false,
    evidence: `user entry ${error ?? 'not readable'}`,
    note: {
      why:
        error === 'missing'
          ? l10n.t(
              'The extension could not read the account back after the reset (the entry was not found), so it cannot confirm that the directory will ask for a new password.',
            )
          : l10n.t(
              'The extension could not read the account back after the reset ({0} may not read it), so it cannot confirm that the directory will ask for a new password.',
              o.bindDn,
            ),
      nextStep: l10n.t(
        "Give {0} read access to the users' entries, including the password-state attributes.",
        o.bindDn,
      ),
    },
  };
}

type ReadError = 'missing' | 'denied' | 'failed';

/** Reads the user until `done` says the change is recorded or settleMs passed; the last read wins. */
async function settle(
  client: Client,
  o: MustChangeCheckOptions,
  attributes: string[],
  done: (e: Entry) => boolean,
): Promise<{ entry?: Entry; error?: ReadError }> {
  const deadline = Date.now() + (o.settleMs ?? 1500);
  for (;;) {
    const read = await readEntry(client, o.userDn, attributes);
    if (!read.entry || done(read.entry) || Date.now() >= deadline) return read;
    await new Promise((r) => setTimeout(r, o.intervalMs ?? 100));
  }
}

async function readEntry(
  client: Client,
  dn: string,
  attributes: string[],
): Promise<{ entry?: Entry; error?: ReadError }> {
  try {
    const r = await client.search(dn, { scope: 'base', filter: '(objectClass=*)', attributes });
    return r.searchEntries[0] ? { entry: r.searchEntries[0] } : { error: 'denied' };
  } catch (e) {
    if (e instanceof NoSuchObjectError) return { error: 'missing' };
    if (e instanceof InsufficientAccessError) return { error: 'denied' };
    return { error: 'failed' };
  }
}

/** The ppolicy overlay's olcPPolicyDefault, when cn=config is readable and names exactly one. */
async function overlayDefaultPolicy(client: Client): Promise<string | undefined> {
  try {
    const r = await client.search('cn=config', {
      scope: 'sub',
      filter: '(objectClass=olcPPolicyConfig)',
      attributes: ['olcPPolicyDefault'],
    });
    const values = new Set(
      r.searchEntries.map((e) => firstValue(e, 'olcPPolicyDefault')).filter((v): v is string => !!v),
    );
    return values.size === 1 ? [...values][0] : undefined;
  } catch {
    return undefined;
  }
}
