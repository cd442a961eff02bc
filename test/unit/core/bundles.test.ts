// A lighter start: what esbuild.js puts in dist/extension.js (loaded at activation) and what it leaves to the
// bundles loaded on first use (dist/ldap.js, dist/demo.js, dist/undici.js), and that no bundle holds what only tests
// use. Builds the production bundles into a temporary folder and reads esbuild's metafile.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}
interface Build {
  build: (options: {
    production?: boolean;
    root: string;
    outdir: string;
  }) => Promise<{ extension: Metafile; lazy: Metafile }>;
}

describe('bundles: a lighter start (esbuild.js)', function () {
  this.timeout(60_000);
  let outdir: string;
  let meta: { extension: Metafile; lazy: Metafile };
  const inputsOf = (file: string): string[] => {
    const out = { ...meta.extension.outputs, ...meta.lazy.outputs }[
      path.relative(ROOT, path.join(outdir, file)).split(path.sep).join('/')
    ];
    assert.ok(out, `${file} was built`);
    return Object.keys(out.inputs);
  };
  const sources = (inputs: string[]) => inputs.filter((f) => f.startsWith('src/'));

  before(async () => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-bundles-'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { build } = require(path.join(ROOT, 'esbuild.js')) as Build;
    meta = await build({ production: true, root: ROOT, outdir });
  });
  after(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it('builds dist/extension.js, dist/ldap.js, dist/demo.js and dist/undici.js, nothing else', () => {
    assert.deepEqual(fs.readdirSync(outdir).sort(), ['demo.js', 'extension.js', 'ldap.js', 'undici.js']);
  });

  it('keeps ldapts, undici, src/demo and the LDAP provider out of the activation bundle', () => {
    const inputs = inputsOf('extension.js');
    // @vscode/l10n is the one package it holds (8 KB): the directory layer's words, configured once in activate.
    assert.deepEqual(
      inputs.filter((f) => f.includes('node_modules/')),
      ['node_modules/@vscode/l10n/dist/main.js'],
      'no package but @vscode/l10n in dist/extension.js',
    );
    for (const lazy of ['ldap.js', 'demo.js'])
      assert.ok(
        // "lazy-shared:node_modules/@vscode/l10n/..." is the activation bundle's copy, taken (not bundled again).
        !inputsOf(lazy).some((f) => f.startsWith('node_modules/@vscode/l10n/')),
        `${lazy} takes @vscode/l10n from dist/extension.js (one copy, one configuration)`,
      );
    assert.deepEqual(
      inputs.filter((f) => f.startsWith('src/demo/')),
      [],
    );
    // The kind's registry entry and its settings (read at activation to list the directories) are all of
    // src/directory/ldap the activation bundle holds.
    assert.deepEqual(inputs.filter((f) => f.startsWith('src/directory/ldap/')).sort(), [
      'src/directory/ldap/ldapConfig.ts',
      'src/directory/ldap/ldapKind.ts',
    ]);
    const code = fs.readFileSync(path.join(outdir, 'extension.js'), 'utf8');
    for (const lazy of ['ldap', 'demo', 'undici'])
      assert.match(code, new RegExp(`require\\("\\./${lazy}\\.js"\\)`), `loads ./${lazy}.js`);
    assert.ok(code.length <= 250 * 1024, `dist/extension.js is ${Math.round(code.length / 1024)} KB (at most 250 KB)`);
  });

  it('puts ldapts and the LDAP provider in dist/ldap.js, the demo directory in dist/demo.js, undici in dist/undici.js', () => {
    const ldap = inputsOf('ldap.js');
    assert.ok(ldap.some((f) => f.includes('node_modules/ldapts/')));
    assert.ok(ldap.includes('src/directory/ldap/ldapProvider.ts'));
    const demo = inputsOf('demo.js');
    assert.ok(demo.includes('src/demo/index.ts') && demo.includes('src/demo/graph/server.ts'), 'the demo server');
    assert.ok(inputsOf('undici.js').every((f) => f.includes('node_modules/undici/')));
  });

  it("leaves the tests' fault injection and request recording out of every bundle: the demo a person runs never loads them", () => {
    const testOnly = [
      'src/demo/graph/faults.ts',
      'src/demo/graph/recording.ts',
      'src/demo/testInstruments.ts',
      'src/demo/graphServer.ts',
    ];
    for (const file of ['extension.js', 'ldap.js', 'demo.js', 'undici.js']) {
      const inputs = inputsOf(file).map((f) => f.replace(/^lazy-shared:/, ''));
      assert.deepEqual(
        inputs.filter((f) => testOnly.includes(f)),
        [],
        `${file} holds test-only modules`,
      );
    }
    // What they would have brought: the fault answers' code (a trickled body) and the record of resets.
    const demo = fs.readFileSync(path.join(outdir, 'demo.js'), 'utf8');
    assert.doesNotMatch(demo, /resetMidBody|stallMidBody|trickle/);
  });

  it('holds every source module once: a lazy bundle takes what dist/extension.js has from it', () => {
    const activationInputs = inputsOf('extension.js');
    const inActivation = new Set(sources(activationInputs));
    for (const file of ['ldap.js', 'demo.js', 'undici.js']) {
      const inputs = inputsOf(file);
      const twice = sources(inputs).filter((f) => inActivation.has(f));
      assert.deepEqual(twice, [], `${file} bundles again what dist/extension.js holds`);
      // e.g. DirectoryError: the LDAP provider throws the class the commands check with instanceof.
      for (const taken of inputs.filter((f) => f.startsWith('lazy-shared:'))) {
        // A package too (@vscode/l10n: one instance, configured once in activate).
        assert.ok(activationInputs.includes(taken.slice('lazy-shared:'.length)), `${taken} is in dist/extension.js`);
      }
    }
    assert.ok(inputsOf('ldap.js').includes('lazy-shared:src/directory/errors.ts'));
  });
});
