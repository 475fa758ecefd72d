// Loopback OpenID Connect provider for Byline's end-to-end tests.
//
// Built on `oidc-provider` (panva's certified implementation). It is a test
// fixture only: in-memory storage, throwaway keys, a login page that accepts
// any login/password pair.
//
// Usage:
//   npm ci --prefix crates/e2e/oidc
//   OIDC_PORT=0 OIDC_CLIENT_ID=byline OIDC_CLIENT_SECRET=s3cret \
//   OIDC_REDIRECT_URIS=http://127.0.0.1:3000/auth/oidc/callback \
//     node crates/e2e/oidc/provider.mjs
//
// Environment:
//   OIDC_PORT            TCP port on 127.0.0.1; 0 or unset = any free port
//   OIDC_CLIENT_ID       client_id of the single registered client (required)
//   OIDC_CLIENT_SECRET   its client_secret (required)
//   OIDC_REDIRECT_URIS   comma-separated list of allowed redirect_uris (required)
//
// Stdout carries exactly one line, `listening on http://127.0.0.1:PORT`, once
// the provider accepts requests; everything else (oidc-provider's notices and
// warnings, errors) goes to stderr. SIGTERM/SIGINT close the server and exit 0.

import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`provider.mjs: environment variable ${name} is required`);
    process.exit(2);
  }
  return value;
}

const clientId = requiredEnv('OIDC_CLIENT_ID');
const clientSecret = requiredEnv('OIDC_CLIENT_SECRET');
const redirectUris = requiredEnv('OIDC_REDIRECT_URIS')
  .split(',')
  .map((uri) => uri.trim())
  .filter(Boolean);
const requestedPort = Number.parseInt(process.env.OIDC_PORT || '0', 10);
if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) {
  console.error(`provider.mjs: invalid OIDC_PORT ${JSON.stringify(process.env.OIDC_PORT)}`);
  process.exit(2);
}

// HTTP server with a placeholder handler until the provider exists.
let handler = (req, res) => {
  res.statusCode = 503;
  res.end('starting');
};
const server = createServer((req, res) => handler(req, res));

// Clean exit (status 0) on SIGTERM/SIGINT, also while still starting up.
function shutdown(signal) {
  console.error(`provider.mjs: ${signal}, shutting down`);
  server.close(() => process.exit(0));
  server.closeAllConnections();
  // Never hang the test harness on a stuck socket.
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

// oidc-provider prints its "NOTICE" lines with console.info, i.e. to stdout.
// Keep stdout reserved for the single readiness line the test harness parses.
console.info = (...args) => console.error(...args);

// Imported only now, after the console redirect and the env checks.
const { default: Provider } = await import('oidc-provider');

// A fresh RS256 signing key per run, handed to the provider as a private JWK
// so it never falls back to its built-in "development-only" keys. The kid is
// the RFC 7638 thumbprint of the public part.
function makeSigningJwk() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  const thumbprintInput = JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n });
  const kid = createHash('sha256').update(thumbprintInput).digest('base64url');
  return { ...jwk, kid, alg: 'RS256', use: 'sig' };
}

// Account model derived from the login typed into the dev login form.
//   "sara"               -> sara@example.org, "Sara (OIDC)", verified
//   "ann@news.test"      -> ann@news.test,    "Ann (OIDC)",  verified
//   "unverified-bob"     -> ..., email_verified: false
function accountFromLogin(login) {
  const email = login.includes('@') ? login : `${login}@example.org`;
  const local = login.split('@')[0];
  const name = `${local.charAt(0).toUpperCase()}${local.slice(1)} (OIDC)`;
  return {
    sub: login,
    email,
    email_verified: !login.startsWith('unverified'),
    name,
  };
}

