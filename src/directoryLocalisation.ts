// The directory layer (src/directory, src/connections, src/auth) cannot import 'vscode', so its words go through
// @vscode/l10n, which knows no language until it is given VS Code's bundle. This module gives it the bundle when
// it is imported: src/extension.ts imports it first, so the bundle is set before any module of the directory layer
// runs (some build their labels when they load). VS Code loads the bundle before it requires dist/extension.js
// (ExtHostExtensionService._doLoadModule awaits initializeLocalizedMessages), so vscode.l10n.bundle is set by then.
// There is one copy of @vscode/l10n at run time: dist/ldap.js and dist/demo.js take it from dist/extension.js
// (esbuild.js, __lazyShared), so they see the same bundle.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';

/** Hands VS Code's bundle to @vscode/l10n; without one (English, the default) the English words stand. */
export function configureDirectoryLocalisation(bundle: typeof vscode.l10n.bundle = vscode.l10n.bundle): void {
  if (bundle) l10n.config({ contents: bundle });
}

configureDirectoryLocalisation();
