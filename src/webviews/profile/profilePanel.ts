// One user's profile page. Holds the only copy of a temporary password or Temporary Access Pass outside the
// directory: in this object's memory, until the panel closes. The page gets data only by message, after it says 'ready'.

import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { displayText } from '../../directory/displayText';
import { DirectoryError, isCancellation } from '../../directory/errors';
import { RESET_METHOD_LABELS } from '../../directory/registry';
import type {
  AccessReport,
  DirectoryProvider,
  DirectoryUser,
  ResetResult,
  TemporaryAccessPassResult,
} from '../../directory/types';
import { actionWords } from '../../commands/accountActionWords';
import { ActionOutcomes, type ActionOutcome } from './actionOutcomes';
import type { ClipboardGuard } from './clipboardGuard';
import { buildProfileHtml } from './html';
import { isWebviewMessage, type HostMessage } from './protocol';
import { actionsView, toView } from './profileView';
import { profileStrings } from './strings';

export const PROFILE_VIEW_TYPE = 'directoryReset.profile';

/** Clearing the clipboard after Copy: the guard (shared by all pages) and the delay in seconds (0 = off). */
export interface ClipboardClearing {
  readonly guard: ClipboardGuard;
  readonly seconds: () => number;
}
const MAX_TITLE_NAME = 60;

export class ProfilePanel implements vscode.Disposable {
  private readonly panel: vscode.WebviewPanel;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly onDidDisposeEmitter = new vscode.EventEmitter<void>();
  private readonly onDidPostMessageEmitter = new vscode.EventEmitter<HostMessage>();
  /** Fires once, when the panel closes (by the user or by dispose()). */
  readonly onDidDispose = this.onDidDisposeEmitter.event;
  /** Every message posted to the page; lets host tests see what the page would get. */
  readonly onDidPostMessage = this.onDidPostMessageEmitter.event;

  readonly directoryName: string;
  private directory: DirectoryProvider;
  private currentUser: DirectoryUser;
  private fullProfileLoaded = false;
  private result: ResetResult | undefined;
  /** The Temporary Access Pass and each account action's outcome. */
  private readonly actions = new ActionOutcomes();
  private access?: AccessReport;
  private loadError: string | undefined;
  private load: { controller: AbortController; done: Promise<void> } | undefined;
  /** The page listens only after it has posted 'ready'; it reloads (and says so again) when re-shown. */
  private pageReady = false;
  private disposed = false;

