// "May I do this?" before anything is sent (Graph, delegated sign-in): the signed-in person's role assignments (read
// once per sign-in) against the target's standing (the tenant's role holders, read once and kept for a few minutes),
// judged with the table in roleRules.json. The judgement is pure (judge); the class only reads and remembers. When the roles cannot
// be read, nothing is judged: the actions behave as without the check, and the report says why once.
import * as l10n from '@vscode/l10n';
import { DirectoryError } from '../errors';
import type { JsonClient } from '../http/jsonClient';
import { nameOf } from '../kit/outcome';
import type { AccessAction, AccessReport, AccessVerdict, DirectoryUser } from '../types';
import {
  readCallerAssignments,
  readTenantStanding,
  TooManyToRead,
  type RoleAssignmentFact,
  type TargetFacts,
  type TenantStanding,
} from './roleFacts';
import { isKnownRole, roleHolds, roleMay, rolesThatMay, type RuledAction } from './roleRules';
import { mayNotSentence } from './actionContext';
import { listWords } from './targetRoles';

const RULED: readonly RuledAction[] = [
  'resetPassword',
  'issueTemporaryAccessPass',
  'revokeSessions',
  'enableAccount',
  'disableAccount',
];

/** How long the tenant's role holders are trusted; a role granted meanwhile shows after this or a Refresh. */
const STANDING_TTL_MS = 5 * 60_000;

/** Whether one assignment reaches the target at all, and with which standing the table must judge it. */
function reach(
  a: RoleAssignmentFact,
  target: TargetFacts,
): { roles: readonly string[]; protectedMember: boolean } | undefined {
  const restricted = target.units.some((u) => u.restricted);
  if (a.scope.kind === 'tenant') {
    // A restricted management unit's members are managed only by roles scoped to that unit.
    if (restricted) return undefined;
    return { roles: target.roles, protectedMember: target.inRoleAssignableGroup };
  }
  if (a.scope.kind === 'administrativeUnit') {
    const id = a.scope.id;
    if (!target.units.some((u) => u.id === id)) return undefined;
    // Roles scoped to a unit manage its members without admin roles ("further restrictions apply" to admins).
    if (target.roles.length > 0 || target.inRoleAssignableGroup) return undefined;
    return { roles: [], protectedMember: false };
  }
  return undefined;
}

/**
 * The judgement of `action` for a target, from the caller's assignments. Pure: tested without a directory.
 * Undefined (the directory decides) where the table cannot know: a caller who also holds a role it does not list
 * (a custom role may grant the permission) or an assignment with a scope other than tenant or unit.
 */
export function judge(
  action: RuledAction,
  caller: readonly RoleAssignmentFact[],
  target: TargetFacts,
  user: DirectoryUser,
): AccessVerdict | undefined {
  for (const a of caller) {
    const standing = reach(a, target);
    if (standing && roleMay(action, a.role, standing)) {
      const unit =
        a.scope.kind === 'administrativeUnit'
          ? target.units.find((u) => u.id === (a.scope as { id: string }).id)
          : undefined;
      return {
        kind: 'allowed',
        asRole: unit ? l10n.t('{0} for the administrative unit {1}', a.role, unit.name || unit.id) : a.role,
      };
    }
  }
  if (caller.some((a) => !isKnownRole(a.role) || a.scope.kind === 'other')) return undefined;
  const nextStep = l10n.t(
    'Ask a colleague with one of those roles, or activate such a role in Privileged Identity Management (eligible roles count only once activated).',
  );
  const mine = [...new Set(caller.map((a) => a.role))];
  if (!caller.some((a) => roleHolds(action, a.role))) {
    return {
      kind: 'denied',
      reason: `${mayNotSentence(action, user)} ${
        mine.length
          ? l10n.t(
              'None of your active roles ({0}) allows it; one of these does: {1}.',
              listWords(mine),
              listWords(rolesThatMay(action, { roles: [] })),
            )
          : l10n.t(
              'You hold no active admin role; one of these allows it: {0}.',
              listWords(rolesThatMay(action, { roles: [] })),
            )
      }`,
      nextStep,
    };
  }
  const who = listWords(rolesThatMay(action, { roles: target.roles, protectedMember: target.inRoleAssignableGroup }));
  const why = target.units.some((u) => u.restricted)
    ? l10n.t(
        '{0} is in a restricted management administrative unit, so only roles scoped to that unit may.',
        nameOf(user),
      )
    : target.inRoleAssignableGroup
      ? l10n.t(
          '{0} is a member of a role-assignable group, so only someone with one of these roles may: {1}.',
          nameOf(user),
          who,
        )
      : target.roles.length
        ? l10n.t(
            '{0} holds {1}, so only someone with one of these roles may: {2}.',
            nameOf(user),
            listWords(target.roles),
            who,
          )
        : l10n.t('Your role that allows it is scoped to an administrative unit that {0} is not in.', nameOf(user));
  return { kind: 'denied', reason: `${mayNotSentence(action, user)} ${why}`, nextStep };
}

