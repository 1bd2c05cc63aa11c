// SPDX-License-Identifier: MIT
// Mein Profil: who is logged in, and their own Abwesenheiten.

import { t } from './i18n.js';
import { h, replace, pageHead, facts } from './ui.js';
import { absencePanel } from './absences.js';

export async function render(view, ctx) {
  const u = ctx.user;
  const panel = absencePanel({ id: u.id, name: u.name }, ctx);
  replace(view,
    pageHead(t('profile.title'), [], t('profile.intro')),
    h('section', { class: 'panel' }, facts([[t('employee.name'), u.name], [t('employee.email'), u.email]])),
    panel.el);
  await panel.reload();
}
