// Every command runs inside this wrapper: errors are logged and shown once, in plain words, with the
// action that helps ("Sign In", "Show Log"); a cancellation is silent.
import * as vscode from 'vscode';
import { displayText } from '../directory/displayText';
import { DirectoryError, isCancellation } from '../directory/errors';
import { mask } from '../log';

/** Longest notification text; the longest message the extension writes (a 403 naming roles) is about 700. */
const MAX_MESSAGE = 2000;

export function registerCommand(
  log: vscode.LogOutputChannel,
  id: string,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- command arguments arrive untyped from VS Code
  handler: (...args: any[]) => unknown,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (e) {
      showError(log, id, e);
      return undefined;
    }
  });
}

export function showError(log: vscode.LogOutputChannel, commandId: string, e: unknown): void {
  if (isCancellation(e)) {
    log.info(`${commandId}: cancelled`);
    return;
  }
  const error = e instanceof DirectoryError ? e : undefined;
  // Last line of defence: every part of a message from a directory is already plain text (displayText), but a
  // notification renders "[label](command:...)" as a link that runs the command, and U+202E reorders what follows,
  // so the whole message is made plain here too, whatever its source.
  const message = displayText(
    error ? error.fullMessage : vscode.l10n.t('Something went wrong: {0}', e instanceof Error ? e.message : String(e)),
    MAX_MESSAGE,
  );
  log.error(
    mask(
      `${commandId}: ${error ? `${error.kind}: ${error.message}` : e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
    ),
  );
  const signIn = vscode.l10n.t('Sign In');
  const showLog = vscode.l10n.t('Show Log');
  const actions = error?.kind === 'signInRequired' ? [signIn, showLog] : [showLog];
  // Not awaited: the command finishes now; the notification's action runs whenever it is clicked.
  void vscode.window.showErrorMessage(message, ...actions).then((picked) => {
    if (picked === signIn) void vscode.commands.executeCommand('directoryReset.signIn');
    if (picked === showLog) log.show();
  });
}
