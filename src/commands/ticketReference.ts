// directoryReset.ticketReference and directoryReset.ticketPattern: the helpdesk ticket a reset or an account action
// is done for. Asked after the refusals and before the confirmation (which names it), kept in the History. The
// settings are checked before anyone is asked; the pattern is checked as the person types.
import * as vscode from 'vscode';
import { DirectoryError } from '../directory/errors';
import type { DirectoryManager } from '../directoryManager';

export type TicketMode = 'off' | 'optional' | 'required';

/** The most a reference may hold: enough for any ticket system's id, short enough for a dialog and a CSV cell. */
export const MAX_TICKET = 100;

export interface TicketRule {
  readonly mode: TicketMode;
  readonly pattern?: RegExp;
}

/** The settings, or a configuration error naming the setting and what it must be. */
export function ticketRule(manager: Pick<DirectoryManager, 'setting'>): TicketRule {
  const mode = manager.setting<unknown>('ticketReference', 'off');
  if (mode !== 'off' && mode !== 'optional' && mode !== 'required') {
    throw new DirectoryError(
      'configuration',
      vscode.l10n.t(
        'The setting directoryReset.ticketReference is {0}, but it must be "off", "optional" or "required". Nothing was sent.',
        JSON.stringify(mode) ?? String(mode),
      ),
      vscode.l10n.t('Fix it in your user settings and try again.'),
    );
  }
  const source = manager.setting<unknown>('ticketPattern', '');
  if (mode === 'off' || source === '' || source === undefined || source === null) return { mode };
  try {
    if (typeof source !== 'string') throw new TypeError('not a string');
    return { mode, pattern: new RegExp(source, 'u') };
  } catch {
    throw new DirectoryError(
      'configuration',
      vscode.l10n.t(
        'The setting directoryReset.ticketPattern is {0}, which is not a regular expression. Nothing was sent.',
        JSON.stringify(source) ?? typeof source,
      ),
      vscode.l10n.t('Fix it in your user settings (for example ^INC\\d{7}$), or remove it to accept any reference.'),
    );
  }
}

/** Why `value` is not accepted as a reference, or undefined when it is. */
export function ticketProblem(rule: TicketRule, value: string): string | undefined {
  const text = value.trim();
  if (text === '') return rule.mode === 'required' ? vscode.l10n.t('A ticket reference is required.') : undefined;
  if (text.length > MAX_TICKET) return vscode.l10n.t('At most {0} characters.', String(MAX_TICKET));
  // Control characters would reorder or hide text in the confirmation, the History and the CSV.
  if (/\p{Cc}|\p{Cf}/u.test(text)) return vscode.l10n.t('Only visible characters, please.');
  if (rule.pattern && !rule.pattern.test(text)) {
    return vscode.l10n.t('This does not match the ticket pattern {0}.', rule.pattern.source);
  }
  return undefined;
}

/**
 * Asks for the reference when the settings want one. Resolves to `{ ticket }` (no ticket when off or left empty
 * where optional), or undefined when the person pressed Escape: the caller then sends nothing.
 */
export async function askTicket(
  manager: Pick<DirectoryManager, 'setting'>,
  what: string,
): Promise<{ ticket?: string } | undefined> {
  const rule = ticketRule(manager);
  if (rule.mode === 'off') return {};
  const value = await vscode.window.showInputBox({
    title: what,
    prompt:
      rule.mode === 'required'
        ? vscode.l10n.t('The ticket this is done for (required).')
        : vscode.l10n.t('The ticket this is done for (optional: leave empty to go on without one).'),
    placeHolder: rule.pattern ? rule.pattern.source : vscode.l10n.t('Ticket reference'),
    ignoreFocusOut: true,
    validateInput: (v) => ticketProblem(rule, v),
  });
  if (value === undefined) return undefined;
  // showInputBox does not return a value its validateInput refuses; checked again for any other caller.
  const problem = ticketProblem(rule, value);
  if (problem) throw new DirectoryError('configuration', problem, vscode.l10n.t('Nothing was sent.'));
  const ticket = value.trim();
  return ticket ? { ticket } : {};
}

/** The confirmation's line naming the reference. */
export function ticketLine(ticket: string | undefined): string[] {
  return ticket ? [vscode.l10n.t('Ticket: {0}', ticket)] : [];
}
