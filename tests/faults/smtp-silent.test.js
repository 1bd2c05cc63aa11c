// SPDX-License-Identifier: MIT
// An SMTP server that goes silent must cost one attempt, not the worker
// (issue 10, item 3): other mail goes out meanwhile, shutdown does not wait
// for it, and the mail it held is delivered later with the same Message-ID.
//
// hausdesk talks to a raw TCP server (node:net) in front of the real SMTP
// sink. Each new connection takes the next mode from a list: 'greetless'
// accepts and never says a word; 'mute' plays SMTP up to the end of the
// data, keeps the Message-ID it saw, and then never answers; once the list
// is empty, connections are piped through to the sink.
//
// Counted at the sink: deliveries per Message-ID. No crash here, and a
// silent server never accepted a message, so every mail must arrive
// exactly once.

import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import {
  startSmtp, startServer, expectStatus, newRole, newProperty, newType, listAll, addrOf, waitFor,
} from '../api/harness.js';

/** The TCP server in front of the sink; modes are taken one per connection. */
async function startFront(sinkPort, modes = []) {
  const conns = [];
  const server = net.createServer((sock) => {
    const c = { mode: modes.shift() || 'pass', sock, open: true, closedByClient: false, messageId: null };
    conns.push(c);
    sock.on('error', () => {});
    sock.on('end', () => { c.closedByClient = true; });
    sock.on('close', () => { c.open = false; });
    if (c.mode === 'pass') {
      const up = net.connect(sinkPort, '127.0.0.1');
      up.on('error', () => sock.destroy());
      sock.on('error', () => up.destroy());
      sock.pipe(up).pipe(sock);
      return;
    }
    if (c.mode === 'greetless') return;
    // 'mute': SMTP until the final dot, then silence.
    let buf = '';
    let inData = false;
    let data = '';
    sock.write('220 front ESMTP\r\n');
    sock.on('data', (d) => {
      buf += d.toString('latin1');
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i).replace(/\r$/, '');
        buf = buf.slice(i + 1);
        if (inData) {
          if (line === '.') {
            inData = false;
            const m = /^Message-ID:\s*(\S+)/im.exec(data);
            c.messageId = m ? m[1] : '(none)';
          } else {
            data += `${line}\n`;
          }
          continue;
        }
        if (c.messageId) continue; // silent from here on
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') sock.write('250 front\r\n');
        else if (verb === 'DATA') { inData = true; sock.write('354 go ahead\r\n'); }
        else sock.write('250 ok\r\n');
      }
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: server.address().port,
    conns,
    stuck: () => conns.find((c) => c.mode !== 'pass'),
    stop() {
      for (const c of conns) c.sock.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

/** Message-IDs delivered more than once at the sink. */
function duplicates(smtp) {
  const n = new Map();
  for (const m of smtp.mails) n.set(m.messageId, (n.get(m.messageId) || 0) + 1);
  return [...n].filter(([, c]) => c > 1);
}

/** A sink, the front with modes, and a server sending through the front. */
async function setup(modes, env = {}) {
  const smtp = await startSmtp();
  const front = await startFront(smtp.port, modes);
  const server = await startServer({ smtpPort: front.port, env });
  const admin = await server.admin();
  const role = await newRole(admin, 'Technik');
  const prop = await newProperty(admin, { name: 'Stillweg 1', street: 'Stillweg 1' });
  // Nobody holds the role: each Vorgang mails the admin and its contact.
  const type = await newType(admin, 'Schadensmeldung', [role.id]);
  let n = 0;
  const file = async () => {
    n++;
    const c = expectStatus(await admin.post('/contacts', { name: `Mieter ${n}`, email: `mieter${n}@example.org` }),
      201, 'contact');
    expectStatus(await admin.post(`/properties/${prop.id}/residents`, { contact_id: c.id, relation: 'tenant' }),
      201, 'resident');
    return expectStatus(await admin.post('/processes', { type_id: type.id, property_id: prop.id,
      subject: `Meldung ${n}`, description: 'x', reporter_contact_id: c.id }), 201, 'file');
  };
  return {
    smtp, front, server, admin, file,
    async stop() {
      await server.stop();
      await front.stop();
      await smtp.stop();
    },
  };
}

/** Every mail of the outbox delivered exactly once (after the sends settle). */
async function expectEachOnce(t, what) {
  let rows = [];
  await waitFor(async () => {
    rows = await listAll(t.admin, '/mail');
    return rows.length > 0 && rows.every((m) => m.state === 'sent');
  }, 30000, `${what}: every mail sent`, 100);
  assert.deepEqual(duplicates(t.smtp), [], `${what}: no Message-ID delivered twice`);
  for (const m of rows) {
    const got = t.smtp.mails.filter((x) => x.to.includes(addrOf(m.to)) && x.subject === m.subject);
    assert.equal(got.length, 1, `${what}: mail ${m.id} to ${m.to}: ${got.length} deliveries`);
  }
  return rows;
}

describe('a silent SMTP server', () => {
  const open = [];
  after(async () => { for (const t of open) await t.stop().catch(() => {}); });

  it('silent after the data holds one mail: the others go out meanwhile, and it is delivered once with the same Message-ID after the connection drops', async () => {
    const t = await setup(['mute']);
    open.push(t);
    for (let i = 0; i < 5; i++) await t.file();
    // 10 mails: one is stuck behind the mute connection, the rest pass.
    await waitFor(() => t.front.stuck() && t.front.stuck().messageId, 20000, 'a mail to reach the mute server');
    await waitFor(() => t.smtp.mails.length === 9, 30000,
      'the other 9 mails to be delivered while one connection hangs');
    const stuck = t.front.stuck();
    assert.ok(stuck.open && !stuck.closedByClient, 'the mute connection still hangs (RFC time-out: 10 min)');
    assert.equal(t.smtp.mails.filter((m) => m.messageId === stuck.messageId).length, 0);

    // The server drops the connection: a failed attempt, retried.
    stuck.sock.destroy();
    const rows = await expectEachOnce(t, 'after the drop');
    const again = t.smtp.mails.filter((m) => m.messageId === stuck.messageId);
    assert.equal(again.length, 1, 'the held mail is delivered once, with the Message-ID the mute server saw');
    const row = rows.find((m) => again[0].to.includes(addrOf(m.to)) && again[0].subject === m.subject);
    assert.equal(row.attempts, 2, JSON.stringify(row));
  });

  it('SIGTERM while deliveries hang: the server exits at once and cleanly; after the restart each abandoned mail is delivered once, with the same Message-ID', async () => {
    const t = await setup(['mute', 'mute']);
    open.push(t);
    await t.file(); // two mails, each may end up on a mute connection
    await waitFor(() => t.front.conns.some((c) => c.messageId), 20000, 'a mail to reach a mute server');
    const held = t.front.conns.filter((c) => c.messageId).map((c) => c.messageId);

    t.server.proc.kill('SIGTERM');
    // Well below any SMTP time-out (the final dot: 10 min); the old
    // worker took 117 s and more.
    await waitFor(() => t.server.exited, 30000, 'the server to exit after SIGTERM', 50);
    assert.deepEqual(t.server.exited, { code: 0, signal: null }, 'a clean exit');
    assert.match(t.server.log, /abgebrochen: hausdesk wurde beendet/, 'the abandoned attempt was recorded as failed');

    await t.server.restart();
    const rows = await expectEachOnce(t, 'after the restart');
    for (const id of held) {
      const got = t.smtp.mails.filter((m) => m.messageId === id);
      assert.equal(got.length, 1, `the abandoned mail ${id} is delivered once, with the same Message-ID`);
      const row = rows.find((m) => got[0].to.includes(addrOf(m.to)) && got[0].subject === m.subject);
      assert.equal(row.attempts, 2, `the abandoned attempt counts: ${JSON.stringify(row)}`);
    }
  });

  it('a server that never greets costs one attempt after the greeting time-out (shortened by HAUSDESK_SMTP_TIMEOUT_MS); the mail then goes out once', async () => {
    const t = await setup(['greetless'], { HAUSDESK_SMTP_TIMEOUT_MS: '2500' });
    open.push(t);
    await t.file();
    await waitFor(() => t.front.stuck(), 20000, 'a connection to the greetless server');
    // hausdesk gives up on it by itself (the test never closes it).
    await waitFor(() => t.front.stuck().closedByClient || !t.front.stuck().open, 20000,
      'hausdesk to hang up on the server that never greets');
    await expectEachOnce(t, 'after the time-out');
    assert.match(t.server.log, /Zeitüberschreitung: keine Begrüßung des Servers nach 2500 ms \(will retry\)/);
  });
});
