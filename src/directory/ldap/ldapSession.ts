// How this extension reaches an LDAP server: a connected, TLS-protected (ldaps:// or StartTLS; plain ldap:// only
// on loopback, which the settings parser enforces) client, bound as the configured service account with the
// password from secret storage, with connect and operation timeouts. Also learns which entry the service account
// is (see ldapIdentity.ts), and maps an ldapts failure to plain words for this directory. The caller closes each
// client it gets (closeQuietly).
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import * as l10n from '@vscode/l10n';
import { Client } from 'ldapts';
import { displayText } from '../displayText';
import { cancelledError, DirectoryError, SignInRequiredError } from '../errors';
import type { Logger } from '../types';
import type { LdapDirectoryConfig } from './ldapConfig';
import { ldapResultCode, mapLdapError, type LdapErrorContext, type LdapOperation } from './ldapErrors';
import { learnBoundDn } from './ldapIdentity';
import { PasswordPolicyControl, passwordPolicyErrorWords } from './passwordPolicyControl';

export interface LdapSessionOptions {
  readonly config: LdapDirectoryConfig;
  /** The service account's password (from secret storage); undefined when nobody signed in. */
  readonly getBindPassword: () => Promise<string | undefined>;
  readonly logger: Logger;
  /** TCP + TLS connect timeout. Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** Per-operation timeout (bind, one page, modify). Default 30 s. */
  readonly operationTimeoutMs?: number;
}

export class LdapSession {
  private readonly config: LdapDirectoryConfig;
  private readonly name: string;
  private disposed = false;
  /**
   * The entry the service account binds as, learned after the first bind of a sign-in (see ldapIdentity.ts):
   * undefined until then, null when the server would not say (then nothing is reset here).
   */
  selfDn?: string | null;

  constructor(private readonly options: LdapSessionOptions) {
    this.config = options.config;
    this.name = options.config.name;
  }

  /** No more connections: the directory was closed. */
  dispose(): void {
    this.disposed = true;
  }

  /** A connected, bound client; the caller closes it. */
  async connect(signal?: AbortSignal): Promise<Client> {
    if (this.disposed) throw new DirectoryError('cancelled', l10n.t('The directory was closed.'), '');
    const password = await this.options.getBindPassword();
    if (!password) throw new SignInRequiredError(this.name);
    const logger = this.options.logger;
    const url = this.config.url;
    const secure = url.startsWith('ldaps:');
    const tls = secure || this.config.startTls ? this.tlsOptions() : undefined;
    const client = new Client({
      url,
      connectTimeout: this.options.connectTimeoutMs ?? 10_000,
      timeout: this.options.operationTimeoutMs ?? 30_000,
      // For ldap:// the TLS options go to startTLS(), never here: ldapts would open TLS on the plain port.
      tlsOptions: secure ? tls : undefined,
    });
    const started = Date.now();
    let step: LdapOperation = 'connect';
    try {
      if (this.config.startTls) {
        try {
          await abortable(client.startTLS({ ...tls }), signal, () => void closeQuietly(client));
        } catch (e) {
          if (ldapResultCode(e) !== undefined) {
            throw new DirectoryError(
              'configuration',
              l10n.t(
                '{0} did not accept StartTLS ({1}).',
                this.name,
                displayText(e instanceof Error ? e.message : String(e), 300),
              ),
              l10n.t('Use an ldaps:// URL instead, or enable TLS on the server.'),
            );
          }
          throw e;
        }
      }
      step = 'bind';
      const policyControl = this.config.flavor !== 'activeDirectory' ? new PasswordPolicyControl() : undefined;
      await abortable(
        client.bind(this.config.bindDn, password, policyControl ? [policyControl] : undefined),
        signal,
        () => void closeQuietly(client),
      );
      const pp = policyControl?.response;
      if (pp?.errorName === 'changeAfterReset' || pp?.errorName === 'passwordExpired') {
        // OpenLDAP lets the bind succeed but allows nothing else on this connection.
        throw new DirectoryError(
          'signInRequired',
          l10n.t({
            message: '{0} accepted the password of {1}, but {2}.',
            args: [this.name, this.config.bindDn, passwordPolicyErrorWords(pp.errorName)],
            comment: ['{0}: the directory, {1}: the service account (bindDn), {2}: what its password policy says'],
          }),
          l10n.t(
            'Change the service account\'s password in the directory first, then run "Directory: Sign In" with the new one.',
          ),
        );
      }
      if (pp?.timeBeforeExpiration !== undefined) {
        logger.warn(
          `LDAP ${this.name}: the password of ${this.config.bindDn} expires in ${Math.round(pp.timeBeforeExpiration / 3600)} h`,
        );
      }
      logger.trace(`LDAP ${this.name}: bound as ${this.config.bindDn} to ${url} (${Date.now() - started} ms)`);
      if (this.selfDn === undefined) await this.learnSelf(client);
      return client;
    } catch (e) {
      await closeQuietly(client);
      if (e instanceof DirectoryError) throw e;
      const mapped = this.error(e, step);
      logger.warn(
        `LDAP ${this.name}: ${step === 'bind' ? `connecting to ${url} and binding as ${this.config.bindDn}` : `StartTLS with ${url}`} failed after ${Date.now() - started} ms: ${mapped.message}`,
      );
      throw mapped;
    }
  }

