// The test directory's Temporary Access Pass state: the tenant's policy (Graph's
// temporaryAccessPassAuthenticationMethodConfiguration: state, who it includes, lifetime bounds, one-time use) and
// each user's one pass. The pass itself is never kept: Graph shows it once, in the answer that creates it.

import { FIXED_USERS } from '../fixedUsers';

export interface TapPolicy {
  state: 'enabled' | 'disabled';
  /** Users the policy leaves out (Graph: excludeTargets); everyone else is included. */
  excludedUserIds: Set<string>;
  minimumLifetimeInMinutes: number;
  maximumLifetimeInMinutes: number;
  defaultLifetimeInMinutes: number;
  /** True: every pass must be one-time (a request for a multi-use pass is refused). */
  isUsableOnce: boolean;
  /** Characters of each pass (8 to 48). */
  defaultLength: number;
}

/** A user's pass as the directory keeps it: everything but the pass. */
export interface StoredTap {
  id: string;
  createdDateTime: string;
  startDateTime: string;
  lifetimeInMinutes: number;
  isUsableOnce: boolean;
}

/**
 * The demo tenant's policy: enabled for everyone but "Petra Policy", lifetimes of 10 minutes to 8 hours (Entra's
 * defaults are 1 to 8 hours; the lower bound is Graph's own so the extension's default of 60 fits), one hour by
 * default, multi-use passes allowed.
 */
export function demoTapPolicy(): TapPolicy {
  return {
    state: 'enabled',
    excludedUserIds: new Set([FIXED_USERS.petraPolicy]),
    minimumLifetimeInMinutes: 10,
    maximumLifetimeInMinutes: 480,
    defaultLifetimeInMinutes: 60,
    isUsableOnce: false,
    defaultLength: 8,
  };
}

/** The passes users already have: "Paula Pass" has one, valid for a day from when the directory starts. */
export function demoTemporaryAccessPasses(now = new Date()): Map<string, StoredTap> {
  const at = now.toISOString().slice(0, 19) + 'Z';
  return new Map([
    [
      FIXED_USERS.paulaPass,
      {
        id: 'a7b2c1d0-5e4f-4a3b-9c8d-7e6f5a4b3c2d',
        createdDateTime: at,
        startDateTime: at,
        lifetimeInMinutes: 1440,
        isUsableOnce: false,
      },
    ],
  ]);
}
