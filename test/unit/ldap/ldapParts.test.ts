// The LDAP provider's pure parts, without a server: filter escaping (RFC 4515), DN comparison (RFC 4514), the
// ppolicy response control, error mapping, and entry mapping.
import * as assert from 'node:assert/strict';
import {
  ConstraintViolationError,
  FilterParser,
  InsufficientAccessError,
  InvalidCredentialsError,
  NoSuchObjectError,
  UnwillingToPerformError,
} from 'ldapts';
import { DirectoryError } from '../../../src/directory/errors';
import { isUnderDn, parseDn, sameDn } from '../../../src/directory/ldap/ldapDn';
import {
  activeDirectoryDataCode,
  diagnosticText,
  mapLdapError,
  type LdapErrorContext,
} from '../../../src/directory/ldap/ldapErrors';
import {
  buildListFilter,
  buildSearchFilter,
  escapeFilterValue,
  toLdaptsFilter,
} from '../../../src/directory/ldap/ldapFilter';
import { LdapProvider } from '../../../src/directory/ldap/ldapProvider';
import { adMustChange, entryToUser, fileTimeToIso, generalizedTimeToIso } from '../../../src/directory/ldap/ldapUser';
import { encodePasswordModifyRequest, flavorMismatchWarning } from '../../../src/directory/ldap/ds389';
import { parseDirectoryConfig } from '../../../src/directory/config';
import { parsePasswordPolicyResponse, PasswordPolicyControl } from '../../../src/directory/ldap/passwordPolicyControl';
import { silentLogger } from '../../../src/directory/types';

describe('LDAP filters (RFC 4515)', () => {
  it('escapes * ( ) \\ and NUL, and other control characters', () => {
    assert.equal(escapeFilterValue('a*b(c)d\\e\u0000f'), 'a\\2ab\\28c\\29d\\5ce\\00f');
    assert.equal(escapeFilterValue('tab\there\u007f'), 'tab\\09here\\7f');
  });

  it('leaves non-ASCII as UTF-8 characters (ldapts reads each \\XX as one character)', () => {
    assert.equal(escapeFilterValue('Zoë Ångström 李小龙 😀'), 'Zoë Ångström 李小龙 😀');
    const parsed = FilterParser.parseString(`(cn=${escapeFilterValue('Zoë*')}*)`) as unknown as { initial: string };
    assert.equal(parsed.initial, 'Zoë*', 'the star arrives as a literal star');
  });

  it("builds a prefix match over the flavor's attributes", () => {
    assert.equal(
      buildSearchFilter('openldap', ' O*Brien '),
      '(|(cn=O\\2aBrien*)(uid=O\\2aBrien*)(mail=O\\2aBrien*)(sn=O\\2aBrien*)(givenName=O\\2aBrien*))',
    );
    assert.equal(
      buildSearchFilter('activeDirectory', 'jo'),
      '(|(displayName=jo*)(sAMAccountName=jo*)(userPrincipalName=jo*)(mail=jo*)(givenName=jo*)(sn=jo*))',
    );
    assert.equal(buildSearchFilter('openldap', '  '), undefined);
  });

  it('ANDs the user filter with the search, and an injection attempt stays one value', () => {
    const f = buildListFilter('openldap', '(objectClass=inetOrgPerson)', ')(uid=*))(|(uid=*');
    assert.equal(
      f,
      '(&(objectClass=inetOrgPerson)(|(cn=\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a*)(uid=\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a*)(mail=\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a*)(sn=\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a*)(givenName=\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a*)))',
    );
    const parsed = FilterParser.parseString(f) as unknown as {
      filters: Array<{ filters?: Array<{ initial: string }> }>;
    };
    assert.equal(parsed.filters.length, 2);
    assert.equal(parsed.filters[1].filters![0].initial, ')(uid=*))(|(uid=*');
    assert.equal(buildListFilter('openldap', '(objectClass=inetOrgPerson)', undefined), '(objectClass=inetOrgPerson)');
  });

  it("turns UTF-8 escapes in an administrator's filter into characters ldapts sends right", () => {
    assert.equal(toLdaptsFilter('(cn=Jos\\c3\\a9*)'), '(cn=José*)');
    assert.equal(toLdaptsFilter('(cn=a\\2a\\28b)'), '(cn=a\\2a\\28b)', 'ASCII escapes stay');
    assert.equal(toLdaptsFilter('(cn=\\c3\\28)'), '(cn=\\c3\\28)', 'invalid UTF-8 stays as written');
    assert.equal(toLdaptsFilter('(cn=\\2a\\c3\\a9)'), '(cn=\\2aé)');
  });
});