  /** Learns which entry the service account is, so that entry is never reset here (see ldapIdentity.ts). */
  private async learnSelf(client: Client): Promise<void> {
    const identity = await learnBoundDn(client, this.config.bindDn, this.config.baseDn);
    if (identity.dn !== undefined) {
      this.selfDn = identity.dn;
      this.options.logger.info(`LDAP ${this.name}: the service account is ${identity.dn} (from ${identity.how})`);
    } else {
      this.selfDn = null;
      this.options.logger.warn(
        `LDAP ${this.name}: could not learn which entry ${this.config.bindDn} is: ${identity.why}; resets are refused`,
      );
    }
  }

  private tlsOptions(): ConnectionOptions {
    const host = new URL(this.config.url).hostname.replace(/^\[|\]$/g, '');
    let ca: string[] | undefined;
    if (this.config.caCertificateFile) {
      const file = this.config.caCertificateFile.replace(/^~(?=\/|\\|$)/, homedir());
      try {
        ca = [readFileSync(file, 'utf8')];
      } catch (e) {
        throw new DirectoryError(
          'configuration',
          l10n.t(
            'Could not read the CA certificate file {0} of {1} ({2}).',
            file,
            this.name,
            (e as NodeJS.ErrnoException).code ?? String(e),
          ),
          l10n.t(
            'Fix "caCertificateFile": a PEM file with the certificate authority that signed the server\'s certificate.',
          ),
        );
      }
    }
    // host: the name the certificate is checked against (also for StartTLS, where ldapts passes only a socket);
    // SNI only for names, never for IP addresses (RFC 6066).
    return { ca, host, servername: isIP(host) ? undefined : host, minVersion: 'TLSv1.2' };
  }

  /** An ldapts failure of `operation` in plain words, with what this directory's settings say. */
  error(e: unknown, operation: LdapOperation, extra: Partial<LdapErrorContext> = {}): DirectoryError {
    return mapLdapError(e, {
      directoryName: this.name,
      flavor: this.config.flavor,
      operation,
      url: this.config.url,
      startTls: this.config.startTls,
      bindDn: this.config.bindDn,
      baseDn: this.config.baseDn,
      ...extra,
    });
  }
}

export async function closeQuietly(client: Client): Promise<void> {
  try {
    await client.unbind();
  } catch {
    // Already closed, or the server went away: nothing to free.
  }
}

/** Resolves like `p`, or rejects with "cancelled" when the signal aborts (after running onAbort). */
export function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined, onAbort: () => void): Promise<T> {
  if (!signal) return p;
  p.catch(() => undefined); // its late rejection (the socket we closed) is expected
  if (signal.aborted) {
    onAbort();
    return Promise.reject(cancelledError());
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      onAbort();
      reject(cancelledError());
    };
    signal.addEventListener('abort', abort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', abort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(e);
      },
    );
  });
}
