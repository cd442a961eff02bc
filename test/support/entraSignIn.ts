// The world of the "real Microsoft sign-in" journeys (test/ui/microsoftSignIn.test.ts): VS Code's own Microsoft
// authentication extension, unchanged, inside code-server, signing a person in against a test Entra authority.
//
// How it stays offline without touching the machine: the built-in extension (MSAL for Node) always talks to
// https://login.microsoftonline.com. code-server is started in a private mount namespace (`unshare --mount`) where a
// hosts file of ours is bind-mounted over /etc/hosts, mapping that name to 127.0.0.1; the test authority
// (test/fixtures/entraAuthority.ts) listens on 127.0.0.1:443 with a certificate from a test CA that code-server's
// Node trusts through NODE_EXTRA_CA_CERTS. The machine's /etc/hosts is never changed; the mount lives as long as
// code-server. Needs root (unshare, mount, port 443); the journeys are skipped, with the reason, otherwise.
//
// Two Graph test directories (src/demo/graphServer.ts), one per tenant, accept the authority's tokens when they are
// valid, for their tenant and their address (audience).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startGraphServer, type GraphServer, type RecordedRequest } from '../../src/demo/graphServer';
import { FIXED_USERS } from '../../src/demo/seed';
import {
  MICROSOFT_LOGIN_HOST,
  startEntraAuthority,
  type EntraAuthority,
  type IssuedToken,
} from '../fixtures/entraAuthority';
import { RESULTS_DIR, ROOT, Session, UI_TIMEOUT_MS, until, type Workbench } from './harness';

// scripts/lib/processes.js: temp folders that are removed when this process exits, whatever happens.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cs = require(path.join(ROOT, 'scripts', 'lib', 'index.js'));

export const CLIENT_ID = '5b1f6a52-8d2e-4c7a-9f0b-0c2d6e1a7b33';
export const CONTOSO = { id: '7c1e4b2a-3f5d-4e6b-8a9c-0d1e2f3a4b5c', domain: 'contoso.onmicrosoft.com' };
export const FABRIKAM = { id: 'e2d3c4b5-a697-4881-b9c0-d1e2f3a4b5c6', domain: 'fabrikam.onmicrosoft.com' };
export const CONTOSO_OPERATOR = {
  oid: FIXED_USERS.demoOperator,
  username: `helpdesk.operator@${CONTOSO.domain}`,
  name: 'Demo Helpdesk Operator',
};
export const FABRIKAM_OPERATOR = {
  oid: FIXED_USERS.harperHelpdesk,
  username: `harper.helpdesk@${FABRIKAM.domain}`,
  name: 'Harper Helpdesk',
};

/** Why the real-provider journeys cannot run here, or undefined when they can. */
export async function realSignInUnavailable(): Promise<string | undefined> {
  if (process.platform !== 'linux') return 'needs Linux (unshare --mount)';
  if (typeof process.getuid === 'function' && process.getuid() !== 0)
    return 'needs root (unshare --mount, mount --bind, port 443)';
  const probe = spawnSync('unshare', ['--mount', '--propagation', 'private', 'true'], { encoding: 'utf8' });
  if (probe.status !== 0)
    return `unshare --mount does not work here (${(probe.stderr || probe.error?.message || '').trim()})`;
  const free = await new Promise<boolean>((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(443, '127.0.0.1', () => s.close(() => resolve(true)));
  });
  if (!free) return '127.0.0.1:443 is in use (another run of these journeys?)';
  return undefined;
}

/** A Graph test directory for one tenant that accepts the authority's tokens; `presented` lists which ones. */
export interface TenantDirectory {
  readonly graph: GraphServer;
  readonly tenantId: string;
  /** Per request to the directory: the authority's token it carried (its jti and claims, never the token). */
  readonly presented: { path: string; method: string; jti: string; claims?: string; at: number }[];
}

export interface EntraWorld {
  readonly authority: EntraAuthority;
  readonly contoso: TenantDirectory;
  readonly fabrikam: TenantDirectory;
  readonly hostsFile: string;
  /** code-server options for Session.start: the namespace, the CA, the peer extension. */
  readonly codeServer: { env: Record<string, string>; privateMounts: Record<string, string>; alsoInstall: string[] };
  close(): Promise<void>;
}

