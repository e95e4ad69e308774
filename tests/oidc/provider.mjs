// The OpenID provider the browser tests sign in with: oidc-provider (a certified
// implementation) on a free 127.0.0.1 port, one client ("playground") and one test user.
// Prints {"issuer": "http://127.0.0.1:PORT"} on its first line once it listens.
//
// The client is registered as a native application so that, as RFC 8252 allows for
// loopback addresses, its redirect URIs match on any port: the playground under test
// listens on a port chosen at run time.
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const CLIENT_SECRET = process.env.OIDC_TEST_CLIENT_SECRET ?? 'browser-test-client-secret-0123456789';
const USERS = {
  ada: {
    preferred_username: 'ada',
    email: 'ada@example.test',
    email_verified: true,
    name: 'Ada Lovelace',
    groups: ['playground-admins', 'staff'],
  },
};

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'browser-test', use: 'sig', alg: 'RS256' };

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: 'playground',
      client_secret: CLIENT_SECRET,
      application_type: 'native',
      redirect_uris: ['http://127.0.0.1/oidc/callback'],
      post_logout_redirect_uris: ['http://127.0.0.1/login?signed_out=1'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    }],
    jwks: { keys: [signingKey] },
    cookies: { keys: ['browser-test-cookie-key'] },
    claims: {
      openid: ['sub'],
      profile: ['preferred_username', 'name'],
      email: ['email', 'email_verified'],
      groups: ['groups'],
    },
    // The playground reads who signed in from the ID token, so its claims go there.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    async findAccount(ctx, id) {
      const user = USERS[id];
      if (!user) return undefined;
      return { accountId: id, async claims() { return { sub: id, ...user }; } };
    },
  });
  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

// close() waits for the connections a browser still holds open (the browser tests share
// one browser context for their whole run): the run is over, so end them all.
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
