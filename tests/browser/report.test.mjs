// The report page by keyboard only, audited with axe at 1280 and 360 px: the lead
// opens Nätkraft's report from the intervention page, picks a year, sees it as the
// association will and downloads the PDF; the association's administrator reports
// on the whole association and sees small cells withheld.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { typeInto, choose, tick, follow, press, tabTo } from './keyboard.mjs';
import { appAndBrowser, logIn, checkPage } from './session.mjs';

const PER = { username: 'per', password: 'samverka-demo-lead', secret: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU' };
const FORBUND = { username: 'forbund', password: 'samverka-demo-forbund' };

const session = appAndBrowser();

const check = checkPage;

test('the lead reports on a year, sees it as the association will and downloads the PDF', { timeout: 300_000 }, async () => {
  const { context, page } = await logIn(session, PER);
  await page.goto(`${session.app.baseUrl}/interventions/NK`);
  await follow(page, 'Deltagarrapport');
  assert.equal(await page.locator('h1').innerText(), 'Rapporter');
  assert.match(await page.locator('.report .notice').innerText(), /Exakta tal/);
  assert.ok(await page.locator('#participants svg title').count() === 1, 'the participants chart');
  await check(page, 'report lead');

  // A year that has ended, so that the association's view of it (the grid) exists.
  await choose(page, 'Period', 'År 2025');
  await press(page, 'Visa rapporten');
  assert.match(page.url(), /period=2025/);
  assert.match(await page.locator('.report .meta').first().innerText(), /2025-01-01 – 2025-12-31/);

  await tick(page, 'Visa som förbundet ser den (med röjandeskydd)');
  await press(page, 'Visa rapporten');
  assert.match(await page.locator('.report .notice').innerText(), /Röjandeskydd/);
  await check(page, 'report lead as association');

  const link = page.getByRole('link', { name: 'PDF', exact: true });
  await tabTo(page, link);
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.match(download.suggestedFilename(), /^deltagarrapport-intervention-NK-2025-01-01-2025-12-31\.pdf$/);
  await context.close();
});

test('the association reports on all its interventions with small cells withheld', { timeout: 300_000 }, async () => {
  const { context, page } = await logIn(session, FORBUND);
  await follow(page, 'Rapporter');
  await choose(page, 'Gäller', 'Förbund: Samordningsförbundet Umeå');
  // The association chooses among ended periods only: no dates of its own.
  assert.equal(await page.getByLabel('Från och med (egen period)').count(), 0, 'no own dates');
  await choose(page, 'Period', 'År 2025');
  await press(page, 'Visa rapporten');
  assert.match(await page.locator('.report-title').innerText(), /Förbund: Samordningsförbundet Umeå/);
  assert.match(await page.locator('.report .notice').innerText(), /Röjandeskydd/);
  assert.equal(await page.getByLabel('Visa som förbundet ser den (med röjandeskydd)').count(), 0, 'no choice of exact figures');
  assert.ok((await page.locator('td', { hasText: '<5' }).count()) > 0, 'small cells are withheld');
  await check(page, 'report association');
  await context.close();
});

test('the association reads Nätkraft\'s budget against its outcome', { timeout: 300_000 }, async () => {
  const { context, page } = await logIn(session, FORBUND);
  await follow(page, 'Organisation');
  await follow(page, 'Nätkraft');
  await follow(page, 'Budget och utfall');
  await choose(page, 'Period', 'Egen period');
  await typeInto(page, 'Från och med (egen period)', '2025-01-01');
  await typeInto(page, 'Till och med (egen period)', '2025-12-31');
  await press(page, 'Visa rapporten');
  assert.match(await page.locator('.report-title').innerText(), /^Budgetrapport: Insats: Nätkraft/);
  const sum = page.getByRole('row', { name: /^Summa insatskostnader/ });
  assert.match((await sum.innerText()).replace(/\s+/g, ' '), /1 194 000 kr/);
  const year = page.getByRole('row', { name: /^2025 / });
  assert.match((await year.innerText()).replace(/\s+/g, ' '), /388 200 kr.*Inom 10 %/);
  await check(page, 'budget report');
  await context.close();
});
