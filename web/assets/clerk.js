// clerk.js - the window console (/window): the clerk's own window (a manager
// opens any window of his site with ?window=ID). Shows the ticket in hand
// with the person's green-channel class, appointment and items, and acts on
// it: call next, recall, start, no-show, hold (and resume a held ticket),
// finish with the items handled and the cases opened, transfer to another
// queue keeping the original time; pause the window. The lengths of the
// window's queues follow the hall's events.

import { t } from './i18n.js';
import { api, errorMessage, ApiError } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';
import { queueLabel, greenLabel, clock, liveEvents, debounce } from './hall.js';

const el = (id) => document.getElementById(id);
let win = null; // GET /api/v1/hall/windows/{id}
let windowId = 0;
let status = null;
let events = null;

function say(fn) {
  status = fn;
  el('console-status').textContent = fn ? fn() : '';
}

function fail(err) {
  let text = errorMessage(err);
  if (err instanceof ApiError && err.status === 409 && err.problem?.detail) text = t('console.err.conflict');
  if (err instanceof ApiError && err.status === 404) text = t('console.err.notyours');
  el('console-error').textContent = text;
}

function current() {
  return win?.current ?? null;
}

function drawCurrent() {
  const c = current();
  const box = el('current');
  if (!c) {
    box.replaceChildren(h('p', { class: 'empty', id: 'current-none' }, t('console.none')));
  } else {
    const green = greenLabel(c.green);
    const rows = [
      h('p', { class: 'ticket-number', id: 'current-number' }, c.number),
      h(
        'p',
        {},
        queueLabel(c.queue),
        green ? h('span', { class: 'badge badge-green', id: 'current-green' }, t('console.green', { kind: green })) : null,
        c.appointment ? h('span', { class: 'badge' }, t('console.appointment')) : null,
      ),
      h('p', { id: 'current-state', 'data-state': c.state }, t(`ticket.state.${c.state}`), ' · ', t('console.calls', { n: c.calls })),
      h('p', { class: 'muted' }, t('ticket.taken', { time: clock(c.issued_at) }), c.id_number ? ` · ${t('console.idn')} ${c.id_number}` : ''),
    ];
    if (c.items.length) rows.push(h('p', {}, t('console.items.done'), ' ', c.items.join(', ')));
    box.replaceChildren(...rows);
  }
  const state = c?.state;
  el('act-call').disabled = Boolean(c) || win?.paused;
  el('act-recall').disabled = state !== 'called';
  el('act-noshow').disabled = state !== 'called';
  el('act-start').disabled = state !== 'called';
  el('act-hold').disabled = !(state === 'called' || state === 'serving');
  el('act-finish').disabled = state !== 'serving';
  el('act-transfer').disabled = !c;
}

function drawSide() {
  el('queue-rows').replaceChildren(
    ...(win?.queues ?? []).map((q) =>
      h('tr', { 'data-queue': q.id }, h('td', {}, queueLabel(q)), h('td', { class: 'num' }, String(q.waiting))),
    ),
  );
  el('held').replaceChildren(
    ...(win?.held ?? []).map((x) =>
      h(
        'li',
        {},
        `${x.number} `,
        h('button', { type: 'button', class: 'btn btn-secondary btn-touch', onclick: () => act(`/api/v1/hall/tickets/${x.id}/resume`) }, t('console.resume', { number: x.number })),
      ),
    ),
  );
  if (!win?.held?.length) el('held').replaceChildren(h('li', { class: 'empty' }, t('console.noheld')));
  el('transfer-queue').replaceChildren(
    ...(win?.site_queues ?? []).map((q) => h('option', { value: q.id }, queueLabel(q))),
  );
  const p = el('act-pause');
  p.setAttribute('aria-pressed', String(Boolean(win?.paused)));
  p.textContent = t(win?.paused ? 'console.resumewin' : 'console.pause');
  el('console-window').textContent = win ? t('console.window', { number: win.number }) : '';
}

function draw() {
  drawCurrent();
  drawSide();
}

async function load() {
  try {
    win = await api(`/api/v1/hall/windows/${windowId}`);
    el('console').hidden = false;
    draw();
    if (!events) events = liveEvents(win.site_id, { onCounts, onOpen: refresh });
  } catch (err) {
    fail(err);
  }
}
const refresh = debounce(load, 500);

// The hall's counts change with every ticket: the lengths shown are updated
// from the event itself (the console is reloaded only after its own actions
// and after a reconnection, since reading it is an audited personal read).
function onCounts(ev) {
  let changed = false;
  for (const x of ev.queues ?? []) {
    const q = win?.queues.find((y) => y.id === x.id);
    // events may arrive out of commit order: only a newer count applies
    if (q && !(x.version <= q.version) && q.waiting !== x.waiting) {
      q.waiting = x.waiting;
      q.version = x.version;
      changed = true;
    }
  }
  if (changed) drawSide();
}

async function act(path, body) {
  el('console-error').textContent = '';
  try {
    const r = await api(path, { method: 'POST', body });
    if (path.endsWith('/call') && !r.ticket) say(() => t('console.empty'));
    else if (r.ticket) say(() => t('console.done', { number: r.ticket.number, state: t(`ticket.state.${r.ticket.state}`) }));
    await load();
  } catch (err) {
    fail(err);
  }
}

async function main() {
  const me = await startShell({ titleKey: 'console.title', nav: 'window' });
  const q = Number.parseInt(new URLSearchParams(window.location.search).get('window') ?? '', 10);
  let mine = null;
  if (me?.authenticated) {
    try {
      mine = await api('/api/v1/hall/me');
    } catch {
      mine = null;
    }
  }
  windowId = Number.isInteger(q) && q > 0 ? q : mine?.window?.id ?? 0;
  if (!me?.authenticated) {
    el('console-error').replaceChildren(t('console.signin'), ' ', h('a', { href: '/login' }, t('auth.signin')));
  } else if (!windowId) {
    el('window-picker').hidden = false;
    say(() => t('console.nowindow'));
  }
  el('window-go').addEventListener('click', () => {
    const u = new URL(window.location.href);
    u.searchParams.set('window', el('window-id').value);
    window.location.assign(u.toString());
  });
  el('act-call').addEventListener('click', () => act(`/api/v1/hall/windows/${windowId}/call`));
  for (const [id, verb] of [
    ['act-recall', 'recall'],
    ['act-start', 'start'],
    ['act-noshow', 'no-show'],
    ['act-hold', 'hold'],
  ])
    el(id).addEventListener('click', () => current() && act(`/api/v1/hall/tickets/${current().id}/${verb}`));
  el('finish-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!current()) return;
    const body = {};
    const items = el('finish-items').value.trim();
    const cases = el('finish-cases').value.trim();
    if (items) body.items = items;
    if (cases) body.case_ids = cases;
    act(`/api/v1/hall/tickets/${current().id}/finish`, body).then(() => {
      el('finish-items').value = '';
      el('finish-cases').value = '';
    });
  });
  el('transfer-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!current()) return;
    act(`/api/v1/hall/tickets/${current().id}/transfer`, { queue_id: Number(el('transfer-queue').value) });
  });
  el('act-pause').addEventListener('click', () => act(`/api/v1/hall/windows/${windowId}/pause`, { paused: !win?.paused }));
  if (windowId && me?.authenticated) await load();
  onLangChange(() => {
    if (win) draw();
    say(status);
  });
  ready();
}

main();
