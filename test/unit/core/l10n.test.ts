// Localisation: the committed English bundle is what `npm run l10n` makes from the source today, every translation
// has exactly the English keys and keeps every {0} placeholder, package.json's %key% references all resolve, and the
// profile page's English fallbacks are the host's own words.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

const REPO = path.join(__dirname, '../../../..');
/** A key with a translator's comment (`l10n.t({ message, comment })`) holds both in the English bundle. */
type Bundle = Record<string, string | { message: string; comment: string[] }>;
const messageOf = (entry: Bundle[string]): string => (typeof entry === 'string' ? entry : entry.message);

const readJson = (file: string): Bundle => JSON.parse(readFileSync(path.join(REPO, file), 'utf8')) as Bundle;
/** The placeholders of a message, sorted: "{0} and {1} and {0}" -> ["{0}", "{0}", "{1}"]. */
const placeholders = (message: string): string[] => (message.match(/\{\d+\}/g) ?? []).sort();
/** `[label](target)` link targets of Markdown (welcome content, setting descriptions). */
const linkTargets = (message: string): string[] => [...message.matchAll(/\]\(([^)]*)\)/g)].map((m) => m[1]);
/** `#setting.id#` references in setting descriptions and `code` spans. */
const literals = (message: string): string[] => (message.match(/`[^`]*`|#[\w.-]+#/g) ?? []).sort();

/** The translations next to `english`: `<base>.<lang>.json`. */
function translationsOf(dir: string, base: string): string[] {
  return readdirSync(path.join(REPO, dir))
    .filter((f) => f.startsWith(`${base}.`) && f.endsWith('.json') && f !== `${base}.json`)
    .map((f) => path.join(dir, f));
}

function checkTranslation(englishFile: string, translatedFile: string): void {
  const english = readJson(englishFile);
  const translated = readJson(translatedFile);
  const missing = Object.keys(english).filter((k) => !(k in translated));
  const extra = Object.keys(translated).filter((k) => !(k in english));
  assert.deepEqual(missing, [], `${translatedFile} misses keys of ${englishFile}`);
  assert.deepEqual(extra, [], `${translatedFile} has keys ${englishFile} does not have`);
  for (const [key, entry] of Object.entries(english)) {
    const message = messageOf(entry);
    const t = translated[key];
    assert.ok(typeof t === 'string', `${translatedFile}: "${key}" is not a string`);
    assert.ok(t.trim(), `${translatedFile}: "${key}" is empty`);
    assert.deepEqual(placeholders(t), placeholders(message), `${translatedFile}: "${key}" must keep its placeholders`);
    assert.deepEqual(
      linkTargets(t),
      linkTargets(message),
      `${translatedFile}: "${key}" must keep its links and commands`,
    );
    assert.deepEqual(
      literals(t),
      literals(message),
      `${translatedFile}: "${key}" must keep its \`code\` and #setting# references`,
    );
  }
}

describe('localisation', () => {
  it('l10n/bundle.l10n.json is what `npm run l10n` makes from the source now', function () {
    this.timeout(60_000);
    const out = mkdtempSync(path.join(os.tmpdir(), 'dr-l10n-'));
    try {
      const cli = path.join(REPO, 'node_modules/@vscode/l10n-dev/dist/cli.js');
      const r = spawnSync(process.execPath, [cli, 'export', '--outDir', out, './src'], { cwd: REPO, encoding: 'utf8' });
      assert.equal(r.status, 0, `l10n-dev export failed: ${r.stderr}`);
      const fresh = JSON.parse(readFileSync(path.join(out, 'bundle.l10n.json'), 'utf8')) as Bundle;
      const committed = readJson('l10n/bundle.l10n.json');
      const stale = Object.keys(committed).filter((k) => !(k in fresh));
      const added = Object.keys(fresh).filter((k) => !(k in committed));
      assert.deepEqual({ stale, added }, { stale: [], added: [] }, 'run `npm run l10n` and translate the new strings');
      assert.deepEqual(committed, fresh);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('every l10n/bundle.l10n.<language>.json has exactly the English keys, with their placeholders', () => {
    const bundles = translationsOf('l10n', 'bundle.l10n');
    assert.ok(bundles.includes(path.join('l10n', 'bundle.l10n.de.json')), 'the German bundle exists');
    for (const file of bundles) checkTranslation('l10n/bundle.l10n.json', file);
  });

  it('every package.nls.<language>.json has exactly the keys of package.nls.json, with their links and settings', () => {
    const files = translationsOf('.', 'package.nls');
    assert.ok(files.includes('package.nls.de.json'), 'the German manifest strings exist');
    for (const file of files) checkTranslation('package.nls.json', file);
  });

  it('package.json names its bundle folder, every %key% it uses is in package.nls.json, and every key there is used', () => {
    const manifest = readFileSync(path.join(REPO, 'package.json'), 'utf8');
    assert.equal((JSON.parse(manifest) as { l10n?: string }).l10n, './l10n');
    const used = new Set([...manifest.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]));
    const nls = readJson('package.nls.json');
    assert.deepEqual(
      [...used].filter((k) => !(k in nls)),
      [],
      'keys used in package.json but missing in package.nls.json',
    );
    assert.deepEqual(
      Object.keys(nls).filter((k) => !used.has(k)),
      [],
      'keys in package.nls.json that package.json does not use',
    );
    // What a person reads in the manifest goes through package.nls.json (ids, when clauses and enums are not read).
    const pkg = JSON.parse(manifest) as { contributes: { commands: Array<{ title: string; category: string }> } };
    for (const c of pkg.contributes.commands) {
      assert.match(c.title, /^%.+%$/, `command title ${c.title}`);
      assert.match(c.category, /^%.+%$/, `command category ${c.category}`);
    }
  });

  it("the profile page's English fallbacks are the host's own words (src/webviews/profile/strings.ts)", () => {
    // The page's STRINGS table, evaluated the way the browser would (escapes included).
    const page = readFileSync(path.join(REPO, 'media/profile.js'), 'utf8');
    const table = /const STRINGS = (\{[\s\S]*?\n {2}\});/.exec(page);
    assert.ok(table, 'media/profile.js has a STRINGS table');
    const fallbacks = JSON.parse(JSON.stringify(vm.runInNewContext(`(${table[1]})`))) as Bundle;
    // The host's: `key: vscode.l10n.t('message')` in strings.ts.
    const host = readFileSync(path.join(REPO, 'src/webviews/profile/strings.ts'), 'utf8');
    const hostWords: Record<string, string> = {};
    for (const m of host.matchAll(/(\w+): vscode\.l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)) hostWords[m[1]] = m[2];
    assert.deepEqual(fallbacks, hostWords);
    const english = readJson('l10n/bundle.l10n.json');
    for (const message of Object.values(fallbacks))
      assert.ok(messageOf(message) in english, `"${message}" is in the bundle`);
  });
});
