// The temporary password of a reset, generated here by the directory's own rules. A length or symbol set the
// generator cannot honour is a setting to fix, so every kind reports it as a configuration error.
import * as l10n from '@vscode/l10n';
import { generatePassword } from '../../password/generator';
import type { PasswordPolicyConfig } from '../configChecks';
import { DirectoryError } from '../errors';

export function temporaryPassword(
  directoryName: string,
  policy: PasswordPolicyConfig | undefined,
  defaultLength = 16,
  avoid: readonly string[] = [],
): string {
  const length = policy?.length ?? defaultLength;
  try {
    return generatePassword(length, { symbols: policy?.symbols, avoid });
  } catch (e) {
    throw new DirectoryError(
      'configuration',
      l10n.t('No password was generated for {0}: {1}', directoryName, e instanceof Error ? e.message : String(e)),
      l10n.t(
        'Set "passwordPolicy.length" for this directory, or "directoryReset.passwordLength", to a number from 12 to 256.',
      ),
    );
  }
}
