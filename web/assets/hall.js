// hall.js - what the service-hall pages share (kiosk, ticket, board, clerk
// console, figures, appointments): the hall chosen (?site=, default the
// district center), names in the current language, times on the Asia/Shanghai
// clock, and the live event stream of a hall ("hall:<site id>": events
// "call" and "counts"). EventSource reconnects by itself; onOpen lets a page
// fetch the state again after a reconnection so nothing is missed.

import { t, pick } from './i18n.js';
import { api } from './api.js';
import { h } from './shell.js';

/** The hall of the page: ?site=N, else fallback, else 1. */
export function siteParam(fallback) {
  const v = Number.parseInt(new URLSearchParams(window.location.search).get('site') ?? '', 10);
  return Number.isInteger(v) && v > 0 ? v : fallback || 1;
}

/** "A 综合受理" in the current language. */
export function queueLabel(q) {
  return `${q.prefix} ${pick(q)}`;
}

/** HH:MM of a unix time on the Asia/Shanghai clock. */
export function clock(unix) {
  if (!unix) return '';
  return new Date((unix + 8 * 3600) * 1000).toISOString().slice(11, 16);
}

/** Today's date (YYYY-MM-DD) in Asia/Shanghai, plus n days. */
export function shanghaiDate(n = 0) {
  return new Date(Date.now() + 8 * 3600 * 1000 + n * 86400 * 1000).toISOString().slice(0, 10);
}

/** A wait in seconds as "约 N 分钟" / "about N min". */
export function waitText(s) {
  if (s == null) return '';
  if (s <= 0) return t('hall.wait.now');
  return t('hall.wait.min', { n: Math.max(1, Math.round(s / 60)) });
}

export function greenLabel(key) {
  return key && key !== 'none' ? t(`hall.green.${key}`) : '';
}

/** Call fn at most once per ms (trailing). */
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** Subscribe to a hall's events. Returns the EventSource (close() to stop). */
export function liveEvents(siteId, { onCall, onCounts, onOpen, onError } = {}) {
  const es = new EventSource(`/api/v1/events?topic=hall:${siteId}`);
  const parse = (fn) => (ev) => {
    try {
      fn(JSON.parse(ev.data));
    } catch {
      /* a malformed event is ignored */
    }
  };
  if (onCall) es.addEventListener('call', parse(onCall));
  if (onCounts) es.addEventListener('counts', parse(onCounts));
  if (onOpen) es.addEventListener('open', onOpen);
  if (onError) es.addEventListener('error', onError);
  return es;
}

/** The service sites that have a hall: the district center and the
 * townships, for a <select>. */
export async function hallSites() {
  const [d, tw] = await Promise.all([
    api('/api/v1/sites?tier=district&limit=10'),
    api('/api/v1/sites?tier=township&limit=50'),
  ]);
  return [...d.items, ...tw.items];
}

/** Fill a <select> with the halls, the current one selected; on change the
 * page reloads with ?site=. */
export async function siteSelect(select, current) {
  const sites = await hallSites();
  const fill = () =>
    select.replaceChildren(
      ...sites.map((s) => h('option', { value: s.id, selected: s.id === current }, pick(s))),
    );
  fill();
  select.addEventListener('change', () => {
    const u = new URL(window.location.href);
    u.searchParams.set('site', select.value);
    window.location.assign(u.toString());
  });
  return { sites, fill };
}

