// The in-VS Code part of the benchmark (cases 4 and 5), run inside a real extension host by
//   node scripts/run-host-tests.js --tests out/bench/host/index.js --extension <dir with the production bundle>
// (bench/run.js does that). It speaks the protocol of test/host/index.ts: `HOST_BEGIN`, then `HOST_RESULT {...}` as
// the last line, each prefixed with HOST_TEST_LOG_PREFIX; the numbers go to $BENCH_HOST_RESULTS (JSON) and to a
// `BENCH_HOST {...}` line.
//
// 5. Activation: vscode.extensions.getExtension(...).activate() timed from this module, with nothing configured,
//    VS Code's own marks of it (code loading and the activate() call), the dist/ files loaded, and what was
//    started (no demo directory). Then the demo directory's first start: the view open, from the command to
//    the first page of users.
// 4. Memory: the extension host's heap (full GC through v8's --expose-gc flag, set at run time) with the Directory
//    view open, after its first page and after loading 10,000 users into the tree with "Load more"; then before
//    and after opening and closing 50 profile pages that each held a temporary password, with weak references to
//    count the panels and passwords still alive.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import { seedUsers } from '../../src/demo/seed';
import type { DirectoryUser, ResetResult } from '../../src/directory/types';
import type { ExtensionApi } from '../../src/extension';
import { median, now, settledHeap, sleep } from '../lib/util';

const EXTENSION_ID = 'directory-reset.directory-password-reset';
const TREE_USERS = 10_000;
const PROFILE_PAGES = 50;
const READINGS = 3;

export interface HostResults {
  vscodeVersion: string;
  node: string;
  gc: 'exposed' | 'none';
  activation?: {
    wasActiveBefore: boolean;
    activateMs: number;
    demoServerStarted: boolean;
    viewState: string;
    /**
     * VS Code's own marks (code/extHost/...). reportedMs = code loading + the activate() call, the sum "Developer:
     * Show Running Extensions" shows; wallMs runs from loading the code to activate() returned, including VS Code
     * preparing the extension's context (storage, secrets) alongside.
     */
    vscode?: { codeLoadingMs: number; activateCallMs: number; reportedMs: number; wallMs: number };
    /** The extension's dist/ files loaded once it was active. */
    bundlesLoaded: string[];
  };
  /** Open Demo Directory, with the view open: from the command to its first page of users in the tree. */
  demo?: {
    readyMs: number;
    commandMs: number;
    users: number;
    bundlesLoaded: string[];
  };
  tree?: {
    users: number;
    firstPageUsers: number;
    /** Heap readings per state: the median of READINGS readings, each after a full GC. */
    readings: number;
    /** The view closed: VS Code draws nothing, so this is the extension's own data (DirectoryUser + tree node). */
    hidden: TreePhase;
    /** The view open: VS Code asks for a TreeItem per row and keeps what it drew. */
    shown: TreePhase & {
      /** User rows VS Code asked for while the 10,000 loaded (0: it did not draw). */
      treeItemsRequested: number;
      loadMs: number;
      /** "Refresh" back to the first page with the view still open. */
      afterRefresh: number;
      rowKeptAfterRefresh: boolean;
      /** Then the view closed and refreshed once more. */
      afterClose: number;
      rowKeptAfterClose: boolean;
    };
  };
  profiles?: {
    pages: number;
    heapBefore: number;
    /** After half of the pages: growth that is per page would show here at half its final size. */
    heapMiddle: number;
    heapAfter: number;
    growthBytes: number;
    panelsAlive: number;
    passwordsAlive: number;
    openPanelsAfter: number;
    closedBy: string;
  };
  errors: Record<string, string>;
}

let log: (...args: unknown[]) => void = console.log;

