// SPDX-License-Identifier: MIT
// Harness for the black-box API tests: a real SMTP sink, a hausdesk server on a
// free port with its own temporary database, and a small HTTP client.
//
// Every test file starts its own SMTP server and hausdesk server, so files can
// run in parallel (node --test --test-concurrency=2 tests/api/).

import { spawn, execFile } from 'node:child_process';
import net from 'node:net';
import http from 'node:http';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = process.env.HAUSDESK_BIN || path.join(ROOT, 'build', 'hausdesk');

export const ADMIN = Object.freeze({
  org: 'ABC Hausverwaltung',
  email: 'admin@abc.example',
  password: 'admin-secret-123',
});

export const PASSWORD = 'geheim-passwort-42';

// ---------------------------------------------------------------------------
// The backend: SQLite (a file in the test's temporary directory) unless
// HAUSDESK_TEST_PG holds a PostgreSQL URI (tests/infra/with-pg.js sets it,
// with the superuser's socket URI in HAUSDESK_TEST_PG_SU): then every
// database a test asks for is a fresh database in that cluster, created here
// and dropped when the test stops its server.

export const PG = process.env.HAUSDESK_TEST_PG || null;
/** How long kill(sig) waits before it sends SIGKILL: past serve's 10 s shutdown timeout. */
const KILL_AFTER_MS = 30000;
export const BACKEND = PG ? 'pg' : 'sqlite';
const PSQL = '/usr/lib/postgresql/15/bin/psql';
let dbSeq = 0;

/** Runs sql as the superuser in database `postgres`; throws on failure. */
async function pgAdmin(sql) {
  // postgresql://postgres@/hausdesk?host=DIR&port=N (no host: not a WHATWG URL)
  const su = String(process.env.HAUSDESK_TEST_PG_SU).replace(/@\/[a-z_0-9]+\?/, '@/postgres?');
  const r = await execP(PSQL, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', su, '-c', sql]);
  if (r.code !== 0) throw new Error(`psql ${sql}: ${r.stderr}`);
}

/**
 * A new, empty database for a test: a file path in dir on SQLite, a new
 * PostgreSQL database's URI on PostgreSQL. {target, drop()}.
 */
export async function newDatabase(dir, file = 'h.db') {
  if (!PG) return { target: path.join(dir, file), async drop() {} };
  const name = `t${process.pid}_${++dbSeq}_${Date.now().toString(36)}`;
  await pgAdmin(`CREATE DATABASE ${name} OWNER hausdesk`);
  const u = new URL(PG);
  u.pathname = `/${name}`;
  return {
    target: u.toString(),
    async drop() { await pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); },
  };
}

/**
 * On PostgreSQL: takes the database of URI target down for its clients and
 * brings it back, as an outage of the server would look to them: no new
 * connection is let in and every open one is ended (down), or connections
 * are let in again (up).
 */
export async function pgDatabaseDown(target) {
  const name = new URL(target).pathname.slice(1);
  await pgAdmin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
  await pgAdmin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);
}
export async function pgDatabaseUp(target) {
  const name = new URL(target).pathname.slice(1);
  await pgAdmin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
}

/** For a test that is SQLite-only by nature: the reason it skips on PostgreSQL, or false. */
export const sqliteOnly = (why) => (PG ? `SQLite only: ${why}` : false);

const lc = (s) => String(s ?? '').trim().toLowerCase();

