// case-inbox.js - the clerk's inbox (/case-inbox): the cases of the clerk's
// site (and the sites below) awaiting the acceptance decision, by acceptance
// deadline with countdown badges (GET /api/v1/cases/inbox). Opening a case
// shows its summary, materials and the decisions open to the clerk: accept,
// refuse (reasons required), one one-time notice (a checklist of the item's
// materials, a problem per material and free text, all in one notice), and
// for an immediate item completion on the spot. Below: file a case for the
// person at the window (pick an item, the person's name, ID number, phone and
// address, the item's form) -> POST /api/v1/cases (channel window).

import { t, num } from './i18n.js';
import { api } from './api.js';
import { startShell, ready, onLangChange, h, currentUser } from './shell.js';
import { itemName, deptName, limitText } from './catalog-common.js';
import {
  summaryList,
  actionPanel,
  stateBadge,
  countdownBadge,
  caseItemName,
  channelLabel,
  fmtTime,
  problemText,
  stateLabel,
  actionLabel,
  formFields,
  readFields,
  markServerField,
  clearOnInput,
  checkIdNumber,
  checkPhone,
  postOnce,
  newKey,
  normMaterials,
  caseRows,
  caseListTable,
  fileLink,
} from './cases-common.js';

const el = (id) => document.getElementById(id);
let rows = null;
let selected = null; // the case open on the right
let selMats = [];
let error = null;
let status = null;
// window filing
let found = [];
let pickedItem = null;
let fileKey = newKey();

function say(fn) {
  status = fn;
  el('inbox-status').textContent = fn ? fn() : '';
}

function fail(err) {
  el('inbox-error').textContent = err ? problemText(err) : '';
}

function allowed(me) {
  return Boolean(me?.authenticated && ['clerk', 'manager'].includes(me.user?.role));
}

async function loadList() {
  try {
    const r = await api('/api/v1/cases/inbox');
    rows = caseRows(r);
    error = null;
  } catch (err) {
    error = err;
  }
}

function renderList() {
  const body = el('inbox-body');
  if (error) {
    body.replaceChildren(h('p', { class: 'notice notice-error', role: 'alert' }, problemText(error)));
    return;
  }
  if (!rows) return;
  if (!rows.length) {
    body.replaceChildren(h('p', { class: 'muted', id: 'inbox-empty' }, t('inbox.empty')));
    return;
  }
  const cols = ['no', 'item', 'applicant', 'channel', 'received', 'accept_due', 'countdown', 'open'];
  body.replaceChildren(
    h('p', { class: 'case-count', id: 'inbox-count' }, t('inbox.count', { n: num(rows.length) })),
    caseListTable({
      id: 'inbox-table',
      labelledby: 'inbox-h',
      colKey: 'inbox.col',
      cols,
      rows,
      selectedId: selected?.id,
      cells: (c) => [
        h('td', {}, caseItemName(c), c.item?.immediate ? h('span', { class: 'badge case-need' }, t('case.limit.immediate')) : null),
        h('td', {}, c.applicant?.name || '—'),
        h('td', {}, channelLabel(c.channel), ' ', stateBadge(c.state)),
        h('td', {}, fmtTime(c.clock?.received_at)),
        h('td', {}, c.clock?.accept_due || '—'),
        h('td', {}, countdownBadge(c)),
      ],
      onOpen: open,
    }),
  );
}

async function open(id) {
  fail(null);
  try {
    const [c, m] = await Promise.all([api(`/api/v1/cases/${id}`), api(`/api/v1/cases/${id}/materials`).catch(() => null)]);
    selected = c;
    selMats = normMaterials(m);
  } catch (err) {
    fail(err);
    return;
  }
  renderList();
  renderDetail();
  el('detail-h').focus?.();
}

