// SCIM 2.0 as a directory kind: its entry in ../registry.ts.
import type { DirectoryKindEntry, KindLabels } from '../kit/kind';
import { parseScimConfig, type ScimDirectoryConfig } from './scimConfig';

export const SCIM_LABELS: KindLabels = {
  kindLabel: 'SCIM',
  accountLabel: 'Account in the SCIM service',
};

export const scimKind = {
  id: 'scim',
  parse: parseScimConfig,
  describe: (c) => `${SCIM_LABELS.kindLabel} · ${c.baseUrl}`,
  secretBinding: (c) => c.baseUrl,
  labels: () => SCIM_LABELS,
  resetMethods: {
    scimPatch: 'Generated in VS Code and set with a SCIM PATCH',
  },
} as const satisfies DirectoryKindEntry<ScimDirectoryConfig, string>;
