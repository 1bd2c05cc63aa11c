// SPDX-License-Identifier: MIT
// Several `serve` processes on one PostgreSQL database (issue 12, item 2):
// two processes behind HAProxy (tests/infra/haproxy.js, round-robin), one
// real SMTP sink for both.
//
// - The seed scenario end to end, each step on the other process than the
//   step before (a session made on one process is used on the other), and
//   every expected mail arrives once.
// - What one process changes, the other shows at the very next request:
//   a logout, a deactivation, a staff change (routing), a change to a
//   Vorgang.
// - A create load through the proxy while one process is SIGKILLed: the
//   proxy keeps answering through the other, every Vorgang answered 201 is
//   there with its assignees, and each of its mails arrives — a duplicate
//   only for a mail the killed process had in flight, counted and printed.
//
// PostgreSQL only (SQLite is one process's file): `make api-pg` runs it.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  PG, PASSWORD, ADMIN, startSmtp, startServer, Client, login, expectStatus, waitFor, addrOf,
  extractToken, assigneeIds, drainOutbox,
} from './harness.js';
import { startHaproxy } from '../infra/haproxy.js';

const skip = PG ? false : 'needs PostgreSQL: several processes share one database (make api-pg)';

const HUBER = { name: 'Frau Huber', email: 'huber@abc.example' };
const SCHMIDT = { name: 'Herr Schmidt', email: 'schmidt@abc.example' };
const MUELLER = { name: 'Herr Müller', email: 'mueller@example.org' };

/** The same client (cookie, CSRF token) talking to another process. */
const on = (server, client) => new Client(server.base,
  { cookie: client.cookie, csrf: client.csrf, bearer: client.bearer, user: client.user });

