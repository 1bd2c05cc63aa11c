// SPDX-License-Identifier: MIT
// Back office: one Vorgang. Its data, the assignees with the reason each
// was assigned, status change, reassigning, "Neu zuordnen", comments
// (internal or public, clearly marked) and the history.

import { get, post, patch } from './api.js';
import { t, fmtDateTime, has } from './i18n.js';
import {
  h, replace, button, buildForm, loading, loadError, statusBadge, badge, facts, toast, openDialog, errorMessage, STATUSES,
} from './ui.js';
import { picker, thumbs, uploadAll } from './attach.js';
import { awayMap, awayBadge } from './absences.js';
import { editButton } from './process-edit.js';
import { reassignDialog } from './reassign.js';
import { reporterCard } from './reporter-card.js';
import { inactiveIds, inactiveBadge, dative } from './people.js';

function eventLabel(ev) {
  return has(`event.${ev}`) ? t(`event.${ev}`) : ev;
}

function comment(c) {
  return h('li', { class: `msg${c.internal ? ' msg-internal' : ' msg-public'}` },
    h('p', { class: 'msg-head' },
      h('span', { class: 'msg-author', text: c.author ? c.author.name : '' }),
      c.internal ? badge(t('comment.internal_badge'), 'internal') : badge(t('comment.public_badge'), 'public'),
      h('span', { class: 'msg-time', text: fmtDateTime(c.created_at) })),
    h('p', { class: 'msg-body', text: c.body }));
}

/** Puts "abwesend bis …" next to the assignees away today. */
async function markAway(view, ctx) {
  let away;
  try {
    away = await awayMap();
  } catch (err) {
    return; /* the marker is a hint; the page stands without it */
  }
  if (!ctx.alive()) return;
  for (const el of view.querySelectorAll('.asg-away')) {
    const until = away.get(Number(el.dataset.employee));
    if (until) replace(el, ' ', awayBadge(until));
  }
  const off = await inactiveIds(); // "deaktiviert" until handed over
  if (!ctx.alive()) return;
  for (const el of view.querySelectorAll('.asg-away')) {
    if (off.has(Number(el.dataset.employee))) el.append(' ', inactiveBadge());
  }
}

