// SPDX-License-Identifier: MIT
// Administration → Kontakte (Mieter/Eigentümer): list with search, new
// contact, edit, invitation to the Kundenportal.

import { get, post, patch, qs } from './api.js';
import { t } from './i18n.js';
import { h, replace, pageHead, button, buildForm, emptyState, paged, pagedTable, openDialog, toast, errorMessage } from './ui.js';
import { archiveButton, archivedBadge } from './property-edit.js';

function contactFields(c = {}, withInvite = false) {
  return [
    { name: 'name', label: t('contact.name'), required: true, maxlength: 200, value: c.name, autocomplete: 'off' },
    { name: 'email', label: t('contact.email'), type: 'email', optional: true, maxlength: 254, value: c.email, autocomplete: 'off', spellcheck: false },
    { name: 'phone', label: t('contact.phone'), type: 'tel', optional: true, maxlength: 100, value: c.phone, autocomplete: 'off' },
    withInvite ? { name: 'invite', label: t('residents.invite'), type: 'checkbox', value: false, hint: t('contacts.invite_hint') } : null,
  ].filter(Boolean);
}

async function invite(c) {
  try {
    await post(`/contacts/${c.id}/invite`);
    toast(t('residents.invited'));
  } catch (err) {
    toast(errorMessage(err, {}, { 'invalid_field:email': 'err.invite_needs_email' }), 'error');
  }
}

function newContact(reload) {
  openDialog(t('contacts.new'), (close) => {
    let created = null;
    const form = buildForm({
      fields: contactFields({}, true),
      submit: t('common.create'),
      cancel: close,
      onSubmit: async (v) => {
        if (v.invite && !v.email) {
          form.fieldError('email', t('err.invite_needs_email'));
          return;
        }
        const body = { name: v.name };
        if (v.email) body.email = v.email;
        if (v.phone) body.phone = v.phone;
        // After a failed invitation a retry must not create the contact twice.
        if (!created) created = await post('/contacts', body);
        if (v.invite) await post(`/contacts/${created.id}/invite`);
        close();
        toast(v.invite ? t('residents.invited') : t('common.saved'));
        reload();
      },
    });
    return form.el;
  });
}

function editContact(c, reload) {
  openDialog(t('contacts.edit_title', { name: c.name }), (close) => buildForm({
    fields: contactFields(c),
    submit: t('common.save'),
    cancel: close,
    onSubmit: async (v) => {
      await patch(`/contacts/${c.id}`, { name: v.name, email: v.email || null, phone: v.phone || null });
      close();
      toast(t('common.saved'));
      reload();
    },
  }).el);
}

export async function render(view, ctx) {
  let q = ctx.query.get('q') || '';
  const box = h('div');
  const search = h('input', { id: 'contact-q', type: 'search', value: q, autocomplete: 'off' });
  let archived = ctx.query.get('archived') === 'true';
  const showArchived = h('input', { id: 'contact-archived', type: 'checkbox', checked: archived });
  let timer = null;
  const reload = async () => {
    history.replaceState(null, '', location.pathname + qs({ q, archived: archived ? 'true' : '' }));
    const target = h('div');
    const cols = [
      { label: t('contact.name'), th: true },
      { label: t('contact.email') },
      { label: t('contact.phone') },
      { label: t('common.actions'), class: 'actions' },
    ];
    await paged(target, (cursor) => get(`/contacts${qs({ q, limit: 50, cursor, archived: archived ? 'true' : '' })}`),
      pagedTable(cols, (items) => items.map((c) => {
        const nameId = `contact-${c.id}`;
        return [
          h('span', { id: nameId }, c.name, c.archived ? [' ', archivedBadge(c)] : null),
          c.email || '–',
          c.phone || '–',
          h('div', { class: 'row-actions' },
            button(t('common.edit'), () => editContact(c, reload), 'quiet', { 'aria-describedby': nameId }),
            c.email ? button(t('contacts.invite'), () => invite(c), 'quiet', { 'aria-describedby': nameId }) : null,
            ctx.user.is_admin ? archiveButton(`/contacts/${c.id}`, c, c.name, reload) : null),
        ];
      }), null),
      emptyState(q ? t('contacts.empty_search') : t('contacts.empty')));
    if (!ctx.alive()) return;
    const tbl = target.querySelector('table');
    if (tbl) tbl.setAttribute('aria-label', t('contacts.title'));
    replace(box, target);
  };
  showArchived.addEventListener('change', () => {
    archived = showArchived.checked;
    reload();
  });
  search.addEventListener('input', () => {
    q = search.value.trim();
    clearTimeout(timer);
    timer = setTimeout(reload, 300);
  });
  replace(view,
    pageHead(t('contacts.title'), [button(t('contacts.new'), () => newContact(reload), 'primary')], t('contacts.intro')),
    h('form', { class: 'filters', role: 'search', 'aria-label': t('filters.label'), onsubmit: (e) => { e.preventDefault(); clearTimeout(timer); reload(); } },
      h('div', { class: 'filter filter-grow' }, h('label', { for: 'contact-q', text: t('filters.search') }), search),
      h('div', { class: 'filter check' }, showArchived, h('label', { for: 'contact-archived', text: t('archive.show') }))),
    box);
  await reload();
}
