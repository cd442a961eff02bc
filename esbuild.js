// Bundles the extension into dist/ (`vscode` left external). `--production` minifies and drops source maps;
// `--watch` rebuilds on change; `--metafile FILE` writes esbuild's metafile of every bundle (the bench reads it).
// Types are checked separately by `tsc --noEmit` (npm run typecheck); esbuild only strips them.
//
// A lighter start: dist/extension.js is what VS Code loads at activation; what the tree does not need then is in
// bundles of their own, loaded on first use by a plain require() relative to dist/extension.js:
//   dist/ldap.js    src/directory/ldap/ldapProvider.ts and ldapts  (src/lazy.ts loadLdap(): an LDAP directory opens)
//   dist/demo.js    src/demo/index.ts, the demo directory           (src/lazy.ts loadDemo(): Open Demo Directory)
//   dist/undici.js  undici, the HTTP client of Graph and SCIM       (its first use: a directory's client is made)
// src/lazy.ts requires the TypeScript modules themselves (so tsc checks the types and the unit tests, which run
// tsc's output, load them directly); here those requires become `require('./ldap.js')` and `require('./demo.js')`.
// 'undici' in the activation bundle is UNDICI_STANDIN below: the same names, loading dist/undici.js when called.
//
// One copy of every module: a module that dist/extension.js holds (e.g. src/directory/errors.ts, whose
// DirectoryError is checked with instanceof everywhere) is not bundled again into a lazy bundle; the lazy bundle
// takes it from dist/extension.js at run time (its export __lazyShared). Hence three steps: (1) which modules
// the activation bundle holds, (2) the lazy bundles, (3) the activation bundle, exporting what (2) takes from it.
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

/** Paths are relative to the working folder, as with esbuild's CLI (bench/run.js builds in a temporary copy). */
const cwd = () => process.cwd();

/** The bundles loaded on first use: the file in dist/ and its entry (a source file, or a package). */
const LAZY = [
  { name: 'ldap', entry: 'src/directory/ldap/ldapProvider.ts' },
  { name: 'demo', entry: 'src/demo/index.ts' },
  { name: 'undici', entry: 'undici' },
];

/**
 * 'undici' as the activation bundle (and the LDAP and demo bundles) see it: the names the extension imports,
 * each loading dist/undici.js on first use. A name not listed here fails the build ("No matching export"): add it.
 */
const UNDICI_STANDIN = `
let undici;
const load = () => (undici ??= require('./undici.js'));
export function request(...args) { return load().request(...args); }
export function Agent(...args) { return new (load().Agent)(...args); }
export const errors = new Proxy({}, { get: (_target, name) => load().errors[name] });
`;

/**
 * In a build that must not hold undici (the activation bundle, the LDAP and demo bundles): 'undici' resolves to
 * UNDICI_STANDIN, whose require('./undici.js') (and './ldap.js', './demo.js') stays a run-time require.
 */
function useUndiciStandin(b, resolveDir) {
  b.onResolve({ filter: /^undici$/ }, (args) =>
    args.kind === 'entry-point' ? undefined : { path: 'undici', namespace: 'undici-standin' },
  );
  b.onLoad({ filter: /.*/, namespace: 'undici-standin' }, () => ({
    contents: UNDICI_STANDIN,
    loader: 'js',
    resolveDir,
  }));
  b.onResolve({ filter: /^\.\/(ldap|demo|undici)\.js$/ }, (args) =>
    args.namespace === 'undici-standin' ? { path: args.path, external: true } : undefined,
  );
}

/** Prints errors in the form VS Code's $esbuild-watch problem matcher reads. */
function reportErrors(errors) {
  for (const { text, location } of errors) {
    console.error(`✘ [ERROR] ${text}`);
    if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
  }
}

/**
 * Builds every bundle of `root` (its src/) into `outdir` and returns esbuild's metafiles: { extension, lazy }.
 * Throws esbuild's error (its .errors listed) when a build fails.
 */
