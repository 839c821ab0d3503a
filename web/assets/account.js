// account.js - one's own account: profile (GET /api/v1/account, personal
// data masked), password change (POST /api/v1/account/password), and the
// authenticator app (POST /api/v1/account/totp/enrol → QR code and secret,
// POST .../confirm {code}, DELETE /api/v1/account/totp).
//
// Enrolment mode: an administrator whose sign-in is waiting for a second
// factor he has not set up yet (GET /api/v1/me: mfa_pending and mfa_enrol)
// sees only the enrolment, started at once; the confirming code completes
// his sign-in and he goes home.

import { t, pick } from './i18n.js';
import { api, errorMessage } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';

const el = (id) => document.getElementById(id);

let me = null;
let account = null;
let enrolMode = false;
let enrolment = null; // {secret, uri, qr_svg} while enrolling
let busy = false;
const messages = {}; // box id -> () => text, re-translated on language change

function say(id, fn) {
  messages[id] = fn;
  el(id).textContent = fn ? fn() : '';
}

function fmtTime(iso) {
  if (!iso) return t('account.never');
  const d = new Date(iso);
  return new Intl.DateTimeFormat(document.documentElement.lang || 'zh-CN', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Asia/Shanghai',
  }).format(d);
}

function renderNotice() {
  const box = el('acc-notice');
  let parts = null;
  if (enrolMode) {
    parts = [t('account.enrolDue')];
  } else if (me?.mfa_pending) {
    parts = [t('account.codeDue'), ' ', h('a', { href: '/login' }, t('account.toLogin'))];
  } else if (!me?.authenticated) {
    parts = [t('account.signinFirst'), ' ', h('a', { href: '/login' }, t('auth.signin'))];
  }
  if (parts) {
    box.replaceChildren(...parts);
    box.hidden = false;
  } else {
    box.hidden = true;
  }
}

function renderProfile() {
  const panel = el('profile-panel');
  panel.hidden = !account;
  if (!account) return;
  const a = account;
  const rows = [
    ['account.f.login', a.login],
    ['account.f.name', a.display_name],
    ['account.f.role', pick(a.role_name) || a.role],
    ['account.f.site', a.site ? pick(a.site) : t('account.none')],
    ['account.f.department', a.department ? pick(a.department) : t('account.none')],
    ['account.f.phone', a.phone ?? t('account.none')],
    ['account.f.id', a.id_number ?? t('account.none')],
    ['account.f.pwChanged', fmtTime(a.password_changed_at)],
  ];
  el('profile').replaceChildren(
    ...rows.flatMap(([k, v]) => [h('dt', {}, t(k)), h('dd', { 'data-field': k.slice(10) }, v)]),
  );
}

function renderTotp() {
  const panel = el('totp-panel');
  panel.hidden = !(account || enrolMode);
  if (panel.hidden) return;
  const enabled = account?.totp_enabled === true;
  const required = enrolMode || account?.totp_required === true;
  el('totp-status').textContent = enabled
    ? t('account.totp.on')
    : required
      ? t('account.totp.offRequired')
      : t('account.totp.off');
  el('totp-status').dataset.state = enabled ? 'on' : required ? 'due' : 'off';
  const actions = [];
  if (!enabled && !enrolment && !enrolMode)
    actions.push(h('button', { type: 'button', class: 'btn btn-primary', id: 'totp-start', onclick: startEnrol }, t('account.totp.start')));
  if (enabled && !required)
    actions.push(h('button', { type: 'button', class: 'btn btn-secondary', id: 'totp-remove', onclick: removeTotp }, t('account.totp.remove')));
  if (enabled && required) actions.push(h('p', { class: 'hint' }, t('account.totp.keep')));
  el('totp-actions').replaceChildren(...actions);
  const box = el('totp-enrol');
  box.hidden = !enrolment;
  if (enrolment) {
    const img = el('totp-qr');
    img.src = `data:image/svg+xml;base64,${btoa(enrolment.qr_svg)}`;
    img.alt = t('account.totp.qrAlt', { login: account?.login ?? me?.login ?? '' });
    el('totp-secret').textContent = enrolment.secret.replace(/(.{4})(?=.)/g, '$1 ');
  }
}

function render() {
  renderNotice();
  renderProfile();
  renderTotp();
  el('password-panel').hidden = !account;
  for (const [id, fn] of Object.entries(messages)) if (fn) el(id).textContent = fn();
}

