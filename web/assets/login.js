// SPDX-License-Identifier: MIT
// Login, "Passwort vergessen?", accepting an invitation and setting a new
// password from a reset link; for the back office and the Kundenportal.

import { post } from './api.js';
import { t } from './i18n.js';
import { h, replace, buildForm, toast, newId } from './ui.js';

function passwordToggle(form) {
  const id = 'show-password';
  const box = h('input', {
    type: 'checkbox', id,
    onchange: () => {
      form.fields.password.input.type = box.checked ? 'text' : 'password';
    },
  });
  return h('div', { class: 'check show-password' }, box, h('label', { for: id, text: t('login.show_password') }));
}

function card(ctx, title, intro, ...body) {
  return h('div', { class: 'auth' },
    h('div', { class: 'auth-card' },
      ctx.portal ? h('p', { class: 'auth-kicker', text: t('nav.portal') }) : null,
      h('h1', { tabindex: '-1', text: title }),
      intro ? h('p', { class: 'intro', text: intro }) : null,
      body));
}

function afterLogin(ctx, answer) {
  ctx.setUser(answer.user, answer.csrf_token || null);
  const next = ctx.query.get('next');
  const home = ctx.homeOf(answer.user);
  const portalNext = next && next.startsWith('/portal');
  const fits = next && ctx.safeNext(next) && (answer.user.kind === 'contact') === portalNext;
  return ctx.navigate(fits ? next : home, { replace: true });
}

/**
 * The organisation a link names (?org=, or the ?org= of the page to go to
 * after the login), or undefined: an address may have an account with
 * several Hausverwaltungen.
 */
function linkedOrg(ctx) {
  let v = ctx.query.get('org');
  const next = ctx.query.get('next');
  if (!v && next) {
    try {
      v = new URL(next, location.origin).searchParams.get('org');
    } catch (e) {
      v = null;
    }
  }
  return /^[1-9]\d{0,17}$/.test(v || '') ? Number(v) : undefined;
}

/** The choice of Hausverwaltung after 409 org_required: a radio group. */
function orgChoice(orgs) {
  const name = newId('org');
  return h('fieldset', { class: 'field field-radios org-choice' },
    h('legend', null, t('login.choose_org')),
    h('p', { class: 'hint', text: t('login.choose_org_intro') }),
    h('div', { class: 'options' }, orgs.map((o, i) => {
      const id = newId('org-opt');
      return h('div', { class: 'check' },
        h('input', { type: 'radio', id, name, value: String(o.id), checked: i === 0 }),
        h('label', { for: id, text: o.name }));
    })));
}

function loginPage(view, ctx) {
  const linked = linkedOrg(ctx);
  let choice = null; // the radio group, once the server asked which
  const form = buildForm({
    fields: [
      { name: 'email', label: t('login.email'), type: 'email', required: true, autocomplete: 'username', autofocus: true, spellcheck: false },
      { name: 'password', label: t('login.password'), type: 'password', required: true, autocomplete: 'current-password' },
    ],
    submit: t('login.submit'),
    errors: { unauthenticated: 'err.login_failed', 'invalid_field:email': 'err.login_failed', 'invalid_field:password': 'err.login_failed' },
    fieldAlias: {},
    onSubmit: async (v) => {
      const body = { email: v.email, password: v.password };
      const picked = choice && choice.querySelector('input:checked');
      if (picked) body.org = Number(picked.value);
      else if (linked !== undefined) body.org = linked;
      const ans = await post('/session', body, { quiet: true });
      await afterLogin(ctx, ans);
    },
  });
  // Another address: the organisations offered were the other one's.
  form.fields.email.input.addEventListener('input', () => {
    if (choice) choice.remove();
    choice = null;
  });
  // A failed login is not about one field: show it above the form.
  const show = form.showError;
  form.showError = (err) => {
    if (err && err.code === 'org_required' && Array.isArray(err.details.orgs) && err.details.orgs.length) {
      const next = orgChoice(err.details.orgs);
      if (choice) choice.replaceWith(next);
      else form.el.insertBefore(next, form.el.querySelector('.form-actions'));
      choice = next;
      choice.querySelector('input').focus();
      return;
    }
    if (err && err.code === 'too_many_requests') {
      const minutes = Math.max(1, Math.ceil((err.retryAfter || 60) / 60));
      form.fieldError(null, t('login.slowed', { minutes }), false);
      form.fields.password.input.focus();
      return;
    }
    if (err && (err.code === 'unauthenticated' || err.code === 'invalid_field')) {
      form.fieldError(null, t('err.login_failed'), false);
      form.fields.password.input.focus();
      return;
    }
    show(err);
  };
  const forgot = ctx.portal ? '/portal/passwort-vergessen' : '/passwort-vergessen';
  replace(view, card(ctx,
    ctx.portal ? t('login.portal_title') : t('login.title'),
    ctx.portal ? t('login.portal_intro') : null,
    ctx.query.get('expired') ? h('p', { class: 'notice notice-info', role: 'status', text: t('login.expired') }) : null,
    form.el,
    h('p', { class: 'auth-links' }, h('a', { href: forgot, text: t('login.forgot') })),
    ctx.portal ? h('p', { class: 'muted small', text: t('login.portal_no_access') }) : null));
}

