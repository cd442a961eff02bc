// What every HTTP directory kind (Graph, SCIM) is built from: its options and its JSON client.
import { JsonClient, type ErrorResponse, type JsonClientOptions } from '../http/jsonClient';
import type { DirectoryError } from '../errors';
import type { Logger, TokenSource } from '../types';

export interface HttpProviderOptions {
  /** The name the administrator gave the directory. */
  readonly name: string;
  readonly tokenSource: TokenSource;
  readonly logger: Logger;
  /** Length of generated passwords when the directory's own policy names none (directoryReset.passwordLength). Default 16. */
  readonly passwordLength?: number;
  /** HTTP tuning (timeouts, retries); mostly for tests. */
  readonly http?: Partial<Omit<JsonClientOptions, 'origin' | 'tokenSource' | 'logger' | 'mapError'>>;
}

/** The provider's JSON client for `origin`, with its token source, log and error words. */
export function jsonClientFor(
  options: HttpProviderOptions,
  origin: string,
  mapError: (res: ErrorResponse) => DirectoryError,
): JsonClient {
  return new JsonClient({
    ...options.http,
    origin,
    tokenSource: options.tokenSource,
    logger: options.logger,
    mapError,
  });
}
