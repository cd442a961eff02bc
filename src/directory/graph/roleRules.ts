// Who may do what to whom in Microsoft Entra ID, read from roleRules.json (Microsoft's "who can reset passwords" and
// "sensitive actions" tables, with their source and the date they were checked): the one place that judges it. Used
// three times: the test
// directory decides its 403s with it, the pre-flight check (accessCheck.ts) decides before anything is sent, and
// after a 403 the provider names the roles that could act on this user. A target with no admin role is a "non-admin".
import rules from './roleRules.json';
import type { AccountAction } from '../types';

/** What the rules cover: the reset and the Graph actions beside it (Entra ID has no administrator unlock). */
export type RuledAction = 'resetPassword' | Exclude<AccountAction, 'unlockAccount'>;

/** Where the table comes from and when it was checked: named in the README and in the confirmation's details. */
export const ROLE_RULES_SOURCE: { readonly url: string; readonly checked: string } = {
  url: rules.source,
  checked: rules.checked,
};

/** The roles that reach every user, weakest first. */
export const EVERYONE_ROLES: readonly string[] = rules.reachEveryone;

const LIMITED_TARGETS: Readonly<Record<string, readonly string[]>> = rules.limitedRoleTargets;
const ACTION_ROLES: Readonly<Record<RuledAction, readonly string[]>> = rules.actions;
const TEMPLATE_IDS: Readonly<Record<string, string>> = rules.roleTemplateIds;
const NAME_BY_TEMPLATE = new Map(Object.entries(TEMPLATE_IDS).map(([name, id]) => [id.toLowerCase(), name]));

/** The Graph actions beside the reset. */
export type GraphAction = Exclude<RuledAction, 'resetPassword'>;

/** The Graph permission an app (or the sign-in's consent) needs for each action beside the reset. */
export const ACTION_PERMISSIONS: Readonly<Record<GraphAction, string>> = rules.appPermissions;

/** What a target holds that decides who may act on them. */
export interface TargetStanding {
  /** Display names of the target's admin roles. */
  readonly roles: readonly string[];
  /**
   * Member or owner of a role-assignable group, or in a restricted management administrative unit: only the
   * roles that reach everyone may act, whatever roles the target holds.
   */
  readonly protectedMember?: boolean;
}

/** The built-in role's display name for a role template id, when the table knows it. */
export function roleNameOfTemplate(templateId: string): string | undefined {
  return NAME_BY_TEMPLATE.get(templateId.toLowerCase());
}

/** The template id of a built-in role the table knows (the test directory serves them). */
export function templateIdOfRole(name: string): string | undefined {
  return TEMPLATE_IDS[name];
}

/** True when one role may do `action` to a target with `standing`. */
export function roleMay(action: RuledAction, role: string, standing: TargetStanding): boolean {
  if (EVERYONE_ROLES.includes(role)) return true;
  if (!ACTION_ROLES[action].includes(role) || standing.protectedMember) return false;
  const reach = LIMITED_TARGETS[role] ?? [];
  return standing.roles.every((t) => reach.includes(t));
}

/** True when a caller holding `callerRoles` may do `action` to a target with `standing`. */
export function mayAct(action: RuledAction, callerRoles: readonly string[], standing: TargetStanding): boolean {
  return callerRoles.some((role) => roleMay(action, role, standing));
}

/** The roles, weakest first, any one of which may do `action` to a target with `standing`. */
export function rolesThatMay(action: RuledAction, standing: TargetStanding): string[] {
  return [...ACTION_ROLES[action], ...EVERYONE_ROLES].filter((role) => roleMay(action, role, standing));
}

/** True when `role` holds the permission of `action` at all (for some target). */
export function roleHolds(action: RuledAction, role: string): boolean {
  return EVERYONE_ROLES.includes(role) || ACTION_ROLES[action].includes(role);
}

/** True for a built-in role the table knows (a custom role, or one added since, may grant anything). */
export function isKnownRole(role: string): boolean {
  return role in TEMPLATE_IDS;
}
