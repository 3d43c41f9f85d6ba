// A real OpenID provider for the portal's sign-in tests: oidc-provider (OpenID Certified) with its own development
// login page, users from OIDC_USERS, listening on 127.0.0.1:PORT (0 = a free port). Prints "issuer <url>" when ready.
//   OIDC_USERS                 {"alice":{"name":"Alice","email":"a@example.test","groups":["payments","sre"]}}
//   OIDC_REGISTRATION_TOKEN    the initial access token that lets a test register its client (RFC 7591) once the
//                              portal's address (its redirect URI) is known; the registrant may choose id and secret.
// CI tokens: a client registered with grant type client_credentials gets a JWT access token (RFC 9068) for a resource
// indicator (RFC 8707), whose audience is that resource, carrying the client's metadata `ci_claims` as extra claims
// (e.g. {"repository":"acme/payments"}) and living `ci_token_ttl` seconds (default 300), as a CI system's job token would.
import http from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT ?? process.argv[2] ?? 0);
const users = JSON.parse(process.env.OIDC_USERS ?? '{}');
const registrationToken = process.env.OIDC_REGISTRATION_TOKEN;
if (!registrationToken) {
  console.error('OIDC_REGISTRATION_TOKEN is required');
  process.exit(2);
}

const server = http.createServer();
await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  // The development login page ("Enter any login"): the provider's own page; only users listed in OIDC_USERS exist.
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    registration: {
      enabled: true,
      initialAccessToken: registrationToken,
      idFactory: (ctx) => ctx.oidc.body.client_id ?? crypto.randomUUID(),
      secretFactory: (ctx) => ctx.oidc.body.client_secret ?? crypto.randomUUID(),
    },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: (ctx, client, oneOf) => oneOf,
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, resourceIndicator, client) => ({
        scope: 'ci',
        audience: resourceIndicator,
        accessTokenTTL: client.ci_token_ttl ?? 300,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  extraClientMetadata: {
    properties: ['ci_claims', 'ci_token_ttl'],
    validator(ctx, key, value) {
      if (value === undefined) return;
      if (key === 'ci_claims' && (typeof value !== 'object' || Array.isArray(value) || value === null)) throw new Error('ci_claims must be an object');
      if (key === 'ci_token_ttl' && !(Number.isInteger(value) && value > 0)) throw new Error('ci_token_ttl must be a positive integer');
    },
  },
  async extraTokenClaims(ctx, token) {
    if (token.kind !== 'ClientCredentials') return undefined;
    const client = await ctx.oidc.provider.Client.find(token.clientId);
    return client?.ci_claims ?? undefined;
  },
  pkce: { required: () => true },
  claims: { openid: ['sub'], profile: ['name'], email: ['email'], groups: ['groups'] },
  scopes: ['openid', 'offline_access', 'profile', 'email', 'groups'],
  async findAccount(ctx, id) {
    const user = users[id];
    if (!user) return undefined;
    return { accountId: id, claims: () => ({ sub: id, name: user.name, email: user.email, groups: user.groups }) };
  },
  cookies: { keys: [crypto.randomUUID()] },
});
server.on('request', provider.callback());
console.log(`issuer ${issuer}`);
