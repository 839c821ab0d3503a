// ticket.js - the live page of one ticket (/ticket?t=TOKEN, opened from the
// QR code): its number, state, how many are ahead and the estimated wait, the
// window when called. Updated by the hall's events (any call or change of
// waiting counts fetches the ticket again, at most once a second); the
// holder may give up a waiting ticket.

import { t } from './i18n.js';
import { api, errorMessage, ApiError } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';
import { queueLabel, waitText, clock, liveEvents, debounce } from './hall.js';

const el = (id) => document.getElementById(id);
const token = new URLSearchParams(window.location.search).get('t') ?? '';
let ticket = null;
let events = null;

function draw() {
  const view = el('ticket-view');
  if (!ticket) return;
  const rows = [
    h('p', { class: 'ticket-number', id: 'ticket-number' }, ticket.number),
    h('p', {}, queueLabel(ticket.queue), ticket.priority ? h('span', { class: 'badge badge-green' }, t('ticket.priority')) : null),
    h('p', { id: 'ticket-state', 'data-state': ticket.state }, t(`ticket.state.${ticket.state}`)),
  ];
  if (ticket.state === 'waiting') {
    rows.push(h('p', { id: 'ticket-ahead' }, t('ticket.ahead', { n: ticket.ahead ?? 0 })));
    rows.push(h('p', { id: 'ticket-wait' }, t('ticket.estimate'), ' ', waitText(ticket.estimate_s)));
  }
  if ((ticket.state === 'called' || ticket.state === 'serving') && ticket.window)
    rows.push(h('p', { class: 'ticket-called', id: 'ticket-window' }, t('ticket.go', { number: ticket.number, window: ticket.window })));
  rows.push(h('p', { class: 'muted' }, t('ticket.taken', { time: clock(ticket.issued_at) })));
  view.replaceChildren(...rows);
  el('cancel-ticket').hidden = ticket.state !== 'waiting';
}

async function load() {
  try {
    ticket = await api(`/api/v1/hall/t/${encodeURIComponent(token)}`);
    el('ticket-error').textContent = '';
    draw();
    if (!events) events = liveEvents(ticket.site_id, { onCall: refresh, onCounts: refresh, onOpen: refresh });
    if (['finished', 'cancelled'].includes(ticket.state)) {
      events.close();
    }
  } catch (err) {
    el('ticket-error').textContent =
      err instanceof ApiError && err.status === 404 ? t('ticket.unknown') : errorMessage(err);
    el('ticket-view').replaceChildren();
  }
}
const refresh = debounce(load, 1000);

async function main() {
  await startShell({ titleKey: 'ticket.title', nav: 'ticket' });
  el('cancel-ticket').addEventListener('click', async () => {
    if (!window.confirm(t('ticket.cancel.confirm'))) return;
    try {
      ticket = await api(`/api/v1/hall/t/${encodeURIComponent(token)}/cancel`, { method: 'POST' });
      draw();
    } catch (err) {
      el('ticket-error').textContent = errorMessage(err);
    }
  });
  if (/^[A-Za-z0-9_-]{16,64}$/.test(token)) await load();
  else el('ticket-error').textContent = t('ticket.unknown');
  onLangChange(draw);
  ready();
}

main();
