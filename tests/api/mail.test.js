// SPDX-License-Identifier: MIT
// Mail delivery through a real SMTP server: the durable outbox, retries with the
// same Message-ID, one bad address not holding back the others, the mail log
// filter, and the shape of the messages (headers, subject tag, umlauts).

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAll, expectStatus, hire, newRole, newProperty, addStaff, newType, newTenant,
  drainOutbox, mailRows, listAll, addrOf, waitFor, ADMIN,
} from './harness.js';

describe('mail delivery', () => {
  let ctx; let smtp; let server; let admin;
  let technik; let prop; let type; let kaputt; let gut; let mueller;

  before(async () => {
    ctx = await startAll();
    ({ smtp, server, admin } = ctx);
    technik = await newRole(admin, 'Technik');
    prop = await newProperty(admin, { name: 'Max-Planck-Straße 12', street: 'Max-Planck-Straße 12',
      postal_code: '80331', city: 'München' });
    type = await newType(admin, 'Schadensmeldung', [technik.id]);
    kaputt = await hire(server, smtp, admin, { name: 'Herr Kaputt', email: 'kaputt@abc.example' });
    gut = await hire(server, smtp, admin, { name: 'Frau Gut', email: 'gut@abc.example' });
    await addStaff(admin, prop.id, kaputt.id, technik.id);
    await addStaff(admin, prop.id, gut.id, technik.id);
    mueller = await newTenant(server, smtp, admin, prop.id, { name: 'Herr Müller', email: 'mueller@example.org' });
    await drainOutbox(admin);
  });
  after(async () => { if (ctx) await ctx.stop(); });

  const file = async (subject) => expectStatus(await mueller.client.post('/processes', {
    type_id: type.id, property_id: prop.id, subject, description: 'Bitte kümmern Sie sich darum.',
  }), 201, 'file process');

  it('one rejected recipient (550) ends failed with last_error; the other recipients of the same Vorgang are sent; the create answered 201', async () => {
    smtp.reject(kaputt.email);
    try {
      const t0 = Date.now();
      const p = await file('Heizung fällt aus – Wohnung Süd');
      const rows = await waitFor(async () => {
        const rs = await mailRows(admin, p.id);
        return rs.length > 0 && rs.every((m) => m.state !== 'queued') && rs;
      }, 10000, 'the Vorgang’s mails to be done');
      const by = Object.fromEntries(rows.map((m) => [`${m.kind}:${addrOf(m.to)}`, m]));
      assert.deepEqual(Object.keys(by).sort(), [
        'assigned:gut@abc.example', 'assigned:kaputt@abc.example', 'receipt:mueller@example.org',
      ]);
      const bad = by['assigned:kaputt@abc.example'];
      assert.equal(bad.state, 'failed');
      assert.equal(typeof bad.last_error, 'string');
      assert.ok(bad.last_error.length > 0, 'last_error says why');
      assert.ok(bad.attempts >= 1 && bad.attempts <= 3, `attempts ${bad.attempts}`);
      assert.equal(bad.sent_at, null);
      assert.equal(bad.process_id, p.id);
      for (const k of ['assigned:gut@abc.example', 'receipt:mueller@example.org']) {
        assert.equal(by[k].state, 'sent', `${k}: ${JSON.stringify(by[k])}`);
        assert.equal(by[k].last_error ?? null, null);
        assert.equal(by[k].attempts, 1);
        assert.ok(by[k].sent_at && !Number.isNaN(Date.parse(by[k].sent_at)), 'sent_at is a time');
        assert.ok(!Number.isNaN(Date.parse(by[k].created_at)), 'created_at is a time');
      }
      assert.ok(smtp.rejected.some((x) => x.address === kaputt.email && x.at >= t0), 'the SMTP server refused it');
      assert.equal(smtp.since(t0).filter((m) => m.to.includes(gut.email)).length, 1);
      assert.equal(smtp.since(t0).filter((m) => m.to.includes(mueller.email)).length, 1);
      assert.equal(smtp.since(t0).filter((m) => m.to.includes(kaputt.email)).length, 0);
    } finally {
      smtp.unreject(kaputt.email);
    }
  });

  it('a temporary failure (451 twice) is retried and delivered exactly once, with the same Message-ID on every attempt', async () => {
    smtp.failNext(2, { to: gut.email, code: 451 });
    const t0 = Date.now();
    const started = Date.now();
    const p = await file('Tür klemmt');
    assert.ok(Date.now() - started < 3000, 'the create does not wait for SMTP');
    const rows = await waitFor(async () => {
      const rs = await mailRows(admin, p.id);
      return rs.length > 0 && rs.every((m) => m.state !== 'queued') && rs;
    }, 10000, 'the Vorgang’s mails to be done');
    const row = rows.find((m) => addrOf(m.to) === gut.email);
    assert.equal(row.state, 'sent', JSON.stringify(row));
    assert.equal(row.attempts, 3);

    const tries = smtp.attempts.filter((a) => a.at >= t0 && a.to.includes(gut.email));
    assert.equal(tries.length, 3, 'two refused attempts and one accepted');
    assert.deepEqual(tries.map((a) => a.accepted), [false, false, true]);
    assert.ok(tries[0].messageId, 'the message has a Message-ID');
    assert.equal(new Set(tries.map((a) => a.messageId)).size, 1, `same Message-ID: ${tries.map((a) => a.messageId)}`);
    const delivered = smtp.since(t0).filter((m) => m.to.includes(gut.email));
    assert.equal(delivered.length, 1, 'delivered exactly once');
    assert.ok(delivered[0].subject.includes(`[${p.number}]`));
    // the others were not held back by the retries
    assert.equal(smtp.since(t0).filter((m) => m.to.includes(kaputt.email)).length, 1);
  });

  it('an SMTP outage that outlasts the attempts ends failed (3 attempts), and later mail to that address still goes out', async () => {
    smtp.failNext(3, { to: kaputt.email, code: 451 });
    const p = await file('Fenster undicht');
    const rows = await waitFor(async () => {
      const rs = await mailRows(admin, p.id);
      return rs.length === 3 && rs.every((m) => m.state !== 'queued') && rs;
    }, 10000, 'mails done');
    const failed = rows.filter((m) => m.state === 'failed');
    assert.equal(failed.length, 1, JSON.stringify(rows));
    assert.equal(addrOf(failed[0].to), kaputt.email);
    assert.equal(failed[0].attempts, 3);
    assert.ok(failed[0].last_error);
    assert.equal(rows.filter((m) => m.state === 'sent').length, 2);

    const q = await file('Briefkasten kaputt');
    const later = await waitFor(async () => {
      const rs = await mailRows(admin, q.id);
      return rs.length === 3 && rs.every((m) => m.state !== 'queued') && rs;
    }, 10000, 'mails done');
    assert.deepEqual(later.map((m) => m.state), ['sent', 'sent', 'sent']);
  });

  it('GET /mail?process_id= lists exactly that Vorgang’s mails; to= filters by recipient', async () => {
    const p = await file('Filtertest');
    const q = await file('Anderer Vorgang');
    await drainOutbox(admin);
    const rows = await mailRows(admin, p.id);
    assert.equal(rows.length, 3, JSON.stringify(rows));
    for (const m of rows) assert.equal(m.process_id, p.id);
    const other = await mailRows(admin, q.id);
    assert.equal(other.length, 3);
    assert.ok(!rows.some((m) => other.some((o) => o.id === m.id)));
    const all = await listAll(admin, '/mail');
    assert.equal(all.filter((m) => m.process_id === p.id).length, 3, 'the unfiltered log has them too');
    for (const m of all) {
      for (const k of ['id', 'to', 'subject', 'kind', 'state', 'attempts', 'last_error', 'process_id', 'created_at', 'sent_at']) {
        assert.ok(k in m, `mail row has ${k}: ${JSON.stringify(m)}`);
      }
      assert.ok(['invite_employee', 'invite_contact', 'password_reset', 'assigned', 'unrouted', 'receipt', 'comment']
        .includes(m.kind), `known kind: ${m.kind}`);
      assert.ok(['queued', 'sent', 'failed'].includes(m.state));
    }
    const toGut = await listAll(admin, `/mail?to=${encodeURIComponent(gut.email)}`);
    assert.ok(toGut.length >= 1);
    for (const m of toGut) assert.equal(addrOf(m.to), gut.email);
    assert.equal(toGut.length, all.filter((m) => addrOf(m.to) === gut.email).length);
    const both = await listAll(admin, `/mail?process_id=${p.id}&to=${encodeURIComponent(mueller.email)}`);
    assert.deepEqual(both.map((m) => m.kind), ['receipt']);
    assert.deepEqual(await listAll(admin, '/mail?process_id=999999'), []);
  });

  it('Vorgang mails carry Message-ID, Date, Auto-Submitted, the [V-…] tag, the configured sender and intact umlauts', async () => {
    const t0 = Date.now();
    const subject = 'Wasserschaden in der Küche – Größe unklar';
    const p = await file(subject);
    await drainOutbox(admin);
    const mails = smtp.since(t0);
    assert.equal(mails.length, 3);
    const ids = new Set();
    for (const m of mails) {
      assert.ok(m.subject.includes(`[${p.number}]`), `subject tag: ${m.subject}`);
      assert.match(m.messageId || '', /^<[^<>@\s]+@[^<>@\s]+>$/, `Message-ID: ${m.messageId}`);
      ids.add(m.messageId);
      assert.ok(m.headers.get('date'), 'Date header');
      assert.ok(m.date instanceof Date && Math.abs(m.date.getTime() - Date.now()) < 10 * 60 * 1000, 'plausible Date');
      assert.equal(String(m.headers.get('auto-submitted')).toLowerCase(), 'auto-generated');
      assert.equal(m.from, 'noreply@abc.example', 'envelope sender');
      assert.ok(m.headerFrom.includes('noreply@abc.example'), `From: ${m.headerFrom}`);
      const all = `${m.subject}\n${m.text}`;
      assert.ok(!/Ã|Â|\uFFFD/.test(all), `no mojibake: ${all}`);
      assert.ok(/Müller|Max-Planck-Straße|Küche|Größe/.test(all), `umlauts survive: ${all}`);
    }
    assert.equal(ids.size, 3, 'every message has its own Message-ID');
    const receipt = mails.find((m) => m.to.includes(mueller.email));
    assert.ok(receipt.text.includes(p.number), 'the receipt names the number');
    const assigned = mails.find((m) => m.to.includes(gut.email));
    assert.ok(`${assigned.subject}\n${assigned.text}`.includes('Max-Planck-Straße 12') ||
      `${assigned.subject}\n${assigned.text}`.includes(subject), 'the assignee mail says what and where');
  });

  it('a body line starting with "." and long lines arrive intact', async () => {
    const t0 = Date.now();
    const description = `Erste Zeile\n.\n.zweite Zeile mit Punkt\n${'Sehr lange Zeile '.repeat(40)}Ende`;
    const p = expectStatus(await mueller.client.post('/processes', {
      type_id: type.id, property_id: prop.id, subject: 'Punkte', description,
    }), 201, 'file');
    await drainOutbox(admin);
    const mail = smtp.since(t0).find((m) => m.to.includes(gut.email));
    assert.ok(mail, 'mail to the assignee');
    assert.ok(mail.subject.includes(p.number));
    if (mail.text.includes('zweite Zeile')) {
      assert.ok(mail.text.includes('.zweite Zeile mit Punkt'), 'leading dot not lost or doubled');
      assert.ok(!mail.text.includes('..zweite'), 'no double dot');
    }
  });

  it('a crash (SIGKILL) while a mail is waiting for its retry loses nothing: after the restart it is delivered once, with the same Message-ID', async () => {
    // its own server, with a retry delay long enough to kill it in between
    const c2 = await startAll({ env: { HAUSDESK_MAIL_RETRY_MS: '1500' } });
    try {
      const a = c2.admin;
      const role = await newRole(a, 'Technik');
      const p = await newProperty(a, { name: 'Absturzweg 1', street: 'Absturzweg 1' });
      const ty = await newType(a, 'Sonstiges', [role.id]); // nobody holds it: unrouted to the admin
      const contact = expectStatus(await a.post('/contacts', { name: 'Frau Crash', email: 'crash@example.org' }), 201, 'contact');
      expectStatus(await a.post(`/properties/${p.id}/residents`, { contact_id: contact.id, relation: 'tenant' }),
        201, 'resident');
      c2.smtp.failNext(1, { to: 'crash@example.org', code: 451 });
      const v = expectStatus(await a.post('/processes', { type_id: ty.id, property_id: p.id, subject: 'Absturz',
        description: 'x', reporter_contact_id: contact.id }), 201, 'file');
      const refused = await waitFor(() => c2.smtp.attempts.find((x) => !x.accepted && x.to.includes('crash@example.org')),
        5000, 'the first, refused attempt');
      // the admin's mail is done before the crash, so it must not come again
      await waitFor(async () => (await mailRows(a, v.id)).some((m) => addrOf(m.to) === ADMIN.email && m.state === 'sent'),
        5000, 'the admin mail to be sent');
      const k = await c2.server.kill('SIGKILL');
      assert.equal(k.signal, 'SIGKILL');
      assert.equal(c2.smtp.mailsTo('crash@example.org').length, 0, 'not delivered before the crash');

      await c2.server.restart({ HAUSDESK_MAIL_RETRY_MS: '200' });
      const a2 = await c2.server.admin();
      const rows = await drainOutbox(a2);
      const row = rows.find((m) => m.process_id === v.id && addrOf(m.to) === 'crash@example.org');
      assert.ok(row, 'the outbox row survived the crash');
      assert.equal(row.state, 'sent', JSON.stringify(row));
      assert.equal(row.attempts, 2);
      const got = c2.smtp.mailsTo('crash@example.org');
      assert.equal(got.length, 1, 'delivered exactly once');
      assert.equal(got[0].messageId, refused.messageId, 'same Message-ID as before the crash');
      assert.equal(c2.smtp.mailsTo(ADMIN.email).filter((m) => m.subject.includes(v.number)).length, 1,
        'the mail sent before the crash is not sent again');
      const after = expectStatus(await a2.get(`/processes/${v.id}`), 200, 'the Vorgang survived');
      assert.equal(after.number, v.number);
    } finally {
      await c2.stop();
    }
  });
});
