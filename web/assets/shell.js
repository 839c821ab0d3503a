// shell.js - the layout every page shares. Each page's HTML has an empty
// <header class="site-header"> and <footer class="site-footer"> around its
// <main>; startShell() fills them in: product name, navigation, language
// switch, large-text/high-contrast toggle, and the signed-in user (site, role,
// sign out) or a sign-in link, from GET /api/v1/me.
//
// Page modules call startShell() first, render their <main>, then ready().
// When the language changes the shell re-translates itself and calls the
// functions registered with onLangChange() so the page can re-render.

import { t, getLang, setLang, applyI18n, pick, LANGS } from './i18n.js';
import { api, errorMessage } from './api.js';

export const CONTRAST_KEY = 'onestop.contrast';
export const CONTRAST_CLASS = 'hc';

const langListeners = [];
let page = { titleKey: 'home.title', nav: 'home' };
let me = null;
let meError = null;

/** h('a', {href: '/', class: 'x'}, 'text', child, ...) - a small DOM builder.
 * Attributes with value null/false are left out; true gives an empty value.
 * Keys starting with "on" add event listeners. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

export function onLangChange(fn) {
  langListeners.push(fn);
}

export function currentUser() {
  return me;
}

function storage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function contrastOn() {
  return document.documentElement.classList.contains(CONTRAST_CLASS);
}

export function setContrast(on) {
  document.documentElement.classList.toggle(CONTRAST_CLASS, on);
  const s = storage();
  if (s) {
    try {
      s.setItem(CONTRAST_KEY, on ? 'on' : 'off');
    } catch {
      /* the choice lasts for this page only */
    }
  }
  const btn = document.getElementById('contrast-toggle');
  if (btn) btn.setAttribute('aria-pressed', String(on));
}

function readContrast() {
  const s = storage();
  try {
    return s ? s.getItem(CONTRAST_KEY) === 'on' : false;
  } catch {
    return false;
  }
}

function setTitle() {
  document.title = `${t(page.titleKey)} – ${t('app.name')}`;
}

function brandMark() {
  return h('img', { class: 'brand-mark', src: '/assets/favicon.svg', alt: '', width: 40, height: 40 });
}

function buildHeader(header) {
  const other = getLang() === 'en' ? 'zh-CN' : 'en';
  const langButtons = LANGS.map((lang) =>
    h(
      'button',
      {
        type: 'button',
        class: 'lang-btn',
        lang,
        'data-lang': lang,
        'aria-pressed': String(lang === getLang()),
        onclick: () => changeLang(lang),
      },
      lang === 'en' ? 'English' : '中文',
    ),
  );
  const contrastBtn = h(
    'button',
    {
      type: 'button',
      id: 'contrast-toggle',
      class: 'contrast-btn',
      'aria-pressed': String(contrastOn()),
      onclick: () => setContrast(!contrastOn()),
    },
    h('span', { class: 'contrast-icon', 'aria-hidden': 'true' }, 'A'),
    h('span', { 'data-i18n': 'contrast.toggle' }, t('contrast.toggle')),
  );
  const nav = [
    ['home', '/', 'nav.home'],
    ['sites', '/sites', 'nav.sites'],
  ].map(([id, href, key]) =>
    h(
      'li',
      {},
      h('a', { href, 'aria-current': page.nav === id ? 'page' : null, 'data-i18n': key }, t(key)),
    ),
  );

  header.replaceChildren(
    h(
      'div',
      { class: 'topbar' },
      h(
        'div',
        { class: 'wrap topbar-inner' },
        h('p', { class: 'topbar-note', 'data-i18n': 'app.tagline' }, t('app.tagline')),
        h(
          'div',
          { class: 'prefs', role: 'group', 'aria-label': t('prefs.label'), 'data-i18n-attr': 'aria-label:prefs.label' },
          h('div', { class: 'lang-switch', role: 'group', 'aria-label': t('lang.label') }, langButtons),
          contrastBtn,
        ),
      ),
    ),
    h(
      'div',
      { class: 'masthead' },
      h(
        'div',
        { class: 'wrap masthead-inner' },
        h(
          'a',
          { class: 'brand', href: '/' },
          brandMark(),
          h(
            'span',
            { class: 'brand-text' },
            h('span', { class: 'brand-name', 'data-i18n': 'app.name' }, t('app.name')),
            h('span', { class: 'brand-sub', id: 'brand-sub', lang: other }, otherName(other)),
          ),
        ),
        h('div', { class: 'account', id: 'account' }),
      ),
    ),
    h(
      'nav',
      { class: 'mainnav', 'aria-label': t('nav.label'), 'data-i18n-attr': 'aria-label:nav.label' },
      h('div', { class: 'wrap' }, h('ul', {}, nav)),
    ),
  );
}

