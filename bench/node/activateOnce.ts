// Case 5 (Node side), one cold start in a fresh process: require() the production bundle with a stand-in for the
// 'vscode' module, then call activate() with an empty extension context, as VS Code does with nothing configured.
// Prints one JSON line: {requireMs, activateMs, sockets, listens, commands, error?}. sockets/listens count outgoing
// connections and servers started during require + activate (both must be 0: nothing touches the network).
//
// Usage: node out/bench/node/activateOnce.js <path to dist/extension.js>
import * as fs from 'node:fs';
import * as net from 'node:net';
import Module from 'node:module';

const bundle = process.argv[2];
let sockets = 0;
let listens = 0;
// The originals are wrapped, called with the socket or server as `this` (see the wrappers' apply).
// eslint-disable-next-line @typescript-eslint/unbound-method -- see the line above
const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
  sockets++;
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
};
// eslint-disable-next-line @typescript-eslint/unbound-method -- called through apply with the server as `this`
const originalListen = net.Server.prototype.listen;
net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]) {
  listens++;
  return (originalListen as (...a: unknown[]) => net.Server).apply(this, args);
} as typeof net.Server.prototype.listen;

const commands: string[] = [];

/**
 * A stand-in for the whole 'vscode' API: every property is another stand-in, every call and `new` returns one.
 * It is not thenable (so `await` on a result resolves), turns into '' in strings, and records registerCommand.
 */
function stub(path: string): unknown {
  const target = function () {
    /* callable */
  };
  return new Proxy(target, {
    get(_t, key) {
      if (key === 'then') return undefined;
      if (key === Symbol.toPrimitive) return () => (path.endsWith('.version') ? '1.100.0' : '');
      if (key === Symbol.iterator) return undefined;
      if (key === 'prototype') return {};
      return stub(`${path}.${String(key)}`);
    },
    apply(_t, _this, args) {
      if (path.endsWith('commands.registerCommand')) commands.push(String(args[0]));
      return stub(`${path}()`);
    },
    construct() {
      return stub(`new ${path}`) as object;
    },
  });
}

/**
 * The module object: a plain object with every top-level name of the real API (read from @types/vscode), because
 * the bundle's ESM interop (esbuild's __toESM) copies the module's own properties.
 */
function vscodeModule(): Record<string, unknown> {
  const dts = fs.readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
  const names = new Set(
    [...dts.matchAll(/^\texport (?:class|namespace|enum|const|let|function) (\w+)/gm)].map((m) => m[1]),
  );
  const api: Record<string, unknown> = {};
  for (const name of names) api[name] = name === 'version' ? '1.100.0' : stub(`vscode.${name}`);
  return api;
}

const vscodeStub = vscodeModule();
const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const originalLoad = loader._load;
loader._load = function (request: string, ...rest: unknown[]) {
  if (request === 'vscode') return vscodeStub;
  return originalLoad.call(this, request, ...rest);
};

function memento() {
  const m = new Map<string, unknown>();
  return {
    get: (k: string, d?: unknown) => (m.has(k) ? m.get(k) : d),
    update: async (k: string, v: unknown) => void m.set(k, v),
    keys: () => [...m.keys()],
  };
}

async function main(): Promise<void> {
  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ext = require(bundle) as { activate(context: unknown): unknown };
  const t1 = performance.now();
  const context = {
    subscriptions: [] as unknown[],
    extensionUri: stub('extensionUri'),
    extensionPath: '/nonexistent',
    secrets: {
      get: async () => undefined,
      store: async () => undefined,
      delete: async () => undefined,
      onDidChange: stub('secrets.onDidChange'),
    },
    globalState: memento(),
    workspaceState: memento(),
  };
  await ext.activate(context);
  const t2 = performance.now();
  process.stdout.write(
    `${JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, sockets, listens, commands: commands.length, subscriptions: context.subscriptions.length })}\n`,
  );
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stdout.write(`${JSON.stringify({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) })}\n`);
    process.exit(1);
  },
);
