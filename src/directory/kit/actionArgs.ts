// A provider whose actions live in a class of their own (graphActions.ts, ldapActions.ts...) hands each
// DirectoryProvider action method on to it; ActionArgs types those one-line hand-overs.
import type { DirectoryProvider } from '../types';

type ActionMethod =
  | 'prepareAction'
  | 'checkAccess'
  | 'issueTemporaryAccessPass'
  | 'revokeSessions'
  | 'setAccountEnabled'
  | 'unlockAccount';

/** The parameters of a DirectoryProvider action method. */
export type ActionArgs<K extends ActionMethod> = Parameters<NonNullable<DirectoryProvider[K]>>;
