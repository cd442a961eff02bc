// The password policy control (draft-behera-ldap-password-policy, OID 1.3.6.1.4.1.42.2.27.8.5.1) that OpenLDAP's
// ppolicy overlay answers. Sent with a bind or a modify, it makes the server say WHY: on a bind after a reset the
// result is success and only this control says "changeAfterReset"; on a rejected password it names the rule
// (passwordTooShort, insufficientPasswordQuality, passwordInHistory...).
//
// ldapts exposes no response controls, but its ControlParser hands a response control whose OID it does not know
// to the request control instance with that OID (control.parse()): so the instance sent is the one that holds
// the server's answer afterwards, also when the operation throws.
import * as l10n from '@vscode/l10n';
import { Control, type BerReader } from 'ldapts';

export const PASSWORD_POLICY_OID = '1.3.6.1.4.1.42.2.27.8.5.1';

/** The error enumeration of the response, in order (value = index). */
export const PASSWORD_POLICY_ERRORS = [
  'passwordExpired',
  'accountLocked',
  'changeAfterReset',
  'passwordModNotAllowed',
  'mustSupplyOldPassword',
  'insufficientPasswordQuality',
  'passwordTooShort',
  'passwordTooYoung',
  'passwordInHistory',
] as const;

export type PasswordPolicyErrorName = (typeof PASSWORD_POLICY_ERRORS)[number];

export interface PasswordPolicyResponse {
  /** Seconds until the password expires (a warning on a successful bind). */
  readonly timeBeforeExpiration?: number;
  /** Binds left with an expired password. */
  readonly graceAuthNsRemaining?: number;
  readonly error?: number;
  readonly errorName?: PasswordPolicyErrorName;
}

/**
 * Plain words for each policy error, as a sentence fragment (after "but", or in parentheses). A function, with each
 * message written inline, so the words are looked up in the language configured when they are shown.
 */
export function passwordPolicyErrorWords(name: PasswordPolicyErrorName): string {
  switch (name) {
    case 'passwordExpired':
      return l10n.t({
        message: 'the password has expired',
        comment: ['a password policy error, inside a sentence: after "but" or in parentheses'],
      });
    case 'accountLocked':
      return l10n.t({
        message: 'the account is locked',
        comment: ['a password policy error, inside a sentence: after "but" or in parentheses'],
      });
    case 'changeAfterReset':
      return l10n.t({
        message: 'the password was reset and must be changed before anything else',
        comment: ['a password policy error, inside a sentence: after "but" or in parentheses'],
      });
    case 'passwordModNotAllowed':
      return l10n.t({
        message: 'the password may not be changed',
        comment: ['a password policy error, inside a sentence: after "but" or in parentheses'],
      });
    case 'mustSupplyOldPassword':
      return l10n.t({
        message: 'the old password must be given',
        comment: ['a password policy error, inside a sentence: after "but" or in parentheses'],
      });
    case 'insufficientPasswordQuality':
      return l10n.t({
        message: 'the password does not meet the quality rules',
        comment: ['a password policy error, inside a sentence: after "but" or in parentheses'],
      });
    case 'passwordTooShort':
      return l10n.t({
        message: 'the password is shorter than the policy allows',
        comment: ['a password policy error, inside a sentence: after "but" or in parentheses'],
      });
    case 'passwordTooYoung':
      return l10n.t({
        message: 'the password was changed too recently',
        comment: ['a password policy error, inside a sentence: after "but" or in parentheses'],
      });
    case 'passwordInHistory':
      return l10n.t({
        message: 'the password was used before',
        comment: ['a password policy error, inside a sentence: after "but" or in parentheses'],
      });
  }
}

export class PasswordPolicyControl extends Control {
  static readonly type = PASSWORD_POLICY_OID;
  /** The server's answer, once an operation that carried this control has completed (undefined if none). */
  response: PasswordPolicyResponse | undefined;

  constructor() {
    // The request carries no value (Control.writeControl writes none); non-critical, so servers without
    // ppolicy simply ignore it.
    super(PASSWORD_POLICY_OID);
  }

  override parseControl(reader: BerReader): void {
    this.response = parsePasswordPolicyResponse(reader.buffer);
  }
}

/**
 * Parses the response value:
 * SEQUENCE { warning [0] CHOICE { timeBeforeExpiration [0] INTEGER, graceAuthNsRemaining [1] INTEGER } OPTIONAL,
 *            error [1] ENUMERATED OPTIONAL }
 * Unknown or malformed parts are ignored; an empty value gives {}.
 */
export function parsePasswordPolicyResponse(value: Buffer | undefined): PasswordPolicyResponse {
  const out: { -readonly [K in keyof PasswordPolicyResponse]: PasswordPolicyResponse[K] } = {};
  if (!value || value.length === 0) return out;
  const seq = readTlv(value, 0);
  if (!seq || seq.tag !== 0x30) return out;
  for (let pos = seq.start; pos < seq.end;) {
    const item = readTlv(value, pos);
    if (!item || item.end > seq.end) break;
    if (item.tag === 0xa0) {
      const choice = readTlv(value, item.start);
      if (choice && choice.end <= item.end) {
        const n = readUnsigned(value.subarray(choice.start, choice.end));
        if (choice.tag === 0x80) out.timeBeforeExpiration = n;
        if (choice.tag === 0x81) out.graceAuthNsRemaining = n;
      }
    } else if (item.tag === 0x81) {
      const n = readUnsigned(value.subarray(item.start, item.end));
      out.error = n;
      out.errorName = PASSWORD_POLICY_ERRORS[n];
    }
    pos = item.end;
  }
  return out;
}

/** One BER TLV at `pos`: its tag, where its content starts and ends. Definite lengths only (as LDAP requires). */
function readTlv(buf: Buffer, pos: number): { tag: number; start: number; end: number } | undefined {
  if (pos + 2 > buf.length) return undefined;
  const tag = buf[pos];
  let len = buf[pos + 1];
  let start = pos + 2;
  if (len & 0x80) {
    const octets = len & 0x7f;
    if (octets === 0 || octets > 4 || start + octets > buf.length) return undefined;
    len = 0;
    for (let i = 0; i < octets; i++) len = len * 256 + buf[start + i];
    start += octets;
  }
  const end = start + len;
  return end <= buf.length ? { tag, start, end } : undefined;
}

function readUnsigned(bytes: Buffer): number {
  return bytes.reduce((n, b) => n * 256 + b, 0);
}
