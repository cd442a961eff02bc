// Temporary Access Pass (Graph v1.0: POST /users/{id}/authentication/temporaryAccessPassMethods, 201 with the
// pass). A user has at most one: Graph deletes the existing pass itself when a new one is created (the create
// API's documentation), so one POST replaces it; the confirmation says so, read before from the list of passes.
// The pass lives only in the returned result: never logged, never in an error text, never stored.
import * as l10n from '@vscode/l10n';
import { DirectoryError } from '../errors';
import type { ErrorResponse } from '../http/jsonClient';
import { userIdSegment } from '../http/pathSegment';
import { expectObject, isJsonObject } from '../kit/answers';
import { actionOutcomeUnknown, nameOf } from '../kit/outcome';
import type { ActionPreparation, DirectoryUser, TemporaryAccessPassOptions, TemporaryAccessPassResult } from '../types';
import { isGuest, refusal, sendChange, type ActionContext, type SignedInPerson } from './actionContext';
import { readGraphError } from './graphErrors';

/** Graph's bounds for lifetimeInMinutes (the tenant's policy may narrow them). */
export const TAP_LIFETIME_MINUTES = { min: 10, max: 43_200 } as const;

export class TemporaryAccessPasses {
  /** Users whose existing pass the last confirmation said would be replaced (for the outcome-unknown words). */
  private readonly hadPass = new Set<string>();

  constructor(
    private readonly ctx: ActionContext,
    private readonly me: SignedInPerson,
  ) {}

  /** Refusals, then whether a pass exists now (it will be replaced). Reads only. */
  async prepare(user: DirectoryUser, signal?: AbortSignal): Promise<ActionPreparation> {
    const refused = await this.refusalFor(user, signal);
    if (refused) return { refusal: refused.message, notes: [] };
    const res = await this.ctx.client.send({ method: 'GET', url: `${this.path(user)}`, signal });
    const value = (expectObject(res) as { value?: unknown }).value;
    const exists = Array.isArray(value) && value.length > 0;
    if (exists) this.hadPass.add(user.id);
    else this.hadPass.delete(user.id);
    return {
      notes: exists
        ? [
            l10n.t(
              'The Temporary Access Pass that {0} has now will be replaced: Microsoft Entra ID keeps one per user and deletes the old one when a new one is created.',
              nameOf(user),
            ),
          ]
        : [],
    };
  }

  async issue(user: DirectoryUser, options: TemporaryAccessPassOptions): Promise<TemporaryAccessPassResult> {
    const { lifetimeInMinutes, isUsableOnce } = options;
    if (
      !Number.isInteger(lifetimeInMinutes) ||
      lifetimeInMinutes < TAP_LIFETIME_MINUTES.min ||
      lifetimeInMinutes > TAP_LIFETIME_MINUTES.max
    ) {
      throw new DirectoryError(
        'configuration',
        l10n.t(
          'A Temporary Access Pass lasts 10 to 43,200 minutes, but {0} minutes were asked for. Nothing was sent.',
          String(lifetimeInMinutes),
        ),
        l10n.t('Set "directoryReset.temporaryAccessPass.lifetimeInMinutes" to a whole number from 10 to 43200.'),
      );
    }
    const refused = await this.refusalFor(user, options.signal);
    if (refused) throw refused;
    const what = l10n.t('Issuing a Temporary Access Pass to {0}', nameOf(user));
    return this.ctx.guard.runAction(user, 'issueTemporaryAccessPass', what, async () => {
      options.onProgress?.(l10n.t('Asking the directory for a Temporary Access Pass...'));
      const unknown = (why: string) => this.unknown(user, why);
      const res = await sendChange(
        this.ctx,
        user,
        'issueTemporaryAccessPass',
        {
          method: 'POST',
          url: this.path(user),
          body: { lifetimeInMinutes, isUsableOnce },
          signal: options.signal,
        },
        {
          change: l10n.t('Temporary Access Pass'),
          unknown,
          mapError: (answer) => this.refusalFromAnswer(user, answer),
        },
      );
      const json = res.json;
      const pass = isJsonObject(json) ? json.temporaryAccessPass : undefined;
      if (res.status !== 201 || typeof pass !== 'string' || pass === '' || !isJsonObject(json)) {
        // Possibly created, but without the pass in hand nobody can use it.
        throw unknown(
          l10n.t('The answer was HTTP {0} without a Temporary Access Pass, not a confirmation.', String(res.status)),
        );
      }
      this.hadPass.delete(user.id);
      const start = dateOf(json.startDateTime) ?? dateOf(json.createdDateTime) ?? new Date();
      const minutes = typeof json.lifetimeInMinutes === 'number' ? json.lifetimeInMinutes : lifetimeInMinutes;
      return {
        action: 'issueTemporaryAccessPass',
        temporaryAccessPass: pass,
        startDateTime: start,
        endDateTime: new Date(start.getTime() + minutes * 60_000),
        lifetimeInMinutes: minutes,
        isUsableOnce: typeof json.isUsableOnce === 'boolean' ? json.isUsableOnce : isUsableOnce,
        completedAt: new Date(),
        requestId: res.requestId,
      };
    });
  }

