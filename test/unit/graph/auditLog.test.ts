// The directory's audit log beside the History (Graph directoryAudits) against the test directory over real HTTP:
// one request with the documented filter (the user, a window around the record), the entries of that user only,
// newest first, as text; never a password; a 403 without a reports-reading role.
import * as assert from 'node:assert/strict';
import { StaticTokenSource } from '../../../src/auth/staticTokenSource';
import { startGraphServer, type GraphServer } from '../../../src/demo/graphServer';
import { FIXED_USERS, seedUsers } from '../../../src/demo/seed';
import { GraphProvider } from '../../../src/directory/graph/graphProvider';
import { recordingLogger } from '../../support/recording';

describe('the audit log of a History record (Graph directoryAudits)', function () {
  this.timeout(20_000);
  let server: GraphServer;
  let provider: GraphProvider;

  beforeEach(async () => {
    server = await startGraphServer({ users: seedUsers(40, 3) });
    server.setDelegatedCallerRoles(['User Administrator', 'Reports Reader']);
    provider = new GraphProvider({
      name: 'Test directory',
      graphEndpoint: server.url,
      tokenSource: new StaticTokenSource(() => server.delegatedToken, true),
      logger: recordingLogger(),
      http: { backoffMs: 20 },
    });
  });
  afterEach(async () => {
    await provider.dispose();
    await server.close();
  });

  it('lists what the directory logged about this user, newest first, with who did it, in one request', async () => {
    const alain = await provider.getUser(FIXED_USERS.alainCharon);
    const sean = await provider.getUser(FIXED_USERS.seanOBrien);
    const reset = await provider.resetPassword(alain);
    await provider.revokeSessions(alain);
    await provider.revokeSessions(sean);
    server.clearRequests();

    const entries = await provider.auditEntries(alain.id, new Date());
    const sent = server.requests.filter((r) => r.path.startsWith('/v1.0/'));
    assert.equal(sent.length, 1);
    assert.equal(sent[0].path, '/v1.0/auditLogs/directoryAudits');
    assert.match(
      sent[0].query.$filter ?? '',
      new RegExp(
        `^targetResources/any\\(t:t/id eq '${alain.id}'\\) and activityDateTime ge \\S+Z and activityDateTime le \\S+Z$`,
      ),
    );
    assert.deepEqual(
      entries.map((e) => e.activity),
      ['Invalidate all refresh tokens for user', 'Reset password (by admin)'],
    );
    assert.ok(entries.every((e) => e.result === 'success' && /^helpdesk\.operator@/.test(e.initiatedBy)));
    assert.ok(!JSON.stringify(entries).includes(reset.temporaryPassword), 'no password in the audit log');
    assert.deepEqual(
      await provider.auditEntries(alain.id, new Date(Date.now() - 3 * 3600_000)),
      [],
      'outside the window',
    );
  });

  it('without a reports-reading role the directory answers 403', async () => {
    server.setDelegatedCallerRoles(['Helpdesk Administrator']);
    await assert.rejects(
      provider.auditEntries(FIXED_USERS.alainCharon, new Date()),
      (e: Error & { kind?: string }) => e.kind === 'forbidden',
    );
  });
});
