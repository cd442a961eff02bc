// The users tree: the active directory's users, page by page, optionally filtered by a server-side search.
// Loaded pages are kept here, so refreshing one node (a user after a reset) never reloads the list.
import * as vscode from 'vscode';
import { DirectoryError, isCancellation } from '../directory/errors';
import type { DirectoryUser } from '../directory/types';
import type { DirectoryManager } from '../directoryManager';
import { sayRolesUnreadableOnce } from './accessNotice';
import { ErrorNode, LoadMoreNode, UserNode, type TreeNode } from './nodes';

/** Users whose roles are read at once after a page loads (one Graph request each). */
const ACCESS_CHECKS_AT_ONCE = 4;

export type ViewState = 'notConfigured' | 'invalidSettings' | 'signedOut' | 'noResults' | 'empty' | 'ready' | 'error';

interface Listing {
  readonly directoryName: string;
  readonly search?: string;
  users: UserNode[];
  nextCursor?: string;
  error?: ErrorNode;
  loadMore?: LoadMoreNode;
  loaded: boolean;
}

export class UsersTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private listing?: Listing;
  private search?: string;
  /** Each (re)load gets a number; answers for an older one are dropped. */
  private generation = 0;
  private abort?: AbortController;
  /** The abort controller of a load that "Cancel Loading" stopped (as opposed to a refresh replacing it). */
  private cancelledByUser?: AbortController;
  private loading?: Promise<void>;
  /** Undefined until the first setState, so the first state (even 'notConfigured') reaches the context key. */
  private state: ViewState | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Shows the active search (see showSearchIn). */
  private view?: vscode.TreeView<unknown>;

  constructor(private readonly manager: DirectoryManager) {
    this.disposables.push(
      this.changed,
      manager.onDidChange(() => this.refresh()),
    );
  }

  get searchText(): string | undefined {
    return this.search;
  }

  get viewState(): ViewState {
    return this.state ?? 'notConfigured';
  }

  /** Users loaded so far, in order. */
  get loadedUsers(): readonly DirectoryUser[] {
    return this.listing?.users.map((n) => n.user) ?? [];
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.toTreeItem();
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node) return [];
    const directory = this.manager.current;
    const accountChoice = directory?.connection?.signInWithAnotherAccount !== undefined;
    if (accountChoice !== this.accountChoice) {
      this.accountChoice = accountChoice;
      await vscode.commands.executeCommand('setContext', 'directoryReset.vscodeAccount', accountChoice);
    }
    const state = await this.manager.state();
    if (state === 'invalidSettings') {
      const { problems } = this.manager.readSettings();
      await this.setState('invalidSettings');
      return [
        new ErrorNode(problems[0], vscode.l10n.t('Fix the entry in your user settings.'), {
          command: 'workbench.action.openSettingsJson',
          title: vscode.l10n.t('Open Settings'),
        }),
      ];
    }
    if (state !== 'ready' || !directory) {
      await this.setState(state);
      return [];
    }
    // A refresh or a new search while we waited replaces the listing: wait for the current one (bounded),
    // so the "nobody matches" welcome never flashes for a listing that is still loading.
    for (let i = 0; i < 5; i++) {
      if (!this.listing || this.listing.directoryName !== directory.name || this.listing.search !== this.search) {
        await this.loadFirstPage();
      } else if (this.loading && !this.listing.loaded) {
        await this.loading;
      }
      if (this.listing?.loaded) break;
    }
    const listing = this.listing;
    if (!listing?.loaded) return [];
    await this.setState(this.stateOf(listing));
    const children: TreeNode[] = [...listing.users];
    if (listing.loadMore) children.push(listing.loadMore);
    if (listing.error) children.push(listing.error);
    return children;
  }

  /** True while a page is being fetched ("Cancel Loading" is offered in the view's title bar). */
  get isLoading(): boolean {
    return this.abort !== undefined;
  }

  /**
   * Directory: Cancel Loading — stops the page being fetched. The list keeps what it had, and a row says that
   * loading was cancelled, with Retry. A slow or stuck directory never holds the view hostage.
   */
  cancelLoading(): void {
    const abort = this.abort;
    if (!abort) return;
    this.cancelledByUser = abort;
    abort.abort();
  }

  /** Forgets every loaded page and loads the first one again. */
  refresh(): void {
    this.abort?.abort();
    this.listing = undefined;
    this.loading = undefined;
    this.changed.fire(undefined);
  }

  /** Redraws one node only (its spinner, its data): nothing is fetched. */
  refreshNode(node: TreeNode): void {
    this.changed.fire(node);
  }

  findNode(userId: string): UserNode | undefined {
    return this.listing?.users.find((n) => n.user.id === userId);
  }

  async setSearch(text: string | undefined): Promise<void> {
    this.search = text?.trim() ? text.trim() : undefined;
    await vscode.commands.executeCommand('setContext', 'directoryReset.searching', this.search !== undefined);
    this.updateMessage();
    this.refresh();
  }

  /**
   * Says in `view` (its message, above the rows) which search is active. The view's description cannot: it is
   * hidden when Users is the only view of its container, which is the usual layout.
   */
  showSearchIn(view: vscode.TreeView<unknown>): void {
    this.view = view;
    this.updateMessage();
  }

  private updateMessage(): void {
    if (!this.view) return;
    // A message hides the welcome content: none while the "nobody matches your search" welcome shows.
    this.view.message =
      this.search && this.state !== 'noResults' ? vscode.l10n.t('Users matching "{0}"', this.search) : undefined;
  }

  /** Appends the next page; the "Load more..." node shows a spinner meanwhile. */
  async loadMore(): Promise<void> {
    const listing = this.listing;
    if (!listing?.nextCursor || !listing.loadMore || listing.loadMore.loading) return;
    listing.loadMore.loading = true;
    this.changed.fire(listing.loadMore);
    await this.fetchPage(listing, listing.nextCursor);
  }

  /** Retries after an error: the failed page again, or everything if the first page failed. */
  async retry(): Promise<void> {
    const listing = this.listing;
    if (!listing || listing.users.length === 0) return this.refresh();
    listing.error = undefined;
    await this.fetchPage(listing, listing.nextCursor);
  }

  private async loadFirstPage(): Promise<void> {
    const directory = this.manager.current!;
    const listing: Listing = { directoryName: directory.name, search: this.search, users: [], loaded: false };
    this.listing = listing;
    this.loading = this.fetchPage(listing, undefined, false);
    await this.loading;
  }

  /** Loads one page into `listing`; a failure becomes an error node, never a toast. */
  private async fetchPage(listing: Listing, cursor: string | undefined, fire = true): Promise<void> {
    const directory = this.manager.current;
    if (!directory) return;
    const generation = ++this.generation;
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    void this.setLoadingContext(true);
    try {
      // The view's progress bar runs while the page loads; "Cancel Loading" in its title bar stops it.
      const page = await vscode.window.withProgress({ location: { viewId: 'directoryReset.users' } }, () =>
        directory.provider.listUsers({
          search: listing.search,
          pageSize: this.manager.setting('pageSize', 100),
          cursor,
          signal: abort.signal,
        }),
      );
      if (generation !== this.generation || this.listing !== listing) return; // a newer load replaced this one
      const added = page.users.map((u) => new UserNode(u, directory.name, directory.provider.capabilities));
      listing.users.push(...added);
      void this.checkAccess(added, listing);
      listing.nextCursor = page.nextCursor;
      listing.loadMore = page.nextCursor ? new LoadMoreNode(listing.users.length) : undefined;
      listing.error = undefined;
    } catch (e) {
      if (generation !== this.generation || this.listing !== listing) return;
      if (isCancellation(e) || abort.signal.aborted) {
        if (this.cancelledByUser !== abort) return; // replaced by a refresh or a new search: nothing to say
        listing.error = new ErrorNode(
          vscode.l10n.t('Loading was cancelled.'),
          vscode.l10n.t('Retry to load the users again.'),
        );
      } else if (e instanceof DirectoryError && e.kind === 'signInRequired') {
        listing.error = new ErrorNode(e.message, e.nextStep, {
          command: 'directoryReset.signIn',
          title: vscode.l10n.t('Sign In'),
        });
      } else {
        const de = e instanceof DirectoryError ? e : undefined;
        listing.error = new ErrorNode(
          de?.message ?? String(e),
          de?.nextStep ?? vscode.l10n.t('Retry, or check the log.'),
        );
      }
      if (listing.loadMore) listing.loadMore.loading = false;
    } finally {
      listing.loaded = true;
      if (this.abort === abort) {
        this.abort = undefined;
        void this.setLoadingContext(false);
      }
      if (this.cancelledByUser === abort) this.cancelledByUser = undefined;
    }
    if (fire) this.changed.fire(undefined);
  }

  /**
   * The pre-flight check for a page's users, a few at a time after the page is shown: each row is redrawn with its
   * verdicts (marked, its menu changed) as they arrive. Stops when the listing is replaced or the roles are unreadable.
   */
  private async checkAccess(nodes: readonly UserNode[], listing: Listing): Promise<void> {
    const provider = this.manager.current?.provider;
    const check = provider?.checkAccess?.bind(provider);
    if (!check) return;
    const queue = [...nodes];
    const worker = async () => {
      for (let node = queue.shift(); node; node = queue.shift()) {
        if (this.listing !== listing) return;
        const report = await check(node.user).catch(() => undefined);
        if (!report || this.listing !== listing) continue;
        if (report.unreadable) {
          sayRolesUnreadableOnce(listing.directoryName, report.unreadable);
          queue.length = 0;
          return;
        }
        node.access = report;
        this.changed.fire(node);
      }
    };
    await Promise.all(Array.from({ length: ACCESS_CHECKS_AT_ONCE }, worker));
  }

  private async setLoadingContext(loading: boolean): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'directoryReset.loading', loading);
  }

  private stateOf(listing: Listing): ViewState {
    if (listing.error) return 'error';
    if (listing.users.length > 0) return 'ready';
    return listing.search ? 'noResults' : 'empty';
  }

  /** Whether the open directory signs in with a VS Code account (context key directoryReset.vscodeAccount). */
  private accountChoice?: boolean;

  private async setState(state: ViewState): Promise<void> {
    if (state === this.state) return;
    this.state = state;
    this.updateMessage();
    await vscode.commands.executeCommand('setContext', 'directoryReset.state', state);
  }

  dispose(): void {
    this.abort?.abort();
    for (const d of this.disposables) d.dispose();
  }
}
