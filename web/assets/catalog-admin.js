// catalog-admin.js - the system administrator's catalog page
// (/catalog-admin): items (find one, edit it into a new version with its
// effective date, create, retire), bundles, windows of a site (open, pause,
// assign a department), import and export, and the online depth labels.
// Every change is one API call that the server audits.

import { t, pick, num } from './i18n.js';
import { api, errorMessage, ApiError } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';
import { depthLabel, setDepthLabels, deptName, itemName, TYPES, CHANNELS, TIERS, FORMS, FIELD_TYPES } from './catalog-common.js';

const PAGE = 15;
const el = (id) => document.getElementById(id);
const tabs = [...document.querySelectorAll('#adm-tabs [role="tab"]')];

let me = null;
let departments = [];
let events = [];
let labels = [];
let search = { q: '', page: 1, result: null };
let editing = null; // {mode: 'new'|'version', item}
let bundles = [];
let sites = [];
let siteDetail = null;

function today() {
  const d = new Date(Date.now() + 8 * 3600 * 1000); // Asia/Shanghai
  return d.toISOString().slice(0, 10);
}

function problemText(err) {
  if (err instanceof ApiError && err.problem) {
    const p = err.problem;
    return [p.field ? `${p.field}: ` : '', p.detail || p.title].join('');
  }
  return errorMessage(err);
}

function say(box, kind, text) {
  box.replaceChildren(h('p', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text));
}

// ---- tabs ----

function selectTab(tab, focus) {
  for (const x of tabs) {
    const on = x === tab;
    x.setAttribute('aria-selected', String(on));
    x.tabIndex = on ? 0 : -1;
    el(x.getAttribute('aria-controls')).hidden = !on;
  }
  if (focus) tab.focus();
  if (tab.dataset.tab === 'bundles') loadBundles();
  if (tab.dataset.tab === 'windows') loadSites();
}
for (const tab of tabs) {
  tab.addEventListener('click', () => selectTab(tab, false));
  tab.addEventListener('keydown', (ev) => {
    const i = tabs.indexOf(tab);
    const j = ev.key === 'ArrowRight' ? (i + 1) % tabs.length : ev.key === 'ArrowLeft' ? (i - 1 + tabs.length) % tabs.length : null;
    if (j === null) return;
    ev.preventDefault();
    selectTab(tabs[j], true);
  });
}

// ---- items: the list ----

async function loadItems() {
  const q = new URLSearchParams({ limit: String(PAGE), offset: String((search.page - 1) * PAGE) });
  if (search.q) q.set('q', search.q);
  try {
    search.result = await api(`/api/v1/catalog/items?${q}`);
  } catch (err) {
    search.result = null;
    say(el('adm-count'), 'error', errorMessage(err));
    return;
  }
  renderItems();
}

function renderItems() {
  const r = search.result;
  if (!r) return;
  el('adm-count').textContent = r.items.length
    ? t(r.total_capped ? 'cat.results.count.capped' : 'cat.results.count', { total: num(r.total), from: num(r.offset + 1), to: num(r.offset + r.items.length) })
    : t('cat.results.none');
  el('adm-items').replaceChildren(
    ...r.items.map((x) =>
      h(
        'li',
        { 'data-item': x.code },
        h('button', { type: 'button', class: 'adm-pick', 'aria-current': editing?.item?.id === x.id ? 'true' : null, onclick: () => editItem(x.id) }, itemName(x)),
        h('span', { class: 'code' }, x.code),
      ),
    ),
  );
  el('adm-prev').disabled = search.page <= 1;
  el('adm-next').disabled = !(r.offset + r.items.length < r.total || (r.total_capped && r.items.length === PAGE));
  el('adm-page').textContent = t('pager.page.open', { page: num(search.page) });
}

el('adm-search').addEventListener('submit', (ev) => {
  ev.preventDefault();
  search = { q: el('adm-q').value.trim(), page: 1, result: null };
  loadItems();
});
el('adm-prev').addEventListener('click', () => {
  search.page = Math.max(1, search.page - 1);
  loadItems();
});
el('adm-next').addEventListener('click', () => {
  search.page += 1;
  loadItems();
});
el('adm-new').addEventListener('click', () => {
  editing = { mode: 'new', item: null };
  renderEditor();
  el('f-code').focus();
});

