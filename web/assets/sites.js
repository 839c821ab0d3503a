// sites.js - the three tiers of service sites: a paged list per tier
// (GET /api/v1/sites) and the detail of the selected site (GET
// /api/v1/sites/{id}: departments, functional areas, windows). The state
// lives in the URL (?tier=&page=&site=&parent=) so every view can be linked
// to and the back button works.

import { t, pick, num } from './i18n.js';
import { api, errorMessage, ApiError } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';

const TIERS = ['district', 'township', 'village'];
const PAGE_SIZE = 50;

const el = (id) => document.getElementById(id);
const tabs = [...document.querySelectorAll('#tier-tabs [role="tab"]')];

let state = readUrl();
let list = null; // last /api/v1/sites answer for state
let listError = null;
let detail = null; // last /api/v1/sites/{id} answer
let detailError = null;
let counts = null; // /api/v1/org/summary .sites
const siteCache = new Map(); // id -> site detail, for parent names
let listAbort = null;
let detailAbort = null;

function readUrl() {
  const q = new URLSearchParams(window.location.search);
  const tier = TIERS.includes(q.get('tier')) ? q.get('tier') : 'district';
  const pageNo = Math.max(1, Number.parseInt(q.get('page') ?? '1', 10) || 1);
  const site = Number.parseInt(q.get('site') ?? '', 10) || null;
  const parent = Number.parseInt(q.get('parent') ?? '', 10) || null;
  return { tier, page: pageNo, site, parent };
}

function urlFor(s) {
  const q = new URLSearchParams();
  q.set('tier', s.tier);
  if (s.page > 1) q.set('page', String(s.page));
  if (s.parent) q.set('parent', String(s.parent));
  if (s.site) q.set('site', String(s.site));
  return `/sites?${q}`;
}

async function go(next, { focus } = {}) {
  const prev = state;
  state = { ...state, ...next };
  const url = urlFor(state);
  if (url === urlFor(prev)) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  const listChanged =
    prev.tier !== state.tier || prev.page !== state.page || prev.parent !== state.parent;
  await load({ list: listChanged, detail: prev.site !== state.site || !detail });
  if (focus === 'detail') el('detail-h').focus();
}

async function getSite(id, signal) {
  if (siteCache.has(id)) return siteCache.get(id);
  const s = await api(`/api/v1/sites/${id}`, { signal });
  siteCache.set(id, s);
  return s;
}

async function loadList() {
  listAbort?.abort();
  listAbort = new AbortController();
  const q = new URLSearchParams({
    tier: state.tier,
    limit: String(PAGE_SIZE),
    offset: String((state.page - 1) * PAGE_SIZE),
  });
  if (state.parent) q.set('parent_id', String(state.parent));
  list = null;
  listError = null;
  renderList();
  try {
    const [answer] = await Promise.all([
      api(`/api/v1/sites?${q}`, { signal: listAbort.signal }),
      state.parent ? getSite(state.parent, listAbort.signal).catch(() => null) : null,
    ]);
    list = answer;
  } catch (err) {
    if (err?.name === 'AbortError') return;
    listError = err;
  }
  // The district tier has one site: show it without a click.
  if (!state.site && state.tier === 'district' && list?.items?.length) {
    state = { ...state, site: list.items[0].id };
    window.history.replaceState(null, '', urlFor(state));
    await loadDetail();
  }
  renderList();
}

async function loadDetail() {
  detailAbort?.abort();
  detail = null;
  detailError = null;
  if (!state.site) {
    renderDetail();
    return;
  }
  detailAbort = new AbortController();
  renderDetail();
  try {
    const site = await api(`/api/v1/sites/${state.site}`, { signal: detailAbort.signal });
    siteCache.set(site.id, site);
    if (site.parent_id) await getSite(site.parent_id, detailAbort.signal).catch(() => null);
    detail = site;
  } catch (err) {
    if (err?.name === 'AbortError') return;
    detailError = err;
  }
  renderDetail();
}

async function load({ list: doList = true, detail: doDetail = true } = {}) {
  renderTabs();
  await Promise.all([doList ? loadList() : renderList(), doDetail ? loadDetail() : renderDetail()]);
}

// ---- rendering ----

function renderTabs() {
  for (const tab of tabs) {
    const on = tab.dataset.tier === state.tier;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    const c = tab.querySelector('.tab-count');
    const n = counts?.[tab.dataset.tier];
    c.textContent = typeof n === 'number' ? num(n) : '';
  }
  el('site-list-panel').setAttribute('aria-labelledby', `tab-${state.tier} list-h`);
}

function siteName(s) {
  return pick(s);
}

