// The demo directory as a connection, opened the way a configured Microsoft Graph directory is: Graph's provider
// with the same settings (graphProviderFor), against the demo server on 127.0.0.1. Its sign-in is the server's own
// token (StaticTokenSource, acting as the demo's helpdesk operator), so there is nothing to sign in to or out of.
import { StaticTokenSource } from '../auth/staticTokenSource';
import type { GraphServer, TestInstruments } from '../demo/index';
import { loadDemo } from '../lazy';
import type { Connection, ConnectionDeps } from './connection';
import { graphProviderFor } from './graphProviderFor';

export const DEMO_DIRECTORY_NAME = 'Demo directory (Contoso)';

export interface DemoConnection extends Connection {
  /** The demo server; whoever opened the connection closes it. */
  readonly server: GraphServer;
}

/**
 * Starts the demo server (dist/demo.js, loaded on first use) and connects to it. `instruments`: tests only, so that
 * the demo records its requests and resets and takes injected faults; a person's demo keeps nothing.
 */
export async function openDemoConnection(deps: ConnectionDeps, instruments?: TestInstruments): Promise<DemoConnection> {
  const { startDemoDirectory } = loadDemo();
  const server = await startDemoDirectory({ instruments });
  server.setDelegatedCallerRoles(demoSignedInRoles(deps.setting));
  const tokens = new StaticTokenSource(() => server.delegatedToken, true);
  return {
    server,
    provider: graphProviderFor({ name: DEMO_DIRECTORY_NAME, graphEndpoint: server.url }, tokens, deps),
    signIn: () => Promise.resolve(),
    signOut: () => Promise.resolve(),
    isSignedIn: () => Promise.resolve(true),
  };
}

/** The roles the table knows that the demo may sign in with (directoryReset.demo.signedInRoles). */
const DEMO_ROLES = [
  'Password Administrator',
  'Helpdesk Administrator',
  'Authentication Administrator',
  'User Administrator',
  'Privileged Authentication Administrator',
  'Global Administrator',
  'Reports Reader',
];

/** directoryReset.demo.signedInRoles, keeping only roles the demo knows; Helpdesk Administrator when unset. */
export function demoSignedInRoles(setting: ConnectionDeps['setting']): string[] {
  const value = setting<unknown>('demo.signedInRoles', ['Helpdesk Administrator']);
  return Array.isArray(value) ? value.filter((r): r is string => DEMO_ROLES.includes(r as string)) : [];
}
