// The profile page's HTML and its Content-Security-Policy, as pure functions of the page's resource URIs and
// nonce (no 'vscode' import, so tests can load the very same page in a browser). The shell has static labels and
// empty slots only (one button and one outcome row per account action, hidden until the host fills them): user data and the password are never put in this string (they would be parsed as HTML);
// media/profile.js fills the slots with textContent. The static words are English here and replaced by the page with
// the host's localised ones (its 'init' message; ids starting with "t-" and the headings and buttons).

import { ACCOUNT_ACTIONS } from '../../directory/types';

export interface ProfilePageResources {
  /** webview.cspSource: where the page's own script and style may come from. */
  readonly cspSource: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  /** Fresh per page load (createNonce in html.ts). */
  readonly nonce: string;
}

/**
 * Nothing by default; our stylesheet and images from the extension only; only the script carrying this load's
 * nonce (no inline script, no eval, no inline event handlers); no <base>, no form posts, no frames, no fetches.
 */
export function profileCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function renderProfileHtml(resources: ProfilePageResources): string {
  // These come from VS Code, not from the directory; escaped anyway, as everything put into an attribute is.
  const csp = attr(profileCsp(resources.cspSource, resources.nonce));
  const scriptUri = attr(resources.scriptUri);
  const styleUri = attr(resources.styleUri);
  const nonce = attr(resources.nonce);
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
      <p class="description"><span id="t-directory">Directory:</span> <span id="directory-name" dir="auto"></span></p>
    </header>
    <p id="status" class="description" role="status" aria-live="polite"></p>
    <p id="error" class="notice error" role="alert" hidden></p>
    <div id="refusal" class="notice" hidden>
      <strong id="t-cannot-reset">This password cannot be reset here.</strong>
      <span id="refusal-text" dir="auto"></span>
    </div>
    <div class="actions">
      <button type="button" id="reset-password">Reset Password...</button>
      <button type="button" id="open-portal" class="secondary" hidden>Open in the admin portal</button>
    </div>
    <section id="actions-section" aria-labelledby="actions-heading" hidden>
      <h2 id="actions-heading">Account actions</h2>
      <div id="account-actions" class="actions">
${ACCOUNT_ACTIONS.map((a) => `        <button type="button" id="action-${a}" class="secondary" hidden></button>`).join('\n')}
      </div>
      <p id="action-notes" class="description" dir="auto"></p>
    </section>

    <section id="outcomes-section" aria-labelledby="outcomes-heading" hidden>
      <h2 id="outcomes-heading">What was done</h2>
      <ul id="outcomes" class="outcomes" role="status" aria-live="polite">
${ACCOUNT_ACTIONS.map(
  (a) =>
    `        <li id="outcome-${a}" class="outcome" hidden><strong id="outcome-${a}-head"></strong> <span id="outcome-${a}-at" class="description"></span><div id="outcome-${a}-text" dir="auto"></div></li>`,
).join('\n')}
      </ul>
    </section>

    <section id="pass-section" aria-labelledby="pass-heading" hidden>
      <h2 id="pass-heading">Temporary Access Pass</h2>
      <div class="password-row">
        <code id="pass-value" class="password" aria-labelledby="pass-heading"></code>
        <button type="button" id="pass-reveal" class="secondary" aria-pressed="false">Reveal</button>
        <button type="button" id="pass-copy" aria-label="Copy the Temporary Access Pass">Copy</button>
      </div>
      <p id="pass-copy-status" class="description" role="status" aria-live="polite"></p>
      <dl class="fields">
        <dt id="t-pass-starts">Works from</dt><dd id="pass-starts"></dd>
        <dt id="t-pass-ends">Works until</dt><dd id="pass-ends"></dd>
        <dt id="t-pass-use">Use</dt><dd id="pass-use"></dd>
      </dl>
      <p id="t-pass-hand-over" class="description after-fields">Hand the pass over privately. It is shown only on this page
        and is gone when you close it; the directory never shows it again.</p>
    </section>

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
        <dt id="t-method">Method</dt><dd id="reset-method"></dd>
        <dt id="t-set-at">Set at</dt><dd id="reset-completed"></dd>
      </dl>
      <p id="t-hand-over" class="description after-fields">The temporary password does not expire until it is used: it works at the next sign-in,
        however much later that is. Hand it over privately.</p>
    </section>

    <section aria-labelledby="details-heading">
      <h2 id="details-heading">Details</h2>
      <dl class="fields">
        <dt id="t-upn">Sign-in name</dt><dd id="f-upn" dir="auto"></dd>
        <dt id="t-mail">Mail</dt><dd id="f-mail" dir="auto"></dd>
        <dt id="t-job">Job title</dt><dd id="f-job" dir="auto"></dd>
        <dt id="t-department">Department</dt><dd id="f-department" dir="auto"></dd>
        <dt id="t-enabled">Account</dt><dd id="f-enabled"></dd>
        <dt id="t-locked">Sign-in lockout</dt><dd id="f-locked"></dd>
        <dt id="t-type">User type</dt><dd id="f-type" dir="auto"></dd>
        <dt id="t-source">Source</dt><dd id="f-source"></dd>
        <dt id="t-password-changed">Last password change</dt><dd id="f-password-changed"></dd>
      </dl>
    </section>
  </main>
  <script nonce="${nonce}" src="${scriptUri}"></script>
</body>
</html>`;
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