async function editItem(id) {
  const box = el('adm-edit');
  box.replaceChildren(h('p', { class: 'loading' }, t('loading')));
  try {
    // the new version starts from the latest version (it may be scheduled)
    const v = await api(`/api/v1/catalog/items/${id}/versions`);
    const latest = v.items[v.items.length - 1].version;
    const item = await api(`/api/v1/catalog/items/${id}?version=${latest}`);
    editing = { mode: 'version', item, versions: v.items };
  } catch (err) {
    say(box, 'error', errorMessage(err));
    return;
  }
  renderEditor();
  renderItems();
  el('edit-h').focus();
}

// ---- items: the editor ----

function field(id, label, input, hint) {
  return h('div', { class: 'field' }, h('label', { for: id }, label), input, hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null);
}

function input(id, value, attrs = {}) {
  return h('input', { id, name: id.slice(2), value: value ?? '', ...attrs });
}

function select(id, values, chosen, label, ariaLabel) {
  const s = h('select', { id, name: id.slice(2), 'aria-label': ariaLabel ?? null }, values.map((v) => h('option', { value: String(v) }, label(v))));
  s.value = chosen == null ? String(values[0]) : String(chosen);
  return s;
}

function checks(name, legend, values, chosen, label) {
  return h(
    'fieldset',
    { class: 'adm-checks', id: `f-${name}` },
    h('legend', {}, legend),
    values.map((v) =>
      h('label', { class: 'adm-check' }, h('input', { type: 'checkbox', name, value: v, checked: chosen?.includes(v) ? true : null }), ' ', label(v)),
    ),
  );
}

function materialRow(m = {}) {
  const n = materialRow.n = (materialRow.n ?? 0) + 1;
  return h(
    'tr',
    { class: 'adm-mat' },
    h('td', {}, h('input', { class: 'm-name', value: m.name ?? '', 'aria-label': t('cat.material.col.name'), id: `m-name-${n}` })),
    h('td', {}, select(`m-form-${n}`, FORMS, m.form ?? 'original', (k) => t(`cat.form.${k}`), t('cat.material.col.form'))),
    h('td', {}, h('input', { class: 'm-count', type: 'number', min: 1, max: 99, value: m.count ?? 1, 'aria-label': t('cat.material.col.count') })),
    h('td', {}, h('input', { class: 'm-required', type: 'checkbox', checked: m.required === false ? null : true, 'aria-label': t('cat.material.required') })),
    h('td', {}, h('input', { class: 'm-condition', value: m.condition ?? '', 'aria-label': t('adm.mat.condition') })),
    h('td', {}, h('input', { class: 'm-elicence', type: 'checkbox', checked: m.e_licence ? true : null, 'aria-label': t('cat.material.col.elicence') })),
    h('td', {}, h('button', { type: 'button', class: 'btn btn-secondary adm-remove', onclick: (ev) => ev.currentTarget.closest('tr').remove() }, t('adm.remove'))),
  );
}

function fieldRow(f = {}) {
  const n = fieldRow.n = (fieldRow.n ?? 0) + 1;
  return h(
    'tr',
    { class: 'adm-fld' },
    h('td', {}, h('input', { class: 'ff-name', value: f.name ?? '', 'aria-label': t('adm.ff.name') })),
    h('td', {}, h('input', { class: 'ff-label', value: f.label ?? '', 'aria-label': t('adm.ff.label') })),
    h('td', {}, h('input', { class: 'ff-label-en', value: f.label_en ?? '', 'aria-label': t('adm.ff.label_en') })),
    h('td', {}, select(`ff-type-${n}`, FIELD_TYPES, f.type ?? 'text', (k) => t(`cat.ftype.${k}`), t('bundle.form.col.type'))),
    h('td', {}, h('input', { class: 'ff-required', type: 'checkbox', checked: f.required ? true : null, 'aria-label': t('bundle.form.required') })),
    h('td', {}, h('button', { type: 'button', class: 'btn btn-secondary adm-remove', onclick: (ev) => ev.currentTarget.closest('tr').remove() }, t('adm.remove'))),
  );
}

