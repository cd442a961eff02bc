// The profile page's HTML shell: static labels and empty slots only. User data and the password are never
// put in this string (they would be parsed as HTML); media/profile.js fills the slots with textContent.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** A fresh CSP nonce per page load, so only our own script runs. */
export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

export function buildProfileHtml(webview: vscode.Webview, mediaRoot: vscode.Uri, nonce = createNonce()): string {
  const scriptUri = webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, 'profile.js'));
  const styleUri = webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, 'profile.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${webview.cspSource}`,
  ].join('; ');

  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp};">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${styleUri}">
  <title>Profile</title>
</head>
<body>
  <main aria-labelledby="display-name">
    <header>
      <h1 id="display-name" dir="auto"></h1>
      <p class="description">Directory: <span id="directory-name" dir="auto"></span></p>
    </header>
    <p id="status" class="description" role="status" aria-live="polite"></p>
    <p id="error" class="notice error" role="alert" hidden></p>
    <div id="refusal" class="notice" hidden>
      <strong>This password cannot be reset here.</strong>
      <span id="refusal-text" dir="auto"></span>
    </div>
    <div class="actions">
      <button type="button" id="reset-password">Reset Password...</button>
      <button type="button" id="open-portal" class="secondary" hidden>Open in Microsoft Entra admin center</button>
    </div>

    <section id="password-section" aria-labelledby="password-heading" hidden>
      <h2 id="password-heading">Temporary password</h2>
      <div class="password-row">
        <code id="password-value" class="password" aria-labelledby="password-heading"></code>
        <button type="button" id="reveal" class="secondary" aria-pressed="false">Reveal</button>
        <button type="button" id="copy" aria-label="Copy the temporary password">Copy</button>
      </div>
      <p id="copy-status" class="description" role="status" aria-live="polite"></p>
      <p id="must-change" dir="auto"></p>
      <dl class="fields">
        <dt>Method</dt><dd id="reset-method"></dd>
        <dt>Set at</dt><dd id="reset-completed"></dd>
      </dl>
      <p class="description">The temporary password does not expire until it is used: it works at the next sign-in,
        however much later that is. Hand it over privately.</p>
    </section>

    <section aria-labelledby="details-heading">
      <h2 id="details-heading">Details</h2>
      <dl class="fields">
        <dt>User principal name</dt><dd id="f-upn" dir="auto"></dd>
        <dt>Mail</dt><dd id="f-mail" dir="auto"></dd>
        <dt>Job title</dt><dd id="f-job" dir="auto"></dd>
        <dt>Department</dt><dd id="f-department" dir="auto"></dd>
        <dt>Account</dt><dd id="f-enabled"></dd>
        <dt>User type</dt><dd id="f-type" dir="auto"></dd>
        <dt>Source</dt><dd id="f-source"></dd>
        <dt>Last password change</dt><dd id="f-password-changed"></dd>
      </dl>
    </section>
  </main>
  <script nonce="${nonce}" src="${scriptUri}"></script>
</body>
</html>`;
}