function draw(view, ctx, p, focusSel) {
  markAway(view, ctx);
  const draftBox = view.querySelector('.comment-form textarea');
  const draft = draftBox ? draftBox.value : '';
  const redraw = (fresh, sel) => {
    if (!ctx.alive()) return;
    draw(view, ctx, fresh && fresh.history ? fresh : p, sel);
    if (!fresh || !fresh.history) reload(view, ctx, sel);
  };

  // Status
  const statusForm = buildForm({
    fields: [{
      name: 'status', label: t('process.status'), type: 'select', value: p.status,
      options: STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
    }, {
      name: 'comment', label: t('process.comment_with_status'), type: 'textarea', optional: true, rows: 3, maxlength: 20000,
    }],
    submit: t('process.status_save'),
    submitKind: 'secondary',
    className: 'inline-form status-form',
    onSubmit: async (v) => {
      const body = { status: v.status };
      if (v.comment) body.comment = v.comment;
      const fresh = await patch(`/processes/${p.id}`, body);
      toast(t('common.saved'));
      redraw(fresh, '.status-form select');
    },
  });

  // Assignees
  const closed = p.status === 'resolved' || p.status === 'closed';
  const rerouteBtn = button(t('process.reroute'), async () => {
    rerouteBtn.disabled = true;
    try {
      const fresh = await post(`/processes/${p.id}/reroute`);
      toast(t('process.rerouted'));
      redraw(fresh, '.reroute-btn');
    } catch (err) {
      rerouteBtn.disabled = false;
      toast(errorMessage(err, {}, { conflict: 'err.reroute_closed' }), 'error');
    }
  }, 'secondary', { class: 'btn btn-secondary reroute-btn', disabled: closed, 'aria-describedby': 'reroute-hint' });
  const assignees = h('section', { class: 'panel', 'aria-labelledby': 'asg-h' },
    h('h2', { id: 'asg-h', text: t('process.assignees') }),
    p.unrouted ? h('p', { class: 'notice notice-warn', text: t('process.unrouted_notice') }) : null,
    (p.assignees || []).length
      ? h('ul', { class: 'assignees' }, p.assignees.map((a) => h('li', null,
        h('p', { class: 'asg-name' }, h('strong', { text: a.name }), a.role_name ? [' ', badge(a.role_name)] : null,
          h('span', { class: 'asg-away', 'data-employee': String(a.employee_id) })),
        a.reason ? h('p', { class: 'asg-reason' }, h('span', { class: 'muted', text: `${t('process.reason')}: ` }), a.reason) : null)))
      : h('p', { class: 'muted', text: t('process.no_assignees') }),
    h('div', { class: 'btn-row' },
      button(t('process.reassign'), () => reassignDialog(p, redraw), 'secondary', { class: 'btn btn-secondary assign-btn' }),
      rerouteBtn),
    h('p', { class: 'hint', id: 'reroute-hint', text: closed ? t('process.reroute_closed') : t('process.reroute_hint') }));

  // Photos and files
  const upStatus = h('div', { class: 'upload-status', 'aria-live': 'polite' });
  const files = h('section', { class: 'panel', 'aria-labelledby': 'files-h' },
    h('h2', { id: 'files-h', text: t('attach.title') }),
    thumbs(p.attachments) || h('p', { class: 'muted', text: t('attach.none') }),
    picker(async (chosen) => {
      upStatus.replaceChildren(h('p', { text: t('attach.uploading') }));
      const up = await uploadAll(p.id, chosen);
      if (up.done.length) toast(t('attach.uploaded', { n: up.done.length }));
      await reload(view, ctx, null);
      const st = view.querySelector('.upload-status');
      if (st) st.replaceChildren(...up.failed.map((text) => h('p', { class: 'upload-error', role: 'alert', text })));
    }, { photosOnly: false }),
    upStatus);

  // Comments
  const commentForm = buildForm({
    fields: [
      { name: 'body', label: t('comment.label'), type: 'textarea', required: true, rows: 4, maxlength: 20000, value: draft },
      {
        name: 'visibility', label: t('comment.visibility'), type: 'radios', value: 'internal',
        options: [
          { value: 'internal', label: t('comment.internal') },
          { value: 'public', label: t('comment.public') },
        ],
      },
    ],
    submit: t('comment.submit'),
    className: 'comment-form',
    ariaLabel: t('comment.new'),
    onSubmit: async (v) => {
      await post(`/processes/${p.id}/comments`, { body: v.body, internal: v.visibility !== 'public' });
      commentForm.fields.body.input.value = '';
      toast(v.visibility === 'public' ? t('comment.saved_public') : t('comment.saved_internal'));
      reload(view, ctx, '.comment-form textarea');
    },
  });

  const comments = p.comments || [];
  const history = p.history || [];
  const who = (name) => (p.reporter
    ? `${name}${p.reporter.kind === 'contact' ? ` (${t('process.reporter_contact')})` : ` (${t('process.reporter_employee')})`}`
    : '');
  const reporter = who(p.reporter && p.reporter.name);
  replace(view,
    h('p', { class: 'crumb' }, h('a', { href: '/vorgaenge', text: t('process.back') })),
    h('div', { class: 'page-head' },
      h('div', { class: 'page-title' },
        h('p', { class: 'kicker' }, `${p.number} · ${p.type_name}`),
        h('h1', { tabindex: '-1', text: p.subject })),
      h('div', { class: 'page-actions badges' }, statusBadge(p.status),
        p.unrouted ? badge(t('process.unrouted_badge'), 'warn') : null,
        p.overdue ? badge(t('process.overdue_badge'), 'warn') : null)),
    h('div', { class: 'cols' },
      h('div', { class: 'col-main' },
        h('section', { class: 'panel', 'aria-labelledby': 'desc-h' },
          h('h2', { id: 'desc-h', text: t('process.description') }),
          h('p', { class: 'muted small', text: t('process.reported_by', { name: who(p.reporter && dative(p.reporter.name)), date: fmtDateTime(p.created_at) }) }),
          h('p', { class: 'prewrap', text: p.description })),
        files,
        h('section', { class: 'panel', 'aria-labelledby': 'com-h' },
          h('h2', { id: 'com-h', text: t('comment.title') }),
          comments.length ? h('ol', { class: 'messages' }, comments.map(comment)) : h('p', { class: 'muted', text: t('comment.empty') }),
          h('h3', { class: 'reply-title', text: t('comment.new') }),
          commentForm.el),
        h('section', { class: 'panel', 'aria-labelledby': 'his-h' },
          h('h2', { id: 'his-h', text: t('process.history') }),
          history.length ? h('ol', { class: 'history' }, history.map((e) => h('li', null,
            h('span', { class: 'his-time', text: fmtDateTime(e.at) }),
            h('span', { class: 'his-event', text: eventLabel(e.event) }),
            h('span', { class: 'his-text', text: e.text })))) : h('p', { class: 'muted', text: t('process.history_empty') }))),
      h('div', { class: 'col-side' },
        h('section', { class: 'panel', 'aria-labelledby': 'st-h' },
          h('h2', { id: 'st-h', text: t('process.handling') }),
          statusForm.el),
        assignees,
        reporterCard(p),
        h('section', { class: 'panel', 'aria-labelledby': 'fa-h' },
          h('h2', { id: 'fa-h', text: t('process.data') }),
          facts([
            [t('process.number'), p.number],
            [t('process.type'), p.type_name],
            [t('process.property'), h('a', { href: `/liegenschaften/${p.property_id}`, text: p.property_name || '' })],
            [t('process.unit'), p.unit_label],
            [t('process.reporter'), reporter],
            [t('process.created'), fmtDateTime(p.created_at)],
            [t('process.updated'), fmtDateTime(p.updated_at)],
          ]),
          h('div', { class: 'btn-row' }, editButton(p, redraw)),
          ctx.user.is_admin ? h('p', { class: 'small' },
            h('a', { href: `/administration/e-mail-protokoll?process_id=${p.id}`, text: t('process.mail_link') })) : null))));
  if (focusSel) {
    const el = view.querySelector(focusSel);
    if (el) el.focus();
  }
}

async function reload(view, ctx, focusSel) {
  try {
    const p = await get(`/processes/${ctx.params[0]}`);
    if (ctx.alive()) draw(view, ctx, p, focusSel);
  } catch (err) {
    toast(errorMessage(err), 'error');
  }
}

export async function render(view, ctx) {
  replace(view, h('h1', { tabindex: '-1', class: 'sr-only', text: t('request.loading_title') }), loading());
  try {
    const p = await get(`/processes/${ctx.params[0]}`);
    if (!ctx.alive()) return;
    draw(view, ctx, p, null);
    // Opened: no longer unread in this employee's queue.
    post(`/processes/${p.id}/seen`).catch(() => {});
  } catch (err) {
    replace(view, h('h1', { tabindex: '-1', text: t('process.not_found') }), loadError(err),
      h('p', null, h('a', { href: '/vorgaenge', text: t('process.back') })));
  }
}
