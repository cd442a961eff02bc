// The one log channel, "Directory Reset", and the Logger the directory layer writes to.
// What reaches it never holds a password, token or secret; as a second line of defence, anything that
// looks like a bearer token or a password field is masked before it is written (see directory/http/redact.ts).
import * as vscode from 'vscode';
import { mask } from './directory/http/redact';
import type { Logger } from './directory/types';

export { mask };

export function createLogChannel(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Directory Reset', { log: true });
}

export function loggerFor(channel: vscode.LogOutputChannel): Logger {
  return {
    trace: (m) => channel.trace(mask(m)),
    info: (m) => channel.info(mask(m)),
    warn: (m) => channel.warn(mask(m)),
    error: (m) => channel.error(mask(m)),
  };
}