/** Message-IDs that arrived more than once. */
function duplicates(mails) {
  const seen = new Map();
  for (const m of mails) seen.set(m.messageId, (seen.get(m.messageId) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1);
}

describe('two serve processes on one PostgreSQL database', { skip }, () => {
  let smtp; let a; let b; let lb;
  // Process by step: even steps on a, odd on b.
  const proc = (i) => (i % 2 === 0 ? a : b);
  const s = {};

  // The claim of a mail is a lease until its next retry: longer than a
  // send takes here, or the other process takes a mail still in flight
  // and sends it again (the harness's 200 ms are for one process).
  const env = { HAUSDESK_MAIL_RETRY_MS: '5000' };

  before(async () => {
    smtp = await startSmtp();
    a = await startServer({ smtpPort: smtp.port, env });
    // b: the same database (no init), its own port; the base URL of a, so
    // that links in mails are the same whoever sends them.
    b = await startServer({ smtpPort: smtp.port, db: { target: a.db },
      env: { ...env, HAUSDESK_BASE_URL: a.base } });
    lb = await startHaproxy({ backends: [{ port: a.port, name: 'a' }, { port: b.port, name: 'b' }] });
    await lb.waitUp(2);
  });
  after(async () => {
    if (lb) await lb.stop();
    if (b) await b.stop();
    if (a) await a.stop();
    if (smtp) await smtp.stop();
  });

  it('the seed scenario with each step on the other process; every mail arrives once', async () => {
    let step = 0;
    const next = () => proc(step++);
    const adminA = await login(next().base, ADMIN.email, ADMIN.password);
    const admin = () => on(next(), adminA);

    for (const [key, who] of [['huber', HUBER], ['schmidt', SCHMIDT]]) {
      s[key] = expectStatus(await admin().post('/employees', who), 201, `POST /employees ${who.email}`);
    }
    for (const [key, who] of [['huber', HUBER], ['schmidt', SCHMIDT]]) {
      const mail = await smtp.waitForMailTo(who.email, (m) => /token=/.test(m.text), 10000);
      const acc = await next().anon().post('/invitations/accept', { token: extractToken(mail.text), password: PASSWORD });
      expectStatus(acc, 200, `accept ${who.email}`);
      s[`${key}Client`] = await login(next().base, who.email, PASSWORD);
    }
    s.buch = expectStatus(await admin().post('/roles', { name: 'Buchhaltung' }), 201, 'role');
    s.sach = expectStatus(await admin().post('/roles', { name: 'Sachbearbeitung' }), 201, 'role');
    s.prop = expectStatus(await admin().post('/properties', { name: 'Max-Planck-Straße 12',
      street: 'Max-Planck-Straße 12', postal_code: '80331', city: 'München' }), 201, 'property');
    expectStatus(await admin().post(`/properties/${s.prop.id}/staff`,
      { employee_id: s.huber.id, role_id: s.buch.id }), 201, 'staff Huber');
    expectStatus(await admin().post(`/properties/${s.prop.id}/staff`,
      { employee_id: s.schmidt.id, role_id: s.sach.id }), 201, 'staff Schmidt');
    s.damage = expectStatus(await admin().post('/process-types',
      { name: 'Schadensmeldung', role_ids: [s.sach.id], portal: true }), 201, 'type');
    s.invoice = expectStatus(await admin().post('/process-types',
      { name: 'Frage zur Rechnung', role_ids: [s.buch.id], portal: true }), 201, 'type');
    const c = expectStatus(await admin().post('/contacts', MUELLER), 201, 'contact');
    expectStatus(await admin().post(`/properties/${s.prop.id}/residents`,
      { contact_id: c.id, relation: 'tenant' }), 201, 'resident');
    expectStatus(await admin().post(`/contacts/${c.id}/invite`), 202, 'invite');
    const inv = await smtp.waitForMailTo(MUELLER.email, (m) => /token=/.test(m.text), 10000);
    expectStatus(await next().anon().post('/invitations/accept',
      { token: extractToken(inv.text), password: PASSWORD }), 200, 'accept Müller');
    s.muellerClient = await login(next().base, MUELLER.email, PASSWORD);

    const t0 = Date.now();
    const invoice = expectStatus(await on(next(), s.muellerClient).post('/processes', {
      type_id: s.invoice.id, property_id: s.prop.id, subject: 'Frage zur Nebenkostenabrechnung 2025',
      description: 'Die Heizkosten erscheinen mir zu hoch.' }), 201, 'file invoice');
    const damage = expectStatus(await on(next(), s.muellerClient).post('/processes', {
      type_id: s.damage.id, property_id: s.prop.id, subject: 'Wasserfleck an der Decke',
      description: 'Im Bad tropft es.' }), 201, 'file damage');
    s.invoiceProc = invoice;
    // Numbers one after another, though filed through two processes.
    const seq = (p) => Number(p.number.split('-').at(-1));
    assert.equal(seq(damage), seq(invoice) + 1, `${invoice.number}, ${damage.number}`);

    assert.deepEqual(assigneeIds(expectStatus(await on(next(), s.huberClient).get(`/processes/${invoice.id}`),
      200, 'Huber reads')), [s.huber.id]);
    assert.deepEqual(assigneeIds(expectStatus(await on(next(), s.schmidtClient).get(`/processes/${damage.id}`),
      200, 'Schmidt reads')), [s.schmidt.id]);

    await drainOutbox(admin(), 15000);
    const since = smtp.since(t0);
    await waitFor(() => smtp.since(t0).length >= 4, 10000, 'four mails of the two Vorgänge');
    const to = (who) => smtp.since(t0).filter((m) => m.to.includes(who.email));
    assert.equal(to(HUBER).length, 1, `Huber: ${JSON.stringify(to(HUBER).map((m) => m.subject))}`);
    assert.equal(to(SCHMIDT).length, 1, `Schmidt: ${JSON.stringify(to(SCHMIDT).map((m) => m.subject))}`);
    assert.equal(to(MUELLER).length, 2, `Müller: ${JSON.stringify(to(MUELLER).map((m) => m.subject))}`);
    assert.equal(smtp.since(t0).length, 4, `nobody else: ${since.map((m) => m.to).join(' ')}`);
    assert.deepEqual(duplicates(smtp.mails), [], 'every mail of the whole scenario once');
    assert.equal(smtp.mails.length, 3 + 4, 'three invitations and four mails of the Vorgänge');
  });

  it('a logout through one process ends the session on the other at its very next request', async () => {
    const h = await login(a.base, HUBER.email, PASSWORD);
    expectStatus(await on(b, h).get('/me'), 200, 'the session works on b');
    expectStatus(await h.del('/session'), 204, 'logout on a');
    const r = await on(b, h).get('/me');
    assert.equal(r.status, 401, `b after the logout on a: ${r.status} ${r.text}`);
  });

  it('a staff change through one process routes the very next create on the other', async () => {
    const adm = await login(a.base, ADMIN.email, ADMIN.password);
    // Herr Schmidt takes Buchhaltung at the property too (on a) …
    expectStatus(await adm.post(`/properties/${s.prop.id}/staff`,
      { employee_id: s.schmidt.id, role_id: s.buch.id }), 201, 'staff Schmidt as Buchhaltung');
    // … and the next invoice request, filed through b, goes to both.
    const p = expectStatus(await on(b, s.muellerClient).post('/processes', {
      type_id: s.invoice.id, property_id: s.prop.id, subject: 'Zweite Frage', description: 'Noch eine.' }),
    201, 'file on b');
    assert.deepEqual(assigneeIds(p), [s.huber.id, s.schmidt.id].sort((x, y) => x - y));
  });

  it('a change to a Vorgang through one process shows in the other\'s very next read', async () => {
    const hA = await login(a.base, HUBER.email, PASSWORD);
    const hB = on(b, hA);
    // Read on b first (anything b might keep), then change on a.
    expectStatus(await hB.get(`/processes/${s.invoiceProc.id}`), 200, 'read on b');
    const list0 = expectStatus(await hB.get('/processes?assignee=me&status=in_progress'), 200, 'queue on b');
    assert.ok(!list0.items.some((p) => p.id === s.invoiceProc.id));
    expectStatus(await hA.patch(`/processes/${s.invoiceProc.id}`, { status: 'in_progress' }), 200, 'PATCH on a');
    expectStatus(await hA.post(`/processes/${s.invoiceProc.id}/comments`, { body: 'Ich prüfe das.' }), 201, 'comment on a');
    const p = expectStatus(await hB.get(`/processes/${s.invoiceProc.id}`), 200, 'read on b');
    assert.equal(p.status, 'in_progress');
    const list = expectStatus(await hB.get('/processes?assignee=me&status=in_progress'), 200, 'queue on b');
    assert.ok(list.items.some((x) => x.id === s.invoiceProc.id), 'the queue on b has it');
    assert.ok((p.comments || []).some((x) => x.body === 'Ich prüfe das.'), JSON.stringify(p.comments));
  });

  it('a deactivation through one process locks the employee out of the other at once', async () => {
    const adm = await login(b.base, ADMIN.email, ADMIN.password);
    const sB = await login(b.base, SCHMIDT.email, PASSWORD);
    expectStatus(await on(a, sB).get('/me'), 200, 'Schmidt works on a');
    expectStatus(await on(a, adm).patch(`/employees/${s.schmidt.id}`, { active: false }), 200, 'deactivate on a');
    const r = await sB.get('/me');
    assert.equal(r.status, 401, `Schmidt on b after the deactivation on a: ${r.status} ${r.text}`);
    const again = await b.anon().post('/session', { email: SCHMIDT.email, password: PASSWORD });
    assert.notEqual(again.status, 200, 'no new login on b');
    expectStatus(await adm.patch(`/employees/${s.schmidt.id}`, { active: true }), 200, 'active again (on b)');
  });

  it('one process SIGKILLed under a create load: the other answers through the proxy; every 201 is there, its mails once', async () => {
    const tenant = await login(lb.base, MUELLER.email, PASSWORD);
    const t0 = Date.now();
    const created = [];
    const failed = [];
    const TOTAL = 120;
    const WORKERS = 6;
    let n = 0;
    let killed = null;
    const worker = async () => {
      while (n < TOTAL) {
        const i = n++;
        if (i === 40 && !killed) killed = a.kill('SIGKILL');
        try {
          const r = await tenant.post('/processes', { type_id: s.damage.id, property_id: s.prop.id,
            subject: `Last ${i}`, description: `Vorgang ${i} der Last.` });
          if (r.status === 201) created.push(r.body);
          else failed.push(r.status);
        } catch (e) {
          failed.push(e.message);
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    const k = await killed;
    assert.equal(k.signal, 'SIGKILL', 'a was killed');
    // Those cut off by the kill failed; after it, the proxy sends to b.
    const bErrors = `\n--- b ---\n${b.log.split('\n').filter((l) => / (error|warn) /.test(l)).join('\n')}`;
    assert.ok(failed.length <= WORKERS, `at most one request per worker lost at the kill: ${JSON.stringify(failed)}` +
      bErrors);
    // Lost at the kill: the proxy's 502 or a closed connection, never an
    // error of the living process (a deadlock between the two processes'
    // batches would fail a whole batch with 500).
    assert.ok(!failed.some((f) => typeof f === 'number' && f !== 502), `${JSON.stringify(failed)}${bErrors}`);
    assert.ok(created.length >= TOTAL - WORKERS, `${created.length} of ${TOTAL} created`);
    const after = expectStatus(await tenant.post('/processes', { type_id: s.damage.id, property_id: s.prop.id,
      subject: 'Nach dem Kill', description: 'b antwortet.' }), 201, 'a create after the kill');
    created.push(after);

    // Every 201 is there, with its assignee (Herr Schmidt: Sachbearbeitung).
    const emp = await login(b.base, SCHMIDT.email, PASSWORD);
    for (const p of created) {
      const got = expectStatus(await emp.get(`/processes/${p.id}`), 200, `Vorgang ${p.number}`);
      assert.equal(got.number, p.number);
      assert.deepEqual(assigneeIds(got), [s.schmidt.id], `${p.number} assignees`);
    }
    const numbers = new Set(created.map((p) => p.number));
    assert.equal(numbers.size, created.length, 'numbers unique');

    // Each created Vorgang's two mails (Schmidt's notice, Müller's receipt),
    // delivered by a or — for what a had not sent — by b.
    const subjectsOf = (p) => smtp.mails.filter((m) => m.at >= t0 && m.text.includes(p.number));
    await waitFor(() => created.every((p) => subjectsOf(p).length >= 2), 30000,
      'two mails for every Vorgang created');
    const dup = duplicates(smtp.mails.filter((m) => m.at >= t0));
    // A duplicate can only be a mail a had handed to SMTP but not recorded
    // as sent when it died: at most what it had in hand (64 per claim).
    process.stdout.write(`# multiprocess: ${created.length} created, ${failed.length} lost at the kill, ` +
      `${dup.length} mails delivered twice (in flight at the kill)\n`);
    assert.ok(dup.length <= 64, `duplicates: ${dup.length}`);
    for (const p of created) {
      const ms = subjectsOf(p);
      const ids = new Set(ms.map((m) => m.messageId));
      assert.equal(ids.size, 2, `${p.number}: two distinct mails, got ${ms.length} (${[...ids].join(' ')})`);
      const to = new Set(ms.flatMap((m) => m.to.map(addrOf)));
      assert.ok(to.has(SCHMIDT.email) && to.has(MUELLER.email), `${p.number} mailed to ${[...to].join(', ')}`);
    }
  });
});