function rowsTable(id, cols, rows, add) {
  return h(
    'div',
    { class: 'adm-rows' },
    h(
      'div',
      { class: 'table-scroll' },
      h('table', { class: 'data-table adm-table', id }, h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col' }, c)))), h('tbody', {}, rows)),
    ),
    h('button', { type: 'button', class: 'btn btn-secondary', onclick: () => el(id).tBodies[0].append(add()) }, t('adm.add')),
  );
}

function renderEditor() {
  const box = el('adm-edit');
  if (!editing) return;
  const x = editing.item;
  const isNew = editing.mode === 'new';
  const title = isNew ? t('adm.edit.new') : t('adm.edit.version', { name: itemName(x), v: num(x.version) });
  const form = h(
    'form',
    { class: 'form adm-form', id: 'item-form', novalidate: true },
    h('h2', { id: 'edit-h', tabindex: '-1' }, title),
    isNew ? null : h('p', { class: 'muted' }, t('adm.edit.lead', { code: x.code })),
    h(
      'div',
      { class: 'adm-grid' },
      isNew ? field('f-code', t('adm.f.code'), input('f-code', '', { maxlength: 63, required: true })) : null,
      field('f-effective_from', t('adm.f.effective'), input('f-effective_from', today(), { type: 'date', required: true }), t('adm.f.effective.hint')),
      field('f-name', t('adm.f.name'), input('f-name', x?.name, { maxlength: 85, required: true })),
      field('f-name_en', t('adm.f.name_en'), input('f-name_en', x?.name_en, { maxlength: 255 })),
      field('f-department', t('cat.filter.department'), select('f-department', departments.map((d) => d.code), x?.department?.code, (c) => deptName(departments.find((d) => d.code === c)))),
      field('f-type', t('cat.filter.type'), select('f-type', TYPES, x?.type?.key, (k) => t(`cat.type.${k}`))),
      field('f-online_depth', t('cat.filter.depth'), select('f-online_depth', [1, 2, 3, 4], x?.online_depth ?? 3, (d) => `${d} · ${depthLabel(d)}`)),
      field('f-visits', t('item.f.visits'), input('f-visits', x?.visits ?? 1, { type: 'number', min: 0, max: 5 })),
      field('f-legal_days', t('item.f.legal'), input('f-legal_days', x?.legal_days ?? 20, { type: 'number', min: 0, max: 365 })),
      field('f-promised_days', t('item.f.promised'), input('f-promised_days', x?.promised_days ?? 5, { type: 'number', min: 0, max: 365 })),
      field('f-fee', t('item.f.fee'), input('f-fee', x?.fee ?? '0', { maxlength: 16 }), t('adm.f.fee.hint')),
      field('f-fee_note', t('adm.f.fee_note'), input('f-fee_note', x?.fee_note, { maxlength: 255 })),
      field('f-decide_tier', t('item.f.decide'), select('f-decide_tier', TIERS, x?.decide_tier ?? 'district', (k) => t(`tier.${k}.short`))),
    ),
    h('div', { class: 'field adm-check-one' }, h('label', { class: 'adm-check' }, h('input', { type: 'checkbox', id: 'f-immediate', checked: x?.immediate ? true : null }), ' ', t('adm.f.immediate'))),
    checks('channels', t('item.f.channels'), CHANNELS, x?.channels ?? ['window'], (k) => t(`cat.channel.${k}`)),
    checks('accept_tiers', t('item.f.accept'), TIERS, x?.accept_tiers ?? ['district'], (k) => t(`tier.${k}.short`)),
    checks('life_events', t('adm.f.events'), events.map((e) => e.key), (x?.life_events ?? []).map((e) => e.key), (k) => pick(events.find((e) => e.key === k))),
    field('f-keywords', t('adm.f.keywords'), input('f-keywords', (x?.keywords ?? []).join(';'), { maxlength: 1400 }), t('adm.f.list.hint')),
    field('f-steps', t('item.steps'), h('textarea', { id: 'f-steps', rows: 4 }, (x?.steps ?? []).join('\n')), t('adm.f.lines.hint')),
    field('f-conditions', t('item.conditions'), h('textarea', { id: 'f-conditions', rows: 3 }, x?.conditions ?? '')),
    field('f-legal_basis', t('item.basis'), h('textarea', { id: 'f-legal_basis', rows: 3 }, x?.legal_basis ?? '')),
    h('h3', { id: 'mats-h' }, t('item.materials', { n: '' }).replace(/[（(]\s*[)）]/, '')),
    rowsTable(
      'adm-mats',
      ['name', 'form', 'count', 'need', 'condition', 'elicence', 'remove'].map((c) => (c === 'condition' ? t('adm.mat.condition') : c === 'remove' ? t('adm.remove') : t(`cat.material.col.${c}`))),
      (x?.materials ?? []).map(materialRow),
      materialRow,
    ),
    h('h3', { id: 'ff-h' }, t('adm.ff.h')),
    rowsTable('adm-ffs', [t('adm.ff.name'), t('adm.ff.label'), t('adm.ff.label_en'), t('bundle.form.col.type'), t('bundle.form.required'), t('adm.remove')], (x?.form_fields ?? []).map(fieldRow), fieldRow),
    h('div', { id: 'item-result', 'aria-live': 'polite' }),
    h('p', { class: 'adm-actions' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'item-save' }, isNew ? t('adm.edit.create') : t('adm.edit.save'))),
    isNew
      ? null
      : h(
          'div',
          { class: 'adm-retire' },
          field('f-retire', t('adm.edit.retire.reason'), input('f-retire', '', { maxlength: 130 })),
          h('button', { type: 'button', class: 'btn btn-secondary', id: 'item-retire', onclick: retireItem }, t('adm.edit.retire')),
        ),
  );
  form.addEventListener('submit', saveItem);
  box.replaceChildren(form);
}

