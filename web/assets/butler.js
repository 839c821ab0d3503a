// butler.js - a butler's (or specialist's) own worklist and home-visit
// schedule (/butler): ONLY the requests assigned to the signed-in account
// (the server filters; another butler's request is 404). Each card carries
// the actions the server allows: start, schedule a visit with its team,
// record the outcome, file the case on the person's behalf, complete.

import { t } from './i18n.js';
import { api } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';
import { kindLabel, greenBadge, renderDetail, when, problemText } from './proxy-common.js';

const el = (id) => document.getElementById(id);
let requests = []; // full details
let visits = [];
let meRow = null;
let mineOnly = ''; // a specialist sees his own assignments here

function drawMe() {
  el('me-line').textContent = meRow
    ? t('proxy.butler.me', { site: meRow.site.name, items: meRow.items.join(', ') || '–', availability: meRow.availability || '–' })
    : '';
}

function draw() {
  drawMe();
  el('cards').replaceChildren(
    ...(requests.length
      ? requests.map((q) => {
          const box = h('div', {});
          renderDetail(box, q, { onChanged: load });
          return h('li', { class: 'proxy-card', id: `card-${q.id}` },
            h('h3', {}, `${q.no} · ${kindLabel(q.kind)} · ${q.item.name} `, greenBadge(q)), box);
        })
      : [h('li', { class: 'empty' }, t('proxy.butler.none'))]),
  );
  el('schedule').replaceChildren(
    ...(visits.length
      ? visits.map((v) => h('li', { id: `visit-${v.id}` },
          `${when(v.scheduled_at)} · ${t(`proxy.mode.${v.mode}`)} · ${t(`proxy.visit.state.${v.state}`)} · ${v.request_no} ${v.person_name} · ${v.item_name}`,
          v.address ? ` · ${v.address}` : '',
          v.has_doctor ? ` · ${t('proxy.visit.doctor')}` : ''))
      : [h('li', { class: 'empty' }, t('proxy.butler.novisits'))]),
  );
}

async function load() {
  el('page-notice').textContent = '';
  try {
    const list = await api(`/api/v1/proxy/requests?state=open&limit=50${mineOnly}`);
    requests = await Promise.all(list.items.map((q) => api(`/api/v1/proxy/requests/${q.id}`)));
    visits = (await api('/api/v1/proxy/visits?mine=true')).items;
    draw();
  } catch (err) {
    el('page-notice').textContent = problemText(err);
  }
}

async function main() {
  const me = await startShell({ titleKey: 'proxy.butler.title', nav: 'proxy' });
  if (!me?.authenticated || !['butler', 'proxy'].includes(me.user.role)) {
    el('page-notice').replaceChildren(t('proxy.butler.denied'), ' ', me?.authenticated ? '' : h('a', { href: '/login' }, t('auth.signin')));
    ready();
    return;
  }
  el('work').hidden = false;
  if (me.user.role === 'proxy') mineOnly = `&assignee_id=${me.user.id}`;
  if (me.user.role === 'butler') {
    try {
      meRow = await api('/api/v1/proxy/butlers/me');
    } catch {
      meRow = null; /* an account without a registration still works */
    }
  }
  await load();
  onLangChange(draw);
  ready();
}

main();
