// Text from the directory (names, error messages, operation details) made safe to show as plain text in a
// label, a notification, a modal or a tab title: invisible characters become visible, characters that reorder
// the text around them (bidirectional overrides, embeddings and isolates, which can make "evil" read as
// "live" or move a UPN's domain) are neutralised, lone surrogates are replaced, and huge values are cut.
// No 'vscode' import; media/profile.js applies the same rules in the webview (keep them in sync; the link and
// icon rules are for VS Code's own UI only).

/** Characters that override or embed a text direction: U+202A-U+202E and the isolates U+2066-U+2069. */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/;
const BIDI_CONTROLS_ALL = new RegExp(BIDI_CONTROLS.source, 'g');
const C0_AND_DEL = /[\u0000-\u001f\u007f]/g; // eslint-disable-line no-control-regex -- matching control characters is the point
const C1 = /[\u0080-\u009f]/g;
const LINE_SEPARATORS = /[\u2028\u2029]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const REPLACEMENT = '\ufffd';

/**
 * `text` as it may be shown: control characters as their visible "control picture" glyphs (U+2400...),
 * C1 controls, direction overrides and lone surrogates as U+FFFD, line separators as spaces, and at most
 * `maxChars` characters (code points; the cut is marked with an ellipsis); "](" and "$(" get a zero-width space
 * so VS Code cannot render them as a link or an icon. Not HTML-escaped: callers put it
 * where text stays text (textContent, TreeItem.label, a message string).
 */
export function displayText(text: unknown, maxChars = 256): string {
  // Whatever arrived is shown as String() gives it (an object as "[object Object]"): text, never markup.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- see the line above
  const s = typeof text === 'string' ? text : text === undefined || text === null ? '' : String(text);
  const clean = s
    .replace(LONE_SURROGATE, REPLACEMENT)
    .replace(C0_AND_DEL, (c) => String.fromCharCode(c === '\u007f' ? 0x2421 : 0x2400 + c.charCodeAt(0)))
    .replace(C1, REPLACEMENT)
    .replace(BIDI_CONTROLS_ALL, REPLACEMENT)
    .replace(LINE_SEPARATORS, ' ')
    // VS Code turns [label](command:... or https:...) in a notification into a link, and $(name) in a quick pick,
    // status bar or progress title into an icon: a name must do neither.
    .replace(/\]\(/g, ']\u200b(')
    .replace(/\$\(/g, '$\u200b(');
  if (clean.length <= maxChars) return clean; // fewer code units than the limit: fewer code points too
  const chars = Array.from(clean);
  return chars.length <= maxChars ? clean : `${chars.slice(0, Math.max(0, maxChars - 1)).join('')}\u2026`;
}

/** Replaces lone surrogates (which encodeURIComponent and JSON consumers reject) with U+FFFD. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, REPLACEMENT);
}
