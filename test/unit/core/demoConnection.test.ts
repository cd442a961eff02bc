// The demo directory is opened like a configured directory: through a connection (src/connections/demoConnection.ts)
// whose provider obeys the same settings as every Graph directory's, signed in with the demo server's own token.
// Without the tests' instruments the demo keeps nothing and takes no fault; with them it does both.
import * as assert from 'node:assert/strict';
import type { ConnectionDeps } from '../../../src/connections/connection';
import { DEMO_DIRECTORY_NAME, openDemoConnection, type DemoConnection } from '../../../src/connections/demoConnection';
import { testInstruments } from '../../../src/demo/testInstruments';
import { DirectoryError } from '../../../src/directory/errors';
import { recordingLogger } from '../../support/directoryFixture';

/** Only the settings are read for the demo; the rest would be a mistake, so it throws. */
function depsWith(settings: Record<string, unknown>): ConnectionDeps {
  const unused = new Proxy(
    {},
    {
      get: (_t, name) => {
        throw new Error(`the demo connection used ${String(name)}`);
      },
    },
  );
  return {
    secrets: unused as ConnectionDeps['secrets'],
    auth: unused as ConnectionDeps['auth'],
    accounts: unused as ConnectionDeps['accounts'],
    sovereignSetting: () => {
      throw new Error('the demo connection read the sovereign cloud settings');
    },
    logger: recordingLogger(),
    setting: <T>(key: string, fallback: T): T => (key in settings ? (settings[key] as T) : fallback),
  };
}

describe('the demo directory, opened through its connection', function () {
  this.timeout(30_000);
  let connection: DemoConnection | undefined;
  afterEach(async () => {
    await connection?.provider.dispose();
    await connection?.server.close();
    connection = undefined;
  });

  it("is Graph's provider on the demo server, signed in with its token, with the Graph settings", async () => {
    connection = await openDemoConnection(depsWith({ resetMethod: 'passwordProfile', passwordLength: 21 }));
    const { provider, server } = connection;
    assert.equal(provider.name, DEMO_DIRECTORY_NAME);
    assert.equal(provider.capabilities.kindLabel, 'Microsoft Entra ID');
    assert.equal(await connection.isSignedIn(), true, 'always signed in');
    await connection.signIn();
    await connection.signOut();
    assert.equal(connection.signOutElsewhere, undefined);
    assert.equal('signInWithAnotherAccount' in connection, false, 'no other account to choose');

    const page = await provider.listUsers({ pageSize: 5 });
    assert.equal(page.users.length, 5);
    const target = (await provider.listUsers({ pageSize: 50 })).users.find((u) => !u.resetRefusal);
    assert.ok(target, 'a user the demo operator may reset');
    const result = await provider.resetPassword(target);
    assert.equal(result.method, 'passwordProfile', 'the resetMethod setting');
    assert.equal(result.temporaryPassword.length, 21, 'the passwordLength setting');
    assert.equal(server.users.get(target.id)?.password, result.temporaryPassword, 'the demo server has it');
  });

  it('keeps nothing and takes no fault without the test instruments (the demo a person opens)', async () => {
    connection = await openDemoConnection(depsWith({}));
    await connection.provider.listUsers({ pageSize: 5 });
    assert.equal(connection.server.recording, false);
    assert.equal(connection.server.requests.length, 0);
    assert.throws(
      () => connection!.server.injectFault({ response: { kind: 'reset' } }),
      /takes no faults/,
      'a fault would be silently ignored otherwise',
    );
  });

  it('records its requests and takes faults with the test instruments (the in-VS Code tests)', async () => {
    connection = await openDemoConnection(depsWith({}), testInstruments(true));
    const { provider, server } = connection;
    await provider.listUsers({ pageSize: 5 });
    assert.equal(server.recording, true);
    assert.deepEqual(
      server.requests.map((r) => `${r.method} ${r.path}`),
      ['GET /v1.0/users'],
    );
    server.injectFault({
      method: 'GET',
      path: /^\/v1\.0\/users$/,
      response: { status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'Denied.' } } },
    });
    await assert.rejects(provider.listUsers({ pageSize: 5 }), (e) => e instanceof DirectoryError);
  });
});
