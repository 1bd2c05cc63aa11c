// SPDX-License-Identifier: MIT
// History and routing reasons as data, shown in the reader's language
// (issue 15, item 4; docs/routing.md, "Reasons and history as data"): the
// API renders them by ?lang= or Accept-Language (German by default), mails
// go in each recipient's locale, and the sentences of existing databases
// are turned into events (or kept as legacy text) when the server starts.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAll, expectStatus, expectError, hire, newRole, newProperty, addStaff, newType, newTenant,
  drainOutbox, listAll, waitFor, execP, sqliteOnly,
} from './harness.js';

describe('history and reasons in the reader\'s language', () => {
  let ctx; let smtp; let server; let admin;
  let sach; let prop; let type; let schmidt; let baker; let mueller; let smith; let proc;

  const get = async (p, headers = {}) => {
    const r = await fetch(`${server.base}/api/v1${p}`, { headers: { ...headers, Cookie: `hd_session=${admin.cookie}` } });
    return { status: r.status, body: await r.json() };
  };

  before(async () => {
    ctx = await startAll();
    ({ smtp, server, admin } = ctx);
    sach = await newRole(admin, 'Sachbearbeitung');
    prop = await newProperty(admin, { name: 'Max-Planck-Straße 12', street: 'Max-Planck-Straße 12' });
    type = await newType(admin, 'Schadensmeldung', [sach.id]);
    schmidt = await hire(server, smtp, admin, { name: 'Herr Schmidt', email: 'schmidt@abc.example' });
    baker = await hire(server, smtp, admin, { name: 'Mr Baker', email: 'baker@abc.example' });
    expectStatus(await baker.client.patch('/me', { locale: 'en' }), 200, 'Mr Baker reads English');
    await addStaff(admin, prop.id, schmidt.id, sach.id);
    await addStaff(admin, prop.id, baker.id, sach.id);
    mueller = await newTenant(server, smtp, admin, prop.id, { name: 'Herr Müller', email: 'mueller@example.org' });
    smith = await newTenant(server, smtp, admin, prop.id, { name: 'Mrs Smith', email: 'smith@example.org' });
    expectStatus(await smith.client.patch('/me', { locale: 'en' }), 200, 'Mrs Smith reads English');
    await drainOutbox(admin);
    proc = expectStatus(await mueller.client.post('/processes', {
      type_id: type.id, property_id: prop.id, subject: 'Wasserschaden', description: 'Decke nass.',
    }), 201, 'filed in German');
  });
  after(async () => { if (ctx) await ctx.stop(); });

  it('the locale is German by default, editable by the user, and only de or en', async () => {
    const me = expectStatus(await schmidt.client.get('/me'), 200, 'me');
    assert.equal(me.user.locale, 'de');
    expectError(await schmidt.client.patch('/me', { locale: 'fr' }), 422, 'invalid_field', 'locale');
    expectError(await schmidt.client.patch('/me', {}), 422, 'invalid_field', 'locale');
    assert.equal(expectStatus(await baker.client.get('/me'), 200, 'me').user.locale, 'en');
  });

  it('an English reader sees English reasons and history for a Vorgang routed in German', async () => {
    const de = expectStatus(await admin.get(`/processes/${proc.id}`), 200, 'German by default');
    const reasonDe = Object.fromEntries(de.assignees.map((a) => [a.name, a.reason]));
    assert.equal(reasonDe['Herr Schmidt'], 'Herr Schmidt: Rolle Sachbearbeitung in Max-Planck-Straße 12');
    assert.equal(de.history[0].text, 'Vorgang angelegt von Herrn Müller im Kundenportal');
    assert.equal(de.history[0].code, 'created');

    for (const [how, p, headers] of [
      ['?lang=en', `/processes/${proc.id}?lang=en`, {}],
      ['Accept-Language', `/processes/${proc.id}`, { 'Accept-Language': 'en-GB,en;q=0.9' }],
      ['Accept-Language with weights', `/processes/${proc.id}`, { 'Accept-Language': 'fr-FR, en;q=0.8, de;q=0.5' }],
    ]) {
      const r = await get(p, headers);
      assert.equal(r.status, 200, how);
      const reason = Object.fromEntries(r.body.assignees.map((a) => [a.name, a.reason]));
      assert.equal(reason['Herr Schmidt'], 'Herr Schmidt: role Sachbearbeitung at Max-Planck-Straße 12', how);
      assert.equal(reason['Mr Baker'], 'Mr Baker: role Sachbearbeitung at Max-Planck-Straße 12', how);
      assert.equal(r.body.history[0].text, 'Case created by Herr Müller in the customer portal', how);
      assert.ok(r.body.history.some((h) => h.event === 'routed' &&
        h.text === 'Herr Schmidt: role Sachbearbeitung at Max-Planck-Straße 12'), how);
    }
    // ?lang=de beats the header; German is preferred when weighed higher.
    const forced = await get(`/processes/${proc.id}?lang=de`, { 'Accept-Language': 'en' });
    assert.equal(forced.body.history[0].text, 'Vorgang angelegt von Herrn Müller im Kundenportal');
    const heavier = await get(`/processes/${proc.id}`, { 'Accept-Language': 'en;q=0.4, de-AT;q=0.9' });
    assert.equal(heavier.body.history[0].text, 'Vorgang angelegt von Herrn Müller im Kundenportal');

    // A status change, read in both languages.
    expectStatus(await schmidt.client.patch(`/processes/${proc.id}`, { status: 'in_progress' }), 200, 'status');
    const en = await get(`/processes/${proc.id}?lang=en`);
    assert.equal(en.body.history.at(-1).text, 'Status: New → In progress (Herr Schmidt)');
    const de2 = expectStatus(await admin.get(`/processes/${proc.id}`), 200, 'German');
    assert.equal(de2.history.at(-1).text, 'Status: neu → in Bearbeitung (Herr Schmidt)');

    // Lists too, and German again right after (the answer cache holds German).
    const list = await get('/processes?lang=en');
    const item = list.body.items.find((i) => i.id === proc.id);
    assert.ok(item.assignees.every((a) => / at Max-Planck-Straße 12$/.test(a.reason)), JSON.stringify(item));
    const listDe = await listAll(admin, '/processes');
    assert.ok(listDe.find((i) => i.id === proc.id).assignees.every((a) => / in Max-Planck-Straße 12$/.test(a.reason)));
  });

  it('mails go in each recipient\'s locale', async () => {
    const p = expectStatus(await smith.client.post('/processes', {
      type_id: type.id, property_id: prop.id, subject: 'Leaking tap', description: 'The kitchen tap drips.',
    }), 201, 'filed by an English tenant');
    const toBaker = await waitFor(() => smtp.mailsTo(baker.email).find((m) => m.subject.includes(p.number)),
      5000, 'the mail to Mr Baker');
    assert.match(toBaker.subject, /New case/);
    assert.match(toBaker.text, /Case .* has been assigned to you/);
    assert.match(toBaker.text, /Mr Baker: role Sachbearbeitung at Max-Planck-Straße 12/);
    const toSchmidt = await waitFor(() => smtp.mailsTo(schmidt.email).find((m) => m.subject.includes(p.number)),
      5000, 'the mail to Herr Schmidt');
    assert.match(toSchmidt.subject, /Neuer Vorgang/);
    assert.match(toSchmidt.text, /Herr Schmidt: Rolle Sachbearbeitung in Max-Planck-Straße 12/);
    const receipt = await waitFor(() => smtp.mailsTo(smith.email).find((m) => m.subject.includes(p.number)),
      5000, 'the receipt to Mrs Smith');
    assert.match(receipt.subject, /We have received your request/);
    // Mr Baker answers in public: the German reporter reads German.
    expectStatus(await baker.client.post(`/processes/${proc.id}/comments`,
      { body: 'Wir kommen morgen.', internal: false }), 201, 'comment');
    const toMueller = await waitFor(() => smtp.mailsTo(mueller.email)
      .find((m) => m.subject.includes(proc.number) && /Neue Nachricht/.test(m.subject)), 5000, 'the comment mail');
    assert.match(toMueller.text, /Mr Baker hat zum Vorgang/);
  });

  it('a status change mails the reporter in their language', async () => {
    const p = expectStatus(await smith.client.post('/processes', {
      type_id: type.id, property_id: prop.id, subject: 'Broken bell', description: 'The bell does not ring.',
    }), 201, 'filed by an English tenant');
    const t0 = Date.now();
    expectStatus(await admin.patch(`/processes/${p.id}`, { status: 'resolved', comment: 'We replaced the bell.' }),
      200, 'resolved');
    const m = await waitFor(() => smtp.mailsTo(smith.email).find((x) => x.at >= t0 &&
      x.subject.startsWith(`[${p.number}] Your request`)),
      5000, 'the status mail to Mrs Smith');
    assert.equal(m.subject, `[${p.number}] Your request has been resolved`);
    assert.match(m.text, /We replaced the bell\./);
  });

  it('a password reset goes in the account\'s language', async () => {
    const t0 = Date.now();
    expectStatus(await server.anon().post('/password-reset', { email: baker.email }), 202, 'reset for Mr Baker');
    expectStatus(await server.anon().post('/password-reset', { email: schmidt.email }), 202, 'reset for Herr Schmidt');
    const en = await waitFor(() => smtp.mailsTo(baker.email).find((m) => m.at >= t0 && /token=/.test(m.text)),
      5000, 'the reset mail to Mr Baker');
    assert.match(en.subject, /^Reset your password – /);
    assert.match(en.text, /Use this link to choose a new password/);
    const de = await waitFor(() => smtp.mailsTo(schmidt.email).find((m) => m.at >= t0 && /token=/.test(m.text)),
      5000, 'the reset mail to Herr Schmidt');
    assert.match(de.subject, /^Passwort zurücksetzen – /);
  });

  it('an existing database: the old sentences become events, the unknown ones stay as they were',
    { skip: sqliteOnly('it writes old sentences into the file with sqlite3') }, async () => {
    const old = expectStatus(await mueller.client.post('/processes', {
      type_id: type.id, property_id: prop.id, subject: 'Alt', description: 'Aus der Zeit vor den Ereignissen.',
    }), 201, 'a Vorgang to make old');
    await server.kill('SIGTERM');
    // What the server wrote before migration 011: sentences, no data.
    const sql = `
      UPDATE history SET data = NULL, text = 'Vorgang angelegt von Herr Müller im Kundenportal'
        WHERE process_id = ${old.id} AND event = 'created';
      UPDATE history SET data = NULL, text = 'Herr Schmidt: Rolle Sachbearbeitung in Max-Planck-Straße 12'
        WHERE process_id = ${old.id} AND event = 'routed' AND data LIKE '%Herr Schmidt%';
      UPDATE process_assignees SET reason_data = NULL,
        reason = 'Herr Schmidt: Rolle Sachbearbeitung in Max-Planck-Straße 12'
        WHERE process_id = ${old.id} AND employee_id = ${schmidt.id};
      INSERT INTO history(process_id, id, at, event, text, actor_id, data)
        VALUES (${old.id}, 100, 1764000000, 'note', 'Telefonisch mit Herrn Müller gesprochen', NULL, NULL);`;
    const r = await execP('sqlite3', [server.db, sql]);
    assert.equal(r.code, 0, r.stderr);
    await server.restart();
    const left = await execP('sqlite3', [server.db,
      `SELECT count(*) FROM history WHERE data IS NULL; SELECT count(*) FROM process_assignees WHERE reason_data IS NULL;
       SELECT data FROM history WHERE process_id = ${old.id} AND id = 100;
       SELECT count(*) FROM history WHERE process_id = ${old.id} AND text <> '';`]);
    const [nullHist, nullReasons, legacy, texts] = left.stdout.trim().split('\n');
    assert.equal(nullHist, '0');
    assert.equal(nullReasons, '0');
    assert.deepEqual(JSON.parse(legacy), { code: 'legacy', text: 'Telefonisch mit Herrn Müller gesprochen' });
    assert.equal(texts, '0', 'no finished sentences left in the table');

    admin = await server.admin();
    const de = expectStatus(await admin.get(`/processes/${old.id}`), 200, 'German');
    assert.equal(de.history[0].text, 'Vorgang angelegt von Herrn Müller im Kundenportal');
    assert.equal(de.history.at(-1).text, 'Telefonisch mit Herrn Müller gesprochen');
    assert.equal(de.assignees.find((a) => a.employee_id === schmidt.id).reason,
      'Herr Schmidt: Rolle Sachbearbeitung in Max-Planck-Straße 12');
    const en = await get(`/processes/${old.id}?lang=en`);
    assert.equal(en.body.history[0].text, 'Case created by Herr Müller in the customer portal');
    assert.ok(en.body.history.some((h) => h.text === 'Herr Schmidt: role Sachbearbeitung at Max-Planck-Straße 12'));
    assert.equal(en.body.history.at(-1).text, 'Telefonisch mit Herrn Müller gesprochen', 'legacy text as it was');
    assert.equal(en.body.history.at(-1).code, 'legacy');
    assert.equal(en.body.assignees.find((a) => a.employee_id === schmidt.id).reason,
      'Herr Schmidt: role Sachbearbeitung at Max-Planck-Straße 12');
  });
});
