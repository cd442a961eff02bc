// Checks shared by every provider's settings parser.
import * as l10n from '@vscode/l10n';

export type ConfigResult<C> = { ok: true; config: C } | { ok: false; problem: string };

/** The endpoint's origin, or "!" + the problem. With `allowPath`, the URL without query or hash. */
export function checkEndpoint(value: unknown, what: string, allowPath = false): string {
  if (typeof value !== 'string') return `!${l10n.t('{0} must be a URL such as https://graph.microsoft.com.', what)}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `!${l10n.t('{0} "{1}" is not a URL; use e.g. https://graph.microsoft.com.', what, value)}`;
  }
  if (url.username || url.password) return `!${l10n.t('{0} must not contain a user name or password.', what)}`;
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    return `!${l10n.t('{0} must use https:// (plain http is allowed only for 127.0.0.1 / localhost test servers).', what)}`;
  }
  if (url.search || url.hash) return `!${l10n.t('{0} must not have a query (?...) or fragment (#...).', what)}`;
  if (allowPath) return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  if (url.pathname !== '/' && url.pathname !== '') {
    return `!${l10n.t('{0} must be just the scheme and host, without a path (e.g. https://graph.microsoft.com).', what)}`;
  }
  return url.origin;
}

export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

export function fail(problem: string): { ok: false; problem: string } {
  return { ok: false, problem };
}

/** Optional per-directory password rules for providers that generate the password here. */
export interface PasswordPolicyConfig {
  /** Length of generated passwords; default: the directoryReset.passwordLength setting. */
  readonly length?: number;
  /** Symbols the directory accepts; '' for none. Default: a safe set (see src/password/generator.ts). */
  readonly symbols?: string;
}

export function parsePasswordPolicy(raw: unknown, label: string): ConfigResult<PasswordPolicyConfig | undefined> {
  if (raw === undefined) return { ok: true, config: undefined };
  if (typeof raw !== 'object' || raw === null)
    return fail(l10n.t('{0}: "passwordPolicy" must be an object like {"length": 16}.', label));
  const r = raw as Record<string, unknown>;
  if (
    r.length !== undefined &&
    (!Number.isInteger(r.length) || (r.length as number) < 12 || (r.length as number) > 256)
  ) {
    return fail(l10n.t('{0}: "passwordPolicy.length" must be a whole number from 12 to 256.', label));
  }
  if (r.symbols !== undefined && (typeof r.symbols !== 'string' || /[\sA-Za-z0-9]/.test(r.symbols))) {
    return fail(
      l10n.t(
        '{0}: "passwordPolicy.symbols" must be a string of symbol characters, e.g. "#$%&*+-=?@^_!", or "" for none.',
        label,
      ),
    );
  }
  return { ok: true, config: { length: r.length as number | undefined, symbols: r.symbols } };
}
