// The pre-flight check ("may I do this?"): the judgement from Microsoft's table (roleRules.json) for tenant-wide,
// administrative-unit and role-assignable-group cases, and the Graph reads against the test directory over real
// HTTP: the caller's roles read once per sign-in, one request per target after that, none again for the same user,
// nothing for app-only sign-in, and "unknown" (said once, nothing judged) when the roles cannot be read.
import * as assert from 'node:assert/strict';
import { StaticTokenSource } from '../../../src/auth/staticTokenSource';
import { startGraphServer, type GraphServer } from '../../../src/demo/graphServer';
import { FIXED_USERS, seedUsers } from '../../../src/demo/seed';
import { judge } from '../../../src/directory/graph/accessCheck';
import { GraphProvider } from '../../../src/directory/graph/graphProvider';
import type { RoleAssignmentFact, TargetFacts } from '../../../src/directory/graph/roleFacts';
import rules from '../../../src/directory/graph/roleRules.json';
import type { DirectoryUser } from '../../../src/directory/types';
import { appTokenSource } from '../../support/directoryFixture';
import { recordingLogger } from '../../support/recording';

const ada: DirectoryUser = {
  id: 'ada-id',
  displayName: 'Ada Lovelace',
  signInName: 'ada@contoso.com',
  source: 'cloud',
};
const tenant = (role: string): RoleAssignmentFact => ({ role, scope: { kind: 'tenant' } });
const inUnit = (role: string, id: string): RoleAssignmentFact => ({ role, scope: { kind: 'administrativeUnit', id } });
const plain: TargetFacts = { roles: [], inRoleAssignableGroup: false, units: [] };

