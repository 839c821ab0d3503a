// item.js - an item's guide (/item?id=N[&version=V]): what it is, the time
// limits (legal and promised, or immediate), the fee ("不收费"), the online
// depth with its label, visits needed, channels and tiers, the materials
// table, conditions, legal basis and steps, the bundles it belongs to and its
// versions (GET /api/v1/catalog/items/{id}, .../versions). "Handle it near
// me": the caller picks a township and village (remembered in this browser)
// and the server walks up the site tree to the nearest sites that accept the
// item, with their windows.

import { t, pick, num } from './i18n.js';
import { api, errorMessage, ApiError } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';
import {
  depthBadge,
  depthLabel,
  setDepthLabels,
  typeBadge,
  limitText,
  legalText,
  feeText,
  visitsText,
  channelsText,
  tiersText,
  deptName,
  itemName,
  materialRows,
} from './catalog-common.js';

const SITE_KEY = 'onestop.site';
const el = (id) => document.getElementById(id);
const params = new URLSearchParams(window.location.search);
const itemId = Number.parseInt(params.get('id') ?? '', 10) || null;
const version = Number.parseInt(params.get('version') ?? '', 10) || null;

let item = null;
let itemError = null;
let versions = null;
let townships = null;
let villages = null;
let site = readSite();

function readSite() {
  try {
    const v = JSON.parse(window.localStorage.getItem(SITE_KEY) ?? 'null');
    return v && Number.isInteger(v.township) ? v : { township: null, village: null };
  } catch {
    return { township: null, village: null };
  }
}

function saveSite() {
  try {
    window.localStorage.setItem(SITE_KEY, JSON.stringify(site));
  } catch {
    /* the choice lasts for this page only */
  }
}

function itemUrl() {
  const q = new URLSearchParams();
  if (version) q.set('version', String(version));
  const at = site.village || site.township;
  if (at) q.set('site_id', String(at));
  const qs = q.toString();
  return `/api/v1/catalog/items/${itemId}${qs ? `?${qs}` : ''}`;
}

async function loadItem() {
  try {
    item = await api(itemUrl());
    itemError = null;
  } catch (err) {
    if (err instanceof ApiError && err.problem?.field === 'site_id' && (site.township || site.village)) {
      site = { township: null, village: null }; // a remembered site that is gone
      saveSite();
      return loadItem();
    }
    itemError = err;
  }
}

// ---- rendering ----

function section(id, title, ...content) {
  return h('section', { class: 'item-section', 'aria-labelledby': id }, h('h3', { id }, title), ...content);
}

function text(s) {
  if (!s) return h('p', { class: 'muted' }, t('item.none'));
  return s.split('\n').map((line) => h('p', {}, line));
}

function facts(x) {
  const rows = [
    ['item.f.type', h('span', {}, typeBadge(x.type), ' ', x.power ? t('item.power') : t('item.service'))],
    ['item.f.code', h('span', { class: 'code' }, x.code)],
    ['item.f.department', deptName(x.department)],
    ['item.f.legal', legalText(x)],
    ['item.f.promised', h('span', { id: 'item-promised' }, limitText(x))],
    ['item.f.fee', h('span', { id: 'item-fee' }, feeText(x), x.fee_note ? ` (${x.fee_note})` : '')],
    ['item.f.depth', h('span', { id: 'item-depth' }, t('cat.depth.badge.long', { n: x.online_depth, label: depthLabel(x.online_depth) }))],
    ['item.f.visits', h('span', { id: 'item-visits' }, visitsText(x.visits))],
    ['item.f.channels', channelsText(x.channels)],
    ['item.f.accept', tiersText(x.accept_tiers)],
    ['item.f.decide', t(`tier.${x.decide_tier}.short`)],
    ['item.f.version', t('item.version', { v: num(x.version), date: x.effective_from })],
  ];
  return h(
    'dl',
    { class: 'meta item-facts', id: 'item-facts' },
    rows.map(([k, v]) => h('div', { 'data-fact': k.slice(7) }, h('dt', {}, t(k)), h('dd', {}, v))),
  );
}