describe('LDAP DNs (RFC 4514)', () => {
  it('compares case-insensitively, with spaces and escapes normalised', () => {
    assert.ok(sameDn('CN=Doe\\, Jane,OU=People,DC=example,DC=test', 'cn=doe\\2C jane, ou=people, dc=example, dc=test'));
    assert.ok(sameDn('uid=back\\5Cslash,ou=people,dc=x', 'uid=back\\\\slash,ou=people,dc=x'));
    assert.ok(sameDn('cn=Z\\C3\\B6e,dc=x', 'cn=zöe,dc=x'));
    assert.ok(!sameDn('uid=a,ou=people,dc=x', 'uid=b,ou=people,dc=x'));
    assert.ok(!sameDn('', ''));
  });

  it('knows what is under a base DN', () => {
    assert.ok(isUnderDn('uid=a,ou=People,dc=example,dc=test', 'ou=people,dc=example,dc=test'));
    assert.ok(isUnderDn('ou=people,dc=example,dc=test', 'ou=people,dc=example,dc=test'));
    assert.ok(!isUnderDn('uid=a,ou=system,dc=example,dc=test', 'ou=people,dc=example,dc=test'));
    assert.ok(
      !isUnderDn('uid=a\\,ou=people,dc=example,dc=test', 'ou=people,dc=example,dc=test'),
      'an escaped comma is not a separator',
    );
  });

  it('parses multi-valued RDNs in any order', () => {
    assert.ok(sameDn('cn=a+uid=b,dc=x', 'uid=b+cn=a,dc=x'));
    assert.equal(parseDn('cn=a+uid=b,dc=x').length, 2);
    assert.deepEqual(parseDn('not a dn'), []);
  });
});

describe('ppolicy response control', () => {
  it('reads the error (changeAfterReset, passwordTooShort) and warnings', () => {
    assert.deepEqual(parsePasswordPolicyResponse(Buffer.from([0x30, 0x03, 0x81, 0x01, 0x02])), {
      error: 2,
      errorName: 'changeAfterReset',
    });
    assert.deepEqual(parsePasswordPolicyResponse(Buffer.from([0x30, 0x03, 0x81, 0x01, 0x06])), {
      error: 6,
      errorName: 'passwordTooShort',
    });
    assert.deepEqual(parsePasswordPolicyResponse(Buffer.from([0x30, 0x06, 0xa0, 0x04, 0x80, 0x02, 0x0e, 0x0f])), {
      timeBeforeExpiration: 3599,
    });
    assert.deepEqual(
      parsePasswordPolicyResponse(Buffer.from([0x30, 0x08, 0xa0, 0x03, 0x81, 0x01, 0x02, 0x81, 0x01, 0x00])),
      {
        graceAuthNsRemaining: 2,
        error: 0,
        errorName: 'passwordExpired',
      },
    );
  });

  it('reads long-form lengths and ignores what it does not know or cannot parse', () => {
    assert.deepEqual(parsePasswordPolicyResponse(Buffer.from([0x30, 0x81, 0x03, 0x81, 0x01, 0x08])), {
      error: 8,
      errorName: 'passwordInHistory',
    });
    assert.deepEqual(parsePasswordPolicyResponse(Buffer.from([0x30, 0x03, 0x82, 0x01, 0x01])), {});
    assert.deepEqual(parsePasswordPolicyResponse(Buffer.from([0x30, 0x09, 0x81])), {});
    assert.deepEqual(parsePasswordPolicyResponse(Buffer.alloc(0)), {});
    assert.deepEqual(parsePasswordPolicyResponse(undefined), {});
  });

  it('is a non-critical request control with the ppolicy OID', () => {
    const c = new PasswordPolicyControl();
    assert.equal(c.type, '1.3.6.1.4.1.42.2.27.8.5.1');
    assert.equal(c.critical, false);
    assert.equal(c.response, undefined);
  });
});

