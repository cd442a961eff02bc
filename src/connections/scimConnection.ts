// Scim directories: not built yet (issue 6).
import type { ScimDirectoryConfig } from '../directory/scim/scimConfig';
import { DirectoryError } from '../directory/errors';
import type { Connection, ConnectionDeps } from './connection';

export function createScimConnection(config: ScimDirectoryConfig, _deps: ConnectionDeps): Connection {
  throw new DirectoryError('configuration', `Directory "${config.name}": the scim provider is not available yet.`, 'Use a "microsoftGraph" directory.');
}
