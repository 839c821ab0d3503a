// tasks.js - what a capability key from GET /api/v1/me looks like on the
// home page: its label and description (dictionary keys in i18n.js), the page
// it links to, and an icon. Pages that are not built yet have href null and
// are shown with a "coming soon" badge. No DOM access at import time.

import { t, has } from './i18n.js';

// href null: the page comes with a later issue.
export const TASKS = {
  'catalog.search': { href: '/catalog', icon: 'search' },
  'hall.ticket': { href: '/kiosk', icon: 'ticket' },
  'hall.board': { href: '/board', icon: 'board' },
  'appointment.book': { href: '/appointments', icon: 'calendar' },
  'case.track': { href: '/my-cases', icon: 'track' },
  login: { href: '/login', icon: 'key' },
  'case.apply': { href: '/catalog', icon: 'form' },
  'case.mine': { href: '/my-cases', icon: 'folder' },
  'proxy.request': { href: '/proxy-request', icon: 'hand' },
  'review.rate': { href: '/review', icon: 'star' },
  'complaint.file': { href: '/complaint', icon: 'chat' },
  'bundle.apply': { href: '/catalog?tab=bundles', icon: 'stack' },
  'hall.guide': { href: '/kiosk?mode=guide', icon: 'guide' },
  'hall.window': { href: '/window', icon: 'window' },
  'case.accept': { href: '/case-inbox', icon: 'inbox' },
  'case.site': { href: '/case-inbox', icon: 'folder' },
  'case.review': { href: '/case-worklist', icon: 'check' },
  'case.department': { href: '/case-worklist', icon: 'folder' },
  'proxy.queue': { href: '/proxy-desk', icon: 'hand' },
  'proxy.visits': { href: '/butler', icon: 'home' },
  'proxy.mine': { href: '/butler', icon: 'hand' },
  'complaint.queue': { href: '/complaint-desk', icon: 'chat' },
  'complaint.figures': { href: '/complaint-figures', icon: 'chart' },
  'review.followup': { href: '/review-followup', icon: 'star' },
  'hall.monitor': { href: '/hall-stats', icon: 'board' },
  'stats.site': { href: '/figures', icon: 'chart' },
  'org.windows': { href: null, icon: 'window' },
  'audit.log': { href: '/audit', icon: 'list' },
  'security.accounts': { href: '/users', icon: 'users' },
  'security.policy': { href: null, icon: 'lock' },
  'org.sites': { href: '/sites', icon: 'building' },
  'catalog.admin': { href: '/catalog-admin', icon: 'stack' },
  'calendar.admin': { href: '/calendar', icon: 'calendar' },
  'visa.groups': { href: '/visa-agency', icon: 'users' },
  'visa.submit': { href: '/visa-agency', icon: 'plane' },
  'visa.review': { href: '/visa-officer', icon: 'check' },
  'visa.issue': { href: '/visa-officer?tab=arrivals', icon: 'passport' },
  'visa.special': { href: '/visa-officer?tab=special', icon: 'plane' },
  'stats.visa': { href: '/visa-stats', icon: 'chart' },
  // Not a capability: the extra card offered to people not signed in.
  sites: { href: '/sites', icon: 'building' },
};

/** One task as the home page shows it. Unknown keys (a newer server) still
 * get a card, labelled with the key and marked as coming soon. */
export function describeTask(key) {
  const def = TASKS[key];
  const known = def !== undefined && has(`task.${key}`);
  return {
    key,
    label: known ? t(`task.${key}`) : key,
    description: known ? t(`task.${key}.desc`) : t('task.unknown.desc'),
    href: def?.href ?? '#',
    comingSoon: !def?.href,
    icon: def?.icon ?? 'stack',
  };
}

/** The cards for a /api/v1/me answer, in the server's order; anonymous
 * visitors also get the service-sites card. */
export function tasksFor(me) {
  const keys = [...(me?.capabilities ?? [])];
  if (!me?.authenticated && !keys.includes('sites')) keys.push('sites');
  return keys.map(describeTask);
}