export class AccessCheck {
  private caller: Promise<RoleAssignmentFact[] | string> | undefined;
  private tenant: { at: number; standing: Promise<TenantStanding | string> } | undefined;

  constructor(
    private readonly client: JsonClient,
    /** The signed-in person's id (GET /me, once). */
    private readonly meId: (signal?: AbortSignal) => Promise<string | undefined>,
  ) {}

  async check(user: DirectoryUser, signal?: AbortSignal): Promise<AccessReport> {
    const caller = await this.callerAssignments(signal);
    if (typeof caller === 'string') return { verdicts: {}, unreadable: caller };
    const standing = await this.tenantStanding(caller, signal);
    if (typeof standing === 'string') return { verdicts: {}, unreadable: standing };
    const facts = standing.get(user.id.toLowerCase()) ?? NO_STANDING;
    const verdicts: Partial<Record<AccessAction, AccessVerdict>> = {};
    for (const action of RULED) {
      const verdict = judge(action, caller, facts, user);
      if (verdict) verdicts[action] = verdict;
    }
    return { verdicts };
  }

  /** Forget what was read (a refresh, another sign-in). */
  clear(): void {
    this.caller = undefined;
    this.tenant = undefined;
  }

  private callerAssignments(signal?: AbortSignal): Promise<RoleAssignmentFact[] | string> {
    this.caller ??= unreadableOr(async () => {
      const me = await this.meId(signal);
      if (!me) return l10n.t('The directory did not say who is signed in.');
      return readCallerAssignments(this.client, me, signal);
    }).catch((e: unknown) => {
      this.caller = undefined; // a network failure is tried again next time
      throw e;
    });
    return this.caller;
  }

  private tenantStanding(caller: readonly RoleAssignmentFact[], signal?: AbortSignal) {
    if (this.tenant && Date.now() - this.tenant.at < STANDING_TTL_MS) return this.tenant.standing;
    const units = caller.flatMap((a) => (a.scope.kind === 'administrativeUnit' ? [a.scope.id] : []));
    const standing = unreadableOr(() => readTenantStanding(this.client, units, signal));
    const entry = { at: Date.now(), standing };
    this.tenant = entry;
    standing.catch(() => {
      if (this.tenant === entry) this.tenant = undefined;
    });
    return standing;
  }
}

const NO_STANDING: TargetFacts = { roles: [], inRoleAssignableGroup: false, units: [] };

/** The read's result, or the plain words for why roles cannot be read (a 403, too many groups); other errors throw. */
async function unreadableOr<T>(read: () => Promise<T | string>): Promise<T | string> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof DirectoryError && (e.kind === 'forbidden' || e.kind === 'notFound' || e.kind === 'badRequest'))
      return l10n.t(
        'Roles could not be read (the sign-in needs Directory.Read.All, or RoleManagement.Read.Directory with GroupMember.Read.All and AdministrativeUnit.Read.All), so whether the directory allows an action is known only when you try it.',
      );
    if (e instanceof TooManyToRead)
      return l10n.t(
        'There are too many role-assignable groups or administrative units to read quickly; the directory decides each action.',
      );
    throw e;
  }
}
