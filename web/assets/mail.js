// SPDX-License-Identifier: MIT
// Administration → E-Mail-Protokoll: what was sent to whom about which
// Vorgang, its delivery state and last error; failed mail can be sent
// again, one by one or all at once (same Message-ID, due now).

import { get, post, qs } from './api.js';
import { t, fmtDateTime, has } from './i18n.js';
import {
  h, replace, pageHead, button, emptyState, badge, paged, pagedTable, toast, errorMessage,
} from './ui.js';

const STATE_KIND = { queued: 'info', sent: 'ok', failed: 'error' };

export async function render(view, ctx) {
  const f = { to: ctx.query.get('to') || '', process_id: ctx.query.get('process_id') || '' };
  const box = h('div');
  const to = h('input', { id: 'mail-to', type: 'search', value: f.to, autocomplete: 'off', spellcheck: 'false' });
  let timer = null;
  const resend = async (m, btn) => {
    btn.disabled = true;
    try {
      await post(`/mail/${m.id}/resend`);
      toast(t('mail.resent'));
    } catch (err) {
      toast(errorMessage(err, {}, { conflict: 'err.conflict.mail_resend' }), 'error');
    }
    await reload();
  };
  const resendAll = async (e) => {
    const btn = e.currentTarget;
    btn.disabled = true;
    try {
      const r = await post('/mail/resend');
      toast(r.resent ? t('mail.resent_all', { n: r.resent }) : t('mail.resent_none'));
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
    btn.disabled = false;
    await reload();
  };
  const action = (m) => {
    if (m.state !== 'failed') return '';
    const b = button(t('mail.resend'), () => resend(m, b), 'secondary',
      { 'aria-label': t('mail.resend_label', { to: m.to }) });
    return b;
  };
  const reload = async () => {
    history.replaceState(null, '', location.pathname + qs(f));
    const target = h('div');
    const cols = [
      { label: t('mail.created'), class: 'nowrap' },
      { label: t('mail.to') },
      { label: t('mail.subject') },
      { label: t('mail.kind') },
      { label: t('mail.state') },
      { label: t('mail.attempts'), class: 'num' },
      { label: t('mail.last_error') },
      { label: t('mail.process') },
      { label: t('mail.actions') },
    ];
    await paged(target, (cursor) => get(`/mail${qs({ ...f, limit: 100, cursor })}`),
      pagedTable(cols, (items) => items.map((m) => [
        fmtDateTime(m.created_at),
        m.to,
        m.subject,
        has(`mailkind.${m.kind}`) ? t(`mailkind.${m.kind}`) : m.kind,
        [badge(has(`mailstate.${m.state}`) ? t(`mailstate.${m.state}`) : m.state, STATE_KIND[m.state] || 'neutral'),
          m.sent_at ? h('span', { class: 'sub', text: fmtDateTime(m.sent_at) }) : null,
          m.state === 'queued' && m.attempts > 0 && m.next_attempt_at
            ? h('span', { class: 'sub', text: t('mail.next_attempt', { at: fmtDateTime(m.next_attempt_at) }) }) : null],
        String(m.attempts ?? 0),
        m.last_error ? h('span', { class: 'error-text', text: m.last_error }) : '–',
        m.process_id ? h('a', { href: `/vorgaenge/${m.process_id}`, text: t('mail.open_process') }) : '–',
        action(m),
      ]), null),
      emptyState(f.to || f.process_id ? t('mail.empty_filtered') : t('mail.empty')));
    if (!ctx.alive()) return;
    const tbl = target.querySelector('table');
    if (tbl) tbl.setAttribute('aria-label', t('mail.title'));
    replace(box, target);
  };
  to.addEventListener('input', () => {
    f.to = to.value.trim();
    clearTimeout(timer);
    timer = setTimeout(reload, 300);
  });
  const procFilter = f.process_id ? h('div', { class: 'filter filter-end chip' },
    h('span', { text: t('mail.only_process') }),
    button(t('filters.remove'), () => {
      f.process_id = '';
      procFilter.remove();
      reload();
    }, 'quiet')) : null;
  replace(view,
    pageHead(t('mail.title'), [button(t('mail.resend_all'), resendAll, 'secondary'),
      button(t('common.refresh'), () => reload(), 'secondary')], t('mail.intro')),
    h('form', { class: 'filters', role: 'search', 'aria-label': t('filters.label'), onsubmit: (e) => { e.preventDefault(); clearTimeout(timer); reload(); } },
      h('div', { class: 'filter filter-grow' }, h('label', { for: 'mail-to', text: t('mail.filter_to') }), to),
      procFilter),
    box);
  await reload();
}
