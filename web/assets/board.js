// board.js - the hall's display board: the last calls (number → window) and
// how many wait per queue, pushed live by the hall's events, and each call
// spoken in Mandarin from the server's WAV (GET /api/v1/hall/calls/{id}/audio).
// Browsers play sound only after a gesture, hence the one-time "开启语音"
// button. Made to run for hours without a reload: the DOM is redrawn from a
// bounded state (at most MAX_CALLS calls), one Audio element is reused, the
// queue of announcements is capped, and after a reconnection (EventSource
// retries by itself) the state is fetched again.

import { t, pick } from './i18n.js';
import { api, errorMessage } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';
import { siteParam, siteSelect, queueLabel, liveEvents, debounce, clock } from './hall.js';

const el = (id) => document.getElementById(id);
const MAX_CALLS = 8;
const MAX_SPOKEN = 5;
let site = 1;
let state = { queues: [], calls: [] };
let sites = [];
let soundOn = false;
const spoken = []; // call ids waiting to be announced
let speaking = false;
const audio = new Audio();
audio.preload = 'auto';

function drawCalls() {
  el('calls').replaceChildren(
    ...state.calls.slice(0, MAX_CALLS).map((c) =>
      h(
        'li',
        { class: 'board-call', 'data-call': c.id },
        h('span', { class: 'num' }, c.number),
        h('span', {}, t('board.to', { window: c.window })),
        h('span', { class: 'muted' }, clock(c.at)),
      ),
    ),
  );
  if (!state.calls.length) el('calls').replaceChildren(h('li', { class: 'empty' }, t('board.nocalls')));
}

function drawCounts() {
  el('counts').replaceChildren(
    ...state.queues.map((q) =>
      h('tr', { 'data-queue': q.id }, h('td', {}, queueLabel(q)), h('td', { class: 'num' }, String(q.waiting))),
    ),
  );
}

function drawSite() {
  const s = sites.find((x) => x.id === site);
  el('board-site').textContent = s ? pick(s) : '';
}

function speakNext() {
  if (!soundOn || speaking || !spoken.length) return;
  speaking = true;
  audio.src = `/api/v1/hall/calls/${spoken.shift()}/audio`;
  audio.play().catch(() => {
    speaking = false;
  });
}
audio.addEventListener('ended', () => {
  speaking = false;
  speakNext();
});
audio.addEventListener('error', () => {
  speaking = false;
  speakNext();
});

function onCall(c) {
  if (state.calls.some((x) => x.id === c.id)) return;
  state.calls = [c, ...state.calls].sort((a, b) => b.id - a.id).slice(0, MAX_CALLS);
  drawCalls();
  if (soundOn) {
    spoken.push(c.id);
    while (spoken.length > MAX_SPOKEN) spoken.shift();
    speakNext();
  }
}

function onCounts(ev) {
  for (const x of ev.queues ?? []) {
    const q = state.queues.find((y) => y.id === x.id);
    // events may arrive out of commit order: only a newer count applies
    if (q && !(x.version <= q.version)) {
      q.waiting = x.waiting;
      q.version = x.version;
    }
  }
  drawCounts();
}

async function load() {
  try {
    state = await api(`/api/v1/hall/sites/${site}/board`);
    el('board-error').textContent = '';
    el('board-live').textContent = t('board.live');
    drawCalls();
    drawCounts();
  } catch (err) {
    el('board-error').textContent = errorMessage(err);
  }
}
const resync = debounce(load, 300);

async function main() {
  const me = await startShell({ titleKey: 'board.title', nav: 'board' });
  site = siteParam(me?.user?.site?.id);
  el('sound-on').addEventListener('click', () => {
    soundOn = true;
    el('sound-on').hidden = true;
    el('board-live').textContent = t('board.sound.on');
    // the gesture unlocks playback; the newest call is announced once
    if (state.calls[0]) {
      spoken.push(state.calls[0].id);
      speakNext();
    }
  });
  try {
    sites = (await siteSelect(el('site-select'), site)).sites;
  } catch {
    /* the list of halls is a convenience */
  }
  drawSite();
  await load();
  liveEvents(site, {
    onCall,
    onCounts,
    onOpen: resync,
    onError: () => {
      el('board-live').textContent = t('board.reconnecting');
    },
  });
  // a full refresh now and then keeps a long-running board exact
  setInterval(load, 5 * 60 * 1000);
  onLangChange(() => {
    drawSite();
    drawCalls();
    drawCounts();
  });
  ready();
}

main();