  /** Guests and yourself: Graph cannot, or must not, give them a pass. Reads /me once when signed in as a person. */
  private async refusalFor(user: DirectoryUser, signal?: AbortSignal): Promise<DirectoryError | undefined> {
    if (isGuest(user)) {
      return refusal(
        l10n.t(
          '{0} is a guest from another organisation: Microsoft Entra ID cannot add a Temporary Access Pass to an external guest. Nothing was sent.',
          nameOf(user),
        ),
        l10n.t('Their own organisation can issue them a Temporary Access Pass.'),
      );
    }
    if (await this.me.is(user, signal)) {
      return refusal(
        l10n.t('You cannot issue a Temporary Access Pass to yourself here. Nothing was sent.'),
        l10n.t('Ask a colleague with the Authentication Administrator role to issue one to you.'),
      );
    }
    return undefined;
  }

  /** Graph's refusals of a pass in plain words (its messages, matched loosely: the codes are generic). */
  private refusalFromAnswer(user: DirectoryUser, res: ErrorResponse): DirectoryError | undefined {
    const error = readGraphError(res.json);
    if (!error || res.status < 400 || res.status >= 500 || res.status === 401) return undefined;
    const details = { status: res.status, requestId: res.requestId, code: error.code };
    const message = error.message;
    if (/external guest/i.test(message)) {
      return new DirectoryError(
        'refused',
        l10n.t(
          'The directory cannot add a Temporary Access Pass to {0}, an external guest. Nothing was changed.',
          nameOf(user),
        ),
        l10n.t('Their own organisation can issue them a Temporary Access Pass.'),
        details,
      );
    }
    if (/lifetime/i.test(message)) {
      return new DirectoryError(
        'badRequest',
        l10n.t("The tenant's Temporary Access Pass policy does not allow this lifetime: {0}", message),
        l10n.t(
          'Set "directoryReset.temporaryAccessPass.lifetimeInMinutes" within the policy\'s minimum and maximum lifetime, or ask an Authentication Policy Administrator to change them.',
        ),
        details,
      );
    }
    if (/usable ?once|one-time|isUsableOnce/i.test(message)) {
      return new DirectoryError(
        'badRequest',
        l10n.t("The tenant's Temporary Access Pass policy allows only one-time passes. Nothing was changed."),
        l10n.t('Set "directoryReset.temporaryAccessPass.isUsableOnce" to true and try again.'),
        details,
      );
    }
    if (/UserCredentialPolicy|Temporary ?Access ?Pass.*(polic|not enabled)/i.test(message)) {
      return new DirectoryError(
        'refused',
        l10n.t(
          "The tenant's Temporary Access Pass policy does not enable it for {0}, so no pass was created.",
          nameOf(user),
        ),
        l10n.t(
          'An Authentication Policy Administrator can turn it on for them: Microsoft Entra admin center > Protection > Authentication methods > Temporary Access Pass.',
        ),
        details,
      );
    }
    return undefined;
  }

  private unknown(user: DirectoryUser, why: string): DirectoryError {
    const what = this.hadPass.has(user.id)
      ? l10n.t('a Temporary Access Pass was created for {0} (replacing the one they had)', nameOf(user))
      : l10n.t('a Temporary Access Pass was created for {0}', nameOf(user));
    return actionOutcomeUnknown(
      why,
      what,
      l10n.t(
        "No pass is shown: it cannot be read back. Open the user's Authentication methods in the Microsoft Entra admin center to check, or issue a new pass here (it replaces any pass they have).",
      ),
    );
  }

  private path(user: DirectoryUser): string {
    return `/v1.0/users/${userIdSegment(user.id, this.ctx.name)}/authentication/temporaryAccessPassMethods`;
  }
}

function dateOf(v: unknown): Date | undefined {
  if (typeof v !== 'string') return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
