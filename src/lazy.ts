// What the tree does not need at activation, loaded on first use. In the packaged extension each is a bundle of
// its own next to dist/extension.js: esbuild.js turns these requires into require('./ldap.js') and
// require('./demo.js'). Under tsc (the unit tests run its output) they load the modules themselves. Only types
// are imported here (`import type`), so nothing of them is bundled into dist/extension.js.
import type * as DemoModule from './demo/index';
import type * as LdapModule from './directory/ldap/ldapProvider';

/** The LDAP provider and ldapts (dist/ldap.js): loaded when an LDAP directory is first opened. */
export function loadLdap(): typeof LdapModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle of its own, required by path at run time (esbuild.js)
  return require('./directory/ldap/ldapProvider') as typeof LdapModule;
}

/** The demo directory (dist/demo.js): loaded by Open Demo Directory. */
export function loadDemo(): typeof DemoModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle of its own, required by path at run time (esbuild.js)
  return require('./demo/index') as typeof DemoModule;
}