describe('the pre-flight check', () => {
  describe('the role table is data with its source', () => {
    it('names its source page and the date it was checked, and knows the template id of every role it uses', () => {
      assert.match(rules.source, /^https:\/\/learn\.microsoft\.com\/entra\/identity\/role-based-access-control\//);
      assert.match(rules.checked, /^\d{4}-\d{2}-\d{2}$/);
      const used = new Set([
        ...rules.reachEveryone,
        ...Object.keys(rules.limitedRoleTargets),
        ...Object.values(rules.limitedRoleTargets).flat(),
        ...Object.values(rules.actions).flat(),
      ]);
      for (const role of used) assert.ok(role in rules.roleTemplateIds, `${role} has a template id`);
      for (const id of Object.values(rules.roleTemplateIds)) assert.match(id, /^[0-9a-f-]{36}$/);
    });
  });

  describe('judge', () => {
    it('a Helpdesk Administrator may reset a user without admin roles, and the verdict names the role', () => {
      const v = judge('resetPassword', [tenant('Directory Readers'), tenant('Helpdesk Administrator')], plain, ada);
      assert.deepEqual(v, { kind: 'allowed', asRole: 'Helpdesk Administrator' });
    });

    it('a Helpdesk Administrator may not reset a User Administrator: the reason names the target role and who may', () => {
      const v = judge(
        'resetPassword',
        [tenant('Helpdesk Administrator')],
        { ...plain, roles: ['User Administrator'] },
        ada,
      );
      assert.equal(v?.kind, 'denied');
      assert.equal(
        v?.kind === 'denied' && v.reason,
        'You may not reset the password of Ada Lovelace. Ada Lovelace holds User Administrator, so only someone with one of these roles may: User Administrator, Privileged Authentication Administrator or Global Administrator.',
      );
    });

    it('only Privileged Authentication and Global Administrators reach a Global Administrator', () => {
      const target = { ...plain, roles: ['Global Administrator'] };
      assert.equal(judge('resetPassword', [tenant('User Administrator')], target, ada)?.kind, 'denied');
      assert.equal(
        judge('resetPassword', [tenant('Privileged Authentication Administrator')], target, ada)?.kind,
        'allowed',
      );
      assert.equal(judge('disableAccount', [tenant('Global Administrator')], target, ada)?.kind, 'allowed');
    });

    it('a role without the permission at all says so (a Helpdesk Administrator cannot issue a Temporary Access Pass)', () => {
      const v = judge('issueTemporaryAccessPass', [tenant('Helpdesk Administrator')], plain, ada);
      assert.equal(v?.kind, 'denied');
      assert.match(
        v?.kind === 'denied' ? v.reason : '',
        /None of your active roles \(Helpdesk Administrator\) allows it; one of these does: Authentication Administrator, Privileged Authentication Administrator or Global Administrator\./,
      );
      assert.match(v?.kind === 'denied' ? v.nextStep : '', /Privileged Identity Management/);
      const none = judge('revokeSessions', [], plain, ada);
      assert.match(none?.kind === 'denied' ? none.reason : '', /You hold no active admin role/);
    });

    it('a member of a role-assignable group is reached only by the roles that reach everyone', () => {
      const target = { ...plain, inRoleAssignableGroup: true };
      const v = judge('resetPassword', [tenant('User Administrator')], target, ada);
      assert.match(
        v?.kind === 'denied' ? v.reason : '',
        /member of a role-assignable group, so only someone with one of these roles may: Privileged Authentication Administrator or Global Administrator\./,
      );
      assert.equal(judge('resetPassword', [tenant('Global Administrator')], target, ada)?.kind, 'allowed');
    });

    it('a role scoped to an administrative unit reaches its members without admin roles, and no one else', () => {
      const units = [{ id: 'au-sales', name: 'Sales', restricted: false }];
      const caller = [inUnit('Helpdesk Administrator', 'au-sales')];
      assert.deepEqual(judge('resetPassword', caller, { ...plain, units }, ada), {
        kind: 'allowed',
        asRole: 'Helpdesk Administrator for the administrative unit Sales',
      });
      const outside = judge('resetPassword', caller, plain, ada);
      assert.match(
        outside?.kind === 'denied' ? outside.reason : '',
        /scoped to an administrative unit that Ada Lovelace is not in/,
      );
      assert.equal(judge('resetPassword', caller, { ...plain, units, roles: ['Reports Reader'] }, ada)?.kind, 'denied');
    });

    it('a custom role (unknown to the table) leaves the action to the directory instead of refusing it', () => {
      const caller = [tenant('Helpdesk Administrator'), tenant('Contoso Password Resetter')];
      assert.equal(judge('resetPassword', caller, { ...plain, roles: ['Global Administrator'] }, ada), undefined);
      assert.equal(judge('resetPassword', caller, plain, ada)?.kind, 'allowed', 'what the table allows is still named');
    });

    it('in a restricted management administrative unit only roles scoped to it count, even a tenant-wide Global Administrator does not', () => {
      const units = [{ id: 'au-vip', name: 'VIP', restricted: true }];
      const v = judge('resetPassword', [tenant('Global Administrator')], { ...plain, units }, ada);
      assert.match(v?.kind === 'denied' ? v.reason : '', /restricted management administrative unit/);
      assert.equal(
        judge('resetPassword', [inUnit('Helpdesk Administrator', 'au-vip')], { ...plain, units }, ada)?.kind,
        'allowed',
      );
    });
  });

  describe('against the test directory', function () {
    this.timeout(20_000);
    let server: GraphServer;
    const providers: GraphProvider[] = [];
    const logger = recordingLogger();
    const provider = (delegated = true) => {
      const p = new GraphProvider({
        name: 'Test directory',
        graphEndpoint: server.url,
        tokenSource: delegated
          ? new StaticTokenSource(() => server.delegatedToken, true)
          : appTokenSource(server, logger),
        logger,
        http: { backoffMs: 20 },
      });
      providers.push(p);
      return p;
    };
    const user = (p: GraphProvider, key: keyof typeof FIXED_USERS) => p.getUser(FIXED_USERS[key]);
    const reads = () => server.requests.filter((r) => r.path.startsWith('/v1.0/')).map((r) => `${r.method} ${r.path}`);

    beforeEach(async () => {
      server = await startGraphServer({ users: seedUsers(40, 3) });
      server.setDelegatedCallerRoles(['Helpdesk Administrator']);
    });
    afterEach(async () => {
      await Promise.all(providers.splice(0).map((p) => p.dispose()));
      await server.close();
    });

    it("reads the caller and the tenant's role holders once per sign-in: more users cost no request, Refresh reads again", async () => {
      const p = provider();
      const [gloria, harper, alain] = await Promise.all([
        user(p, 'gloriaGlobal'),
        user(p, 'harperHelpdesk'),
        user(p, 'alainCharon'),
      ]);
      server.clearRequests();
      const g = await p.checkAccess(gloria);
      assert.equal(g.verdicts.resetPassword?.kind, 'denied');
      assert.match(
        g.verdicts.resetPassword?.kind === 'denied' ? g.verdicts.resetPassword.reason : '',
        /holds Global Administrator/,
      );
      assert.deepEqual(reads().sort(), [
        'GET /v1.0/directory/administrativeUnits',
        'GET /v1.0/groups',
        'GET /v1.0/me',
        'GET /v1.0/me/memberOf/microsoft.graph.group',
        'GET /v1.0/roleManagement/directory/roleAssignments', // yours (filtered by principalId)
        'GET /v1.0/roleManagement/directory/roleAssignments', // everyone's
      ]);
      server.clearRequests();
      assert.deepEqual((await p.checkAccess(harper)).verdicts.resetPassword, {
        kind: 'allowed',
        asRole: 'Helpdesk Administrator',
      });
      const a = await p.checkAccess(alain);
      assert.equal(a.verdicts.revokeSessions?.kind, 'allowed');
      assert.equal(a.verdicts.enableAccount?.kind, 'denied', 'a Helpdesk Administrator cannot enable or disable');
      await p.checkAccess(alain);
      assert.deepEqual(reads(), [], "no request per user: the tenant's role holders are known");
      p.forgetAccess();
      await p.checkAccess(alain);
      assert.equal(
        reads().length,
        5,
        'after Refresh your roles and the role holders are read again (who is signed in is not)',
      );
    });

    it('a judgement the table makes is the one the directory makes: denied resets 403, allowed ones go through', async () => {
      const p = provider();
      const gloria = await user(p, 'gloriaGlobal');
      assert.equal((await p.checkAccess(gloria)).verdicts.resetPassword?.kind, 'denied');
      await assert.rejects(p.resetPassword(gloria), (e: Error & { kind?: string }) => e.kind === 'forbidden');
      const alain = await user(p, 'alainCharon');
      assert.equal((await p.checkAccess(alain)).verdicts.resetPassword?.kind, 'allowed');
      assert.ok((await p.resetPassword(alain)).temporaryPassword);
    });

    it('app-only sign-in judges nothing and sends nothing', async () => {
      const p = provider(false);
      const alain = await user(p, 'alainCharon');
      server.clearRequests();
      assert.deepEqual(await p.checkAccess(alain), { verdicts: {} });
      assert.deepEqual(reads(), []);
    });

    it('roles that cannot be read (403) leave every action unjudged and say why', async () => {
      server.setDelegatedCallerRoles([]); // as in Entra ID: reading role assignments needs a directory-reading role
      const p = provider();
      const report = await p.checkAccess(await user(p, 'alainCharon'));
      assert.deepEqual(report.verdicts, {});
      assert.match(report.unreadable ?? '', /RoleManagement\.Read\.Directory/);
    });

    it('reads role-assignable groups and administrative units: roles through a group count, their members and a restricted unit are protected', async () => {
      await server.close();
      const op = FIXED_USERS.demoOperator;
      server = await startGraphServer({
        users: seedUsers(40, 3),
        groups: [
          {
            id: 'g-helpdesk',
            displayName: 'Helpdesk',
            isAssignableToRole: true,
            members: [op],
            roles: ['Helpdesk Administrator'],
          },
          {
            id: 'g-tier0',
            displayName: 'Tier 0',
            isAssignableToRole: true,
            members: [FIXED_USERS.seanOBrien],
            roles: [],
          },
          {
            id: 'g-plain',
            displayName: 'Everyone',
            isAssignableToRole: false,
            members: [FIXED_USERS.alainCharon],
            roles: [],
          },
        ],
        administrativeUnits: [
          {
            id: 'au-vip',
            displayName: 'VIP',
            isMemberManagementRestricted: true,
            members: [FIXED_USERS.quentinQuoted],
            scopedRoles: [],
          },
          {
            id: 'au-sales',
            displayName: 'Sales',
            isMemberManagementRestricted: false,
            members: [FIXED_USERS.alainCharon],
            scopedRoles: [{ userId: op, role: 'Password Administrator' }],
          },
        ],
      });
      server.setDelegatedCallerRoles(['Directory Readers']); // Helpdesk Administrator only through the group
      const p = provider();
      const verdict = async (key: keyof typeof FIXED_USERS) =>
        (await p.checkAccess(await user(p, key))).verdicts.resetPassword;
      assert.deepEqual(await verdict('alainCharon'), {
        kind: 'allowed',
        asRole: 'Password Administrator for the administrative unit Sales',
      });
      assert.deepEqual(
        await verdict('harperHelpdesk'),
        { kind: 'allowed', asRole: 'Helpdesk Administrator' },
        'through the group',
      );
      const sean = await verdict('seanOBrien');
      assert.match(sean?.kind === 'denied' ? sean.reason : '', /member of a role-assignable group/);
      const quentin = await verdict('quentinQuoted');
      assert.match(quentin?.kind === 'denied' ? quentin.reason : '', /restricted management administrative unit/);
      assert.equal((await verdict('gloriaGlobal'))?.kind, 'denied');
      const paths = server.requests
        .map((r) => r.path)
        .filter((x) => x.startsWith('/v1.0/') && !x.startsWith('/v1.0/users/'));
      for (const read of [
        '/v1.0/groups/g-helpdesk/members',
        '/v1.0/groups/g-tier0/members',
        '/v1.0/directory/administrativeUnits/au-vip/members',
        '/v1.0/directory/administrativeUnits/au-sales/members',
      ])
        assert.equal(paths.filter((x) => x === read).length, 1, `${read} once`);
      assert.ok(!paths.includes('/v1.0/groups/g-plain/members'), 'a group that is not role-assignable is not read');
      // The test directory decides as Entra ID does: a User Administrator may not reset a role-assignable group's member.
      server.setDelegatedCallerRoles(['User Administrator']);
      await assert.rejects(
        p.resetPassword(await user(p, 'seanOBrien')),
        (e: Error & { kind?: string }) => e.kind === 'forbidden',
      );
      assert.ok((await p.resetPassword(await user(p, 'alainCharon'))).temporaryPassword);
    });
  });
});
