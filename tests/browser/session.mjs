// What each test file needs around its tests: the demo app and a browser started
// before the first test and stopped after the last, and logging in by keyboard.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, launchBrowser, assertNoAxeViolations, screenshot } from './lib.mjs';
import { typeInto, totp } from './keyboard.mjs';

/** Starts the app and Chromium for this file; the returned object's `app` and `browser` are set once started. */
export function appAndBrowser() {
  const handle = {};
  before(async () => {
    handle.app = await startApp();
    handle.browser = await launchBrowser();
  }, { timeout: 180_000 });
  after(async () => {
    await handle.browser?.close();
    await handle.app?.stop();
  });
  return handle;
}

/**
 * Logs `who` ({username, password, secret?}) in by keyboard in a fresh context,
 * with the one-time code when the account has a TOTP secret; returns {context, page}.
 */
export async function logIn({ app, browser }, who) {
  const context = await browser.newContext({ locale: 'sv-SE', acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${app.baseUrl}/login`);
  await typeInto(page, 'Användarnamn', who.username);
  await typeInto(page, 'Lösenord', who.password);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  if (who.secret) {
    await typeInto(page, 'Engångskod (6 siffror)', totp(who.secret));
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  }
  // The auditor's start page is the access log; everyone else starts at /.
  assert.ok(['/', '/audit'].includes(new URL(page.url()).pathname), `logged in: ${page.url()}`);
  return { context, page };
}

/** Audits `page` with axe at 1280 and 360 px, checks it does not scroll sideways on a phone, and keeps a screenshot. */
export async function checkPage(page, name) {
  await assertNoAxeViolations(page, name);
  await screenshot(page, name.replaceAll(' ', '-'));
  await page.setViewportSize({ width: 360, height: 800 });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), `${name}: no sideways scroll at 360 px`);
  await assertNoAxeViolations(page, `${name} at 360 px`);
  await page.setViewportSize({ width: 1280, height: 800 });
}
