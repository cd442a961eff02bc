// The profile page. Everything it shows arrives by message (see src/webviews/profile/protocol.ts) and is
// written with textContent only, so names like "<img onerror=...>" stay text. The password and the Temporary Access
// Pass are kept in this script's memory only (no setState): when the page is hidden VS Code discards it and the host re-sends it.
// Its words arrive in the 'init' message, localised by the host (src/webviews/profile/strings.ts); the English ones
// below are only a fallback until then.
(function () {
  'use strict';

  const vscode = acquireVsCodeApi();

  /** The page's words; the host's 'init' message replaces them (same keys as ProfileStrings in protocol.ts). */
  const STRINGS = {
    directoryLabel: 'Directory:',
    cannotReset: 'This password cannot be reset here.',
    resetPassword: 'Reset Password...',
    openPortal: 'Open in Microsoft Entra admin center',
    temporaryPassword: 'Temporary password',
    reveal: 'Reveal',
    hide: 'Hide',
    copy: 'Copy',
    copyLabel: 'Copy the temporary password',
    method: 'Method',
    setAt: 'Set at',
    handOver:
      'The temporary password does not expire until it is used: it works at the next sign-in, however much later that is. Hand it over privately.',
    details: 'Details',
    signInName: 'Sign-in name',
    mail: 'Mail',
    jobTitle: 'Job title',
    department: 'Department',
    account: 'Account',
    userType: 'User type',
    source: 'Source',
    lastPasswordChange: 'Last password change',
    thisUser: 'This user',
    enabled: 'Enabled',
    disabled: 'Disabled',
    mustBeChanged: 'Must be changed at next sign-in',
    notReported: 'Not reported by this directory',
    never: 'Never',
    unknown: 'Unknown',
    loading: 'Loading the full profile\u2026',
    loadFailed: 'Could not load the full profile: {0}',
    mustChange: '{0} must change this password at next sign-in.',
    mustChangeWithMfa: '{0} must pass multi-factor authentication and then change this password at next sign-in.',
    willNotChange:
      '{0} will NOT be made to change this password at next sign-in. {1} Ask them to change it themselves after signing in. To have the directory force it: {2}',
    cannotForce:
      'This directory cannot force {0} to change this password at next sign-in. Ask them to change it themselves after signing in.',
    copiedClears: 'Copied to the clipboard. It will be cleared in {0} s if it still holds the password.',
    copied: 'Copied to the clipboard',
    sourceCloud: 'Cloud account',
    sourceSynced: 'Synced from on-premises Active Directory',
    sourceExternal: 'External / guest account',
    lockout: 'Sign-in lockout',
    locked: 'Locked after failed sign-ins',
    notLocked: 'Not locked',
    accountActions: 'Account actions',
    temporaryAccessPass: 'Temporary Access Pass',
    copyPassLabel: 'Copy the Temporary Access Pass',
    passStarts: 'Works from',
    passEnds: 'Works until',
    passUse: 'Use',
    usableOnce: 'One sign-in',
    usableMany: 'Any number of sign-ins until it ends',
    passHandOver:
      'Hand the pass over privately. It is shown only on this page and is gone when you close it; the directory never shows it again.',
    copiedPassClears: 'Copied to the clipboard. It will be cleared in {0} s if it still holds the pass.',
    outcomes: 'What was done',
    outcomeDone: 'Done',
    outcomeFailed: 'Failed',
    outcomeUnknown: 'Outcome unknown',
  };
  /** Elements whose whole text is one of the page's words: element id -> key in STRINGS. */
  const STATIC_TEXT = {
    't-directory': 'directoryLabel',
    't-cannot-reset': 'cannotReset',
    'reset-password': 'resetPassword',
    'open-portal': 'openPortal',
    'password-heading': 'temporaryPassword',
    copy: 'copy',
    't-method': 'method',
    't-set-at': 'setAt',
    't-hand-over': 'handOver',
    'details-heading': 'details',
    't-upn': 'signInName',
    't-mail': 'mail',
    't-job': 'jobTitle',
    't-department': 'department',
    't-enabled': 'account',
    't-type': 'userType',
    't-source': 'source',
    't-password-changed': 'lastPasswordChange',
    't-locked': 'lockout',
    'actions-heading': 'accountActions',
    'outcomes-heading': 'outcomes',
    'pass-heading': 'temporaryAccessPass',
    'pass-copy': 'copy',
    't-pass-starts': 'passStarts',
    't-pass-ends': 'passEnds',
    't-pass-use': 'passUse',
    't-pass-hand-over': 'passHandOver',
  };
  const OUTCOME_WORDS = { done: 'outcomeDone', failed: 'outcomeFailed', unknown: 'outcomeUnknown' };
  /** The account actions, each with a button and an outcome row in the HTML (ACCOUNT_ACTIONS in src/directory/types.ts). */
  const ACTIONS = ['issueTemporaryAccessPass', 'revokeSessions', 'enableAccount', 'disableAccount', 'unlockAccount'];
  /** VS Code's display language (BCP 47), for dates; undefined: the browser's. */
  let language;
  const SOURCES = {
    cloud: 'sourceCloud',
    synced: 'sourceSynced',
    external: 'sourceExternal',
  };
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
  /** The Temporary Access Pass: like the password, only in this script's memory (never setState). */
  /** @type {{ pass: string, startDateTime: string, endDateTime: string, isUsableOnce: boolean } | undefined} */
  let pass;
  let passRevealed = false;
  /** @type {Array<{ action: string, label: string, status: string, message: string, at: string }>} */
  let outcomes = [];
  /** @type {number | undefined} */
  let copiedTimer;

  // eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
  const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;
  /**
   * Directory text as plain, honest text (the same rules as src/directory/displayText.ts): control characters
   * as their Unicode "control picture" glyphs, C1 controls, lone surrogates and the characters that override or
   * embed a text direction (U+202A-U+202E, U+2066-U+2069: they could make a name or address read backwards)
   * as U+FFFD, line separators as spaces.
   */
  function visible(text) {
    return String(text)
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
      .replace(CONTROL_CHARACTERS, (c) => String.fromCharCode(c === '\u007f' ? 0x2421 : 0x2400 + c.charCodeAt(0)))
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
    try {
      return date.toLocaleString(language, { dateStyle: 'long', timeStyle: 'short' });
    } catch {
      return date.toLocaleString(undefined, { dateStyle: 'long', timeStyle: 'short' });
    }
  }

  /**
   * One of the page's words with {0}, {1}... replaced by `args` (already visible() text). A replacer function, so a
   * "$&" in a name stays as it is; the result is only ever written with textContent.
   */
  function t(key, ...args) {
    return String(STRINGS[key]).replace(/\{(\d+)\}/g, (m, i) =>
      Number(i) < args.length ? String(args[Number(i)]) : m,
    );
  }

  /** The host's 'init': its localised words (strings only, known keys only) and the display language. */
  function init(msg) {
    const strings = msg.strings && typeof msg.strings === 'object' ? msg.strings : {};
    for (const key of Object.keys(STRINGS)) {
      if (typeof strings[key] === 'string') STRINGS[key] = strings[key];
    }
    if (typeof msg.language === 'string' && msg.language) {
      language = msg.language;
      if (document.documentElement) document.documentElement.lang = language;
    }
    for (const [id, key] of Object.entries(STATIC_TEXT)) el(id).textContent = t(key);
    el('copy').setAttribute('aria-label', t('copyLabel'));
    el('pass-copy').setAttribute('aria-label', t('copyPassLabel'));
    if (password) {
      renderPassword();
      renderMustChange();
    }
    if (pass) renderPass();
    renderOutcomes();
  }

  function renderProfile(msg) {
    const user = msg.user;
    displayName = visible(user.displayName || user.signInName || t('thisUser'));
    el('display-name').textContent = displayName;
    setText('directory-name', msg.directoryName);
    setText('f-upn', user.signInName);
    setText('f-mail', user.mail);
    setText('f-job', user.jobTitle);
    setText('f-department', user.department);
    setText(
      'f-enabled',
      user.accountEnabled === undefined ? undefined : user.accountEnabled ? t('enabled') : t('disabled'),
    );
    setText('f-locked', user.locked === undefined ? undefined : user.locked ? t('locked') : t('notLocked'));
    setText('f-type', user.userType);
    setText('f-source', user.sourceLabel || (SOURCES[user.source] && t(SOURCES[user.source])) || user.source);
    el('f-password-changed').textContent = user.mustChangePassword
      ? t('mustBeChanged')
      : user.passwordChangeNotReported
        ? t('notReported')
        : formatDate(user.lastPasswordChangeDateTime, t('never'), t('unknown'));

    el('refusal').hidden = !user.resetRefusal;
    el('refusal-text').textContent = user.resetRefusal ? visible(user.resetRefusal) : '';
    el('reset-password').disabled = Boolean(user.resetRefusal);
    el('open-portal').hidden = !msg.adminPortalUrl;
    if (typeof msg.adminPortalLabel === 'string') setText('open-portal', msg.adminPortalLabel);

    el('status').textContent = msg.loading ? t('loading') : '';
    el('error').hidden = !msg.error;
    el('error').textContent = msg.error ? t('loadFailed', visible(msg.error)) : '';
    document.body.setAttribute('aria-busy', msg.loading ? 'true' : 'false');
    renderMustChange();
    renderActions(Array.isArray(msg.actions) ? msg.actions : [], Array.isArray(msg.actionNotes) ? msg.actionNotes : []);
  }

  /**
   * Shows the buttons of the actions the host offers (each has its slot in the HTML, see ACTIONS) with the host's
   * words; a click only names the action, the host re-reads the user, decides and confirms.
   */
  function renderActions(actions, notes) {
    const offered = new Map(actions.filter((a) => a && ACTIONS.includes(a.action)).map((a) => [a.action, a.label]));
    for (const action of ACTIONS) {
      const button = el(`action-${action}`);
      button.hidden = !offered.has(action);
      button.textContent = offered.has(action) ? visible(offered.get(action) || action) : '';
    }
    const noteText = notes.filter((n) => typeof n === 'string' && n).map(visible);
    el('action-notes').textContent = noteText.join(' ');
    el('actions-section').hidden = offered.size === 0 && noteText.length === 0;
  }

  function renderPass() {
    if (!pass) {
      el('pass-section').hidden = true;
      el('pass-value').textContent = '';
      return;
    }
    el('pass-value').textContent = passRevealed ? visible(pass.pass) : BULLET.repeat([...pass.pass].length);
    const reveal = el('pass-reveal');
    reveal.textContent = passRevealed ? t('hide') : t('reveal');
    reveal.setAttribute('aria-pressed', String(passRevealed));
    el('pass-starts').textContent = formatDate(pass.startDateTime, t('unknown'), t('unknown'));
    el('pass-ends').textContent = formatDate(pass.endDateTime, t('unknown'), t('unknown'));
    el('pass-use').textContent = pass.isUsableOnce ? t('usableOnce') : t('usableMany');
    el('pass-section').hidden = false;
  }

  function showPass(msg) {
    pass = {
      pass: String(msg.pass),
      startDateTime: String(msg.startDateTime),
      endDateTime: String(msg.endDateTime),
      isUsableOnce: msg.isUsableOnce === true,
    };
    passRevealed = false;
    el('pass-copy-status').textContent = '';
    renderPass();
  }

  function clearPass() {
    pass = undefined;
    passRevealed = false;
    el('pass-copy-status').textContent = '';
    renderPass();
  }

  /** Each action's latest outcome in its own row (its slot in the HTML). */
  function renderOutcomes() {
    const latest = new Map(outcomes.filter((o) => ACTIONS.includes(o.action)).map((o) => [o.action, o]));
    for (const action of ACTIONS) {
      const o = latest.get(action);
      const row = el(`outcome-${action}`);
      row.hidden = !o;
      const status = o && OUTCOME_WORDS[o.status] ? o.status : 'unknown';
      row.className = `outcome ${status}`;
      el(`outcome-${action}-head`).textContent = o ? `${visible(o.label || action)}: ${t(OUTCOME_WORDS[status])}` : '';
      el(`outcome-${action}-at`).textContent = o ? `(${formatDate(o.at, t('unknown'), t('unknown'))})` : '';
      el(`outcome-${action}-text`).textContent = o ? visible(o.message) : '';
    }
    el('outcomes-section').hidden = latest.size === 0;
  }

  function renderPassword() {
    el('password-value').textContent = revealed ? visible(password) : BULLET.repeat([...password].length);
    const reveal = el('reveal');
    reveal.textContent = revealed ? t('hide') : t('reveal');
    reveal.setAttribute('aria-pressed', String(revealed));
  }

  let mustChange = false;
  let mfaBeforeChange = false;
  /** @type {{ why: string, nextStep: string } | undefined} */
  let mustChangeNote;
  function renderMustChange() {
    el('must-change').textContent = mustChange
      ? t(mfaBeforeChange ? 'mustChangeWithMfa' : 'mustChange', displayName)
      : mustChangeNote
        ? t('willNotChange', displayName, visible(mustChangeNote.why), visible(mustChangeNote.nextStep))
        : t('cannotForce', displayName);
  }

  function showPassword(msg) {
    password = String(msg.password);
    revealed = false;
    mustChange = msg.mustChangeAtNextSignIn === true;
    mfaBeforeChange = msg.mfaBeforeChange === true;
    mustChangeNote =
      !mustChange && typeof msg.mustChangeWhy === 'string' && msg.mustChangeWhy
        ? { why: msg.mustChangeWhy, nextStep: typeof msg.mustChangeNextStep === 'string' ? msg.mustChangeNextStep : '' }
        : undefined;
    renderPassword();
    renderMustChange();
    setText('reset-method', msg.methodLabel || msg.method);
    el('reset-completed').textContent = formatDate(msg.completedAt, t('unknown'), t('unknown'));
    el('copy-status').textContent = '';
    el('password-section').hidden = false;
  }

  function showCopied(msg) {
    const isPass = msg.what === 'pass';
    const status = el(isPass ? 'pass-copy-status' : 'copy-status');
    const seconds = Number(msg.clearsAfterSeconds) || 0;
    status.textContent = seconds > 0 ? t(isPass ? 'copiedPassClears' : 'copiedClears', seconds) : t('copied');
    clearTimeout(copiedTimer);
    copiedTimer = setTimeout(() => (status.textContent = ''), Math.max(5000, Math.min(seconds, 60) * 1000));
  }

  window.addEventListener('message', (event) => {
    const msg = event.data;
    if (!msg || typeof msg !== 'object') return;
    switch (msg.type) {
      case 'init':
        return init(msg);
      case 'profile':
        return renderProfile(msg);
      case 'password':
        return showPassword(msg);
      case 'pass':
        return showPass(msg);
      case 'passCleared':
        return clearPass();
      case 'outcomes':
        outcomes = Array.isArray(msg.outcomes) ? msg.outcomes.filter((o) => o && typeof o === 'object') : [];
        return renderOutcomes();
      case 'copied':
        return showCopied(msg);
    }
  });

  el('reveal').addEventListener('click', () => {
    revealed = !revealed;
    renderPassword();
  });
  el('copy').addEventListener('click', () => vscode.postMessage({ type: 'copy' }));
  el('pass-reveal').addEventListener('click', () => {
    passRevealed = !passRevealed;
    renderPass();
  });
  el('pass-copy').addEventListener('click', () => vscode.postMessage({ type: 'copyPass' }));
  for (const action of ACTIONS) {
    el(`action-${action}`).addEventListener('click', () => vscode.postMessage({ type: 'runAction', action }));
  }
  el('open-portal').addEventListener('click', () => vscode.postMessage({ type: 'openAdminPortal' }));
  el('reset-password').addEventListener('click', () => vscode.postMessage({ type: 'resetPassword' }));

  vscode.postMessage({ type: 'ready' });
})();
