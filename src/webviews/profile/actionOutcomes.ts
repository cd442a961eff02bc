// What one profile page knows about the account actions run on its user: the Temporary Access Pass (the only copy
// outside the directory, in memory until the page closes) and each action's latest outcome. No 'vscode' import.
import type { AccountAction, TemporaryAccessPassResult } from '../../directory/types';
import type { OutcomesMessage, PassMessage } from './protocol';

export type OutcomeStatus = 'done' | 'failed' | 'unknown';

export interface ActionOutcome {
  readonly action: AccountAction;
  readonly status: OutcomeStatus;
  /** Plain sentences: what happened, and for failed or unknown what to do next. */
  readonly message: string;
  readonly at: Date;
}

export class ActionOutcomes {
  private pass: TemporaryAccessPassResult | undefined;
  private readonly latest = new Map<AccountAction, ActionOutcome>();

  /** Keeps the pass (replacing any earlier one: the directory replaced it too) and records the issue as done. */
  setPass(result: TemporaryAccessPassResult, message: string): void {
    this.pass = result;
    this.record({ action: result.action, status: 'done', message, at: result.completedAt });
  }

  /**
   * Records an outcome. A failed or unknown new pass drops the one held: the directory may have replaced it, so
   * the old one is no longer known to work.
   */
  record(outcome: ActionOutcome): void {
    if (outcome.action === 'issueTemporaryAccessPass' && outcome.status !== 'done') this.pass = undefined;
    this.latest.delete(outcome.action); // re-inserted last: the list stays in the order things happened
    this.latest.set(outcome.action, outcome);
  }

  get passText(): string | undefined {
    return this.pass?.temporaryAccessPass;
  }

  passMessage(): PassMessage | undefined {
    const p = this.pass;
    if (!p) return undefined;
    return {
      type: 'pass',
      pass: p.temporaryAccessPass,
      startDateTime: p.startDateTime.toISOString(),
      endDateTime: p.endDateTime.toISOString(),
      lifetimeInMinutes: p.lifetimeInMinutes,
      isUsableOnce: p.isUsableOnce,
    };
  }

  outcomesMessage(label: (action: AccountAction) => string): OutcomesMessage | undefined {
    if (this.latest.size === 0) return undefined;
    return {
      type: 'outcomes',
      outcomes: [...this.latest.values()].map((o) => ({
        action: o.action,
        label: label(o.action),
        status: o.status,
        message: o.message,
        at: o.at.toISOString(),
      })),
    };
  }

  /** Forgets everything, the pass first (the page closed). */
  clear(): void {
    this.pass = undefined;
    this.latest.clear();
  }
}
