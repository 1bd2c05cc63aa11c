// SPDX-License-Identifier: MIT
// A throw-away PostgreSQL 15 cluster for the tests (issue 12): initdb into a
// fresh temporary directory as the `postgres` user (PostgreSQL refuses to run
// as root), the postmaster in the foreground with its Unix socket in that
// directory and TCP on a free port of 127.0.0.1. Never a system service, never
// the PATH's binaries (another major version may be first there).
//
//   const pg = await startPostgres();
//   pg.url            // postgresql://hausdesk:…@127.0.0.1:PORT/hausdesk
//   await pg.psql('SELECT 1')            // → [['1']]
//   const url2 = await pg.newDatabase('migrated');
//   await pg.stop();

import fsp from 'node:fs/promises';
import path from 'node:path';
import crypto from 'node:crypto';
import {
  needRoot, tempDir, removeTempDir, atExit, accountIds, spawnDaemon, waitWhileRunning, stopSync, run,
  freePort, BIND_FAILED,
} from './proc.js';

export const PG_BIN = '/usr/lib/postgresql/15/bin';
const PG_USER = 'postgres';
const ROLE = 'hausdesk';
const NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Parses psql --csv output (RFC 4180). psql prints NULL as the `null`
 * setting, unquoted, just as it prints an empty string: psql() sets it to a
 * random token, and a field equal to that token is NULL.
 */
export function parseCsv(text, nullToken = null) {
  const rows = [];
  let row = [];
  let i = 0;
  const n = text.length;
  if (n === 0) return rows;
  for (;;) {
    let v;
    if (text[i] === '"') {
      let s = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error('psql CSV: unterminated quoted field');
        s += text.slice(i, q);
        i = q + 1;
        if (text[i] === '"') { s += '"'; i++; } else break;
      }
      v = s;
    } else {
      let j = i;
      while (j < n && text[j] !== ',' && text[j] !== '\n') j++;
      v = text.slice(i, j);
      if (nullToken !== null && v === nullToken) v = null;
      i = j;
    }
    row.push(v);
    if (i >= n) { rows.push(row); break; }
    if (text[i] === ',') { i++; continue; }
    // text[i] === '\n'
    rows.push(row);
    row = [];
    i++;
    if (i >= n) break;
  }
  return rows;
}

/**
 * Starts a cluster. Options:
 *   fsync (true): fsync, synchronous_commit and full_page_writes on, as a
 *     durable production server; false turns all three off (only for tests
 *     that measure nothing and need no durability).
 *   settings ({}): more postgresql.conf settings, e.g.
 *     {shared_preload_libraries: 'pg_stat_statements', max_connections: 300}.
 *
 * Resolves with {url, conninfo, socketUrl, socketDir, port, dir, password,
 * timings, log, psql(sql, {db}), newDatabase(name), stop()} once the role and
 * database `hausdesk` exist. Throws with the server's output if it cannot
 * start; leaves nothing behind then.
 */
