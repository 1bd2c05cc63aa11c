// SPDX-License-Identifier: MIT
// Correcting and ending in the browser (issue 13, item 4): "Bearbeiten" on
// a Vorgang changes its type and subject, the preview shows who would be
// responsible and "Neu zuordnen" applies it; on a property page an
// existing contact is linked by search, gets a move-out date, and the
// property is archived; at desktop and phone size, without serious
// accessibility violations.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAll, launchBrowser, newPage, onPages, loginUi, expectHeading, expectVisible, expectText,
  expectAccessible, waitFor, shoot, ADMIN, PHONE,
} from './harness.js';
import { expectStatus, newRole, newProperty, newType, hire } from '../api/harness.js';

describe('correcting and ending in the browser', () => {
  let env; let browser; let prop; let schmidt; let proc; let yilmaz;

  before(async () => {
    env = await startAll();
    const { admin, smtp, server } = env;
    const technik = await newRole(admin, 'Technik');
    const hausmeister = await newRole(admin, 'Hausmeister');
    prop = await newProperty(admin, { name: 'Lindenstraße 5', street: 'Lindenstraße 5' });
    await newType(admin, 'Schadensmeldung', [technik.id]);
    const wasser = await newType(admin, 'Wasserschaden', [hausmeister.id]);
    assert.ok(wasser.id);
    const huber = await hire(server, smtp, admin, { name: 'Frau Huber', email: 'huber@abc.example' });
    schmidt = await hire(server, smtp, admin, { name: 'Herr Schmidt', email: 'schmidt@abc.example' });
    expectStatus(await admin.post(`/properties/${prop.id}/staff`, { employee_id: huber.id, role_id: technik.id }), 201);
    expectStatus(await admin.post(`/properties/${prop.id}/staff`, { employee_id: schmidt.id, role_id: hausmeister.id }), 201);
    const types = expectStatus(await admin.get('/process-types'), 200).items;
    proc = expectStatus(await admin.post('/processes', { type_id: types.find((x) => x.name === 'Schadensmeldung').id,
      property_id: prop.id, subject: 'Heizung tropft', description: 'Im Keller.' }), 201);
    assert.deepEqual(proc.assignees.map((a) => a.name), ['Frau Huber']);
    yilmaz = expectStatus(await admin.post('/contacts', { name: 'Frau Yilmaz', email: 'yilmaz@example.org' }), 201);
    // a second contact: the list before typing has two, the search for "yilm" one
    expectStatus(await admin.post('/contacts', { name: 'Herr Berger', email: 'berger@example.org' }), 201);
    browser = await launchBrowser();
  });
  after(async () => {
    if (browser) await browser.close();
    if (env) await env.stop();
  });

  it('"Bearbeiten" changes type and subject; the preview names the new assignee and "Neu zuordnen" applies it', async () => {
    const page = await newPage(browser);
    page.who = 'Admin';
    await onPages(page, async () => {
      await loginUi(page, env.server.base, ADMIN.email, ADMIN.password);
      await page.goto(`${env.server.base}/vorgaenge/${proc.id}`);
      await expectHeading(page, 'Heizung tropft');
      await page.getByRole('button', { name: 'Bearbeiten', exact: true }).click();
      const dlg = page.getByRole('dialog', { name: 'Vorgang bearbeiten' });
      await expectVisible(dlg, 'the edit dialog');
      await expectAccessible(page, 'the edit dialog');
      await dlg.getByLabel('Betreff').fill('Wasser im Keller');
      await dlg.getByLabel('Vorgangstyp').selectOption({ label: 'Wasserschaden' });
      await dlg.getByRole('button', { name: 'Speichern' }).click();
      const pv = page.getByRole('dialog', { name: 'Zuständigkeit neu zuordnen?' });
      await expectVisible(pv, 'the re-routing preview');
      await expectText(pv, (s) => s.includes('Herr Schmidt') && s.includes('Hausmeister'), 'the new assignee and why');
      // nothing changed yet
      assert.deepEqual(expectStatus(await env.admin.get(`/processes/${proc.id}`), 200).assignees.map((a) => a.name), ['Frau Huber']);
      await shoot(page, 'corrections-preview');
      await expectAccessible(page, 'the re-routing preview');
      await pv.getByRole('button', { name: 'Neu zuordnen' }).click();
      await expectHeading(page, 'Wasser im Keller');
      await waitFor(async () => expectStatus(await env.admin.get(`/processes/${proc.id}`), 200)
        .assignees.map((a) => a.name).join() === 'Herr Schmidt', 5000, 'Herr Schmidt assigned');
      const history = page.locator('.history');
      await expectText(history, (s) => s.includes('Vorgangstyp: Schadensmeldung → Wasserschaden')
        && s.includes('Betreff: Heizung tropft → Wasser im Keller'), 'the history with old → new');
    });
    await page.context().close();
  });

  it('on the property page: link an existing contact by search, set a move-out date, archive the property', async () => {
    const page = await newPage(browser);
    page.who = 'Admin';
    await onPages(page, async () => {
      await loginUi(page, env.server.base, ADMIN.email, ADMIN.password);
      await page.goto(`${env.server.base}/liegenschaften/${prop.id}`);
      await expectHeading(page, 'Lindenstraße 5');
      await page.getByRole('button', { name: 'Vorhandenen Kontakt verknüpfen' }).click();
      const dlg = page.getByRole('dialog', { name: 'Vorhandenen Kontakt verknüpfen' });
      const box = dlg.getByRole('combobox', { name: 'Kontakt' });
      await box.fill('yilm');
      const options = dlg.getByRole('listbox', { name: 'Kontakt' }).getByRole('option');
      await waitFor(async () => (await options.count()) === 1, 5000, 'one suggestion for "yilm"');
      await expectText(options.first(), (s) => s.includes('Frau Yilmaz') && s.includes('yilmaz@example.org'), 'her name and e-mail');
      await box.press('ArrowDown');
      await waitFor(async () => (await box.getAttribute('aria-activedescendant')) !== null, 5000, 'the suggestion marked');
      await box.press('Enter');
      await waitFor(async () => (await box.inputValue()) === 'Frau Yilmaz', 5000, 'her name chosen');
      await dlg.getByRole('button', { name: 'Verknüpfen' }).click();
      const row = page.locator('tr', { hasText: 'Frau Yilmaz' });
      await expectVisible(row, 'her row among the residents');
      const rows = expectStatus(await env.admin.get(`/properties/${prop.id}/residents`), 200).items;
      assert.ok(rows.some((r) => r.contact_id === yilmaz.id), 'linked');

      await row.getByRole('button', { name: 'Bearbeiten' }).click();
      const edit = page.getByRole('dialog', { name: 'Mieter/Eigentümer bearbeiten' });
      await edit.getByLabel('Ausgezogen am').fill('2020-01-31');
      await edit.getByRole('button', { name: 'Speichern' }).click();
      await expectVisible(page.locator('tr', { hasText: 'Frau Yilmaz' }).getByText('ausgezogen am 31.01.2020'), 'the move-out badge');
      await shoot(page, 'corrections-property');
      await expectAccessible(page, 'the property page');

      await page.getByRole('button', { name: 'Archivieren' }).click();
      await page.getByRole('dialog', { name: 'Archivieren?' }).getByRole('button', { name: 'Archivieren' }).click();
      await expectVisible(page.getByRole('heading', { level: 1 }).getByText('archiviert'), 'the "archiviert" badge');
      await expectVisible(page.getByRole('button', { name: 'Wiederherstellen' }), 'the restore button');
      assert.equal(expectStatus(await env.admin.get(`/properties/${prop.id}`), 200).archived, true);
      await page.getByRole('button', { name: 'Wiederherstellen' }).click();
      await expectVisible(page.getByRole('button', { name: 'Archivieren' }), 'restored');
    });
    await page.context().close();
  });

  it('on a phone: the edit dialog fits and saves the subject', async () => {
    const page = await newPage(browser, { phone: true });
    page.who = 'Admin (phone)';
    await onPages(page, async () => {
      await loginUi(page, env.server.base, ADMIN.email, ADMIN.password);
      await page.goto(`${env.server.base}/vorgaenge/${proc.id}`);
      await expectHeading(page, 'Wasser im Keller');
      await page.getByRole('button', { name: 'Bearbeiten', exact: true }).click();
      const dlg = page.getByRole('dialog', { name: 'Vorgang bearbeiten' });
      await expectVisible(dlg, 'the edit dialog');
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= PHONE.width, `no sideways scrolling (${wide} px)`);
      const dlgBox = await dlg.boundingBox();
      assert.ok(dlgBox.x >= 0 && dlgBox.x + dlgBox.width <= PHONE.width, 'the dialog fits the width');
      await expectAccessible(page, 'the edit dialog on a phone');
      await dlg.getByLabel('Betreff').fill('Wasser im Keller, Haus 2');
      await dlg.getByRole('button', { name: 'Speichern' }).click();
      await expectHeading(page, 'Wasser im Keller, Haus 2');
      // only the subject changed: no re-routing offered
      assert.equal(await page.getByRole('dialog', { name: 'Zuständigkeit neu zuordnen?' }).count(), 0);
    });
    await page.context().close();
  });
});
