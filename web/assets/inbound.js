// SPDX-License-Identifier: MIT
// Administration → E-Mail-Eingang: the intake addresses (each mail to one
// becomes a Vorgang of its type) and the mails "Nicht zugeordnet" that wait
// for an admin to pick property and type (docs/mail-in.md).

import { get, post, patch, del, qs } from './api.js';
import { navigate } from './app.js';
import { t, fmtDateTime } from './i18n.js';
import {
  h, replace, pageHead, button, buildForm, emptyState, paged, pagedTable, openDialog, confirmDialog, toast,
  errorMessage,
} from './ui.js';

const typeOptions = (types) => types.map((x) => ({ value: x.id, label: x.name }));

function mailboxForm(types, mb, close, reload) {
  return buildForm({
    fields: [
      { name: 'address', label: t('inbound.address'), type: 'email', required: true, maxlength: 254,
        value: mb ? mb.address : '', autocomplete: 'off', hint: t('inbound.address_hint') },
      { name: 'type_id', label: t('inbound.type'), type: 'select', optional: true,
        placeholder: t('inbound.type_none'), options: typeOptions(types), value: mb ? mb.type_id : '',
        hint: t('inbound.type_hint') },
    ],
    submit: mb ? t('common.save') : t('inbound.add_submit'),
    cancel: close,
    errors: { conflict: 'inbound.address_taken' },
    onSubmit: async (v) => {
      const body = { address: v.address, type_id: v.type_id ? Number(v.type_id) : null };
      if (mb) await patch(`/mailboxes/${mb.id}`, body);
      else await post('/mailboxes', body);
      close();
      toast(t('inbound.saved'));
      reload();
    },
  }).el;
}

async function removeMailbox(mb, reload) {
  const ok = await confirmDialog(t('inbound.remove_title', { address: mb.address }), t('inbound.remove_text'),
    t('inbound.remove'));
  if (!ok) return;
  try {
    await del(`/mailboxes/${mb.id}`);
    toast(t('inbound.removed'));
    reload();
  } catch (err) {
    toast(errorMessage(err), 'error');
  }
}

function completeForm(mail, types, props, close, reload) {
  return buildForm({
    fields: [
      { name: 'property_id', label: t('process.property'), type: 'select', required: true,
        placeholder: t('common.choose'), options: props.map((p) => ({ value: p.id, label: p.name })) },
      { name: 'type_id', label: t('process.type'), type: 'select', required: true,
        placeholder: t('common.choose'), options: typeOptions(types), value: mail.type_id ?? '' },
    ],
    submit: t('inbound.complete_submit'),
    cancel: close,
    onSubmit: async (v) => {
      const done = await post(`/inbound-mail/unassigned/${mail.id}`,
        { property_id: Number(v.property_id), type_id: Number(v.type_id) });
      close();
      toast(t('inbound.completed'));
      reload();
      if (done.process_id) navigate(`/vorgaenge/${done.process_id}`);
    },
  }).el;
}

export async function render(view, ctx) {
  const [types, props] = await Promise.all([
    get('/process-types').then((r) => r.items),
    get(`/properties${qs({ limit: 500 })}`).then((r) => r.items),
  ]);
  const boxes = h('div');
  const waiting = h('div');
  const reloadBoxes = async () => {
    const target = h('div');
    const name = (id) => (types.find((x) => x.id === id) || {}).name || t('inbound.type_none');
    await paged(target, () => get('/mailboxes'),
      pagedTable([
        { label: t('inbound.address'), th: true },
        { label: t('inbound.type') },
        { label: t('common.actions'), class: 'actions' },
      ], (items) => items.map((mb) => [
        h('span', { id: `mb-${mb.id}`, text: mb.address }),
        name(mb.type_id),
        h('div', { class: 'row-actions' },
          button(t('common.edit'), () => openDialog(t('inbound.edit'),
            (close) => mailboxForm(types, mb, close, reloadBoxes)), 'secondary', { 'aria-describedby': `mb-${mb.id}` }),
          button(t('inbound.remove'), () => removeMailbox(mb, reloadBoxes), 'danger-quiet',
            { 'aria-describedby': `mb-${mb.id}` })),
      ]), null),
      emptyState(t('inbound.empty')));
    if (!ctx.alive()) return;
    const tbl = target.querySelector('table');
    if (tbl) tbl.setAttribute('aria-label', t('inbound.mailboxes'));
    replace(boxes, target);
  };
  const reloadWaiting = async () => {
    const target = h('div');
    await paged(target, (cursor) => get(`/inbound-mail/unassigned${qs({ limit: 50, cursor })}`),
      pagedTable([
        { label: t('inbound.received'), class: 'nowrap' },
        { label: t('inbound.sender') },
        { label: t('process.subject'), th: true },
        { label: t('common.actions'), class: 'actions' },
      ], (items) => items.map((m) => [
        fmtDateTime(m.received_at),
        m.sender.name ? `${m.sender.name} <${m.sender.address}>` : m.sender.address,
        h('div', null, h('span', { id: `um-${m.id}`, text: m.subject }),
          h('p', { class: 'muted', text: m.body.length > 200 ? `${m.body.slice(0, 200)}…` : m.body })),
        h('div', { class: 'row-actions' },
          button(t('inbound.complete'), () => openDialog(t('inbound.complete_title', { subject: m.subject }),
            (close) => completeForm(m, types, props, close, reloadWaiting)), 'primary',
          { 'aria-describedby': `um-${m.id}` })),
      ]), null),
      emptyState(t('inbound.unassigned_empty')));
    if (!ctx.alive()) return;
    const tbl = target.querySelector('table');
    if (tbl) tbl.setAttribute('aria-label', t('inbound.unassigned'));
    replace(waiting, target);
  };
  replace(view,
    pageHead(t('inbound.title'), [button(t('inbound.add'), () => openDialog(t('inbound.add'),
      (close) => mailboxForm(types, null, close, reloadBoxes)), 'primary')], t('inbound.intro')),
    h('h2', { text: t('inbound.mailboxes') }), boxes,
    h('h2', { text: t('inbound.unassigned') }), h('p', { class: 'muted', text: t('inbound.unassigned_intro') }),
    waiting);
  await Promise.all([reloadBoxes(), reloadWaiting()]);
}
