// catalog.js - the citizen's catalog (/catalog): the catalog's figures
// (GET /api/v1/catalog/summary), browsing by department, by life event and
// the "one thing, one go" bundles, a search box with filters, and the
// results with type, online depth and time-limit badges, page by page
// (GET /api/v1/catalog/items). The state lives in the URL
// (?q=&dept=&type=&depth=&tier=&channel=&event=&page=&tab=) so every view
// can be linked to and the back button works.

import { t, pick, num } from './i18n.js';
import { api, errorMessage } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';
import {
  setDepthLabels,
  depthLabel,
  depthBadge,
  typeBadge,
  limitText,
  deptName,
  itemName,
  TYPES,
  CHANNELS,
  TIERS,
} from './catalog-common.js';

const PAGE_SIZE = 20;
const TABS = ['dept', 'events', 'bundles'];
const el = (id) => document.getElementById(id);
const tabs = [...document.querySelectorAll('#browse-tabs [role="tab"]')];

let state = readUrl();
let summary = null;
let departments = null;
let events = null;
let bundles = null;
let result = null;
let resultError = null;
let browseError = null;
let abort = null;

function readUrl() {
  const q = new URLSearchParams(window.location.search);
  const int = (k) => Number.parseInt(q.get(k) ?? '', 10) || null;
  return {
    q: (q.get('q') ?? '').slice(0, 100),
    dept: int('dept'),
    type: TYPES.includes(q.get('type')) ? q.get('type') : '',
    depth: [1, 2, 3, 4].includes(int('depth')) ? int('depth') : null,
    tier: TIERS.includes(q.get('tier')) ? q.get('tier') : '',
    channel: CHANNELS.includes(q.get('channel')) ? q.get('channel') : '',
    event: /^[a-z_]{1,32}$/.test(q.get('event') ?? '') ? q.get('event') : '',
    page: Math.max(1, int('page') ?? 1),
    tab: TABS.includes(q.get('tab')) ? q.get('tab') : 'dept',
  };
}

function urlFor(s) {
  const q = new URLSearchParams();
  if (s.q) q.set('q', s.q);
  if (s.dept) q.set('dept', String(s.dept));
  if (s.type) q.set('type', s.type);
  if (s.depth) q.set('depth', String(s.depth));
  if (s.tier) q.set('tier', s.tier);
  if (s.channel) q.set('channel', s.channel);
  if (s.event) q.set('event', s.event);
  if (s.page > 1) q.set('page', String(s.page));
  if (s.tab !== 'dept') q.set('tab', s.tab);
  const qs = q.toString();
  return qs ? `/catalog?${qs}` : '/catalog';
}

function apiQuery(s) {
  const q = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String((s.page - 1) * PAGE_SIZE) });
  if (s.q) q.set('q', s.q);
  if (s.dept) q.set('department_id', String(s.dept));
  if (s.type) q.set('type', s.type);
  if (s.depth) q.set('depth', String(s.depth));
  if (s.tier) q.set('tier', s.tier);
  if (s.channel) q.set('channel', s.channel);
  if (s.event) q.set('life_event', s.event);
  return q;
}

async function go(next, { focus = false } = {}) {
  const prev = state;
  state = { ...state, ...next };
  const url = urlFor(state);
  if (url === urlFor(prev)) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  syncForm();
  renderTabs();
  renderBrowse();
  await loadResults();
  if (focus) el('results-h').focus();
}

async function loadResults() {
  abort?.abort();
  abort = new AbortController();
  result = null;
  resultError = null;
  renderResults();
  try {
    result = await api(`/api/v1/catalog/items?${apiQuery(state)}`, { signal: abort.signal });
  } catch (err) {
    if (err?.name === 'AbortError') return;
    resultError = err;
  }
  renderResults();
}

// ---- the form ----

function options(select, values, label) {
  const keep = select.value;
  const any = h('option', { value: '' }, t('cat.filter.any'));
  select.replaceChildren(any, ...values.map((v) => h('option', { value: String(v) }, label(v))));
  select.value = keep;
}

function renderFilterOptions() {
  options(el('f-dept'), (departments ?? []).map((d) => d.id), (id) => {
    const d = departments.find((x) => x.id === id);
    return `${deptName(d)} (${num(d.items)})`;
  });
  options(el('f-type'), TYPES, (k) => t(`cat.type.${k}`));
  options(el('f-depth'), [1, 2, 3, 4], (d) => `${d} · ${depthLabel(d)}`);
  options(el('f-tier'), TIERS, (k) => t(`tier.${k}`));
  options(el('f-channel'), CHANNELS, (k) => t(`cat.channel.${k}`));
  syncForm();
}

function syncForm() {
  el('q').value = state.q;
  el('f-dept').value = state.dept ? String(state.dept) : '';
  el('f-type').value = state.type;
  el('f-depth').value = state.depth ? String(state.depth) : '';
  el('f-tier').value = state.tier;
  el('f-channel').value = state.channel;
}

