// SPDX-License-Identifier: MIT
// "Mieter/Eigentümer hinzufügen" on a property's page finds any existing
// contact by search (issue 13, item 2: the chooser listed only the first
// 2,000) — "Mueller" finds "Müller" — and links it; a new contact is still
// created there. Desktop and phone size, without serious accessibility
// violations.

import { describe, it, before, after } from 'node:test';
import {
  startAll, launchBrowser, newPage, onPages, loginUi, expectHeading, expectVisible, expectHidden, expectText,
  expectAccessible, waitFor, ADMIN, PHONE,
} from './harness.js';
import { expectStatus, newProperty } from '../api/harness.js';

describe('the contact chooser of a property', () => {
  let env; let browser; let prop;

  before(async () => {
    env = await startAll();
    const { admin } = env;
    prop = await newProperty(admin, { name: 'Ulmenweg 3', street: 'Ulmenweg 3' });
    for (let i = 1; i <= 30; i++) {
      expectStatus(await admin.post('/contacts', { name: `Frau Muster ${i}` }), 201);
    }
    expectStatus(await admin.post('/contacts', { name: 'Herr Müllerschön', email: 'ms@example.org' }), 201);
    browser = await launchBrowser();
  });
  after(async () => {
    if (browser) await browser.close();
    if (env) await env.stop();
  });

  for (const [size, opts] of [['desktop', {}], ['phone', { viewport: PHONE, phone: true }]]) {
    it(`links an existing contact found by search (${size})`, async () => {
      const page = await newPage(browser, opts);
      page.who = 'admin';
      await onPages(page, async () => {
        await loginUi(page, env.server.base, ADMIN.email, ADMIN.password);
        await page.goto(`${env.server.base}/liegenschaften/${prop.id}`);
        await expectHeading(page, 'Ulmenweg 3');
        await page.getByRole('button', { name: 'Mieter/Eigentümer hinzufügen' }).click();
        const rd = page.getByRole('dialog', { name: 'Mieter/Eigentümer hinzufügen' });
        await expectVisible(rd, 'the dialog');
        const box = rd.getByRole('combobox', { name: 'Kontakt suchen' });
        await box.fill('Muellersch');
        const options = rd.getByRole('listbox', { name: 'Kontakt suchen' }).getByRole('option');
        await waitFor(async () => (await options.count()) === 1, 5000, 'one suggestion for "Muellersch"');
        await expectText(options.first(), (s) => s.includes('Herr Müllerschön') && s.includes('ms@example.org'),
          'the suggestion');
        await expectAccessible(page, `the dialog with suggestions (${size})`);
        await box.press('ArrowDown');
        await box.press('Enter');
        await rd.getByRole('radio', { name: size === 'phone' ? 'Eigentümer' : 'Mieter', exact: true }).check();
        await rd.getByRole('button', { name: 'Hinzufügen' }).click();
        await expectHidden(rd, 'the dialog after "Hinzufügen"');
        const res = page.getByRole('region', { name: 'Mieter/Eigentümer' });
        await expectVisible(res.getByRole('row').filter({ hasText: 'Herr Müllerschön' }),
          'Herr Müllerschön under "Mieter/Eigentümer"');
      });
      await page.context().close();
    });
  }

  it('says so when no contact is chosen, and still creates a new one', async () => {
    const page = await newPage(browser);
    page.who = 'admin';
    await onPages(page, async () => {
      await loginUi(page, env.server.base, ADMIN.email, ADMIN.password);
      await page.goto(`${env.server.base}/liegenschaften/${prop.id}`);
      await expectHeading(page, 'Ulmenweg 3');
      await page.getByRole('button', { name: 'Mieter/Eigentümer hinzufügen' }).click();
      const rd = page.getByRole('dialog', { name: 'Mieter/Eigentümer hinzufügen' });
      await rd.getByRole('button', { name: 'Hinzufügen' }).click();
      await expectVisible(rd.getByText('Bitte einen Kontakt suchen und auswählen.'), 'the message');
      await rd.getByLabel('Kontakt', { exact: true }).selectOption('new');
      await expectHidden(rd.getByRole('combobox', { name: 'Kontakt suchen' }), 'the search for a new contact');
      await rd.getByLabel('Name', { exact: true }).fill('Frau Neumann');
      await rd.getByRole('button', { name: 'Hinzufügen' }).click();
      await expectHidden(rd, 'the dialog after "Hinzufügen"');
      const res = page.getByRole('region', { name: 'Mieter/Eigentümer' });
      await expectVisible(res.getByRole('row').filter({ hasText: 'Frau Neumann' }), 'Frau Neumann');
    });
    await page.context().close();
  });
});
