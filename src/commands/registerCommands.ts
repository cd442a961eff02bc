// Binds each command id (package.json) to its handler, all inside the same error wrapper.
import type * as vscode from 'vscode';
import { cancelLoading } from './cancelLoading';
import { clearSearch } from './clearSearch';
import type { CommandContext } from './commandContext';
import { disableAccount } from './disableAccount';
import { enableAccount } from './enableAccount';
import { explainAccess } from './explainAccess';
import { exportHistory } from './exportHistory';
import { filterHistory } from './filterHistory';
import { clearHistoryFilter } from './clearHistoryFilter';
import { issueTemporaryAccessPass } from './issueTemporaryAccessPass';
import { loadMore } from './loadMore';
import { openDemoDirectory } from './openDemoDirectory';
import { openHistoryRecord } from './openHistoryRecord';
import { openProfile } from './openProfile';
import { refresh } from './refresh';
import { resetPassword } from './resetPassword';
import { retry } from './retry';
import { revokeSessions } from './revokeSessions';
import { registerCommand } from './runCommand';
import { search } from './search';
import { selectDirectory } from './selectDirectory';
import { showAuditLog } from './showAuditLog';
import { showHistory } from './showHistory';
import { showLog } from './showLog';
import { signIn } from './signIn';
import { signInWithAnotherAccount } from './signInWithAnotherAccount';
import { signOut } from './signOut';
import { unlockAccount } from './unlockAccount';

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  // VS Code hands command arguments over untyped; each handler declares (and checks) what it accepts.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see the line above
  const handlers: Record<string, (ctx: CommandContext, ...args: any[]) => unknown> = {
    'directoryReset.resetPassword': resetPassword,
    'directoryReset.issueTemporaryAccessPass': issueTemporaryAccessPass,
    'directoryReset.revokeSessions': revokeSessions,
    'directoryReset.enableAccount': enableAccount,
    'directoryReset.disableAccount': disableAccount,
    'directoryReset.unlockAccount': unlockAccount,
    'directoryReset.explainAccess': explainAccess,
    'directoryReset.openProfile': openProfile,
    'directoryReset.search': search,
    'directoryReset.clearSearch': clearSearch,
    'directoryReset.refresh': refresh,
    'directoryReset.cancelLoading': cancelLoading,
    'directoryReset.loadMore': loadMore,
    'directoryReset.retry': retry,
    'directoryReset.signIn': signIn,
    'directoryReset.signInWithAnotherAccount': signInWithAnotherAccount,
    'directoryReset.signOut': signOut,
    'directoryReset.openDemoDirectory': openDemoDirectory,
    'directoryReset.selectDirectory': selectDirectory,
    'directoryReset.showLog': showLog,
    'directoryReset.showHistory': showHistory,
    'directoryReset.exportHistory': exportHistory,
    'directoryReset.filterHistory': filterHistory,
    'directoryReset.clearHistoryFilter': clearHistoryFilter,
    'directoryReset.openHistoryRecord': openHistoryRecord,
    'directoryReset.showAuditLog': showAuditLog,
  };
  return Object.entries(handlers).map(([id, handler]) =>
    registerCommand(ctx.log, id, (...args: unknown[]) => handler(ctx, ...args)),
  );
}