async function loadAccount() {
  try {
    account = await api('/api/v1/account');
  } catch (err) {
    account = null;
    say('totp-error', () => errorMessage(err));
  }
}

async function startEnrol() {
  if (busy) return;
  busy = true;
  say('totp-error', null);
  say('totp-ok', null);
  try {
    enrolment = await api('/api/v1/account/totp/enrol', { method: 'POST' });
    renderTotp();
    el('totp-code').value = '';
    el('totp-code').focus();
  } catch (err) {
    say('totp-error', () => (err?.status === 409 ? t('account.totp.already') : errorMessage(err)));
  } finally {
    busy = false;
  }
}

async function confirmTotp(ev) {
  ev.preventDefault();
  if (busy) return;
  const input = el('totp-code');
  const code = input.value.replace(/\s+/g, '');
  input.removeAttribute('aria-invalid');
  if (!/^[0-9]{6}$/.test(code)) {
    input.setAttribute('aria-invalid', 'true');
    say('totp-error', () => t('login.totp.format'));
    input.focus();
    return;
  }
  busy = true;
  el('totp-confirm').disabled = true;
  say('totp-error', null);
  try {
    const res = await api('/api/v1/account/totp/confirm', { method: 'POST', body: { code } });
    enrolment = null;
    if (res?.signed_in) {
      say('totp-ok', () => t('account.totp.doneSignedIn'));
      window.location.assign('/');
      return;
    }
    await loadAccount();
    render();
    say('totp-ok', () => t('account.totp.done'));
  } catch (err) {
    input.value = '';
    input.setAttribute('aria-invalid', 'true');
    say('totp-error', () =>
      err?.status === 422 ? t('account.totp.wrong') : err?.status === 429 ? t('login.rate') : errorMessage(err),
    );
    input.focus();
  } finally {
    busy = false;
    el('totp-confirm').disabled = false;
  }
}

async function removeTotp() {
  if (busy) return;
  busy = true;
  say('totp-error', null);
  try {
    await api('/api/v1/account/totp', { method: 'DELETE' });
    await loadAccount();
    render();
    say('totp-ok', () => t('account.totp.removed'));
  } catch (err) {
    say('totp-error', () => errorMessage(err));
  } finally {
    busy = false;
  }
}

function pwMessage(err) {
  const p = err?.problem;
  if (err?.status === 422 && p?.field === 'current') return () => t('account.pw.wrongCurrent');
  if (err?.status === 422 && p?.field === 'new') {
    if (/12 characters/.test(p.detail ?? '')) return () => t('account.pw.tooShort');
    if (/user name/.test(p.detail ?? '')) return () => t('account.pw.isLogin');
    if (/differ/.test(p.detail ?? '')) return () => t('account.pw.same');
    return () => t('account.pw.refused');
  }
  return () => errorMessage(err);
}

async function changePassword(ev) {
  ev.preventDefault();
  if (busy) return;
  const cur = el('pw-current');
  const nw = el('pw-new');
  const again = el('pw-again');
  for (const i of [cur, nw, again]) i.removeAttribute('aria-invalid');
  say('password-ok', null);
  const fail = (input, fn) => {
    input.setAttribute('aria-invalid', 'true');
    say('password-error', fn);
    input.focus();
  };
  if (!cur.value) return fail(cur, () => t('account.pw.missing'));
  if ([...nw.value].length < 12) return fail(nw, () => t('account.pw.tooShort'));
  if (nw.value !== again.value) return fail(again, () => t('account.pw.mismatch'));
  busy = true;
  el('pw-submit').disabled = true;
  say('password-error', null);
  try {
    await api('/api/v1/account/password', { method: 'POST', body: { current: cur.value, new: nw.value } });
    for (const i of [cur, nw, again]) i.value = '';
    await loadAccount();
    renderProfile();
    say('password-ok', () => t('account.pw.done'));
  } catch (err) {
    const input = err?.problem?.field === 'current' ? cur : nw;
    fail(input, pwMessage(err));
  } finally {
    busy = false;
    el('pw-submit').disabled = false;
  }
}

async function main() {
  el('password-form').addEventListener('submit', changePassword);
  el('totp-form').addEventListener('submit', confirmTotp);
  me = await startShell({ titleKey: 'account.title', nav: 'account' });
  enrolMode = me?.mfa_pending === true && me.mfa_enrol === true;
  if (me?.authenticated) await loadAccount();
  render();
  if (enrolMode) await startEnrol();
  onLangChange(render);
  ready();
}

main();
