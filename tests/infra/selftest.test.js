// SPDX-License-Identifier: MIT
// The test infrastructure proves itself (make infra-selftest): a throw-away
// PostgreSQL, HAProxy in front of two HTTP servers, Dovecot with IMAP, and
// that nothing stays behind however the test process ends.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startPostgres, PG_BIN } from './pg.js';
import { startHaproxy } from './haproxy.js';
import { startDovecot } from './dovecot.js';
import { run, alive, waitFor } from './proc.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PSQL = path.join(PG_BIN, 'psql');

/** Runs sql as the role in url (TCP, password); rows as arrays of strings. */
async function psqlUrl(url, sql) {
  const r = await run(PSQL, ['-X', '-q', '--csv', '-t', '-v', 'ON_ERROR_STOP=1', url, '-c', sql]);
  assert.equal(r.code, 0, `psql ${url.replace(/:[^:@/]*@/, ':***@')}: ${r.stderr}`);
  return r.stdout.trim().split('\n').filter(Boolean).map((l) => l.split(','));
}

const refuses = (port) => new Promise((resolve) => {
  const c = net.connect(port, '127.0.0.1');
  c.on('connect', () => { c.destroy(); resolve(false); });
  c.on('error', () => resolve(true));
});

test('PostgreSQL: a cluster of its own, durable, with role and database hausdesk, and more databases', async (t) => {
  const t0 = performance.now();
  const pg = await startPostgres();
  const startMs = Math.round(performance.now() - t0);
  t.after(() => pg.stop());
  t.diagnostic(`startPostgres ${startMs} ms (initdb ${pg.timings.initdbMs}, postgres ${pg.timings.startMs}, ` +
    `role+database ${pg.timings.createDbMs})`);

  // Our own cluster in the temporary directory, on the port we were given.
  const [[dataDir], [sockDir], [port], [fsync], [syncCommit], [fpw]] = await pg.psql(
    'SHOW data_directory; SHOW unix_socket_directories; SHOW port; SHOW fsync; ' +
    'SHOW synchronous_commit; SHOW full_page_writes;');
  assert.equal(dataDir, path.join(pg.dir, 'data'));
  assert.equal(sockDir, pg.socketDir);
  assert.equal(Number(port), pg.port);
  assert.ok(fs.existsSync(path.join(pg.socketDir, `.s.PGSQL.${pg.port}`)), 'the Unix socket is in the directory');
  assert.deepEqual([fsync, syncCommit, fpw], ['on', 'on', 'on'], 'durable commits');

  // psql as superuser: create, insert, select; NULL and '' and commas survive.
  const rows = await pg.psql(`
    CREATE TABLE t (id int PRIMARY KEY, name text, note text);
    INSERT INTO t VALUES (1, 'Herr Müller', NULL), (2, 'Frau Huber, Technik', '');
    SELECT id, name, note FROM t ORDER BY id;`);
  assert.deepEqual(rows, [['1', 'Herr Müller', null], ['2', 'Frau Huber, Technik', '']]);
  await assert.rejects(pg.psql('SELECT * FROM nosuch'), /relation "nosuch" does not exist/);

  // The URL logs in as hausdesk with its password over TCP, and it owns the database.
  assert.match(pg.url, new RegExp(`^postgresql://hausdesk:[^@]+@127\\.0\\.0\\.1:${pg.port}/hausdesk$`));
  assert.deepEqual(await psqlUrl(pg.url,
    "CREATE TABLE mine (x int); INSERT INTO mine VALUES (42); SELECT current_user, current_database(), " +
    "inet_server_addr(), (SELECT x FROM mine)"), [['hausdesk', 'hausdesk', '127.0.0.1', '42']]);
  assert.deepEqual(await psqlUrl(pg.socketUrl, 'SELECT current_user, inet_server_addr() IS NULL'),
    [['hausdesk', 't']], 'socketUrl goes through the Unix socket');
  const wrong = await run(PSQL, ['-X', '-c', 'SELECT 1', pg.url.replace(/:[^:@/]*@/, ':wrong@')]);
  assert.notEqual(wrong.code, 0, 'a wrong password is refused');
  assert.match(wrong.stderr, /password authentication failed/);

  // newDatabase: a second, empty database owned by hausdesk.
  const t1 = performance.now();
  const url2 = await pg.newDatabase('migrated');
  t.diagnostic(`newDatabase ${Math.round(performance.now() - t1)} ms`);
  assert.equal(url2, pg.url.replace(/\/hausdesk$/, '/migrated'));
  assert.deepEqual(await psqlUrl(url2,
    "SELECT current_database(), (SELECT count(*) FROM pg_tables WHERE schemaname = 'public')"),
  [['migrated', '0']], 'the new database is empty');
  assert.deepEqual(await psqlUrl(url2, 'CREATE TABLE x (i int); SELECT count(*) FROM x'), [['0']]);
  await assert.rejects(pg.newDatabase('x; DROP DATABASE hausdesk'), /bad name/);
  assert.deepEqual(await pg.psql('SELECT count(*) FROM pg_database WHERE datname = \'hausdesk\''), [['1']]);

  const pid = pg.pid;
  const t2 = performance.now();
  await pg.stop();
  t.diagnostic(`PostgreSQL stop ${Math.round(performance.now() - t2)} ms`);
  assert.equal(alive(pid), false, 'the postmaster has exited');
  assert.equal(fs.existsSync(pg.dir), false, 'the directory is gone');
  assert.ok(await refuses(pg.port), 'the port is closed');
  await pg.stop(); // twice is harmless
});

