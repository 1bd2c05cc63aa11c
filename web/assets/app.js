// SPDX-License-Identifier: MIT
// The single-page shell: session, router (history API), header and
// navigation. Screens are ES modules loaded on first use, so the portal
// loads only what it needs.

import { loadLang, preferredLang, currentLang, t } from './i18n.js';
import { get, post, del, setCsrf, setAuthLostHandler } from './api.js';
import { h, replace, toast, openDialog, buildForm } from './ui.js';

const state = { user: null };

// Route table: pattern (string or RegExp on location.pathname), screen
// module, access (public, staff, admin, contact), nav section and item.
const ROUTES = [
  { path: '/login', screen: 'login', access: 'public', args: { mode: 'login' } },
  { path: '/portal/login', screen: 'login', access: 'public', args: { mode: 'login', portal: true } },
  { path: '/passwort-vergessen', screen: 'login', access: 'public', args: { mode: 'forgot' } },
  { path: '/portal/passwort-vergessen', screen: 'login', access: 'public', args: { mode: 'forgot', portal: true } },
  { path: '/invite', screen: 'login', access: 'public', args: { mode: 'invite' } },
  { path: '/portal/invite', screen: 'login', access: 'public', args: { mode: 'invite', portal: true } },
  { path: '/reset', screen: 'login', access: 'public', args: { mode: 'reset' } },
  { path: '/portal/reset', screen: 'login', access: 'public', args: { mode: 'reset', portal: true } },

  { path: '/vorgaenge', screen: 'processes', access: 'staff', section: 'processes', item: 'mine', args: { view: 'mine' } },
  { path: '/vorgaenge/alle', screen: 'processes', access: 'staff', section: 'processes', item: 'all', args: { view: 'all' } },
  { path: '/vorgaenge/nicht-zugeordnet', screen: 'processes', access: 'staff', section: 'processes', item: 'unrouted', args: { view: 'unrouted' } },
  { path: '/vorgaenge/neu', screen: 'process-new', access: 'staff', section: 'processes' },
  { path: /^\/vorgaenge\/(\d+)$/, screen: 'process', access: 'staff', section: 'processes' },
  { path: '/liegenschaften', screen: 'properties', access: 'staff', section: 'properties' },
  { path: /^\/liegenschaften\/(\d+)$/, screen: 'property', access: 'staff', section: 'properties' },
  { path: '/administration', redirect: '/administration/mitarbeiterverwaltung' },
  { path: '/administration/mitarbeiterverwaltung', screen: 'employees', access: 'admin', section: 'admin', item: 'employees' },
  { path: /^\/administration\/mitarbeiterverwaltung\/(\d+)$/, screen: 'employee', access: 'admin', section: 'admin', item: 'employees' },
  { path: '/profil', screen: 'profile', access: 'staff', section: 'profile' },
  { path: '/administration/mitarbeiterrollen', screen: 'roles', access: 'admin', section: 'admin', item: 'employees' },
  { path: '/administration/vorgangstypen', screen: 'ptypes', access: 'admin', section: 'admin', item: 'ptypes' },
  { path: '/administration/vorgangstypen/neu', screen: 'ptype', access: 'admin', section: 'admin', item: 'ptypes', args: { create: true } },
  { path: /^\/administration\/vorgangstypen\/(\d+)$/, screen: 'ptype', access: 'admin', section: 'admin', item: 'ptypes' },
  { path: '/administration/kontakte', screen: 'contacts', access: 'admin', section: 'admin', item: 'contacts' },
  { path: '/administration/e-mail-protokoll', screen: 'mail', access: 'admin', section: 'admin', item: 'mail' },
  { path: '/administration/api-tokens', screen: 'tokens', access: 'admin', section: 'admin', item: 'tokens' },

  { path: '/portal', screen: 'portal', access: 'contact', section: 'portal', item: 'requests' },
  { path: '/portal/anfragen', redirect: '/portal' },
  { path: '/portal/anfragen/neu', screen: 'portal-new', access: 'contact', section: 'portal', item: 'requests' },
  { path: /^\/portal\/anfragen\/(\d+)$/, screen: 'portal-request', access: 'contact', section: 'portal', item: 'requests' },
];

