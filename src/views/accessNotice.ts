// "Your roles could not be read": said once per directory and session, wherever the pre-flight check first meets
// it (the tree or a command); from then on the actions behave as without the check.
import * as vscode from 'vscode';
import { displayText } from '../directory/displayText';

const said = new Set<string>();

export function sayRolesUnreadableOnce(directoryName: string, why: string): void {
  if (said.has(directoryName)) return;
  said.add(directoryName);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('{0}: {1} Every action stays available, as before.', directoryName, displayText(why, 400)),
  );
}
