// Enable and disable a SCIM account: one PATCH /Users/{id} whose PatchOp replaces `active` (RFC 7644 §3.5.2,
// RFC 7643 §4.1.1), then the user as the service holds it afterwards, so the tree and the profile page change only
// once the service confirmed. SCIM has no lockout and no sessions, so these are its only actions.
import * as l10n from '@vscode/l10n';
import { DirectoryError } from '../errors';
import type { ErrorResponse, JsonClient, JsonResponse } from '../http/jsonClient';
import { describeAnswer } from '../http/answer';
import { userIdSegment } from '../http/pathSegment';
import { isJsonObject } from '../kit/answers';
import {
  accountStateRefusal,
  actionChangeWords,
  actionConfirmed,
  actionMayHaveHappened,
  actionRunning,
  enableActionOf,
  guardKeyOf,
  type AccountStateAction,
} from '../kit/accountState';
import { actionOutcomeUnknown, nameOf, sendReset } from '../kit/outcome';
import type { ResetGuard } from '../kit/resetGuard';
import type { ActionOptions, ActionResult, DirectoryUser } from '../types';
import { cleanDetail, mapScimError, readScimError, type ScimErrorContext } from './scimErrors';
import { toDirectoryUser } from './scimUser';

export const SCIM_PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SCIM_JSON = 'application/scim+json';

/** What the provider lends the actions: its client, where users live, its words for errors and its guard. */
export interface ScimActionContext {
  readonly name: string;
  readonly client: JsonClient;
  readonly basePath: string;
  readonly guard: ResetGuard;
  readonly errorContext: (user: DirectoryUser) => ScimErrorContext;
  /** Reads the user again (GET /Users/{id}). */
  readonly getUser: (id: string, signal?: AbortSignal) => Promise<DirectoryUser>;
}

/** PATCH active, then the user as the service has it; throws DirectoryError (outcome unknown where it may have acted). */
export async function setScimAccountEnabled(
  ctx: ScimActionContext,
  user: DirectoryUser,
  enabled: boolean,
  options: ActionOptions = {},
): Promise<ActionResult> {
  const action = enableActionOf(enabled);
  const refusal = accountStateRefusal(user, action);
  if (refusal)
    throw new DirectoryError('refused', refusal, l10n.t('Refresh the list to see the account as it is now.'));
  return ctx.guard.runAction(user, guardKeyOf(action), actionRunning(user, action), async () => {
    options.onProgress?.(enabled ? l10n.t('Enabling the account...') : l10n.t('Disabling the account...'));
    const unknown = (why: string) =>
      actionOutcomeUnknown(
        why,
        actionMayHaveHappened(user, action),
        l10n.t(
          'Refresh {0} in the list to see whether its account is enabled, then try again if needed.',
          nameOf(user),
        ),
      );
    const res = await sendReset(
      ctx.client,
      {
        method: 'PATCH',
        url: `${ctx.basePath}/Users/${userIdSegment(user.id, ctx.name)}`,
        headers: { 'content-type': SCIM_JSON, accept: `${SCIM_JSON}, application/json` },
        body: { schemas: [SCIM_PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: enabled }] },
        signal: options.signal,
        retry: 'refusedOnly',
        mapError: (r) => actionErrorFromAnswer(r, ctx, user, action) ?? mapScimError(r, ctx.errorContext(user)),
      },
      { directory: ctx.name, notProcessed: [501], unknown, change: actionChangeWords(action) },
    );
    const after = await confirmedUser(ctx, user, action, res, unknown, options.signal);
    return { action, completedAt: new Date(), user: after, requestId: res.requestId };
  });
}

/**
 * The user after the PATCH: from a 200 that is this user, else read again. The service must say the account is
 * now as asked; an answer that is not a confirmation (a proxy's page) or a read that does not report `active` is
 * "outcome unknown", and a read that shows the old state says the service did not apply it.
 */
async function confirmedUser(
  ctx: ScimActionContext,
  user: DirectoryUser,
  action: AccountStateAction,
  res: JsonResponse,
  unknown: (why: string) => DirectoryError,
  signal: AbortSignal | undefined,
): Promise<DirectoryUser> {
  const isThisUser = res.status === 200 && isJsonObject(res.json) && (res.json as { id?: unknown }).id === user.id;
  if (res.status !== 204 && !isThisUser) {
    const what = describeAnswer(res, res.status === 200 ? l10n.t('JSON that is not this user') : 'JSON');
    throw unknown(
      l10n.t(
        'The answer to the change of {0} was {1}, not a confirmation; a proxy, firewall or sign-in page may be in the way.',
        nameOf(user),
        what,
      ),
    );
  }
  let after = isThisUser ? toDirectoryUser(res.json) : undefined;
  if (after?.accountEnabled === undefined) {
    try {
      after = await ctx.getUser(user.id, signal);
    } catch {
      // The PATCH itself was answered as done; only the confirmation is missing.
      throw unknown(l10n.t('{0} accepted the change but could not be read back to confirm it.', ctx.name));
    }
  }
  const confirmed = actionConfirmed(after, action);
  if (confirmed === undefined) {
    throw unknown(l10n.t('{0} accepted the change but does not report whether accounts are active.', ctx.name));
  }
  if (!confirmed) {
    throw new DirectoryError(
      'badResponse',
      l10n.t(
        '{0} answered that it changed the account of {1}, but reading it back shows it still {2}.',
        ctx.name,
        nameOf(user),
        after.accountEnabled ? l10n.t('enabled') : l10n.t('disabled'),
      ),
      l10n.t(
        'The service may not let SCIM change "active"; change the account in its own admin console, or ask its administrator.',
      ),
    );
  }
  return after;
}

/**
 * The answers that mean something of their own for a change of `active`: the token may not write it (403), or the
 * service does not let SCIM change it (400 mutability/noTarget/invalidPath/invalidValue, 501). Undefined: the
 * general SCIM mapping decides (401, 404, 409, 429, 5xx...).
 */
export function actionErrorFromAnswer(
  res: ErrorResponse,
  ctx: Pick<ScimActionContext, 'name'>,
  user: DirectoryUser,
  action: AccountStateAction,
): DirectoryError | undefined {
  const body = readScimError(res.json);
  const details = { status: res.status, requestId: res.requestId, code: body?.scimType };
  const detail = cleanDetail(body?.detail);
  const said = ` (HTTP ${res.status}${body?.scimType ? `, ${body.scimType}` : ''}${detail ? `: ${detail}` : ''})`;
  if (res.status === 403) {
    return new DirectoryError(
      'forbidden',
      action === 'enableAccount'
        ? l10n.t(
            '{0} refused to enable the account of {1}: the bearer token lacks the right to change it{2}. Nothing was changed.',
            ctx.name,
            nameOf(user),
            said,
          )
        : l10n.t(
            '{0} refused to disable the account of {1}: the bearer token lacks the right to change it{2}. Nothing was changed.',
            ctx.name,
            nameOf(user),
            said,
          ),
      l10n.t(
        'Ask the SCIM service\'s administrator for a token that may write the users\' "active" attribute, then run "Directory: Sign In" with it.',
      ),
      details,
    );
  }
  const notSettable = ['mutability', 'noTarget', 'invalidPath', 'invalidValue'];
  if ((res.status === 400 && notSettable.includes(body?.scimType ?? '')) || res.status === 501) {
    return new DirectoryError(
      'refused',
      l10n.t('{0} does not let SCIM change whether an account is active{1}. Nothing was changed.', ctx.name, said),
      l10n.t("Change the account of {0} in the service's own admin console.", nameOf(user)),
      details,
    );
  }
  return undefined;
}
