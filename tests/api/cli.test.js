// SPDX-License-Identifier: MIT
// The command line as one table of settings parses it (issue 11, item 5;
// docs/operations.md, "Settings"): init takes the admin password from
// HAUSDESK_ADMIN_PASSWORD or --admin-password-file, the old --admin-password
// still works and warns; flags are written out; a flag of another command,
// a wrong value or a stray argument stops a command with status 2 before it
// changes anything.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startServer, runCli, login } from './harness.js';

describe('command line settings', () => {
  let server;
  let dir;
  before(async () => {
    server = await startServer();
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'hausdesk-cli-'));
  });
  after(async () => {
    if (server) await server.stop();
    if (dir) await fsp.rm(dir, { recursive: true, force: true });
  });

  /** init of org with admin email on the running server's database. */
  const init = (org, email, extra = [], env = {}) =>
    runCli(['init', '--db', server.db, '--org', org, '--admin-email', email, ...extra],
      { env: { HAUSDESK_ADMIN_PASSWORD: '', ...env } });

  it('init takes the password from HAUSDESK_ADMIN_PASSWORD, without a word about it', async () => {
    const r = await init('Umwelt GmbH', 'admin@umwelt.example', [],
      { HAUSDESK_ADMIN_PASSWORD: 'umwelt-pass-123' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    await login(server.base, 'admin@umwelt.example', 'umwelt-pass-123');
  });

  it('init takes the first line of --admin-password-file, and it beats the variable', async () => {
    const file = path.join(dir, 'pw');
    await fsp.writeFile(file, 'datei-pass-123\nnot this line\n', { mode: 0o600 });
    const r = await init('Datei GmbH', 'admin@datei.example', ['--admin-password-file', file],
      { HAUSDESK_ADMIN_PASSWORD: 'variable-pass-123' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    await login(server.base, 'admin@datei.example', 'datei-pass-123');
    const wrong = await server.anon().post('/session',
      { email: 'admin@datei.example', password: 'variable-pass-123' });
    assert.equal(wrong.status, 401, 'the variable was not used');
  });

  it('the old --admin-password still works, and warns that it shows in the process list', async () => {
    const r = await init('Flagge GmbH', 'admin@flagge.example', ['--admin-password', 'flagge-pass-123']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: --admin-password shows in the process list/);
    assert.match(r.stderr, /use --admin-password-file or HAUSDESK_ADMIN_PASSWORD instead/);
    assert.ok(!r.stderr.includes('flagge-pass-123'), 'the warning does not repeat the password');
    await login(server.base, 'admin@flagge.example', 'flagge-pass-123');
  });

  it('init without a password, or with two, says so and creates nothing', async () => {
    const none = await init('Ohne GmbH', 'admin@ohne.example');
    assert.equal(none.code, 2);
    assert.match(none.stderr, /--admin-password-file or HAUSDESK_ADMIN_PASSWORD is required/);
    const file = path.join(dir, 'pw2');
    await fsp.writeFile(file, 'zwei-pass-123\n');
    const two = await init('Zwei GmbH', 'admin@zwei.example',
      ['--admin-password', 'zwei-pass-123', '--admin-password-file', file]);
    assert.equal(two.code, 2);
    assert.match(two.stderr, /not both/);
    assert.ok(!two.stderr.includes('zwei-pass-123'));
    const missing = await init('Fehlt GmbH', 'admin@fehlt.example',
      ['--admin-password-file', path.join(dir, 'no-such-file')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--admin-password-file: cannot use \S*no-such-file: No such file/);
    for (const email of ['admin@ohne.example', 'admin@zwei.example', 'admin@fehlt.example']) {
      const r = await server.anon().post('/session', { email, password: 'zwei-pass-123' });
      assert.equal(r.status, 401, `no account for ${email}`);
    }
  });

  it('a flag must be written out: a prefix is refused, naming what it could be', async () => {
    const db = path.join(dir, 'prefix.db');
    const s = await runCli(['serve', '--db', db, '--thr', '2']);
    assert.equal(s.code, 2, s.stderr);
    assert.match(s.stderr, /'--thr' could be --threads: write it out/);
    const i = await runCli(['init', '--db', db, '--org', 'Präfix GmbH', '--admin-email', 'a@praefix.example',
      '--admin-pass', 'praefix-pass-123']);
    assert.equal(i.code, 2, i.stderr);
    assert.match(i.stderr, /'--admin-pass' could be --admin-password-file or --admin-password/);
    assert.ok(!fs.existsSync(db), 'no database was made');
  });

  it('a flag of another command, a wrong value or a stray argument exits 2 before anything is done', async () => {
    const db = path.join(dir, 'refused.db');
    const cases = [
      [['check', '--db', db, '--threads', '2'], /--threads is not an option of check \(only of serve\)/],
      [['demo', '--db', db, '--listen', '127.0.0.1:1'], /--listen is not an option of demo/],
      [['demo', '--db', db, 'extra'], /unexpected argument 'extra'/],
      [['demo', '--db', db, '--scale', '1e3'], /--scale: '1e3' is not a number above 0/],
      [['demo', '--db', db, '--tokens', path.join(dir, 't')], /--tokens needs --scale/],
      [['serve', '--db', db, '--threads', '65'], /--threads: '65' is not a whole number from 0 to 64/],
      [['serve', '--db', db, '--keepalive-ms', '5x'], /--keepalive-ms: '5x' is not a duration/],
      [['serve', '--db'], /--db needs a value/],
    ];
    for (const [args, want] of cases) {
      const r = await runCli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, want, args.join(' '));
      assert.ok(!fs.existsSync(db), `${args.join(' ')} made no database`);
    }
  });

  it('every command\'s --help comes from the table: variables, defaults, values', async () => {
    const s = await runCli(['serve', '--help']);
    assert.equal(s.code, 0);
    assert.match(s.stdout, /--mail-retry-ms DURATION/);
    assert.match(s.stdout.replace(/\s+/g, ' '), /HAUSDESK_MAIL_RETRY_MS; a duration from 10 ms to 1 h/);
    const i = await runCli(['init', '--help']);
    assert.equal(i.code, 0);
    assert.match(i.stdout, /--admin-password-file FILE/);
    assert.match(i.stdout, /HAUSDESK_ADMIN_PASSWORD/);
    const c = await runCli(['check', '--help']);
    assert.equal(c.code, 0);
    assert.match(c.stdout, /usage: hausdesk check --db PATH/);
    assert.doesNotMatch(c.stdout, /--threads/);
  });
});