describe('LDAP errors in plain words', () => {
  const ctx = (over: Partial<LdapErrorContext> = {}): LdapErrorContext => ({
    directoryName: 'Corp',
    flavor: 'openldap',
    operation: 'reset',
    url: 'ldaps://ldap.corp:636',
    bindDn: 'cn=svc,dc=corp',
    baseDn: 'ou=people,dc=corp',
    userName: 'Ann',
    requestSent: true,
    ...over,
  });

  it("reads the server's diagnostic and AD's data code", () => {
    assert.equal(
      diagnosticText(new ConstraintViolationError('Password fails quality checking policy')),
      'Password fails quality checking policy',
    );
    assert.equal(diagnosticText(new ConstraintViolationError('')), '');
    assert.equal(
      activeDirectoryDataCode(
        '80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 773, v1db1',
      ),
      '773',
    );
  });

  it('19 on a reset -> passwordRejected with the server text and the ppolicy rule', () => {
    const e = mapLdapError(
      new ConstraintViolationError('Password fails quality checking policy'),
      ctx({ policy: { error: 6, errorName: 'passwordTooShort' } }),
    );
    assert.equal(e.kind, 'passwordRejected');
    assert.equal(
      e.message,
      'The directory\'s password policy rejected the generated password for Ann (the password is shorter than the policy allows). The directory said: "Password fails quality checking policy". Nothing was changed.',
    );
    const ad = mapLdapError(
      new ConstraintViolationError(
        '0000052D: Constraint violation - check_password_restrictions: the password is too short. It should be equal or longer than 20 characters!',
      ),
      ctx({ flavor: 'activeDirectory' }),
    );
    assert.equal(ad.kind, 'passwordRejected');
    assert.match(ad.message, /domain password policy/);
    assert.match(ad.message, /too short\. It should be equal or longer than 20 characters!/);
  });

  it("49 on the service bind -> signInRequired, with AD's reason", () => {
    const e = mapLdapError(new InvalidCredentialsError(''), ctx({ operation: 'bind' }));
    assert.equal(e.kind, 'signInRequired');
    assert.equal(e.message, 'Corp did not accept the bind password of cn=svc,dc=corp.');
    const ad = mapLdapError(
      new InvalidCredentialsError(
        '80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 775, v4563',
      ),
      ctx({ operation: 'bind', flavor: 'activeDirectory' }),
    );
    assert.match(ad.message, /\(the account is locked out\)/);
  });

  it('50 -> forbidden naming the right to grant; 32 -> notFound; 53 on AD -> the encryption hint', () => {
    const f = mapLdapError(new InsufficientAccessError(''), ctx());
    assert.equal(f.kind, 'forbidden');
    assert.match(f.nextStep, /"write" is enough; "manage" would bypass the password policy/);
    assert.match(
      mapLdapError(new InsufficientAccessError(''), ctx({ flavor: 'activeDirectory' })).nextStep,
      /Reset password/,
    );
    assert.equal(mapLdapError(new NoSuchObjectError(''), ctx()).kind, 'notFound');
    assert.equal(mapLdapError(new NoSuchObjectError(''), ctx({ operation: 'search' })).kind, 'configuration');
    const u = mapLdapError(
      new UnwillingToPerformError('0000001F: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0'),
      ctx({ flavor: 'activeDirectory' }),
    );
    assert.match(u.message, /unwilling to perform/);
    assert.match(u.nextStep, /only over an encrypted connection/);
  });

  it('a dropped connection after the modify was sent -> outcomeUnknown; before -> unavailable', () => {
    const dropped = new Error(
      'Connection closed before message response was received. Message type: ModifyRequest (0x66)',
    );
    assert.equal(mapLdapError(dropped, ctx()).kind, 'outcomeUnknown');
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:636'), { code: 'ECONNREFUSED' });
    assert.equal(mapLdapError(refused, ctx({ operation: 'bind', requestSent: false })).kind, 'unavailable');
    const cert = Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    assert.equal(mapLdapError(cert, ctx({ operation: 'bind' })).kind, 'configuration');
  });

  it('keeps a DirectoryError as it is', () => {
    const d = new DirectoryError('cancelled', 'Cancelled.', '');
    assert.equal(mapLdapError(d, ctx()), d);
  });
});

