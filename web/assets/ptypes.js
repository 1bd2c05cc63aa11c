// SPDX-License-Identifier: MIT
// Administration → Vorgangstypen: the overview. A click on a type opens it
// for editing (ptype.js).

import { listAll } from './api.js';
import { t } from './i18n.js';
import { h, replace, pageHead, button, emptyState, table, loading, loadError, yesNo, badge } from './ui.js';

export async function render(view, ctx) {
  const box = h('div', null, loading());
  replace(view,
    pageHead(t('ptypes.title'), [button(t('ptypes.new'), () => ctx.navigate('/administration/vorgangstypen/neu'), 'primary')], t('ptypes.intro')),
    box);
  try {
    const types = await listAll('/process-types?archived=true');
    if (!ctx.alive()) return;
    if (!types.length) {
      replace(box, emptyState(t('ptypes.empty')));
      return;
    }
    const el = table([
      { label: t('ptype.name'), th: true },
      { label: t('ptype.roles') },
      { label: t('ptype.portal_short') },
      { label: t('ptype.description') },
    ], types.map((x) => [
      [h('a', { href: `/administration/vorgangstypen/${x.id}`, text: x.name }), x.archived ? [' ', badge(t('archive.badge'), 'muted')] : null],
      (x.roles || []).map((r) => r.name).join(', ') || h('span', { class: 'warn-text', text: t('ptypes.no_roles') }),
      yesNo(x.portal),
      x.description || '–',
    ]), null);
    el.setAttribute('aria-label', t('ptypes.title'));
    replace(box, el);
  } catch (err) {
    replace(box, loadError(err));
  }
}