  constructor(
    extensionUri: vscode.Uri,
    directory: DirectoryProvider,
    user: DirectoryUser,
    private readonly log: vscode.LogOutputChannel,
    private readonly clipboardClearing?: ClipboardClearing,
  ) {
    this.directory = directory;
    this.directoryName = directory.name;
    this.currentUser = user;

    const media = vscode.Uri.joinPath(extensionUri, 'media');
    this.panel = vscode.window.createWebviewPanel(
      PROFILE_VIEW_TYPE,
      profileTitle(user.displayName),
      vscode.ViewColumn.Active,
      {
        enableScripts: true,
        localResourceRoots: [media],
        retainContextWhenHidden: false,
      },
    );
    const icon = vscode.Uri.joinPath(media, 'directory.svg');
    // The icon is optional; a missing file would show a broken image in the tab.
    if (icon.scheme !== 'file' || fs.existsSync(icon.fsPath)) this.panel.iconPath = icon;

    this.subscriptions.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.webview.onDidReceiveMessage((msg: unknown) =>
        this.handleMessage(msg).catch((e: unknown) => log.error(`Profile page action failed: ${errorText(e)}`)),
      ),
      // A hidden page is torn down; it posts 'ready' again when it comes back.
      this.panel.onDidChangeViewState((e) => {
        if (!e.webviewPanel.visible) this.pageReady = false;
      }),
    );
    this.panel.webview.html = buildProfileHtml(this.panel.webview, media);
    log.info(`Profile opened for ${user.id}`);
    this.reload();
  }

  get userId(): string {
    return this.currentUser.id;
  }

  /** The freshest copy of the user this panel has. */
  get user(): DirectoryUser {
    return this.currentUser;
  }

  get hasPassword(): boolean {
    return this.result !== undefined;
  }

  get hasTemporaryAccessPass(): boolean {
    return this.actions.passText !== undefined;
  }

  /** The page's HTML shell, as given to the webview. */
  get html(): string {
    return this.panel.webview.html;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /** Uses the given provider from now on (settings may have rebuilt it) and re-reads the profile. */
  refresh(directory: DirectoryProvider): void {
    this.directory = directory;
    this.reload();
  }

  /** Keeps the temporary password in memory and shows it; replaces any earlier one. */
  setResetResult(result: ResetResult): void {
    if (this.disposed) return;
    this.result = result;
    this.postPassword();
  }

  /** Keeps the Temporary Access Pass in memory and shows it with its outcome (`message`); replaces any earlier one. */
  setTemporaryAccessPass(result: TemporaryAccessPassResult, message: string): void {
    if (this.disposed) return;
    this.actions.setPass(result, message);
    this.postPass();
    this.postOutcomes();
  }

  /** Shows an account action's outcome; a failed or unknown new pass also takes the old one off the page. */
  setActionOutcome(outcome: ActionOutcome): void {
    if (this.disposed) return;
    this.actions.record(outcome);
    if (outcome.action === 'issueTemporaryAccessPass' && outcome.status !== 'done') this.post({ type: 'passCleared' });
    this.postOutcomes();
  }

  /** The user as the directory answered after an action it confirmed: the page shows the new state. */
  setUser(user: DirectoryUser): void {
    if (this.disposed || user.id !== this.currentUser.id) return;
    this.currentUser = user;
    this.postProfile();
  }

  /** Resolves when the current profile read has finished (either way). */
  whenLoaded(): Promise<void> {
    return this.load?.done ?? Promise.resolve();
  }

  /** Handles one message from the page. Anything unknown is ignored: the page is not trusted. */
  async handleMessage(msg: unknown): Promise<void> {
    if (this.disposed || !isWebviewMessage(msg)) return;
    switch (msg.type) {
      case 'ready':
        this.pageReady = true;
        this.post({ type: 'init', language: vscode.env.language, strings: profileStrings() });
        this.postProfile();
        this.postPassword();
        this.postPass();
        this.postOutcomes();
        return;
      case 'copy':
        return this.copySecret(this.result?.temporaryPassword, 'password');
      case 'copyPass':
        return this.copySecret(this.actions.passText, 'pass');
      case 'openAdminPortal': {
        const url = this.directory.adminPortalUrl(this.currentUser);
        if (url) await vscode.env.openExternal(vscode.Uri.parse(url, true));
        return;
      }
      case 'resetPassword':
        await vscode.commands.executeCommand('directoryReset.resetPassword', {
          directoryName: this.directoryName,
          user: this.currentUser,
        });
        return;
      case 'runAction':
        // The page only names the action (checked by isWebviewMessage); the command re-reads the user and decides.
        await vscode.commands.executeCommand(`directoryReset.${msg.action}`, {
          directoryName: this.directoryName,
          user: this.currentUser,
        });
        return;
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.result = undefined; // drop the password and the pass with the page
    this.actions.clear();
    this.load?.controller.abort();
    this.load = undefined;
    this.onDidDisposeEmitter.fire();
    this.panel.dispose();
    for (const d of [...this.subscriptions, this.onDidDisposeEmitter, this.onDidPostMessageEmitter]) d.dispose();
    this.subscriptions.length = 0;
  }

  /** Copies the held password or pass (never anything the page sent), and clears it later if so set. */
  private async copySecret(secret: string | undefined, what: 'password' | 'pass'): Promise<void> {
    if (secret === undefined) return;
    try {
      await vscode.env.clipboard.writeText(secret);
    } catch (e) {
      this.log.warn(
        `Could not copy the ${what === 'pass' ? 'Temporary Access Pass' : 'temporary password'} for ${this.currentUser.id}: ${errorText(e)}`,
      );
      void vscode.window.showErrorMessage(
        what === 'pass'
          ? vscode.l10n.t('Could not copy the Temporary Access Pass to the clipboard.')
          : vscode.l10n.t('Could not copy the temporary password to the clipboard.'),
      );
      return;
    }
    const seconds = this.clipboardClearing?.seconds() ?? 0;
    if (seconds > 0) this.clipboardClearing?.guard.clearLater(secret, seconds);
    const whatField = what === 'pass' ? ({ what } as const) : {};
    this.post(
      seconds > 0 ? { type: 'copied', clearsAfterSeconds: seconds, ...whatField } : { type: 'copied', ...whatField },
    );
  }

  /** Reads the full profile; the page keeps what it shows meanwhile and if the read fails. */
  private reload(): void {
    this.load?.controller.abort();
    const controller = new AbortController();
    this.loadError = undefined;
    const done = this.directory
      .getUser(this.currentUser.id, controller.signal)
      .then(
        async (user) => {
          if (controller.signal.aborted) return;
          this.currentUser = user;
          this.fullProfileLoaded = true;
          this.panel.title = profileTitle(user.displayName);
          // The pre-flight check: actions the directory would refuse are explained, not offered (no verdict: all).
          this.access = await this.directory.checkAccess?.(user).catch(() => undefined);
        },
        (e: unknown) => {
          if (controller.signal.aborted || isCancellation(e)) return;
          this.loadError = errorText(e);
          this.log.warn(`Could not load the profile of ${this.currentUser.id}: ${this.loadError}`);
        },
      )
      .finally(() => {
        if (this.load?.controller !== controller) return; // superseded or disposed
        this.load = undefined;
        this.postProfile();
      });
    this.load = { controller, done };
    this.postProfile();
  }

  private postProfile(): void {
    this.post({
      type: 'profile',
      directoryName: this.directoryName,
      user: toView(this.currentUser, this.fullProfileLoaded, this.directory.capabilities),
      adminPortalUrl: this.directory.adminPortalUrl(this.currentUser),
      adminPortalLabel: this.directory.capabilities.adminPortalName
        ? vscode.l10n.t('Open in {0}', this.directory.capabilities.adminPortalName)
        : vscode.l10n.t('Open in the admin portal'),
      loading: this.load !== undefined,
      error: this.loadError,
      ...actionsView(this.currentUser, this.directory.capabilities, this.access),
    });
  }

  private postPass(): void {
    const message = this.actions.passMessage();
    if (message) this.post(message);
  }

  private postOutcomes(): void {
    const message = this.actions.outcomesMessage((action) => actionWords(action).label);
    if (message) this.post(message);
  }

  private postPassword(): void {
    const r = this.result;
    if (!r) return;
    this.post({
      type: 'password',
      password: r.temporaryPassword,
      method: r.method,
      methodLabel: RESET_METHOD_LABELS[r.method] ?? r.method,
      mustChangeAtNextSignIn: r.mustChangeAtNextSignIn,
      ...(r.mfaBeforeChange ? { mfaBeforeChange: true } : {}),
      // Why the directory will not force the change: only when it will not.
      ...(!r.mustChangeAtNextSignIn && r.mustChangeNote
        ? { mustChangeWhy: r.mustChangeNote.why, mustChangeNextStep: r.mustChangeNote.nextStep }
        : {}),
      completedAt: r.completedAt.toISOString(),
    });
  }

  private post(message: HostMessage): void {
    if (this.disposed || !this.pageReady) return;
    void this.panel.webview.postMessage(message);
    this.onDidPostMessageEmitter.fire(message);
  }
}

/**
 * `<name> - Profile`, with long names cut, control characters (which tabs cannot show) blanked, and direction
 * overrides neutralised (so a name cannot reorder " - Profile" or pose as another).
 */
export function profileTitle(displayName: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
  const blanked = displayName.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  const clean = displayText(blanked, Number.MAX_SAFE_INTEGER).trim() || vscode.l10n.t('User');
  const chars = [...clean];
  const name =
    chars.length > MAX_TITLE_NAME
      ? `${chars
          .slice(0, MAX_TITLE_NAME - 1)
          .join('')
          .trimEnd()}…`
      : clean;
  return vscode.l10n.t('{0} - Profile', name);
}

function errorText(e: unknown): string {
  if (e instanceof DirectoryError) return e.fullMessage;
  return e instanceof Error ? e.message : String(e);
}