describe('LDAP entries to users', () => {
  it('Active Directory: UPN, disabled bit, pwdLastSet as a date (0 = must change)', () => {
    const u = entryToUser(
      {
        dn: 'CN=Ann Lee,CN=Users,DC=corp',
        displayName: 'Ann Lee',
        sAMAccountName: 'ann',
        userPrincipalName: 'ann@corp.example',
        userAccountControl: '514',
        pwdLastSet: '133500000000000000',
      },
      { flavor: 'activeDirectory' },
    );
    assert.equal(u.signInName, 'ann@corp.example');
    assert.equal(u.accountEnabled, false);
    assert.equal(u.lastPasswordChangeDateTime, '2024-01-17T21:20:00.000Z');
    assert.equal(u.source, 'cloud');
    const mustChange = entryToUser(
      { dn: 'CN=b,DC=corp', sAMAccountName: 'b', userAccountControl: '512', pwdLastSet: '0' },
      { flavor: 'activeDirectory' },
    );
    assert.equal(mustChange.accountEnabled, true);
    assert.equal(mustChange.displayName, 'b');
    assert.equal(mustChange.signInName, 'b');
    assert.equal(mustChange.mustChangePassword, true);
    // Locked out after failed sign-ins: lockoutTime set and not 0; not read (a list page): not known.
    assert.equal(mustChange.locked, undefined);
    const lockedOut = (lockoutTime: string) =>
      entryToUser({ dn: 'CN=c,DC=corp', userAccountControl: '512', lockoutTime }, { flavor: 'activeDirectory' }).locked;
    assert.equal(lockedOut('133500000000000000'), true);
    assert.equal(lockedOut('0'), false);
  });

  it('OpenLDAP: attribute names in any case, uid or mail as sign-in name', () => {
    const u = entryToUser(
      { dn: 'uid=x,dc=t', CN: 'X Y', MAIL: 'x@t', pwdaccountlockedtime: '000001010000Z' },
      { flavor: 'openldap' },
    );
    assert.deepEqual([u.displayName, u.signInName, u.mail, u.accountEnabled], ['X Y', 'x@t', 'x@t', false]);
  });

  it('converts LDAP and Windows times', () => {
    assert.equal(generalizedTimeToIso('20240131120000Z'), '2024-01-31T12:00:00.000Z');
    assert.equal(generalizedTimeToIso('20240131120000.5Z'), '2024-01-31T12:00:00.500Z');
    assert.equal(generalizedTimeToIso('202401311200+0100'), '2024-01-31T11:00:00.000Z');
    assert.equal(generalizedTimeToIso('garbage'), undefined);
    assert.equal(fileTimeToIso('116444736000000000'), '1970-01-01T00:00:00.000Z');
    assert.equal(fileTimeToIso('0'), undefined);
    assert.equal(fileTimeToIso('9223372036854775807'), undefined);
  });
});

describe('LDAP provider without a server', () => {
  const provider = new LdapProvider({
    config: {
      name: 'Corp',
      provider: 'ldap',
      url: 'ldaps://127.0.0.1:1',
      startTls: false,
      flavor: 'activeDirectory',
      baseDn: 'CN=Users,DC=corp',
      bindDn: 'CN=svc,CN=Users,DC=corp',
      userFilter: '(objectClass=user)',
    },
    getBindPassword: async () => undefined,
    logger: silentLogger,
  });

  it('says Active Directory, that it can force a change at next sign-in, and that it confirms it after each reset', () => {
    assert.deepEqual(provider.capabilities, {
      kindLabel: 'Active Directory',
      forcesChangeAtNextSignIn: true,
      confirmsChangeAfterReset: true,
      accountLabel: 'Active Directory account',
      reportsLastPasswordChange: true,
      actions: ['enableAccount', 'disableAccount', 'unlockAccount'],
    });
    assert.equal(provider.adminPortalUrl(), undefined);
  });

  it('refuses a cursor it did not make, and asks for sign-in when no password is stored', async () => {
    await assert.rejects(
      provider.listUsers({ pageSize: 5, cursor: 'bm90LWEtY3Vyc29y' }),
      (e: DirectoryError) => e.kind === 'badRequest',
    );
    await assert.rejects(provider.listUsers({ pageSize: 5 }), (e: DirectoryError) => e.kind === 'signInRequired');
  });

  it('refuses to reset the service account (it would lock the extension out)', async () => {
    await assert.rejects(
      provider.resetPassword({ id: 'cn=SVC, cn=users, dc=corp', displayName: 'svc', signInName: '', source: 'cloud' }),
      (e: DirectoryError) => e.kind === 'refused' && /service account the extension signs in with/.test(e.message),
    );
  });
});

