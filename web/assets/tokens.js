// SPDX-License-Identifier: MIT
// Administration → API-Tokens: the organisation's tokens (who created
// them, until when they are valid, when they were last used), a new token
// with a name and an optional expiry (shown once), and revoking one.

import { get, post, del, qs } from './api.js';
import { t, fmtDate, fmtDateTime } from './i18n.js';
import {
  h, replace, pageHead, button, buildForm, emptyState, badge, paged, pagedTable, openDialog, confirmDialog, toast,
  errorMessage, newId,
} from './ui.js';

/** The end of the chosen day (yyyy-mm-dd) in the browser's time zone, as RFC 3339. */
function endOfDay(day) {
  const d = new Date(`${day}T23:59:59`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Shows a token once, with a button that copies it. */
function showToken(tok) {
  openDialog(t('tokens.created_title', { name: tok.name }), (close) => {
    const id = newId('token');
    const input = h('input', { id, type: 'text', readonly: true, value: tok.token, spellcheck: 'false', class: 'mono' });
    input.addEventListener('focus', () => input.select());
    return [
      h('p', { class: 'notice notice-info', role: 'status', text: t('tokens.created_text') }),
      h('div', { class: 'field' }, h('label', { for: id, text: t('tokens.token') }), input),
      h('div', { class: 'form-actions' },
        button(t('tokens.copy'), async () => {
          try {
            await navigator.clipboard.writeText(tok.token);
            toast(t('tokens.copied'));
          } catch (e) {
            input.focus();
          }
        }, 'secondary'),
        button(t('common.close'), close, 'primary')),
    ];
  });
}

function newToken(reload) {
  openDialog(t('tokens.new'), (close) => buildForm({
    fields: [
      { name: 'name', label: t('tokens.name'), required: true, maxlength: 200, autocomplete: 'off', hint: t('tokens.name_hint') },
      { name: 'expires', label: t('tokens.expires'), type: 'date', optional: true, hint: t('tokens.expires_hint') },
    ],
    submit: t('tokens.create_submit'),
    cancel: close,
    fieldAlias: { expires_at: 'expires' },
    errors: { 'invalid_field:expires_at': 'err.invalid_field.expires_at' },
    onSubmit: async (v) => {
      const body = { name: v.name };
      if (v.expires) body.expires_at = endOfDay(v.expires);
      const tok = await post('/tokens', body);
      close();
      reload();
      showToken(tok);
    },
  }).el);
}

async function revoke(tok, reload) {
  const ok = await confirmDialog(t('tokens.revoke_title', { name: tok.name }), t('tokens.revoke_text'), t('tokens.revoke'));
  if (!ok) return;
  try {
    await del(`/tokens/${tok.id}`);
    toast(t('tokens.revoked'));
    reload();
  } catch (err) {
    toast(errorMessage(err), 'error');
  }
}

function expiry(tok) {
  if (!tok.expires_at) return t('tokens.no_expiry');
  if (Date.parse(tok.expires_at) <= Date.now()) return badge(t('tokens.expired'), 'muted');
  return fmtDate(tok.expires_at);
}

export async function render(view, ctx) {
  const box = h('div');
  const reload = async () => {
    const target = h('div');
    const cols = [
      { label: t('tokens.name'), th: true },
      { label: t('tokens.user') },
      { label: t('tokens.created'), class: 'nowrap' },
      { label: t('tokens.expires'), class: 'nowrap' },
      { label: t('tokens.last_used'), class: 'nowrap' },
      { label: t('common.actions'), class: 'actions' },
    ];
    await paged(target, (cursor) => get(`/tokens${qs({ limit: 100, cursor })}`),
      pagedTable(cols, (items) => items.map((tok) => {
        const nameId = `tok-${tok.id}`;
        return [
          h('span', { id: nameId, text: tok.name }),
          tok.user.name,
          fmtDateTime(tok.created_at),
          expiry(tok),
          tok.last_used_at ? fmtDateTime(tok.last_used_at) : t('tokens.never'),
          h('div', { class: 'row-actions' },
            button(t('tokens.revoke'), () => revoke(tok, reload), 'danger-quiet', { 'aria-describedby': nameId })),
        ];
      }), null),
      emptyState(t('tokens.empty')));
    if (!ctx.alive()) return;
    const tbl = target.querySelector('table');
    if (tbl) tbl.setAttribute('aria-label', t('tokens.title'));
    replace(box, target);
  };
  replace(view,
    pageHead(t('tokens.title'), [button(t('tokens.new'), () => newToken(reload), 'primary')], t('tokens.intro')),
    box);
  await reload();
}