function materialsTable(x) {
  if (!x.materials?.length) return h('p', { class: 'muted' }, t('item.materials.none'));
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'data-table cat-materials', id: 'materials-table', 'aria-labelledby': 'materials-h' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['name', 'form', 'count', 'need', 'elicence'].map((c) =>
            h('th', { scope: 'col', class: c === 'count' ? 'num' : null }, t(`cat.material.col.${c}`)),
          ),
        ),
      ),
      h('tbody', {}, materialRows(x.materials)),
    ),
  );
}

function renderItem() {
  const body = el('item-body');
  const notice = el('item-notice');
  notice.replaceChildren();
  if (!itemId) {
    body.replaceChildren(h('p', { class: 'notice notice-error', role: 'alert' }, t('item.missing')));
    return;
  }
  if (itemError) {
    const msg = itemError instanceof ApiError && itemError.status === 404 ? t('item.notfound') : errorMessage(itemError);
    body.replaceChildren(h('p', { class: 'notice notice-error', role: 'alert' }, msg));
    return;
  }
  if (!item) return;
  const x = item;
  document.title = `${itemName(x)} – ${t('app.name')}`;
  el('page-title').textContent = itemName(x);
  el('item-lead').textContent = `${deptName(x.department)} · ${x.code}`;
  el('item-badges').replaceChildren(
    typeBadge(x.type),
    depthBadge(x.online_depth, { long: true }),
    h('span', { class: `badge ${x.immediate ? 'cat-immediate' : 'cat-promised'}` }, limitText(x)),
    h('span', { class: 'badge cat-fee' }, feeText(x)),
  );
  if (version && x.version !== x.current_version) {
    notice.replaceChildren(
      h(
        'p',
        { class: 'notice notice-info wrap-inner' },
        t('item.old', { v: num(x.version), cur: num(x.current_version) }),
        ' ',
        h('a', { href: `/item?id=${x.id}` }, t('item.old.current')),
      ),
    );
  }
  const other = document.documentElement.lang === 'en' ? x.name : x.name_en;
  body.replaceChildren(
    other && other !== itemName(x) ? h('p', { class: 'detail-other', lang: document.documentElement.lang === 'en' ? 'zh-CN' : 'en' }, other) : '',
    facts(x),
    applyLink(x),
    section('materials-h', t('item.materials', { n: num(x.materials?.length ?? 0) }), materialsTable(x)),
    section('conditions-h', t('item.conditions'), ...[text(x.conditions)].flat()),
    section(
      'steps-h',
      t('item.steps'),
      x.steps?.length ? h('ol', { class: 'item-steps' }, x.steps.map((s) => h('li', {}, s))) : h('p', { class: 'muted' }, t('item.none')),
    ),
    section('basis-h', t('item.basis'), ...[text(x.legal_basis)].flat()),
    x.bundles?.length
      ? section(
          'bundles-h',
          t('item.bundles'),
          h(
            'ul',
            { class: 'chips item-bundles' },
            x.bundles.map((b) => h('li', {}, h('a', { href: `/bundle?id=${b.id}` }, pick(b)))),
          ),
        )
      : '',
    section('versions-h', t('item.versions'), versionsList()),
  );
}

// Items of online depth 3 and 4 can be applied for online (issue 6).
function applyLink(x) {
  if (x.online_depth < 3 || x.version !== x.current_version || x.retired_on) return '';
  return h(
    'p',
    { class: 'item-apply' },
    h('a', { class: 'btn btn-primary', id: 'item-apply', href: `/apply?item=${x.id}` }, t('item.apply')),
    ' ',
    h('span', { class: 'muted' }, t('item.apply.hint')),
  );
}

function versionsList() {
  if (!versions) return h('p', { class: 'muted' }, t('loading'));
  return h(
    'ol',
    { class: 'item-versions', id: 'item-versions' },
    versions.map((v) =>
      h(
        'li',
        { 'data-version': v.version },
        h(
          'a',
          { href: `/item?id=${itemId}&version=${v.version}`, 'aria-current': item && v.version === item.version ? 'page' : null },
          t('item.version', { v: num(v.version), date: v.effective_from }),
        ),
        v.current ? h('span', { class: 'badge cat-current' }, t('item.version.current')) : null,
        v.scheduled ? h('span', { class: 'badge cat-scheduled' }, t('item.version.scheduled')) : null,
      ),
    ),
  );
}