describe('389 Directory Server and must-change parts', () => {
  it('"flavor": "389ds" is accepted; an unknown flavor names the three; passwordPolicyDn must be a DN', () => {
    const base = {
      name: 'D',
      provider: 'ldap',
      url: 'ldaps://ds.example.com',
      baseDn: 'ou=people,dc=x',
      bindDn: 'cn=svc,dc=x',
    };
    const ok = parseDirectoryConfig({ ...base, flavor: '389ds' }, 0);
    assert.ok(
      ok.ok &&
        ok.config.provider === 'ldap' &&
        ok.config.flavor === '389ds' &&
        ok.config.userFilter === '(objectClass=inetOrgPerson)',
    );
    const bad = parseDirectoryConfig({ ...base, flavor: 'fedora' }, 0);
    assert.ok(!bad.ok && /"openldap", "389ds" or "activeDirectory"/.test(bad.problem));
    assert.ok(!parseDirectoryConfig({ ...base, passwordPolicyDn: 'default' }, 0).ok);
  });

  it('encodes the Password Modify request (RFC 3062): SEQUENCE { [0] userIdentity, [2] newPasswd }', () => {
    assert.equal(
      encodePasswordModifyRequest('uid=a', 'pw1').toString('hex'),
      '300c8005' + Buffer.from('uid=a').toString('hex') + '8203' + Buffer.from('pw1').toString('hex'),
    );
  });

  it('maps 389 DS entries: nsAccountLock = disabled, no date of the last change, must change only with its own marks', () => {
    const user = (attrs: Record<string, string>) =>
      entryToUser({ dn: 'uid=a,ou=people,dc=x', cn: 'A', ...attrs }, { flavor: '389ds' });
    assert.equal(user({ nsAccountLock: 'TRUE' }).accountEnabled, false);
    assert.equal(user({}).accountEnabled, true);
    assert.equal(user({ pwdChangedTime: '20240101000000Z' }).lastPasswordChangeDateTime, undefined);
    assert.equal(user({ pwdReset: 'TRUE' }).mustChangePassword, true);
    assert.equal(user({ passwordExpirationTime: '19700101000000Z' }).mustChangePassword, true);
    assert.equal(user({ passwordExpirationTime: '19700101000001Z' }).mustChangePassword, undefined);
    assert.equal(user({ accountUnlockTime: '20991231000000Z' }).locked, true);
    assert.equal(user({ accountUnlockTime: '19700101000000Z' }).locked, true, 'locked until an administrator unlocks');
    assert.equal(user({ accountUnlockTime: '20000101000000Z' }).locked, false);
    assert.equal(user({}).locked, false);
  });

  it('Active Directory: pwdLastSet=0 forces a change unless "password never expires" is set or AD computes no expiry', () => {
    assert.equal(adMustChange('0', '512', undefined), true);
    assert.equal(adMustChange('0', String(0x10200), undefined), false);
    assert.equal(adMustChange('0', '512', String(0x800000)), true);
    assert.equal(adMustChange('0', '512', '0'), false);
    assert.equal(adMustChange('133000000000000000', '512', undefined), false);
  });

  it('OpenLDAP: pwdReset alone is not shown as "must change" when the policy was read and does not force it', () => {
    const entry = { dn: 'uid=a,dc=x', pwdReset: 'TRUE' };
    assert.equal(entryToUser(entry, { flavor: 'openldap' }).mustChangePassword, true);
    assert.equal(entryToUser(entry, { flavor: 'openldap', policyForcesChange: false }).mustChangePassword, undefined);
  });

  it('warns when the settings name another server than the root DSE', () => {
    const w = flavorMismatchWarning('Corp', 'openldap', {
      flavor: '389ds',
      vendor: '389 Project 389-Directory/2.3.1',
      supportsPasswordModify: true,
    });
    assert.match(
      w!,
      /set up as OpenLDAP \("flavor": "openldap"\), but the server says it is 389 Directory Server \(389 Project/,
    );
    assert.match(w!, /Set "flavor": "389ds"/);
    assert.equal(flavorMismatchWarning('Corp', '389ds', { flavor: '389ds', supportsPasswordModify: true }), undefined);
    assert.equal(flavorMismatchWarning('Corp', 'openldap', { supportsPasswordModify: false }), undefined);
  });
});
