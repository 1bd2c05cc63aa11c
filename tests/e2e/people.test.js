// SPDX-License-Identifier: MIT
// People in the back office, in the browser (issue 13, items 3, 5 and 6):
// the reassign dialog (current assignees, the role holders, a keyboard
// type-ahead for everyone else, a hand-over note), the reporter card,
// the order "Am längsten unbeantwortet", the history's "von Herrn …",
// deactivating an employee with the "deaktiviert" marker and the
// hand-over; at desktop and phone size; and the portal's first load.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAll, launchBrowser, newPage, onPages, loginUi, expectHeading, expectVisible, expectText,
  expectAccessible, waitFor, seedViaApi, chooseInTypeahead, statusMessage,
  SCHMIDT, MUELLER, PASSWORD, ADMIN,
} from './harness.js';
import { expectStatus, hire, assigneeIds } from '../api/harness.js';

describe('people in the back office, in the browser', () => {
  let env; let browser; let seed; let stein; let v1; let v2; let unit;

  before(async () => {
    env = await startAll();
    const { admin, smtp, server } = env;
    seed = await seedViaApi(env);
    stein = await hire(server, smtp, admin, { name: 'Herr Stein', email: 'stein@abc.example' });
    unit = expectStatus(await admin.post(`/properties/${seed.prop.id}/units`, { label: 'WE 4' }), 201, 'unit');
    expectStatus(await admin.patch(`/contacts/${seed.mueller.id}`, { phone: '+49 89 555 0101' }), 200, 'phone');
    v1 = expectStatus(await seed.mueller.client.post('/processes', { type_id: seed.damage.id,
      property_id: seed.prop.id, unit_id: unit.id, subject: 'Fenster undicht', description: 'Es zieht.' }), 201, 'v1');
    v2 = expectStatus(await seed.mueller.client.post('/processes', { type_id: seed.invoice.id,
      property_id: seed.prop.id, subject: 'Nebenkosten 2025', description: 'Frage' }), 201, 'v2');
    browser = await launchBrowser();
  });
  after(async () => {
    if (browser) await browser.close();
    if (env) await env.stop();
  });

  it('the Vorgang page: the reporter card, and reassigning by keyboard with a hand-over note', async () => {
    const page = await newPage(browser);
    page.who = SCHMIDT.name;
    await onPages(page, async () => {
      await loginUi(page, env.server.base, SCHMIDT.email, PASSWORD);
      await page.goto(`${env.server.base}/vorgaenge/${v1.id}`);
      await expectHeading(page, 'Fenster undicht');
      const card = page.getByRole('region', { name: 'Meldende Person' });
      await expectText(card, (s) => s.includes(MUELLER.name) && s.includes('Mieter') && s.includes('WE 4')
        && s.includes('+49 89 555 0101') && s.includes(MUELLER.email), 'name, relation, unit, phone and e-mail');
      await expectVisible(card.getByRole('link', { name: new RegExp(`${v2.number} · Nebenkosten 2025`) }),
        'the link to the other Vorgang');
      await expectAccessible(page, 'the Vorgang page with the reporter card');

      await page.getByRole('button', { name: 'Zuständigkeit ändern' }).click();
      const dlg = page.getByRole('dialog', { name: 'Zuständigkeit ändern' });
      await expectVisible(dlg, 'the reassign dialog');
      const current = dlg.getByRole('group', { name: 'Derzeit zuständig' });
      assert.equal(await current.getByRole('checkbox', { name: SCHMIDT.name }).isChecked(), true, 'the current assignee first, checked');
      await expectVisible(dlg.getByRole('group', { name: `Rollenverantwortliche in ${seed.prop.name}` }), 'the role holders next');
      // the type-ahead by keyboard: type, ↓, Enter
      const search = dlg.getByRole('combobox', { name: 'Weitere Mitarbeiter suchen' });
      await search.fill('stei');
      await expectVisible(dlg.getByRole('status').filter({ hasText: /^1 Vorschl/ }), 'one suggestion for "stei"');
      await expectVisible(dlg.getByRole('option', { name: /^Herr Stein/ }), 'Herr Stein offered');
      await search.press('ArrowDown');
      await search.press('Enter');
      const steinBox = dlg.getByRole('checkbox', { name: 'Herr Stein' });
      await expectVisible(steinBox, 'Herr Stein added, checked');
      assert.equal(await steinBox.isChecked(), true);
      await expectAccessible(page, 'the reassign dialog');
      await current.getByRole('checkbox', { name: SCHMIDT.name }).uncheck();
      await dlg.getByLabel('Übergabenotiz').fill('Bitte Herrn Müller zurückrufen');
      await dlg.getByRole('button', { name: 'Speichern' }).click();
      await waitFor(async () => !(await dlg.isVisible()), 5000, 'the dialog closed');
    });
    await page.close();
    const after = expectStatus(await env.admin.get(`/processes/${v1.id}`), 200, 'v1');
    assert.deepEqual(assigneeIds(after), [stein.id]);
    assert.ok(after.history.some((h) => h.text === 'Herr Stein: manuell zugewiesen von Herrn Schmidt – „Bitte Herrn Müller zurückrufen“'),
      JSON.stringify(after.history.map((h) => h.text)));
  });

  it('the queue sorts by "Am längsten unbeantwortet"', async () => {
    // Frau Huber answers v2: only v1 still waits
    expectStatus(await seed.huber.client.post(`/processes/${v2.id}/comments`, { body: 'Wir prüfen das.', internal: false }), 201);
    const page = await newPage(browser);
    page.who = 'admin';
    await onPages(page, async () => {
      await loginUi(page, env.server.base, ADMIN.email, ADMIN.password);
      await page.goto(`${env.server.base}/vorgaenge/alle`);
      await page.getByLabel('Sortierung').selectOption({ label: 'Am längsten unbeantwortet' });
      await waitFor(() => page.url().includes('sort=unanswered'), 5000, 'the order in the URL');
      const rows = page.locator('table.queue tbody tr');
      await waitFor(async () => (await rows.count()) === 1, 5000, 'only the unanswered one');
      await expectText(rows.first(), (s) => s.includes('Fenster undicht'), 'v1 waits for an answer');
    });
    await page.close();
  });

  it('deactivating Herr Stein: the "deaktiviert" marker until his Vorgänge are handed over to Frau Huber', async () => {
    const page = await newPage(browser);
    page.who = 'admin';
    await onPages(page, async () => {
      await loginUi(page, env.server.base, ADMIN.email, ADMIN.password);
      await page.goto(`${env.server.base}/administration/mitarbeiterverwaltung`);
      const row = page.getByRole('row').filter({ hasText: stein.email });
      await row.getByRole('button', { name: 'Deaktivieren' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Deaktivieren' }).click();
      const dlg = page.getByRole('dialog', { name: 'Vorgänge von Herr Stein übergeben' });
      await expectVisible(dlg, 'the hand-over dialog');
      await expectVisible(dlg.getByRole('link', { name: new RegExp(`${v1.number} · Fenster undicht`) }), 'his open Vorgang listed');
      await expectAccessible(page, 'the hand-over dialog');
      await dlg.getByRole('button', { name: 'Später' }).click();

      // until handed over: "deaktiviert" on the Vorgang page and in the queue
      await page.goto(`${env.server.base}/vorgaenge/${v1.id}`);
      const asg = page.getByRole('region', { name: 'Zuständig' });
      await expectText(asg, (s) => s.includes('Herr Stein') && s.includes('deaktiviert'), 'the marker on the Vorgang page');
      await page.goto(`${env.server.base}/vorgaenge/alle`);
      const qrow = page.locator('table.queue tbody tr').filter({ hasText: 'Fenster undicht' });
      await expectText(qrow, (s) => s.includes('deaktiviert'), 'the marker on the chip');

      // hand over to Frau Huber from his row
      await page.goto(`${env.server.base}/administration/mitarbeiterverwaltung`);
      await page.getByRole('row').filter({ hasText: stein.email }).getByRole('button', { name: 'Vorgänge übergeben' }).click();
      const dlg2 = page.getByRole('dialog', { name: 'Vorgänge von Herr Stein übergeben' });
      await dlg2.getByLabel('eine Kollegin oder einen Kollegen').check();
      await chooseInTypeahead(dlg2, 'Kollegin oder Kollege', 'Frau Huber', 'hub');
      await dlg2.getByLabel('Übergabenotiz').fill('Herr Stein ist ausgeschieden');
      await dlg2.getByRole('button', { name: 'Übergeben' }).click();
      await expectVisible(statusMessage(page, '1 Vorgänge übergeben'), 'the hand-over confirmed');
    });
    await page.close();
    const after = expectStatus(await env.admin.get(`/processes/${v1.id}`), 200, 'v1');
    assert.deepEqual(assigneeIds(after), [seed.huber.id]);
    assert.ok(after.history.some((h) => h.text.includes('Herr Stein ist ausgeschieden')));
  });

  it('phone size (390×844): the reporter card and the reassign type-ahead', async () => {
    const page = await newPage(browser, { phone: true });
    page.who = 'Frau Huber (phone)';
    await onPages(page, async () => {
      await loginUi(page, env.server.base, seed.huber.email, PASSWORD);
      await page.goto(`${env.server.base}/vorgaenge/${v1.id}`);
      await expectHeading(page, 'Fenster undicht');
      const card = page.getByRole('region', { name: 'Meldende Person' });
      await expectText(card, (s) => s.includes(MUELLER.name), 'the reporter card');
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(wide <= 1, `no sideways scrolling (${wide} px too wide)`);
      await page.getByRole('button', { name: 'Zuständigkeit ändern' }).click();
      const dlg = page.getByRole('dialog', { name: 'Zuständigkeit ändern' });
      await chooseInTypeahead(dlg, 'Weitere Mitarbeiter suchen', SCHMIDT.name, 'schm');
      await expectVisible(dlg.getByRole('checkbox', { name: SCHMIDT.name }), 'Herr Schmidt added');
      await dlg.getByRole('button', { name: 'Abbrechen' }).click();
      await expectAccessible(page, 'the Vorgang page at phone size');
    });
    await page.close();
  });

  it('the portal’s first load (login page) stays under 100 KB', async () => {
    const page = await newPage(browser, { phone: true });
    let bytes = 0;
    page.on('response', async (r) => {
      try { bytes += (await r.body()).length; } catch { /* redirects have none */ }
    });
    await page.goto(`${env.server.base}/portal/login`);
    await expectHeading(page, 'Anmelden im Kundenportal');
    await page.waitForLoadState('networkidle');
    console.log(`# portal first load: ${bytes} bytes`);
    assert.ok(bytes < 100 * 1024, `first load ${bytes} bytes`);
    await page.close();
  });
});
