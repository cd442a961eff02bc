// 389 Directory Server (and which LDAP server this is at all).
//
// The reset: the Password Modify extended operation (RFC 3062), sent by the least-privilege service account
// over TLS or StartTLS. 389 DS then applies its password syntax checks and, with passwordMustChange on, marks
// the password as one that must be changed (pwdReset: TRUE, passwordExpirationTime 19700101000000Z). A plain
// modify of userPassword by the same account does neither mark (it drops a client's pwdReset), and a
// passwordAdminDN would skip the syntax checks; over plain ldap:// 389 DS refuses the operation
// ("Operation requires a secure connection").
//
// Detection: the root DSE says which server answers (389 DS: vendorName "389 Project"; OpenLDAP: objectClass
// OpenLDAProotDSE; Active Directory and Samba: the LDAP_CAP_ACTIVE_DIRECTORY capability), so a "flavor" that
// does not match gets a warning at sign-in, and the reset's check can name the right setting.
import * as l10n from '@vscode/l10n';
import { BerWriter, type Client, type Control } from 'ldapts';
import { displayText } from '../displayText';
import { DirectoryError } from '../errors';
import { FLAVOR_LABELS, type LdapFlavor } from './ldapConfig';
import { ldapResultCode, LdapResult } from './ldapErrors';
import { firstValue } from './ldapUser';

export const PASSWORD_MODIFY_OID = '1.3.6.1.4.1.4203.1.11.1';
/** Netscape/389 DS response control on a bind whose password must be changed ("password expired"). */
export const PASSWORD_EXPIRED_CONTROL_OID = '2.16.840.1.113730.3.4.4';
const AD_CAPABILITY_OID = '1.2.840.113556.1.4.800';

/**
 * PasswdModifyRequestValue ::= SEQUENCE { userIdentity [0] OCTET STRING OPTIONAL,
 *   oldPasswd [1] OCTET STRING OPTIONAL, newPasswd [2] OCTET STRING OPTIONAL }
 */
export function encodePasswordModifyRequest(userDn: string, newPassword: string): Buffer {
  const w = new BerWriter();
  w.startSequence(0x30);
  w.writeBuffer(Buffer.from(userDn, 'utf8'), 0x80);
  w.writeBuffer(Buffer.from(newPassword, 'utf8'), 0x82);
  w.endSequence();
  return w.buffer;
}

/** Sets the password with the Password Modify extended operation; throws ldapts' errors as they come. */
export async function passwordModify(
  client: Client,
  userDn: string,
  newPassword: string,
  controls?: Control[],
): Promise<void> {
  await client.exop(PASSWORD_MODIFY_OID, encodePasswordModifyRequest(userDn, newPassword), controls);
}

export interface ServerInfo {
  /** The server kind the root DSE names, if it names one. */
  readonly flavor?: LdapFlavor;
  /** vendorName and vendorVersion, for the log. */
  readonly vendor?: string;
  readonly supportsPasswordModify: boolean;
}

/** Reads the root DSE (allowed to every bound account, also one that must change its password). */
export async function readServerInfo(client: Client): Promise<ServerInfo> {
  const r = await client.search('', {
    scope: 'base',
    filter: '(objectClass=*)',
    attributes: ['vendorName', 'vendorVersion', 'objectClass', 'supportedCapabilities', 'supportedExtension'],
  });
  const entry = r.searchEntries[0];
  if (!entry) return { supportsPasswordModify: false };
  const all = (name: string): string[] => {
    const key = Object.keys(entry).find((k) => k.toLowerCase() === name.toLowerCase());
    const raw = key === undefined ? [] : entry[key];
    return (Array.isArray(raw) ? raw : [raw]).map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v)));
  };
  const vendorName = firstValue(entry, 'vendorName');
  const vendor = [vendorName, firstValue(entry, 'vendorVersion')].filter(Boolean).join(' ') || undefined;
  let flavor: LdapFlavor | undefined;
  if (vendorName && /389 Project/i.test(vendorName)) flavor = '389ds';
  else if (all('supportedCapabilities').includes(AD_CAPABILITY_OID)) flavor = 'activeDirectory';
  else if (all('objectClass').some((c) => c.toLowerCase() === 'openldaprootdse')) flavor = 'openldap';
  return { flavor, vendor, supportsPasswordModify: all('supportedExtension').includes(PASSWORD_MODIFY_OID) };
}

/** The sign-in warning when the settings name another server than the one that answers; undefined when they agree. */
export function flavorMismatchWarning(
  directoryName: string,
  configured: LdapFlavor,
  info: ServerInfo,
): string | undefined {
  if (!info.flavor || info.flavor === configured) return undefined;
  const vendor = info.vendor ? ` (${displayText(info.vendor, 120)})` : '';
  const consequence =
    info.flavor === '389ds'
      ? ' ' + l10n.t('With another flavor, 389 DS ignores the "must change at next sign-in" mark the extension writes.')
      : '';
  return l10n.t({
    message:
      '{0} is set up as {1} ("flavor": "{2}"), but the server says it is {3}{4}.{5} Set "flavor": "{6}" in the directory\'s settings.',
    args: [
      directoryName,
      FLAVOR_LABELS[configured],
      configured,
      FLAVOR_LABELS[info.flavor],
      vendor,
      consequence,
      info.flavor,
    ],
    comment: [
      '{1}, {3}: server products; {2}, {6}: setting values; {4}: " (vendor name and version)" or empty; {5}: a sentence with a leading space, or empty',
    ],
  });
}

/**
 * 389 DS specifics of a failed Password Modify: the TLS requirement and the access rights (ACIs) it needs, in its
 * own terms; everything else stays as the shared mapping said it.
 */
export function explain389ResetError(
  e: unknown,
  mapped: DirectoryError,
  ctx: { directoryName: string; bindDn: string; userName: string },
): DirectoryError {
  const code = ldapResultCode(e);
  if (code === LdapResult.confidentialityRequired || code === LdapResult.strongerAuthRequired) {
    return new DirectoryError(
      'configuration',
      l10n.t(
        '{0} (389 Directory Server) sets passwords only over an encrypted connection, and this connection is not encrypted. Nothing was changed.',
        ctx.directoryName,
      ),
      l10n.t('Use an ldaps:// URL (usually port 636), or set "startTls": true for ldap://.'),
      mapped.details,
    );
  }
  if (code === LdapResult.insufficientAccessRights) {
    return new DirectoryError(
      'forbidden',
      l10n.t(
        'The service account {0} may not change the password of {1} (insufficient access). Nothing was changed.',
        ctx.bindDn,
        ctx.userName,
      ),
      l10n.t(
        'Give {0} an ACI that allows "write" on userPassword of these users, e.g. aci: (targetattr="userPassword")(version 3.0; acl "helpdesk resets"; allow (write) (userdn="ldap:///{0}");). Do not make it a passwordAdminDN: that skips the password syntax checks.',
        ctx.bindDn,
      ),
      mapped.details,
    );
  }
  return mapped;
}