function itemBody() {
  const v = (id) => el(id).value;
  const checked = (name) => [...document.querySelectorAll(`#f-${name} input:checked`)].map((c) => c.value);
  const body = {
    effective_from: v('f-effective_from'),
    name: v('f-name').trim(),
    name_en: v('f-name_en').trim(),
    department: v('f-department'),
    type: v('f-type'),
    immediate: el('f-immediate').checked,
    legal_days: Number.parseInt(v('f-legal_days'), 10) || 0,
    promised_days: Number.parseInt(v('f-promised_days'), 10) || 0,
    fee: v('f-fee').trim() || '0',
    fee_note: v('f-fee_note').trim(),
    online_depth: Number.parseInt(v('f-online_depth'), 10),
    visits: Number.parseInt(v('f-visits'), 10) || 0,
    channels: checked('channels').join(';'),
    accept_tiers: checked('accept_tiers').join(';'),
    decide_tier: v('f-decide_tier'),
    life_events: checked('life_events').join(';'),
    keywords: v('f-keywords').trim(),
    steps: v('f-steps').split('\n').map((s) => s.trim()).filter(Boolean).join(';'),
    conditions: v('f-conditions').trim(),
    legal_basis: v('f-legal_basis').trim(),
    materials: JSON.stringify(
      [...document.querySelectorAll('#adm-mats tbody tr')]
        .map((r) => {
          const m = {
            name: r.querySelector('.m-name').value.trim(),
            form: r.querySelector('select').value,
            count: Number.parseInt(r.querySelector('.m-count').value, 10) || 1,
            required: r.querySelector('.m-required').checked,
            e_licence: r.querySelector('.m-elicence').checked,
          };
          const cond = r.querySelector('.m-condition').value.trim();
          if (cond) m.condition = cond;
          return m;
        })
        .filter((m) => m.name),
    ),
    form_fields: JSON.stringify(
      [...document.querySelectorAll('#adm-ffs tbody tr')]
        .map((r) => ({
          name: r.querySelector('.ff-name').value.trim(),
          label: r.querySelector('.ff-label').value.trim(),
          label_en: r.querySelector('.ff-label-en').value.trim(),
          type: r.querySelector('select').value,
          required: r.querySelector('.ff-required').checked,
        }))
        .filter((f) => f.name),
    ),
  };
  if (!body.channels) delete body.channels;
  if (!body.accept_tiers) delete body.accept_tiers;
  if (editing.mode === 'new') body.code = el('f-code').value.trim();
  return body;
}

