// appointments.js - booking a slot of a hall's queue with an ID number
// (/appointments), and the bookings made on this device (their codes are
// kept in localStorage) with their state, each cancellable with the same ID
// number. Check-in happens at the kiosk.

import { t } from './i18n.js';
import { api, errorMessage, ApiError } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';
import { siteParam, siteSelect, queueLabel, shanghaiDate } from './hall.js';

const el = (id) => document.getElementById(id);
const KEY = 'onestop.appointments';
let site = 1;
let queues = [];
let slots = [];
let mine = []; // appointments as the server returned them
let status = null;

function codes() {
  try {
    const v = JSON.parse(window.localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((c) => typeof c === 'string').slice(-10) : [];
  } catch {
    return [];
  }
}
function remember(code) {
  try {
    window.localStorage.setItem(KEY, JSON.stringify([...codes().filter((c) => c !== code), code].slice(-10)));
  } catch {
    /* this page keeps no list then */
  }
}

function say(fn) {
  status = fn;
  el('appt-status').textContent = fn ? fn() : '';
}

function fail(err) {
  let text = errorMessage(err);
  if (err instanceof ApiError && err.problem?.field === 'id_number') text = t('kiosk.err.id');
  else if (err instanceof ApiError && err.status === 409) text = t('appt.err.conflict', { detail: err.problem?.detail ?? '' });
  else if (err instanceof ApiError && err.status === 404) text = t('appt.err.notfound');
  el('appt-error').textContent = text;
}

function drawSlots() {
  const list = el('slots');
  if (!slots.length) {
    list.replaceChildren(h('li', { class: 'empty' }, t('appt.noslots')));
    return;
  }
  list.replaceChildren(
    ...slots.map((s) =>
      h(
        'li',
        {},
        h(
          'button',
          { type: 'button', class: 'btn btn-secondary kiosk-queue', disabled: s.available <= 0, 'data-slot': s.id, onclick: () => book(s) },
          h('span', { class: 'prefix' }, `${s.start}–${s.end}`),
          h('span', {}, queueLabel(s.queue)),
          h('span', { class: 'waiting' }, t('appt.left', { n: s.available })),
        ),
      ),
    ),
  );
}

const STATES = { booked: 'appt.state.booked', cancelled: 'appt.state.cancelled', checked_in: 'appt.state.checked_in', no_show: 'appt.state.no_show' };

function drawMine() {
  const list = el('mine');
  if (!mine.length) {
    list.replaceChildren(h('li', { class: 'empty' }, t('appt.nomine')));
    return;
  }
  list.replaceChildren(
    ...mine.map((a) =>
      h(
        'li',
        { 'data-code': a.code },
        h('strong', {}, `${a.slot.date} ${a.slot.start}–${a.slot.end}`),
        ` ${queueLabel(a.slot.queue)} · ${a.id_number} · ${t(STATES[a.state] ?? 'appt.state.booked')} `,
        a.state === 'booked'
          ? h('button', { type: 'button', class: 'btn btn-secondary btn-touch', onclick: () => cancel(a) }, t('appt.cancel'))
          : null,
      ),
    ),
  );
}

async function loadSlots() {
  const day = el('day-select').value;
  const q = el('queue-select').value;
  try {
    slots = (await api(`/api/v1/hall/sites/${site}/slots?date=${day}${q ? `&queue_id=${q}` : ''}`)).items;
  } catch (err) {
    slots = [];
    fail(err);
  }
  drawSlots();
}

async function loadMine() {
  const found = [];
  for (const c of codes()) {
    try {
      found.push(await api(`/api/v1/hall/appointments/${encodeURIComponent(c)}`));
    } catch {
      /* a code the server no longer knows */
    }
  }
  mine = found;
  drawMine();
}

async function book(s) {
  el('appt-error').textContent = '';
  const idn = el('appt-id').value.trim();
  if (!idn) {
    el('appt-error').textContent = t('kiosk.err.id');
    el('appt-id').focus();
    return;
  }
  try {
    const a = await api(`/api/v1/hall/slots/${s.id}/book`, { method: 'POST', body: { id_number: idn } });
    remember(a.code);
    say(() => t('appt.booked', { date: a.slot.date, time: a.slot.start }));
    await Promise.all([loadSlots(), loadMine()]);
  } catch (err) {
    fail(err);
  }
}

async function cancel(a) {
  el('appt-error').textContent = '';
  const idn = el('appt-id').value.trim();
  if (!idn) {
    el('appt-error').textContent = t('appt.err.cancelid');
    el('appt-id').focus();
    return;
  }
  try {
    await api(`/api/v1/hall/appointments/${encodeURIComponent(a.code)}/cancel`, { method: 'POST', body: { id_number: idn } });
    say(() => t('appt.cancelled'));
    await Promise.all([loadSlots(), loadMine()]);
  } catch (err) {
    fail(err);
  }
}

function drawSelects() {
  const day = el('day-select').value;
  el('day-select').replaceChildren(
    ...Array.from({ length: 8 }, (_, i) => shanghaiDate(i)).map((d) => h('option', { value: d, selected: d === day }, d)),
  );
  const q = el('queue-select').value;
  el('queue-select').replaceChildren(
    h('option', { value: '' }, t('appt.allqueues')),
    ...queues.filter((x) => x.active).map((x) => h('option', { value: x.id, selected: String(x.id) === q }, queueLabel(x))),
  );
}

async function main() {
  const me = await startShell({ titleKey: 'appt.title', nav: 'appointments' });
  site = siteParam(me?.user?.site?.id);
  el('day-select').addEventListener('change', loadSlots);
  el('queue-select').addEventListener('change', loadSlots);
  try {
    await siteSelect(el('site-select'), site);
    queues = (await api(`/api/v1/hall/sites/${site}/queues`)).items;
  } catch (err) {
    fail(err);
  }
  drawSelects();
  // the next day with slots is a better start than an empty today
  await loadSlots();
  for (let i = 1; i < 8 && !slots.length; i++) {
    el('day-select').selectedIndex = i;
    await loadSlots();
  }
  await loadMine();
  onLangChange(() => {
    drawSelects();
    drawSlots();
    drawMine();
    say(status);
  });
  ready();
}

main();
