// SPDX-License-Identifier: MIT
// E-Mail-Protokoll: the admin sends failed mail again from the browser —
// one mail with its row's button, then all failed mail with the button at
// the top — and the SMTP server receives each once, with the Message-ID of
// the failed attempt (issue 10, item 7).

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAll, launchBrowser, newPage, onPages, loginUi, expectHeading, expectVisible, expectHidden,
  waitFor, ADMIN, drainOutbox,
} from './harness.js';
import { expectStatus, newRole, newProperty, newType, listAll, addrOf } from '../api/harness.js';

describe('E-Mail-Protokoll: failed mail sent again', () => {
  let env; let browser;
  const to = ['eins@example.org', 'zwei@example.org', 'drei@example.org'];

  before(async () => {
    env = await startAll();
    const { admin, smtp } = env;
    const role = await newRole(admin, 'Technik');
    const prop = await newProperty(admin, { name: 'Fehlerweg 1', street: 'Fehlerweg 1' });
    const type = await newType(admin, 'Schadensmeldung', [role.id]);
    // The receipts to these three are refused for good (550 after DATA).
    for (const a of to) env.smtp.failNext(1, { to: a, code: 550 });
    for (const [i, a] of to.entries()) {
      const c = expectStatus(await admin.post('/contacts', { name: `Mieter ${i + 1}`, email: a }), 201, 'contact');
      expectStatus(await admin.post(`/properties/${prop.id}/residents`, { contact_id: c.id, relation: 'tenant' }),
        201, 'resident');
      expectStatus(await admin.post('/processes', { type_id: type.id, property_id: prop.id,
        subject: `Meldung ${i + 1}`, description: 'x', reporter_contact_id: c.id }), 201, 'file');
    }
    const rows = await drainOutbox(admin);
    assert.equal(rows.filter((m) => m.state === 'failed').length, 3, JSON.stringify(rows));
    assert.equal(smtp.mails.filter((m) => to.some((a) => m.to.includes(a))).length, 0);
    browser = await launchBrowser();
  });
  after(async () => {
    if (browser) await browser.close();
    if (env) await env.stop();
  });

  const refusedId = (a) => env.smtp.attempts.find((x) => !x.accepted && x.to.includes(a)).messageId;
  const stateOf = async (a) => (await listAll(env.admin, '/mail')).find((m) => addrOf(m.to) === a).state;

  it('"Erneut senden" on one failed mail, then "Alle fehlgeschlagenen erneut senden"', async () => {
    const page = await newPage(browser);
    page.who = 'admin';
    await onPages(page, async () => {
      await loginUi(page, env.server.base, ADMIN.email, ADMIN.password);
      await page.goto(`${env.server.base}/administration/e-mail-protokoll`);
      await expectHeading(page, 'E-Mail-Protokoll');

      // One by one.
      const one = page.getByRole('button', { name: `E-Mail an ${to[0]} erneut senden` });
      await expectVisible(one, `the button "Erneut senden" of the mail to ${to[0]}`);
      await one.click();
      await expectVisible(page.getByRole('status').filter({ hasText: 'Die E-Mail wird erneut gesendet.' }),
        'the confirmation');
      await waitFor(() => env.smtp.mailsTo(to[0]).length === 1, 10000, `the mail to ${to[0]} to arrive`);
      assert.equal(env.smtp.mailsTo(to[0])[0].messageId, refusedId(to[0]), 'the same Message-ID');
      assert.equal(await stateOf(to[1]), 'failed', 'the others were not sent');
      // Sent, its row has no button any more.
      await waitFor(async () => (await stateOf(to[0])) === 'sent', 10000, 'the row to say sent');
      await page.getByRole('button', { name: 'Aktualisieren' }).click();
      await expectHidden(one, `the button of the mail to ${to[0]} once it is sent`);

      // All the others.
      await page.getByRole('button', { name: 'Alle fehlgeschlagenen erneut senden' }).click();
      await expectVisible(page.getByRole('status').filter({ hasText: '2 E-Mails werden erneut gesendet.' }),
        'the confirmation with the count');
      for (const a of to.slice(1)) {
        await waitFor(() => env.smtp.mailsTo(a).length === 1, 10000, `the mail to ${a} to arrive`);
        assert.equal(env.smtp.mailsTo(a)[0].messageId, refusedId(a), `the same Message-ID to ${a}`);
      }
      for (const a of to) assert.equal(env.smtp.mailsTo(a).length, 1, `one delivery to ${a}`);
    });
  });
});
