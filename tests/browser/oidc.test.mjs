// OIDC login against a real OpenID provider (the certified `oidc-provider` package)
// on this machine: the button on the login page, the whole code flow with PKCE in
// Chromium, a tampered `state`, an account Samverka does not have, and the second
// factor for a role that needs it.
//
// The provider is addressed as http://localhost:PORT and Samverka as
// http://127.0.0.1:PORT, so to the browser they are different sites, as a real
// identity provider is: the short-lived login cookie (SameSite=Lax) must come back
// on the provider's redirect, and the session cookie (SameSite=Strict) must work
// after it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import Provider from 'oidc-provider';
import { startApp, launchBrowser, assertNoAxeViolations, screenshot, freePort } from './lib.mjs';

const CLIENT_ID = 'samverka-test';
const CLIENT_SECRET = 'test-secret-not-used-anywhere-else';
const LABEL = 'Testkommunens inloggning';

/** The provider's accounts: the id typed at its login form, and the claims it gives. */
const ACCOUNTS = {
  'u-4711': { preferred_username: 'forbund', name: 'Karin Förbundschef' },
  'u-0001': { preferred_username: 'johanna', name: 'Johanna Lindqvist' },
  'u-9999': { preferred_username: 'finns-inte', name: 'Okänd Person' },
};

let provider;
let providerServer;
/** When set, the provider's next redirect to Samverka carries a changed `state`. */
let tamperNextState = false;
let issuer;
let app;
let browser;

/** Starts oidc-provider on 127.0.0.1 with one client: Samverka, PKCE required. */
async function startProvider(redirectUri) {
  providerServer = http.createServer();
  await new Promise((resolve) => providerServer.listen(0, '127.0.0.1', resolve));
  issuer = `http://localhost:${providerServer.address().port}`;
  provider = new Provider(issuer, {
    clients: [{
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: [redirectUri],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
    }],
    pkce: { required: () => true },
    // Put the profile claims in the ID token (Samverka reads the username there)
    // rather than only behind the userinfo endpoint.
    conformIdTokenClaims: false,
    claims: { openid: ['sub'], profile: ['preferred_username', 'name'] },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['samverka-browser-test-cookie-key'] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
    async findAccount(ctx, sub) {
      const claims = ACCOUNTS[sub];
      if (!claims) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...claims }) };
    },
  });
  // A fault inside the provider would otherwise only show as a failed login.
  provider.on('server_error', (ctx, err) => console.error('oidc-provider:', err));
  const handle = provider.callback();
  providerServer.on('request', (req, res) => {
    if (tamperNextState) {
      // Plays a man in the middle: changes the state in the redirect back to Samverka.
      const setHeader = res.setHeader.bind(res);
      res.setHeader = (name, value) => {
        if (name.toLowerCase() === 'location' && String(value).startsWith(redirectUri)) {
          const url = new URL(String(value));
          const state = url.searchParams.get('state');
          url.searchParams.set('state', `${state.startsWith('A') ? 'B' : 'A'}${state.slice(1)}`);
          value = url.toString();
          tamperNextState = false;
        }
        return setHeader(name, value);
      };
    }
    handle(req, res);
  });
}

before(async () => {
  const port = await freePort();
  const redirectUri = `http://127.0.0.1:${port}/login/oidc/callback`;
  await startProvider(redirectUri);
  app = await startApp({
    listen: `127.0.0.1:${port}`,
    env: {
      SAMVERKA_OIDC__ISSUER: issuer,
      SAMVERKA_OIDC__CLIENT_ID: CLIENT_ID,
      SAMVERKA_OIDC__CLIENT_SECRET: CLIENT_SECRET,
      SAMVERKA_OIDC__REDIRECT_URL: redirectUri,
      SAMVERKA_OIDC__LABEL: LABEL,
      SAMVERKA_PUBLIC_URL: `http://127.0.0.1:${port}`,
    },
  });
  browser = await launchBrowser();
}, { timeout: 180_000 });

after(async () => {
  await browser?.close();
  await app?.stop();
  await new Promise((resolve) => (providerServer ? providerServer.close(resolve) : resolve()));
});

/** Runs fn with a page in its own fresh browser context (no shared cookies). */
async function withPage(fn) {
  const context = await browser.newContext({ locale: 'sv-SE' });
  // The provider's development pages load a web font; there is no network here.
  await context.route(/fonts\.googleapis\.com/, (route) => route.abort());
  try {
    return await fn(await context.newPage(), context);
  } finally {
    await context.close();
  }
}

const pathOf = (page) => new URL(page.url()).pathname;

