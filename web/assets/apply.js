// apply.js - apply online (/apply?item=ID, or /apply?bundle=ID for a "one
// thing, one go" bundle). Shows the item's name, department, limits and
// materials; the application form generated from the item's fields (the
// bundle's merged form), checked here the way the server checks it; one
// upload per material (PDF, JPEG, PNG up to 4 MiB; or a file filed before).
// "Save draft" creates the case as a draft (POST /api/v1/cases) and attaches
// the files; "Submit" does the same and submits it, then opens /case. A
// bundle posts once to /api/v1/bundles/{id}/apply, attaches the shared files
// to every case that asks for them and submits each.

import { t, pick, num } from './i18n.js';
import { api, ApiError } from './api.js';
import { startShell, ready, onLangChange, h, currentUser } from './shell.js';
import { limitText, feeText, deptName, itemName, depthBadge, setDepthLabels } from './catalog-common.js';
import {
  formFields,
  readFields,
  markServerField,
  clearOnInput,
  materialPicker,
  materialKey,
  myFiles,
  postOnce,
  newKey,
  problemText,
  act,
  normMaterials,
} from './cases-common.js';

const el = (id) => document.getElementById(id);
const params = new URLSearchParams(window.location.search);
const itemId = Number.parseInt(params.get('item') ?? '', 10) || null;
const bundleId = Number.parseInt(params.get('bundle') ?? '', 10) || null;

let item = null; // GET /api/v1/catalog/items/{id}
let bundle = null; // GET /api/v1/catalog/bundles/{id}
let loadError = null;
let files = []; // the caller's earlier files
const chosen = new Map(); // material name -> {id, name, size, mime}
let created = null; // the case (or the bundle application) once created
const idemKey = newKey();
let busy = false;
let status = null;

function say(fn) {
  status = fn;
  el('apply-status').textContent = fn ? fn() : '';
}

function fail(text) {
  el('apply-error').textContent = text || '';
}

function fields() {
  return (item ? item.form_fields : bundle?.form?.fields) ?? [];
}

function materials() {
  return (item ? item.materials : bundle?.materials) ?? [];
}

function canApply(me) {
  return Boolean(me?.authenticated && ['citizen', 'enterprise'].includes(me.user?.role));
}

function summary() {
  if (item) {
    return h(
      'section',
      { class: 'panel', 'aria-labelledby': 'sum-h' },
      h('h2', { id: 'sum-h' }, t('apply.summary')),
      h(
        'dl',
        { class: 'meta case-summary', id: 'apply-summary' },
        [
          ['apply.f.item', itemName(item)],
          ['apply.f.code', h('span', { class: 'code' }, item.code)],
          ['apply.f.department', deptName(item.department)],
          ['apply.f.limit', limitText(item)],
          ['apply.f.legal', item.legal_days ? t('cat.days', { n: item.legal_days }) : t('cat.legal.none')],
          ['apply.f.fee', feeText(item)],
          ['apply.f.depth', depthBadge(item.online_depth, { long: true })],
        ].map(([k, v]) => h('div', {}, h('dt', {}, t(k)), h('dd', {}, v))),
      ),
      h('p', { class: 'muted' }, t('apply.clock')),
    );
  }
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'sum-h' },
    h('h2', { id: 'sum-h' }, t('apply.bundle.summary', { n: num(bundle.items.length) })),
    h(
      'ol',
      { class: 'case-materials', id: 'apply-bundle-items' },
      bundle.items
        .filter((x) => x.current !== false)
        .map((x) => h('li', { 'data-item': x.code }, h('strong', {}, itemName(x)), ` · ${deptName(x.department)} · ${limitText(x)}`)),
    ),
    h('p', { class: 'muted' }, t('apply.bundle.lead', { days: bundle.promised_days })),
  );
}

