// kiosk.js - taking a ticket (取号) at the hall's kiosk, on the phone
// (?mode=remote), or at the guide desk (?mode=guide: the guide sets the
// green-channel class). The person chooses a business (the hall's queues,
// with how many wait), may give an ID number (70 or older: the green channel
// by age) and gets a ticket with its QR code, which opens the live page
// /ticket?t=TOKEN. Appointment check-in: the ID number the slot was booked
// with.

import { t, pick } from './i18n.js';
import { api, errorMessage, ApiError } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';
import { siteParam, siteSelect, queueLabel, waitText, greenLabel, liveEvents, debounce } from './hall.js';

const el = (id) => document.getElementById(id);
const GREEN = ['none', 'elderly', 'disabled', 'ill', 'pregnant', 'veteran'];
const mode = new URLSearchParams(window.location.search).get('mode');
const guide = mode === 'guide';
// the channel recorded on the ticket: the guide desk, a phone (?mode=remote)
// or the hall's kiosk
const channel = guide ? 'guide' : mode === 'remote' ? 'remote' : 'kiosk';
let site = 1;
let queues = [];
let board = null;
let ticket = null;
let busy = false;

function problemText(err) {
  if (err instanceof ApiError && err.problem?.field === 'id_number') return t('kiosk.err.id');
  if (err instanceof ApiError && err.problem?.field === 'green') return t('kiosk.err.green');
  if (err instanceof ApiError && err.status === 404 && err.problem?.type === '/problems/no-appointment') return t('kiosk.err.noappt');
  if (err instanceof ApiError && err.status === 409) return t('kiosk.err.time');
  if (err instanceof ApiError && err.status === 429) return t('kiosk.err.rate');
  return errorMessage(err);
}

function showError(text) {
  el('kiosk-error').textContent = text ?? '';
}

function drawGreen() {
  const current = document.querySelector('input[name="green"]:checked')?.value ?? 'none';
  el('green-choices').replaceChildren(
    ...GREEN.map((g) =>
      h(
        'label',
        { class: 'hall-choice' },
        h('input', { type: 'radio', name: 'green', value: g, checked: g === current }),
        g === 'none' ? t('hall.green.none') : greenLabel(g),
      ),
    ),
  );
}

function drawQueues() {
  const list = el('queue-list');
  const active = queues.filter((q) => q.active);
  if (!active.length) {
    list.replaceChildren(h('li', { class: 'empty' }, t('kiosk.noqueues')));
    return;
  }
  list.replaceChildren(
    ...active.map((q) => {
      const waiting = board?.queues.find((b) => b.id === q.id)?.waiting ?? 0;
      return h(
        'li',
        {},
        h(
          'button',
          { type: 'button', class: 'btn btn-primary kiosk-queue', 'data-queue': q.id, onclick: () => take(q) },
          h('span', { class: 'prefix' }, q.prefix),
          h('span', {}, pick(q)),
          h('span', { class: 'waiting' }, t('kiosk.waiting', { n: waiting })),
        ),
      );
    }),
  );
}

function drawTicket() {
  const panel = el('ticket-panel');
  if (!ticket) {
    panel.hidden = true;
    return;
  }
  panel.hidden = false;
  const green = greenLabel(ticket.green);
  el('ticket-body').replaceChildren(
    h('p', { class: 'ticket-number', id: 'ticket-number' }, ticket.number),
    h('p', {}, queueLabel(ticket.queue), green ? h('span', { class: 'badge badge-green' }, green) : null),
    h('p', { id: 'ticket-ahead' }, t('ticket.ahead', { n: ticket.ahead ?? 0 }), ' · ', waitText(ticket.estimate_s)),
    h('img', { class: 'ticket-qr', id: 'ticket-qr', src: ticket.qr, alt: t('kiosk.qr.alt'), width: 192, height: 192 }),
    h('p', {}, h('a', { href: ticket.url, id: 'ticket-link' }, t('kiosk.track'))),
  );
}

function body(extra) {
  const b = { ...extra };
  const idn = el('id-number').value.trim();
  if (idn) b.id_number = idn;
  const g = document.querySelector('input[name="green"]:checked')?.value ?? 'none';
  if (g !== 'none') b.green = g;
  return b;
}

async function submit(path, payload) {
  if (busy) return;
  busy = true;
  showError('');
  try {
    ticket = await api(path, { method: 'POST', body: payload });
    drawTicket();
    el('ticket-panel').scrollIntoView?.({ block: 'nearest' });
    el('new-ticket').focus();
  } catch (err) {
    showError(problemText(err));
  } finally {
    busy = false;
  }
}

function take(q) {
  return submit(`/api/v1/hall/sites/${site}/tickets`, body({ queue_id: q.id, channel }));
}

async function loadBoard() {
  try {
    board = await api(`/api/v1/hall/sites/${site}/board`);
    drawQueues();
  } catch {
    /* the counts are a courtesy */
  }
}

async function main() {
  const me = await startShell({ titleKey: guide ? 'kiosk.guide.title' : 'kiosk.title', nav: 'kiosk' });
  site = siteParam(me?.user?.site?.id);
  if (guide) {
    el('page-title').textContent = t('kiosk.guide.h1');
    el('page-title').dataset.i18n = 'kiosk.guide.h1';
  }
  drawGreen();
  el('checkin-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!el('id-number').value.trim()) {
      showError(t('kiosk.err.id'));
      el('id-number').focus();
      return;
    }
    submit(`/api/v1/hall/sites/${site}/checkin`, body({}));
  });
  el('new-ticket').addEventListener('click', () => {
    ticket = null;
    el('id-number').value = '';
    drawGreen();
    drawTicket();
    el('queue-list').querySelector('button')?.focus();
  });
  el('print-ticket').addEventListener('click', () => window.print());
  try {
    await siteSelect(el('site-select'), site);
    queues = (await api(`/api/v1/hall/sites/${site}/queues`)).items;
    await loadBoard();
  } catch (err) {
    showError(errorMessage(err));
  }
  drawQueues();
  const refresh = debounce(loadBoard, 1000);
  liveEvents(site, { onCounts: refresh, onOpen: refresh });
  onLangChange(() => {
    drawGreen();
    drawQueues();
    drawTicket();
    if (guide) el('page-title').textContent = t('kiosk.guide.h1');
  });
  ready();
}

main();
