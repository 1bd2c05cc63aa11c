// SPDX-License-Identifier: MIT
// Mein Profil: who is logged in, the language of their mails, and their
// own Abwesenheiten.

import { t } from './i18n.js';
import { patch } from './api.js';
import { h, replace, pageHead, facts, buildForm, toast } from './ui.js';
import { absencePanel } from './absences.js';

export async function render(view, ctx) {
  const u = ctx.user;
  const panel = absencePanel({ id: u.id, name: u.name }, ctx);
  const mailLang = buildForm({
    fields: [{
      name: 'locale', label: t('profile.locale'), type: 'select', hint: t('profile.locale_hint'),
      options: [{ value: 'de', label: 'Deutsch' }, { value: 'en', label: 'English' }], value: u.locale || 'de',
    }],
    submit: t('common.save'),
    onSubmit: async (v) => {
      const me = await patch('/me', { locale: v.locale });
      if (me && me.user) u.locale = me.user.locale;
      toast(t('common.saved'));
    },
  });
  replace(view,
    pageHead(t('profile.title'), [], t('profile.intro')),
    h('section', { class: 'panel' }, facts([[t('employee.name'), u.name], [t('employee.email'), u.email]]),
      mailLang.el),
    panel.el);
  await panel.reload();
}
