// Shared by the security suites: the test directory, providers signed in to it, and a logger that keeps lines.
import { ClientCredentialsTokenSource } from '../../src/auth/clientCredentialsTokenSource';
import { StaticTokenSource } from '../../src/auth/staticTokenSource';
import { startGraphServer, type GraphServer, type GraphServerOptions } from '../../src/demo/graphServer';
import { seedUsers } from '../../src/demo/seed';
import type { DirectoryError } from '../../src/directory/errors';
import { GraphProvider, type GraphProviderOptions } from '../../src/directory/graph/graphProvider';
import type { Logger } from '../../src/directory/types';
import { recordingLogger } from './recording';

export { recordingLogger, type RecordingLogger } from './recording';

/** A test directory per test, and providers signed in to it; everything is closed after each test. */
export function directoryFixture(serverOptions: GraphServerOptions = {}) {
  const fx = {
    server: undefined as unknown as GraphServer,
    logger: recordingLogger(),
    providers: [] as GraphProvider[],
    /** Signed in as the demo's helpdesk operator (User Administrator), delegated: resets use resetPassword. */
    delegated(options: Partial<GraphProviderOptions> = {}): GraphProvider {
      const p = new GraphProvider({
        name: 'Test directory',
        graphEndpoint: fx.server.url,
        tokenSource: new StaticTokenSource(() => fx.server.delegatedToken, true),
        logger: fx.logger,
        pollIntervalMs: 20,
        ...options,
        http: { backoffMs: 20, ...options.http },
      });
      fx.providers.push(p);
      return p;
    },
    /** App-only with a real client-credentials token: resets use PATCH passwordProfile. */
    appOnly(options: Partial<GraphProviderOptions> = {}): GraphProvider {
      const tokenSource = appTokenSource(fx.server, fx.logger);
      return fx.delegated({ tokenSource, ...options });
    },
    /** Requests to Graph (not the token endpoint). */
    graphRequests() {
      return fx.server.requests.filter((r) => r.path.startsWith('/v1.0/'));
    },
    async restart(options: GraphServerOptions): Promise<void> {
      await Promise.all(fx.providers.splice(0).map((p) => p.dispose()));
      await fx.server.close();
      fx.server = await startGraphServer({ users: seedUsers(60, 7), operationRetryAfter: '0.02', ...options });
    },
  };
  beforeEach(async () => {
    fx.server = await startGraphServer({ users: seedUsers(60, 7), operationRetryAfter: '0.02', ...serverOptions });
    fx.logger = recordingLogger();
  });
  afterEach(async () => {
    await Promise.all(fx.providers.splice(0).map((p) => p.dispose()));
    await fx.server.close();
  });
  return fx;
}

/** For assert.rejects: checks the error's kind (and message) and returns true. */
export function kind(expected: DirectoryError['kind'], message?: RegExp) {
  return (e: unknown): true => {
    const err = e as DirectoryError;
    if (err?.kind !== expected) {
      throw new Error(
        `expected a DirectoryError of kind ${expected}, got ${err?.kind ?? 'none'}: ${String((err as Error)?.message ?? e)}`,
      );
    }
    if (message && !message.test(err.message + ' ' + err.nextStep)) {
      throw new Error(`message ${JSON.stringify(err.message + ' ' + err.nextStep)} does not match ${message}`);
    }
    return true;
  };
}

export const errorBody = (code: string, message = code) => ({ error: { code, message } });

/** Directory data built to break a page: HTML, script, direction override, control characters, 100,000 characters. */
export const HOSTILE_PROFILE = {
  displayName: '<img src=x onerror="window.__pwned=\'displayName\'">',
  signInName: '<script>window.__pwned="upn"</script>@contoso.example',
  mail: 'eve\u202egnp.exe@contoso.example',
  jobTitle: '<svg onload="window.__pwned=\'jobTitle\'"></svg>',
  department: 'Sales\u0000\u001b[31m\u2028line',
  userType: '<a href="javascript:window.__pwned=1">x</a>',
  resetRefusal: '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  huge: 'W'.repeat(100_000),
};

/** App-only tokens from the test directory's token endpoint (client credentials with its secret). */
export function appTokenSource(server: GraphServer, logger: Logger): ClientCredentialsTokenSource {
  return new ClientCredentialsTokenSource({
    directoryName: 'Test directory',
    authorityHost: server.url,
    tenantId: server.tenantId,
    clientId: server.clientId,
    graphEndpoint: server.url,
    getSecret: async () => server.clientSecret,
    logger,
  });
}
