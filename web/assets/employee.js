// SPDX-License-Identifier: MIT
// Administration → Mitarbeiterverwaltung → one employee: their data and
// Abwesenheiten.

import { get } from './api.js';
import { t } from './i18n.js';
import { h, replace, pageHead, facts, loadError, badge } from './ui.js';
import { staffTabs } from './employees.js';
import { absencePanel, awayBadge, colleagues } from './absences.js';

export async function render(view, ctx) {
  const id = Number(ctx.params[0]);
  let e;
  let away = null;
  try {
    [e, away] = await Promise.all([get(`/employees/${id}`),
      colleagues().then((cs) => (cs.find((c) => c.id === id) || {}).absent_until || null)]);
  } catch (err) {
    replace(view, staffTabs('employees'), loadError(err));
    return;
  }
  if (!ctx.alive()) return;
  const panel = absencePanel(e, ctx);
  replace(view,
    staffTabs('employees'),
    pageHead(e.name, []),
    h('section', { class: 'panel' }, facts([
      [t('employee.email'), e.email],
      [t('employee.status'), h('span', null, badge(t(`empstatus.${e.status}`)), ' ', awayBadge(away))],
    ])),
    panel.el);
  await panel.reload();
}
