// Login page and start page: accessibility, error message, keyboard-only login.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, launchBrowser, assertNoAxeViolations, screenshot } from './lib.mjs';
import { totp, typeInto } from './keyboard.mjs';

// The system administrator logs in with a one-time code too (issue 20, H3).
const ADMIN = { username: 'admin', password: 'samverka-demo-admin', secret: 'ONQW25TFOJVWCLLBMRWWS3RNORXXI4BB' };

let app;
let browser;

before(async () => {
  app = await startApp();
  browser = await launchBrowser();
}, { timeout: 180_000 });

after(async () => {
  await browser?.close();
  await app?.stop();
});

/** Runs fn with a page in its own fresh browser context (no shared cookies). */
async function withPage(fn) {
  const context = await browser.newContext({ locale: 'sv-SE' });
  try {
    return await fn(await context.newPage());
  } finally {
    await context.close();
  }
}

const pathOf = (page) => new URL(page.url()).pathname;

/** Submits the login form with bad credentials; returns the text of the visible alert. */
async function failedLogin(page, username, password) {
  await page.goto(`${app.baseUrl}/login`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
  const alert = page.locator('[role="alert"]').filter({ hasText: /\S/ });
  await alert.first().waitFor({ state: 'visible' });
  assert.equal(pathOf(page), '/login', 'a failed login stays on the login page');
  return (await alert.first().innerText()).trim();
}

test('the login page is Swedish, has the form, and passes axe', { timeout: 60_000 }, async () => {
  await withPage(async (page) => {
    const response = await page.goto(`${app.baseUrl}/login`);
    assert.equal(response.status(), 200);
    assert.equal(await page.getAttribute('html', 'lang'), 'sv', '<html lang="sv">');
    assert.equal(await page.getAttribute('input#username', 'name'), 'username');
    assert.equal(await page.getAttribute('input#password', 'name'), 'password');
    assert.equal(await page.getAttribute('input#password', 'type'), 'password');
    assert.equal(await page.locator('form button[type=submit]').count(), 1);
    await screenshot(page, 'login');
    await assertNoAxeViolations(page, '/login');
  });
});

test('a wrong password shows an alert that does not reveal whether the account exists', { timeout: 60_000 }, async () => {
  const wrongPassword = await withPage((page) => failedLogin(page, ADMIN.username, 'fel-lösenord'));
  const unknownUser = await withPage((page) => failedLogin(page, 'nobody-here', 'fel-lösenord'));
  assert.ok(wrongPassword.length > 0, 'the alert has text');
  assert.equal(unknownUser, wrongPassword, 'same message for an unknown user and a wrong password');
});

test('admin logs in by keyboard only and lands on an accessible start page', { timeout: 60_000 }, async () => {
  await withPage(async (page) => {
    await page.goto(`${app.baseUrl}/login`);
    await page.focus('#username');
    await page.keyboard.type(ADMIN.username);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'password', 'Tab moves from username to password');
    await page.keyboard.type(ADMIN.password);
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/login/totp'),
      page.keyboard.press('Enter'),
    ]);
    await typeInto(page, 'Engångskod (6 siffror)', totp(ADMIN.secret));
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/'),
      page.keyboard.press('Enter'),
    ]);

    assert.equal(await page.locator('main, [role="main"]').count(), 1, 'one main landmark');
    assert.ok(await page.locator('h1').first().isVisible(), 'a visible h1');
    await screenshot(page, 'start');
    await assertNoAxeViolations(page, '/ (start page)');

    // Skip link: the first Tab after a fresh load lands on <a href="#main">.
    await page.reload();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => ({
      tag: document.activeElement?.tagName,
      href: document.activeElement?.getAttribute('href'),
    }));
    assert.deepEqual(focused, { tag: 'A', href: '#main' }, 'the first focusable element is a skip link to #main');
    assert.equal(await page.locator('#main').count(), 1, 'the skip link target #main exists');
  });
});
