// The token endpoint: Entra ID's v2.0 client credentials grant, with its AADSTS errors.

import { randomUUID } from 'node:crypto';
import { DEMO_TENANT_DOMAIN } from '../../seed';
import type { Tokens } from '../auth';
import { decodeComponent, type Ctx, type Reply } from '../http';

/** The app the token endpoint knows. */
export interface TokenApp {
  readonly url: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly auth: Tokens;
}

/** POST /{tenant}/oauth2/v2.0/token */
export function tokenEndpoint(app: TokenApp, ctx: Ctx, tenant: string): Reply {
  if (ctx.method !== 'POST') {
    return entraError(405, 'invalid_request', 900561, 'AADSTS900561: The endpoint only accepts POST requests.');
  }
  const tenantOk = tenant.toLowerCase() === app.tenantId.toLowerCase() || tenant.toLowerCase() === DEMO_TENANT_DOMAIN;
  if (!tenantOk) {
    return entraError(
      400,
      'invalid_request',
      90002,
      `AADSTS90002: Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    );
  }
  const type = (ctx.req.headers['content-type'] ?? '').toString().split(';')[0].trim().toLowerCase();
  const form =
    type === 'application/x-www-form-urlencoded'
      ? new URLSearchParams(ctx.body.toString('utf8'))
      : new URLSearchParams();
  const grant = form.get('grant_type');
  if (!grant) {
    return entraError(
      400,
      'invalid_request',
      900144,
      "AADSTS900144: The request body must contain the following parameter: 'grant_type'.",
    );
  }
  if (grant !== 'client_credentials') {
    return entraError(
      400,
      'unsupported_grant_type',
      70003,
      `AADSTS70003: The app requested an unsupported grant type '${grant}'.`,
    );
  }
  let clientId = form.get('client_id');
  let secret = form.get('client_secret');
  const basic = /^Basic (.+)$/i.exec((ctx.req.headers.authorization ?? '').toString());
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      clientId = clientId ?? decodeComponent(decoded.slice(0, colon)) ?? null;
      secret = secret ?? decodeComponent(decoded.slice(colon + 1)) ?? null;
    }
  }
  if (!clientId) {
    return entraError(
      400,
      'invalid_request',
      900144,
      "AADSTS900144: The request body must contain the following parameter: 'client_id'.",
    );
  }
  if (clientId !== app.clientId) {
    return entraError(
      400,
      'unauthorized_client',
      700016,
      `AADSTS700016: Application with identifier '${clientId}' was not found in the directory '${DEMO_TENANT_DOMAIN}'.`,
    );
  }
  const scope = form.get('scope');
  if (scope !== `${app.url}/.default`) {
    return entraError(
      400,
      'invalid_scope',
      1002012,
      `AADSTS1002012: The provided value for scope ${scope ?? '(none)'} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  if (!secret) {
    return entraError(
      401,
      'invalid_client',
      7000216,
      "AADSTS7000216: 'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.",
    );
  }
  if (secret !== app.clientSecret) {
    return entraError(
      401,
      'invalid_client',
      7000215,
      `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
    );
  }
  const token = app.auth.issue({ kind: 'app' });
  return {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token },
  };
}

function entraError(status: number, error: string, code: number, description: string): Reply {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z';
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: {
      error,
      error_description: `${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}