/** A tiny HTTP server that answers with its name; /healthz 200; /drop drops the connection. */
const dropped = [];
async function nameServer(name, port = 0) {
  const s = http.createServer((req, res) => {
    if (req.url === '/healthz') return res.end('ok');
    if (req.url === '/drop') {
      dropped.push(name);
      req.socket.destroy();
      return undefined;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ name, xff: req.headers['x-forwarded-for'] ?? null }));
  });
  await new Promise((resolve, reject) => {
    s.once('error', reject);
    s.listen(port, '127.0.0.1', resolve);
  });
  return {
    port: s.address().port,
    close: () => new Promise((resolve) => { s.close(resolve); s.closeAllConnections(); }),
  };
}

async function names(base, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const r = await fetch(`${base}/x`);
    assert.equal(r.status, 200, `request ${i} through the proxy`);
    out.push((await r.json()).name);
  }
  return out;
}

test('HAProxy: alternates between two servers, never resends a request in flight, sends all to the survivor, takes a server back', async (t) => {
  const a = await nameServer('a');
  const b = await nameServer('b');
  let aNow = a;
  t.after(async () => { await aNow.close(); await b.close(); });
  const t0 = performance.now();
  const lb = await startHaproxy({ backends: [{ port: a.port }, { port: b.port }] });
  t.diagnostic(`startHaproxy ${Math.round(performance.now() - t0)} ms`);
  t.after(() => lb.stop());
  const t1 = performance.now();
  const up = await lb.waitUp(2);
  t.diagnostic(`both servers UP after ${Math.round(performance.now() - t1)} ms more`);
  assert.deepEqual(up.map((s) => [s.name, s.port]), [['s0', a.port], ['s1', b.port]]);

  const first = await names(lb.base, 8);
  for (let i = 1; i < first.length; i++) assert.notEqual(first[i], first[i - 1], `round robin: ${first}`);
  assert.deepEqual([...first].sort(), ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b']);
  const st = await lb.stats();
  assert.ok(st.every((s) => s.requests >= 4), `each server counted its requests: ${JSON.stringify(st)}`);

  const r = await fetch(`${lb.base}/x`);
  assert.equal((await r.json()).xff, '127.0.0.1', 'X-Forwarded-For carries the client address');

  // A server that dies with the request in hand: the request is not sent
  // again (it may not be idempotent); the client gets 502.
  const drop = await new Promise((resolve, reject) => {
    const req = http.request(`${lb.base}/drop`, { method: 'POST', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end('{}');
  });
  assert.equal(drop, 502);
  assert.equal(dropped.length, 1, `sent to one server only: ${dropped}`);

  // One server stops: every request is answered by the other, none fails.
  await a.close();
  assert.deepEqual(await names(lb.base, 10), Array(10).fill('b'));
  const down = await lb.waitUp(1);
  assert.equal(down.find((s) => s.name === 's0').up, false);

  // It comes back on its port: checks take it in again.
  aNow = await nameServer('a2', a.port);
  await lb.waitUp(2);
  const again = await names(lb.base, 4);
  assert.deepEqual([...again].sort(), ['a2', 'a2', 'b', 'b'], `both again: ${again}`);

  const pid = lb.pid;
  await lb.stop();
  assert.equal(alive(pid), false);
  assert.equal(fs.existsSync(lb.dir), false);
  assert.ok(await refuses(lb.port));
});

const USER = 'schaden@abc.example';
const PASS = 'p@ss:w/rd ü';   // characters that need URL encoding and that passwd-file separates on

function mail(n) {
  return Buffer.from([
    'From: Herr Müller <mueller@example.org>',
    `To: ${USER}`,
    `Subject: Wasserfleck ${n}`,
    `Message-ID: <m${n}.selftest@example.org>`,
    'Date: Mon, 1 Jun 2026 10:00:00 +0200',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'An der Decke im Bad ist ein Wasserfleck.',
    '',
  ].join('\r\n'), 'utf8');
}

test('Dovecot: delivers, serves the message over IMAP and IMAPS, and marks it \\Seen', async (t) => {
  const t0 = performance.now();
  const imap = await startDovecot({ users: [{ user: USER, password: PASS }, { user: 'other', password: 'x' }] });
  t.diagnostic(`startDovecot ${Math.round(performance.now() - t0)} ms (certificate ${imap.timings.certMs}, ` +
    `dovecot ${imap.timings.startMs})`);
  t.after(() => imap.stop());

  const t1 = performance.now();
  await imap.deliver(USER, mail(1));
  t.diagnostic(`deliver ${Math.round(performance.now() - t1)} ms`);
  let msgs = await imap.list(USER);
  assert.equal(msgs.length, 1);
  assert.equal(msgs[0].uid, 1);
  assert.equal(msgs[0].messageId, '<m1.selftest@example.org>');
  assert.equal(msgs[0].subject, 'Wasserfleck 1');
  assert.equal(msgs[0].seen, false, `new mail is unseen: ${msgs[0].flags}`);
  assert.deepEqual(await imap.list('other'), [], 'the other mailbox is empty');

  // Fetching the message over IMAP (curl, as libcurl in hausdesk will) returns it
  // byte for byte and marks it \Seen.
  const r = await run('curl', ['-sS', '--max-time', '20', `${imap.imapUrl(USER)};UID=1`], { raw: true });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.toString('utf8'), mail(1).toString('utf8'));
  msgs = await imap.list(USER);
  assert.equal(msgs[0].seen, true, `after the fetch: ${msgs[0].flags}`);

  // IMAPS with the certificate checked (no -k): its name is 127.0.0.1.
  assert.ok(imap.imapsUrl(USER), 'IMAPS is available');
  await imap.deliver(USER, mail(2));
  const s = await run('curl', ['-sS', '--max-time', '20', '--cacert', imap.certFile,
    imap.imapsUrl(USER), '-X', 'UID SEARCH UNSEEN']);
  assert.equal(s.code, 0, s.stderr);
  assert.match(s.stdout, /^\* SEARCH 2\r?$/m, 'only the second is unseen');
  const f = await run('curl', ['-sS', '--max-time', '20', '--cacert', imap.certFile, `${imap.imapsUrl(USER)};UID=2`]);
  assert.equal(f.code, 0, f.stderr);
  assert.match(f.stdout, /Subject: Wasserfleck 2/);
  assert.deepEqual((await imap.list(USER)).map((m) => [m.uid, m.seen]), [[1, true], [2, true]]);

  // A wrong password is refused; the mail stays untouched.
  const bad = await run('curl', ['-sS', '--max-time', '20', imap.imapUrl(USER).replace(/:[^:@/]*@/, ':wrong@')]);
  assert.notEqual(bad.code, 0, 'login with a wrong password fails');
  await assert.rejects(imap.deliver('nobody', mail(3)), /unknown user/);

  const pid = imap.pid;
  const t2 = performance.now();
  await imap.stop();
  t.diagnostic(`Dovecot stop ${Math.round(performance.now() - t2)} ms`);
  assert.equal(alive(pid), false);
  assert.equal(fs.existsSync(imap.dir), false);
  assert.ok(await refuses(imap.imapPort));
});

/**
 * Runs selftest-child.js, which starts all three and never stops them; ends
 * it as `how` says; waits until every daemon process is gone. Resolves with
 * the child's {pids, dirs}.
 */
async function childEnds(how) {
  const child = spawn(process.execPath, [path.join(HERE, 'selftest-child.js'), how === 'throw' ? 'throw' : 'wait'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let info;
  try {
    info = await waitFor(() => (out.includes('\n') ? JSON.parse(out.split('\n')[0]) : null),
      60000, 'the child to start the daemons');
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${e.message}\n--- child stderr ---\n${err}`);
  }
  if (how !== 'throw') child.kill(how);
  const end = await exited;
  try {
    assert.ok(info.pids.length >= 8, `the daemons and their children: ${info.pids}`);
    await waitFor(() => info.pids.every((p) => !alive(p)), 20000,
      `every daemon process to exit after ${how} (${info.pids.filter(alive)} still run)`, 50);
  } catch (e) {
    removeChildLeftovers(info);
    throw e;
  }
  return { ...info, end, err };
}

/**
 * When a cleanup test fails, what the child left must not outlive it: its
 * daemon processes (listed by the child itself) and its directories.
 */
function removeChildLeftovers(info) {
  for (const p of info.pids) {
    if (alive(p)) try { process.kill(p, 'SIGKILL'); } catch { /* gone */ }
  }
  removeChildDirs(info);
}

function removeChildDirs(info) {
  for (const d of info.dirs) {
    if (/^\/tmp\/hausdesk-(pg|haproxy|dovecot)-[A-Za-z0-9]{6}$/.test(d)) {
      fs.rmSync(d, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    }
  }
}

test('cleanup: a test that throws, or a SIGTERM, leaves no process and no directory', async (t) => {
  for (const how of ['throw', 'SIGTERM']) {
    const t0 = performance.now();
    const r = await childEnds(how);
    t.diagnostic(`${how}: all ${r.pids.length} daemon processes gone after ${Math.round(performance.now() - t0)} ms from start`);
    try {
      if (how === 'throw') assert.notEqual(r.end.code, 0, 'the child failed');
      else assert.equal(r.end.signal, 'SIGTERM', 'the child ended by the signal, as it would without us');
      for (const d of r.dirs) assert.equal(fs.existsSync(d), false, `${how}: ${d} removed`);
    } finally {
      removeChildDirs(r);
    }
  }
});

test('cleanup: SIGKILL of the test process stops every daemon (parent-death signal)', async () => {
  const r = await childEnds('SIGKILL');
  // No code ran in the child: its directories stay, and we remove them.
  removeChildDirs(r);
  assert.equal(r.end.signal, 'SIGKILL');
  for (const d of r.dirs) assert.equal(fs.existsSync(d), false, `${d} removed`);
});