function uniqueMaterials() {
  const seen = new Set();
  return selMats.filter((m) => {
    const k = m.key || m.name;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function renderDetail() {
  const box = el('inbox-detail');
  if (!selected) {
    box.replaceChildren(h('p', { class: 'muted' }, t('inbox.pick')));
    return;
  }
  const c = selected;
  const attached = new Map();
  for (const m of selMats) if (m.file_id) attached.set(m.key || m.name, [...(attached.get(m.key || m.name) ?? []), m]);
  box.replaceChildren(
    h('h3', { id: 'inbox-case-h' }, `${c.no} · ${caseItemName(c)}`),
    summaryList(c, { id: 'inbox-summary' }),
    h('h3', {}, t('case.materials')),
    h(
      'ul',
      { class: 'case-materials', id: 'inbox-materials' },
      uniqueMaterials().map((m) => {
        const got = attached.get(m.key || m.name) ?? [];
        return h(
          'li',
          { 'data-material': m.name, 'data-attached': got.length ? 'yes' : 'no' },
          h('strong', {}, m.name),
          ' · ',
          got.length
            ? got.map((f) => fileLink(c.id, f))
            : h('span', { class: m.required ? 'case-req' : 'muted' }, m.required ? t('inbox.material.missing') : t('case.material.none')),
        );
      }),
    ),
    h('p', {}, h('a', { href: `/case?id=${c.id}` }, t('inbox.fullcase'))),
    actionPanel(c, {
      materials: uniqueMaterials(),
      prefix: 'inbox',
      done: async (r, action) => {
        selected = r;
        await loadList();
        if (!rows?.some((x) => x.id === r.id)) selected = null;
        renderList();
        if (selected) await open(r.id);
        else renderDetail();
        say(() => t('case.done', { action: actionLabel(action), state: stateLabel(r.state) }));
      },
      fail: (err) => fail(err),
    }),
  );
}

// ---- filing for the person at the window ----

function renderFile() {
  const box = el('inbox-file');
  const personFields = [
    { name: 'applicant_name', label: '姓名', label_en: 'Name', type: 'text', required: true },
    { name: 'id_number', label: '公民身份号码', label_en: 'ID number', type: 'id_number', required: true },
    { name: 'phone', label: '联系电话', label_en: 'Phone', type: 'phone', required: true },
    { name: 'address', label: '住址', label_en: 'Address', type: 'address', required: false },
  ];
  box.replaceChildren(
    h(
      'form',
      { id: 'file-search', class: 'case-toolbar', role: 'search', 'aria-label': t('inbox.file.search') },
      h(
        'div',
        { class: 'case-field' },
        h('label', { for: 'file-q' }, t('inbox.file.q')),
        h('input', { type: 'search', id: 'file-q', maxlength: 100, autocomplete: 'off' }),
      ),
      h('button', { type: 'submit', class: 'btn btn-secondary btn-touch', id: 'file-find' }, t('inbox.file.find')),
    ),
    h(
      'ul',
      { class: 'case-picks', id: 'file-items', 'aria-label': t('inbox.file.results') },
      found.map((x) =>
        h(
          'li',
          {},
          h(
            'button',
            { type: 'button', 'data-item': x.id, 'aria-pressed': String(pickedItem?.id === x.id), onclick: () => pick(x.id) },
            `${itemName(x)} · ${deptName(x.department)} · ${limitText(x)}`,
          ),
        ),
      ),
    ),
    pickedItem
      ? h(
          'form',
          { id: 'file-form', novalidate: true, 'aria-labelledby': 'file-item-h' },
          h('h3', { id: 'file-item-h' }, t('inbox.file.item', { name: itemName(pickedItem) })),
          h('fieldset', {}, h('legend', {}, t('inbox.file.person')), h('div', { class: 'case-form' }, formFields(personFields, { prefix: 'p' }))),
          pickedItem.form_fields?.length
            ? h('fieldset', {}, h('legend', {}, t('inbox.file.form')), h('div', { class: 'case-form' }, formFields(pickedItem.form_fields, { prefix: 'w' })))
            : null,
          h('div', { class: 'case-actions' }, h('button', { type: 'submit', class: 'btn btn-primary btn-touch', id: 'file-submit' }, t('inbox.file.submit'))),
        )
      : '',
  );
  el('file-search').addEventListener('submit', (ev) => {
    ev.preventDefault();
    search();
  });
  if (el('file-form')) clearOnInput(el('file-form'));
  el('file-form')?.addEventListener('submit', (ev) => {
    ev.preventDefault();
    fileCase(personFields);
  });
}

async function search() {
  const q = el('file-q').value.trim();
  if (!q) return;
  try {
    const r = await api(`/api/v1/catalog/items?q=${encodeURIComponent(q)}&limit=10`);
    found = r.items ?? [];
    say(() => t('inbox.file.found', { n: num(found.length) }));
  } catch (err) {
    fail(err);
  }
  const typed = el('file-q').value;
  renderFile();
  el('file-q').value = typed;
  el('file-items').querySelector('button')?.focus();
}

async function pick(id) {
  try {
    pickedItem = await api(`/api/v1/catalog/items/${id}`);
    fileKey = newKey();
  } catch (err) {
    fail(err);
    return;
  }
  const typed = el('file-q').value;
  renderFile();
  el('file-q').value = typed;
  el('file-item-h')?.setAttribute('tabindex', '-1');
  el('file-item-h')?.focus();
}

async function fileCase(personFields) {
  fail(null);
  const form = el('file-form');
  const person = readFields(form, personFields, { prefix: 'p' });
  const itemForm = readFields(form, pickedItem.form_fields ?? [], { prefix: 'w' });
  // the person's ID and phone are checked like the item's fields
  if (person.values.id_number && checkIdNumber(person.values.id_number)) person.errors.id_number = true;
  if (person.values.phone && checkPhone(person.values.phone)) person.errors.phone = true;
  if (Object.keys(person.errors).length || Object.keys(itemForm.errors).length) {
    el('inbox-error').textContent = t('inbox.file.check');
    form.querySelector('[aria-invalid="true"]')?.focus();
    return;
  }
  const btn = el('file-submit');
  btn.disabled = true;
  try {
    const c = await postOnce(
      '/api/v1/cases',
      { item_id: pickedItem.id, form: itemForm.values, ...person.values },
      fileKey,
    );
    say(() => t('inbox.file.done', { no: c.no, state: stateLabel(c.state) }));
    pickedItem = null;
    found = [];
    fileKey = newKey();
    renderFile();
    await loadList();
    renderList();
    await open(c.id);
  } catch (err) {
    btn.disabled = false;
    if (!markServerField(form, err, { prefix: 'w' })) markServerField(form, err, { prefix: 'p' });
    fail(err);
  }
}

async function main() {
  const me = await startShell({ titleKey: 'inbox.title', nav: 'home' });
  if (!allowed(me)) {
    el('inbox-body').replaceChildren(
      h('p', { class: 'notice notice-info', id: 'inbox-signin' }, t('inbox.signin'), ' ', me?.authenticated ? '' : h('a', { href: '/login' }, t('auth.signin'))),
    );
    el('inbox-refresh').hidden = true;
  } else {
    await loadList();
    renderList();
    renderFile();
    el('inbox-refresh').addEventListener('click', async () => {
      await loadList();
      renderList();
      say(() => t('inbox.refreshed'));
    });
  }
  el('detail-h').setAttribute('tabindex', '-1');
  onLangChange(() => {
    if (!allowed(currentUser())) return;
    renderList();
    renderDetail();
    renderFile();
    say(status);
  });
  ready();
}

main();
