// Keyboard-only driving: reach an element with Tab, type, choose, press.
// Every step proves the element is reachable and usable without a mouse.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';

const MAX_TABS = 400;

/** Presses Tab until `locator` has focus; fails if it is never reached. */
export async function tabTo(page, locator) {
  const handle = await locator.elementHandle();
  assert.ok(handle, `no element for ${locator}`);
  for (let i = 0; i < MAX_TABS; i += 1) {
    if (await handle.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${locator}`);
}

/** Types into the field labelled `label` (replacing what is there). */
export async function typeInto(page, label, text) {
  const field = page.getByLabel(label, { exact: true });
  await tabTo(page, field);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

/** Chooses the option with visible text `option` in the select labelled `label`, by arrow keys. */
export async function choose(page, label, option) {
  const select = page.getByLabel(label, { exact: true });
  await tabTo(page, select);
  const options = await select.locator('option').allInnerTexts();
  const target = options.findIndex((o) => o.trim() === option);
  assert.ok(target >= 0, `"${option}" is not an option of ${label}: ${options.join(' | ')}`);
  await page.keyboard.press('Home');
  for (let i = 0; i < target; i += 1) await page.keyboard.press('ArrowDown');
  assert.equal((await select.evaluate((s) => s.options[s.selectedIndex].text)).trim(), option);
}

/** Ticks the checkbox or radio labelled `label` with Space (if not already ticked). */
export async function tick(page, label) {
  const box = page.getByLabel(label, { exact: true });
  await tabTo(page, box);
  if (!(await box.isChecked())) await page.keyboard.press('Space');
  assert.ok(await box.isChecked(), `${label} is ticked`);
}

/** Follows the link named `name` with Enter and waits for the next page. */
export async function follow(page, name) {
  const link = page.getByRole('link', { name, exact: true }).first();
  await tabTo(page, link);
  await Promise.all([page.waitForLoadState('load'), page.waitForNavigation(), page.keyboard.press('Enter')]);
}

/** Presses the button named `name` with Enter and waits for the next page. */
export async function press(page, name) {
  const button = page.getByRole('button', { name, exact: true }).first();
  await tabTo(page, button);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

/** The current TOTP code for a base32 secret (RFC 6238, SHA-1, 30 s, 6 digits). */
export function totp(secret, now = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(now / 30_000)));
  const mac = createHmac('sha1', bytes).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, '0');
}