/** Extracts the bare address from "Name <a@b>" or "a@b". */
export function addrOf(s) {
  if (s && typeof s === 'object') s = s.address ?? s.email ?? '';
  const m = /<([^>]+)>/.exec(String(s ?? ''));
  return lc(m ? m[1] : s);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls pred (sync or async) until it returns a truthy value, which is
 * returned. Throws after timeoutMs with `what` in the message.
 */
export async function waitFor(pred, timeoutMs = 15000, what = 'condition', intervalMs = 25) {
  const end = Date.now() + timeoutMs;
  let lastErr;
  for (;;) {
    try {
      const v = await pred();
      if (v) return v;
    } catch (e) {
      lastErr = e;
    }
    if (Date.now() > end) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}` +
        (lastErr ? ` (last error: ${lastErr.message})` : ''));
    }
    await sleep(intervalMs);
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------
// SMTP sink

/**
 * Starts a real SMTP server on 127.0.0.1, port 0.
 *
 * opts.reject: addresses answered with 550 at RCPT TO.
 * opts.tempFail: {to?: address, times: N, code?: 451} — the next N messages
 *   (to that address, or any) are refused with 451 after DATA was received
 *   (so the attempt's Message-ID is visible in `attempts`).
 *
 * Returned object:
 *   mails     — accepted messages {to:[addr], from, headerTo, subject, text,
 *               messageId, headers, raw, at, session (the SMTP
 *               connection's id), sessionAt (when it connected)}
 *   attempts  — every DATA transaction incl. refused ones ({...mail, accepted})
 *   rejected  — {address, at} for every RCPT refused with 550
 *   reject(addr), unreject(addr), failNext(times, {to, code})
 *   hold(code = 451), release() — while held, every message is refused with
 *               code after DATA (like failNext, without a count)
 *   mailsTo(addr), since(ts), waitFor(pred, ms), stop()
 */
export async function startSmtp(opts = {}) {
  const mails = [];
  const attempts = [];
  const rejected = [];
  const rejectSet = new Set((opts.reject || []).map(lc));
  const connectedAt = new Map(); // SMTP session id -> when it connected
  const tempFails = [];
  let holdCode = 0;
  if (opts.tempFail) tempFails.push({ to: opts.tempFail.to ? lc(opts.tempFail.to) : null,
    left: opts.tempFail.times ?? 1, code: opts.tempFail.code ?? 451 });

  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    hideSTARTTLS: true,
    logger: false,
    size: 50 * 1024 * 1024,
    onAuth(auth, session, cb) {
      cb(null, { user: auth.username || 'anonymous' });
    },
    onConnect(session, cb) {
      connectedAt.set(session.id, Date.now());
      cb();
    },
    onRcptTo(address, session, cb) {
      const a = lc(address.address);
      if (rejectSet.has(a)) {
        rejected.push({ address: a, at: Date.now() });
        const err = new Error(`5.1.1 <${a}>: Recipient address rejected: mailbox unavailable`);
        err.responseCode = 550;
        return cb(err);
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('error', (e) => cb(e));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        const to = session.envelope.rcptTo.map((r) => lc(r.address));
        let rec;
        try {
          const p = await simpleParser(raw);
          rec = {
            to,
            from: lc(session.envelope.mailFrom && session.envelope.mailFrom.address),
            headerTo: p.to ? p.to.text : '',
            headerFrom: p.from ? p.from.text : '',
            subject: p.subject ?? '',
            text: p.text ?? '',
            messageId: p.messageId ?? null,
            date: p.date ?? null,
            headers: p.headers,
            raw: raw.toString('utf8'),
            at: Date.now(),
            session: session.id,
            sessionAt: connectedAt.get(session.id),
          };
        } catch (e) {
          rec = { to, from: '', headerTo: '', headerFrom: '', subject: '', text: '',
            messageId: null, date: null, headers: new Map(), raw: raw.toString('utf8'),
            at: Date.now(), parseError: e.message };
        }
        const tf = holdCode ? { left: 1, code: holdCode }
          : tempFails.find((f) => f.left > 0 && (!f.to || to.includes(f.to)));
        if (tf) {
          tf.left--;
          attempts.push({ ...rec, accepted: false, code: tf.code });
          const err = new Error('4.3.0 Temporary failure, please try again later');
          err.responseCode = tf.code;
          return cb(err);
        }
        attempts.push({ ...rec, accepted: true });
        mails.push(rec);
        cb(null, 'Message queued');
      });
    },
  });
  server.on('error', () => {});
  await new Promise((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const port = server.server.address().port;

  const smtp = {
    port,
    mails,
    attempts,
    rejected,
    reject(addr) { rejectSet.add(lc(addr)); },
    unreject(addr) { rejectSet.delete(lc(addr)); },
    failNext(times, { to = null, code = 451 } = {}) {
      tempFails.push({ to: to ? lc(to) : null, left: times, code });
    },
    hold(code = 451) { holdCode = code; },
    release() { holdCode = 0; },
    mailsTo(addr) { return mails.filter((m) => m.to.includes(lc(addr))); },
    since(ts) { return mails.filter((m) => m.at >= ts); },
    waitFor(pred, timeoutMs = 15000, what = 'mail') { return waitFor(pred, timeoutMs, what); },
    /** Waits for the newest mail to addr satisfying pred (default: any). */
    async waitForMailTo(addr, pred = () => true, timeoutMs = 15000) {
      return waitFor(() => smtp.mailsTo(addr).filter(pred).at(-1), timeoutMs, `mail to ${addr}`);
    },
    stop() { return new Promise((r) => server.close(() => r())); },
  };
  return smtp;
}

// ---------------------------------------------------------------------------
// The hausdesk binary

const children = new Set();
process.on('exit', () => {
  for (const c of children) {
    try { c.kill('SIGKILL'); } catch { /* already gone */ }
  }
});

/** Runs the binary with args; never throws; {code, signal, stdout, stderr}. */
export function runCli(args, { env = {}, timeoutMs = 60000 } = {}) {
  return new Promise((resolve) => {
    execFile(BIN, args, { env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 4 << 20 },
      (err, stdout, stderr) => {
        let code = 0;
        if (err) code = typeof err.code === 'number' ? err.code : (err.code === 'ENOENT' ? 127 : -1);
        resolve({ code, signal: err && err.signal, stdout: String(stdout),
          stderr: String(stderr) + (err && typeof err.code !== 'number' ? `\n[${err.code || err.signal || err.message}]` : ''),
          error: err && err.code === 'ENOENT' ? `binary not found: ${BIN}` : undefined });
      });
  });
}

/** Runs any command; never throws; {code, stdout, stderr}. */
export function execP(cmd, args, { env = {}, timeoutMs = 30000, maxBuffer = 4 << 20 } = {}) {
  return new Promise((resolve) => {
    execFile(cmd, args, { env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) + (err && code === -1 ? `\n[${err.message}]` : '') });
      });
  });
}

function binMissingMessage() {
  return `hausdesk binary not found at ${BIN} — build it with ` +
    '`meson setup build && ninja -C build`';
}

/**
 * Starts hausdesk: `init` on a fresh temporary database, then `serve` on a free
 * port, with SMTP pointing at smtpPort. Resolves once GET /healthz answers 200.
 *
 * opts.extraOrgs: [{org, email, password}] initialised before serve starts.
 * opts.env: extra environment for serve.
 * opts.args: extra flags for serve (after --db and --listen).
 * opts.smallFs: {sizeMB} — the database lives on a small ext4 filesystem of
 *   its own (an image file in the temporary directory), loop-mounted in a
 *   private mount namespace (unshare -m) of each command, so that a test can
 *   fill it (server.fill(), server.unfill()) and nothing leaks if the test
 *   dies. Needs root. The data survives kill() and restart().
 */
export async function startServer({ smtpPort, env = {}, args = [], extraOrgs = [], smallFs = null, db: sharedDb = null } = {}) {
  if (!fs.existsSync(BIN)) throw new Error(binMissingMessage());
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'hausdesk-api-'));
  // opts.db: {target} of a database another server made (several processes
  // on one database): not initialised again, not dropped at stop().
  const database = sharedDb ? { target: sharedDb.target, async drop() {} }
    : smallFs ? { target: path.join(dir, 'h.db'), async drop() {} } : await newDatabase(dir);
  let db = database.target;
  // [command, argv] that runs the binary with args (inside the small
  // filesystem's namespace when there is one).
  let wrap = (args) => [BIN, args];
  let image = null;
  let mnt = null;
  if (smallFs) {
    image = path.join(dir, 'fs.img');
    mnt = path.join(dir, 'mnt');
    await fsp.mkdir(mnt);
    await fsp.writeFile(image, '');
    await fsp.truncate(image, (smallFs.sizeMB ?? 16) * 1024 * 1024);
    const mk = await execP('mkfs.ext4', ['-q', '-F', image]);
    if (mk.code !== 0) throw new Error(`mkfs.ext4 failed: ${mk.stderr}`);
    db = path.join(mnt, 'h.db');
    wrap = (args) => ['unshare', ['-m', '--propagation', 'private', 'sh', '-c',
      'mount -o loop "$1" "$2" && shift 2 && exec "$@"', 'sh', image, mnt, BIN, ...args]];
  }

  // The password as an operator gives it: not in argv (the process list).
  const init = async (org, email, password) => {
    const [cmd, argv] = wrap(['init', '--db', db, '--org', org, '--admin-email', email]);
    return execP(cmd, argv, { env: { HAUSDESK_ADMIN_PASSWORD: password } });
  };
  const first = sharedDb ? { code: 0 } : await init(ADMIN.org, ADMIN.email, ADMIN.password);
  if (first.code !== 0) {
    await database.drop();
    throw new Error(`hausdesk init failed (exit ${first.code}):\n${first.stdout}\n${first.stderr}`);
  }
  for (const o of extraOrgs) {
    const r = await init(o.org, o.email, o.password);
    if (r.code !== 0) {
      throw new Error(`hausdesk init (second organisation ${o.org}) failed (exit ${r.code}):\n` +
        `${r.stdout}\n${r.stderr}`);
    }
  }

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const childEnv = {
    ...process.env,
    HAUSDESK_BASE_URL: base,
    HAUSDESK_MAIL_FROM: 'noreply@abc.example',
    HAUSDESK_MAIL_RETRY_MS: '200',
    HAUSDESK_MAIL_MAX_ATTEMPTS: '3',
    ...(smtpPort ? { HAUSDESK_SMTP_URL: `smtp://127.0.0.1:${smtpPort}` } : {}),
    // Without SMTP the Maildir: beside an SQLite file, but on PostgreSQL in
    // the working directory — keep it in the test's directory.
    ...(PG && !smtpPort ? { HAUSDESK_MAILDIR: path.join(dir, 'maildir') } : {}),
    ...env,
  };
  let log = '';
  const append = (d) => {
    log += d.toString();
    if (log.length > 200000) log = log.slice(-100000);
  };
  let proc = null;
  let exited = null;
  let exitPromise = null;

  // Spawns `serve` and waits for /healthz; used at start and by restart().
  const launch = async (extraEnv = {}) => {
    const [cmd, argv] = wrap(['serve', '--db', db, '--listen', `127.0.0.1:${port}`, ...args]);
    const p = spawn(cmd, argv,
      { env: { ...childEnv, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    proc = p;
    exited = null;
    children.add(p);
    p.stdout.on('data', append);
    p.stderr.on('data', append);
    exitPromise = new Promise((resolve) => {
      p.on('exit', (code, signal) => {
        children.delete(p);
        if (proc === p) exited = { code, signal };
        resolve({ code, signal });
      });
    });
    try {
      await waitFor(async () => {
        if (exited) throw new Error(`hausdesk serve exited early (${JSON.stringify(exited)})`);
        try {
          const r = await fetch(`${base}/healthz`);
          await r.arrayBuffer();
          return r.status === 200;
        } catch { return false; }
      }, 10000, 'GET /healthz to answer 200', 50);
    } catch (e) {
      try { p.kill('SIGKILL'); } catch { /* gone */ }
      throw new Error(`${e.message}\n--- server output ---\n${log}`);
    }
  };
  await launch();

  const server = {
    base,
    port,
    dir,
    db,
    get proc() { return proc; },
    get log() { return log; },
    get exited() { return exited; },
    init,
    cli: (args, o) => runCli(args, o),
    client(opts) { return new Client(base, opts); },
    anon() { return new Client(base); },
    bearer(token) { return new Client(base, { bearer: token }); },
    login(email, password) { return login(base, email, password); },
    admin() { return login(base, ADMIN.email, ADMIN.password); },
    /** Sends a signal and waits for the exit; returns {code, signal}. */
    async kill(signal = 'SIGKILL') {
      if (exited) return exited;
      proc.kill(signal);
      // After SIGTERM serve waits up to its shutdown timeout (10 s) for the
      // requests begun; under ASan its leak check at exit adds seconds.
      const t = setTimeout(() => { try { proc.kill('SIGKILL'); } catch { /* gone */ } }, KILL_AFTER_MS);
      const r = await exitPromise;
      clearTimeout(t);
      return r;
    },
    /** Starts `serve` again on the same database and port (after kill()). */
    async restart(extraEnv = {}) {
      if (!exited) await server.kill('SIGTERM');
      await launch(extraEnv);
    },
    async stop() {
      if (!exited && proc) await server.kill('SIGTERM');
      await database.drop();
      await fsp.rm(dir, { recursive: true, force: true });
    },
    /** Runs a shell command in the running server's mount namespace
     * (smallFs), with $1 the mount point; {code, stdout, stderr}. */
    nsexec(script) {
      if (!mnt) throw new Error('nsexec needs startServer({smallFs})');
      return execP('nsenter', ['-t', String(proc.pid), '-m', '--', 'sh', '-c', script, 'sh', mnt]);
    },
    /** Fills the small filesystem up to the last block. */
    fill() {
      return server.nsexec('cat /dev/zero > "$1/fill" 2>/dev/null; sync; true');
    },
    /** Frees what fill() took. */
    unfill() {
      return server.nsexec('rm -f "$1/fill"; sync');
    },
  };
  return server;
}

// ---------------------------------------------------------------------------
// HTTP client

export class Client {
  constructor(base, { cookie = null, csrf = null, bearer = null, user = null } = {}) {
    this.base = base;
    this.cookie = cookie;
    this.csrf = csrf;
    this.bearer = bearer;
    this.user = user;
  }

  url(p) {
    if (/^https?:\/\//.test(p)) return p;
    if (p.startsWith('/api/') || p.startsWith('/healthz') || p.startsWith('/metrics')) return this.base + p;
    return `${this.base}/api/v1${p.startsWith('/') ? '' : '/'}${p}`;
  }

  /**
   * method, path (relative to /api/v1 unless it starts with /api/, /healthz,
   * /metrics), body (object → JSON; string/Buffer → sent raw).
   * opts: {csrf: false | 'value', contentType: string | null, headers}
   * Returns {status, body (parsed JSON or null), text, headers, setCookies}.
   */
  async api(method, p, body, opts = {}) {
    const headers = { ...(opts.headers || {}) };
    if (this.cookie) headers.cookie = `hd_session=${this.cookie}`;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (!['GET', 'HEAD'].includes(method)) {
      if (typeof opts.csrf === 'string') headers['x-csrf-token'] = opts.csrf;
      else if (this.csrf && opts.csrf !== false) headers['x-csrf-token'] = this.csrf;
    }
    let payload;
    if (body !== undefined) {
      if (Buffer.isBuffer(body) || body instanceof Uint8Array) payload = body;
      else if (typeof body === 'string') payload = Buffer.from(body, 'utf8');
      else payload = Buffer.from(JSON.stringify(body), 'utf8');
      const ct = opts.contentType === undefined ? 'application/json' : opts.contentType;
      if (ct !== null) headers['content-type'] = ct;
    }
    const res = await fetch(this.url(p), { method, headers, body: payload, redirect: 'manual' });
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    return { status: res.status, body: json, text, headers: res.headers,
      setCookies: res.headers.getSetCookie ? res.headers.getSetCookie() : [] };
  }

  get(p, opts) { return this.api('GET', p, undefined, opts); }
  post(p, body, opts) { return this.api('POST', p, body, opts); }
  patch(p, body, opts) { return this.api('PATCH', p, body, opts); }
  put(p, body, opts) { return this.api('PUT', p, body, opts); }
  del(p, opts) { return this.api('DELETE', p, undefined, opts); }
}

/** Sends a raw request with node:http (survives servers that answer early and close). */
export function rawRequest(base, method, p, { headers = {}, body = null } = {}) {
  const u = new URL(p.startsWith('/api/') ? p : `/api/v1${p}`, base);
  return new Promise((resolve, reject) => {
    const req = http.request(u, { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try { json = JSON.parse(text); } catch { json = null; }
        resolve({ status: res.statusCode, headers: res.headers, text, body: json });
      });
      res.on('error', reject);
    });
    req.on('error', (e) => {
      // EPIPE/ECONNRESET while still writing a big body: the response may follow.
      if (e.code !== 'EPIPE' && e.code !== 'ECONNRESET') reject(e);
      else setTimeout(() => reject(new Error(`connection closed without a response (${e.code})`)), 2000);
    });
    if (body) req.write(body);
    req.end();
  });
}

export function cookieFrom(setCookies, name = 'hd_session') {
  for (const c of setCookies || []) {
    const m = new RegExp(`^\\s*${name}=([^;]*)`).exec(c);
    if (m) return { value: m[1], header: c };
  }
  return null;
}

/** Logs in; throws unless 200. Returns a Client with cookie and CSRF token. */
export async function login(base, email, password) {
  const anon = new Client(base);
  const r = await anon.post('/session', { email, password });
  if (r.status !== 200) {
    throw new Error(`login ${email} failed: ${r.status} ${r.text.slice(0, 300)}`);
  }
  const c = cookieFrom(r.setCookies);
  if (!c) throw new Error(`login ${email}: no hd_session cookie in ${JSON.stringify(r.setCookies)}`);
  if (!r.body || typeof r.body.csrf_token !== 'string') {
    throw new Error(`login ${email}: no csrf_token in ${r.text.slice(0, 300)}`);
  }
  return new Client(base, { cookie: c.value, csrf: r.body.csrf_token, user: r.body.user });
}

// ---------------------------------------------------------------------------
// Assertions

const show = (r) => `${r.status} ${String(r.text ?? '').slice(0, 600)}`;

export function expectStatus(r, status, what = 'request') {
  assert.equal(r.status, status, `${what}: expected HTTP ${status}, got ${show(r)}`);
  return r.body;
}

/** Asserts an error answer {"error": {code, message, field}}. field undefined = not checked. */
export function expectError(r, status, code, field) {
  const what = `expected ${status} ${code}${field !== undefined ? ` (field ${field})` : ''}`;
  assert.equal(r.status, status, `${what}, got ${show(r)}`);
  assert.ok(r.body && typeof r.body.error === 'object' && r.body.error !== null,
    `${what}: body is not {"error": {...}}: ${show(r)}`);
  if (code !== undefined) assert.equal(r.body.error.code, code, `${what}, got ${show(r)}`);
  assert.equal(typeof r.body.error.message, 'string', `${what}: error.message must be a string: ${show(r)}`);
  assert.ok(r.body.error.message.length > 0, `${what}: error.message empty`);
  assert.ok('field' in r.body.error, `${what}: error.field missing: ${show(r)}`);
  if (field !== undefined) assert.equal(r.body.error.field, field, `${what}, got ${show(r)}`);
  return r.body.error;
}

export function extractToken(text) {
  const m = /token=([A-Za-z0-9_-]+)/.exec(text || '');
  return m ? m[1] : null;
}

// ---------------------------------------------------------------------------
// Fixtures

/** GETs a list following `next` cursors; returns all items. */
export async function listAll(client, p, pageLimit = 500) {
  const items = [];
  let cursor = null;
  for (let i = 0; i < 100; i++) {
    const sep = p.includes('?') ? '&' : '?';
    const url = `${p}${sep}limit=${pageLimit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const r = await client.get(url);
    const body = expectStatus(r, 200, `GET ${url}`);
    assert.ok(Array.isArray(body.items), `GET ${url}: items must be an array: ${r.text.slice(0, 300)}`);
    items.push(...body.items);
    if (!body.next) return items;
    cursor = body.next;
  }
  throw new Error(`GET ${p}: more than 100 pages`);
}

/** Waits until the outbox has no queued mail; returns all outbox rows. */
export async function drainOutbox(admin, timeoutMs = 10000) {
  let rows = [];
  await waitFor(async () => {
    rows = await listAll(admin, '/mail');
    return rows.every((m) => m.state !== 'queued');
  }, timeoutMs, 'the mail outbox to drain', 50);
  return rows;
}

/** Waits for the invitation mail to email, accepts it; returns the answer + token + mail. */
export async function acceptInvitationFromMail(smtp, server, email, password = PASSWORD,
  { timeoutMs = 15000 } = {}) {
  const mail = await waitFor(
    () => smtp.mailsTo(email).filter((m) => /token=/.test(m.text)).at(-1),
    timeoutMs, `invitation mail to ${email}`);
  const token = extractToken(mail.text);
  assert.ok(token, `no token=… in the invitation mail to ${email}: ${mail.text}`);
  const r = await server.anon().post('/invitations/accept', { token, password });
  return { ...r, token, mail };
}

/** Creates an employee, accepts the invitation from the mail, logs in. */
export async function hire(server, smtp, admin, { name, email, password = PASSWORD, is_admin } = {}) {
  const body = { name, email };
  if (is_admin !== undefined) body.is_admin = is_admin;
  const emp = expectStatus(await admin.post('/employees', body), 201, `POST /employees ${email}`);
  const acc = await acceptInvitationFromMail(smtp, server, email, password);
  expectStatus(acc, 200, `accept invitation ${email}`);
  const client = await server.login(email, password);
  return { ...emp, id: emp.id, name, email, password, client };
}

export async function newRole(admin, name, description) {
  const body = { name };
  if (description !== undefined) body.description = description;
  return expectStatus(await admin.post('/roles', body), 201, `POST /roles ${name}`);
}

let propSeq = 0;
export async function newProperty(admin, fields = {}) {
  propSeq++;
  const street = fields.street ?? `Teststraße ${propSeq}`;
  const body = { name: fields.name ?? street, street, postal_code: fields.postal_code ?? '80331',
    city: fields.city ?? 'München' };
  if (fields.external_id !== undefined) body.external_id = fields.external_id;
  return expectStatus(await admin.post('/properties', body), 201, `POST /properties ${body.name}`);
}

export async function addStaff(admin, propertyId, employeeId, roleId) {
  return expectStatus(await admin.post(`/properties/${propertyId}/staff`,
    { employee_id: employeeId, role_id: roleId }), 201, `POST staff p${propertyId} e${employeeId} r${roleId}`);
}

export async function newType(admin, name, roleIds = [], portal = true) {
  return expectStatus(await admin.post('/process-types', { name, role_ids: roleIds, portal }), 201,
    `POST /process-types ${name}`);
}

/** Creates a contact with e-mail, makes them tenant of propertyId; optionally invites + logs in. */
export async function newTenant(server, smtp, admin, propertyId,
  { name, email, password = PASSWORD, portal = true, relation = 'tenant' } = {}) {
  const c = expectStatus(await admin.post('/contacts', { name, email }), 201, `POST /contacts ${email}`);
  expectStatus(await admin.post(`/properties/${propertyId}/residents`,
    { contact_id: c.id, relation }), 201, `POST residents ${email}`);
  if (!portal) return { ...c, name, email };
  expectStatus(await admin.post(`/contacts/${c.id}/invite`), 202, `POST /contacts/${c.id}/invite`);
  const acc = await acceptInvitationFromMail(smtp, server, email, password);
  expectStatus(acc, 200, `accept portal invitation ${email}`);
  const client = await server.login(email, password);
  return { ...c, name, email, password, client };
}

export async function fileProcess(client, body, what = 'POST /processes') {
  return expectStatus(await client.post('/processes', body), 201, what);
}

/** Outbox rows for a process (admin only). */
export async function mailRows(admin, processId) {
  return listAll(admin, `/mail?process_id=${processId}`);
}

export const ids = (items) => items.map((i) => i.id);
export const assigneeIds = (p) => (p.assignees || []).map((a) => a.employee_id).sort((a, b) => a - b);
export const sorted = (a) => [...a].sort((x, y) => x - y);

/** Convenience for test files: starts SMTP + server, returns a context with stop(). */
export async function startAll({ smtp: smtpOpts, env, extraOrgs } = {}) {
  const smtp = await startSmtp(smtpOpts);
  let server;
  try {
    server = await startServer({ smtpPort: smtp.port, env, extraOrgs });
  } catch (e) {
    await smtp.stop();
    throw e;
  }
  let admin;
  try {
    admin = await server.admin();
  } catch (e) {
    await server.stop();
    await smtp.stop();
    throw new Error(`${e.message}\n--- server output ---\n${server.log}`);
  }
  return {
    smtp, server, admin,
    async stop() {
      await server.stop();
      await smtp.stop();
    },
  };
}

/**
 * startAll with the small organisation several files work in: role Technik;
 * Frau Huber staffs Gartenstraße 3 and Herr Schmidt Bahnhofstraße 4 with it;
 * type Schadensmeldung routes to it; Herr Müller, tenant at Gartenstraße 3,
 * has filed "Heizung kalt" (proc), which went to Frau Huber.
 */
export async function startSmallOrg(opts) {
  const ctx = await startAll(opts);
  const { smtp, server, admin } = ctx;
  try {
    const technik = await newRole(admin, 'Technik');
    const prop = await newProperty(admin, { name: 'Gartenstraße 3', street: 'Gartenstraße 3' });
    const prop2 = await newProperty(admin, { name: 'Bahnhofstraße 4', street: 'Bahnhofstraße 4' });
    const type = await newType(admin, 'Schadensmeldung', [technik.id]);
    const emp = await hire(server, smtp, admin, { name: 'Frau Huber', email: 'huber@abc.example' });
    const emp2 = await hire(server, smtp, admin, { name: 'Herr Schmidt', email: 'schmidt@abc.example' });
    await addStaff(admin, prop.id, emp.id, technik.id);
    await addStaff(admin, prop2.id, emp2.id, technik.id);
    const tenant = await newTenant(server, smtp, admin, prop.id, { name: 'Herr Müller', email: 'mueller@example.org' });
    const proc = expectStatus(await tenant.client.post('/processes', { type_id: type.id, property_id: prop.id,
      subject: 'Heizung kalt', description: 'Seit gestern.' }), 201, 'file');
    return { ...ctx, technik, prop, prop2, type, emp, emp2, tenant, proc };
  } catch (e) {
    await ctx.stop();
    throw e;
  }
}
