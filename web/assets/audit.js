// audit.js - the auditor's search over the audit log: GET /api/v1/audit
// ?actor_id=&action=&object=&result=&from=&to=&limit=&offset= answering
// {"items": [{id, at, actor_id, actor_role, action, object, result, client,
// request_id, detail}], "total"}. Dates are days of Beijing time (the legal
// clock); `at` is unix seconds, shown in Beijing time. The search is kept in
// the URL so a result can be linked to.

import { t, num } from './i18n.js';
import { api, errorMessage } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';

const PAGE_SIZE = 50;
const CST = 8 * 3600; // Asia/Shanghai, no daylight saving
const el = (id) => document.getElementById(id);
const FIELDS = { actor_id: 'q-actor', action: 'q-action', object: 'q-object', result: 'q-result', from: 'q-from', to: 'q-to' };

let query = readUrl();
let list = null;
let listError = null;

function readUrl() {
  const p = new URLSearchParams(window.location.search);
  const q = {};
  for (const k of Object.keys(FIELDS)) if (p.get(k)) q[k] = p.get(k);
  q.page = Math.max(1, Number.parseInt(p.get('page') ?? '1', 10) || 1);
  return q;
}

function writeUrl() {
  const p = new URLSearchParams();
  for (const k of Object.keys(FIELDS)) if (query[k]) p.set(k, query[k]);
  if (query.page > 1) p.set('page', String(query.page));
  const s = p.toString();
  window.history.replaceState(null, '', s ? `/audit?${s}` : '/audit');
}

/** Unix seconds of the start of a YYYY-MM-DD day in Beijing time. */
function dayStart(d) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d ?? '');
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 1000 - CST : null;
}

function fmtAt(sec) {
  const d = new Date((sec + CST) * 1000);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

function resultLabel(r) {
  const word = (r ?? '').split(' ')[0];
  const key = `audit.result.${word}`;
  const label = t(key);
  return label === key ? r : r === word ? label : `${label} (${r.slice(word.length + 1)})`;
}

async function load() {
  const q = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String((query.page - 1) * PAGE_SIZE) });
  if (query.actor_id) q.set('actor_id', query.actor_id);
  for (const k of ['action', 'object', 'result']) if (query[k]) q.set(k, query[k]);
  const from = dayStart(query.from);
  const to = dayStart(query.to);
  if (from !== null) q.set('from', String(Math.max(0, from)));
  if (to !== null) q.set('to', String(to + 86400 - 1));
  listError = null;
  try {
    list = await api(`/api/v1/audit?${q}`);
  } catch (err) {
    list = null;
    listError = err;
  }
  render();
}

function render() {
  const rows = el('audit-rows');
  const count = el('audit-count');
  const prev = el('pager-prev');
  const next = el('pager-next');
  const status = el('pager-status');
  if (listError) {
    rows.replaceChildren(
      h('tr', {}, h('td', { colspan: 8 }, h('p', { class: 'notice notice-error', role: 'alert' }, errorMessage(listError)))),
    );
    count.textContent = '';
    status.textContent = '';
    prev.disabled = next.disabled = true;
    return;
  }
  if (!list) return;
  const items = list.items ?? [];
  const total = list.total ?? items.length;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  count.textContent = items.length
    ? t('audit.count', { total: num(total), from: num(list.offset + 1), to: num(list.offset + items.length) })
    : t('audit.count.none');
  rows.replaceChildren(
    ...items.map((x) =>
      h(
        'tr',
        { 'data-id': x.id, 'data-result': (x.result ?? '').split(' ')[0] },
        h('td', { class: 'acc-nowrap' }, fmtAt(x.at)),
        h('td', {}, x.actor_id == null ? t('audit.actor.none', { role: x.actor_role || '—' }) : t('audit.actor', { id: x.actor_id, role: x.actor_role })),
        h('td', { class: 'code' }, x.action),
        h('td', { class: 'code acc-break' }, x.object),
        h('td', {}, h('span', { class: `acc-badge acc-result-${(x.result ?? '').split(' ')[0]}` }, resultLabel(x.result))),
        h('td', { class: 'code' }, x.client || '—'),
        h('td', { class: 'code' }, x.request_id || '—'),
        h('td', { class: 'acc-break' }, x.detail || ''),
      ),
    ),
  );
  status.textContent = t('pager.page', { page: num(query.page), pages: num(pages) });
  prev.disabled = query.page <= 1;
  next.disabled = query.page >= pages;
}

function fillForm() {
  for (const [k, id] of Object.entries(FIELDS)) el(id).value = query[k] ?? '';
}

function onSearch(ev) {
  ev.preventDefault();
  const next = { page: 1 };
  for (const [k, id] of Object.entries(FIELDS)) {
    const v = el(id).value.trim();
    if (v) next[k] = v;
  }
  el('q-actor').removeAttribute('aria-invalid');
  el('q-to').removeAttribute('aria-invalid');
  if (next.actor_id && !/^[1-9][0-9]{0,9}$/.test(next.actor_id)) {
    el('q-actor').setAttribute('aria-invalid', 'true');
    el('search-error').textContent = t('audit.err.actor');
    el('q-actor').focus();
    return;
  }
  if (next.from && next.to && next.from > next.to) {
    el('q-to').setAttribute('aria-invalid', 'true');
    el('search-error').textContent = t('audit.err.range');
    el('q-to').focus();
    return;
  }
  el('search-error').textContent = '';
  query = next;
  writeUrl();
  load();
}

async function main() {
  el('search-form').addEventListener('submit', onSearch);
  el('search-form').addEventListener('reset', () => {
    setTimeout(() => {
      query = { page: 1 };
      writeUrl();
      load();
    });
  });
  el('pager-prev').addEventListener('click', () => {
    if (query.page > 1) {
      query.page--;
      writeUrl();
      load();
    }
  });
  el('pager-next').addEventListener('click', () => {
    query.page++;
    writeUrl();
    load();
  });
  const me = await startShell({ titleKey: 'audit.title', nav: 'audit' });
  const allowed = me?.authenticated && me.user?.role === 'auditor';
  const notice = () => {
    const box = el('audit-notice');
    box.hidden = allowed;
    if (!allowed)
      box.replaceChildren(
        t(me?.authenticated ? 'audit.forbidden' : 'audit.signin'),
        ' ',
        me?.authenticated ? h('a', { href: '/' }, t('login.home')) : h('a', { href: '/login' }, t('auth.signin')),
      );
  };
  notice();
  if (allowed) {
    el('audit-body').hidden = false;
    fillForm();
    await load();
  }
  onLangChange(() => {
    notice();
    render();
  });
  ready();
}

main();