async function build({ production = false, root = cwd(), outdir = path.join(root, 'dist') } = {}) {
  // Where src/ really is (bench/run.js links it into a temporary copy): names in the metafile are relative to it.
  const ROOT = path.dirname(fs.realpathSync(path.join(root, 'src')));
  const posix = (file) => path.relative(ROOT, file).split(path.sep).join('/');
  const common = {
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    legalComments: 'none',
    logLevel: 'silent',
    metafile: true,
    absWorkingDir: ROOT,
  };
  const lazyEntries = new Map();
  for (const l of LAZY) {
    if (l.entry.startsWith('src/')) lazyEntries.set(path.join(ROOT, l.entry), l.name);
  }

  /** In the activation bundle: a lazy entry becomes `require('./NAME.js')`, and 'undici' the stand-in. */
  const activationPlugin = {
    name: 'lazy-seams',
    setup(b) {
      useUndiciStandin(b, ROOT);
      b.onResolve({ filter: /^\./ }, async (args) => {
        if (args.pluginData === 'lazy-seams' || args.namespace === 'undici-standin') return undefined;
        const r = await b.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: 'lazy-seams',
        });
        const name = lazyEntries.get(r.path);
        if (!name) return r;
        if (args.kind !== 'require-call') {
          return {
            errors: [
              {
                text: `${posix(r.path)} is loaded on first use (dist/${name}.js): import its types with \`import type\` and load it through src/lazy.ts`,
              },
            ],
          };
        }
        return { path: `./${name}.js`, external: true };
      });
    },
  };

  // 1. What the activation bundle holds.
  const probe = await esbuild.build({
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: path.join(outdir, 'extension.js'),
    write: false,
    plugins: [activationPlugin],
  });
  const inActivation = new Set(Object.keys(probe.metafile.inputs).map((f) => path.join(ROOT, f)));

  // 2. The lazy bundles: each module the activation bundle holds is taken from it (once per module: `shared`).
  const shared = new Map(); // absolute path -> key in __lazyShared
  const lazyPlugin = {
    name: 'lazy-shared',
    setup(b) {
      useUndiciStandin(b, ROOT);
      b.onResolve({ filter: /^\.\/extension\.js$/ }, (args) =>
        args.namespace === 'lazy-shared' ? { path: args.path, external: true } : undefined,
      );
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === 'lazy-shared' || args.kind === 'entry-point' || args.namespace !== 'file')
          return undefined;
        const r = await b.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: 'lazy-shared',
        });
        if (r.errors.length || !inActivation.has(r.path)) return r;
        const key = posix(r.path);
        shared.set(r.path, key);
        return { path: key, namespace: 'lazy-shared' };
      });
      b.onLoad({ filter: /.*/, namespace: 'lazy-shared' }, (args) => ({
        loader: 'js',
        resolveDir: ROOT,
        contents: [
          `// ${args.path}: the one copy in dist/extension.js (loaded by VS Code before this bundle).`,
          `const main = require.cache[require.resolve('./extension.js')];`,
          `if (!main || !main.exports.__lazyShared) throw new Error('dist/extension.js is not loaded');`,
          `module.exports = main.exports.__lazyShared[${JSON.stringify(args.path)}];`,
        ].join('\n'),
      }));
    },
  };
  const lazy = await esbuild.build({
    ...common,
    entryPoints: Object.fromEntries(LAZY.map((l) => [l.name, l.entry])),
    outdir,
    plugins: [lazyPlugin],
  });

  // 3. The activation bundle, exporting the modules the lazy bundles take from it.
  const keys = [...shared.values()].sort();
  const contents = [
    `export * from './src/extension';`,
    ...keys.map((k, i) => `import * as shared${i} from './${k}';`),
    `export const __lazyShared = {${keys.map((k, i) => `${JSON.stringify(k)}: shared${i}`).join(', ')}};`,
  ].join('\n');
  const extension = await esbuild.build({
    ...common,
    stdin: { contents, resolveDir: ROOT, sourcefile: 'src/extension.ts (with __lazyShared)', loader: 'ts' },
    outfile: path.join(outdir, 'extension.js'),
    plugins: [activationPlugin],
  });
  return { extension: extension.metafile, lazy: lazy.metafile };
}

async function main() {
  const argv = process.argv.slice(2);
  const production = argv.includes('--production');
  const watch = argv.includes('--watch');
  const metafileAt = argv.indexOf('--metafile');
  const ROOT = cwd();
  const outdir = path.join(ROOT, 'dist');
  const once = async () => {
    // A stale source map from a dev build must not ride along into a production package.
    fs.rmSync(outdir, { recursive: true, force: true });
    const meta = await build({ production, root: ROOT, outdir });
    if (metafileAt >= 0) fs.writeFileSync(argv[metafileAt + 1], JSON.stringify(meta));
  };
  if (!watch) return once();
  // Watch: rebuild every bundle (the three steps) on any change under src/ or in package.json.
  let running = false;
  let again = false;
  const rebuild = async () => {
    if (running) return void (again = true);
    running = true;
    console.log('[watch] build started');
    try {
      await once();
    } catch (e) {
      reportErrors(e.errors ?? [{ text: String(e) }]);
    }
    console.log('[watch] build finished');
    running = false;
    if (again) {
      again = false;
      void rebuild();
    }
  };
  let timer;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(rebuild, 100);
  };
  fs.watch(path.join(ROOT, 'src'), { recursive: true }, changed);
  fs.watch(path.join(ROOT, 'package.json'), changed);
  await rebuild();
}

module.exports = { build, LAZY };

if (require.main === module) {
  main().catch((e) => {
    if (e && e.errors) reportErrors(e.errors);
    else console.error(e);
    process.exit(1);
  });
}
