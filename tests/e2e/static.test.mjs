// Checks of the web shell's files that need no browser: both dictionaries
// complete, every task key labelled, every page built the same way and
// within the server's Content-Security-Policy (no inline code, no external
// URLs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib/browser.mjs';
import { dictionaries, LANGS } from '../../web/assets/i18n.js';
import { TASKS, describeTask, tasksFor, ICONS } from '../../web/assets/tasks.js';

const WEB = join(ROOT, 'web');
const ASSETS = join(WEB, 'assets');
const pages = readdirSync(WEB).filter((f) => f.endsWith('.html'));
const scripts = readdirSync(ASSETS).filter((f) => f.endsWith('.js'));

// Every capability key of the API contract (src/core/roles.c).
const CAPABILITIES = `catalog.search hall.ticket hall.board appointment.book case.track login case.apply
  case.mine proxy.request review.rate complaint.file bundle.apply hall.guide hall.window case.accept case.site
  case.review case.department proxy.queue proxy.visits proxy.mine complaint.queue review.followup hall.monitor
  stats.site org.windows audit.log security.accounts security.policy org.sites catalog.admin calendar.admin
  visa.groups visa.submit visa.review visa.issue visa.special stats.visa complaint.figures`.split(/\s+/);

// The service hall's pages (issue 7).
const HALL_PAGES = {
  'hall.ticket': '/kiosk',
  'hall.board': '/board',
  'hall.window': '/window',
  'hall.guide': '/kiosk?mode=guide',
  'hall.monitor': '/hall-stats',
  'appointment.book': '/appointments',
};

// The case pages (issue 6).
const CASE_PAGES = {
  'case.apply': '/catalog',
  'case.mine': '/my-cases',
  'case.track': '/my-cases',
  'case.accept': '/case-inbox',
  'case.site': '/case-inbox',
  'case.review': '/case-worklist',
  'case.department': '/case-worklist',
  'stats.site': '/figures',
};

// Reaching everyone (issue 9): proxy service, reviews, the complaint window.
const REACH_PAGES = {
  'proxy.request': '/proxy-request',
  'proxy.queue': '/proxy-desk',
  'proxy.visits': '/butler',
  'proxy.mine': '/butler',
  'review.rate': '/review',
  'review.followup': '/review-followup',
  'complaint.file': '/complaint',
  'complaint.queue': '/complaint-desk',
  'complaint.figures': '/complaint-figures',
};

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('the pages exist: index, login, sites', () => {
  for (const p of ['index.html', 'login.html', 'sites.html']) assert.ok(pages.includes(p), p);
});

test('both dictionaries have the same keys, no empty strings, the same placeholders', () => {
  const [zh, en] = LANGS.map((l) => dictionaries[l]);
  assert.deepEqual(Object.keys(en).sort(), Object.keys(zh).sort());
  for (const [k, v] of Object.entries(zh)) {
    assert.ok(v.trim(), `zh-CN ${k} is empty`);
    assert.ok(en[k].trim(), `en ${k} is empty`);
    assert.deepEqual(placeholders(en[k]), placeholders(v), `placeholders of ${k}`);
  }
});

test('every capability has a label and a description in both languages and a link', () => {
  for (const key of CAPABILITIES) {
    assert.ok(TASKS[key], `tasks.js has no entry for ${key}`);
    assert.ok(ICONS[TASKS[key].icon], `icon of ${key}`);
    for (const lang of LANGS) {
      assert.ok(dictionaries[lang][`task.${key}`], `${lang} label of ${key}`);
      assert.ok(dictionaries[lang][`task.${key}.desc`], `${lang} description of ${key}`);
    }
    const d = describeTask(key);
    if (key === 'login') assert.equal(d.href, '/login');
    else if (key === 'org.sites') assert.equal(d.href, '/sites');
    else if (key === 'calendar.admin') assert.equal(d.href, '/calendar');
    else if (key === 'catalog.search') assert.equal(d.href, '/catalog');
    else if (key === 'catalog.admin') assert.equal(d.href, '/catalog-admin');
    else if (key === 'bundle.apply') assert.equal(d.href, '/catalog?tab=bundles');
    else if (key === 'audit.log') assert.equal(d.href, '/audit');
    else if (key === 'security.accounts') assert.equal(d.href, '/users');
    else if (key in HALL_PAGES) assert.equal(d.href, HALL_PAGES[key], `${key} links to its hall page`);
    else if (key in CASE_PAGES) assert.equal(d.href, CASE_PAGES[key], `${key} links to its case page`);
    else if (key in REACH_PAGES) assert.equal(d.href, REACH_PAGES[key], `${key} links to its page`);
    else if (key.startsWith('visa.') || key === 'stats.visa')
      assert.match(d.href, /^\/visa-(agency|officer|stats)(\?|$)/, `${key} links to a port-visa page`);
    else assert.deepEqual([d.href, d.comingSoon], ['#', true], `${key} is not built yet`);
  }
  // distinct labels, so the home page never shows two cards with one name
  // (org.sites and the visitors' "sites" card share one on purpose)
  for (const lang of LANGS) {
    const labels = CAPABILITIES.map((k) => dictionaries[lang][`task.${k}`]);
    assert.equal(new Set(labels).size, labels.length, `${lang} task labels are unique`);
  }
});

