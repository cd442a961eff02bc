// The profile page's HTML shell for a webview: the page's resource URIs and a fresh nonce, put into the
// vscode-free template (htmlTemplate.ts). User data and the password are never put in this string.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { renderProfileHtml } from './htmlTemplate';

export { profileCsp } from './htmlTemplate';

/** A fresh CSP nonce per page load, so only our own script runs. */
export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

export function buildProfileHtml(webview: vscode.Webview, mediaRoot: vscode.Uri, nonce = createNonce()): string {
  return renderProfileHtml({
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, 'profile.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, 'profile.css')).toString(),
    nonce,
  });
}
