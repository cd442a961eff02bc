// The demo directory's sign-in: a random bearer token made by the in-process test directory, acting as
// a signed-in helpdesk operator (delegated). No 'vscode' import.
import type { TokenSource } from '../directory/types';

export class StaticTokenSource implements TokenSource {
  constructor(
    private readonly current: () => string,
    readonly delegated = true,
  ) {}

  getToken(): Promise<string> {
    return Promise.resolve(this.current());
  }
}
