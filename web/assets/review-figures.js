// review-figures.js - praise rate and follow-up rate (/review-figures) for a
// period and a site (with the sites below it), in total and by site,
// department, window or clerk - from the counters the server keeps with
// every rating, answer and appeal decision (GET /api/v1/reviews/figures).

import { t, num, getLang } from './i18n.js';
import { api, errorMessage } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';
import { siteParam, siteSelect, shanghaiDate } from './hall.js';
import { figure, figureTable, onPeriodSubmit } from './figures-common.js';

const el = (id) => document.getElementById(id);
const GROUPS = ['site', 'department', 'window', 'clerk'];
let group = 'site';
let site = 1;
let data = null;

const pct = (v) => (v == null ? '–' : `${v.toFixed(1)}%`);

const COLS = [
  ['ratings', (f) => num(f.ratings)],
  ['good', (f) => num(f.good)],
  ['bad', (f) => num(f.bad)],
  ['excluded', (f) => num(f.excluded)],
  ['praise', (f) => pct(f.praise_rate)],
  ['followed', (f) => num(f.followed_up)],
  ['followrate', (f) => pct(f.follow_up_rate)],
  ['intime', (f) => num(f.in_time)],
];

function rowName(r) {
  if (group === 'window') return r.name && r.name !== '0' ? `${r.site_name} · ${t('rate.window', { number: r.name })}` : t('rf.nowindow');
  if (group === 'department') return (getLang() === 'en' ? r.name_en || r.name : r.name) || t('rf.nodept');
  if (group === 'clerk') return r.name ? `${r.name}${r.site_name ? ` (${r.site_name})` : ''}` : t('rf.noclerk');
  return getLang() === 'en' ? r.name_en || r.name : r.name;
}

function draw() {
  if (!data) return;
  const f = data.total;
  el('rf-totals').replaceChildren(
    figure(t('rf.col.ratings'), num(f.ratings), 'rf-ratings'),
    figure(t('rf.col.praise'), pct(f.praise_rate), 'rf-praise'),
    figure(t('rf.col.bad'), num(f.bad), 'rf-bad'),
    figure(t('rf.col.excluded'), num(f.excluded), 'rf-excluded'),
    figure(t('rf.col.followrate'), pct(f.follow_up_rate), 'rf-followrate'),
    figure(t('rf.col.intime'), num(f.in_time), 'rf-intime'),
  );
  el('rf-tabs').replaceChildren(
    ...GROUPS.map((g) =>
      h('button', { type: 'button', class: 'btn btn-secondary btn-touch', id: `rf-tab-${g}`, 'aria-pressed': String(g === group), onclick: () => choose(g) }, t(`rf.by.${g}`)),
    ),
  );
  el('rf-table').replaceChildren(
    figureTable({
      id: 'rf-rows',
      labelledby: 'rf-by-h',
      caption: t(`rf.by.${group}`),
      head: t(`rf.by.${group}`),
      cols: COLS,
      colLabel: (c) => t(`rf.col.${c}`),
      rows: data.rows,
      rowHead: rowName,
      empty: t('stats.none'),
    }),
  );

}

async function load() {
  el('rf-error').textContent = '';
  try {
    data = await api(`/api/v1/reviews/figures?site_id=${site}&from=${el('rf-from').value}&to=${el('rf-to').value}&group=${group}`);
    draw();
  } catch (err) {
    el('rf-error').textContent = err?.status === 401 || err?.status === 403 ? t('rf.denied') : err?.problem?.detail ?? errorMessage(err);
  }
}

function choose(g) {
  group = g;
  load();
}

async function main() {
  const me = await startShell({ titleKey: 'rf.title', nav: 'figures' });
  site = siteParam(me?.user?.site?.id);
  el('rf-from').value = shanghaiDate(-29);
  el('rf-to').value = shanghaiDate(0);
  onPeriodSubmit(el('rf-form'), load);
  try {
    await siteSelect(el('site-select'), site);
  } catch {
    /* the list of sites is a convenience */
  }
  await load();
  onLangChange(draw);
  ready();
}

main();
