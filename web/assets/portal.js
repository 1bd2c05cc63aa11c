// SPDX-License-Identifier: MIT
// Kundenportal: "Meine Anfragen", the requests of the logged-in tenant or owner.

import { get, qs } from './api.js';
import { t, fmtDate } from './i18n.js';
import { h, replace, append, pageHead, button, emptyState, statusBadge, paged } from './ui.js';
import { thumbs } from './attach.js';

/* Thumbnails of a request's photos, filled in once its list is known. */
async function fillThumbs(el, id) {
  try {
    const r = await get(`/processes/${id}/attachments`);
    const th = thumbs(r.items.filter((a) => a.content_type.startsWith('image/')).slice(0, 3), { small: true });
    if (th) el.replaceChildren(th);
  } catch (e) {
    // A request whose files cannot be listed shows none.
  }
}

function item(p) {
  const pics = h('div', { class: 'req-thumbs' });
  fillThumbs(pics, p.id);
  return h('li', { class: 'req' }, pics,
    h('div', { class: 'req-main' },
      h('a', { class: 'req-link', href: `/portal/anfragen/${p.id}`, text: p.subject }),
      h('p', { class: 'req-meta' },
        h('span', { text: p.number }), ' · ', h('span', { text: p.type_name }), ' · ',
        h('span', { text: t('portal.filed_on', { date: fmtDate(p.created_at) }) }))),
    h('div', { class: 'req-status' }, statusBadge(p.status)));
}

export async function render(view, ctx) {
  const newBtn = button(t('portal.new'), () => ctx.navigate('/portal/anfragen/neu'), 'primary');
  const body = h('div');
  replace(view, pageHead(t('portal.title'), [newBtn], t('portal.intro')), body);
  await paged(body,
    (cursor) => get(`/processes${qs({ limit: 50, cursor })}`),
    (items) => {
      const el = h('ul', { class: 'req-list' }, items.map(item));
      return { el, add: (more) => append(el, more.map(item)) };
    },
    emptyState(t('portal.empty'), h('p', { class: 'muted', text: t('portal.empty_hint') })));
}