/** From Samverka's login page through the provider's login (and consent) pages. */
async function loginAtProvider(page, accountId) {
  await page.goto(`${app.baseUrl}/login`);
  await page.getByRole('link', { name: `Logga in med ${LABEL}` }).click();
  await page.waitForURL((url) => url.origin === issuer);
  await page.fill('input[name=login]', accountId);
  await page.fill('input[name=password]', 'vilket-som-helst');
  await page.click('button[type=submit]');
  // The provider asks for consent the first time an account meets the client.
  const consent = page.getByRole('button', { name: 'Continue' });
  for (let waited = 0; waited < 20_000; waited += 100) {
    if (new URL(page.url()).origin === app.baseUrl) return;
    if (await consent.isVisible().catch(() => false)) {
      await consent.click();
      return;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`no way back from the provider: ${page.url()}`);
}

/** True when the browser has a Samverka session (the start page opens without a redirect to /login). */
async function hasSession(page) {
  await page.goto(`${app.baseUrl}/`);
  return pathOf(page) === '/';
}

test('the login page offers the identity provider and passes axe', { timeout: 60_000 }, async () => {
  await withPage(async (page) => {
    const response = await page.goto(`${app.baseUrl}/login`);
    assert.equal(response.status(), 200);
    const button = page.getByRole('link', { name: `Logga in med ${LABEL}` });
    assert.equal(await button.count(), 1, 'one "Logga in med …" button');
    assert.equal(await button.getAttribute('href'), '/login/oidc');
    assert.equal(await page.locator('input#password').count(), 1, 'the password form is still there');
    await screenshot(page, 'login-oidc');
    await assertNoAxeViolations(page, '/login with OIDC');
  });
});

test('forbund logs in at the provider and lands on the start page', { timeout: 90_000 }, async () => {
  await withPage(async (page, context) => {
    // What Samverka sends to the provider: code flow, PKCE S256, state and nonce.
    const authorization = page.waitForRequest((r) => r.url().startsWith(`${issuer}/auth`));
    const loggingIn = loginAtProvider(page, 'u-4711');
    const sent = new URL((await authorization).url()).searchParams;
    assert.equal(sent.get('response_type'), 'code');
    assert.equal(sent.get('scope'), 'openid profile');
    assert.equal(sent.get('code_challenge_method'), 'S256');
    assert.match(sent.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);
    assert.match(sent.get('state'), /^[A-Za-z0-9_-]{43}$/);
    assert.match(sent.get('nonce'), /^[A-Za-z0-9_-]{43}$/);
    await loggingIn;

    await page.waitForURL((url) => url.origin === app.baseUrl && url.pathname === '/');
    assert.equal((await page.locator('.who span').innerText()).trim(), 'Karin Förbundschef');
    await screenshot(page, 'oidc-start');

    const cookies = await context.cookies(app.baseUrl);
    const session = cookies.find((c) => c.name === 'samverka_session');
    assert.ok(session, 'a session cookie');
    assert.equal(session.sameSite, 'Strict');
    assert.ok(session.httpOnly);
    assert.ok(!cookies.some((c) => c.name === 'samverka_oidc'), 'the login cookie is gone');
    const body = await page.content();
    assert.ok(!/eyJ[A-Za-z0-9_-]{10,}\./.test(body), 'no token on the page');
  });
});

test('a tampered state is refused with a Swedish message and no session', { timeout: 90_000 }, async () => {
  await withPage(async (page, context) => {
    tamperNextState = true;
    const callback = page.waitForResponse((r) => r.url().includes('/login/oidc/callback'));
    await loginAtProvider(page, 'u-4711');
    assert.equal((await callback).status(), 400);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /Inloggningen kunde inte slutföras/);
    const cookies = await context.cookies(app.baseUrl);
    assert.ok(!cookies.some((c) => c.name === 'samverka_session'), 'no session cookie');
    assert.equal(tamperNextState, false, 'the redirect was changed');
    assert.equal(await hasSession(page), false, 'the start page sends the browser to /login');
  });
});

test('an account Samverka does not have gets a clear message and no session', { timeout: 90_000 }, async () => {
  await withPage(async (page) => {
    const callback = page.waitForResponse((r) => r.url().includes('/login/oidc/callback'));
    await loginAtProvider(page, 'u-9999');
    assert.equal((await callback).status(), 403);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /inget aktivt konto i Samverka för användarnamnet finns-inte/);
    await assertNoAxeViolations(page, '/login/oidc/callback (no account)');
    assert.equal(await hasSession(page), false);
  });
});

test('a coach still owes the one-time code after the provider', { timeout: 90_000 }, async () => {
  await withPage(async (page) => {
    await loginAtProvider(page, 'u-0001');
    await page.waitForURL((url) => url.origin === app.baseUrl && url.pathname === '/login/totp');
    await page.goto(`${app.baseUrl}/`);
    assert.equal(pathOf(page), '/login/totp', 'nothing else opens before the code');
  });
});
