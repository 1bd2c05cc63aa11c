// SPDX-License-Identifier: MIT
// Issue 15, items 1, 2 and their part of 5 in the browser, in German and in
// English: Abwesenheiten on the employee page and under "Mein Profil"
// (enter one with a Vertretung, hand the open Vorgänge over), "abwesend
// bis …" next to names in the lists and on the Vorgang, and the
// assignment mode on the role page.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAll, launchBrowser, newPage, onPages, expectHeading, expectVisible, expectText, loginUi, statusMessage,
  expectAccessible, seedViaApi, chooseInTypeahead, HUBER, SCHMIDT, PASSWORD, ADMIN,
} from './harness.js';
import { expectStatus } from '../api/harness.js';

/** Today in Europe/Berlin plus offset days, "YYYY-MM-DD". */
function berlinDay(offset = 0) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}
const deDay = (iso) => iso.split('-').reverse().join('.');
const enDay = (iso) => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
  .format(new Date(`${iso}T00:00:00Z`));

describe('absences and assign modes in the browser', () => {
  let env; let browser; let seed;

  before(async () => {
    env = await startAll();
    browser = await launchBrowser();
    seed = await seedViaApi(env);
  });
  after(async () => {
    if (browser) await browser.close();
    if (env) await env.stop();
  });

  it('German: the admin enters Frau Huber\'s holiday with Herr Schmidt covering, hands her Vorgänge over, and the lists say "abwesend bis"', async () => {
    const { admin } = env;
    // Frau Huber has an open Rechnungsfrage before she leaves
    const v = await seed.fileProcess(admin, {
      type_id: seed.invoice.id, property_id: seed.prop.id, subject: 'Nebenkosten 2025', description: 'Frage',
      reporter_contact_id: seed.mueller.id,
    });
    assert.deepEqual(v.assignees.map((a) => a.employee_id), [seed.huber.id]);
    const page = await newPage(browser);
    page.who = 'admin';
    const until = berlinDay(9);
    await onPages(page, async () => {
      await loginUi(page, env.server.base, ADMIN.email, ADMIN.password);
      await page.getByRole('link', { name: 'Administration', exact: true }).click();
      await page.getByRole('link', { name: HUBER.name }).click();
      await expectHeading(page, HUBER.name);
      await expectVisible(page.getByText('Keine Abwesenheiten eingetragen.'), 'no absences yet');
      await page.getByRole('button', { name: 'Neue Abwesenheit' }).click();
      const dlg = page.getByRole('dialog');
      await dlg.getByLabel('Erster Tag').fill(berlinDay(0));
      await dlg.getByLabel('Letzter Tag').fill(until);
      await chooseInTypeahead(dlg, 'Vertretung', SCHMIDT.name);
      await dlg.getByRole('button', { name: 'Speichern' }).click();
      const row = page.getByRole('row').filter({ hasText: deDay(until) });
      await expectText(row, (s) => s.includes(SCHMIDT.name) && s.includes('Läuft'), 'the absence with its substitute');
      await expectAccessible(page, 'the employee page with an absence');

      await row.getByRole('button', { name: 'Vorgänge übergeben' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Vorgänge übergeben' }).click();
      await expectVisible(statusMessage(page, '1 Vorgänge übergeben'), 'the hand-over confirmed');

      // the employee list marks her away
      await page.getByRole('link', { name: 'Mitarbeiter', exact: true }).click();
      await expectText(page.getByRole('row').filter({ hasText: HUBER.email }),
        (s) => s.includes(`abwesend bis ${deDay(until)}`), '"abwesend bis" in the employee list');

      // the Vorgang went to Herr Schmidt, with the hand-over in its history
      await page.goto(`${env.server.base}/vorgaenge/${v.id}`);
      await expectVisible(page.getByText(`${SCHMIDT.name}: übergeben von`, { exact: false }).first(), 'the hand-over entry');
    });
    await page.context().close();
    // a new Rechnungsfrage goes to Herr Schmidt, naming Frau Huber
    const w = await seed.fileProcess(admin, {
      type_id: seed.invoice.id, property_id: seed.prop.id, subject: 'Heizkosten', description: 'Frage',
      reporter_contact_id: seed.mueller.id,
    });
    assert.deepEqual(w.assignees.map((a) => a.reason),
      [`${SCHMIDT.name}: Vertretung für ${HUBER.name} (abwesend bis ${deDay(until)})`]);
  });

  it('German: the role page sets "Reihum"', async () => {
    const page = await newPage(browser);
    page.who = 'admin';
    await onPages(page, async () => {
      await loginUi(page, env.server.base, ADMIN.email, ADMIN.password);
      await page.goto(`${env.server.base}/administration/mitarbeiterrollen`);
      await expectHeading(page, 'Mitarbeiterrollen');
      const row = page.getByRole('row').filter({ hasText: 'Sachbearbeitung' });
      await expectText(row, (s) => s.includes('Alle'), 'the default mode');
      await row.getByRole('button', { name: 'Bearbeiten' }).click();
      await page.getByRole('dialog').getByLabel('Reihum').check();
      await page.getByRole('dialog').getByRole('button', { name: 'Speichern' }).click();
      await expectText(page.getByRole('row').filter({ hasText: 'Sachbearbeitung' }), (s) => s.includes('Reihum'),
        'the mode in the list');
      await expectAccessible(page, 'the role page');
    });
    await page.context().close();
    const got = expectStatus(await env.admin.get(`/roles/${seed.sach.id}`), 200, 'GET role');
    assert.equal(got.assign, 'round_robin');
  });

  it('English: Herr Schmidt enters his own absence under "My profile", and the role page shows the mode', async () => {
    const page = await newPage(browser);
    page.who = 'schmidt';
    const until = berlinDay(3);
    await onPages(page, async () => {
      await loginUi(page, env.server.base, SCHMIDT.email, PASSWORD);
      await page.getByRole('button', { name: 'English' }).click();
      await expectHeading(page, 'My cases');
      await page.getByRole('link', { name: SCHMIDT.name }).click();
      await expectHeading(page, 'My profile');
      await page.getByRole('button', { name: 'New absence' }).click();
      const dlg = page.getByRole('dialog');
      await dlg.getByLabel('First day').fill(berlinDay(1));
      await dlg.getByLabel('Last day').fill(berlinDay(0));
      await dlg.getByRole('button', { name: 'Save' }).click();
      await expectVisible(dlg.getByText('The last day cannot be before the first.'), 'the error in English');
      await dlg.getByLabel('Last day').fill(until);
      await dlg.getByRole('button', { name: 'Save' }).click();
      await expectText(page.getByRole('row').filter({ hasText: enDay(until) }), (s) => s.includes('Planned'),
        'the planned absence');
      await expectAccessible(page, 'My profile in English');
    });
    await page.context().close();
    const admin = await newPage(browser);
    admin.who = 'admin';
    await onPages(admin, async () => {
      await loginUi(admin, env.server.base, ADMIN.email, ADMIN.password);
      await admin.getByRole('button', { name: 'English' }).click();
      await expectHeading(admin, 'My cases'); // the choice is saved before the next page loads
      await admin.goto(`${env.server.base}/administration/mitarbeiterrollen`);
      await expectHeading(admin, 'Staff roles');
      await expectText(admin.getByRole('row').filter({ hasText: 'Sachbearbeitung' }), (s) => s.includes('In rotation'),
        'the mode in English');
      await admin.goto(`${env.server.base}/administration/mitarbeiterverwaltung`);
      await expectText(admin.getByRole('row').filter({ hasText: HUBER.email }),
        (s) => s.includes(`away until ${enDay(berlinDay(9))}`), '"away until" in the employee list');
    });
    await admin.context().close();
  });
});
