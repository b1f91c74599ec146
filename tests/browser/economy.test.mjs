// The economy by keyboard only, audited with axe at 1280 and 360 px: the
// association reads its Kostnadsrapport and releases a certified payment; the
// provider's manager certifies the next one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { typeInto, follow, press } from './keyboard.mjs';
import { appAndBrowser, logIn, checkPage } from './session.mjs';

const PER = { username: 'per', password: 'samverka-demo-lead', secret: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU' };
const FORBUND = { username: 'forbund', password: 'samverka-demo-forbund' };

const session = appAndBrowser();

test('the association reads its cost report and releases a certified payment', { timeout: 300_000 }, async () => {
  const { context, page } = await logIn(session, FORBUND);
  await follow(page, 'Organisation');
  await follow(page, 'Samordningsförbundet Umeå');
  await follow(page, 'Kostnadsrapport');
  assert.match(await page.locator('.report-title').innerText(), /^Kostnadsrapport: Förbund: Samordningsförbundet Umeå/);
  assert.equal(await page.getByRole('row', { name: /^Årets resultat/ }).count(), 1);
  await checkPage(page, 'cost report');

  await page.goto(`${session.app.baseUrl}/interventions/NK`);
  await follow(page, 'Utbetalningar');
  assert.equal(await page.locator('h1').innerText(), 'Utbetalningar till utföraren');
  await checkPage(page, 'payments association');
  await press(page, 'Godkänn utbetalningen');
  const first2026 = page.getByRole('row', { name: /^2026 Första halvåret/ });
  assert.match(await first2026.innerText(), /Godkänd \d{4}-\d{2}-\d{2} av forbund/);
  assert.equal(await page.getByRole('button', { name: 'Godkänn utbetalningen' }).count(), 0, 'nothing more is certified');
  await context.close();
});

test('the provider\'s manager certifies a payment', { timeout: 300_000 }, async () => {
  const { context, page } = await logIn(session, PER);
  await page.goto(`${session.app.baseUrl}/interventions/NK/payments`);
  await press(page, 'Registrera intyg');
  assert.match(await page.getByRole('alert').innerText(), /^Intyg: skriv vad du intygar/);
  await typeInto(page, 'Intyg för andra halvåret 2026', 'Medlen har använts enligt ansökan.');
  await press(page, 'Registrera intyg');
  const second2026 = page.getByRole('row', { name: /^2026 Andra halvåret/ });
  assert.match(await second2026.innerText(), /av per: ”Medlen har använts enligt ansökan\.”/);
  await checkPage(page, 'payments provider');
  await context.close();
});