const screens = new Map();
async function loadScreen(name) {
  if (!screens.has(name)) screens.set(name, import(`./${name}.js`));
  return screens.get(name);
}

function match(pathname) {
  const p = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  for (const r of ROUTES) {
    if (typeof r.path === 'string' && r.path === p) return { route: r, params: [] };
    if (r.path instanceof RegExp) {
      const m = r.path.exec(p);
      if (m) return { route: r, params: m.slice(1) };
    }
  }
  return null;
}

function homeOf(user) {
  if (!user) return '/login';
  return user.kind === 'contact' ? '/portal' : '/vorgaenge';
}

/** Whether path may be used as a "next" target after login. */
function safeNext(path) {
  return typeof path === 'string' && /^\/[^/\\]/.test(path) && !path.startsWith('/api/');
}

let renderSeq = 0;

/** Goes to path (pushState unless replace) and renders it. */
export function navigate(path, { replace: rep = false } = {}) {
  if (rep) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  return render({ focus: true });
}

/** Re-renders the current page (after a language switch or login). */
export function refresh() {
  return render({ focus: false });
}

async function render({ focus }) {
  const seq = ++renderSeq;
  const { pathname, search } = location;
  const m = match(pathname);
  if (!m) {
    if (pathname === '/' || pathname === '') return navigate(homeOf(state.user), { replace: true });
    return shell(null, (view) => replace(view,
      h('h1', { tabindex: '-1', text: t('notfound.title') }),
      h('p', { text: t('notfound.text') }),
      h('p', null, h('a', { href: homeOf(state.user), text: t('notfound.home') }))), focus);
  }
  const { route, params } = m;
  if (route.redirect) return navigate(route.redirect, { replace: true });
  const u = state.user;
  const portalPath = pathname.startsWith('/portal');
  if (route.access !== 'public' && !u) {
    const next = pathname + search;
    return navigate(`${portalPath ? '/portal/login' : '/login'}?next=${encodeURIComponent(next)}`, { replace: true });
  }
  if (route.access === 'public' && u && route.args.mode === 'login') {
    return navigate(homeOf(u), { replace: true });
  }
  // A link to a Vorgang opens the page the user may see: the back-office
  // page for employees, the request page for tenants and owners.
  if ((route.access === 'staff' || route.access === 'admin') && u.kind !== 'employee') {
    return navigate(route.screen === 'process' ? `/portal/anfragen/${params[0]}` : '/portal', { replace: true });
  }
  if (route.access === 'contact' && u.kind !== 'contact') {
    return navigate(route.screen === 'portal-request' ? `/vorgaenge/${params[0]}` : '/vorgaenge', { replace: true });
  }
  let mod;
  try {
    mod = await loadScreen(route.screen);
  } catch (e) {
    console.error(e); // eslint-disable-line no-console
    return shell(route, (view) => replace(view, h('h1', { tabindex: '-1', text: t('err.title') }),
      h('p', { class: 'notice notice-error', role: 'alert', text: t('err.network') })), focus);
  }
  if (seq !== renderSeq) return undefined;
  if (route.access === 'admin' && !u.is_admin) {
    return shell(route, (view) => replace(view, h('h1', { tabindex: '-1', text: t('forbidden.title') }),
      h('p', { text: t('forbidden.text') })), focus);
  }
  const ctx = {
    user: u,
    params,
    query: new URLSearchParams(search),
    args: route.args || {},
    navigate,
    refresh,
    setUser,
    logout,
    portal: route.args && route.args.portal,
    homeOf,
    safeNext,
    alive: () => seq === renderSeq,
  };
  return shell(route, (view) => mod.render(view, ctx), focus);
}

