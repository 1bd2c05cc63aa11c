// SPDX-License-Identifier: MIT
// The reporter card on the Vorgang page (issue 13, item 5): name,
// relation, unit, phone, e-mail and their other Vorgänge, for staff
// (GET /processes/{id}/reporter).

import { get } from './api.js';
import { t, fmtDateTime } from './i18n.js';
import { h, replace, facts, statusBadge } from './ui.js';

/** The card's panel; it fills itself once the reporter is read. */
export function reporterCard(p) {
  const body = h('div', { class: 'reporter-body' }, h('p', { class: 'muted', text: t('common.loading') }));
  const panel = h('section', { class: 'panel reporter-card', 'aria-labelledby': 'rep-h' },
    h('h2', { id: 'rep-h', text: t('reporter.title') }), body);
  get(`/processes/${p.id}/reporter`).then((r) => {
    const kind = r.kind === 'contact'
      ? (r.relation ? t(`relation.${r.relation}`) : t('process.reporter_contact'))
      : t('process.reporter_employee');
    const others = r.processes.length
      ? h('ul', { class: 'reporter-others' }, r.processes.map((o) => h('li', null,
        h('a', { href: `/vorgaenge/${o.id}`, text: `${o.number} · ${o.subject}` }), ' ', statusBadge(o.status),
        h('span', { class: 'muted small', text: ` ${fmtDateTime(o.created_at)}` }))))
      : h('p', { class: 'muted', text: t('reporter.no_others') });
    replace(body,
      facts([
        [t('reporter.name'), r.name],
        [t('reporter.relation'), kind],
        [t('process.unit'), r.unit_label || '–'],
        [t('reporter.phone'), r.phone ? h('a', { href: `tel:${r.phone.replace(/[^+\d]/g, '')}`, text: r.phone }) : '–'],
        [t('reporter.email'), r.email ? h('a', { href: `mailto:${r.email}`, text: r.email }) : '–'],
      ]),
      h('h3', { class: 'reporter-others-h', text: t('reporter.others') }), others,
      r.more_processes ? h('p', { class: 'muted small', text: t('reporter.more') }) : null);
  }).catch(() => {
    replace(body, h('p', { class: 'muted', text: t('reporter.unavailable') }));
  });
  return panel;
}
