// The journey pages around a participation, by keyboard only, audited with axe:
// an intervention's referral list, the employer register (new, refused orgnr,
// contact about a participant, edit), a cohort form with an error, and the
// partner officer's start page. No page scrolls sideways at 360 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, launchBrowser, assertNoAxeViolations, screenshot } from './lib.mjs';
import { typeInto, choose, follow, press, totp } from './keyboard.mjs';

const JOHANNA = { username: 'johanna', password: 'samverka-demo-coach', secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' };
const AMIR = { username: 'amir', password: 'samverka-demo-coach', secret: 'MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK' };
const EVA = { username: 'eva', password: 'samverka-demo-partner', secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' };

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

async function logIn(who) {
  const context = await browser.newContext({ locale: 'sv-SE' });
  const page = await context.newPage();
  await page.goto(`${app.baseUrl}/login`);
  await typeInto(page, 'Användarnamn', who.username);
  await typeInto(page, 'Lösenord', who.password);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  await typeInto(page, 'Engångskod (6 siffror)', totp(who.secret));
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(new URL(page.url()).pathname, '/');
  return { context, page };
}

async function fitsPhone(page, name) {
  await page.setViewportSize({ width: 360, height: 800 });
  await page.reload();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), `${name}: no sideways scroll at 360 px`);
  await assertNoAxeViolations(page, `${name} at 360 px`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('referral list and employer register, by keyboard, with no axe violations', { timeout: 300_000 }, async () => {
  const { context, page } = await logIn(JOHANNA);

  await page.goto(`${app.baseUrl}/interventions/NK/participants`);
  await follow(page, 'Alla intresseanmälningar');
  assert.match(await page.locator('h1').innerText(), /Nätkraft – Intresseanmälningar/);
  await assertNoAxeViolations(page, 'referral list');
  await fitsPhone(page, 'referral list');

  await page.goto(`${app.baseUrl}/employers/new?provider=UK-SP`);
  await typeInto(page, 'Namn', 'Bygghandeln i Umeå AB');
  await typeInto(page, 'Organisationsnummer', '559012-3451');
  await choose(page, 'Sektor', 'Privat');
  await press(page, 'Spara');
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').innerText(), /Organisationsnummer.*kontrollsiffra/);
  assert.equal(await page.getByLabel('Namn', { exact: true }).inputValue(), 'Bygghandeln i Umeå AB');
  await assertNoAxeViolations(page, 'employer form with an error');
  await typeInto(page, 'Organisationsnummer', '559012-3450');
  await press(page, 'Spara');
  assert.match(new URL(page.url()).pathname, /^\/employers\/\d+$/);
  await assertNoAxeViolations(page, 'employer page');

  const about = await page.getByLabel('Gällde deltagare', { exact: true }).locator('option').allInnerTexts();
  assert.ok(about.length > 1, `the coach's participants are offered: ${about.join(' | ')}`);
  await typeInto(page, 'Datum', '2026-13-01');
  await typeInto(page, 'Anteckning', 'Ringde om en praktikplats i lagret.');
  await choose(page, 'Gällde deltagare', about[1].trim());
  await press(page, 'Spara kontakten');
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').innerText(), /Datum/);
  assert.equal(await page.getByLabel('Anteckning', { exact: true }).inputValue(), 'Ringde om en praktikplats i lagret.');
  await assertNoAxeViolations(page, 'contact form with an error');
  await typeInto(page, 'Datum', '2026-11-20');
  await press(page, 'Spara kontakten');
  assert.match(await page.locator('main').innerText(), /Ringde om en praktikplats i lagret\..*gällde/s);
  await screenshot(page, 'employer');
  await fitsPhone(page, 'employer page');

  await follow(page, 'Ändra arbetsgivaren');
  await assertNoAxeViolations(page, 'employer edit form');
  await typeInto(page, 'Bransch', 'Byggvaror');
  await press(page, 'Spara');
  assert.match(await page.locator('main').innerText(), /Byggvaror/);
  await context.close();
});

test('cohort form with an error and the partner start page pass axe', { timeout: 300_000 }, async () => {
  const gt = await logIn(AMIR);
  await gt.page.goto(`${app.baseUrl}/interventions/GT/cohorts`);
  await typeInto(gt.page, 'Namn', 'Höst 2027');
  await typeInto(gt.page, 'Startdatum', '2027-09-01');
  await typeInto(gt.page, 'Platser', '0');
  await press(gt.page, 'Spara');
  await gt.page.getByRole('alert').waitFor();
  assert.match(await gt.page.getByRole('alert').innerText(), /Platser: antal platser ska vara 1–30/);
  assert.equal(await gt.page.getByLabel('Platser', { exact: true }).getAttribute('aria-invalid'), 'true');
  await assertNoAxeViolations(gt.page, 'cohort form with an error');
  await gt.context.close();

  const partner = await logIn(EVA);
  await partner.page.getByRole('heading', { name: 'Mina anmälningar' }).waitFor();
  await assertNoAxeViolations(partner.page, 'partner start page');
  await screenshot(partner.page, 'partner-start');
  await fitsPhone(partner.page, 'partner start page');
  await partner.context.close();
});