async function tenantDirectory(
  authority: EntraAuthority,
  tenantId: string,
  operatorOid: string,
): Promise<TenantDirectory> {
  const presented: TenantDirectory['presented'] = [];
  let graph: GraphServer | undefined;
  const accept = (token: string, request: RecordedRequest): string | undefined => {
    const t: IssuedToken | undefined = authority.verify(token);
    if (!t || !graph) return undefined;
    presented.push({ path: request.path, method: request.method, jti: t.jti, claims: t.claims, at: Date.now() });
    if (t.tenantId !== tenantId || t.aud !== graph.url) return undefined;
    return t.oid === operatorOid ? operatorOid : undefined;
  };
  graph = await startGraphServer({
    tenantId,
    clientId: CLIENT_ID,
    acceptToken: accept,
    delegatedCallerId: operatorOid,
  });
  return { graph, tenantId, presented };
}

export async function startEntraWorld(): Promise<EntraWorld> {
  // Removed by close(), or by the harness when the run is interrupted (scripts/lib/processes.js makeTmpDir).
  const tmp: string = cs.makeTmpDir('dr-entra-world-');
  const closers: (() => Promise<void> | void)[] = [() => cs.removeTmpDir(tmp)];
  const close = async () => {
    for (const c of closers.reverse()) await Promise.resolve(c()).catch(() => undefined);
  };
  try {
    const certDir = path.join(tmp, 'certs');
    fs.mkdirSync(certDir);
    const authority = await startEntraAuthority({
      certDir,
      tenants: [
        { id: CONTOSO.id, domains: [CONTOSO.domain] },
        { id: FABRIKAM.id, domains: [FABRIKAM.domain] },
      ],
      users: [
        { ...CONTOSO_OPERATOR, tenantId: CONTOSO.id },
        { ...FABRIKAM_OPERATOR, tenantId: FABRIKAM.id },
      ],
    });
    closers.push(() => authority.close());
    const contoso = await tenantDirectory(authority, CONTOSO.id, CONTOSO_OPERATOR.oid);
    closers.push(() => contoso.graph.close());
    const fabrikam = await tenantDirectory(authority, FABRIKAM.id, FABRIKAM_OPERATOR.oid);
    closers.push(() => fabrikam.graph.close());

    // The namespace's /etc/hosts: the machine's own lines, then the Microsoft sign-in names on 127.0.0.1.
    const hostsFile = path.join(tmp, 'hosts');
    const own = fs.readFileSync('/etc/hosts', 'utf8');
    fs.writeFileSync(
      hostsFile,
      `${own.trimEnd()}\n# directory-reset UI tests: the test Entra authority\n127.0.0.1 ${MICROSOFT_LOGIN_HOST} login.windows.net login.microsoft.com\n`,
    );

    // The peer extension, laid out the way an installed extension is (package.json + dist/extension.js).
    const peerSource = path.join(ROOT, 'test', 'fixtures', 'tokenPeerExtension');
    const peerDir = path.join(tmp, 'token-peer');
    fs.mkdirSync(path.join(peerDir, 'dist'), { recursive: true });
    fs.copyFileSync(path.join(peerSource, 'package.json'), path.join(peerDir, 'package.json'));
    fs.copyFileSync(path.join(peerSource, 'extension.js'), path.join(peerDir, 'dist', 'extension.js'));

    // Trust for the test CA. NODE_EXTRA_CA_CERTS alone is not enough: VS Code's extension host replaces the global
    // fetch (@vscode/proxy-agent, `http.fetchAdditionalSupport`) with one that passes its own `ca` list, Node's
    // bundled roots plus the *system* store (tls.getCACertificates('system'), i.e. OpenSSL's SSL_CERT_FILE /
    // default paths, or /etc/ssl/certs/ca-certificates.crt), and an explicit `ca` leaves the extra certificates
    // out. So the namespace also sees a system bundle that holds the machine's CAs plus the test CA: through
    // SSL_CERT_FILE, and bind-mounted over the machine's bundle path (inside the namespace only).
    const systemBundle = ['/etc/ssl/certs/ca-certificates.crt', process.env.SSL_CERT_FILE ?? ''].find(
      (f) => f && fs.existsSync(f),
    );
    const caBundle = path.join(tmp, 'ca-bundle.crt');
    const testCa = fs.readFileSync(authority.caFile, 'utf8');
    fs.writeFileSync(
      caBundle,
      `${systemBundle ? fs.readFileSync(systemBundle, 'utf8').trimEnd() + '\n' : ''}${testCa}`,
    );
    const privateMounts: Record<string, string> = { '/etc/hosts': hostsFile };
    if (fs.existsSync('/etc/ssl/certs/ca-certificates.crt'))
      privateMounts['/etc/ssl/certs/ca-certificates.crt'] = caBundle;

    return {
      authority,
      contoso,
      fabrikam,
      hostsFile,
      codeServer: {
        env: { NODE_EXTRA_CA_CERTS: authority.caFile, SSL_CERT_FILE: caBundle },
        privateMounts,
        alsoInstall: [peerDir],
      },
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

/** A directory entry signed in with VS Code's Microsoft account. */
export function graphDirectory(name: string, tenantId: string, dir: TenantDirectory): Record<string, unknown> {
  return {
    name,
    provider: 'microsoftGraph',
    tenantId,
    clientId: CLIENT_ID,
    graphEndpoint: dir.graph.url,
    authentication: 'vscode',
  };
}

/** The scopes the extension asks for (as in src/auth/vscodeTokenSource.ts), to set up the peer with other ones. */
export function peerScopes(tenant: string, dir: TenantDirectory): string[] {
  return [`VSCODE_CLIENT_ID:${CLIENT_ID}`, `VSCODE_TENANT:${tenant}`, `${dir.graph.url}/User.Read`];
}

/** The list requests (GET /v1.0/users, first pages and searches) the directory received since `since`. */
export function listRequests(dir: TenantDirectory, since = 0): RecordedRequest[] {
  return dir.graph.requests.filter((r) => r.method === 'GET' && /\/v1\.0\/users$/.test(r.path) && r.at >= since);
}

/** Clicks the button of a modal dialog whose text matches `text` (VS Code's DOM dialogs). */
export async function answerDialog(wb: Workbench, text: RegExp, button: string): Promise<string> {
  const dialog = wb.dialog.filter({ hasText: text });
  await dialog.waitFor({ timeout: UI_TIMEOUT_MS });
  const shown = await dialog.innerText();
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  return shown;
}

/**
 * VS Code asking whether an extension may use the Microsoft account. For an extension without a session it shows
 * a modal "The extension '<name>' wants to sign in using Microsoft." (Allow); when the provider already has
 * sessions for the scopes, the picker "The extension '<name>' wants to access a Microsoft account" follows, with
 * the accounts and "Sign in to another account" (then `username` is picked). Answers what comes.
 */
export async function answerAccessRequest(
  wb: Workbench,
  extension: RegExp,
  username: string | undefined,
): Promise<'modal' | 'modal+picker'> {
  const modal = wb.dialog.filter({ hasText: /wants to sign in using Microsoft/ }).filter({ hasText: extension });
  await modal.waitFor({ timeout: 30_000 });
  await modal.getByRole('button', { name: 'Allow', exact: true }).click();
  await modal.waitFor({ state: 'hidden' });
  if (!username) return 'modal';
  const picker = wb.quickInput
    .filter({ hasText: /wants to access a Microsoft account/ })
    .filter({ hasText: extension });
  await picker.waitFor({ timeout: UI_TIMEOUT_MS });
  const row = wb.quickPickRows.filter({ hasText: new RegExp(`^${username.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });
  await row.first().click();
  await picker.waitFor({ state: 'hidden' });
  return 'modal+picker';
}

/**
 * A claims challenge as Microsoft Graph sends it under continuous access evaluation: 401 with
 * `WWW-Authenticate: Bearer ..., error="insufficient_claims", claims="<base64 JSON>"`.
 */
export function claimsChallenge(): { header: string; claims: string } {
  const claims = JSON.stringify({
    access_token: { nbf: { essential: true, value: String(Math.floor(Date.now() / 1000)) } },
  });
  const header =
    `Bearer realm="", authorization_uri="https://${MICROSOFT_LOGIN_HOST}/common/oauth2/authorize", ` +
    `client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", ` +
    `claims="${Buffer.from(claims).toString('base64')}"`;
  return { header, claims };
}

/**
 * In code-server (a browser client on 127.0.0.1, a remote extension host) the provider first tries its "protocol
 * handler" flow: it asks to open https://login.microsoftonline.com/<tenant>/oauth2/v2.0/authorize in a new tab,
 * with https://vscode.dev/redirect as the redirect URI. Offline that page cannot be reached, so the person does
 * what one does: Cancel the website, Cancel "Signing in to Microsoft...", and answer Yes to "Having trouble logging
 * in? Would you like to try a different way? (device code)". Returns the authorize URL that was offered.
 */
export async function leaveProtocolHandlerFlow(wb: Workbench): Promise<string> {
  const openSite = wb.dialog.filter({ hasText: /open the external website/ });
  await openSite.waitFor({ timeout: 30_000 });
  const offered = await openSite.innerText();
  await openSite.getByRole('button', { name: 'Cancel', exact: true }).click();
  await openSite.waitFor({ state: 'hidden' });
  const signingIn = wb.toasts.filter({ hasText: 'Signing in to Microsoft...' });
  await signingIn.getByRole('button', { name: 'Cancel', exact: true }).click();
  const differentWay = wb.toasts.filter({ hasText: /Would you like to try a different way\? \(device code\)/ });
  await differentWay.getByRole('button', { name: 'Yes', exact: true }).click();
  return offered;
}

/**
 * The device-code sign-in as a person does it, from the moment the Microsoft provider starts it: VS Code's modal
 * shows the one-time code; "Copy & Continue to Microsoft" opens the verification page in a new tab; the person
 * types the code, picks `username`, and the page says they are signed in. Returns the code shown.
 */
export async function completeDeviceCodeSignIn(session: Session, username: string): Promise<string> {
  const { wb, page } = session;
  await leaveProtocolHandlerFlow(wb);
  const dialog = wb.dialog.filter({ hasText: /Your Code: / });
  await dialog.waitFor({ timeout: 30_000 });
  const text = await dialog.innerText();
  const m = /Your Code: ([A-Z0-9-]+)/.exec(text);
  if (!m) throw new Error(`no code in the dialog: ${text}`);
  const tabOpened = page.context().waitForEvent('page', { timeout: UI_TIMEOUT_MS });
  await dialog.getByRole('button', { name: 'Copy & Continue to Microsoft' }).click();
  const tab: Page = await tabOpened;
  try {
    await tab.waitForLoadState('domcontentloaded');
    await tab.getByLabel('Code').fill(m[1]);
    await tab.getByRole('button', { name: 'Next' }).click();
    await tab.getByRole('button', { name: new RegExp(username.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).click();
    await tab.getByRole('heading', { name: 'You have signed in' }).waitFor();
  } finally {
    await tab.close().catch(() => undefined);
  }
  return m[1];
}

/** Waits until the provider's progress notification about the code has gone (the sign-in finished). */
export async function deviceCodeNotificationGone(wb: Workbench): Promise<void> {
  await until(
    'the device-code notification to go',
    async () => (await wb.toasts.filter({ hasText: /one-time code/ }).count()) === 0,
    30_000,
  );
}

/**
 * For a failed journey: what the authority and the directories received (no tokens are recorded anywhere) and the
 * Microsoft provider's own log ("Microsoft Authentication" output channel), in test-results/ui/<title>.sign-in.log.
 */
export function saveSignInTrace(session: Session, world: EntraWorld, title: string): string {
  const file = path.join(
    RESULTS_DIR,
    `${title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 90)}.sign-in.log`,
  );
  const lines: string[] = ['===== authority requests'];
  for (const r of world.authority.requests)
    lines.push(`${new Date(r.at).toISOString()} ${r.method} ${r.url} -> ${r.status} (${r.kind})`);
  lines.push('===== token grants');
  for (const g of world.authority.grants)
    lines.push(
      `${new Date(g.at).toISOString()} ${g.grantType} tenant=${g.tenant} client=${g.clientId} scopes=${g.scopes.join(' ')} claims=${g.claims ?? '-'} -> ${g.outcome}${g.tokenId ? ` jti=${g.tokenId}` : ''}`,
    );
  for (const [name, dir] of [
    ['contoso', world.contoso],
    ['fabrikam', world.fabrikam],
  ] as const) {
    lines.push(`===== ${name} directory requests`);
    for (const r of dir.graph.requests)
      lines.push(`${new Date(r.at).toISOString()} ${r.method} ${r.path}${r.search} -> ${r.status}`);
  }
  const walk = (d: string): string[] => {
    let out: string[] = [];
    for (const e of fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }) : []) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) out = out.concat(walk(full));
      else if (/^Microsoft Authentication\.log$/.test(e.name)) out.push(full);
    }
    return out;
  };
  for (const f of walk(path.join(session.server.userDataDir, 'logs'))) {
    lines.push(`===== ${path.relative(session.server.userDataDir, f)}`, fs.readFileSync(f, 'utf8'));
  }
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  // Test tokens only, but a token is never written out: anything shaped like a JWT, a refresh token or a device
  // code (a long base64url run) is masked.
  const masked = lines
    .join('\n')
    .replace(/eyJ[\w-]+\.[\w-]+\.[\w-]*/g, '<jwt>')
    .replace(/[A-Za-z0-9_-]{40,}/g, '<secret>');
  fs.writeFileSync(file, masked + '\n');
  return file;
}