function formState() {
  return {
    q: el('q').value.trim().slice(0, 100),
    dept: Number.parseInt(el('f-dept').value, 10) || null,
    type: el('f-type').value,
    depth: Number.parseInt(el('f-depth').value, 10) || null,
    tier: el('f-tier').value,
    channel: el('f-channel').value,
    page: 1,
  };
}

el('search-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  go(formState(), { focus: true });
});
for (const id of ['f-dept', 'f-type', 'f-depth', 'f-tier', 'f-channel'])
  el(id).addEventListener('change', () => go(formState()));

// ---- figures ----

function renderFigures() {
  const box = el('cat-figures');
  if (!summary) {
    box.replaceChildren();
    return;
  }
  const figs = [
    ['items', summary.items],
    ['power', summary.power],
    ['online', summary.online],
    ['depth4', summary.depth4],
    ['bundles', summary.bundles],
  ];
  box.replaceChildren(
    h(
      'dl',
      { class: 'cat-figure-list' },
      figs.map(([k, v]) =>
        h('div', { class: 'cat-figure', 'data-figure': k }, h('dt', {}, t(`cat.fig.${k}`)), h('dd', {}, num(v))),
      ),
    ),
  );
}

// ---- browsing ----

function renderTabs() {
  for (const tab of tabs) {
    const on = tab.dataset.tab === state.tab;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
  }
  el('browse-panel').setAttribute('aria-labelledby', `tab-${state.tab}`);
}

function browseLink(label, count, next, current) {
  return h(
    'li',
    {},
    h(
      'a',
      {
        href: urlFor({ ...state, ...next, page: 1 }),
        'aria-current': current ? 'true' : null,
        onclick: linkTo({ ...next, page: 1 }, true),
      },
      h('span', { class: 'cat-browse-name' }, label),
      h('span', { class: 'cat-browse-count' }, num(count)),
    ),
  );
}

function renderBrowse() {
  const panel = el('browse-panel');
  if (browseError) {
    panel.replaceChildren(h('p', { class: 'notice notice-error', role: 'alert' }, errorMessage(browseError)));
    return;
  }
  if (state.tab === 'dept') {
    if (!departments) return panel.replaceChildren(h('p', { class: 'loading' }, t('loading')));
    panel.replaceChildren(
      h(
        'ul',
        { class: 'cat-browse-list', id: 'dept-list' },
        departments
          .filter((d) => d.items > 0)
          .map((d) => browseLink(deptName(d), d.items, { dept: d.id, event: '', q: '' }, state.dept === d.id)),
      ),
    );
  } else if (state.tab === 'events') {
    if (!events) return panel.replaceChildren(h('p', { class: 'loading' }, t('loading')));
    const group = (g) =>
      h(
        'div',
        { class: 'cat-event-group' },
        h('h3', {}, t(`cat.events.${g}`)),
        h(
          'ul',
          { class: 'cat-browse-list', 'data-group': g },
          events
            .filter((e) => e.group === g && e.items > 0)
            .map((e) => browseLink(pick(e), e.items, { event: e.key, dept: null, q: '' }, state.event === e.key)),
        ),
      );
    panel.replaceChildren(group('person'), group('business'));
  } else {
    if (!bundles) return panel.replaceChildren(h('p', { class: 'loading' }, t('loading')));
    panel.replaceChildren(
      h('p', { class: 'muted' }, t('cat.bundles.lead')),
      h(
        'ul',
        { class: 'cat-bundle-list', id: 'bundle-list' },
        bundles.map((b) =>
          h(
            'li',
            { 'data-bundle': b.code },
            h('a', { href: `/bundle?id=${b.id}` }, pick(b)),
            h('span', { class: 'muted' }, t('cat.bundles.items', { n: num(b.items.length) })),
          ),
        ),
      ),
    );
  }
}

async function loadBundles() {
  if (bundles) return;
  try {
    bundles = (await api('/api/v1/catalog/bundles')).items;
  } catch (err) {
    browseError = err;
  }
  renderBrowse();
}