function exposeGc(): (() => void) | undefined {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

/** Resolves once `check` holds, or rejects after `ms`. */
async function until(what: string, check: () => boolean, ms = 20_000): Promise<void> {
  const t0 = now();
  while (!check()) {
    if (now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

export async function run(): Promise<void> {
  const prefix = process.env.HOST_TEST_LOG_PREFIX ?? '';
  const raw = console.log;
  log = (...args: unknown[]) =>
    raw(
      prefix +
        util
          .format(...args)
          .split('\n')
          .join('\n' + prefix),
    );
  log('HOST_BEGIN bench');
  const gc = exposeGc();
  const results: HostResults = {
    vscodeVersion: vscode.version,
    node: process.version,
    gc: gc ? 'exposed' : 'none',
    errors: {},
  };
  const step = async (name: string, fn: () => Promise<void>) => {
    const t0 = now();
    try {
      await fn();
      log(`bench: ${name} ${((now() - t0) / 1000).toFixed(1)} s`);
    } catch (e) {
      results.errors[name] = e instanceof Error ? (e.stack ?? e.message) : String(e);
      log(`bench: ${name} FAILED: ${results.errors[name]}`);
    }
  };

  let api: ExtensionApi | undefined;
  await step('activation', async () => {
    const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
    if (!ext) throw new Error(`${EXTENSION_ID} is not installed`);
    const wasActiveBefore = ext.isActive;
    const t0 = now();
    api = await ext.activate();
    const activateMs = now() - t0;
    results.activation = {
      wasActiveBefore,
      activateMs,
      vscode: activationMarks(),
      bundlesLoaded: loadedBundles(ext.extensionPath),
      demoServerStarted: api.commands.manager.demoServer !== undefined,
      viewState: (await api.commands.tree.getChildren()).length === 0 ? api.commands.tree.viewState : 'has rows',
    };
  });
  if (api) {
    await step('demo', () => demoReady(api!, results));
    await step('tree', () => treeMemory(api!, gc, results));
    await step('profiles', () => profileMemory(api!, gc, results));
  }

  const file = process.env.BENCH_HOST_RESULTS;
  if (file) fs.writeFileSync(file, JSON.stringify(results, null, 2));
  log(`BENCH_HOST ${JSON.stringify(results)}`);
  const failures = Object.entries(results.errors).map(([title, message]) => ({
    title,
    message: message.split('\n')[0],
  }));
  log(`HOST_RESULT ${JSON.stringify({ passed: 4 - failures.length, failed: failures.length, failures })}`);
}

/**
 * VS Code's own account of the activation: the extension host marks code/extHost/{will,did}LoadExtensionCode/<id>
 * around require() of the main file and code/extHost/{will,did}ActivateExtension/<id> around the activate() call
 * (globalThis.MonacoPerformanceMarks, VS Code's performance marks in the extension host). They bound the same work
 * as its codeLoadingTime and activateCallTime, whose sum "Developer: Show Running Extensions" shows (its
 * codeLoadingTime also counts reading the extension's l10n bundle, which this extension does not have).
 */
function activationMarks():
  { codeLoadingMs: number; activateCallMs: number; reportedMs: number; wallMs: number } | undefined {
  type Marks = { getMarks(): Array<{ name: string; startTime: number }> };
  const perf = (globalThis as { MonacoPerformanceMarks?: Marks }).MonacoPerformanceMarks;
  if (!perf) return undefined;
  const at = (what: string) =>
    perf.getMarks().find((m) => m.name === `code/extHost/${what}/${EXTENSION_ID}`)?.startTime;
  const willLoad = at('willLoadExtensionCode');
  const didLoad = at('didLoadExtensionCode');
  const willActivate = at('willActivateExtension');
  const didActivate = at('didActivateExtension');
  if (willLoad === undefined || didLoad === undefined || willActivate === undefined || didActivate === undefined)
    return undefined;
  const codeLoadingMs = didLoad - willLoad;
  const activateCallMs = didActivate - willActivate;
  return { codeLoadingMs, activateCallMs, reportedMs: codeLoadingMs + activateCallMs, wallMs: didActivate - willLoad };
}

/** The extension's dist/ files that Node has loaded in this extension host (VS Code requires the main file). */
function loadedBundles(extensionPath: string): string[] {
  const dist = fs.realpathSync(path.join(extensionPath, 'dist')) + path.sep;
  return Object.keys(require.cache)
    .filter((f) => f.startsWith(dist))
    .map((f) => f.slice(dist.length))
    .sort();
}

/**
 * The demo directory's first start, as a person starts it: the Directory view open, Open Demo Directory, then
 * until the tree has the first page of users (the view asks for it after the command). Includes loading
 * dist/demo.js and dist/undici.js, seeding the users and starting the server.
 */
async function demoReady(api: ExtensionApi, results: HostResults): Promise<void> {
  const { tree, treeView } = api.commands;
  await vscode.commands.executeCommand('workbench.view.extension.directoryReset');
  await until('the Directory view to show', () => treeView.visible, 5_000);
  await sleep(200);
  const t0 = now();
  await vscode.commands.executeCommand('directoryReset.openDemoDirectory');
  const commandMs = now() - t0;
  await until('the first page of the demo directory', () => tree.loadedUsers.length > 0, 10_000);
  const readyMs = now() - t0;
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  results.demo = {
    readyMs,
    commandMs,
    users: tree.loadedUsers.length,
    bundlesLoaded: loadedBundles(ext.extensionPath),
  };
}

interface TreePhase {
  heapFirstPage: number;
  heapAllUsers: number;
  bytesPerThousand: number;
  /** Whether a row of the 10,000 (its UserNode) was gone after a refresh back to the first page. */
  released?: boolean;
}

async function treeMemory(api: ExtensionApi, gc: (() => void) | undefined, results: HostResults): Promise<void> {
  const { tree, manager } = api.commands;
  await vscode.commands.executeCommand('directoryReset.openDemoDirectory');
  const server = manager.demoServer;
  if (!server) throw new Error('the demo directory did not start');
  // The demo holds 2,500 users; give it 10,000 (the same generator, more of them).
  server.users.clear();
  for (const u of seedUsers(TREE_USERS)) server.users.set(u.id, u);

  // What VS Code asks for while it draws the view: it turns each user row into a TreeItem (UserNode.toTreeItem).
  let treeItems = 0;
  let lastAsked = now();
  tree.refresh();
  await tree.getChildren();
  const someUser = tree.findNode(tree.loadedUsers[0]?.id ?? '');
  if (!someUser) throw new Error('no user in the first page');
  const proto = Object.getPrototypeOf(someUser) as { toTreeItem: (this: unknown) => vscode.TreeItem };
  const toTreeItem = proto.toTreeItem;
  proto.toTreeItem = function (this: unknown) {
    treeItems++;
    lastAsked = now();
    return toTreeItem.call(this);
  };

  const showView = async () => {
    await vscode.commands.executeCommand('workbench.view.extension.directoryReset');
    await until('the Directory view to show', () => api.commands.treeView.visible, 5_000);
  };
  const hideView = async () => {
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await until('the Directory view to hide', () => !api.commands.treeView.visible, 5_000);
  };
  /** Waits until VS Code has asked for a tree item per loaded user since `since`, then for nothing for 300 ms. */
  const drawn = async (since: number) => {
    const t0 = now();
    while (treeItems - since < tree.loadedUsers.length && now() - t0 < 20_000) await sleep(20);
    while (now() - lastAsked < 300 && now() - t0 < 25_000) await sleep(50);
  };
  const loadAll = async () => {
    await tree.getChildren();
    while (tree.loadedUsers.length < TREE_USERS) {
      const before = tree.loadedUsers.length;
      await tree.loadMore();
      if (tree.loadedUsers.length === before) throw new Error(`"Load more" stopped at ${before} users`);
    }
  };
  const heap = async () => {
    const r: number[] = [];
    for (let i = 0; i < READINGS; i++) r.push((await settledHeap(gc)).heapUsed);
    return median(r);
  };
  const perThousand = (a: number, b: number, firstPage: number) => ((b - a) / (TREE_USERS - firstPage)) * 1000;
  const rowRef = () => new WeakRef(tree.findNode(tree.loadedUsers[TREE_USERS / 2].id) as object);

  const tPhase = now();
  const mark = (what: string) => log(`bench:   tree: ${what} at ${((now() - tPhase) / 1000).toFixed(1)} s`);
  // Phase 1, the view closed: only the extension's own objects.
  await hideView();
  tree.refresh();
  await tree.getChildren();
  const firstPageUsers = tree.loadedUsers.length;
  server.clearRequests();
  const h1 = await heap();
  await loadAll();
  server.clearRequests();
  const h2 = await heap();
  let row = rowRef();
  tree.refresh();
  await tree.getChildren();
  await heap();
  const hidden: TreePhase = {
    heapFirstPage: h1,
    heapAllUsers: h2,
    bytesPerThousand: perThousand(h1, h2, firstPageUsers),
    released: row.deref() === undefined,
  };

  mark('view closed, measured');
  // Phase 2, the view open, as a person scrolling through the directory sees it.
  let since = treeItems;
  await showView();
  await tree.getChildren();
  await drawn(since);
  server.clearRequests();
  const h3 = await heap();
  since = treeItems;
  const t0 = now();
  await loadAll();
  await drawn(since);
  const loadMs = now() - t0;
  const treeItemsRequested = treeItems - since;
  server.clearRequests();
  const h4 = await heap();
  mark('view open, 10,000 drawn and measured');
  row = rowRef();
  since = treeItems;
  tree.refresh();
  await tree.getChildren();
  await drawn(since);
  const afterRefresh = await heap();
  const rowKeptAfterRefresh = row.deref() !== undefined;
  await hideView();
  tree.refresh();
  await sleep(2_000);
  const afterClose = await heap();
  const rowKeptAfterClose = row.deref() !== undefined;

  results.tree = {
    users: TREE_USERS,
    firstPageUsers,
    readings: READINGS,
    hidden,
    shown: {
      heapFirstPage: h3,
      heapAllUsers: h4,
      bytesPerThousand: perThousand(h3, h4, firstPageUsers),
      treeItemsRequested,
      loadMs,
      afterRefresh,
      rowKeptAfterRefresh,
      afterClose,
      rowKeptAfterClose,
    },
  };
}

async function profileMemory(api: ExtensionApi, gc: (() => void) | undefined, results: HostResults): Promise<void> {
  const { profiles, manager, tree } = api.commands;
  const directory = manager.current;
  if (!directory) throw new Error('no active directory');
  await tree.getChildren(); // the first page: users to open
  const users = tree.loadedUsers.slice(0, PROFILE_PAGES + 5);
  if (users.length < PROFILE_PAGES + 5) throw new Error(`only ${users.length} users loaded`);
  const panelRefs: WeakRef<object>[] = [];
  const passwordRefs: WeakRef<object>[] = [];
  let closedBy = 'closing the tab (workbench.action.closeActiveEditor)';

  const cycle = async (user: DirectoryUser, track: boolean) => {
    await vscode.commands.executeCommand('directoryReset.openProfile', { user });
    const panel = profiles.get(directory.name, user.id);
    if (!panel) throw new Error(`no profile page for ${user.id}`);
    await panel.whenLoaded();
    const result: ResetResult = {
      temporaryPassword: `Bench-${user.id.slice(0, 8)}-${Math.random().toString(36).slice(2)}!Aa7`,
      method: 'systemGenerated',
      mustChangeAtNextSignIn: true,
      completedAt: new Date(),
    };
    profiles.showResetResult(directory.provider, user, result);
    if (!panel.hasPassword) throw new Error('the page did not take the password');
    if (track) {
      panelRefs.push(new WeakRef(panel));
      passwordRefs.push(new WeakRef(result));
    }
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    try {
      await until('the profile page to close', () => panel.isDisposed, 5_000);
    } catch {
      closedBy = 'ProfilePanel.dispose() (closing the tab did not close it in time)';
      panel.dispose();
    }
  };

  for (const u of users.slice(PROFILE_PAGES)) await cycle(u, false); // warm-up: webview machinery, JIT
  const before = (await settledHeap(gc)).heapUsed;
  const half = PROFILE_PAGES / 2;
  for (const u of users.slice(0, half)) await cycle(u, true);
  const middle = (await settledHeap(gc)).heapUsed;
  for (const u of users.slice(half, PROFILE_PAGES)) await cycle(u, true);
  const after = (await settledHeap(gc)).heapUsed;
  await sleep(50); // weak references are kept alive until the job that made them ends
  await settledHeap(gc);
  results.profiles = {
    pages: PROFILE_PAGES,
    heapBefore: before,
    heapMiddle: middle,
    heapAfter: after,
    growthBytes: after - before,
    panelsAlive: panelRefs.filter((r) => r.deref() !== undefined).length,
    passwordsAlive: passwordRefs.filter((r) => r.deref() !== undefined).length,
    openPanelsAfter: profiles.size,
    closedBy,
  };
}
