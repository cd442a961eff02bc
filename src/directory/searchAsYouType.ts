// Search as you type without flooding the directory: waits until typing pauses, cancels the request for
// an older text when a newer one starts, and drops answers that arrive for anything but the latest text.
// No 'vscode' import, so the request counting is tested in plain Node.

export interface SearchAsYouTypeOptions<T> {
  /** Runs one search; must honour the signal. */
  readonly search: (text: string, signal: AbortSignal) => Promise<T>;
  readonly onResult: (text: string, result: T) => void;
  readonly onError: (text: string, error: unknown) => void;
  /** Called with true while a search for the latest text is pending or running. */
  readonly onBusy?: (busy: boolean) => void;
  /** Quiet time after the last keystroke before a request is sent. Default 250 ms. */
  readonly debounceMs?: number;
}

export class SearchAsYouType<T> {
  private timer?: ReturnType<typeof setTimeout>;
  private inFlight?: AbortController;
  private latest = 0;
  /** Requests started and requests aborted, for tests and the benchmark. */
  readonly stats = { started: 0, cancelled: 0, dropped: 0 };

  constructor(private readonly options: SearchAsYouTypeOptions<T>) {}

  /** The text changed: search for it once typing pauses. */
  update(text: string): void {
    const ticket = ++this.latest;
    clearTimeout(this.timer);
    this.options.onBusy?.(true);
    this.timer = setTimeout(() => void this.run(text, ticket), this.options.debounceMs ?? 250);
  }

  /** Searches now (the first, empty text when the picker opens). */
  now(text: string): Promise<void> {
    const ticket = ++this.latest;
    clearTimeout(this.timer);
    this.options.onBusy?.(true);
    return this.run(text, ticket);
  }

  private async run(text: string, ticket: number): Promise<void> {
    if (this.inFlight) {
      this.inFlight.abort();
      this.stats.cancelled++;
    }
    const controller = (this.inFlight = new AbortController());
    this.stats.started++;
    try {
      const result = await this.options.search(text, controller.signal);
      if (ticket !== this.latest) {
        this.stats.dropped++;
        return;
      }
      this.options.onResult(text, result);
    } catch (e) {
      if (ticket === this.latest && !controller.signal.aborted) this.options.onError(text, e);
    } finally {
      if (this.inFlight === controller) this.inFlight = undefined;
      if (ticket === this.latest) this.options.onBusy?.(false);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.inFlight?.abort();
    this.latest++;
  }
}
