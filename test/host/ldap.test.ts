// The LDAP provider inside a real VS Code extension host, against a real OpenLDAP slapd with ppolicy that this
// file starts (test/fixtures/ldap/openldap.ts): user settings -> Sign In through the command (the password input
// stubbed) -> the tree's pages -> search -> reset through the command (the modal confirmation stubbed) -> the
// profile page holds the password -> a real bind with it works and the server demands a change.
// Leaves the settings empty and the bind password deleted.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { TreeNode, UserNode } from '../../src/views/nodes';
import type { HostMessage } from '../../src/webviews/profile/protocol';
import { openLdapMissing, startOpenLdap, type OpenLdapServer } from '../fixtures/ldap/openldap';

const EXTENSION_ID = 'directory-reset.directory-password-reset';
const NAME = 'LDAP Test';

type Window = { showInputBox: unknown; showWarningMessage: unknown; showErrorMessage: unknown };

/** Replaces a vscode.window function for the duration of `fn`. */
async function withStub<K extends keyof Window, T>(name: K, stub: Window[K], fn: () => Promise<T>): Promise<T> {
  const w = vscode.window as unknown as Window;
  const original = w[name];
  w[name] = stub;
  try {
    return await fn();
  } finally {
    w[name] = original;
  }
}

const missing = openLdapMissing();