// The product name in the other language, shown under the current one.
function otherName(lang) {
  return lang === 'en' ? 'OneStop Government Services' : '一站式政务服务平台';
}

function buildFooter(footer) {
  const year = new Date().getFullYear();
  footer.replaceChildren(
    h(
      'div',
      { class: 'wrap footer-inner' },
      h(
        'div',
        { class: 'footer-about' },
        h('p', { class: 'footer-name', 'data-i18n': 'app.name' }, t('app.name')),
        h('p', { 'data-i18n': 'footer.about' }, t('footer.about')),
      ),
      h(
        'div',
        { class: 'footer-side' },
        h('p', { class: 'footer-hotline', 'data-i18n': 'footer.hotline' }, t('footer.hotline')),
        h(
          'ul',
          { class: 'footer-links', 'aria-label': t('footer.links'), 'data-i18n-attr': 'aria-label:footer.links' },
          h('li', {}, h('a', { href: '/', 'data-i18n': 'nav.home' }, t('nav.home'))),
          h('li', {}, h('a', { href: '/sites', 'data-i18n': 'nav.sites' }, t('nav.sites'))),
        ),
        h('p', { class: 'footer-copy' }, `© ${year} OneStop`),
      ),
    ),
  );
}

function renderAccount() {
  const box = document.getElementById('account');
  if (!box) return;
  if (me?.authenticated && me.user) {
    const u = me.user;
    const place = [pick(u.site), pick(u.department)].filter(Boolean).join(' · ');
    box.replaceChildren(
      h(
        'div',
        { class: 'account-who' },
        h('span', { class: 'visually-hidden' }, `${t('auth.account')}: `),
        h('span', { class: 'account-name', id: 'account-name' }, u.display_name || u.login),
        h('span', { class: 'role-badge', id: 'account-role' }, pick(u.role_name) || u.role),
        place ? h('span', { class: 'account-site', id: 'account-site' }, place) : null,
      ),
      h(
        'a',
        { class: 'btn btn-on-dark', id: 'account-link', href: '/account', 'aria-current': page.nav === 'account' ? 'page' : null },
        t('auth.accountLink'),
      ),
      h('button', { type: 'button', class: 'btn btn-on-dark', id: 'signout', onclick: signOut }, t('auth.signout')),
    );
  } else {
    box.replaceChildren(
      h(
        'a',
        { class: 'btn btn-on-dark', id: 'signin', href: '/login', 'aria-current': page.nav === 'login' ? 'page' : null },
        t('auth.signin'),
      ),
    );
  }
}

async function signOut(ev) {
  const btn = ev.currentTarget;
  btn.disabled = true;
  try {
    await api('/api/v1/session', { method: 'DELETE' });
    window.location.reload();
  } catch (err) {
    btn.disabled = false;
    showNotice(`${t('error.signout')} ${errorMessage(err)}`);
  }
}

/** A message above the page content (role="alert"); null clears it. */
export function showNotice(text) {
  let box = document.getElementById('shell-notice');
  if (!text) {
    box?.remove();
    return;
  }
  if (!box) {
    box = h('div', { id: 'shell-notice', class: 'notice notice-error wrap', role: 'alert' });
    document.querySelector('main')?.prepend(box);
  }
  box.textContent = text;
}

function changeLang(lang) {
  if (lang === getLang()) return;
  setLang(lang);
  applyI18n(document);
  for (const b of document.querySelectorAll('.lang-btn'))
    b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
  const sub = document.getElementById('brand-sub');
  if (sub) {
    const other = lang === 'en' ? 'zh-CN' : 'en';
    sub.lang = other;
    sub.textContent = otherName(other);
  }
  renderAccount();
  if (meError) showNotice(errorMessage(meError));
  setTitle();
  for (const fn of langListeners) fn(lang);
}

/** Build the shell and load the current user. Resolves to the /api/v1/me
 * answer, or to an anonymous stand-in when the server could not answer (a
 * notice then says so). */
export async function startShell({ titleKey, nav }) {
  page = { titleKey, nav };
  const root = document.documentElement;
  root.lang = getLang();
  root.classList.toggle(CONTRAST_CLASS, readContrast());
  const header = document.querySelector('body > header');
  const footer = document.querySelector('body > footer');
  if (header) buildHeader(header);
  if (footer) buildFooter(footer);
  applyI18n(document);
  setTitle();
  root.classList.remove('i18n-pending');

  try {
    me = await api('/api/v1/me');
    meError = null;
  } catch (err) {
    meError = err;
    me = { authenticated: false, capabilities: [] };
    showNotice(errorMessage(err));
  }
  renderAccount();
  return me;
}

/** The page has finished rendering: tests wait for this. */
export function ready() {
  document.body.dataset.state = 'ready';
}