// 1, 2, 3, 4, 7 -> "1–4 号窗口、7 号窗口"
function windowRanges(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  const parts = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j > i ? t('item.near.range', { a: sorted[i], b: sorted[j] }) : t('window.number', { n: sorted[i] }));
    i = j + 1;
  }
  return parts.join(t('item.near.sep'));
}

function renderNear() {
  const box = el('near-list');
  if (!item) {
    box.replaceChildren();
    return;
  }
  const list = item.nearest ?? [];
  if (!list.length) {
    box.replaceChildren(h('p', { class: 'muted' }, t('item.near.none')));
    return;
  }
  box.replaceChildren(
    !site.township ? h('p', { class: 'muted' }, t('item.near.pick')) : '',
    h(
      'ol',
      { class: 'near-sites', id: 'near-sites' },
      list.map((s, i) =>
        h(
          'li',
          { 'data-site': s.id, 'data-tier': s.tier },
          h('h3', {}, pick(s)),
          h(
            'p',
            { class: 'cat-badges' },
            i === 0 ? h('span', { class: 'badge cat-nearest' }, t('item.near.first')) : null,
            h('span', { class: 'badge' }, t(`tier.${s.tier}.short`)),
            s.decides ? h('span', { class: 'badge cat-decides' }, t('item.near.decides')) : null,
          ),
          s.address ? h('p', { class: 'muted' }, s.address) : '',
          s.hours ? h('p', { class: 'muted' }, s.hours) : '',
          h(
            'p',
            { class: 'near-windows' },
            s.windows?.length
              ? t('item.near.windows', { list: windowRanges(s.windows.map((w) => w.number)) })
              : t('item.near.nowindow'),
          ),
        ),
      ),
    ),
  );
}

function fillSelect(select, list, chosen) {
  select.replaceChildren(h('option', { value: '' }, t('item.near.choose')), ...(list ?? []).map((s) => h('option', { value: String(s.id) }, pick(s))));
  select.value = chosen ? String(chosen) : '';
}

function renderSites() {
  fillSelect(el('near-township'), townships, site.township);
  const v = el('near-village');
  fillSelect(v, villages, site.village);
  v.disabled = !site.township;
}

async function loadVillages() {
  villages = null;
  if (!site.township) return;
  try {
    villages = (await api(`/api/v1/sites?tier=village&parent_id=${site.township}&limit=200`)).items;
  } catch {
    villages = [];
  }
}

el('near-township').addEventListener('change', async (ev) => {
  site = { township: Number.parseInt(ev.target.value, 10) || null, village: null };
  saveSite();
  await loadVillages();
  renderSites();
  await loadItem();
  renderNear();
});
el('near-village').addEventListener('change', async (ev) => {
  site = { ...site, village: Number.parseInt(ev.target.value, 10) || null };
  saveSite();
  await loadItem();
  renderNear();
});

async function main() {
  await startShell({ titleKey: 'item.title', nav: 'catalog' });
  if (itemId) {
    const labels = api('/api/v1/catalog/summary').then((s) => setDepthLabels(s.depths), () => null);
    const sites = api('/api/v1/sites?tier=township&limit=50').then(
      (r) => (townships = r.items),
      () => (townships = []),
    );
    const vers = api(`/api/v1/catalog/items/${itemId}/versions`).then(
      (r) => (versions = r.items),
      () => (versions = []),
    );
    await Promise.all([labels, sites, loadVillages()]);
    // a remembered site that no longer exists is forgotten
    if (site.township && !townships.some((s) => s.id === site.township)) site = { township: null, village: null };
    await Promise.all([loadItem(), vers]);
  }
  renderSites();
  renderItem();
  renderNear();
  onLangChange(() => {
    renderSites();
    renderItem();
    renderNear();
  });
  ready();
}

main();