test('anonymous visitors also get the service-sites card; signed-in users do not', () => {
  const anon = tasksFor({ authenticated: false, capabilities: ['catalog.search', 'login'] });
  assert.deepEqual(anon.map((x) => x.key), ['catalog.search', 'login', 'sites']);
  assert.equal(anon[2].href, '/sites');
  assert.equal(anon[2].comingSoon, false);
  const clerk = tasksFor({ authenticated: true, capabilities: ['hall.window', 'case.accept'] });
  assert.deepEqual(clerk.map((x) => x.key), ['hall.window', 'case.accept']);
  const unknown = describeTask('future.thing');
  assert.deepEqual([unknown.label, unknown.href, unknown.comingSoon], ['future.thing', '#', true]);
});

test('every page has the shell skeleton, lang zh-CN, one h1 and a skip link', () => {
  for (const p of pages) {
    const html = readFileSync(join(WEB, p), 'utf8');
    assert.match(html, /^<!doctype html>/i, p);
    assert.match(html, /<html lang="zh-CN">/, p);
    assert.match(html, /<meta name="viewport"/, p);
    assert.equal(html.match(/<h1[\s>]/g)?.length, 1, `${p}: exactly one h1`);
    assert.match(html, /<body>\s*<a class="skip-link" href="#main"/, `${p}: skip link first`);
    for (const tag of ['<header class="site-header">', '<main id="main"', '<footer class="site-footer">'])
      assert.ok(html.includes(tag), `${p}: ${tag}`);
    assert.match(html, /<script type="module" src="\/assets\/[a-z-]+\.js"><\/script>/, `${p}: a module`);
  }
});

test('no inline scripts, styles or handlers and no external URLs (the CSP forbids them)', () => {
  for (const p of pages) {
    const html = readFileSync(join(WEB, p), 'utf8');
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, `${p}: inline <script>`);
    assert.doesNotMatch(html, /<style[\s>]/i, `${p}: <style>`);
    assert.doesNotMatch(html, /\sstyle=/i, `${p}: style attribute`);
    assert.doesNotMatch(html, /\son[a-z]+=/i, `${p}: event handler attribute`);
  }
  const files = [...pages.map((p) => join(WEB, p)), ...readdirSync(ASSETS).map((f) => join(ASSETS, f))];
  for (const f of files) {
    const text = readFileSync(f, 'utf8').replaceAll('http://www.w3.org/2000/svg', '');
    assert.doesNotMatch(text, /(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}\//i, `${f}: external URL`);
    assert.doesNotMatch(text, /@import|@font-face/, `${f}: imported CSS or web font`);
  }
  for (const s of scripts) {
    const js = readFileSync(join(ASSETS, s), 'utf8');
    assert.doesNotMatch(js, /\.style\.|\.innerHTML\s*=|eval\(|new Function/, `${s}: inline style, innerHTML or eval`);
  }
});

test('every dictionary key the pages and modules use exists', () => {
  const zh = dictionaries['zh-CN'];
  const used = new Set();
  for (const p of pages) {
    const html = readFileSync(join(WEB, p), 'utf8');
    for (const m of html.matchAll(/data-i18n="([^"]+)"/g)) used.add(m[1]);
    for (const m of html.matchAll(/data-i18n-attr="([^"]+)"/g))
      for (const pair of m[1].split(';')) used.add(pair.split(':')[1].trim());
  }
  for (const s of scripts) {
    const js = readFileSync(join(ASSETS, s), 'utf8');
    for (const m of js.matchAll(/\bt\('([a-zA-Z0-9_.]+)'/g)) used.add(m[1]);
    for (const m of js.matchAll(/'data-i18n': '([a-zA-Z0-9_.]+)'/g)) used.add(m[1]);
  }
  assert.ok(used.size > 40, `found ${used.size} keys`);
  for (const k of used) assert.ok(k in zh, `missing dictionary key ${k}`);
});
