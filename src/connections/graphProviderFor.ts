// Graph's provider as every Microsoft Graph directory gets it, configured or the demo: the extension's settings
// (reset method, password length, request timeout) applied the same way. No 'vscode' import (the demo's unit tests
// load it in plain Node).
import type { GraphResetMethod } from '../directory/graph/graphKind';
import { GraphProvider } from '../directory/graph/graphProvider';
import type { TokenSource } from '../directory/types';
import { requestTimeoutMs, type ConnectionDeps } from './connection';

/** Graph's provider for a directory at `graphEndpoint`, with the settings every Graph directory (the demo too) obeys. */
export function graphProviderFor(
  directory: { readonly name: string; readonly graphEndpoint: string },
  tokenSource: TokenSource,
  deps: ConnectionDeps,
): GraphProvider {
  return new GraphProvider({
    name: directory.name,
    graphEndpoint: directory.graphEndpoint,
    tokenSource,
    logger: deps.logger,
    resetMethod: resetMethodSetting(deps),
    passwordLength: deps.setting('passwordLength', 16),
    http: { requestTimeoutMs: requestTimeoutMs(deps.setting) },
  });
}

/** The directoryReset.resetMethod setting. */
export function resetMethodSetting(deps: ConnectionDeps): 'auto' | GraphResetMethod {
  return deps.setting<'auto' | GraphResetMethod>('resetMethod', 'auto');
}