// The issuer must contain the real port, which is only known after listen()
// when OIDC_PORT is 0: listen first, then build the provider and swap in its
// request handler before announcing readiness.
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(requestedPort, '127.0.0.1', resolve);
});
const { port } = server.address();
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      // Registered as client_secret_post, but oidc-provider treats the two
      // shared-secret methods as interchangeable: client_secret_basic (HTTP
      // Basic header) is accepted for this client too. Sending the secret
      // both ways in one request is rejected (invalid_request).
      token_endpoint_auth_method: 'client_secret_post',
      id_token_signed_response_alg: 'RS256',
    },
  ],
  // Token endpoint auth methods advertised by discovery / allowed at all.
  clientAuthMethods: ['client_secret_post', 'client_secret_basic'],
  responseTypes: ['code'],

  // PKCE is mandatory for every client, confidential ones included; the
  // provider only implements the S256 method.
  pkce: { required: () => true },

  scopes: ['openid', 'email', 'profile'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
  },
  // By default (true) scope-derived claims are only served by /me when an
  // access token is issued too; we want them inside the ID token itself.
  conformIdTokenClaims: false,

  jwks: { keys: [makeSigningJwk()] },
  enabledJWA: { idTokenSigningAlgValues: ['RS256'] },

  // Cookies: plain http is fine (the Secure flag is only set when the request
  // itself is https). Names are prefixed because cookies are not isolated by
  // port, so the Byline app on another 127.0.0.1 port shares the same jar.
  cookies: {
    names: {
      session: 'oidc_fixture_session',
      interaction: 'oidc_fixture_interaction',
      resume: 'oidc_fixture_resume',
    },
    keys: [randomBytes(32).toString('base64url')],
  },

  findAccount(ctx, id) {
    const account = accountFromLogin(id);
    return {
      accountId: id,
      claims() {
        return account;
      },
    };
  },

  // Auto-consent: whenever an authenticated account authorizes our client,
  // hand back a saved Grant covering everything the request asks for, so the
  // consent ("Continue") page never shows and the browser only sees the login
  // form.
  async loadExistingGrant(ctx) {
    const { oidc } = ctx;
    const accountId = oidc.account.accountId;
    const clientId = oidc.client.clientId;

    const previousId = oidc.result?.consent?.grantId || oidc.session.grantIdFor(clientId);
    let grant = previousId ? await oidc.provider.Grant.find(previousId) : undefined;
    if (!grant || grant.accountId !== accountId || grant.clientId !== clientId) {
      grant = new oidc.provider.Grant({ accountId, clientId });
    }
    grant.addOIDCScope([...oidc.requestParamOIDCScopes].join(' '));
    grant.addOIDCClaims([...oidc.requestParamClaims]);
    await grant.save();
    return grant;
  },

  // Explicit lifetimes (seconds); the defaults work but print notices.
  ttl: {
    AccessToken: 3600,
    AuthorizationCode: 60,
    IdToken: 3600,
    Interaction: 3600,
    Session: 86400,
    Grant: 86400,
  },

  // Plain-text error page (the default one prints a notice and pulls a font).
  renderError(ctx, out) {
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = Object.entries(out).map(([key, value]) => `${key}: ${value}`).join('\n');
  },
});

// Log server-side failures to stderr so test logs explain a broken flow.
provider.on('server_error', (ctx, err) => console.error('oidc server_error:', err));
provider.on('authorization.error', (ctx, err) => console.error('oidc authorization.error:', err.message, err.error_description ?? ''));
provider.on('grant.error', (ctx, err) => console.error('oidc grant.error:', err.message, err.error_description ?? ''));

// The built-in HTML pages (login form, logout pages) @import a Google Fonts
// stylesheet; drop it so pages load fully offline and WebDriver never waits
// on an external request before the page's load event.
provider.use(async (ctx, next) => {
  await next();
  if (typeof ctx.body === 'string' && ctx.response.is('html')) {
    ctx.body = ctx.body.replace(/@import url\(https:\/\/fonts\.googleapis\.com\/[^)]*\);?/g, '');
  }
});

handler = provider.callback();
process.stdout.write(`listening on ${issuer}\n`);

