// Organisation pages for an association officer: overview, association, intervention,
// the edit forms with a validation error shown next to its field. Every page: axe, zero violations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, launchBrowser, assertNoAxeViolations, screenshot } from './lib.mjs';

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

async function loggedIn(width = 1280) {
  const context = await browser.newContext({ locale: 'sv-SE', viewport: { width, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${app.baseUrl}/login`);
  await page.fill('#username', 'forbund');
  await page.fill('#password', 'samverka-demo-forbund');
  await page.press('#password', 'Enter');
  await page.waitForURL(`${app.baseUrl}/`);
  return { page, context };
}

test('organisation pages are accessible at 1280 and 360 pixels', async () => {
  for (const width of [1280, 360]) {
    const { page, context } = await loggedIn(width);
    try {
      for (const [name, path, heading] of [
        ['organisation', '/organisation', 'Organisation'],
        ['association', '/associations/SFU', 'Samordningsförbundet Umeå'],
        ['intervention', '/interventions/NK', 'Nätkraft'],
        ['intervention-edit', '/interventions/NK/edit', 'Ändra insatsen'],
        ['goal-new', '/interventions/NK/goals/new', 'Nytt mål'],
        ['association-edit', '/associations/SFU/edit', 'Ändra förbundets uppgifter'],
      ]) {
        const res = await page.goto(`${app.baseUrl}${path}`);
        assert.equal(res.status(), 200, path);
        assert.equal((await page.locator('h1').innerText()).trim(), heading);
        await assertNoAxeViolations(page, `${path} at ${width} px`);
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(scrollWidth <= width, `${path} at ${width} px scrolls sideways (${scrollWidth} px wide)`);
        await screenshot(page, `${name}-${width}`);
      }
    } finally {
      await context.close();
    }
  }
});

test('a wrong organisationsnummer is announced next to its field', async () => {
  const { page, context } = await loggedIn();
  try {
    await page.goto(`${app.baseUrl}/associations/SFU/edit`);
    await page.fill('#orgnr', '222000-1546');
    await page.click('main button[type=submit]');
    const error = page.locator('#orgnr-error');
    await error.waitFor();
    assert.match(await error.innerText(), /fel kontrollsiffra/);
    assert.equal(await page.getAttribute('#orgnr', 'aria-invalid'), 'true');
    assert.equal(await page.getAttribute('#orgnr', 'aria-describedby'), 'orgnr-error');
    await assertNoAxeViolations(page, 'association form with error');
    await screenshot(page, 'association-edit-error');
  } finally {
    await context.close();
  }
});
