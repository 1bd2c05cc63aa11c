// SPDX-License-Identifier: MIT
// `hausdesk serve` itself: every flag beats its environment variable (the
// numbers for every setting `serve --help` lists, the mail settings by the
// mail that arrives), the start-up line says what is in effect, and SIGHUP
// opens the log file anew (or, without one, is logged and ignored) instead
// of killing the server.

import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  BIN, ADMIN, runCli, freePort, waitFor, startSmtp, startServer, extractToken,
} from './harness.js';

/**
 * The settings `serve --help` lists that take a number, a duration or a
 * size and have both a flag and a variable: [{flag, env, min}], min the
 * smallest value as the help writes it ("0", "10ms", "1s").
 */
async function numericSettings() {
  const h = await runCli(['serve', '--help']);
  assert.equal(h.code, 0, h.stderr);
  // One block per option: its line and the lines indented below it.
  const blocks = h.stdout.split(/\n(?=  -)/).map((b) => b.replace(/\s+/g, ' ').trim());
  const out = [];
  for (const b of blocks) {
    const flag = /^--([a-z][a-z-]*) /.exec(b);
    const env = /\((HAUSDESK_[A-Z_]+)[;)]/.exec(b);
    const min = /an? (?:whole number|duration|size) from (\d+)(?: (ms|s|m|h|KiB|MiB|GiB))?/.exec(b);
    if (flag && env && min) {
      out.push({ flag: flag[1], env: env[1], min: `${min[1]}${(min[2] || '').replace('iB', '')}` });
    }
  }
  return out;
}

/** Starts `serve` on db with args and env; resolves once /healthz is 200. */
async function serve(db, args, env = {}) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const clean = { ...process.env };
  for (const k of Object.keys(clean)) if (k.startsWith('HAUSDESK_')) delete clean[k];
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, ...args],
    { env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (d) => { out += d; });
  proc.stderr.on('data', (d) => { out += d; });
  let exited = null;
  const exit = new Promise((r) => proc.on('exit', (code, signal) => { exited = { code, signal }; r(exited); }));
  const s = {
    proc, base, get out() { return out; },
    health: async () => (await fetch(`${base}/healthz`)).status,
    async stop() {
      if (!exited) proc.kill('SIGTERM');
      return exit;
    },
  };
  try {
    await waitFor(async () => {
      if (exited) throw new Error(`serve exited: ${JSON.stringify(exited)}\n${out}`);
      return (await s.health().catch(() => 0)) === 200;
    }, 10000, 'serve to answer /healthz');
  } catch (e) {
    proc.kill('SIGKILL');
    throw e;
  }
  return s;
}

