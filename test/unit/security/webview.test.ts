// The profile page: its Content-Security-Policy (the exact string the webview gets), its HTML shell (no data, one
// script, carrying the nonce), and its script (media/profile.js) run against a recording fake DOM with hostile
// directory data: everything is written with textContent, nothing is ever parsed as HTML.
// The same page in a real browser, with scripts injected to prove they do not run: webviewBrowser.test.ts.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { RESET_METHOD_LABELS } from '../../../src/directory/registry';
import { profileCsp, renderProfileHtml } from '../../../src/webviews/profile/htmlTemplate';
import { HOSTILE_PROFILE } from '../../support/directoryFixture';

const REPO = path.join(__dirname, '../../../..');
const CSP_SOURCE = 'https://*.vscode-cdn.net';
const NONCE = 'n0nce+Base64/Value==';

function page(nonce = NONCE): string {
  return renderProfileHtml({
    cspSource: CSP_SOURCE,
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/profile.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/profile.css',
    nonce,
  });
}

/** Objects made inside the vm have another realm's prototypes: compare them as JSON. */
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name, values] as [string, string[]];
      }),
  );
}

describe('Security: the profile webview', () => {
  describe('Content-Security-Policy and HTML shell', () => {
    it('forbids inline script, eval, remote loads, <base>, form posts and everything not listed', () => {
      const csp = directives(profileCsp(CSP_SOURCE, NONCE));
      assert.deepEqual(csp.get('default-src'), ["'none'"]);
      assert.deepEqual(csp.get('script-src'), [`'nonce-${NONCE}'`], "only the script carrying this load's nonce");
      assert.deepEqual(csp.get('style-src'), [CSP_SOURCE]);
      assert.deepEqual(csp.get('img-src'), [CSP_SOURCE]);
      assert.deepEqual(csp.get('base-uri'), ["'none'"]);
      assert.deepEqual(csp.get('form-action'), ["'none'"]);
      const all = [...csp.values()].flat().join(' ');
      assert.doesNotMatch(
        all,
        /unsafe-inline|unsafe-eval|unsafe-hashes|strict-dynamic|wasm-unsafe-eval|\bdata:|\bblob:|\bhttps?:(?!\/\/\*\.vscode-cdn\.net)|(^|\s)\*(\s|$)/,
      );
      for (const unlisted of [
        'connect-src',
        'frame-src',
        'child-src',
        'object-src',
        'font-src',
        'media-src',
        'worker-src',
        'manifest-src',
      ]) {
        assert.ok(!csp.has(unlisted), `${unlisted} falls back to default-src 'none'`);
      }
    });

    it('the page carries that policy, one script with the nonce, no inline handlers and no data slots filled', () => {
      const html = page();
      const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
      assert.ok(meta, 'a CSP meta tag');
      assert.equal(meta[1].replace(/;$/, ''), profileCsp(CSP_SOURCE, NONCE));
      assert.ok(html.indexOf(meta[0]) < html.indexOf('<link'), 'the policy comes before anything it governs');
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      assert.deepEqual(scripts, [
        `<script nonce="${NONCE}" src="https://file+.vscode-resource.vscode-cdn.net/ext/media/profile.js">`,
      ]);
      assert.match(html, /<script [^>]*><\/script>/, 'the script tag is empty: no inline code');
      assert.doesNotMatch(html, /\son[a-z]+\s*=|\sstyle\s*=|javascript:/i);
      for (const id of ['display-name', 'f-upn', 'f-mail', 'f-job', 'f-department', 'password-value']) {
        assert.match(html, new RegExp(`id="${id}"[^>]*></`), `#${id} is an empty slot`);
      }
    });

    it('escapes what it puts into attributes', () => {
      const html = renderProfileHtml({
        cspSource: CSP_SOURCE,
        scriptUri: 'x" onload="alert(1)',
        styleUri: 's',
        nonce: '"><script>',
      });
      assert.doesNotMatch(html, /" onload="|"><script>/);
    });
  });

  describe('media/profile.js in a recording DOM', () => {
    const source = readFileSync(path.join(REPO, 'media/profile.js'), 'utf8');

    it('never uses an HTML sink, eval or inline handlers', () => {
      assert.doesNotMatch(
        source,
        /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|setTimeout\(\s*['"`]|srcdoc|\.on[a-z]+\s*=|setAttribute\(\s*['"]on|javascript:/,
      );
      assert.doesNotMatch(
        source,
        /\.setState\(|\.getState\(|localStorage|sessionStorage|indexedDB|document\.cookie/,
        'the password is never stored by the page',
      );
    });

    /** A DOM with the page's element ids, recording every write; any HTML sink throws. */
    function runPage() {
      const html = page();
      const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
      const sinks: string[] = [];
      const posted: unknown[] = [];
      const listeners = new Map<string, Array<(e: unknown) => void>>();
      const makeElement = (id: string) => {
        const clicks: Array<() => void> = [];
        const el = {
          id,
          textContent: '',
          hidden: false,
          disabled: false,
          attributes: new Map<string, string>(),
          setAttribute(name: string, value: string) {
            if (/^on/i.test(name) || name === 'srcdoc' || name === 'src' || name === 'href')
              sinks.push(`${id}.setAttribute(${name})`);
            el.attributes.set(name, value);
          },
          addEventListener(type: string, f: () => void) {
            if (type === 'click') clicks.push(f);
          },
          click: () => clicks.forEach((f) => f()),
        };
        for (const sink of ['innerHTML', 'outerHTML']) {
          Object.defineProperty(el, sink, {
            set: () => sinks.push(`${id}.${sink}`),
            get: () => '',
          });
        }
        (el as Record<string, unknown>).insertAdjacentHTML = () => sinks.push(`${id}.insertAdjacentHTML`);
        return el;
      };
      const elements = new Map(ids.map((id) => [id, makeElement(id)]));
      const body = makeElement('body');
      const context = {
        acquireVsCodeApi: () => ({ postMessage: (m: unknown) => posted.push(m) }),
        document: {
          body,
          getElementById: (id: string) => elements.get(id) ?? null,
          createElement: (tag: string) => {
            sinks.push(`createElement(${tag})`);
            return makeElement(tag);
          },
          write: () => sinks.push('document.write'),
        },
        window: {
          addEventListener: (type: string, f: (e: unknown) => void) =>
            listeners.set(type, [...(listeners.get(type) ?? []), f]),
        },
        // The page's own timers (the "Copied" note) must not keep the test run alive.
        setTimeout: (f: () => void, ms: number) => setTimeout(f, ms).unref(),
        clearTimeout,
        console,
      };
      vm.createContext(context);
      vm.runInContext(source, context, { filename: 'profile.js' });
      const dispatch = (data: unknown) => (listeners.get('message') ?? []).forEach((f) => f({ data }));
      return { elements, sinks, posted, dispatch };
    }

    it('says "ready" and then shows hostile directory data as text, verbatim where it is visible', () => {
      const { elements, sinks, posted, dispatch } = runPage();
      assert.deepEqual(plain(posted), [{ type: 'ready' }]);
      dispatch({
        type: 'profile',
        directoryName: '<b>Contoso</b>',
        user: { id: 'u1', source: 'cloud', accountEnabled: true, ...HOSTILE_PROFILE },
        adminPortalUrl: 'https://entra.microsoft.com/#view/x',
      });
      const text = (id: string) => elements.get(id)!.textContent;
      assert.equal(text('display-name'), HOSTILE_PROFILE.displayName);
      assert.equal(text('f-upn'), HOSTILE_PROFILE.signInName);
      assert.equal(text('f-job'), HOSTILE_PROFILE.jobTitle);
      assert.equal(text('f-type'), HOSTILE_PROFILE.userType);
      assert.equal(text('directory-name'), '<b>Contoso</b>');
      assert.equal(text('refusal-text'), HOSTILE_PROFILE.resetRefusal);
      assert.equal(text('f-mail'), 'eve\ufffdgnp.exe@contoso.example', 'a direction override is shown, not obeyed');
      assert.equal(text('f-department'), 'Sales\u2400\u241b[31m line', 'control characters are shown as symbols');
      assert.deepEqual(sinks, [], 'no HTML sink was touched');
    });

    it('keeps the password masked until Reveal, and never puts it anywhere but one text node', () => {
      const { elements, sinks, posted, dispatch } = runPage();
      const password = '<img src=x onerror=alert(1)>Aa1!';
      dispatch({
        type: 'password',
        password,
        method: 'systemGenerated',
        mustChangeAtNextSignIn: true,
        completedAt: '2025-01-02T03:04:05Z',
      });
      assert.equal(elements.get('password-value')!.textContent, '\u2022'.repeat(password.length));
      elements.get('reveal')!.click();
      assert.equal(elements.get('password-value')!.textContent, password);
      elements.get('copy')!.click();
      assert.deepEqual(plain(posted.at(-1)), { type: 'copy' }, 'Copy asks the host; the page sends no password');
      assert.ok(!JSON.stringify(posted).includes(password));
      assert.deepEqual(sinks, []);
      dispatch({ type: 'copied', clearsAfterSeconds: 30 });
      assert.match(elements.get('copy-status')!.textContent, /cleared in 30 s/);
    });

    it('says "must change" only for a literal true, and otherwise says plainly that the user will NOT be made to, why and what to set', () => {
      const { elements, dispatch } = runPage();
      dispatch({ type: 'profile', directoryName: 'Corp', user: { id: 'u1', source: 'cloud', displayName: 'Ann' } });
      const base = {
        type: 'password',
        password: 'Aa1!aaaaaaaa',
        method: 'ldapPasswordModify',
        methodLabel: RESET_METHOD_LABELS.ldapPasswordModify,
        completedAt: '2025-01-02T03:04:05Z',
      };
      dispatch({ ...base, mustChangeAtNextSignIn: true });
      assert.equal(elements.get('must-change')!.textContent, 'Ann must change this password at next sign-in.');
      dispatch({ ...base, mustChangeAtNextSignIn: 'true' });
      assert.doesNotMatch(elements.get('must-change')!.textContent, /must change this password/);
      dispatch({
        ...base,
        mustChangeAtNextSignIn: false,
        mustChangeWhy: 'The policy does not force it.\u202e',
        mustChangeNextStep: 'Set passwordMustChange: on.',
      });
      assert.equal(
        elements.get('must-change')!.textContent,
        'Ann will NOT be made to change this password at next sign-in. The policy does not force it.\ufffd Ask them to change it themselves after signing in. To have the directory force it: Set passwordMustChange: on.',
      );
      assert.equal(
        elements.get('reset-method')!.textContent,
        'Generated in VS Code and set with the LDAP Password Modify operation',
      );
    });

    it("takes its words from the host's init message and fills names into them as text, never as placeholders", () => {
      const { elements, sinks, dispatch } = runPage();
      dispatch({
        type: 'init',
        language: 'de',
        strings: {
          signInName: 'Anmeldename',
          details: 'Details',
          reveal: 'Anzeigen',
          copyLabel: 'Temporäres Kennwort kopieren',
          mustChange: '{0} muss dieses Kennwort bei der nächsten Anmeldung ändern.',
          copiedClears:
            'In die Zwischenablage kopiert. Sie wird in {0} s geleert, sofern sie dann noch das Kennwort enthält.',
          hide: 42, // not a string: the page keeps its own
          toString: 'ignored', // not one of its words
        },
      });
      assert.equal(elements.get('t-upn')!.textContent, 'Anmeldename');
      assert.equal(elements.get('copy')!.attributes.get('aria-label'), 'Temporäres Kennwort kopieren');
      // A name that looks like a placeholder or a replacement pattern stays exactly as the directory has it.
      const name = '{1} $& <b>Zoë</b> {0}';
      dispatch({ type: 'profile', directoryName: 'Corp', user: { id: 'u1', source: 'cloud', displayName: name } });
      dispatch({
        type: 'password',
        password: 'Aa1!aaaaaaaa',
        method: 'systemGenerated',
        mustChangeAtNextSignIn: true,
        completedAt: '2025-01-02T03:04:05Z',
      });
      assert.equal(
        elements.get('must-change')!.textContent,
        `${name} muss dieses Kennwort bei der nächsten Anmeldung ändern.`,
      );
      assert.equal(elements.get('reveal')!.textContent, 'Anzeigen');
      elements.get('reveal')!.click();
      assert.equal(elements.get('reveal')!.textContent, 'Hide', 'a word the host did not send as text stays English');
      dispatch({ type: 'copied', clearsAfterSeconds: 30 });
      assert.match(elements.get('copy-status')!.textContent, /in 30 s geleert/);
      assert.deepEqual(sinks, []);
    });

    it('ignores messages it does not know', () => {
      const { sinks, dispatch } = runPage();
      for (const m of [null, 'profile', { type: 'eval', code: 'x' }, { type: '__proto__' }]) dispatch(m);
      assert.deepEqual(sinks, []);
    });
  });
});