function markInvalid(fieldName) {
  for (const x of document.querySelectorAll('#item-form [aria-invalid]')) x.removeAttribute('aria-invalid');
  const base = (fieldName ?? '').split(/[[.]/)[0];
  const target = el(`f-${base}`);
  if (target) {
    target.setAttribute('aria-invalid', 'true');
    target.focus?.();
  }
}

async function saveItem(ev) {
  ev.preventDefault();
  const out = el('item-result');
  const btn = el('item-save');
  btn.disabled = true;
  try {
    const body = itemBody();
    const isNew = editing.mode === 'new';
    const r = await api(isNew ? '/api/v1/catalog/items' : `/api/v1/catalog/items/${editing.item.id}/versions`, { method: 'POST', body });
    if (r.changed === false) say(out, 'info', t('adm.edit.unchanged', { v: num(r.version) }));
    else say(out, 'info', t(r.scheduled ? 'adm.edit.saved.scheduled' : 'adm.edit.saved', { v: num(r.version), date: r.effective_from, code: r.code }));
    markInvalid(null);
    if (isNew) editing = { mode: 'version', item: { ...body, id: r.id, code: r.code, version: r.version } };
    await loadItems();
  } catch (err) {
    say(out, 'error', problemText(err));
    markInvalid(err instanceof ApiError ? err.problem?.field : null);
  } finally {
    btn.disabled = false;
  }
}

async function retireItem() {
  const out = el('item-result');
  const reason = el('f-retire').value.trim();
  if (!reason) {
    say(out, 'error', t('adm.edit.retire.missing'));
    el('f-retire').focus();
    return;
  }
  try {
    const r = await api(`/api/v1/catalog/items/${editing.item.id}/retire`, { method: 'POST', body: { reason } });
    say(out, 'info', t('adm.edit.retired', { date: r.retired_on }));
    await loadItems();
  } catch (err) {
    say(out, 'error', problemText(err));
  }
}

// ---- bundles ----

async function loadBundles() {
  try {
    bundles = (await api('/api/v1/catalog/bundles')).items;
  } catch (err) {
    say(el('adm-bundle-edit'), 'error', errorMessage(err));
    return;
  }
  el('adm-bundles').replaceChildren(
    ...bundles.map((b) => h('li', { 'data-bundle': b.code }, h('button', { type: 'button', class: 'adm-pick', onclick: () => editBundle(b) }, pick(b)), h('span', { class: 'code' }, b.code))),
  );
}

function editBundle(b) {
  const isNew = !b;
  const form = h(
    'form',
    { class: 'form adm-form', id: 'bundle-form', novalidate: true },
    h('h2', { id: 'bundle-edit-h', tabindex: '-1' }, isNew ? t('adm.bundles.new') : pick(b)),
    h(
      'div',
      { class: 'adm-grid' },
      field('b-code', t('adm.f.code'), input('b-code', b?.code, { maxlength: 63 })),
      field('b-name', t('adm.f.name'), input('b-name', b?.name, { maxlength: 85 })),
      field('b-name_en', t('adm.f.name_en'), input('b-name_en', b?.name_en, { maxlength: 255 })),
      field('b-lead', t('adm.bundles.lead'), select('b-lead', departments.map((d) => d.code), b?.lead_department?.code, (c) => deptName(departments.find((d) => d.code === c)))),
    ),
    field('b-items', t('adm.bundles.items'), h('textarea', { id: 'b-items', rows: 4 }, (b?.items ?? []).join('\n')), t('adm.bundles.items.hint')),
    field('b-description', t('adm.bundles.description'), h('textarea', { id: 'b-description', rows: 3 }, b?.description ?? '')),
    h('div', { id: 'bundle-result', 'aria-live': 'polite' }),
    h('p', { class: 'adm-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('adm.edit.save'))),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = {
      code: el('b-code').value.trim(),
      name: el('b-name').value.trim(),
      name_en: el('b-name_en').value.trim(),
      lead_department: el('b-lead').value,
      items: el('b-items').value.split(/[\s;,]+/).filter(Boolean).join(';'),
      description: el('b-description').value.trim(),
    };
    try {
      const r = await api(isNew ? '/api/v1/catalog/bundles' : `/api/v1/catalog/bundles/${b.id}`, { method: isNew ? 'POST' : 'PUT', body });
      say(el('bundle-result'), 'info', t('adm.bundles.saved', { code: r.code }));
      await loadBundles();
    } catch (err) {
      say(el('bundle-result'), 'error', problemText(err));
    }
  });
  el('adm-bundle-edit').replaceChildren(form);
  el('bundle-edit-h').focus();
}
el('adm-bundle-new').addEventListener('click', () => editBundle(null));

// ---- windows ----

async function loadSites() {
  if (sites.length) return;
  try {
    const [d, tw] = await Promise.all([api('/api/v1/sites?tier=district&limit=10'), api('/api/v1/sites?tier=township&limit=50')]);
    sites = [...d.items, ...tw.items];
  } catch (err) {
    say(el('adm-windows'), 'error', errorMessage(err));
    return;
  }
  const s = el('adm-site');
  s.replaceChildren(...sites.map((x) => h('option', { value: String(x.id) }, pick(x))));
  await loadWindows();
}

async function loadWindows() {
  const id = Number.parseInt(el('adm-site').value, 10);
  if (!id) return;
  try {
    siteDetail = await api(`/api/v1/sites/${id}`);
  } catch (err) {
    say(el('adm-windows'), 'error', errorMessage(err));
    return;
  }
  renderWindows();
}
el('adm-site').addEventListener('change', loadWindows);

async function changeWindow(w, body, out) {
  try {
    await api(`/api/v1/windows/${w.id}`, { method: 'PATCH', body });
    await loadWindows();
    say(el('win-result'), 'info', t('adm.windows.saved', { n: w.number }));
  } catch (err) {
    say(out ?? el('win-result'), 'error', problemText(err));
  }
}

function deptSelectFor(w) {
  const id = `w-dept-${w.id}`;
  const s = h(
    'select',
    { id, 'aria-label': t('adm.windows.assign', { n: w.number }) },
    h('option', { value: '' }, t('adm.windows.nodept')),
    departments.map((d) => h('option', { value: String(d.id) }, deptName(d))),
  );
  const current = departments.find((d) => d.name === w.department);
  s.value = current ? String(current.id) : '';
  s.addEventListener('change', () => {
    const v = Number.parseInt(s.value, 10) || 0;
    changeWindow(w, v ? { kind: 'department', department_id: v } : { kind: 'comprehensive' });
  });
  return s;
}

function renderWindows() {
  const s = siteDetail;
  const rows = [...s.windows].sort((a, b) => a.number - b.number);
  const kinds = ['comprehensive', 'department', 'postal', 'proxy', 'complaint', 'green', 'port_visa'];
  const form = h(
    'form',
    { class: 'cat-form adm-win-new', id: 'win-new' },
    h('h3', { id: 'win-new-h' }, t('adm.windows.new')),
    h(
      'div',
      { class: 'adm-grid' },
      field('wn-number', t('window.col.number'), input('wn-number', String((rows.at(-1)?.number ?? 0) + 1), { type: 'number', min: 1, max: 999 })),
      field('wn-kind', t('window.col.kind'), select('wn-kind', kinds, 'comprehensive', (k) => t(`window.kind.${k}`))),
      field('wn-dept', t('window.col.department'), select('wn-dept', ['', ...departments.map((d) => String(d.id))], '', (v) => (v ? deptName(departments.find((d) => String(d.id) === v)) : t('adm.windows.nodept')))),
    ),
    h('button', { type: 'submit', class: 'btn btn-primary' }, t('adm.windows.create')),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = { number: Number.parseInt(el('wn-number').value, 10), kind: el('wn-kind').value };
    const dept = Number.parseInt(el('wn-dept').value, 10);
    if (dept) body.department_id = dept;
    try {
      const r = await api(`/api/v1/sites/${s.id}/windows`, { method: 'POST', body });
      await loadWindows();
      say(el('win-result'), 'info', t('adm.windows.created', { n: r.number }));
    } catch (err) {
      say(el('win-result'), 'error', problemText(err));
    }
  });
  el('adm-windows').replaceChildren(
    h('div', { id: 'win-result', 'aria-live': 'polite' }),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'data-table windows-table', id: 'adm-win-table', 'aria-labelledby': 'adm-windows-h' },
        h('thead', {}, h('tr', {}, ['number', 'kind', 'department', 'status'].map((c) => h('th', { scope: 'col' }, t(`window.col.${c}`))), h('th', { scope: 'col' }, t('adm.windows.action')))),
        h(
          'tbody',
          {},
          rows.map((w) =>
            h(
              'tr',
              { 'data-window': w.number },
              h('th', { scope: 'row' }, t('window.number', { n: w.number })),
              h('td', {}, t(`window.kind.${w.kind}`)),
              h('td', {}, w.kind === 'department' || w.kind === 'comprehensive' ? deptSelectFor(w) : '—'),
              h('td', {}, w.paused ? t('window.paused') : t('window.open')),
              h(
                'td',
                {},
                h(
                  'button',
                  { type: 'button', class: 'btn btn-secondary', 'data-pause': w.number, onclick: () => changeWindow(w, { paused: !w.paused }) },
                  w.paused ? t('adm.windows.resume', { n: w.number }) : t('adm.windows.pause', { n: w.number }),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
    form,
  );
}

// ---- import and export ----

function renderExports() {
  const whats = ['items', 'bundles', 'sites', 'windows'];
  el('adm-exports').replaceChildren(
    ...whats.map((w) =>
      h(
        'li',
        {},
        h('span', { class: 'adm-export-what' }, t(`adm.io.what.${w}`)),
        ' ',
        h('a', { href: `/api/v1/catalog/export?what=${w}&format=csv`, download: `${w}.csv` }, 'CSV'),
        ' · ',
        h('a', { href: `/api/v1/catalog/export?what=${w}&format=json`, download: `${w}.json` }, 'JSON'),
      ),
    ),
  );
}

el('adm-import').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const out = el('adm-import-result');
  const file = el('adm-file').files[0];
  if (!file) return;
  const format = /\.json$/i.test(file.name) ? 'json' : /\.csv$/i.test(file.name) ? 'csv' : null;
  if (!format) return say(out, 'error', t('adm.io.ext'));
  if (file.size > 1000000) return say(out, 'error', t('adm.io.big'));
  const data = await file.text();
  try {
    const r = await api('/api/v1/catalog/import', { method: 'POST', body: { format, name: file.name, data } });
    say(out, 'info', t('adm.io.done', { n: num(r.rows), what: t(`adm.io.what.${r.what}`), ins: num(r.inserted), upd: num(r.updated), same: num(r.unchanged) }));
  } catch (err) {
    const errors = err instanceof ApiError ? err.problem?.errors : null;
    if (!errors?.length) return say(out, 'error', problemText(err));
    out.replaceChildren(
      h(
        'div',
        { class: 'notice notice-error', role: 'alert' },
        h('p', {}, t('adm.io.refused', { n: num(err.problem.error_count ?? errors.length) })),
        h('ul', { class: 'adm-errors', id: 'import-errors' }, errors.map((e) => h('li', {}, e.message))),
      ),
    );
  }
});

// ---- depth labels ----

function renderLabels() {
  el('adm-labels').replaceChildren(
    ...labels.map((l) => {
      const form = h(
        'form',
        { class: 'cat-form adm-label', 'data-depth': l.depth },
        h('h3', {}, t('cat.depth.badge', { n: l.depth })),
        h('div', { class: 'adm-grid' }, field(`l-zh-${l.depth}`, t('adm.labels.zh'), input(`l-zh-${l.depth}`, l.zh, { maxlength: 42, lang: 'zh-CN' })), field(`l-en-${l.depth}`, t('adm.labels.en'), input(`l-en-${l.depth}`, l.en, { maxlength: 127, lang: 'en' }))),
        h('button', { type: 'submit', class: 'btn btn-secondary' }, t('adm.edit.save')),
        h('span', { class: 'adm-label-result', 'aria-live': 'polite' }),
      );
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        const res = form.querySelector('.adm-label-result');
        try {
          await api(`/api/v1/catalog/depth-labels/${l.depth}`, { method: 'PUT', body: { zh: el(`l-zh-${l.depth}`).value.trim(), en: el(`l-en-${l.depth}`).value.trim() } });
          res.textContent = t('adm.labels.saved');
        } catch (err) {
          res.textContent = problemText(err);
        }
      });
      return form;
    }),
  );
}

// ---- start ----

async function main() {
  me = await startShell({ titleKey: 'adm.title', nav: 'catalog-admin' });
  if (me?.user?.role !== 'sysadmin') {
    el('adm-gate').replaceChildren(
      h('p', { class: 'notice notice-info' }, t(me?.authenticated ? 'adm.gate.role' : 'adm.gate.signin'), ' ', me?.authenticated ? null : h('a', { href: '/login' }, t('auth.signin'))),
    );
    ready();
    return;
  }
  el('adm-app').hidden = false;
  try {
    const [d, e, s] = await Promise.all([api('/api/v1/catalog/departments'), api('/api/v1/catalog/life-events'), api('/api/v1/catalog/summary')]);
    departments = d.items;
    events = e.items;
    labels = s.depths;
    setDepthLabels(s.depths);
  } catch (err) {
    say(el('adm-gate'), 'error', errorMessage(err));
  }
  renderExports();
  renderLabels();
  await loadItems();
  onLangChange(() => {
    renderItems();
    renderEditor();
    renderExports();
    renderLabels();
    if (siteDetail) renderWindows();
  });
  ready();
}

main();