async function shell(route, fill, focus) {
  const app = document.getElementById('app');
  const view = h('div', { class: 'view' });
  const main = h('main', { id: 'main', tabindex: '-1' }, view,
    h('div', { id: 'toast', class: 'toast', role: 'status', 'aria-live': 'polite', hidden: true }));
  const keepToast = document.getElementById('toast');
  if (keepToast && !keepToast.hidden) {
    main.lastChild.replaceWith(keepToast);
  }
  replace(app,
    h('a', { class: 'skip-link', href: '#main', text: t('nav.skip') }),
    header(route),
    main);
  document.body.classList.toggle('is-portal', !!(state.user ? state.user.kind === 'contact' : route && route.args && route.args.portal));
  await fill(view);
  const h1 = view.querySelector('h1');
  document.title = h1 && h1.textContent ? `${h1.textContent} – hausdesk` : 'hausdesk';
  if (focus) {
    const af = view.querySelector('[autofocus]');
    (af || h1 || main).focus();
  }
}

/** Sets the document title after a screen changed its heading. */
export function retitle() {
  const h1 = document.querySelector('main h1');
  document.title = h1 && h1.textContent ? `${h1.textContent} – hausdesk` : 'hausdesk';
}

function navLink(href, label, current) {
  return h('a', { href, class: current ? 'current' : null, 'aria-current': current ? 'page' : null, text: label });
}

function langButton() {
  const other = currentLang() === 'de' ? 'en' : 'de';
  return h('button', {
    type: 'button',
    class: 'btn btn-quiet lang-switch',
    lang: other,
    onclick: async () => {
      await loadLang(other);
      const toastEl = document.getElementById('toast');
      if (toastEl) toastEl.hidden = true;
      await refresh();
      const b = document.querySelector('.lang-switch');
      if (b) b.focus();
    },
    text: t(`lang.switch_to_${other}`),
  });
}

function header(route) {
  const u = state.user;
  const portal = u ? u.kind === 'contact' : !!(route && route.args && route.args.portal);
  const brand = h('a', { class: 'brand', href: homeOf(u) },
    h('span', { class: 'brand-mark', 'aria-hidden': 'true', text: 'h' }),
    h('span', { class: 'brand-name', text: 'hausdesk' }),
    portal ? h('span', { class: 'brand-sub', text: t('nav.portal') }) : null);
  const sec = route && route.section;
  const right = h('div', { class: 'header-tools' }, langButton(),
    u ? [
      u.kind === 'employee'
        ? h('a', { class: 'user-name', href: '/profil', title: t('profile.title'), 'aria-current': sec === 'profile' ? 'page' : null, text: u.name })
        : h('span', { class: 'user-name', text: u.name }),
      h('button', { type: 'button', class: 'btn btn-quiet', onclick: () => logout(), text: t('nav.logout') }),
    ] : null);
  const item = route && route.item;
  let nav = null;
  let sub = null;
  if (u && u.kind === 'employee') {
    nav = h('nav', { class: 'mainnav', 'aria-label': t('nav.main') },
      h('ul', null,
        h('li', null, navLink('/vorgaenge', t('nav.processes'), sec === 'processes')),
        h('li', null, navLink('/liegenschaften', t('nav.properties'), sec === 'properties')),
        u.is_admin ? h('li', null, navLink('/administration/mitarbeiterverwaltung', t('nav.admin'), sec === 'admin')) : null));
    if (sec === 'processes') {
      sub = [
        ['/vorgaenge', t('nav.mine'), 'mine'],
        ['/vorgaenge/alle', t('nav.all'), 'all'],
        ['/vorgaenge/nicht-zugeordnet', t('nav.unrouted'), 'unrouted'],
      ];
    } else if (sec === 'admin') {
      sub = [
        ['/administration/mitarbeiterverwaltung', t('nav.employees'), 'employees'],
        ['/administration/vorgangstypen', t('nav.ptypes'), 'ptypes'],
        ['/administration/kontakte', t('nav.contacts'), 'contacts'],
        ['/administration/e-mail-protokoll', t('nav.mail'), 'mail'],
        ['/administration/api-tokens', t('nav.tokens'), 'tokens'],
      ];
    }
  } else if (u && u.kind === 'contact') {
    nav = h('nav', { class: 'mainnav', 'aria-label': t('nav.main') },
      h('ul', null, h('li', null, navLink('/portal', t('nav.my_requests'), sec === 'portal'))));
  }
  const subLabel = sec === 'admin' ? t('nav.admin') : t('nav.processes');
  return h('header', { class: 'topbar' },
    h('div', { class: 'topbar-row' }, brand, nav, right),
    sub ? h('nav', { class: 'subnav', 'aria-label': subLabel },
      h('ul', null, sub.map(([href, label, key]) => h('li', null, navLink(href, label, item === key))))) : null);
}

