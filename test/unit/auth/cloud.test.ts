// Which VS Code provider and authority a directory uses, and what is said when VS Code's sovereign setting is
// missing or disagrees.
import * as assert from 'node:assert/strict';
import { checkCloud } from '../../../src/auth/cloud';
import { parseDirectoryConfig } from '../../../src/directory/config';

const PUBLIC = { graphEndpoint: 'https://graph.microsoft.com' };
const GOV = { graphEndpoint: 'https://graph.microsoft.us' };
const CHINA = { graphEndpoint: 'https://microsoftgraph.chinacloudapi.cn' };
const CUSTOM_ENV = {
  name: 'Contoso Cloud',
  portalUrl: 'https://portal.contoso.example',
  managementEndpointUrl: 'https://management.contoso.example',
  resourceManagerEndpointUrl: 'https://rm.contoso.example',
  activeDirectoryEndpointUrl: 'https://login.contoso.example/',
  activeDirectoryResourceId: 'https://management.contoso.example/',
};

describe('the cloud of a VS Code sign-in', () => {
  it('public Graph: the "microsoft" provider at login.microsoftonline.com, whatever the sovereign setting says', () => {
    for (const environment of [undefined, 'USGovernment']) {
      const c = checkCloud('Contoso', PUBLIC, { environment });
      assert.deepEqual(c, { providerId: 'microsoft', authority: 'https://login.microsoftonline.com' });
    }
  });

  it("a sovereign Graph host without VS Code's setting: names the setting and the value instead of the provider timeout", () => {
    const c = checkCloud('Contoso Gov', GOV, {});
    assert.equal(c.providerId, 'microsoft-sovereign-cloud');
    assert.match(c.problem ?? '', /"microsoft-sovereign-cloud\.environment"/);
    assert.match(c.problem ?? '', /to "USGovernment"/);
    assert.match(c.problem ?? '', /graph\.microsoft\.us/);
  });

  it('US Government and China: the sovereign provider at their own authority', () => {
    assert.deepEqual(checkCloud('G', GOV, { environment: 'USGovernment' }), {
      providerId: 'microsoft-sovereign-cloud',
      authority: 'https://login.microsoftonline.us',
    });
    assert.deepEqual(
      checkCloud('G', { graphEndpoint: 'https://dod-graph.microsoft.us' }, { environment: 'USGovernment' }).warning,
      undefined,
    );
    assert.equal(checkCloud('C', CHINA, { environment: 'ChinaCloud' }).authority, 'https://login.chinacloudapi.cn');
  });

  it("warns when the Graph host and VS Code's setting disagree", () => {
    const c = checkCloud('Contoso China', CHINA, { environment: 'USGovernment' });
    assert.equal(c.problem, undefined);
    assert.match(c.warning ?? '', /Contoso China is in China.*microsoftgraph\.chinacloudapi\.cn/);
    assert.match(c.warning ?? '', /"microsoft-sovereign-cloud\.environment" is "USGovernment"/);
    assert.match(c.warning ?? '', /to "ChinaCloud"/);
  });

  it('"cloud": "custom" uses the custom environment\'s authority, and needs it', () => {
    const custom = { graphEndpoint: 'https://graph.contoso.example', cloud: 'custom' as const };
    assert.deepEqual(checkCloud('X', custom, { environment: 'custom', customEnvironment: CUSTOM_ENV }), {
      providerId: 'microsoft-sovereign-cloud',
      authority: 'https://login.contoso.example',
    });
    const missing = checkCloud('X', custom, { environment: 'custom' });
    assert.match(missing.problem ?? '', /"microsoft-sovereign-cloud\.customEnvironment" is missing/);
    const insecure = checkCloud('X', custom, {
      environment: 'custom',
      customEnvironment: { ...CUSTOM_ENV, activeDirectoryEndpointUrl: 'http://login.contoso.example' },
    });
    assert.match(insecure.problem ?? '', /https/);
    assert.match(checkCloud('X', custom, { environment: 'USGovernment' }).warning ?? '', /"custom"/);
  });

  it('the "cloud" setting is checked', () => {
    const base = { name: 'X', tenantId: 'contoso.onmicrosoft.com', clientId: '00000000-0000-0000-0000-000000000001' };
    const ok = parseDirectoryConfig({ ...base, cloud: 'USGovernment' }, 0);
    assert.ok(ok.ok && ok.config.provider === 'microsoftGraph' && ok.config.cloud === 'USGovernment');
    const bad = parseDirectoryConfig({ ...base, cloud: 'Mars' }, 0);
    assert.ok(!bad.ok);
    assert.match(bad.problem, /"cloud" must be one of "AzureCloud", "USGovernment", "ChinaCloud", "custom"/);
  });
});
