// The participant's questionnaire on a phone, by keyboard only: the coach makes a
// one-time link, the participant opens it in a 360-pixel window without logging
// in, answers, reloads halfway and finds the answers kept, sends it, and the used
// link then gets a friendly page. Audited with axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoAxeViolations } from './lib.mjs';
import { choose, follow, press, typeInto } from './keyboard.mjs';
import { appAndBrowser, logIn, checkPage } from './session.mjs';

const JOHANNA = { username: 'johanna', password: 'samverka-demo-coach', secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' };

const session = appAndBrowser();

/** Answers with the radio `locator` by keyboard: Tab into its group, then arrow keys. */
async function pick(page, locator) {
  const name = await locator.getAttribute('name');
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((n) => document.activeElement?.name === n, name)) {
      await page.keyboard.press('Space');
      for (let j = 0; j < 10 && !(await locator.isChecked()); j++) {
        await page.keyboard.press('ArrowDown');
      }
      assert.ok(await locator.isChecked(), 'the answer is chosen by keyboard');
      return;
    }
  }
  throw new Error('could not reach the question by Tab');
}

test('a participant answers on a phone, reloads halfway and keeps the answers', { timeout: 300_000 }, async () => {
  const staff = await logIn(session, JOHANNA);
  await staff.page.goto(`${session.app.baseUrl}/interventions/NK/participants`);
  const first = staff.page.locator('a[href^="/participations/"]').first();
  await staff.page.goto(`${session.app.baseUrl}${await first.getAttribute('href')}/questionnaires`);
  await choose(staff.page, 'Tillfälle', 'Vid start');
  await press(staff.page, 'Skapa länken');
  const link = await staff.page.locator('a.questionnaire-link').innerText();
  assert.match(link, /\/q\/[0-9a-f]{64}$/);
  assert.equal(await staff.page.locator('.qr svg[role="img"]').count(), 1, 'a QR code to scan');
  await checkPage(staff.page, 'questionnaire link');
  await staff.context.close();

  const phone = await session.browser.newContext({ locale: 'sv-SE', viewport: { width: 360, height: 740 } });
  const page = await phone.newPage();
  await page.goto(link);
  assert.equal(await page.locator('h1').innerText(), 'Hur har du det?');
  assert.match(await page.locator('#progress').innerText(), /Sida 1 av 3/);
  await assertNoAxeViolations(page, 'questionnaire page 1 on a phone');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no sideways scroll');

  // Radios in a group: Tab reaches the group, arrows move within it.
  await pick(page, page.getByLabel('1 – Inte alls nöjd'));
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByLabel('3', { exact: true }).first().isChecked(), true, 'chosen by arrow keys');
  await press(page, 'Spara och gå vidare');
  assert.match(await page.locator('#progress').innerText(), /Sida 2 av 3/);

  // The phone dies: the link opened again still holds the first page's answer.
  await page.goto(link);
  assert.equal(await page.getByLabel('3', { exact: true }).first().isChecked(), true, 'kept after a reload');
  await press(page, 'Spara och gå vidare');
  await pick(page, page.getByLabel('Ja', { exact: true }));
  await press(page, 'Spara och gå vidare');
  assert.match(await page.locator('#progress').innerText(), /Sida 3 av 3/);
  await pick(page, page.getByLabel('Jag söker jobb'));
  await page.getByLabel(/Vill du säga något mer/).focus();
  await page.keyboard.type('Bra att få prata.');
  await assertNoAxeViolations(page, 'questionnaire last page on a phone');
  await press(page, 'Skicka in');
  assert.equal(await page.locator('h1').innerText(), 'Tack för dina svar!');

  const again = await page.goto(link);
  assert.equal(again.status(), 410);
  assert.match(await page.locator('.lead').innerText(), /redan svarat/);
  await assertNoAxeViolations(page, 'used link');
  await phone.close();
});

const FORBUND = { username: 'forbund', password: 'samverka-demo-forbund' };

test('the association adds a supplementary question by keyboard; a hard text is refused', { timeout: 180_000 }, async () => {
  const { page } = await logIn(session, FORBUND);
  await page.goto(`${session.app.baseUrl}/associations/SFU`);
  await follow(page, 'Kompletterande frågor i deltagarnas enkät');
  await checkPage(page, 'kompletterande fragor');
  await follow(page, 'Ny fråga');
  await checkPage(page, 'ny kompletterande fraga');
  await typeInto(page, 'Frågan', 'Upplever du att verksamhetens samordningsstrukturer tillgodoser rehabiliteringsbehoven?');
  await choose(page, 'Slags svar', 'Ja eller nej');
  await press(page, 'Spara');
  const error = await page.locator('.error-summary').innerText();
  assert.match(error, /^Frågan: texten .* är för svår att läsa \(LIX \d+/);
  await assertNoAxeViolations(page, 'refused supplementary question');
  await typeInto(page, 'Frågan', 'Hur ofta träffar du din coach?');
  await choose(page, 'Slags svar', 'Ett val');
  await typeInto(page, 'Svarsalternativ', 'Varje vecka\nVarannan vecka\nMer sällan');
  await typeInto(page, 'Ordning', '2');
  await press(page, 'Spara');
  assert.equal(new URL(page.url()).pathname, '/associations/SFU/questions');
  const rows = await page.locator('tbody tr').allInnerTexts();
  assert.equal(rows.length, 2);
  assert.match(rows[1], /Hur ofta träffar du din coach\?/);
  assert.match(rows[1], /Varje vecka, Varannan vecka, Mer sällan/);
  await page.context().close();
});