function setUser(user, csrf) {
  state.user = user;
  if (csrf !== undefined) setCsrf(csrf);
}

async function logout() {
  const portal = state.user && state.user.kind === 'contact';
  try {
    await del('/session', { quiet: true });
  } catch (e) { /* the session is dropped locally either way */ }
  state.user = null;
  setCsrf(null);
  await navigate(portal ? '/portal/login' : '/login');
  toast(t('login.logged_out'));
}

// A lost session while saving must not cost the user the form input: a
// dialog logs in again on top of the page, then the user sends again.
function relogin() {
  if (document.querySelector('dialog.relogin')) return;
  const before = state.user;
  openDialog(t('relogin.title'), (close) => [
    h('p', { text: t('relogin.intro') }),
    buildForm({
      fields: [
        { name: 'email', label: t('login.email'), type: 'email', required: true, autocomplete: 'username', value: before.email },
        { name: 'password', label: t('login.password'), type: 'password', required: true, autocomplete: 'current-password', autofocus: true },
      ],
      submit: t('login.submit'),
      cancel: close,
      errors: { unauthenticated: 'err.login_failed', invalid_field: 'err.login_failed' },
      onSubmit: async (v) => {
        // The organisation of the session that ended, for an address
        // with accounts in several.
        const body = { email: v.email, password: v.password };
        if (before.org_id && v.email.toLowerCase() === String(before.email).toLowerCase()) body.org = before.org_id;
        const ans = await post('/session', body, { quiet: true });
        setUser(ans.user, ans.csrf_token || null);
        close();
        if (ans.user.id !== before.id) {
          await navigate(homeOf(ans.user));
        } else {
          toast(t('relogin.done'));
        }
      },
    }).el,
  ], { className: 'relogin' });
}

let authLostShown = false;
setAuthLostHandler((err, method) => {
  if (method !== 'GET' && state.user) {
    relogin();
    return;
  }
  if (authLostShown) return;
  authLostShown = true;
  const portal = (state.user && state.user.kind === 'contact') || location.pathname.startsWith('/portal');
  state.user = null;
  setCsrf(null);
  const next = location.pathname + location.search;
  navigate(`${portal ? '/portal/login' : '/login'}?next=${encodeURIComponent(next)}&expired=1`, { replace: true })
    .finally(() => { authLostShown = false; });
});

// Same-origin links are handled by the router; modified clicks open tabs.
document.addEventListener('click', (ev) => {
  if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  const a = ev.target.closest('a[href]');
  if (!a || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  if (url.hash && url.pathname === location.pathname && url.search === location.search) return;
  ev.preventDefault();
  navigate(url.pathname + url.search);
});

window.addEventListener('popstate', () => render({ focus: true }));

async function start() {
  try {
    await loadLang(preferredLang());
  } catch (e) {
    await loadLang('de').catch(() => {});
  }
  try {
    const me = await get('/me', { quiet: true });
    state.user = me.user;
    if (me.csrf_token) setCsrf(me.csrf_token);
  } catch (e) {
    state.user = null;
  }
  await render({ focus: false });
}

start();
