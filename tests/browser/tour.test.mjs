// Every role's main pages, as each role sees them: logged in (with the one-time
// code where the role needs it), every page audited with axe at 1280 and 360 px,
// no sideways scroll on a phone, and (for the coach) the table tools by keyboard.
// With SAMVERKA_GUIDE_SCREENSHOTS=DIR the pages are also saved for the user guide
// (bash tests/browser/screenshots.sh writes docs/screenshots/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { appAndBrowser, logIn, checkPage } from './session.mjs';
import { tabTo } from './keyboard.mjs';

const session = appAndBrowser();
const GUIDE = process.env.SAMVERKA_GUIDE_SCREENSHOTS;

const ROLES = [
  {
    who: { username: 'johanna', password: 'samverka-demo-coach', secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' },
    role: 'coach',
    pages: [
      ['start', '/'],
      ['deltagare', '/interventions/NK/participants'],
      ['deltagande', 'first-participation'],
      ['enkater', 'first-participation/questionnaires'],
      ['ny-intresseanmalan', '/interventions/NK/referrals/new'],
      ['moten', '/interventions/NK/meetings'],
      ['arbetsgivare', '/employers'],
      ['sok', '/search?q=Åström'],
    ],
  },
  {
    who: { username: 'per', password: 'samverka-demo-lead', secret: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU' },
    role: 'insatsansvarig',
    pages: [
      ['start', '/'],
      ['insats', '/interventions/NK'],
      ['rapport', '/reports?scope=intervention%3ANK&preset=whole'],
      ['utbetalningar', '/interventions/NK/payments'],
    ],
  },
  {
    who: { username: 'forbund', password: 'samverka-demo-forbund' },
    role: 'forbund',
    pages: [
      ['start', '/'],
      ['forbundet', '/associations/SFU'],
      ['rapport', '/reports?scope=association%3ASFU&preset=2026'],
      ['budgetrapport', '/reports?kind=budget&scope=association%3ASFU&preset=2026'],
      ['kostnadsrapport', '/reports?kind=costs&scope=association%3ASFU&preset=2026'],
      ['kompletterande-fragor', '/associations/SFU/questions'],
      ['uppskattning', '/associations/SFU/estimate'],
    ],
  },
  {
    who: { username: 'beredning', password: 'samverka-demo-beredning' },
    role: 'beredningsgrupp',
    pages: [['start', '/'], ['organisation', '/organisation']],
  },
  {
    who: { username: 'eva', password: 'samverka-demo-partner', secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' },
    role: 'handlaggare',
    pages: [['start', '/']],
  },
  {
    who: { username: 'ingrid', password: 'samverka-demo-auditor', secret: 'IRXWCZDJORXXEZLSIRXWCZDJORXXEZLS' },
    role: 'granskare',
    pages: [['atkomstlogg', '/audit']],
  },
  {
    who: { username: 'admin', password: 'samverka-demo-admin', secret: 'ONQW25TFOJVWCLLBMRWWS3RNORXXI4BB' },
    role: 'systemadministrator',
    pages: [['start', '/'], ['konton', '/admin/users'], ['organisation', '/organisation'], ['konto', '/account']],
  },
];

/** Saves the top of the page at 1280 and 360 px for the user guide. */
async function guideShot(page, name) {
  if (!GUIDE) return;
  await mkdir(GUIDE, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: path.join(GUIDE, `${name}.png`) });
  await page.setViewportSize({ width: 360, height: 780 });
  await page.screenshot({ path: path.join(GUIDE, `${name}-telefon.png`) });
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** Tables sort and filter by keyboard (one login per role: a one-time code is used once). */
async function tablesSortAndFilter(page) {
  await page.goto(`${session.app.baseUrl}/interventions/NK/participants?visa=alla`);
  const table = page.locator('table.sortable').last();
  const names = () => table.locator('tbody tr:not([hidden]) th').allInnerTexts();
  const before = await names();
  assert.ok(before.length > 20, 'every participant is listed with ?visa=alla');
  const sortByName = table.getByRole('button', { name: 'Namn', exact: true });
  await tabTo(page, sortByName);
  await page.keyboard.press('Enter');
  const sorted = await names();
  assert.deepEqual(sorted, [...sorted].sort((a, b) => a.localeCompare(b, 'sv')));
  assert.equal(await table.locator('thead th').first().getAttribute('aria-sort'), 'ascending');
  await page.keyboard.press('Enter');
  assert.equal(await table.locator('thead th').first().getAttribute('aria-sort'), 'descending');
  const filter = page.getByLabel('Filtrera tabellen').last();
  await tabTo(page, filter);
  await page.keyboard.type('NK-H00');
  const shown = await names();
  assert.equal(shown.length, 9, 'NK-H001 … NK-H009');
  assert.ok(shown.every((n) => n.includes('NK-H00')));
  assert.match(await page.locator('.table-filter [role=status]').last().innerText(), /^Visar 9 av \d+ rader$/);
}

for (const { who, role, pages } of ROLES) {
  test(`${role}: every main page passes axe at 1280 and 360 px`, { timeout: 300_000 }, async () => {
    const { context, page } = await logIn(session, who);
    let participation = null;
    for (const [name, target] of pages) {
      let url = target;
      if (target.startsWith('first-participation')) {
        if (!participation) {
          await page.goto(`${session.app.baseUrl}/`);
          participation = await page.locator('a[href^="/participations/"]').first().getAttribute('href');
        }
        url = participation + target.slice('first-participation'.length);
      }
      const response = await page.goto(`${session.app.baseUrl}${url}`);
      assert.equal(response.status(), 200, `${role} ${url}`);
      await checkPage(page, `${role} ${name}`);
      await guideShot(page, `${role}-${name}`);
    }
    if (role === 'coach') await tablesSortAndFilter(page);
    await context.close();
  });
}