function renderList() {
  el('list-h').textContent = t(`tier.${state.tier}`);
  const filter = el('site-filter');
  const parent = state.parent ? siteCache.get(state.parent) : null;
  if (state.parent) {
    filter.replaceChildren(
      h('span', {}, t('sites.filter', { name: parent ? siteName(parent) : `#${state.parent}` })),
      ' ',
      h(
        'a',
        { href: urlFor({ ...state, parent: null, page: 1 }), onclick: linkTo({ parent: null, page: 1 }) },
        t('sites.filter.clear'),
      ),
    );
    filter.hidden = false;
  } else {
    filter.hidden = true;
  }

  const rows = el('site-rows');
  const count = el('site-count');
  const prev = el('pager-prev');
  const next = el('pager-next');
  const status = el('pager-status');
  if (listError) {
    rows.replaceChildren(
      h('tr', {}, h('td', { colspan: 4 }, h('p', { class: 'notice notice-error', role: 'alert' }, errorMessage(listError)))),
    );
    count.textContent = '';
    status.textContent = '';
    prev.disabled = next.disabled = true;
    return;
  }
  if (!list) {
    rows.replaceChildren(h('tr', {}, h('td', { colspan: 4, class: 'loading' }, t('loading'))));
    return;
  }
  const items = list.items ?? [];
  const total = list.total ?? items.length;
  const offset = list.offset ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  count.textContent = items.length
    ? t('sites.count', { total: num(total), from: num(offset + 1), to: num(offset + items.length) })
    : t('sites.count.none');
  rows.replaceChildren(
    ...items.map((s) => {
      const selected = s.id === state.site;
      return h(
        'tr',
        { class: selected ? 'is-selected' : null, 'data-site': s.id },
        h(
          'th',
          { scope: 'row' },
          h(
            'a',
            {
              href: urlFor({ ...state, site: s.id }),
              'aria-current': selected ? 'true' : null,
              onclick: linkTo({ site: s.id }, 'detail'),
            },
            siteName(s),
          ),
        ),
        h('td', { class: 'code col-code' }, s.code ?? ''),
        h('td', { class: 'num' }, typeof s.windows === 'number' ? num(s.windows) : '–'),
        h('td', { class: 'num' }, typeof s.departments === 'number' ? num(s.departments) : '–'),
      );
    }),
  );
  status.textContent = t('pager.page', { page: num(state.page), pages: num(pages) });
  prev.disabled = state.page <= 1;
  next.disabled = state.page >= pages;
  el('site-list-panel').querySelector('.pager').hidden = pages <= 1;
}

// A click handler for an in-page link: plain clicks change the state without
// a reload; modified clicks (new tab) keep the browser's behaviour.
function linkTo(next, focus) {
  return (ev) => {
    if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    ev.preventDefault();
    go(next, { focus });
  };
}

function chips(items, cls) {
  if (!items?.length) return h('p', { class: 'muted' }, t('detail.none'));
  return h('ul', { class: `chips ${cls}` }, items.map((x) => h('li', {}, pick(x) || x.code || '')));
}

function windowKind(kind) {
  const key = `window.kind.${kind}`;
  const label = t(key);
  return h('span', { class: `kind kind-${kind}` }, label === key ? kind : label);
}

// Windows name their department and area by Chinese name; show the English
// name when the site's own lists have it.
function localName(name, list) {
  if (!name) return '—';
  const found = list?.find((x) => x.name === name);
  return found ? pick(found) : name;
}