describe('hausdesk serve', () => {
  let dir;
  let db;
  const running = [];
  before(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'hausdesk-serve-'));
    db = path.join(dir, 'h.db');
    const r = await runCli(['init', '--db', db, '--org', ADMIN.org, '--admin-email', ADMIN.email],
      { env: { HAUSDESK_ADMIN_PASSWORD: ADMIN.password } });
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => {
    for (const s of running) await s.stop();
    await fsp.rm(dir, { recursive: true, force: true });
  });

  it('every flag beats its environment variable; the variables apply without flags', async () => {
    const envLog = path.join(dir, 'env.log');
    const flagLog = path.join(dir, 'flag.log');
    const env = {
      HAUSDESK_THREADS: '3', HAUSDESK_CACHE_MB: '5', HAUSDESK_SHUTDOWN_TIMEOUT: '7',
      HAUSDESK_CHECK_MB: '9', HAUSDESK_BASE_URL: 'http://env.example',
      HAUSDESK_MAILDIR: path.join(dir, 'env-mail'), HAUSDESK_LOG_FILE: envLog,
    };
    const s = await serve(db, ['--threads', '2', '--cache-mb', '4', '--shutdown-timeout', '6',
      '--check-mb', '8', '--base-url', 'http://flag.example', '--maildir', path.join(dir, 'flag-mail'),
      '--log-file', flagLog], env);
    running.push(s);
    const log = await waitFor(() => fs.existsSync(flagLog) && /settings:/.test(fs.readFileSync(flagLog, 'utf8')) &&
      fs.readFileSync(flagLog, 'utf8'), 5000, 'the settings line in the flag\'s log file');
    assert.match(log, /settings: threads 2, cache 4 MB, shutdown timeout 6 s, start-up check up to 8 MB, base URL http:\/\/flag\.example, log file \S*flag\.log/);
    assert.match(log, /mail into \S*flag-mail/);
    assert.ok(!fs.existsSync(envLog), 'the variable\'s log file is not used');
    assert.deepEqual(await s.stop(), { code: 0, signal: null });

    const e = await serve(db, [], env);
    running.push(e);
    const elog = await waitFor(() => fs.existsSync(envLog) && /settings:/.test(fs.readFileSync(envLog, 'utf8')) &&
      fs.readFileSync(envLog, 'utf8'), 5000, 'the settings line in the variable\'s log file');
    assert.match(elog, /settings: threads 3, cache 5 MB, shutdown timeout 7 s, start-up check up to 9 MB, base URL http:\/\/env\.example, log file \S*env\.log/);
    assert.match(elog, /mail into \S*env-mail/);
    assert.deepEqual(await e.stop(), { code: 0, signal: null });
  });

  it('every numeric variable is read (a wrong one stops serve, named), and its flag beats it (the variable is not even read)', async () => {
    const all = await numericSettings();
    // Not vacuous: the connection settings, the mail numbers, threads …
    assert.ok(all.length >= 14, `settings found in serve --help: ${JSON.stringify(all)}`);
    for (const name of ['threads', 'cache-mb', 'shutdown-timeout', 'check-mb', 'max-conns', 'conns-per-ip',
      'header-timeout-ms', 'body-timeout-ms', 'body-min-rate', 'keepalive-ms', 'mail-retry-ms',
      'mail-max-attempts', 'mail-give-up-hours', 'smtp-timeout-ms']) {
      assert.ok(all.some((x) => x.flag === name), `serve --help lists --${name} with its variable`);
    }
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('HAUSDESK_')));
    for (const x of all) {
      const r = await runCli(['serve', '--db', db], { env: { ...clean, [x.env]: 'abc' } });
      assert.equal(r.code, 2, `${x.env}=abc stops serve with status 2: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, new RegExp(`${x.env}: 'abc' is not a`), `the message names ${x.env}`);
    }
    // Every one of them wrong in the environment, every flag given: serve
    // starts and runs with the flags' values.
    const env = Object.fromEntries(all.map((x) => [x.env, 'abc']));
    const pick = { threads: '2', 'cache-mb': '4M', 'shutdown-timeout': '6s', 'check-mb': '8' };
    const args = all.flatMap((x) => [`--${x.flag}`, pick[x.flag] ?? x.min]);
    const s = await serve(db, args, env);
    running.push(s);
    await waitFor(() => /settings:/.test(s.out), 5000, 'the settings line');
    assert.match(s.out, /settings: threads 2, cache 4 MB, shutdown timeout 6 s, start-up check up to 8 MB/);
    assert.deepEqual(await s.stop(), { code: 0, signal: null });
  });

  it('--smtp-url, --mail-from and --base-url beat their variables: the mail goes where the flags say', async () => {
    const smtp = await startSmtp();
    let server;
    try {
      server = await startServer({
        env: { HAUSDESK_SMTP_URL: 'smtp://127.0.0.1:1', HAUSDESK_MAIL_FROM: 'env@abc.example',
          HAUSDESK_BASE_URL: 'http://env.example' },
        args: ['--smtp-url', `smtp://127.0.0.1:${smtp.port}`, '--mail-from', 'flag@abc.example',
          '--base-url', 'http://flag.example/'],
      });
      const r = await server.anon().post('/password-reset', { email: ADMIN.email });
      assert.equal(r.status, 202, r.text);
      const m = await smtp.waitForMailTo(ADMIN.email, () => true, 10000);
      assert.equal(m.from, 'flag@abc.example', 'the envelope sender of --mail-from');
      assert.ok(m.headerFrom.includes('flag@abc.example'), `From: ${m.headerFrom}`);
      assert.ok(extractToken(m.text), 'a reset link');
      assert.match(m.text, /http:\/\/flag\.example\/reset\?token=/, 'the link of --base-url, without its slash');
      assert.doesNotMatch(m.text, /env\.example/);
    } finally {
      if (server) await server.stop();
      await smtp.stop();
    }
  });

  it('SIGHUP opens the log file anew after a rotation, and the server goes on', async () => {
    const log = path.join(dir, 'hup.log');
    const s = await serve(db, ['--log-file', log]);
    running.push(s);
    await waitFor(() => fs.existsSync(log) && /listening/.test(fs.readFileSync(log, 'utf8')), 5000, 'the log');
    fs.renameSync(log, `${log}.1`);
    s.proc.kill('SIGHUP');
    await waitFor(() => fs.existsSync(log) && /opened anew/.test(fs.readFileSync(log, 'utf8')), 5000,
      'a new log file after SIGHUP');
    assert.equal(await s.health(), 200, 'still serving');
    assert.match(fs.readFileSync(`${log}.1`, 'utf8'), /listening/, 'the rotated file keeps what was in it');
    assert.deepEqual(await s.stop(), { code: 0, signal: null });
    assert.match(fs.readFileSync(log, 'utf8'), /stopped/, 'the rest goes into the new file');
  });

  it('SIGHUP without a log file is logged and ignored', async () => {
    const s = await serve(db, []);
    running.push(s);
    s.proc.kill('SIGHUP');
    await waitFor(() => /SIGHUP ignored/.test(s.out), 5000, 'a log line about SIGHUP');
    assert.equal(await s.health(), 200, 'still serving');
    assert.deepEqual(await s.stop(), { code: 0, signal: null });
  });

  it('check --help and serve --help name the new settings', async () => {
    const c = await runCli(['check', '--help']);
    assert.equal(c.code, 0);
    assert.match(c.stdout, /--db/);
    const s = await runCli(['serve', '--help']);
    for (const f of ['--shutdown-timeout', '--check-mb', '--log-file', 'HAUSDESK_SHUTDOWN_TIMEOUT',
      'HAUSDESK_CHECK_MB', 'HAUSDESK_LOG_FILE']) assert.ok(s.stdout.includes(f), `serve --help names ${f}`);
  });
});