function materialList() {
  const list = materials();
  if (!list.length) return h('p', { class: 'muted' }, t('apply.materials.none'));
  return h(
    'div',
    { id: 'apply-materials' },
    list.map((m, i) =>
      materialPicker({
        id: `mat-${i}`,
        name: m.name,
        required: m.required,
        condition: m.condition,
        files,
        onFile: (f) => {
          if (f) chosen.set(m.name, f);
          else chosen.delete(m.name);
        },
      }),
    ),
  );
}

function render() {
  const body = el('apply-body');
  const me = currentUser();
  if (!itemId && !bundleId) {
    body.replaceChildren(h('p', { class: 'notice notice-error', role: 'alert' }, t('apply.missing')));
    return;
  }
  if (loadError) {
    const msg = loadError instanceof ApiError && loadError.status === 404 ? t('apply.notfound') : problemText(loadError);
    body.replaceChildren(h('p', { class: 'notice notice-error', role: 'alert' }, msg));
    return;
  }
  const name = item ? itemName(item) : pick(bundle);
  document.title = `${t('apply.h1')}：${name} – ${t('app.name')}`;
  el('page-title').textContent = t('apply.h1.item', { name });
  el('apply-lead').textContent = item ? `${deptName(item.department)} · ${item.code}` : t('apply.bundle.h');
  el('apply-back').href = item ? `/item?id=${item.id}` : `/bundle?id=${bundle.id}`;
  el('apply-back').textContent = t('apply.back');
  const parts = [summary()];
  if (!me?.authenticated) {
    parts.push(
      h('p', { class: 'notice notice-info', id: 'apply-signin' }, t('apply.signin'), ' ', h('a', { href: '/login' }, t('auth.signin'))),
    );
    body.replaceChildren(...parts);
    return;
  }
  if (!canApply(me)) {
    parts.push(h('p', { class: 'notice notice-info', id: 'apply-staff' }, t('apply.staff'), ' ', h('a', { href: '/case-inbox' }, t('apply.staff.link'))));
    body.replaceChildren(...parts);
    return;
  }
  if (item && item.online_depth < 3) {
    parts.push(h('p', { class: 'notice notice-info', id: 'apply-offline' }, t('apply.offline')));
    body.replaceChildren(...parts);
    return;
  }
  const list = fields();
  parts.push(
    h(
      'form',
      { id: 'apply-form', novalidate: true, 'aria-labelledby': 'form-h' },
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'form-h' },
        h('h2', { id: 'form-h' }, t('apply.form')),
        h('p', { class: 'hint' }, t('apply.form.lead')),
        list.length ? h('div', { class: 'case-form', id: 'apply-fields' }, formFields(list, { prefix: 'f' })) : h('p', { class: 'muted' }, t('apply.form.none')),
      ),
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'mat-h' },
        h('h2', { id: 'mat-h' }, t('apply.materials', { n: num(materials().length) })),
        h('p', { class: 'hint' }, t('apply.materials.lead')),
        materialList(),
      ),
      h(
        'div',
        { class: 'case-actions' },
        item ? h('button', { type: 'button', class: 'btn btn-secondary btn-touch', id: 'apply-draft', onclick: () => go(false) }, t('apply.draft')) : null,
        h('button', { type: 'submit', class: 'btn btn-primary btn-touch', id: 'apply-submit' }, t('apply.submit')),
      ),
    ),
  );
  body.replaceChildren(...parts);
  clearOnInput(el('apply-form'));
  el('apply-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    go(true);
  });
}

// The file chosen for every required material (when submitting).
function checkMaterials(submitting) {
  let missing = 0;
  materials().forEach((m, i) => {
    const box = el(`mat-${i}`);
    const st = el(`mat-${i}-status`);
    if (!box || !st) return;
    if (submitting && m.required && !chosen.has(m.name)) {
      missing++;
      st.textContent = t('apply.material.missing');
      st.classList.add('is-error');
    } else if (st.classList.contains('is-error') && chosen.has(m.name)) {
      st.classList.remove('is-error');
    }
  });
  return missing;
}

