// Picks the connection for a directory's provider kind.
import type { DirectoryConfig } from '../directory/config';
import type { Connection, ConnectionDeps } from './connection';
import { createGraphConnection } from './graphConnection';
import { createLdapConnection } from './ldapConnection';
import { createScimConnection } from './scimConnection';

export function createConnection(config: DirectoryConfig, deps: ConnectionDeps): Connection {
  switch (config.provider) {
    case 'microsoftGraph':
      return createGraphConnection(config, deps);
    case 'scim':
      return createScimConnection(config, deps);
    case 'ldap':
      return createLdapConnection(config, deps);
  }
}