// 24x24 line icons, drawn with stroke="currentColor" through app.css.
export const ICONS = {
  search: ['M10.5 4a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13z', 'M15.5 15.5 20 20'],
  ticket: ['M4 7h16v3a2 2 0 0 0 0 4v3H4v-3a2 2 0 0 0 0-4z', 'M9 7v10'],
  board: ['M3 5h18v11H3z', 'M8 20h8', 'M12 16v4', 'M7 9h4', 'M7 12h7'],
  calendar: ['M4 6h16v14H4z', 'M4 10h16', 'M8 3v5', 'M16 3v5', 'M8 14h3'],
  track: ['M4 12h4l2-5 4 10 2-5h4'],
  key: ['M8 15a4 4 0 1 1 3.2-6.4', 'M11 11h9v3', 'M16 11v3'],
  form: ['M6 3h9l4 4v14H6z', 'M14 3v5h5', 'M9 12h7', 'M9 16h5'],
  folder: ['M3 6h6l2 2h10v11H3z', 'M3 10h18'],
  hand: ['M7 11V6a1.5 1.5 0 0 1 3 0v4', 'M10 10V4.5a1.5 1.5 0 0 1 3 0V10', 'M13 10V5.5a1.5 1.5 0 0 1 3 0V12', 'M16 9.5a1.5 1.5 0 0 1 3 0V14a7 7 0 0 1-7 7h-1a6 6 0 0 1-5-3l-2.5-4a1.5 1.5 0 0 1 2.5-1.6L7 14'],
  star: ['M12 3.5l2.6 5.3 5.9.9-4.3 4.1 1 5.8L12 16.9l-5.2 2.7 1-5.8-4.3-4.1 5.9-.9z'],
  chat: ['M4 5h16v11H9l-5 4z', 'M8 9h8', 'M8 12h5'],
  stack: ['M12 3l9 5-9 5-9-5z', 'M3 12l9 5 9-5', 'M3 16l9 5 9-5'],
  guide: ['M12 3a3 3 0 1 0 0 6 3 3 0 0 0 0-6z', 'M6 21v-5a6 6 0 0 1 12 0v5', 'M12 12v4'],
  window: ['M3 4h18v7H3z', 'M5 11v9', 'M19 11v9', 'M9 7h6', 'M3 20h18'],
  inbox: ['M4 13l2-8h12l2 8v6H4z', 'M4 13h5a3 3 0 0 0 6 0h5'],
  check: ['M6 3h12v18H6z', 'M9 12l2 2 4-4'],
  home: ['M3 11l9-7 9 7', 'M5 10v10h14V10', 'M10 20v-6h4v6'],
  chart: ['M4 20h16', 'M7 16v-5', 'M12 16V7', 'M17 16v-8'],
  list: ['M8 6h12', 'M8 12h12', 'M8 18h12', 'M4 6h.01', 'M4 12h.01', 'M4 18h.01'],
  users: ['M9 4a3 3 0 1 0 0 6 3 3 0 0 0 0-6z', 'M3 20v-2a5 5 0 0 1 10 0v2', 'M16 5a3 3 0 0 1 0 6', 'M17 14a5 5 0 0 1 4 4.9V20'],
  lock: ['M5 11h14v10H5z', 'M8 11V7a4 4 0 0 1 8 0v4', 'M12 15v2'],
  building: ['M4 21V8l8-5 8 5v13', 'M2 21h20', 'M8 21v-8', 'M12 21v-8', 'M16 21v-8', 'M4 9h16'],
  plane: ['M10 14l-6.5-2.5L4 10l7 1 4-6.5 2-.5-1.5 7.5 5 2-.5 1.5-5-.5L12 20l-1.5.5z'],
  passport: ['M6 3h12v18H6z', 'M12 8a3 3 0 1 0 0 6 3 3 0 0 0 0-6z', 'M9 17h6'],
};

/** An <svg> element for an icon name, hidden from assistive technology. */
export function iconSvg(name, doc = document) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = doc.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', 'icon');
  for (const d of ICONS[name] ?? ICONS.stack) {
    const p = doc.createElementNS(ns, 'path');
    p.setAttribute('d', d);
    svg.append(p);
  }
  return svg;
}
