// rate.js - the tablet at a window, facing the citizen (/rate?window=ID).
// It waits for the window's last finished ticket that has no rating (GET
// /api/v1/reviews/windows/{id}/pending, polled), shows the big five-level
// buttons with faces, the window service's dimensions and an optional
// comment and phone, sends the rating with the ticket id shown (so the next
// person's service is never rated by mistake), thanks the person and is
// ready for the next one. No sign-in needed; a signed-in clerk's own window
// is used when no ?window= is given.

import { t } from './i18n.js';
import { api, errorMessage } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';
import { reviewCatalog, ratingForm, rateError } from './review-common.js';

const el = (id) => document.getElementById(id);
const POLL_MS = 4000;
const THANKS_MS = 6000;
let windowId = 0;
let pending = null; // {window, ticket}
let shownTicket = null;
let form = null;
let thanksUntil = 0;
let thanksKey = 'rate.thanks.good';

function show(which) {
  for (const id of ['rate-waiting', 'rate-panel', 'rate-thanks']) el(id).hidden = id !== which;
}

function drawWindow() {
  el('rate-window').textContent = pending?.window ? t('rate.window', { number: pending.window.number }) : '';
}

function drawForm() {
  const tk = pending.ticket;
  el('rate-h').replaceChildren(t('rate.ticket'), ' ', h('strong', { id: 'rate-number' }, tk.no), ' · ', t('rate.clerk', { name: tk.clerk.name || '—' }));
  form = ratingForm(el('rate-form'), tk, { phone: true, big: true });
  shownTicket = tk.id;
}

function draw() {
  drawWindow();
  if (Date.now() < thanksUntil) {
    show('rate-thanks');
    el('thanks-text').textContent = t(thanksKey);
    return;
  }
  if (pending?.ticket) {
    if (shownTicket !== pending.ticket.id) drawForm();
    show('rate-panel');
  } else {
    shownTicket = null;
    show('rate-waiting');
  }
}

async function poll() {
  try {
    pending = await api(`/api/v1/reviews/windows/${windowId}/pending`);
    el('rate-error').textContent = '';
  } catch (err) {
    el('rate-error').textContent = err?.status === 404 ? t('rate.nowindow') : errorMessage(err);
  }
  draw();
}

async function submit(ev) {
  ev.preventDefault();
  const body = form?.values();
  if (!body) return;
  el('rv-submit').disabled = true;
  try {
    const r = await api(`/api/v1/reviews/windows/${windowId}`, { method: 'POST', body: { ticket_id: shownTicket, ...body } });
    thanksKey = r.bad ? 'rate.thanks.bad' : 'rate.thanks.good';
    thanksUntil = Date.now() + THANKS_MS;
    pending = { ...pending, ticket: null };
    shownTicket = null;
    draw();
    el('thanks-h').focus();
    setTimeout(poll, THANKS_MS + 50);
  } catch (err) {
    el('rv-form-error').textContent = rateError(err) ?? errorMessage(err);
    el('rv-submit').disabled = false;
    if (err?.status === 409) setTimeout(poll, 1500);
  }
}

async function main() {
  const me = await startShell({ titleKey: 'rate.title', nav: 'rate' });
  const q = Number.parseInt(new URLSearchParams(window.location.search).get('window') ?? '', 10);
  let mine = null;
  if (me?.authenticated && !(q > 0)) {
    try {
      mine = await api('/api/v1/hall/me');
    } catch {
      mine = null;
    }
  }
  windowId = Number.isInteger(q) && q > 0 ? q : mine?.window?.id ?? 0;
  el('window-go').addEventListener('click', () => {
    const u = new URL(window.location.href);
    u.searchParams.set('window', el('window-id').value);
    window.location.assign(u.toString());
  });
  el('rate-form').addEventListener('submit', submit);
  try {
    await reviewCatalog();
  } catch (err) {
    el('rate-error').textContent = errorMessage(err);
  }
  if (!windowId) {
    el('window-picker').hidden = false;
    el('rate-error').textContent = t('rate.pickfirst');
  } else {
    await poll();
    setInterval(() => {
      if (Date.now() >= thanksUntil && !document.hidden) poll();
    }, POLL_MS);
  }
  onLangChange(() => {
    if (pending?.ticket && shownTicket) {
      shownTicket = null; // redraw the form in the new language
    }
    draw();
  });
  ready();
}

main();