export async function startPostgres({ fsync = true, settings = {} } = {}) {
  needRoot('startPostgres');
  for (const k of Object.keys(settings)) {
    if (!/^[a-z_][a-z0-9_.]*$/.test(k)) throw new Error(`startPostgres: bad setting name ${JSON.stringify(k)}`);
  }
  const ids = accountIds(PG_USER);
  const dir = await tempDir('hausdesk-pg-');
  const data = path.join(dir, 'data');
  const timings = {};
  let daemon = null;
  // Until stop() runs: an immediate shutdown (SIGQUIT) on exit or signal,
  // which also removes the shared memory, then the directory.
  const unregister = atExit(() => {
    if (daemon && !daemon.exited) stopSync(daemon.pid, 'SIGQUIT', 5000); // exited: its pid may be another's now
    removeTempDir(dir);
  });
  const fail = async (e) => {
    if (daemon) await daemon.kill('SIGQUIT');
    unregister();
    removeTempDir(dir);
    throw e;
  };

  try {
    // The directory holds the socket and the data directory; postgres owns it.
    await fsp.chown(dir, ids.uid, ids.gid);
    await fsp.chmod(dir, 0o700);

    let t0 = performance.now();
    // initdb fsyncs what it wrote (as it does by default): the cluster starts
    // from durable files, as a real one would.
    const init = await run('/usr/bin/setpriv', [`--reuid=${PG_USER}`, `--regid=${PG_USER}`,
      '--clear-groups', '--', path.join(PG_BIN, 'initdb'), '-D', data, '-U', PG_USER,
      '-E', 'UTF8', '--locale=C.UTF-8', '--auth-local=trust', '--auth-host=scram-sha-256'],
    { timeoutMs: 120000 });
    timings.initdbMs = Math.round(performance.now() - t0);
    if (init.code !== 0) throw new Error(`initdb failed (exit ${init.code}):\n${init.stdout}\n${init.stderr}`);

    const on = fsync ? 'on' : 'off';
    const conf = {
      listen_addresses: "'127.0.0.1'",
      unix_socket_directories: `'${dir}'`,
      max_connections: 200,
      shared_buffers: "'32MB'",
      dynamic_shared_memory_type: 'posix',
      huge_pages: 'off',
      fsync: on,
      synchronous_commit: on,
      full_page_writes: on,
      logging_collector: 'off',
      log_line_prefix: "'%m [%p] %q%u@%d '",
      ...Object.fromEntries(Object.entries(settings).map(([k, v]) =>
        [k, typeof v === 'number' ? v : `'${String(v).replace(/'/g, "''")}'`])),
    };
    const confText = '\n# tests/infra/pg.js\n' +
      Object.entries(conf).map(([k, v]) => `${k} = ${v}`).join('\n') + '\n';
    await fsp.appendFile(path.join(data, 'postgresql.conf'), confText);

    // The port is free when chosen, but may be taken before the postmaster
    // binds it: then take another.
    let port;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      t0 = performance.now();
      // SIGQUIT if this process dies: immediate shutdown, shared memory freed.
      daemon = spawnDaemon(path.join(PG_BIN, 'postgres'), ['-D', data, '-p', String(port)],
        { user: PG_USER, pdeathsig: 'SIGQUIT' });
      try {
        // Line 8 of postmaster.pid is "ready" once connections are accepted.
        await waitWhileRunning(daemon, async () => {
          const pid = await fsp.readFile(path.join(data, 'postmaster.pid'), 'utf8').catch(() => '');
          return /^ready\s*$/m.test(pid.split('\n')[7] ?? '');
        }, 30000, 'PostgreSQL to accept connections', { killSignal: 'SIGQUIT' });
        break;
      } catch (e) {
        daemon = null;
        if (!(e.exitedEarly && BIND_FAILED.test(e.log) && attempt < 3)) throw e;
      }
    }
    timings.startMs = Math.round(performance.now() - t0);

    const password = crypto.randomBytes(18).toString('base64url');
    const pg = {
      dir,
      socketDir: dir,
      port,
      password,
      timings,
      get log() { return daemon ? daemon.log : ''; },
      /** The daemon's pid while it runs (for tests of the cleanup). */
      get pid() { return daemon ? daemon.pid : null; },

      /**
       * Runs sql (one or several statements) as the superuser over the Unix
       * socket, in database db (default hausdesk). Resolves with the rows of
       * every statement that returns rows, each an array of strings (NULL →
       * null). Throws with psql's message on the first error.
       */
      async psql(sql, { db = ROLE } = {}) {
        const nullToken = `NULL-${crypto.randomBytes(12).toString('hex')}`;
        const r = await run(path.join(PG_BIN, 'psql'), ['-X', '-q', '--csv', '-t',
          '-P', `null=${nullToken}`, '-v', 'ON_ERROR_STOP=1', '-h', dir, '-p', String(port), '-U', PG_USER, '-d', db, '-f', '-'],
        { input: sql });
        if (r.code !== 0) throw new Error(`psql failed (exit ${r.code}): ${r.stderr.trim()}\n--- sql ---\n${sql}`);
        return parseCsv(r.stdout, nullToken);
      },

      /** The URI for role hausdesk on database name over TCP. */
      urlFor(name) {
        return `postgresql://${ROLE}:${password}@127.0.0.1:${port}/${name}`;
      },

      /**
       * Creates an empty database owned by role hausdesk; resolves with its
       * URI. name: lower-case letters, digits, underscore.
       */
      async newDatabase(name) {
        if (!NAME.test(name)) throw new Error(`newDatabase: bad name ${JSON.stringify(name)}`);
        await pg.psql(`CREATE DATABASE ${name} OWNER ${ROLE};`, { db: 'postgres' });
        return pg.urlFor(name);
      },

      /** Fast shutdown (SIGINT: sessions are ended), waits for the exit, removes the directory. */
      async stop() {
        if (daemon) {
          const d = daemon;
          daemon = null;
          await d.kill('SIGINT', 10000);
        }
        unregister();
        removeTempDir(dir);
      },
    };

    t0 = performance.now();
    // The hausdesk role logs in with a password over TCP (scram-sha-256), as
    // a real installation would; the superuser only over the socket.
    await pg.psql(`CREATE ROLE ${ROLE} LOGIN PASSWORD '${password}';\n` +
      `CREATE DATABASE ${ROLE} OWNER ${ROLE};\n`, { db: 'postgres' });
    timings.createDbMs = Math.round(performance.now() - t0);

    pg.url = pg.urlFor(ROLE);
    pg.conninfo = `host=127.0.0.1 port=${port} dbname=${ROLE} user=${ROLE} password=${password}`;
    // The same database over the Unix socket (libpq: host= a directory).
    pg.socketUrl = `postgresql://${ROLE}:${password}@/${ROLE}?host=${encodeURIComponent(dir)}&port=${port}`;
    return pg;
  } catch (e) {
    return fail(e);
  }
}
