// proxy-request.js - asking for help, agency or a home visit for someone
// (/proxy-request): large text, few questions, usable by a relative or a
// village station clerk. The person's ID number gives the green channel by
// age; green-channel people are offered home service first. The
// authorisation (委托) covers the chosen item until a date.

import { t } from './i18n.js';
import { api } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';
import { stateLabel, deliveryLabel, shanghaiDay, problemText } from './proxy-common.js';

const el = (id) => document.getElementById(id);
let item = null; // {id, code, name}
let mine = [];

function ageOf(id) {
  if (!/^\d{17}[\dXx]$/.test(id)) return null;
  const y = Number(id.slice(6, 10)), m = Number(id.slice(10, 12)), d = Number(id.slice(12, 14));
  const today = shanghaiDay(0);
  const [ty, tm, td] = today.split('-').map(Number);
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
}

function drawOffer() {
  const age = ageOf(el('id-number').value.trim());
  const green = el('green').value !== 'none' || (age != null && age >= 60);
  const kind = document.querySelector('input[name="kind"]:checked')?.value;
  el('offer-home').textContent = green && kind !== 'home' ? t('proxy.offer.home') : '';
}

function drawItem() {
  el('item-chosen').textContent = item ? t('proxy.item.chosen', { name: item.name, code: item.code }) : t('proxy.item.pick');
  el('consent-label').textContent = t('proxy.auth.consent', { items: item ? `${item.name}（${item.code}）` : '…' });
}

async function search() {
  const q = el('item-q').value.trim();
  const box = el('item-results');
  if (!q) return;
  try {
    const r = await api(`/api/v1/catalog/items?q=${encodeURIComponent(q)}&limit=8`);
    if (!r.items.length) {
      box.replaceChildren(h('li', { class: 'empty' }, t('proxy.item.none')));
      return;
    }
    box.replaceChildren(
      ...r.items.map((x, i) => {
        const input = h('input', { type: 'radio', name: 'item', id: `item-${i}`, value: String(x.id), checked: item?.id === x.id });
        input.addEventListener('change', () => {
          item = { id: x.id, code: x.code, name: x.name };
          drawItem();
        });
        return h('li', { class: 'proxy-choice' }, input, h('label', { for: `item-${i}` }, `${x.name}（${x.department.name}）`));
      }),
    );
  } catch (err) {
    el('page-notice').textContent = problemText(err);
  }
}

function drawMine() {
  el('mine').hidden = false;
  el('mine-rows').replaceChildren(
    ...(mine.length
      ? mine.map((q) =>
          h('tr', { id: `mine-${q.id}` },
            h('th', { scope: 'row' }, q.no),
            h('td', {}, q.person.name),
            h('td', {}, q.item.name),
            h('td', { class: 'state' }, stateLabel(q.state)),
            h('td', {}, q.delivery.method === 'none' ? '–' : deliveryLabel(q.delivery.method), q.delivery.tracking ? ` · ${t('proxy.tracking', { no: q.delivery.tracking })}` : '', q.cases_filed ? [' · ', h('a', { href: '/my-cases' }, t('task.case.mine'))] : null)))
      : [h('tr', {}, h('td', { colspan: 5, class: 'empty' }, t('proxy.mine.none')))]),
  );
}

async function loadMine() {
  try {
    mine = (await api('/api/v1/proxy/my-requests?limit=50')).items;
    drawMine();
  } catch (err) {
    el('page-notice').textContent = problemText(err);
  }
}

async function submit(ev) {
  ev.preventDefault();
  el('page-notice').textContent = '';
  el('done').textContent = '';
  if (!item) {
    el('page-notice').textContent = t('proxy.item.pick');
    el('item-q').focus();
    return;
  }
  if (!el('consent').checked) {
    el('page-notice').textContent = t('proxy.auth.need');
    el('consent').focus();
    return;
  }
  const v = (id) => el(id).value.trim();
  const body = {
    kind: document.querySelector('input[name="kind"]:checked').value,
    filer: document.querySelector('input[name="filer"]:checked').value,
    person_name: v('person-name'),
    item_id: item.id,
    consent: el('consent').checked,
  };
  for (const [k, id] of [['relation', 'relation'], ['id_number', 'id-number'], ['phone', 'phone'], ['address', 'address'], ['note', 'note'], ['auth_until', 'auth-until']])
    if (v(id)) body[k] = v(id);
  if (el('green').value !== 'none') body.green = el('green').value;
  const btn = el('submit');
  btn.disabled = true;
  try {
    const q = await api('/api/v1/proxy/requests', { method: 'POST', body });
    el('done').textContent = t('proxy.submitted', { no: q.no });
    el('request-form').reset();
    el('auth-until').value = shanghaiDay(90);
    item = null;
    el('item-results').replaceChildren();
    drawItem();
    drawOffer();
    await loadMine();
    el('done').focus?.();
  } catch (err) {
    const field = err?.problem?.field;
    const map = { person_name: 'person-name', id_number: 'id-number', auth_until: 'auth-until', item_id: 'item-q', auth_items: 'item-q' };
    el('page-notice').textContent = problemText(err);
    el(map[field] ?? field)?.focus?.();
  } finally {
    btn.disabled = false;
  }
}

async function main() {
  const me = await startShell({ titleKey: 'proxy.request.title', nav: 'proxy' });
  if (!me?.authenticated) {
    el('page-notice').replaceChildren(t('proxy.signin'), ' ', h('a', { href: '/login' }, t('auth.signin')));
    ready();
    return;
  }
  el('request-form').hidden = false;
  el('station-choice').hidden = !['clerk', 'proxy', 'butler'].includes(me.user.role);
  el('auth-until').value = shanghaiDay(90);
  el('auth-until').min = shanghaiDay(0);
  el('request-form').addEventListener('submit', submit);
  el('item-go').addEventListener('click', search);
  el('item-q').addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      search();
    }
  });
  for (const id of ['id-number', 'green']) el(id).addEventListener('input', drawOffer);
  for (const r of document.querySelectorAll('input[name="kind"]')) r.addEventListener('change', drawOffer);
  const pre = Number(new URLSearchParams(location.search).get('item'));
  if (pre > 0) {
    try {
      const x = await api(`/api/v1/catalog/items/${pre}`);
      item = { id: x.id, code: x.code, name: x.name };
    } catch {
      /* choose by search instead */
    }
  }
  drawItem();
  drawOffer();
  await loadMine();
  onLangChange(() => {
    drawItem();
    drawOffer();
    drawMine();
  });
  ready();
}

main();
