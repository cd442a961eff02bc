// The profile page. Everything it shows arrives by message (see src/webviews/profile/protocol.ts) and is
// written with textContent only, so names like "<img onerror=...>" stay text. The password is kept in this
// script's memory only (no setState): when the page is hidden VS Code discards it and the host re-sends it.
(function () {
  'use strict';

  const vscode = acquireVsCodeApi();

  const MISSING = '\u2014'; // em dash
  const BULLET = '\u2022';

  /** @param {string} id */
  function el(id) {
    const node = document.getElementById(id);
    if (!node) throw new Error(`Missing #${id}`);
    return node;
  }

  let displayName = '';
  let password = '';
  let revealed = false;
  /** @type {number | undefined} */
  let copiedTimer;

  /**
   * Directory text as plain, honest text (the same rules as src/directory/displayText.ts): control characters
   * as their Unicode "control picture" glyphs, C1 controls, lone surrogates and the characters that override or
   * embed a text direction (U+202A-U+202E, U+2066-U+2069: they could make a name or address read backwards)
   * as U+FFFD, line separators as spaces.
   */
  function visible(text) {
    return String(text)
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
      .replace(/[\u0000-\u001f\u007f]/g, (c) => String.fromCharCode(c === '\u007f' ? 0x2421 : 0x2400 + c.charCodeAt(0)))
      .replace(/[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/g, '\ufffd')
      .replace(/[\u2028\u2029]/g, ' ');
  }

  /** @param {string} id @param {unknown} value */
  function setText(id, value) {
    el(id).textContent = value === undefined || value === null || value === '' ? MISSING : visible(value);
  }

  /** @param {string | null | undefined} iso @param {string} ifNull @param {string} ifAbsent */
  function formatDate(iso, ifNull, ifAbsent) {
    if (iso === null) return ifNull;
    const date = iso ? new Date(iso) : undefined;
    if (!date || Number.isNaN(date.getTime())) return ifAbsent;
    return date.toLocaleString(undefined, { dateStyle: 'long', timeStyle: 'short' });
  }

  function renderProfile(msg) {
    const user = msg.user;
    displayName = visible(user.displayName || user.signInName || 'This user');
    el('display-name').textContent = displayName;
    setText('directory-name', msg.directoryName);
    setText('f-upn', user.signInName);
    setText('f-mail', user.mail);
    setText('f-job', user.jobTitle);
    setText('f-department', user.department);
    setText('f-enabled', user.accountEnabled === undefined ? undefined : user.accountEnabled ? 'Enabled' : 'Disabled');
    setText('f-type', user.userType);
    setText('f-source', user.sourceLabel || user.source);
    el('f-password-changed').textContent = user.mustChangePassword
      ? 'Must be changed at next sign-in'
      : user.passwordChangeNotReported
        ? 'Not reported by this directory'
        : formatDate(user.lastPasswordChangeDateTime, 'Never', 'Unknown');

    el('refusal').hidden = !user.resetRefusal;
    el('refusal-text').textContent = user.resetRefusal ? visible(user.resetRefusal) : '';
    el('reset-password').disabled = Boolean(user.resetRefusal);
    el('open-portal').hidden = !msg.adminPortalUrl;
    if (typeof msg.adminPortalLabel === 'string') setText('open-portal', msg.adminPortalLabel);

    el('status').textContent = msg.loading ? 'Loading the full profile\u2026' : '';
    el('error').hidden = !msg.error;
    el('error').textContent = msg.error ? `Could not load the full profile: ${visible(msg.error)}` : '';
    document.body.setAttribute('aria-busy', msg.loading ? 'true' : 'false');
    renderMustChange();
  }

  function renderPassword() {
    el('password-value').textContent = revealed ? visible(password) : BULLET.repeat([...password].length);
    const reveal = el('reveal');
    reveal.textContent = revealed ? 'Hide' : 'Reveal';
    reveal.setAttribute('aria-pressed', String(revealed));
  }

  let mustChange = false;
  /** @type {{ why: string, nextStep: string } | undefined} */
  let mustChangeNote;
  function renderMustChange() {
    el('must-change').textContent = mustChange
      ? `${displayName} must change this password at next sign-in.`
      : mustChangeNote
        ? `${displayName} will NOT be made to change this password at next sign-in. ${visible(mustChangeNote.why)} Ask them to change it themselves after signing in. To have the directory force it: ${visible(mustChangeNote.nextStep)}`
        : `This directory cannot force ${displayName} to change this password at next sign-in. Ask them to change it themselves after signing in.`;
  }

  function showPassword(msg) {
    password = String(msg.password);
    revealed = false;
    mustChange = msg.mustChangeAtNextSignIn === true;
    mustChangeNote =
      !mustChange && typeof msg.mustChangeWhy === 'string' && msg.mustChangeWhy
        ? { why: msg.mustChangeWhy, nextStep: typeof msg.mustChangeNextStep === 'string' ? msg.mustChangeNextStep : '' }
        : undefined;
    renderPassword();
    renderMustChange();
    setText('reset-method', msg.methodLabel || msg.method);
    el('reset-completed').textContent = formatDate(msg.completedAt, 'Unknown', 'Unknown');
    el('copy-status').textContent = '';
    el('password-section').hidden = false;
  }

  function showCopied(msg) {
    const status = el('copy-status');
    const seconds = Number(msg.clearsAfterSeconds) || 0;
    status.textContent =
      seconds > 0
        ? `Copied to the clipboard. It will be cleared in ${seconds} s if it still holds the password.`
        : 'Copied to the clipboard';
    clearTimeout(copiedTimer);
    copiedTimer = setTimeout(() => (status.textContent = ''), Math.max(5000, Math.min(seconds, 60) * 1000));
  }

  window.addEventListener('message', (event) => {
    const msg = event.data;
    if (!msg || typeof msg !== 'object') return;
    switch (msg.type) {
      case 'profile':
        return renderProfile(msg);
      case 'password':
        return showPassword(msg);
      case 'copied':
        return showCopied(msg);
    }
  });

  el('reveal').addEventListener('click', () => {
    revealed = !revealed;
    renderPassword();
  });
  el('copy').addEventListener('click', () => vscode.postMessage({ type: 'copy' }));
  el('open-portal').addEventListener('click', () => vscode.postMessage({ type: 'openAdminPortal' }));
  el('reset-password').addEventListener('click', () => vscode.postMessage({ type: 'resetPassword' }));

  vscode.postMessage({ type: 'ready' });
})();
