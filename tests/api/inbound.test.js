// SPDX-License-Identifier: MIT
// Inbound mail (issue 14, items 2 and 4; api.md "Inbound mail";
// docs/mail-in.md): intake addresses, POST /inbound-mail and `hausdesk
// mail-in` with every mail of the corpus (tests/mail/) and its expected
// outcome, threading by signed Message-ID and by number, forgery, noise,
// bounces of our own mail, the cap per sender, idempotency, "Nicht
// zugeordnet" completed by an admin, oversized attachments, exit codes 65/75.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  startSmallOrg, expectStatus, expectError, listAll, newTenant, BIN, ROOT, execP, waitFor, rawRequest,
  sqliteOnly, Client, freePort, PG, pgDatabaseDown, pgDatabaseUp,
} from './harness.js';
import { holdWriteLock } from '../faults/lib.js';

const INTAKE = 'schaden@hv-example.de';
const CORPUS = path.join(ROOT, 'tests/mail');

let seq = 0;
/** A plain RFC 5322 mail with CRLF line ends. */
function mail({ from, to = INTAKE, subject = 'Test', body = 'Hallo.', messageId, inReplyTo,
  references, headers = {} }) {
  seq++;
  const h = [
    `From: ${from}`,
    `To: ${to}`,
    `Subject: ${subject}`,
    'Date: Wed, 02 Dec 2026 10:00:00 +0100',
    `Message-ID: <${messageId ?? `t${seq}.${Date.now()}@test.example`}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  if (inReplyTo) h.push(`In-Reply-To: ${inReplyTo}`);
  if (references) h.push(`References: ${references}`);
  for (const [k, v] of Object.entries(headers)) h.push(`${k}: ${v}`);
  return `${h.join('\r\n')}\r\n\r\n${body.replace(/\n/g, '\r\n')}\r\n`;
}

/** Runs `hausdesk mail-in` with raw on standard input. */
function mailIn(args, raw, env = {}) {
  return new Promise((resolve) => {
    const p = spawn(BIN, ['mail-in', ...args], { env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('close', (code) => resolve({ code, stdout, stderr }));
    p.stdin.on('error', () => {});
    p.stdin.end(raw);
  });
}

/** The expected outcome of a corpus mail from its .expect file. */
function expectedOf(file) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const get = (k) => lines.find((l) => l.startsWith(`${k}:`))?.slice(k.length + 1).trim();
  return { endpoint: get('endpoint'), subject: get('subject') };
}

describe('inbound mail', () => {
  let ctx; let smtp; let server; let admin; let huber; let type; let prop; let prop2; let tenant;
  const post = (raw, q = '') => admin.post(`/inbound-mail${q}`, raw, { contentType: 'message/rfc822' });
  const take = async (raw, what = 'POST /inbound-mail') => expectStatus(await post(raw), 200, what);

  before(async () => {
    ctx = await startSmallOrg();
    ({ smtp, server, admin, type, prop, prop2, tenant } = ctx);
    huber = await server.login('huber@abc.example', 'geheim-passwort-42');
  });
  after(async () => { if (ctx) await ctx.stop(); });

  it('mailboxes: an admin adds, lists, changes and removes intake addresses', async () => {
    const mb = expectStatus(await admin.post('/mailboxes', { address: 'Test@HV-Example.de' }), 201, 'POST /mailboxes');
    assert.equal(mb.address, 'test@hv-example.de');
    assert.equal(mb.type_id, null);
    const dup = await admin.post('/mailboxes', { address: 'test@hv-example.de', type_id: type.id });
    assert.equal(dup.status, 409, 'an address names one mailbox');
    const bad = await admin.post('/mailboxes', { address: 'x@hv-example.de', type_id: 999999 });
    assert.equal(bad.status, 422);
    const ch = expectStatus(await admin.patch(`/mailboxes/${mb.id}`, { type_id: type.id }), 200, 'PATCH');
    assert.equal(ch.type_id, type.id);
    const list = expectStatus(await admin.get('/mailboxes'), 200, 'GET /mailboxes');
    assert.ok(list.items.some((m) => m.id === mb.id));
    expectStatus(await admin.del(`/mailboxes/${mb.id}`), 204, 'DELETE');
    assert.equal((await admin.get(`/mailboxes/${mb.id}`)).status, 404);
    assert.equal((await admin.del(`/mailboxes/${mb.id}`)).status, 404);
    assert.equal((await tenant.client.get('/mailboxes')).status, 403, 'tenants see no mailboxes');
    assert.equal((await tenant.client.post('/inbound-mail', mail({ from: 'x@y.example' }),
      { contentType: 'message/rfc822' })).status, 403, 'only admins post mail');
    expectStatus(await admin.post('/mailboxes', { address: INTAKE, type_id: type.id }), 201, 'intake');
  });

  const s = {};
  it('a tenant living at one property mails the intake address: a Vorgang there, routed, with a receipt', async () => {
    const r = await take(mail({ from: 'Herr Müller <mueller@example.org>', subject: 'Wasserfleck an der Decke',
      body: 'Guten Tag,\nim Bad ist ein Wasserfleck.\nMüller' }));
    assert.equal(r.result, 'created');
    assert.equal(typeof r.process_id, 'number');
    const p = expectStatus(await admin.get(`/processes/${r.process_id}`), 200, 'GET process');
    assert.equal(p.subject, 'Wasserfleck an der Decke');
    assert.equal(p.property_id, prop.id);
    assert.equal(p.type_id, type.id);
    assert.ok(p.description.includes('Wasserfleck'));
    assert.deepEqual(p.assignees.map((a) => a.name), ['Frau Huber']);
    const receipt = await smtp.waitForMailTo('mueller@example.org', (m) => m.subject.includes(p.number));
    assert.match(receipt.messageId, /^<v\d+\.\d+\.[0-9a-f]+@/, 'a signed Message-ID');
    await smtp.waitForMailTo('huber@abc.example', (m) => m.subject.includes(p.number));
    assert.equal(smtp.mailsTo('schmidt@abc.example').filter((m) => m.subject.includes(p.number)).length, 0);
    s.proc = p;
    s.receipt = receipt;
  });

  it('the reply to the receipt threads back as a public comment, quoted text cut; the assignee hears of it', async () => {
    const r = await take(mail({ from: 'mueller@example.org', subject: `Re: ${s.receipt.subject}`,
      inReplyTo: s.receipt.messageId, references: s.receipt.messageId,
      body: 'Es tropft jetzt auch.\n\nAm 02.12.2026 um 10:00 schrieb ABC Hausverwaltung:\n> Ihre Anfrage ist eingegangen.\n' }));
    assert.equal(r.result, 'commented');
    assert.equal(r.process_id, s.proc.id);
    const cs = expectStatus(await admin.get(`/processes/${s.proc.id}/comments`), 200, 'comments');
    const c = cs.items.find((x) => x.id === r.comment_id);
    assert.ok(c, 'the comment is there');
    assert.equal(c.internal, false);
    assert.equal(c.body.trim(), 'Es tropft jetzt auch.');
    await smtp.waitForMailTo('huber@abc.example', (m) => m.text.includes('Es tropft jetzt auch.'));
    s.replyRaw = mail({ from: 'mueller@example.org', subject: 'Re: noch was', inReplyTo: s.receipt.messageId,
      body: 'Und der Fleck wird größer.', messageId: 'idem-1@example.org' });
  });

  it('the same Message-ID taken twice changes nothing the second time (duplicate)', async () => {
    const first = await take(s.replyRaw);
    assert.equal(first.result, 'commented');
    const before = (await listAll(admin, `/processes/${s.proc.id}/comments`)).length;
    const again = await take(s.replyRaw);
    assert.equal(again.result, 'duplicate');
    assert.equal(again.process_id, s.proc.id);
    assert.equal((await listAll(admin, `/processes/${s.proc.id}/comments`)).length, before);
  });

  it('an employee who may see the Vorgang answers by the number in the subject: an internal comment', async () => {
    const r = await take(mail({ from: 'huber@abc.example', subject: `AW: [${s.proc.number}] Wasserfleck`,
      body: 'Ich schaue morgen vorbei.' }));
    assert.equal(r.result, 'commented');
    const cs = await listAll(admin, `/processes/${s.proc.id}/comments`);
    assert.equal(cs.find((x) => x.id === r.comment_id).internal, true);
    const mine = await listAll(tenant.client, `/processes/${s.proc.id}/comments`);
    assert.ok(!mine.some((x) => x.id === r.comment_id), 'the tenant does not see it');
  });

  it('a forged or foreign reference attaches nothing to a Vorgang the sender may not see', async () => {
    const before = (await listAll(admin, `/processes/${s.proc.id}/comments`)).length;
    // A stranger replies to Müller's receipt: the id verifies, but he is not the reporter.
    const stranger = await take(mail({ from: 'fremder@example.com', inReplyTo: s.receipt.messageId,
      subject: `Re: [${s.proc.number}]`, body: 'Ich bin nicht Herr Müller.' }));
    assert.notEqual(stranger.result, 'commented');
    // Schmidt is staff elsewhere: he may not see the Vorgang.
    const schmidt = await take(mail({ from: 'schmidt@abc.example', subject: `[${s.proc.number}]`,
      body: 'Darf ich das?' }));
    assert.notEqual(schmidt.result, 'commented');
    // A made-up signed-looking id for the Vorgang, from its reporter: not ours, so no threading by it.
    const forged = await take(mail({ from: 'mueller@example.org', subject: 'Neues Problem',
      inReplyTo: `<v${s.proc.id}.1.00112233445566778899aabbccddeeff@hausdesk>`, body: 'Die Tür klemmt.' }));
    assert.equal(forged.result, 'created', 'a forged reference threads nothing: a new Vorgang');
    assert.notEqual(forged.process_id, s.proc.id);
    assert.equal((await listAll(admin, `/processes/${s.proc.id}/comments`)).length, before);
  });

  for (const [name, headers, extra] of [
    ['Auto-Submitted: auto-replied', { 'Auto-Submitted': 'auto-replied' }],
    ['Precedence: bulk', { Precedence: 'bulk' }],
    ['List-Id', { 'List-Id': '<mieter.example.org>' }],
    ['X-Autoreply', { 'X-Autoreply': 'yes' }],
    ['an empty return path', { 'Return-Path': '<>' }],
    ['hausdesk\'s own From', {}, { from: 'noreply@abc.example' }],
  ]) {
    it(`noise is ignored with the reason: ${name}`, async () => {
      const r = await take(mail({ from: 'mueller@example.org', subject: 'Abwesenheit', headers, ...extra }));
      assert.equal(r.result, 'ignored');
      assert.equal(typeof r.reason, 'string');
      assert.ok(r.reason.length > 0);
    });
  }

  it('a bounce of our own mail marks that outbox row failed with the remote reason', async () => {
    const rows = await listAll(admin, `/mail?process_id=${s.proc.id}`);
    const receiptRow = rows.find((m) => m.kind === 'receipt');
    assert.ok(receiptRow);
    const boundary = 'b1';
    const dsn = [
      'From: MAILER-DAEMON@mx.example.org (Mail Delivery System)',
      `To: ${INTAKE}`,
      'Subject: Undelivered Mail Returned to Sender',
      'Return-Path: <>',
      'Auto-Submitted: auto-replied',
      `Message-ID: <dsn${Date.now()}@mx.example.org>`,
      'MIME-Version: 1.0',
      `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      `--${boundary}`,
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.org',
      '',
      'Final-Recipient: rfc822; mueller@example.org',
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 User unknown',
      '',
      `--${boundary}`,
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${s.receipt.messageId}`,
      'Subject: whatever',
      '',
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const r = await take(dsn);
    assert.equal(r.result, 'ignored');
    const row = (await listAll(admin, `/mail?process_id=${s.proc.id}`)).find((m) => m.id === receiptRow.id);
    assert.equal(row.state, 'failed');
    assert.match(row.last_error, /5\.1\.1/);
  });

  it('mail from an unknown sender waits in "Nicht zugeordnet" until an admin completes property and type', async () => {
    const r = await take(mail({ from: 'Erika Neu <erika.neu@example.net>', subject: 'Klingel defekt',
      body: 'Die Klingel geht nicht.' }));
    assert.equal(r.result, 'unassigned');
    const list = await listAll(admin, '/inbound-mail/unassigned');
    const u = list.find((x) => x.id === r.unassigned_id);
    assert.ok(u);
    assert.equal(u.sender.address, 'erika.neu@example.net');
    assert.equal(u.subject, 'Klingel defekt');
    assert.equal((await admin.post(`/inbound-mail/unassigned/${u.id}`, { property_id: prop2.id })).status, 422);
    const done = expectStatus(await admin.post(`/inbound-mail/unassigned/${u.id}`,
      { property_id: prop2.id, type_id: type.id }), 201, 'complete');
    assert.equal(typeof done.process_id, 'number');
    const p = expectStatus(await admin.get(`/processes/${done.process_id}`), 200, 'the Vorgang');
    assert.equal(p.property_id, prop2.id);
    assert.deepEqual(p.assignees.map((a) => a.name), ['Herr Schmidt'], 'routed once completed');
    const receipt = await smtp.waitForMailTo('erika.neu@example.net', (m) => m.subject.includes(p.number));
    assert.ok(receipt);
    assert.equal((await admin.post(`/inbound-mail/unassigned/${u.id}`,
      { property_id: prop2.id, type_id: type.id })).status, 409, 'completed once');
    assert.ok(!(await listAll(admin, '/inbound-mail/unassigned')).some((x) => x.id === u.id));
    // Her reply to the receipt threads back now that she is the reporter.
    const re = await take(mail({ from: 'erika.neu@example.net', inReplyTo: receipt.messageId,
      subject: `Re: ${receipt.subject}`, body: 'Danke!' }));
    assert.equal(re.result, 'commented');
    assert.equal(re.process_id, p.id);
  });

  it('a tenant at two properties goes to "Nicht zugeordnet"', async () => {
    const two = await newTenant(server, smtp, admin, prop.id, { name: 'Frau Zwei', email: 'zwei@example.org',
      portal: false });
    expectStatus(await admin.post(`/properties/${prop2.id}/residents`, { contact_id: two.id, relation: 'owner' }),
      201, 'second residence');
    const r = await take(mail({ from: 'zwei@example.org', subject: 'Wo bin ich?' }));
    assert.equal(r.result, 'unassigned');
  });

  it('an attachment over 20 MiB is dropped with a note in the history and a reply naming the file (endpoint and mail-in)', async () => {
    const big = Buffer.alloc(21 * 1024 * 1024, 0x41).toString('base64').replace(/.{76}/g, '$&\r\n');
    const raw = [
      'From: mueller@example.org', `To: ${INTAKE}`, 'Subject: Riesenfoto',
      `Message-ID: <big${Date.now()}@example.org>`, 'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="XX"', '', '--XX', 'Content-Type: text/plain; charset=utf-8', '',
      'Anbei ein Foto.', '--XX', 'Content-Type: image/jpeg; name="riesig.jpg"',
      'Content-Disposition: attachment; filename="riesig.jpg"', 'Content-Transfer-Encoding: base64', '',
      big, '--XX--', '',
    ].join('\r\n');
    const res = await rawRequest(server.base, 'POST', '/inbound-mail', { body: Buffer.from(raw),
      headers: { cookie: `hd_session=${admin.cookie}`, 'x-csrf-token': admin.csrf,
        'content-type': 'message/rfc822', 'content-length': String(Buffer.byteLength(raw)) } });
    const r = expectStatus(res, 200, `POST /inbound-mail with 21 MiB: ${res.text}`);
    assert.equal(r.result, 'created');
    assert.equal(r.dropped_attachments, 1);
    const p = expectStatus(await admin.get(`/processes/${r.process_id}`), 200, 'GET');
    assert.ok(p.history.some((h) => /riesig\.jpg/.test(h.text)), JSON.stringify(p.history));
    const reply = await smtp.waitForMailTo('mueller@example.org', (m) => /riesig\.jpg/.test(m.text));
    assert.ok(reply.subject.includes(p.number));
    // The same through `hausdesk mail-in` (another Message-ID): taken, the file dropped with the note.
    const viaPipe = raw.replace(/Message-ID: <big/, 'Message-ID: <bigpipe');
    const m = await mailIn(['--db', server.db, '--recipient', INTAKE], viaPipe,
      { HAUSDESK_MAIL_FROM: 'noreply@abc.example' });
    assert.equal(m.code, 0, m.stderr);
    const pid = /^created process_id=(\d+)/.exec(m.stdout)?.[1];
    assert.ok(pid, m.stdout);
    const p2 = await waitFor(async () => {
      const g = await admin.get(`/processes/${pid}`);
      return g.status === 200 && g.body;
    }, 15000, 'the Vorgang filed by mail-in');
    assert.ok(p2.history.some((h) => /riesig\.jpg/.test(h.text)), JSON.stringify(p2.history));
    assert.equal(p2.attachments.length, 0);
  });

  it('the cap per sender: the 31st mail within an hour is ignored', async () => {
    let last;
    for (let i = 0; i < 31; i++) {
      last = await take(mail({ from: 'flut@example.com', subject: `Mail ${i}` }));
      if (i < 30) assert.notEqual(last.reason ?? '', 'too many mails from this sender within an hour', `mail ${i}`);
    }
    assert.equal(last.result, 'ignored');
    assert.match(last.reason, /too many/);
  });

  it('a body that is no message at all: 4xx; nothing is written', async () => {
    const r = await post('');
    assert.ok(r.status >= 400 && r.status < 500, `status ${r.status}`);
    const r2 = await post('das ist keine E-Mail');
    assert.ok(r2.status >= 400 && r2.status < 500, `status ${r2.status}`);
  });

  it('every corpus mail through the endpoint gets its expected outcome', async () => {
    const files = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.eml')).sort();
    assert.ok(files.length > 0);
    for (const f of files) {
      const exp = expectedOf(path.join(CORPUS, f.replace(/\.eml$/, '.expect')));
      if (!exp.endpoint) continue;
      const raw = fs.readFileSync(path.join(CORPUS, f));
      const r = await post(raw, `?recipient=${INTAKE}`);
      if (/^(\d+|4xx)$/.test(exp.endpoint)) {
        assert.ok(r.status >= 400 && r.status < 500, `${f}: ${r.status} ${r.text}`);
        continue;
      }
      assert.equal(r.status, 200, `${f}: ${r.text}`);
      const want = exp.endpoint === 'created' ? ['created', 'unassigned'] : [exp.endpoint];
      assert.ok(want.includes(r.body.result), `${f}: ${r.text}`);
    }
  });

  /**
   * While start() .. stop() keeps the database from serving: the endpoint
   * answers 503, mail-in exits 75 (--db and --url) and takes nothing. Once
   * it serves again, the MTA's retries take both mails, each once.
   */
  async function outage(tag, word, start, stop) {
    const viaHttp = mail({ from: 'mueller@example.org', subject: `${word} (HTTP)`,
      messageId: `${tag}-http-${Date.now()}@example.org` });
    const viaPipe = mail({ from: 'mueller@example.org', subject: `${word} (Pipe)`,
      messageId: `${tag}-pipe-${Date.now()}@example.org` });
    const tok = expectStatus(await admin.post('/tokens', { name: `MX ${tag}`, scope: 'inbound-mail' }), 201, 'token');
    await start();
    try {
      expectError(await post(viaHttp), 503, 'database_unavailable');
      const m = await mailIn(['--db', server.db, '--recipient', INTAKE], viaPipe);
      assert.equal(m.code, 75, `${m.stdout} ${m.stderr}`);
      assert.equal(m.stdout, '', 'no result: nothing was taken');
      const u = await mailIn(['--url', server.base, '--recipient', INTAKE], viaHttp,
        { HAUSDESK_API_TOKEN: tok.token });
      assert.equal(u.code, 75, `--url: ${u.stdout} ${u.stderr}`);
      assert.match(u.stderr, /answered 503/);
    } finally {
      await stop();
    }
    // The MTA retries: both are new, neither a duplicate of a half-taken mail.
    const r = await waitFor(async () => {
      const x = await post(viaHttp);
      return x.status === 200 ? x.body : null;
    }, 15000, 'the endpoint to take mail again');
    assert.equal(r.result, 'created');
    const p = expectStatus(await admin.get(`/processes/${r.process_id}`), 200, 'the Vorgang');
    assert.equal(p.subject, `${word} (HTTP)`);
    const again = await mailIn(['--db', server.db, '--recipient', INTAKE], viaPipe);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^created process_id=\d+/);
    const dup = await mailIn(['--db', server.db, '--recipient', INTAKE], viaPipe);
    assert.match(dup.stdout, /^duplicate/, 'taken once');
  }

  it('a busy database: 503 from the endpoint, exit 75 from mail-in (--db and --url), nothing taken; the same mails are taken once it is free',
    { skip: sqliteOnly('another process holds the SQLite write lock') }, async () => {
      let lock;
      await outage('busy', 'Während der Sperre',
        async () => { lock = await holdWriteLock(server.db); }, () => lock.release());
    });

  it('a database that is down (PostgreSQL lets no client in): 503 from the endpoint, exit 75 from mail-in (--db and --url), nothing taken; taken once it is back',
    { skip: PG ? false : 'PostgreSQL only: SQLite is a file, busy rather than down (the test above)' }, async () => {
      await outage('down', 'Während des Ausfalls',
        () => pgDatabaseDown(server.db), () => pgDatabaseUp(server.db));
    });

  it('hausdesk mail-in: every corpus mail with its outcome and exit status, 65 for no message, 75 for no database', async () => {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'hausdesk-mailin-'));
    try {
      const db = path.join(dir, 'm.db');
      const init = await execP(BIN, ['init', '--db', db, '--org', 'Mail GmbH', '--admin-email', 'a@mail.example'],
        { env: { HAUSDESK_ADMIN_PASSWORD: 'admin-secret-123' } });
      assert.equal(init.code, 0, init.stderr);
      const files = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.eml')).sort();
      for (const f of files) {
        const exp = expectedOf(path.join(CORPUS, f.replace(/\.eml$/, '.expect')));
        if (!exp.endpoint) continue;
        const raw = fs.readFileSync(path.join(CORPUS, f));
        const r = await mailIn(['--db', db, '--recipient', INTAKE], raw);
        if (/^(\d+|4xx)$/.test(exp.endpoint)) {
          assert.equal(r.code, 65, `${f}: ${r.stdout} ${r.stderr}`);
          continue;
        }
        assert.equal(r.code, 0, `${f}: ${r.stderr}`);
        const want = exp.endpoint === 'created' ? ['created', 'unassigned'] : [exp.endpoint];
        assert.ok(want.includes(r.stdout.split(' ')[0].trim()), `${f}: ${r.stdout}`);
        const again = await mailIn(['--db', db, '--recipient', INTAKE], raw);
        assert.equal(again.code, 0);
        assert.match(again.stdout, /^duplicate/, `${f} taken twice`);
      }
      const bad = await mailIn(['--db', db], 'keine Mail');
      assert.equal(bad.code, 65, bad.stderr);
      const down = await mailIn(['--db', path.join(dir, 'gibt-es-nicht.db')], mail({ from: 'a@b.example' }));
      assert.equal(down.code, 75, down.stderr);
      const pgDown = await mailIn(['--db', 'postgresql://hausdesk@127.0.0.1:1/none?connect_timeout=2'],
        mail({ from: 'a@b.example' }));
      assert.equal(pgDown.code, 75, pgDown.stderr);
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });

  it('hausdesk mail-in on the served database: the Vorgang appears in the API', async () => {
    const r = await mailIn(['--db', server.db, '--recipient', INTAKE],
      mail({ from: 'mueller@example.org', to: 'someone@else.example', subject: 'Per Pipe' }),
      { HAUSDESK_MAIL_FROM: 'noreply@abc.example' });
    assert.equal(r.code, 0, r.stderr);
    const m = /^created process_id=(\d+)/.exec(r.stdout);
    assert.ok(m, r.stdout);
    const p = await waitFor(async () => {
      const g = await admin.get(`/processes/${m[1]}`);
      return g.status === 200 && g.body;
    }, 15000, 'the Vorgang filed by mail-in');
    assert.equal(p.subject, 'Per Pipe');
  });
  it('an intake token: an admin makes one; it posts inbound mail and may do nothing else', async () => {
    expectError(await admin.post('/tokens', { name: 'MX', scope: 'alles' }), 422, undefined, 'scope');
    const t = expectStatus(await admin.post('/tokens', { name: 'MX eingang', scope: 'inbound-mail' }), 201,
      'POST /tokens');
    assert.equal(t.scope, 'inbound-mail');
    const plain = expectStatus(await admin.post('/tokens', { name: 'ERP' }), 201, 'POST /tokens');
    assert.equal(plain.scope, 'all');
    assert.ok((await listAll(admin, '/tokens')).some((x) => x.id === t.id && x.scope === 'inbound-mail'));
    const mx = new Client(server.base, { bearer: t.token });
    const r = expectStatus(await mx.post('/inbound-mail', mail({ from: 'mueller@example.org',
      subject: 'Über das Intake-Token' }), { contentType: 'message/rfc822' }), 200, 'POST /inbound-mail');
    assert.equal(r.result, 'created');
    const p = expectStatus(await admin.get(`/processes/${r.process_id}`), 200, 'the Vorgang');
    assert.equal(p.subject, 'Über das Intake-Token');
    for (const [m, path, body] of [['GET', '/processes'], ['GET', '/me'], ['GET', '/tokens'],
      ['POST', '/tokens', { name: 'mehr' }], ['GET', '/inbound-mail/unassigned'], ['GET', '/mailboxes'],
      ['GET', `/processes/${r.process_id}`]]) {
      assert.equal((await mx.api(m, path, body)).status, 403, `${m} ${path} with an intake token`);
    }
    s.intake = t;
  });

  it('hausdesk mail-in --url posts to the server with the token: exit 0, 65, 75 as --db, and 2 for usage', async () => {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'hausdesk-mailin-url-'));
    try {
      const env = { HAUSDESK_API_TOKEN: s.intake.token };
      const raw = mail({ from: 'mueller@example.org', subject: 'Per Pipe über HTTP' });
      const r = await mailIn(['--url', `${server.base}/`, '--recipient', INTAKE], raw, env);
      assert.equal(r.code, 0, r.stderr);
      const m = /^created process_id=(\d+)\n$/.exec(r.stdout);
      assert.ok(m, r.stdout);
      const p = expectStatus(await admin.get(`/processes/${m[1]}`), 200, 'the Vorgang');
      assert.equal(p.subject, 'Per Pipe über HTTP');
      // The token from a file; the MTA's retry is a duplicate.
      const file = path.join(dir, 'token');
      await fsp.writeFile(file, `${s.intake.token}\n`, { mode: 0o600 });
      const again = await mailIn(['--url', server.base, '--token-file', file, '--recipient', INTAKE], raw);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, new RegExp(`^duplicate process_id=${m[1]}`));
      // No message at all: the server says 422, the MTA bounces it.
      const bad = await mailIn(['--url', server.base], 'keine Mail', env);
      assert.equal(bad.code, 65, bad.stderr);
      // A token refused, a server not there: kept and retried, not bounced.
      const wrong = await mailIn(['--url', server.base], mail({ from: 'a@b.example' }),
        { HAUSDESK_API_TOKEN: 'x'.repeat(43) });
      assert.equal(wrong.code, 75, wrong.stderr);
      const port = await freePort();
      const away = await mailIn(['--url', `http://127.0.0.1:${port}`], mail({ from: 'a@b.example' }), env);
      assert.equal(away.code, 75, away.stderr);
      assert.match(away.stderr, /not reachable/);
      // Usage: one of --db and --url, and a token for --url.
      assert.equal((await mailIn([], raw)).code, 2);
      assert.equal((await mailIn(['--db', server.db, '--url', server.base], raw, env)).code, 2);
      const noToken = await mailIn(['--url', server.base], raw, { HAUSDESK_API_TOKEN: '' });
      assert.equal(noToken.code, 2, noToken.stderr);
      assert.match(noToken.stderr, /HAUSDESK_API_TOKEN/);
      // A revoked token: 401, kept for a retry.
      expectStatus(await admin.del(`/tokens/${s.intake.id}`), 204, 'revoke');
      const revoked = await mailIn(['--url', server.base], mail({ from: 'a@b.example' }), env);
      assert.equal(revoked.code, 75, revoked.stderr);
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });
});