function windowsTable(windows, site) {
  if (!windows?.length) return h('p', { class: 'muted' }, t('detail.none'));
  const sorted = [...windows].sort((a, b) => a.number - b.number);
  const box = h(
    'div',
    { class: 'table-scroll', role: 'region', 'aria-labelledby': 'windows-h' },
    h(
      'table',
      { class: 'data-table windows-table', 'aria-labelledby': 'windows-h' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['number', 'kind', 'department', 'area', 'status'].map((c) =>
            h('th', { scope: 'col' }, t(`window.col.${c}`)),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        sorted.map((w) =>
          h(
            'tr',
            { 'data-window': w.number },
            h('th', { scope: 'row' }, t('window.number', { n: w.number })),
            h('td', {}, windowKind(w.kind)),
            h('td', {}, localName(w.department, site.departments)),
            h('td', {}, localName(w.area, site.areas)),
            h(
              'td',
              {},
              w.paused
                ? h('span', { class: 'status status-paused' }, t('window.paused'))
                : h('span', { class: 'status status-open' }, t('window.open')),
            ),
          ),
        ),
      ),
    ),
  );
  scrollWatch.observe(box);
  return box;
}

// A table wider than the screen scrolls sideways; the keyboard must be able
// to reach and scroll it, so it becomes focusable only while it overflows.
const scrollWatch = new ResizeObserver((entries) => {
  for (const { target } of entries) {
    if (target.scrollWidth > target.clientWidth + 1) target.tabIndex = 0;
    else target.removeAttribute('tabindex');
  }
});

function renderDetail() {
  const head = el('detail-h');
  const body = el('detail-body');
  if (!state.site) {
    head.textContent = t('detail.label');
    body.replaceChildren(h('p', { class: 'empty' }, t('detail.empty')));
    return;
  }
  if (detailError) {
    head.textContent = t('detail.label');
    const msg = detailError instanceof ApiError && detailError.status === 404 ? t('detail.notfound') : errorMessage(detailError);
    body.replaceChildren(h('p', { class: 'notice notice-error', role: 'alert' }, msg));
    return;
  }
  if (!detail) {
    head.textContent = t('detail.label');
    body.replaceChildren(h('p', { class: 'loading' }, t('loading')));
    return;
  }
  const s = detail;
  head.textContent = siteName(s);
  const other = document.documentElement.lang === 'en' ? s.name : s.name_en;
  const parent = s.parent_id ? siteCache.get(s.parent_id) : null;
  const meta = [
    ['detail.code', s.code],
    ['detail.tier', TIERS.includes(s.tier) ? t(`tier.${s.tier}`) : s.tier],
    ['detail.hours', s.hours],
    ['detail.address', s.address],
  ].filter(([, v]) => v);
  const parentTier = parent?.tier;
  body.replaceChildren(
    other && other !== head.textContent
      ? h('p', { class: 'detail-other', lang: document.documentElement.lang === 'en' ? 'zh-CN' : 'en' }, other)
      : '',
    h(
      'dl',
      { class: 'meta' },
      meta.map(([k, v]) => h('div', {}, h('dt', {}, t(k)), h('dd', {}, v))),
      s.parent_id
        ? h(
            'div',
            {},
            h('dt', {}, t('detail.parent')),
            h(
              'dd',
              {},
              h(
                'a',
                {
                  href: urlFor({ tier: parentTier ?? state.tier, page: 1, parent: null, site: s.parent_id }),
                  onclick: linkTo({ tier: parentTier ?? state.tier, page: 1, parent: null, site: s.parent_id }, 'detail'),
                },
                parent ? siteName(parent) : `#${s.parent_id}`,
              ),
            ),
          )
        : '',
    ),
    s.tier === 'township'
      ? h(
          'p',
          { class: 'more' },
          h(
            'a',
            {
              class: 'link-arrow',
              href: urlFor({ tier: 'village', page: 1, parent: s.id, site: null }),
              onclick: linkTo({ tier: 'village', page: 1, parent: s.id, site: null }),
            },
            t('detail.children'),
          ),
        )
      : '',
    h('h3', { id: 'departments-h' }, t('detail.departments', { n: num(s.departments?.length ?? 0) })),
    chips(s.departments, 'chips-departments'),
    h('h3', { id: 'areas-h' }, t('detail.areas', { n: num(s.areas?.length ?? 0) })),
    chips(s.areas, 'chips-areas'),
    h('h3', { id: 'windows-h' }, t('detail.windows', { n: num(s.windows?.length ?? 0) })),
    windowsTable(s.windows, s),
  );
}

// ---- events ----

function selectTab(tab, focus) {
  if (focus) tab.focus();
  if (tab.dataset.tier !== state.tier) go({ tier: tab.dataset.tier, page: 1, parent: null, site: null });
}

for (const tab of tabs) {
  tab.addEventListener('click', () => selectTab(tab, false));
  tab.addEventListener('keydown', (ev) => {
    const i = tabs.indexOf(tab);
    let j = null;
    if (ev.key === 'ArrowRight') j = (i + 1) % tabs.length;
    else if (ev.key === 'ArrowLeft') j = (i - 1 + tabs.length) % tabs.length;
    else if (ev.key === 'Home') j = 0;
    else if (ev.key === 'End') j = tabs.length - 1;
    if (j === null) return;
    ev.preventDefault();
    selectTab(tabs[j], true);
  });
}

function page(delta) {
  return async (ev) => {
    const btn = ev.currentTarget;
    await go({ page: state.page + delta, site: null });
    // keep the keyboard where it was when the pressed button is now disabled
    if (btn.disabled) (delta > 0 ? el('pager-prev') : el('pager-next')).focus();
  };
}
el('pager-prev').addEventListener('click', page(-1));
el('pager-next').addEventListener('click', page(1));

window.addEventListener('popstate', () => {
  const prev = state;
  state = readUrl();
  load({
    list: prev.tier !== state.tier || prev.page !== state.page || prev.parent !== state.parent,
    detail: prev.site !== state.site,
  });
});

async function main() {
  const summary = api('/api/v1/org/summary').then(
    (v) => (counts = v?.sites ?? null),
    () => null, // the tab counts are a nicety
  );
  await startShell({ titleKey: 'sites.title', nav: 'sites' });
  await Promise.all([load(), summary]);
  renderTabs();
  onLangChange(() => {
    renderTabs();
    renderList();
    renderDetail();
  });
  ready();
}

main();