function selectTab(tab, focus) {
  if (focus) tab.focus();
  if (tab.dataset.tab === state.tab) return;
  state = { ...state, tab: tab.dataset.tab };
  window.history.replaceState(null, '', urlFor(state));
  renderTabs();
  renderBrowse();
  if (state.tab === 'bundles') loadBundles();
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

// ---- results ----

function linkTo(next, focus) {
  return (ev) => {
    if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    ev.preventDefault();
    go(next, { focus });
  };
}

function activeFilters() {
  const parts = [];
  if (state.q) parts.push(t('cat.active.q', { q: state.q }));
  if (state.dept) {
    const d = departments?.find((x) => x.id === state.dept);
    parts.push(d ? deptName(d) : `#${state.dept}`);
  }
  if (state.event) {
    const e = events?.find((x) => x.key === state.event);
    parts.push(e ? pick(e) : state.event);
  }
  if (state.type) parts.push(t(`cat.type.${state.type}`));
  if (state.depth) parts.push(t('cat.depth.badge', { n: state.depth }));
  if (state.tier) parts.push(t(`tier.${state.tier}`));
  if (state.channel) parts.push(t(`cat.channel.${state.channel}`));
  return parts;
}

function resultItem(x) {
  const href = `/item?id=${x.id}`;
  return h(
    'li',
    { class: 'cat-result', 'data-item': x.code },
    h('h3', { class: 'cat-result-name' }, h('a', { href }, itemName(x))),
    h(
      'p',
      { class: 'cat-result-meta' },
      h('span', { class: 'code' }, x.code),
      ' · ',
      h('span', {}, deptName(x.department)),
    ),
    h(
      'p',
      { class: 'cat-badges' },
      typeBadge(x.type),
      depthBadge(x.online_depth),
      h('span', { class: `badge ${x.immediate ? 'cat-immediate' : 'cat-promised'}` }, limitText(x)),
      x.visits === 0 ? h('span', { class: 'badge cat-zero' }, t('cat.visits.zero')) : null,
    ),
    x.match === 'material' ? h('p', { class: 'cat-match muted' }, t('cat.match.material')) : null,
  );
}

function renderResults() {
  const list = el('result-list');
  const count = el('result-count');
  const status = el('pager-status');
  const prev = el('pager-prev');
  const next = el('pager-next');
  const filters = activeFilters();
  const box = el('active-filters');
  if (filters.length) {
    box.replaceChildren(
      h('span', {}, t('cat.active', { what: filters.join(' · ') })),
      ' ',
      h('a', { href: '/catalog', onclick: linkTo({ q: '', dept: null, type: '', depth: null, tier: '', channel: '', event: '', page: 1 }) }, t('cat.active.clear')),
    );
    box.hidden = false;
  } else {
    box.hidden = true;
  }
  if (resultError) {
    list.replaceChildren(h('li', {}, h('p', { class: 'notice notice-error', role: 'alert' }, errorMessage(resultError))));
    count.textContent = '';
    status.textContent = '';
    prev.disabled = next.disabled = true;
    return;
  }
  if (!result) {
    list.replaceChildren(h('li', { class: 'loading' }, t('loading')));
    return;
  }
  const items = result.items ?? [];
  const from = result.offset + 1;
  if (!items.length) {
    count.textContent = t('cat.results.none');
    list.replaceChildren(h('li', { class: 'empty' }, state.q ? t('cat.results.none.hint') : t('cat.results.none')));
  } else {
    count.textContent = t(result.total_capped ? 'cat.results.count.capped' : 'cat.results.count', {
      total: num(result.total),
      from: num(from),
      to: num(result.offset + items.length),
    });
    list.replaceChildren(...items.map(resultItem));
  }
  list.setAttribute('start', String(from));
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  const more = result.offset + items.length < result.total || (result.total_capped && items.length === PAGE_SIZE);
  status.textContent = result.total_capped ? t('pager.page.open', { page: num(state.page) }) : t('pager.page', { page: num(state.page), pages: num(pages) });
  prev.disabled = state.page <= 1;
  next.disabled = !more;
  el('pager-prev').closest('.pager').hidden = state.page <= 1 && !more;
}

function page(delta) {
  return async (ev) => {
    const btn = ev.currentTarget;
    await go({ page: Math.max(1, state.page + delta) }, { focus: true });
    if (btn.disabled) (delta > 0 ? el('pager-prev') : el('pager-next')).focus();
  };
}
el('pager-prev').addEventListener('click', page(-1));
el('pager-next').addEventListener('click', page(1));

window.addEventListener('popstate', () => {
  state = readUrl();
  syncForm();
  renderTabs();
  renderBrowse();
  if (state.tab === 'bundles') loadBundles();
  loadResults();
});

async function main() {
  await startShell({ titleKey: 'cat.title', nav: 'catalog' });
  renderTabs();
  const loads = [
    api('/api/v1/catalog/summary').then((s) => {
      summary = s;
      setDepthLabels(s.depths);
    }),
    api('/api/v1/catalog/departments').then((d) => (departments = d.items)),
    api('/api/v1/catalog/life-events').then((e) => (events = e.items)),
  ];
  if (state.tab === 'bundles') loads.push(loadBundles());
  const meta = Promise.all(loads).catch((err) => {
    browseError = err;
  });
  await Promise.all([meta, loadResults()]);
  renderFigures();
  renderFilterOptions();
  renderBrowse();
  renderResults();
  onLangChange(() => {
    renderFigures();
    renderFilterOptions();
    renderBrowse();
    renderResults();
  });
  ready();
}

main();
