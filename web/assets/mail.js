// SPDX-License-Identifier: MIT
// Administration → E-Mail-Protokoll: what was sent to whom about which
// Vorgang, its delivery state and last error.

import { get, qs } from './api.js';
import { t, fmtDateTime, has } from './i18n.js';
import { h, replace, pageHead, button, emptyState, badge, paged, pagedTable } from './ui.js';

const STATE_KIND = { queued: 'info', sent: 'ok', failed: 'error' };

export async function render(view, ctx) {
  const f = { to: ctx.query.get('to') || '', process_id: ctx.query.get('process_id') || '' };
  const box = h('div');
  const to = h('input', { id: 'mail-to', type: 'search', value: f.to, autocomplete: 'off', spellcheck: 'false' });
  let timer = null;
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
    ];
    await paged(target, (cursor) => get(`/mail${qs({ ...f, limit: 100, cursor })}`),
      pagedTable(cols, (items) => items.map((m) => [
        fmtDateTime(m.created_at),
        m.to,
        m.subject,
        has(`mailkind.${m.kind}`) ? t(`mailkind.${m.kind}`) : m.kind,
        [badge(has(`mailstate.${m.state}`) ? t(`mailstate.${m.state}`) : m.state, STATE_KIND[m.state] || 'neutral'),
          m.sent_at ? h('span', { class: 'sub', text: fmtDateTime(m.sent_at) }) : null],
        String(m.attempts ?? 0),
        m.last_error ? h('span', { class: 'error-text', text: m.last_error }) : '–',
        m.process_id ? h('a', { href: `/vorgaenge/${m.process_id}`, text: t('mail.open_process') }) : '–',
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
    pageHead(t('mail.title'), [button(t('common.refresh'), () => reload(), 'secondary')], t('mail.intro')),
    h('form', { class: 'filters', role: 'search', 'aria-label': t('filters.label'), onsubmit: (e) => { e.preventDefault(); clearTimeout(timer); reload(); } },
      h('div', { class: 'filter filter-grow' }, h('label', { for: 'mail-to', text: t('mail.filter_to') }), to),
      procFilter),
    box);
  await reload();
}
