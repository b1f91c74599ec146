// One participant's whole path, by keyboard only, as the Nätkraft coach:
// referral → selection → consent → enrolment → profile → placement → employment →
// exit to work → 6-month follow-up. Every page on the way passes axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, launchBrowser, assertNoAxeViolations, screenshot } from './lib.mjs';
import { typeInto, choose, tick, follow, press, totp } from './keyboard.mjs';

const COACH = { username: 'johanna', password: 'samverka-demo-coach', secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' };

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

const audited = [];
async function check(page, name) {
  await assertNoAxeViolations(page, name);
  audited.push(name);
}

async function logIn(page) {
  await page.goto(`${app.baseUrl}/login`);
  await typeInto(page, 'Användarnamn', COACH.username);
  await typeInto(page, 'Lösenord', COACH.password);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  await typeInto(page, 'Engångskod (6 siffror)', totp(COACH.secret));
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(new URL(page.url()).pathname, '/');
}

test('a participant goes the whole way, by keyboard, with no axe violations', { timeout: 300_000 }, async () => {
  const context = await browser.newContext({ locale: 'sv-SE' });
  const page = await context.newPage();
  await logIn(page);
  await page.getByRole('heading', { name: 'Mina deltagare' }).waitFor();
  assert.match(await page.locator('#caseload-table').textContent(), /Mina deltagare/);
  await check(page, 'start page with caseload');
  await screenshot(page, 'caseload');

  await page.goto(`${app.baseUrl}/interventions/NK/participants`);
  await check(page, 'participants of NK');
  await follow(page, 'Ny intresseanmälan');
  await check(page, 'new referral form');
  await typeInto(page, 'Personnummer eller samordningsnummer', '19970923-3580');
  await typeInto(page, 'Namn', 'Linnéa Testsson');
  await typeInto(page, 'Mottagen', '2025-02-03');
  await choose(page, 'Anmäld av (organisation)', 'RVB');
  await typeInto(page, 'Enhet', 'Psykiatriska mottagningen');
  await typeInto(page, 'Handläggare som anmäler', 'Karin Lund');
  await typeInto(page, 'Anledning', 'Vill pröva att arbeta med stöd.');
  await press(page, 'Spara');
  await page.getByText('Linnéa Testsson').first().waitFor();
  await check(page, 'referral page');
  await press(page, 'Föreslå i rekryteringsgruppen');

  await page.goto(`${app.baseUrl}/interventions/NK/meetings/new?group=rekryteringsgrupp`);
  await check(page, 'selection meeting form');
  await typeInto(page, 'Datum', '2025-02-10');
  await typeInto(page, 'Närvarande', 'FK: Eva Handläggare\nRVB: Karin Lund');
  await choose(page, 'Beslut Linnéa Testsson', 'Anta');
  await tick(page, 'Alla parter är överens Linnéa Testsson');
  await press(page, 'Spara mötet');
  await check(page, 'meeting page');
  await follow(page, 'Linnéa Testsson');
  await follow(page, 'Skriv in');
  await check(page, 'enrolment form');
  await typeInto(page, 'Startdatum', '2025-03-03');
  await tick(page, 'Ja, skriftligt samtycke finns');
  await tick(page, 'FK');
  await tick(page, 'RVB');
  await tick(page, 'Aktivitetsersättning');
  await choose(page, 'Sysselsättning före', 'Ingen sysselsättning');
  await typeInto(page, 'Kommun', 'Umeå');
  await press(page, 'Spara');
  assert.match(new URL(page.url()).pathname, /^\/participations\/\d+$/);
  const participation = new URL(page.url()).pathname;
  await check(page, 'participation page after enrolment');

  await follow(page, 'Lägg till yrkesprofil');
  await check(page, 'profile form');
  await typeInto(page, 'Datum', '2025-03-20');
  await typeInto(page, 'Intressen och önskemål', 'Trädgård och lager.');
  await typeInto(page, 'Förmågor och erfarenheter', 'Noggrann, körkort B.');
  await press(page, 'Spara');

  await follow(page, 'Lägg till arbetsträning/praktik');
  await check(page, 'placement form');
  await typeInto(page, 'Från och med', '2025-04-07');
  await choose(page, 'Arbetsgivare', 'Lagerhuset i Norr AB');
  await typeInto(page, 'Timmar per vecka', '20');
  await typeInto(page, 'Arbetsuppgifter', 'Plock och packning.');
  await press(page, 'Spara');

  await follow(page, 'Lägg till anställning');
  await typeInto(page, 'Från och med', '2025-08-18');
  await choose(page, 'Arbetsgivare', 'Lagerhuset i Norr AB');
  await choose(page, 'Anställningsform', 'Lönebidrag (lönestöd)');
  await typeInto(page, 'Omfattning (procent)', '130');
  await press(page, 'Spara');
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').innerText(), /Omfattning \(procent\).*1–100/);
  await check(page, 'employment form with an error');
  await typeInto(page, 'Omfattning (procent)', '75');
  await press(page, 'Spara');

  await follow(page, 'Registrera avslut');
  await check(page, 'exit form');
  await typeInto(page, 'Slutdatum', '2025-09-30');
  await choose(page, 'Avslutsorsak', 'Arbete');
  await choose(page, 'Sysselsättning vid avslut', 'Arbete');
  await choose(page, 'Anställningsform', 'Lönebidrag (lönestöd)');
  await typeInto(page, 'Omfattning (procent)', '75');
  await tick(page, 'Lön');
  await press(page, 'Spara');
  assert.equal(new URL(page.url()).pathname, participation);

  await follow(page, 'Registrera uppföljning efter avslut');
  await check(page, 'after-exit follow-up form');
  assert.equal(await page.getByLabel('Uppföljning efter').inputValue(), '6');
  await typeInto(page, 'Datum', '2026-03-30');
  await choose(page, 'Sysselsättning', 'Arbete');
  await tick(page, 'Lön');
  await press(page, 'Spara');
  const text = await page.locator('main').innerText();
  assert.match(text, /Linnéa Testsson/);
  assert.match(text, /Avslutsorsak\s+Arbete/);
  assert.match(text, /6 månader/);
  await check(page, 'participation page after exit');
  await screenshot(page, 'participation');

  await page.setViewportSize({ width: 360, height: 800 });
  await page.reload();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no sideways scroll at 360 px');
  await screenshot(page, 'participation-phone');
  await context.close();
  assert.ok(audited.length >= 12, `audited ${audited.length} pages`);
});

test('the lead imports a file with problems and sees them in an accessible table', { timeout: 120_000 }, async () => {
  const context = await browser.newContext({ locale: 'sv-SE' });
  const page = await context.newPage();
  await page.goto(`${app.baseUrl}/login`);
  await typeInto(page, 'Användarnamn', 'per');
  await typeInto(page, 'Lösenord', 'samverka-demo-lead');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  await typeInto(page, 'Engångskod (6 siffror)', totp('KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU'));
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  await page.goto(`${app.baseUrl}/interventions/NK/participants`);
  await follow(page, 'Importera från fil');
  await check(page, 'upload page');
  const csv = 'insats;personnummer;startdatum;sysselsattning_fore;samtycke\nNK;19950314-0289;2012-03-01;jobb;ja\n';
  await page.getByLabel('Fil', { exact: true }).setInputFiles({ name: 'deltagare.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await press(page, 'Läs in');
  const rows = await page.locator('table tbody tr').allInnerTexts();
  assert.equal(rows.length, 2, rows.join('\n'));
  assert.match(rows[0], /^2\s+personnummer\s+personnummer: kontrollsiffran/);
  assert.match(rows[1], /^2\s+sysselsattning_fore\s+sysselsattning_fore: okänd kod 'jobb'/);
  await check(page, 'upload page with problems');
  await screenshot(page, 'upload-problems');
  await context.close();
});
