// proxy-desk.js - the proxy specialist's desk (/proxy-desk): the site's
// requests by priority (green channel first), the workload of every
// specialist and butler account, the detail of one request with assign /
// reassign, home visits with a team and their outcome, filing the case on
// the person's behalf, completion by post; and butler registration.

import { t } from './i18n.js';
import { api } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';
import { kindLabel, stateLabel, greenBadge, renderDetail, loadRequest, problemText } from './proxy-common.js';

const el = (id) => document.getElementById(id);
let rows = [];
let staff = [];
let butlers = { items: [], total: 0 };
let current = null; // the request shown

function drawQueue() {
  el('queue-rows').replaceChildren(
    ...(rows.length
      ? rows.map((q) => {
          const open = h('a', { href: `#request-${q.id}`, 'data-id': q.id }, q.no);
          open.addEventListener('click', (ev) => {
            ev.preventDefault();
            show(q.id, true);
          });
          return h('tr', { id: `row-${q.id}`, class: [q.priority ? 'is-green' : '', current?.id === q.id ? 'is-selected' : ''].join(' ').trim() || null },
            h('th', { scope: 'row' }, open),
            h('td', {}, greenBadge(q) ?? '–'),
            h('td', {}, q.person.name),
            h('td', {}, q.item.name),
            h('td', {}, kindLabel(q.kind)),
            h('td', {}, stateLabel(q.state)),
            h('td', {}, q.assignee?.name ?? '–'));
        })
      : [h('tr', {}, h('td', { colspan: 7, class: 'empty' }, t('proxy.desk.none')))]),
  );
}

function drawStaff() {
  el('workload').replaceChildren(
    ...staff.map((s) => h('li', { id: `staff-${s.user_id}` }, `${s.name}（${t(`proxy.role.${s.role}`)}，${s.site.name}）：${t('proxy.desk.open', { n: s.open_requests })}，${t('proxy.desk.visits', { n: s.visits_scheduled })}`)),
  );
}

function drawButlers() {
  el('b-count').textContent = t('proxy.butlers.list', { n: butlers.total });
  el('butler-list').replaceChildren(...butlers.items.map((b) => h('li', {}, `${b.name} · ${b.site.name} · ${b.items.join(', ') || '–'} · ${b.availability || '–'}${b.login ? ' · ' + b.login : ''}`)));
}

function drawDetail() {
  if (!current) return;
  renderDetail(el('detail'), current, { staff, onChanged: () => refresh(current.id) });
}

async function show(id, focus) {
  try {
    current = await loadRequest(id);
    drawDetail();
    drawQueue();
    if (focus) el('detail-h').focus();
  } catch (err) {
    el('page-notice').textContent = problemText(err);
  }
}

async function loadLists() {
  const [list, st, bl] = await Promise.all([
    api(`/api/v1/proxy/requests?state=${el('filter').value}&limit=100`),
    api('/api/v1/proxy/staff'),
    api('/api/v1/proxy/butlers?limit=20'),
  ]);
  rows = list.items;
  staff = st.items;
  butlers = bl;
  drawQueue();
  drawStaff();
  drawButlers();
}

async function refresh(id) {
  el('page-notice').textContent = '';
  try {
    await loadLists();
    if (id) await show(id, false);
  } catch (err) {
    el('page-notice').textContent = problemText(err);
  }
}

async function registerButler(ev) {
  ev.preventDefault();
  const v = (id) => el(id).value.trim();
  const body = { name: v('b-name') };
  for (const [k, id] of [['phone', 'b-phone'], ['items', 'b-items'], ['availability', 'b-availability'], ['login', 'b-login'], ['password', 'b-password']])
    if (v(id)) body[k] = v(id);
  const status = el('b-status');
  try {
    const b = await api('/api/v1/proxy/butlers', { method: 'POST', body });
    status.className = 'notice notice-info';
    status.textContent = t('proxy.butlers.saved', { name: body.name });
    el('butler-form').reset();
    butlers = await api('/api/v1/proxy/butlers?limit=20');
    drawButlers();
    return b;
  } catch (err) {
    status.className = 'notice notice-error';
    status.textContent = problemText(err);
    return null;
  }
}

async function main() {
  const me = await startShell({ titleKey: 'proxy.desk.title', nav: 'proxy' });
  if (!me?.authenticated || !['proxy', 'manager'].includes(me.user.role)) {
    el('page-notice').replaceChildren(t('proxy.desk.denied'), ' ', me?.authenticated ? '' : h('a', { href: '/login' }, t('auth.signin')));
    ready();
    return;
  }
  el('desk').hidden = false;
  el('filter-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    refresh(current?.id);
  });
  el('butler-form').addEventListener('submit', registerButler);
  await refresh(null);
  const pre = Number(location.hash.replace('#request-', ''));
  if (pre > 0) await show(pre, false);
  onLangChange(() => {
    drawQueue();
    drawStaff();
    drawButlers();
    drawDetail();
  });
  ready();
}

main();