async function attachAll(c) {
  let rows = [];
  try {
    const r = await api(`/api/v1/cases/${c.id}/materials`);
    rows = normMaterials(r);
  } catch {
    rows = [];
  }
  const keyOf = new Map(rows.map((x) => [x.name, x.key]));
  const attached = new Set(rows.filter((x) => x.file_id).map((x) => `${x.key}/${x.file_id}`));
  const names = rows.length ? rows.map((x) => x.name) : materials().map((m) => m.name);
  for (const name of new Set(names)) {
    const f = chosen.get(name);
    if (!f) continue;
    const key = keyOf.get(name) || materialKey(name);
    if (attached.has(`${key}/${f.id}`)) continue;
    await api(`/api/v1/cases/${c.id}/materials`, { method: 'POST', body: { material_key: key, file_id: f.id } });
  }
}

async function go(submitting) {
  if (busy) return;
  fail('');
  say(null);
  const form = el('apply-form');
  const { values, errors } = readFields(form, fields(), { prefix: 'f' });
  const missing = checkMaterials(submitting);
  const bad = Object.keys(errors).length;
  if (bad || missing) {
    fail(t('apply.check', { fields: num(bad), materials: num(missing) }));
    const first = form.querySelector('[aria-invalid="true"]') ?? form.querySelector('.case-upload-status.is-error')?.closest('fieldset')?.querySelector('input');
    first?.focus();
    return;
  }
  busy = true;
  for (const b of form.querySelectorAll('button')) b.disabled = true;
  say(() => t(submitting ? 'apply.sending' : 'apply.saving'));
  try {
    if (item) {
      created ??= await postOnce('/api/v1/cases', { item_id: item.id, form: values }, idemKey);
      await attachAll(created);
      if (submitting && created.state === 'draft') created = await act(created.id, 'submit');
      window.location.assign(`/case?id=${created.id}${submitting ? '&submitted=1' : '&saved=1'}`);
      return;
    }
    created ??= await postOnce(`/api/v1/bundles/${bundle.id}/apply`, { form: values }, idemKey);
    for (const c of created.cases ?? []) {
      // on a retry some cases may be submitted already: ask for the state
      const cur = await api(`/api/v1/cases/${c.id}`);
      if (cur.state !== 'draft') continue;
      await attachAll(cur);
      await act(cur.id, 'submit');
    }
    window.location.assign(`/my-cases?bundle_app=${created.bundle_app_id}`);
  } catch (err) {
    busy = false;
    for (const b of form.querySelectorAll('button')) b.disabled = false;
    say(null);
    markServerField(form, err, { prefix: 'f' });
    fail(problemText(err));
  }
}

function rawValues() {
  const out = {};
  for (const input of document.querySelectorAll('#apply-fields [data-field]'))
    if (input.matches('input, textarea')) out[input.dataset.field] = input.type === 'checkbox' ? input.checked : input.value;
  return out;
}

function restore(typed) {
  for (const input of document.querySelectorAll('#apply-fields [data-field]')) {
    if (!input.matches('input, textarea') || !(input.dataset.field in typed)) continue;
    if (input.type === 'checkbox') input.checked = Boolean(typed[input.dataset.field]);
    else input.value = typed[input.dataset.field];
  }
  materials().forEach((m, i) => {
    const f = chosen.get(m.name);
    const st = el(`mat-${i}-status`);
    if (f && st) st.textContent = t('case.upload.kept', { name: f.name });
  });
}

async function main() {
  const me = await startShell({ titleKey: 'apply.title', nav: 'catalog' });
  try {
    if (itemId) item = await api(`/api/v1/catalog/items/${itemId}`);
    else if (bundleId) bundle = await api(`/api/v1/catalog/bundles/${bundleId}`);
    const s = await api('/api/v1/catalog/summary').catch(() => null);
    setDepthLabels(s?.depths);
  } catch (err) {
    loadError = err;
  }
  if (canApply(me)) files = await myFiles();
  render();
  onLangChange(() => {
    // keep what was typed and the files chosen across the redraw
    const typed = rawValues();
    render();
    restore(typed);
    say(status);
  });
  ready();
}

main();
