// SPDX-License-Identifier: MIT
// Kundenportal: one request with its status, its public messages and a
// reply box.

import { get, post } from './api.js';
import { t, fmtDateTime } from './i18n.js';
import { h, replace, buildForm, loading, loadError, statusBadge, facts, toast } from './ui.js';
import { picker, thumbs, uploadAll } from './attach.js';

function message(author, mine, at, body) {
  return h('li', { class: `msg${mine ? ' msg-mine' : ''}` },
    h('p', { class: 'msg-head' },
      h('span', { class: 'msg-author', text: mine ? t('request.you') : author }),
      h('span', { class: 'msg-time', text: fmtDateTime(at) })),
    h('p', { class: 'msg-body', text: body }));
}

function draw(view, ctx, p, keep) {
  const me = ctx.user;
  const msgs = h('ol', { class: 'messages', 'aria-labelledby': 'msgs-h' },
    message(p.reporter && p.reporter.name, p.reporter && p.reporter.kind === 'contact' && p.reporter.id === me.id,
      p.created_at, p.description),
    (p.comments || []).filter((c) => !c.internal).map((c) => message(c.author.name,
      c.author.kind === 'contact' && c.author.id === me.id, c.created_at, c.body)));
  const form = buildForm({
    fields: [{ name: 'body', label: t('request.reply_label'), type: 'textarea', required: true, rows: 4, maxlength: 20000, value: keep || '' }],
    submit: t('request.reply_submit'),
    ariaLabel: t('request.reply_title'),
    onSubmit: async (v) => {
      await post(`/processes/${p.id}/comments`, { body: v.body, internal: false });
      toast(t('request.reply_sent'));
      const fresh = await get(`/processes/${p.id}`);
      if (ctx.alive()) {
        draw(view, ctx, fresh, '');
        const ta = view.querySelector('textarea');
        if (ta) ta.focus();
      }
    },
  });
  const assignees = (p.assignees || []).map((a) => a.name).join(', ');
  const status = h('div', { class: 'upload-status', 'aria-live': 'polite' });
  const files = h('section', { class: 'panel', 'aria-labelledby': 'files-h' },
    h('h2', { id: 'files-h', text: t('attach.title') }),
    thumbs(p.attachments) || h('p', { class: 'muted', text: t('attach.none') }),
    picker(async (chosen) => {
      status.replaceChildren(h('p', { text: t('attach.uploading') }));
      const up = await uploadAll(p.id, chosen);
      const fresh = await get(`/processes/${p.id}`);
      if (!ctx.alive()) return;
      draw(view, ctx, fresh, '');
      const st = view.querySelector('.upload-status');
      if (up.done.length) toast(t('attach.uploaded', { n: up.done.length }));
      st.replaceChildren(...up.failed.map((text) => h('p', { class: 'upload-error', role: 'alert', text })));
    }),
    h('p', { class: 'hint', text: t('attach.hint') }),
    status);
  replace(view,
    h('p', { class: 'crumb' }, h('a', { href: '/portal', text: t('request.back') })),
    h('div', { class: 'page-head' },
      h('div', { class: 'page-title' },
        h('p', { class: 'kicker', text: p.number }),
        h('h1', { tabindex: '-1', text: p.subject })),
      h('div', { class: 'page-actions' }, statusBadge(p.status))),
    h('div', { class: 'cols' },
      h('div', { class: 'col-main' },
        h('section', { class: 'panel', 'aria-labelledby': 'msgs-h' },
          h('h2', { id: 'msgs-h', text: t('request.messages') }),
          msgs,
          h('h3', { class: 'reply-title', text: t('request.reply_title') }),
          form.el)),
      h('aside', { class: 'col-side', 'aria-labelledby': 'facts-h' },
        h('section', { class: 'panel' },
          h('h2', { id: 'facts-h', text: t('request.details') }),
          facts([
            [t('request.kind'), p.type_name],
            [t('request.property'), p.property_name],
            p.unit_label ? [t('request.unit'), p.unit_label] : null,
            [t('request.filed'), fmtDateTime(p.created_at)],
            [t('request.updated'), fmtDateTime(p.updated_at)],
            assignees ? [t('request.handled_by'), assignees] : null,
          ])),
        files)));
}

export async function render(view, ctx) {
  replace(view, h('h1', { tabindex: '-1', class: 'sr-only', text: t('request.loading_title') }), loading());
  try {
    const p = await get(`/processes/${ctx.params[0]}`);
    if (!ctx.alive()) return;
    draw(view, ctx, p, '');
  } catch (err) {
    replace(view, h('h1', { tabindex: '-1', text: t('request.not_found_title') }), loadError(err),
      h('p', null, h('a', { href: '/portal', text: t('request.back') })));
  }
}
