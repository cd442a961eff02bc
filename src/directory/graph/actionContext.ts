// What the Graph actions beside the reset share: the client, who is signed in (read once), the checks made before
// any request, sending a change (a failure that may have been applied is "outcome unknown"), and a 403 in plain
// words with the roles that could act on this user.
import * as l10n from '@vscode/l10n';
import { DirectoryError } from '../errors';
import type { ErrorResponse, JsonClient, JsonRequest, JsonResponse } from '../http/jsonClient';
import { isJsonObject } from '../kit/answers';
import { nameOf, sendReset } from '../kit/outcome';
import type { ResetGuard } from '../kit/resetGuard';
import type { DirectoryUser } from '../types';
import { ACTION_PERMISSIONS, rolesThatMay, type GraphAction, type RuledAction } from './roleRules';
import { listWords, readTargetStanding } from './targetRoles';

export interface ActionContext {
  readonly client: JsonClient;
  /** The directory's name as the person gave it. */
  readonly name: string;
  /** True when a person is signed in (delegated), false for an app secret. */
  readonly delegated: boolean;
  /** One action of a kind per user at a time: a second click sends nothing. */
  readonly guard: ResetGuard;
  readonly getUser: (id: string, signal?: AbortSignal) => Promise<DirectoryUser>;
}

/**
 * The signed-in person's own id (GET /me, once per provider): a helpdesk must not issue a pass to, or disable,
 * themselves. App-only sign-in has no "me" (Graph answers /me only for delegated tokens).
 */
export class SignedInPerson {
  private id: Promise<string | undefined> | undefined;

  constructor(private readonly ctx: ActionContext) {}

  /** True when `user` is the signed-in person. A failed read is thrown, and tried again next time. */
  async is(user: DirectoryUser, signal?: AbortSignal): Promise<boolean> {
    if (!this.ctx.delegated) return false;
    const id = await this.idOf(signal);
    return id !== undefined && id.toLowerCase() === user.id.toLowerCase();
  }

  /** The signed-in person's id; undefined for app-only sign-in. A failed read is thrown, and tried again next time. */
  async idOf(signal?: AbortSignal): Promise<string | undefined> {
    if (!this.ctx.delegated) return undefined;
    this.id ??= this.read(signal);
    try {
      return await this.id;
    } catch (e) {
      this.id = undefined;
      throw e;
    }
  }

  private async read(signal?: AbortSignal): Promise<string | undefined> {
    const res = await this.ctx.client.send({ method: 'GET', url: '/v1.0/me?$select=id', signal });
    const id = isJsonObject(res.json) ? res.json.id : undefined;
    return typeof id === 'string' && id !== '' ? id : undefined;
  }
}

/**
 * True for a guest (userType Guest, or a #EXT# sign-in name): their sign-in and sessions belong to their home
 * tenant. An invited member (creationType Invitation) is refused for the reset by eligibility.ts already.
 */
export function isGuest(user: DirectoryUser): boolean {
  return user.userType === 'Guest' || user.signInName.includes('#EXT#');
}

/** A refusal made before any request: nothing was sent. */
export function refusal(message: string, nextStep: string): DirectoryError {
  return new DirectoryError('refused', message, nextStep);
}

/**
 * Sends a change: a failure that may have been applied becomes `unknown(why)`; `mapError` reads the action's own
 * error answers first; a 403 comes back with the roles that could do it.
 */
export async function sendChange(
  ctx: ActionContext,
  user: DirectoryUser,
  action: GraphAction,
  req: JsonRequest,
  options: {
    readonly change: string;
    readonly unknown: (why: string) => DirectoryError;
    readonly mapError?: (res: ErrorResponse) => DirectoryError | undefined;
  },
): Promise<JsonResponse> {
  try {
    return await sendReset(
      ctx.client,
      { ...req, retry: 'refusedOnly', mapError: options.mapError },
      {
        directory: l10n.t('the directory'),
        Directory: l10n.t('The directory'),
        change: options.change,
        unknown: options.unknown,
      },
    );
  } catch (e) {
    if (e instanceof DirectoryError && e.kind === 'forbidden') {
      throw await explainActionForbidden(ctx, user, action, e, req.signal);
    }
    throw e;
  }
}

/** "You may not ... {user}." per action: the start of a refusal, before the request (accessCheck.ts) or after a 403. */
export function mayNotSentence(action: RuledAction, user: DirectoryUser): string {
  const name = nameOf(user);
  switch (action) {
    case 'resetPassword':
      return l10n.t('You may not reset the password of {0}.', name);
    case 'issueTemporaryAccessPass':
      return l10n.t('You may not issue a Temporary Access Pass to {0}.', name);
    case 'revokeSessions':
      return l10n.t('You may not sign {0} out everywhere.', name);
    case 'enableAccount':
      return l10n.t('You may not enable the account of {0}.', name);
    case 'disableAccount':
      return l10n.t('You may not disable the account of {0}.', name);
  }
}

/** After a 403: the roles that could do it to this user (from the user's own standing) and the permission. */
async function explainActionForbidden(
  ctx: ActionContext,
  user: DirectoryUser,
  action: GraphAction,
  e: DirectoryError,
  signal?: AbortSignal,
): Promise<DirectoryError> {
  const standing = await readTargetStanding(ctx.client, user, ctx.name, signal);
  const targetRoles = standing?.roles;
  const roles = listWords(rolesThatMay(action, standing ?? { roles: [] }));
  const who = targetRoles?.length
    ? l10n.t(
        '{0} holds {1}, so only someone with one of these roles may: {2}.',
        nameOf(user),
        listWords(targetRoles),
        roles,
      )
    : l10n.t(
        'Only someone with one of these roles may: {0} (for users who hold admin roles themselves, stronger roles are needed).',
        roles,
      );
  return new DirectoryError(
    'forbidden',
    `${mayNotSentence(action, user)} ${who}`,
    l10n.t(
      'Ask a colleague with one of those roles, or ask for the role in Privileged Identity Management. If you have the role, the app may lack the permission {0} with admin consent.',
      ACTION_PERMISSIONS[action],
    ),
    e.details,
  );
}
