// Ldap directories: not built yet (issue 6).
import type { LdapDirectoryConfig } from '../directory/ldap/ldapConfig';
import { DirectoryError } from '../directory/errors';
import type { Connection, ConnectionDeps } from './connection';

export function createLdapConnection(config: LdapDirectoryConfig, _deps: ConnectionDeps): Connection {
  throw new DirectoryError('configuration', `Directory "${config.name}": the ldap provider is not available yet.`, 'Use a "microsoftGraph" directory.');
}
