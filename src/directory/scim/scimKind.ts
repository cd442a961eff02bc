// SCIM 2.0 as a directory kind: its entry in ../registry.ts.
import * as l10n from '@vscode/l10n';
import type { DirectoryKindEntry, KindLabels } from '../kit/kind';
import { parseScimConfig, type ScimDirectoryConfig } from './scimConfig';

/** A getter: the words are looked up when they are shown, in the language configured by then. */
export const SCIM_LABELS: KindLabels = {
  kindLabel: 'SCIM',
  get accountLabel() {
    return l10n.t('Account in the SCIM service');
  },
};

export const scimKind = {
  id: 'scim',
  parse: parseScimConfig,
  describe: (c) => `${SCIM_LABELS.kindLabel} · ${c.baseUrl}`,
  secretBinding: (c) => c.baseUrl,
  labels: () => SCIM_LABELS,
  resetMethods: {
    get scimPatch() {
      return l10n.t('Generated in VS Code and set with a SCIM PATCH');
    },
  },
} as const satisfies DirectoryKindEntry<ScimDirectoryConfig, string>;
