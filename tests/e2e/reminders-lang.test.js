// SPDX-License-Identifier: MIT
// Reminders and history in the reader's language in the browser (issue 15,
// items 3–5): the response time on the Vorgangstyp page, the overdue
// marker and the "Nur überfällige" filter in the list, and the history and
// routing reasons of a Vorgang routed in German shown in English when the
// UI is switched — which also makes English the user's mail language.
// Time moves through --test-clock-file; nothing sleeps.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  startAll, launchBrowser, newPage, onPages, loginUi, expectHeading, expectVisible, expectHidden,
  waitFor, ADMIN, drainOutbox, submitForm,
} from './harness.js';
import { expectStatus, newRole, newProperty, addStaff, hire, listAll } from '../api/harness.js';

describe('Reaktionszeit, überfällige Vorgänge und Verlauf auf Englisch', () => {
  let env; let browser; let clockDir; let clockFile; let sach; let prop; let type; let late; let fine;

  before(async () => {
    clockDir = await fs.mkdtemp(path.join(os.tmpdir(), 'hausdesk-e2e-clock-'));
    clockFile = path.join(clockDir, 'clock');
    await fs.writeFile(clockFile, '0');
    env = await startAll({ env: { HAUSDESK_TEST_CLOCK_FILE: clockFile, HAUSDESK_REMINDER_INTERVAL_MS: '50' } });
    const { admin, server, smtp } = env;
    sach = await newRole(admin, 'Sachbearbeitung');
    prop = await newProperty(admin, { name: 'Max-Planck-Straße 12', street: 'Max-Planck-Straße 12' });
    type = expectStatus(await admin.post('/process-types', { name: 'Schadensmeldung', role_ids: [sach.id] }),
      201, 'type');
    const schmidt = await hire(server, smtp, admin, { name: 'Herr Schmidt', email: 'schmidt@abc.example' });
    await addStaff(admin, prop.id, schmidt.id, sach.id);
    await drainOutbox(admin);
    browser = await launchBrowser();
  });
  after(async () => {
    if (browser) await browser.close();
    if (env) await env.stop();
    if (clockDir) await fs.rm(clockDir, { recursive: true, force: true });
  });

  it('the admin sets the response time on the Vorgangstyp page (German)', async () => {
    const page = await newPage(browser);
    page.who = 'admin';
    await onPages(page, async () => {
      await loginUi(page, env.server.base, ADMIN.email, ADMIN.password);
      await page.goto(`${env.server.base}/administration/vorgangstypen/${type.id}`);
      await expectHeading(page, 'Schadensmeldung');
      const hours = page.getByLabel('Reaktionszeit in Stunden');
      await expectVisible(hours, 'the field "Reaktionszeit in Stunden"');
      await hours.fill('24');
      await submitForm(page.getByRole('button', { name: 'Speichern' }), 'the type');
      await waitFor(async () => (await env.admin.get(`/process-types/${type.id}`)).body.response_hours === 24,
        5000, 'the response time to be saved');
    });
    await page.close();
  });

  it('an overdue Vorgang is marked and found with "Nur überfällige"; the history reads in English after switching', async () => {
    const { admin } = env;
    late = expectStatus(await admin.post('/processes', { type_id: type.id, property_id: prop.id,
      subject: 'Wasserschaden im Keller', description: 'Wasser steht im Keller.' }), 201, 'file');
    fine = expectStatus(await admin.post('/processes', { type_id: type.id, property_id: prop.id,
      subject: 'Klingel defekt', description: 'Die Klingel geht nicht.' }), 201, 'file');
    expectStatus(await admin.patch(`/processes/${fine.id}`, { status: 'in_progress' }), 200, 'answered');
    await fs.writeFile(clockFile, String(25 * 3600));
    await waitFor(async () => (await listAll(admin, '/processes?overdue=true')).some((p) => p.id === late.id),
      10000, 'the reminder job to mark the Vorgang overdue');

    const page = await newPage(browser);
    page.who = 'admin';
    await onPages(page, async () => {
      await loginUi(page, env.server.base, ADMIN.email, ADMIN.password);
      await page.goto(`${env.server.base}/vorgaenge/alle`);
      await expectHeading(page, 'Alle Vorgänge');
      const lateRow = page.getByRole('row').filter({ hasText: 'Wasserschaden im Keller' });
      await expectVisible(lateRow.getByText('überfällig', { exact: true }), 'the marker "überfällig"');
      const fineRow = page.getByRole('row').filter({ hasText: 'Klingel defekt' });
      await expectVisible(fineRow, 'the answered Vorgang in the list');
      assert.equal(await fineRow.getByText('überfällig', { exact: true }).count(), 0);

      await page.getByLabel('Nur überfällige').check();
      await expectHidden(page.getByRole('row').filter({ hasText: 'Klingel defekt' }), 'the answered Vorgang');
      await expectVisible(page.getByRole('row').filter({ hasText: 'Wasserschaden im Keller' }), 'the overdue one');
      assert.match(page.url(), /overdue=true/);

      await page.getByRole('link', { name: 'Wasserschaden im Keller' }).click();
      await expectHeading(page, 'Wasserschaden im Keller');
      await expectVisible(page.locator('ol.history').getByText(
        'Herr Schmidt: Rolle Sachbearbeitung in Max-Planck-Straße 12'), 'the German reason');
      await expectVisible(page.locator('ol.history').getByText(
        'Erinnerung an Herrn Schmidt gesendet: keine Reaktion innerhalb von 24 Stunden'), 'the reminder');

      await page.getByRole('button', { name: 'English' }).click();
      await expectHeading(page, 'Wasserschaden im Keller');
      await expectVisible(page.getByRole('heading', { name: 'History' }), 'the English history heading');
      await expectVisible(page.locator('ol.history').getByText(
        'Herr Schmidt: role Sachbearbeitung at Max-Planck-Straße 12'), 'the English reason');
      await expectVisible(page.locator('ol.history').getByText(
        'Reminder sent to Herr Schmidt: no response within 24 hours'), 'the English reminder');
      await expectVisible(page.getByText('overdue', { exact: true }).first(), 'the marker in English');

      await page.goto(`${env.server.base}/vorgaenge/alle?overdue=true`);
      await expectHeading(page, 'All cases');
      await expectVisible(page.getByLabel('Overdue only'), 'the filter in English');
      assert.equal(await page.getByLabel('Overdue only').isChecked(), true);

      // Mein Profil shows the mail language the switch chose.
      await page.goto(`${env.server.base}/profil`);
      await expectHeading(page, 'My profile');
      const lang = page.getByLabel('Language of your emails');
      await expectVisible(lang, 'the mail language in the profile');
      assert.equal(await lang.inputValue(), 'en');
    });
    await page.close();
    // The switch made English the admin's mail language.
    const me = expectStatus(await env.admin.get('/me'), 200, 'me');
    assert.equal(me.user.locale, 'en');
  });
});