function forgotPage(view, ctx) {
  const back = ctx.portal ? '/portal/login' : '/login';
  const box = h('div');
  const form = buildForm({
    fields: [
      { name: 'email', label: t('login.email'), type: 'email', required: true, autocomplete: 'username', autofocus: true, spellcheck: false },
    ],
    submit: t('forgot.submit'),
    onSubmit: async (v) => {
      const org = linkedOrg(ctx);
      await post('/password-reset', org === undefined ? { email: v.email } : { email: v.email, org }, { quiet: true });
      replace(box, h('div', { class: 'notice notice-ok', role: 'status', tabindex: '-1' },
        h('p', { text: t('forgot.sent', { email: v.email }) })));
      box.firstChild.focus();
    },
  });
  box.append(form.el);
  replace(view, card(ctx, t('forgot.title'), t('forgot.intro'), box,
    h('p', { class: 'auth-links' }, h('a', { href: back, text: t('forgot.back') }))));
}

function tokenPage(view, ctx) {
  const invite = ctx.args.mode === 'invite';
  const token = ctx.query.get('token') || '';
  const title = invite ? (ctx.portal ? t('invite.portal_title') : t('invite.title')) : t('reset.title');
  const forgot = ctx.portal ? '/portal/passwort-vergessen' : '/passwort-vergessen';
  if (!/^[A-Za-z0-9_.~-]{8,200}$/.test(token)) {
    replace(view, card(ctx, title, null,
      h('p', { class: 'notice notice-error', role: 'alert', text: t('err.invalid_token') }),
      invite ? h('p', { text: t('invite.ask_again') })
        : h('p', { class: 'auth-links' }, h('a', { href: forgot, text: t('reset.new_link') }))));
    return;
  }
  const form = buildForm({
    fields: [
      { name: 'password', label: t('invite.password'), type: 'password', required: true, minlength: 10, autocomplete: 'new-password', autofocus: true, hint: t('invite.password_hint') },
    ],
    footer: null,
    submit: invite ? t('invite.submit') : t('reset.submit'),
    errors: {
      invalid_token: 'err.invalid_token',
      token_used: invite ? 'err.token_used_invite' : 'err.token_used_reset',
    },
    onSubmit: async (v) => {
      const path = invite ? '/invitations/accept' : '/password-reset/confirm';
      const ans = await post(path, { token, password: v.password }, { quiet: true });
      if (ans && ans.user) {
        ctx.setUser(ans.user, ans.csrf_token || null);
        await ctx.navigate(ctx.homeOf(ans.user), { replace: true });
        toast(invite ? t('invite.done', { name: ans.user.name }) : t('reset.done'));
      } else {
        await ctx.navigate(ctx.portal ? '/portal/login' : '/login', { replace: true });
        toast(t('reset.done_login'));
      }
    },
  });
  form.el.insertBefore(passwordToggle(form), form.el.querySelector('.form-actions'));
  replace(view, card(ctx, title, invite ? t('invite.intro') : t('reset.intro'), form.el,
    invite ? null : h('p', { class: 'auth-links' }, h('a', { href: forgot, text: t('reset.new_link') }))));
}

export function render(view, ctx) {
  const mode = ctx.args.mode;
  if (mode === 'forgot') return forgotPage(view, ctx);
  if (mode === 'invite' || mode === 'reset') return tokenPage(view, ctx);
  return loginPage(view, ctx);
}
