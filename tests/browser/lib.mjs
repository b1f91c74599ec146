// Shared helpers for the browser tests: start the app, launch Debian's
// Chromium through playwright-core, audit pages with axe-core, save screenshots.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { mkdtemp, mkdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SAMVERKA_BIN = process.env.SAMVERKA_BIN || path.join(REPO, 'target/debug/samverka');
export const SCREENSHOT_DIR = path.join(REPO, 'target/browser-screenshots');

const URL_RE = /http:\/\/127\.0\.0\.1:\d+/;
const START_TIMEOUT_MS = 120_000;

/**
 * Starts `samverka demo` on a free port with a fresh SQLite database.
 * Resolves to {baseUrl, stop()} once the app prints its address.
 * Optional: `env`, extra environment variables (for example SAMVERKA_OIDC__ISSUER);
 * `listen`, the address to listen on (default 127.0.0.1:0, any free port).
 */
export async function startApp({ bin = SAMVERKA_BIN, env = {}, listen = '127.0.0.1:0' } = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'samverka-browser-'));
  const args = ['demo', '--listen', listen, '--database-url', `sqlite://${dir}/demo.db`];
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  // Keep draining both pipes for the whole run so the app never blocks on a full pipe.
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s) => { stderr = (stderr + s).slice(-64_000); });

  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  let baseUrl;
  try {
    baseUrl = await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`samverka printed no http://127.0.0.1:PORT address within ${START_TIMEOUT_MS / 1000} s\nstdout:\n${stdout}\nstderr:\n${stderr}`)),
        START_TIMEOUT_MS,
      );
      child.stdout.on('data', (s) => {
        if (stdout.length < 64_000) stdout += s;
        const m = stdout.match(URL_RE);
        if (m) { clearTimeout(timer); resolve(m[0]); }
      });
      child.once('error', (e) => { clearTimeout(timer); reject(new Error(`cannot start ${bin}: ${e.message}`)); });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`samverka exited (code ${code}, signal ${signal}) before printing its address\nstderr:\n${stderr}`));
      });
    });
  } catch (e) {
    child.kill('SIGKILL');
    process.removeListener('exit', killOnExit);
    await rm(dir, { recursive: true, force: true });
    throw e;
  }

  async function stop() {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    process.removeListener('exit', killOnExit);
    await rm(dir, { recursive: true, force: true });
  }

  return { baseUrl, stop, stderr: () => stderr };
}

/** A port on 127.0.0.1 that was free a moment ago (for an app whose address must be known before it starts). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Launches Debian's headless Chromium; each browser.newContext() gets a fresh profile. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
}

const AXE_PATH = require.resolve('axe-core/axe.min.js');
let axeSource;
const AXE_OPTIONS = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
};

/**
 * Runs axe-core on the page and returns its violations.
 * axe is injected with page.evaluate, which the page's Content-Security-Policy
 * does not apply to (a <script> tag from addScriptTag is blocked by script-src 'self').
 */
export async function runAxe(page) {
  axeSource ??= await readFile(AXE_PATH, 'utf8');
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  return page.evaluate((options) => window.axe.run(document, options).then((r) => r.violations), AXE_OPTIONS);
}

/** One readable line per violation: id, impact, help and the first target selectors. */
export function formatViolations(violations) {
  return violations.map((v) => {
    const targets = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ');
    return `- ${v.id} [${v.impact}] ${v.help} (${v.nodes.length} node(s): ${targets})`;
  }).join('\n');
}

/** Audits the page and fails listing every violation. */
export async function assertNoAxeViolations(page, label = page.url()) {
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, `axe found ${violations.length} violation(s) on ${label}:\n${formatViolations(violations)}`);
}

/** Saves a full-page screenshot to <repo>/target/browser-screenshots/NAME.png; returns its path. */
export async function screenshot(page, name) {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