if (missing) {
  describe('LDAP directory in a real VS Code', () => {
    it(`skipped: ${missing}`);
  });
} else {
  describe('LDAP directory in a real VS Code', function () {
    this.timeout(30_000);
    let api: ExtensionApi;
    let ldap: OpenLdapServer;

    const settings = () => vscode.workspace.getConfiguration('directoryReset');
    const rootNodes = async (): Promise<TreeNode[]> => (await api.commands.tree.getChildren()) ?? [];
    const userNodes = async () => (await rootNodes()).filter((n): n is UserNode => n.kind === 'user');

    async function until(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
      const deadline = Date.now() + ms;
      while (!(await check())) {
        if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    }

    async function signIn(password: string): Promise<string[]> {
      const errors: string[] = [];
      await withStub(
        'showInputBox',
        async (options: vscode.InputBoxOptions) => {
          assert.equal(options.password, true, 'the bind password is asked with a password input');
          assert.match(options.prompt ?? '', /cn=pwreset,ou=system,dc=example,dc=test/);
          return password;
        },
        () =>
          withStub(
            'showErrorMessage',
            async (message: string) => {
              errors.push(message);
              return undefined;
            },
            async () => {
              await vscode.commands.executeCommand('directoryReset.signIn');
            },
          ),
      );
      return errors;
    }

    async function search(text: string | undefined): Promise<UserNode[]> {
      if (text === undefined) await vscode.commands.executeCommand('directoryReset.clearSearch');
      else await vscode.commands.executeCommand('directoryReset.search', text);
      return userNodes();
    }

    before(async function () {
      this.timeout(60_000);
      const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
      assert.ok(ext, 'the extension is installed');
      api = await ext.activate();
      ldap = await startOpenLdap();
      await settings().update('pageSize', 20, vscode.ConfigurationTarget.Global);
      await settings().update(
        'directories',
        [
          {
            name: NAME,
            provider: 'ldap',
            flavor: 'openldap',
            url: ldap.ldapsUrl,
            caCertificateFile: ldap.caFile,
            baseDn: ldap.baseDn,
            bindDn: ldap.bindDn,
            passwordPolicyDn: ldap.policyDn,
          },
        ],
        vscode.ConfigurationTarget.Global,
      );
      await settings().update('activeDirectory', NAME, vscode.ConfigurationTarget.Global);
      // An earlier test file may have left the demo directory open and a search in the view: start clean.
      await vscode.commands.executeCommand('directoryReset.clearSearch');
      await api.commands.manager.select(NAME);
      await until('the LDAP directory to be active', () => api.commands.manager.current?.name === NAME);
    });

    after(async function () {
      this.timeout(30_000);
      try {
        await api?.commands.manager.signOut().catch(() => undefined);
        await settings().update('directories', undefined, vscode.ConfigurationTarget.Global);
        await settings().update('activeDirectory', undefined, vscode.ConfigurationTarget.Global);
        await settings().update('pageSize', undefined, vscode.ConfigurationTarget.Global);
        await vscode.commands.executeCommand('directoryReset.clearSearch');
      } finally {
        await ldap?.close();
      }
    });

    it('starts signed out: no bind password is stored yet', async () => {
      assert.equal(api.commands.manager.current?.provider.capabilities.kindLabel, 'LDAP');
      assert.deepEqual(await rootNodes(), []);
      assert.equal(api.commands.tree.viewState, 'signedOut');
    });

    it('Sign In with a wrong password says so and keeps nothing', async () => {
      const errors = await signIn('not-the-password');
      assert.equal(errors.length, 1);
      assert.match(errors[0], /did not accept the bind password of cn=pwreset,ou=system,dc=example,dc=test/);
      assert.equal(await api.commands.manager.current?.connection?.isSignedIn(), false);
    });

    it('Sign In proves the password with a bind; the tree shows the first page with "Load more..."', async () => {
      assert.deepEqual(await signIn(ldap.bindPassword), []);
      assert.equal(await api.commands.manager.current?.connection?.isSignedIn(), true);
      api.commands.tree.refresh();
      const nodes = await rootNodes();
      const users = nodes.filter((n): n is UserNode => n.kind === 'user');
      assert.equal(users.length, 20);
      assert.equal(nodes.at(-1)?.kind, 'loadMore');
      const item = users[0].toTreeItem();
      assert.equal(item.label, users[0].user.displayName);
      assert.ok(String(item.description).length > 0, 'the sign-in name is the description');
    });

    it('"Load more..." continues the same paged search until every user is shown once', async () => {
      await vscode.commands.executeCommand('directoryReset.loadMore');
      assert.equal((await userNodes()).length, 40);
      await vscode.commands.executeCommand('directoryReset.loadMore');
      const nodes = await rootNodes();
      const users = nodes.filter((n): n is UserNode => n.kind === 'user');
      assert.equal(users.length, ldap.users.length);
      assert.equal(new Set(users.map((u) => u.user.id)).size, ldap.users.length);
      assert.ok(!nodes.some((n) => n.kind === 'loadMore'), 'no "Load more..." after the last page');
      assert.equal(users.find((u) => u.user.signInName === 'locked')?.variant, 'disabled');
    });

    it('searches on the server with special characters taken literally', async () => {
      assert.deepEqual(
        (await search('Star*')).map((u) => u.user.displayName),
        ['Star*Man'],
      );
      assert.deepEqual(
        (await search('Zoë')).map((u) => u.user.displayName),
        ['Zoë Ångström'],
      );
      assert.deepEqual(
        (await search('Inject )(uid=*')).map((u) => u.user.signInName),
        ['inject'],
      );
      assert.deepEqual(await search('zzz-nobody'), []);
      assert.equal(api.commands.tree.viewState, 'noResults');
      assert.equal((await search(undefined)).length, 20);
    });

    it('Cancel at the confirmation changes nothing', async () => {
      const [node] = await search('User 04');
      const calls: string[] = [];
      await withStub(
        'showWarningMessage',
        async (message: string, options: vscode.MessageOptions) => {
          calls.push(`${message}\n${options.detail}`);
          return undefined;
        },
        async () => {
          await vscode.commands.executeCommand('directoryReset.resetPassword', node);
        },
      );
      assert.equal(calls.length, 1);
      assert.match(calls[0], /Reset the password of User 04 \(user04\)\?/);
      assert.match(calls[0], /Directory: LDAP Test/);
      assert.match(
        calls[0],
        /asked to make User 04 change it at next sign-in; after the reset the extension reads back whether it will/,
      );
      assert.equal((await ldap.verifyBind(ldap.user('user04').dn, ldap.user('user04').password)).ok, true);
    });

    it('Reset through the command: the profile page holds the password, it binds, and the server demands a change', async () => {
      const [node] = await search('Zoë');
      const target = ldap.user('zoe');
      await withStub(
        'showWarningMessage',
        async (_m: string, _o: vscode.MessageOptions, ...items: Array<{ title: string }>) =>
          items.find((i) => i.title === 'Reset Password'),
        async () => {
          await vscode.commands.executeCommand('directoryReset.resetPassword', node);
        },
      );
      const panel = api.commands.profiles.get(NAME, node.user.id);
      assert.ok(panel?.hasPassword, 'the profile page holds the temporary password');

      // Play the page: it says 'ready' and receives the profile and the password.
      const posted: HostMessage[] = [];
      panel.onDidPostMessage((m) => posted.push(m));
      await panel.whenLoaded();
      await panel.handleMessage({ type: 'ready' });
      const profile = posted.find((m) => m.type === 'profile') as Extract<HostMessage, { type: 'profile' }>;
      assert.equal(profile.user.displayName, 'Zoë Ångström');
      assert.equal(profile.directoryName, NAME);
      assert.ok(profile.user.lastPasswordChangeDateTime, 'the re-read profile has the new pwdChangedTime');
      assert.equal(profile.adminPortalUrl, undefined);
      const password = posted.find((m) => m.type === 'password') as Extract<HostMessage, { type: 'password' }>;
      assert.equal(password.mustChangeAtNextSignIn, true);

      await vscode.env.clipboard.writeText('something else');
      await panel.handleMessage({ type: 'copy' });
      const copied = await vscode.env.clipboard.readText();
      assert.equal(copied, password.password);

      const bind = await ldap.verifyBind(target.dn, copied);
      assert.deepEqual(bind, { ok: true, mustChange: true, restricted: true, detail: 'changeAfterReset' });
      assert.equal((await ldap.verifyBind(target.dn, target.password)).ok, false, 'the old password stopped working');
      panel.dispose();
      assert.equal(panel.hasPassword, false);
      await vscode.env.clipboard.writeText('');
    });

    it('a policy that does not force the change: the password is shown, and the warning and the page say the user will NOT have to', async () => {
      // OpenLDAP reads pwdMustChange at each bind, so the policy stays off until the user's bind at the end.
      await ldap.setPolicy({ pwdMustChange: 'FALSE' });
      try {
        const [node] = await search('User 02');
        const warnings: string[] = [];
        await withStub(
          'showWarningMessage',
          async (m: string, o: vscode.MessageOptions | string, ...items: Array<{ title: string }>) => {
            warnings.push(m);
            return typeof o === 'object' && o?.modal ? items.find((i) => i.title === 'Reset Password') : undefined;
          },
          async () => {
            await vscode.commands.executeCommand('directoryReset.resetPassword', node);
          },
        );
        assert.equal(warnings.length, 2, warnings.join('\n'));
        assert.match(
          warnings[1],
          /The password of User 02 was reset, but User 02 will NOT be made to change it at next sign-in\./,
        );
        assert.match(warnings[1], /does not have pwdMustChange: TRUE/);
        assert.match(warnings[1], /To have the directory force it: Set pwdMustChange: TRUE in cn=default,ou=policies/);
        const panel = api.commands.profiles.get(NAME, node.user.id)!;
        assert.ok(panel.hasPassword, 'the password is still handed over');
        const posted: HostMessage[] = [];
        panel.onDidPostMessage((m) => posted.push(m));
        await panel.handleMessage({ type: 'ready' });
        const password = posted.find((m) => m.type === 'password') as Extract<HostMessage, { type: 'password' }>;
        assert.equal(password.mustChangeAtNextSignIn, false);
        assert.match(password.mustChangeWhy ?? '', /does not have pwdMustChange: TRUE/);
        assert.match(password.mustChangeNextStep ?? '', /Set pwdMustChange: TRUE/);
        const bind = await ldap.verifyBind(ldap.user('user02').dn, password.password);
        assert.deepEqual([bind.ok, bind.mustChange], [true, false], 'and indeed the server forces nothing');
        panel.dispose();
      } finally {
        await ldap.setPolicy({ pwdMustChange: 'TRUE' });
      }
    });

    it("the directory's own refusal reaches the person in plain words (ppolicy minimum length)", async () => {
      await ldap.setPolicy({ pwdMinLength: '40' });
      const [node] = await search('User 03');
      const errors: string[] = [];
      try {
        await withStub(
          'showErrorMessage',
          async (message: string) => {
            errors.push(message);
            return undefined;
          },
          () =>
            withStub(
              'showWarningMessage',
              async (_m: string, _o: vscode.MessageOptions, ...items: Array<{ title: string }>) =>
                items.find((i) => i.title === 'Reset Password'),
              async () => {
                await vscode.commands.executeCommand('directoryReset.resetPassword', node);
              },
            ),
        );
      } finally {
        await ldap.setPolicy({ pwdMinLength: '8' });
      }
      assert.equal(errors.length, 1);
      assert.match(errors[0], /password policy rejected the generated password for User 03/);
      assert.match(errors[0], /Password fails quality checking policy/);
      assert.equal(api.commands.profiles.get(NAME, node.user.id)?.hasPassword ?? false, false);
      assert.equal((await ldap.verifyBind(ldap.user('user03').dn, ldap.user('user03').password)).ok, true);
    });

    it('Sign Out forgets the bind password', async () => {
      await vscode.commands.executeCommand('directoryReset.signOut');
      assert.equal(await api.commands.manager.current?.connection?.isSignedIn(), false);
      assert.deepEqual(await rootNodes(), []);
      assert.equal(api.commands.tree.viewState, 'signedOut');
    });
  });
}
