// browser.mjs - headless Debian Chromium for the browser tests, driven by
// playwright-core (never `playwright install`: the browser is the system's
// /usr/bin/chromium). Also: axe-core checks and screenshots under build/e2e/.

import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { mkdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHOT_DIR = join(ROOT, 'build', 'e2e');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launch Chromium. playwright-core gives every launch a fresh temporary
 * profile (user-data-dir) and removes it on close. */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install chromium`);
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true, timeout: 60_000 });
}

/** A new context (own cookies and localStorage) and page on baseURL. The
 * returned `problems` array collects console errors, uncaught exceptions,
 * CSP violations and failed requests, so tests can assert it is empty. */
export async function openPage(browser, baseURL, { viewport = { width: 1280, height: 800 }, locale = 'zh-CN' } = {}) {
  const context = await browser.newContext({ baseURL, viewport, locale, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`exception: ${err.message}`));
  page.on('requestfailed', (req) => {
    const f = req.failure()?.errorText ?? '';
    // navigations and aborted fetches (superseded requests) are not faults
    if (!/ERR_ABORTED/.test(f)) problems.push(`request failed: ${req.url()} ${f}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return { context, page, problems };
}

/** Navigate and wait until the page's module has rendered (body[data-state=ready]). */
export async function gotoReady(page, path) {
  await page.goto(path, { waitUntil: 'load' });
  await waitReady(page);
}

export async function waitReady(page) {
  await page.waitForSelector('body[data-state="ready"]', { timeout: 15_000 });
}

let axeSource = null;

/** Run axe-core on the page with the WCAG 2 A/AA rules; returns the violations.
 * The pages are served with a strict Content-Security-Policy (no inline
 * scripts), which blocks page.addScriptTag(); the DevTools protocol's own
 * evaluation is not subject to CSP, so axe is evaluated through it instead. */
export async function runAxe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    axeSource ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
    await page.evaluate(axeSource);
  }
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')} :: ${n.failureSummary?.replace(/\s+/g, ' ')}`),
    }));
  }, AXE_TAGS);
}

/** A readable list of violations for an assertion message. */
export function describeViolations(violations) {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 5).join('\n    ')}`)
    .join('\n');
}

/** Save a full-page screenshot as build/e2e/NAME.png; returns the path. */
export async function screenshot(page, name) {
  await mkdir(SHOT_DIR, { recursive: true });
  const path = join(SHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** For a test file: start the real server (tests/lib/server.mjs) and one
 * browser before its tests, stop both after. Returns a live object whose
 * fields are filled in by the before hook:
 *   { server, browser, open(path, opts) -> {context, page, problems} }
 * open() makes a fresh context (no cookies, empty localStorage) and waits
 * until the page has rendered; contexts are closed in the after hook. */
export function browserSuite({ before, after, startServer }) {
  const suite = { server: null, browser: null, contexts: [] };
  before(async () => {
    suite.server = await startServer({ demo: true });
    suite.browser = await launchBrowser();
  });
  after(async () => {
    for (const c of suite.contexts) await c.close().catch(() => {});
    await suite.browser?.close();
    const r = await suite.server?.stop();
    if (r && r.code !== 0) throw new Error(`server exit ${JSON.stringify(r)}: ${suite.server.stderr}`);
  });
  suite.open = async (path, opts = {}) => {
    const p = await openPage(suite.browser, suite.server.url, opts);
    suite.contexts.push(p.context);
    if (opts.init) await opts.init(p.page);
    if (path) await gotoReady(p.page, path);
    return p;
  };
  return suite;
}

/** Set localStorage before any page script runs (language, contrast). */
export function withStorage(values) {
  return (page) =>
    page.addInitScript((v) => {
      for (const [k, x] of Object.entries(v)) window.localStorage.setItem(k, x);
    }, values);
}
