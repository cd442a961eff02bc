// directoryReset.temporaryAccessPass.*: how long a new pass works and whether it works once. Read from the user's
// own settings only (like every directoryReset setting), checked before anything is asked or sent.
import * as vscode from 'vscode';
import { DirectoryError } from '../directory/errors';
import type { DirectoryManager } from '../directoryManager';

/** Graph's bounds for lifetimeInMinutes (the tenant's policy may narrow them; the directory then says so). */
export const TAP_MIN_MINUTES = 10;
export const TAP_MAX_MINUTES = 43_200;
/** Keep in step with package.json. */
export const TAP_DEFAULT_MINUTES = 60;
export const TAP_DEFAULT_USABLE_ONCE = true;

export interface TemporaryAccessPassSettings {
  readonly lifetimeInMinutes: number;
  readonly isUsableOnce: boolean;
}

/** The settings, or a configuration error naming the setting, the value and what it must be. */
export function temporaryAccessPassSettings(manager: Pick<DirectoryManager, 'setting'>): TemporaryAccessPassSettings {
  const lifetime = manager.setting<unknown>('temporaryAccessPass.lifetimeInMinutes', TAP_DEFAULT_MINUTES);
  if (
    typeof lifetime !== 'number' ||
    !Number.isInteger(lifetime) ||
    lifetime < TAP_MIN_MINUTES ||
    lifetime > TAP_MAX_MINUTES
  ) {
    throw new DirectoryError(
      'configuration',
      vscode.l10n.t(
        'The setting directoryReset.temporaryAccessPass.lifetimeInMinutes is {0}, but it must be a whole number of minutes from {1} to {2} (30 days). No pass was issued.',
        JSON.stringify(lifetime) ?? String(lifetime),
        String(TAP_MIN_MINUTES),
        String(TAP_MAX_MINUTES),
      ),
      vscode.l10n.t(
        'Fix it in your user settings, or remove it to use {0} minutes, and try again.',
        String(TAP_DEFAULT_MINUTES),
      ),
    );
  }
  const usableOnce = manager.setting<unknown>('temporaryAccessPass.isUsableOnce', TAP_DEFAULT_USABLE_ONCE);
  if (typeof usableOnce !== 'boolean') {
    throw new DirectoryError(
      'configuration',
      vscode.l10n.t(
        'The setting directoryReset.temporaryAccessPass.isUsableOnce is {0}, but it must be true or false. No pass was issued.',
        JSON.stringify(usableOnce) ?? String(usableOnce),
      ),
      vscode.l10n.t(
        'Fix it in your user settings, or remove it to make passes that work for one sign-in, and try again.',
      ),
    );
  }
  return { lifetimeInMinutes: lifetime, isUsableOnce: usableOnce };
}
