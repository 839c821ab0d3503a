// complaint.js - the complaint window's form (/complaint) for anyone, signed
// in or not, or the coordinator at the window on someone's behalf: where,
// which item (optional, from the catalog), what happened, a phone; the
// answer is a reference number and a link to follow it without signing in.
// With ?t=TOKEN the page shows that complaint's progress and answer
// (GET /api/v1/complaints/t/{token}).

import { t, pick } from './i18n.js';
import { api, errorMessage, ApiError } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';

const el = (id) => document.getElementById(id);
let item = null; // the chosen catalog item {id, name, name_en}
let shown = null; // the complaint looked up by token

const fmtTime = (s) =>
  s ? new Date(s * 1000).toLocaleString(document.documentElement.lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' }) : '–';

// A problem from the API, as a sentence naming the field when there is one.
function problemText(err) {
  if (err instanceof ApiError && err.problem?.field) {
    const key = `cp.field.${err.problem.field}`;
    const label = t(key) === key ? err.problem.field : t(key);
    return t('cp.error.field', { field: label, detail: err.problem.detail || err.problem.title });
  }
  if (err instanceof ApiError && err.status === 429) return t('cp.error.limited');
  return errorMessage(err);
}

function invalid(id, on) {
  const x = el(id);
  if (on) x.setAttribute('aria-invalid', 'true');
  else x.removeAttribute('aria-invalid');
}

// ---- where ------------------------------------------------------------------

async function loadPlaces() {
  const [center, towns] = await Promise.all([
    api('/api/v1/sites?tier=district&limit=10'),
    api('/api/v1/sites?tier=township&limit=200'),
  ]);
  const sel = el('cp-place');
  sel.replaceChildren(
    h('option', { value: '' }, t('cp.place.choose')),
    ...center.items.map((s) => h('option', { value: s.id }, pick(s))),
    h('optgroup', { label: t('cp.place.towns') }, towns.items.map((s) => h('option', { value: s.id }, pick(s)))),
  );
}

async function loadVillages() {
  const parent = el('cp-place').value;
  const sel = el('cp-village');
  sel.replaceChildren(h('option', { value: '' }, t('cp.village.none')));
  if (!parent) return;
  const list = await api(`/api/v1/sites?tier=village&parent_id=${parent}&limit=200`);
  sel.append(...list.items.map((s) => h('option', { value: s.id }, pick(s))));
}

// ---- which item ---------------------------------------------------------------

let searchTimer = 0;
function searchItems() {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(async () => {
    const q = el('cp-item-q').value.trim();
    const box = el('cp-items');
    if (!q) {
      box.replaceChildren();
      return;
    }
    try {
      const r = await api(`/api/v1/catalog/items?q=${encodeURIComponent(q)}&limit=8`);
      box.replaceChildren(
        ...(r.items.length
          ? r.items.map((it) =>
              h('li', {}, h('button', { type: 'button', class: 'btn btn-secondary cp-item-btn', onclick: () => chooseItem(it) }, pick(it))),
            )
          : [h('li', { class: 'muted' }, t('cp.item.none'))]),
      );
    } catch (err) {
      box.replaceChildren(h('li', { class: 'muted' }, errorMessage(err)));
    }
  }, 250);
}

function chooseItem(it) {
  item = it;
  el('cp-items').replaceChildren();
  el('cp-item-q').value = pick(it);
  drawChosen();
}

function drawChosen() {
  const p = el('cp-item-chosen');
  if (!item) {
    p.replaceChildren();
    return;
  }
  p.replaceChildren(
    t('cp.item.chosen', { name: pick(item) }), ' ',
    h('button', { type: 'button', class: 'btn btn-secondary', id: 'cp-item-clear', onclick: () => { item = null; el('cp-item-q').value = ''; drawChosen(); } }, t('cp.item.clear')),
  );
}

// ---- submit -------------------------------------------------------------------

async function submit(ev) {
  ev.preventDefault();
  el('cp-error').textContent = '';
  const site = el('cp-village').value || el('cp-place').value;
  const summary = el('cp-summary').value.trim();
  invalid('cp-place', !site);
  invalid('cp-summary', !summary);
  if (!site) return fail('cp.error.place', 'cp-place');
  if (!summary) return fail('cp.error.summary', 'cp-summary');
  const body = { site_id: Number(site), summary };
  if (item) body.item_id = item.id;
  const name = el('cp-name').value.trim();
  const phone = el('cp-phone').value.trim();
  if (name) body.contact_name = name;
  if (phone) body.contact_phone = phone;
  if (!el('cp-window').hidden) {
    if (el('cp-at-window').checked) body.channel = 'window';
    const scope = el('cp-scope').value;
    if (scope !== 'in_scope') {
      body.scope = scope;
      body.explanation = el('cp-explanation').value.trim();
    }
  }
  const btn = el('cp-submit');
  btn.disabled = true;
  try {
    const r = await api('/api/v1/complaints', { method: 'POST', body });
    el('cp-form').hidden = true;
    el('cp-no').textContent = r.no;
    el('cp-due').textContent = r.due;
    const link = el('cp-lookup');
    link.href = r.lookup;
    link.textContent = new URL(r.lookup, window.location.origin).href;
    el('cp-result').hidden = false;
    el('cp-result').focus();
  } catch (err) {
    const field = err instanceof ApiError ? err.problem?.field : null;
    const map = { summary: 'cp-summary', contact_phone: 'cp-phone', site_id: 'cp-place', explanation: 'cp-explanation', contact_name: 'cp-name' };
    if (map[field]) invalid(map[field], true);
    el('cp-error').textContent = problemText(err);
  } finally {
    btn.disabled = false;
  }
}

function fail(key, id) {
  el('cp-error').textContent = t(key);
  el(id).focus();
}

// ---- the lookup ---------------------------------------------------------------

function drawView() {
  if (!shown) return;
  const c = shown;
  const fact = (k, v) => [h('dt', {}, t(k)), h('dd', {}, v)];
  el('view-facts').replaceChildren(
    ...fact('cp.view.no', c.no),
    ...fact('cp.view.state', t(`cp.state.${c.state}`)),
    ...fact('cp.view.place', pick(c.site)),
    ...(c.item ? fact('cp.view.item', c.item.name) : []),
    ...fact('cp.view.summary', c.summary),
    ...fact('cp.view.recorded', fmtTime(c.recorded_at)),
    ...fact('cp.view.due', c.clock.due),
  );
  const a = c.answer;
  el('view-answer').replaceChildren(
    a
      ? h(
          'section',
          { class: 'notice notice-info', id: 'view-answer-box', 'aria-labelledby': 'answer-h' },
          h('h3', { id: 'answer-h' }, t('cp.view.answer')),
          h('p', { id: 'view-answer-text' }, a.text),
          h('p', {}, t(a.scope !== 'in_scope' ? `cp.scope.${a.scope}` : `cp.outcome.${a.outcome}`), ' · ', fmtTime(a.answered_at),
            ' · ', t(a.in_time ? 'cp.view.intime' : 'cp.view.late')),
        )
      : h('p', { class: 'notice notice-info', id: 'view-waiting' }, t('cp.view.waiting')),
  );
  el('view-timeline').replaceChildren(
    ...c.timeline.map((e) => h('li', {}, fmtTime(e.at), ' ', t(`cp.action.${e.action}`), e.department ? `（${e.department}）` : '')),
  );
}

async function lookup(token) {
  el('cp-view').hidden = false;
  try {
    shown = await api(`/api/v1/complaints/t/${encodeURIComponent(token)}`);
    drawView();
  } catch (err) {
    el('cp-view').hidden = true;
    el('cp-error').textContent = err instanceof ApiError && err.status === 404 ? t('cp.view.notfound') : errorMessage(err);
  }
}

async function main() {
  const me = await startShell({ titleKey: 'cp.title', nav: 'complaint' });
  const token = new URLSearchParams(window.location.search).get('t');
  if (token) {
    await lookup(token);
    onLangChange(drawView);
    ready();
    return;
  }
  el('cp-form').hidden = false;
  if (me?.user?.role === 'complaint') el('cp-window').hidden = false;
  el('cp-scope').addEventListener('change', () => {
    el('cp-explain-box').hidden = el('cp-scope').value === 'in_scope';
  });
  el('cp-place').addEventListener('change', () => loadVillages().catch((err) => { el('cp-error').textContent = errorMessage(err); }));
  el('cp-item-q').addEventListener('input', searchItems);
  el('cp-form').addEventListener('submit', submit);
  try {
    await loadPlaces();
    await loadVillages();
  } catch (err) {
    el('cp-error').textContent = errorMessage(err);
  }
  onLangChange(drawChosen);
  ready();
}

main();
