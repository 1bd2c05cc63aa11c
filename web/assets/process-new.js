// SPDX-License-Identifier: MIT
// Back office: record a Vorgang, e.g. from a phone call, optionally on
// behalf of a tenant or owner of the property.

import { get, post, listAll } from './api.js';
import { t } from './i18n.js';
import { h, replace, pageHead, buildForm, loading, loadError, emptyState, toast } from './ui.js';

function setOptions(select, placeholder, options) {
  select.replaceChildren(h('option', { value: '', text: placeholder }),
    ...options.map((o) => h('option', { value: String(o.value), text: o.label })));
  select.value = '';
}

export async function render(view, ctx) {
  const box = h('div', { class: 'narrow' }, loading());
  replace(view, h('p', { class: 'crumb' }, h('a', { href: '/vorgaenge', text: t('process.back') })),
    pageHead(t('processnew.title'), [], t('processnew.intro')), box);
  let types;
  let props;
  try {
    [types, props] = await Promise.all([listAll('/process-types'), listAll('/properties')]);
  } catch (err) {
    replace(box, loadError(err));
    return;
  }
  if (!types.length || !props.length) {
    replace(box, emptyState(t('processnew.missing')));
    return;
  }
  const pre = ctx.query.get('property_id') || (props.length === 1 ? String(props[0].id) : '');
  const form = buildForm({
    fields: [
      { name: 'type_id', label: t('process.type'), type: 'select', required: true, placeholder: t('common.choose'), options: types.map((x) => ({ value: x.id, label: x.name })) },
      { name: 'property_id', label: t('process.property'), type: 'select', required: true, placeholder: t('common.choose'), options: props.map((x) => ({ value: x.id, label: x.name })), value: pre },
      { name: 'unit_id', label: t('process.unit'), type: 'select', optional: true, placeholder: t('request.unit_none'), options: [] },
      { name: 'reporter_contact_id', label: t('processnew.reporter'), type: 'select', optional: true, placeholder: t('processnew.reporter_none'), options: [], hint: t('processnew.reporter_hint') },
      { name: 'subject', label: t('process.subject'), required: true, maxlength: 200 },
      { name: 'description', label: t('process.description'), type: 'textarea', required: true, rows: 7, maxlength: 20000 },
    ],
    submit: t('processnew.submit'),
    errors: {
      'forbidden:property_id': 'processnew.err_property',
      'invalid_field:reporter_contact_id': 'processnew.err_reporter',
    },
    cancel: () => ctx.navigate('/vorgaenge'),
    onSubmit: async (v) => {
      const body = { type_id: Number(v.type_id), property_id: Number(v.property_id), subject: v.subject, description: v.description };
      if (v.unit_id) body.unit_id = Number(v.unit_id);
      if (v.reporter_contact_id) body.reporter_contact_id = Number(v.reporter_contact_id);
      const p = await post('/processes', body);
      await ctx.navigate(`/vorgaenge/${p.id}`);
      toast(t('processnew.done', { number: p.number }));
    },
  });
  const fillFor = async (pid) => {
    const unit = form.fields.unit_id.input;
    const rep = form.fields.reporter_contact_id.input;
    setOptions(unit, t('request.unit_none'), []);
    setOptions(rep, t('processnew.reporter_none'), []);
    if (!pid) return;
    try {
      const [prop, residents] = await Promise.all([get(`/properties/${pid}`), listAll(`/properties/${pid}/residents`)]);
      if (form.fields.property_id.input.value !== String(pid)) return;
      setOptions(unit, t('request.unit_none'), (prop.units || []).map((u) => ({ value: u.id, label: u.label })));
      const seen = new Map();
      for (const r of residents) {
        if (!seen.has(r.contact_id)) {
          seen.set(r.contact_id, `${r.contact_name}${r.unit_label ? ` (${r.unit_label})` : ''}`);
        }
      }
      setOptions(rep, t('processnew.reporter_none'), [...seen].map(([value, label]) => ({ value, label })));
    } catch (e) { /* the lists stay empty; filing still works */ }
  };
  form.fields.property_id.input.addEventListener('change', (e) => fillFor(e.target.value));
  replace(box, form.el);
  if (pre) await fillFor(pre);
}
