// SPDX-License-Identifier: MIT
// HAProxy in front of several `hausdesk serve` processes (issue 12): the
// configuration in a temporary directory, /usr/sbin/haproxy in the
// foreground on a free port of 127.0.0.1, HTTP mode, health checks on
// /healthz. Never a system service.
//
//   const lb = await startHaproxy({ backends: [{host, port}, {host, port}] });
//   await lb.waitUp(2);
//   fetch(`${lb.base}/api/v1/…`);
//   await lb.stats();   // [{name, host, port, status, up, requests}]
//   await lb.stop();

import fsp from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import {
  tempDir, removeTempDir, atExit, spawnDaemon, waitWhileRunning, stopSync, freePort, waitFor,
  BIND_FAILED,
} from './proc.js';

export const HAPROXY = '/usr/sbin/haproxy';
const BALANCES = new Set(['roundrobin', 'leastconn', 'first', 'source', 'static-rr', 'random']);

function config({ port, backends, balance, check, sock }) {
  const servers = backends.map((b, i) =>
    `    server ${b.name ?? `s${i}`} ${b.host ?? '127.0.0.1'}:${b.port}`).join('\n');
  return `# tests/infra/haproxy.js: a throw-away load balancer for tests
global
    # No daemon, no user switch: runs in the foreground as the test runs.
    # Up/down changes of the servers (notice) go to stderr, not each request.
    log stderr format raw local0 notice
    stats socket ${sock} mode 600 level admin
    maxconn 2000

defaults
    mode http
    log global
    option dontlognull
    # A request whose connection to a server fails is sent to another server
    # at once (redispatch on every retry), so a stopped process costs no
    # error once its port refuses. A request already sent to a server that
    # then dies is never retried (it may not be idempotent): 502 on a new
    # client connection; on a kept-alive one HAProxy closes it unanswered.
    option redispatch 1
    retries 2
    # Before a retry HAProxy waits min(timeout connect, 1 s), even when it
    # redispatches: with 1 s the first request after a kill took 1 s, with
    # 200 ms it takes 0.2 s. A connect on the loopback is answered by the
    # kernel at once (refused or accepted), so 200 ms is no risk here.
    timeout connect 200ms
    timeout client 30s
    timeout server 30s
    timeout queue 5s
    timeout http-request 10s
    timeout http-keep-alive 5s
    timeout check 1s

frontend fe
    bind 127.0.0.1:${port}
    # X-Forwarded-For with the client's address. hausdesk does not trust it:
    # it reads no forwarding header today, and any later use must be switched
    # on explicitly for a known proxy (a client can send the header itself).
    option forwardfor
    default_backend hausdesk

backend hausdesk
    balance ${balance}
    option httpchk
    http-check send meth GET uri ${check}
    http-check expect status 200
    # Short intervals for tests: a dead server is out after two failed checks
    # 200 ms apart, or at once on its first refused connection (observe).
    default-server check inter 200ms fastinter 100ms downinter 200ms rise 2 fall 2 observe layer4 error-limit 1 on-error mark-down
${servers}
`;
}

/**
 * Sends one command to the admin socket; resolves with the answer text.
 */
function adminCommand(sock, command) {
  return new Promise((resolve, reject) => {
    const c = net.connect(sock);
    const chunks = [];
    c.setTimeout(5000, () => c.destroy(new Error('HAProxy admin socket: no answer')));
    c.on('connect', () => c.end(`${command}\n`));
    c.on('data', (d) => chunks.push(d));
    c.on('error', reject);
    c.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/**
 * Starts HAProxy. backends: [{host = '127.0.0.1', port, name?}] (names
 * default to s0, s1, …); balance: an HAProxy algorithm; check: the health
 * check path (answered 200 while the server is fine).
 *
 * Resolves with {port, base, dir, log, stats(), waitUp(n), stop()} once the
 * proxy accepts connections (the servers may not be checked yet: waitUp).
 */
export async function startHaproxy({ backends, balance = 'roundrobin', check = '/healthz' } = {}) {
  if (!Array.isArray(backends) || backends.length === 0) throw new Error('startHaproxy: no backends');
  for (const b of backends) {
    if (!Number.isInteger(b.port) || b.port <= 0 || b.port > 65535) {
      throw new Error(`startHaproxy: bad backend port ${JSON.stringify(b)}`);
    }
    if (b.name !== undefined && !/^[A-Za-z0-9_-]+$/.test(b.name)) {
      throw new Error(`startHaproxy: bad backend name ${JSON.stringify(b.name)}`);
    }
    if (b.host !== undefined && !/^[A-Za-z0-9.:-]+$/.test(b.host)) {
      throw new Error(`startHaproxy: bad backend host ${JSON.stringify(b.host)}`);
    }
  }
  if (!BALANCES.has(balance)) throw new Error(`startHaproxy: unknown balance ${balance}`);
  if (!/^\/[A-Za-z0-9._~/-]*$/.test(check)) throw new Error(`startHaproxy: bad check path ${check}`);

  const dir = await tempDir('hausdesk-haproxy-');
  const sock = path.join(dir, 'admin.sock');
  const cfg = path.join(dir, 'haproxy.cfg');
  let daemon = null;
  const unregister = atExit(() => {
    if (daemon && !daemon.exited) stopSync(daemon.pid, 'SIGTERM', 3000); // exited: its pid may be another's now
    removeTempDir(dir);
  });
  const timings = {};

  try {
    let port;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      await fsp.writeFile(cfg, config({ port, backends, balance, check, sock }));
      const t0 = performance.now();
      // -db: foreground, no master process. SIGTERM: hard stop.
      daemon = spawnDaemon(HAPROXY, ['-db', '-f', cfg], { pdeathsig: 'SIGTERM' });
      try {
        await waitWhileRunning(daemon, () => new Promise((resolve) => {
          const c = net.connect(port, '127.0.0.1');
          c.on('connect', () => { c.destroy(); resolve(true); });
          c.on('error', () => resolve(false));
        }), 10000, `HAProxy to listen on ${port}`);
        timings.startMs = Math.round(performance.now() - t0);
        break;
      } catch (e) {
        daemon = null;
        if (!(e.exitedEarly && BIND_FAILED.test(e.log) && attempt < 3)) throw e;
      }
    }

    const lb = {
      port,
      base: `http://127.0.0.1:${port}`,
      dir,
      timings,
      get log() { return daemon ? daemon.log : ''; },
      /** The daemon's pid while it runs (for tests of the cleanup). */
      get pid() { return daemon ? daemon.pid : null; },

      /**
       * The servers as HAProxy sees them: [{name, host, port, status
       * ("UP", "DOWN", "UP 1/2", "NOLB", "MAINT", …), up (true only for
       * "UP"), requests (sent to it so far)}].
       */
      async stats() {
        const text = await adminCommand(sock, 'show stat');
        const lines = text.split('\n').filter((l) => l.trim() !== '');
        const head = lines.shift().replace(/^#\s*/, '').split(',');
        const col = (name) => head.indexOf(name);
        const [px, sv, st, addr, stot] = ['pxname', 'svname', 'status', 'addr', 'stot'].map(col);
        return lines.map((l) => l.split(','))
          .filter((f) => f[px] === 'hausdesk' && f[sv] !== 'BACKEND' && f[sv] !== 'FRONTEND')
          .map((f) => {
            const [host, p] = (f[addr] ?? '').split(/:(?=\d+$)/);
            return { name: f[sv], host, port: Number(p), status: f[st], up: f[st] === 'UP',
              requests: Number(f[stot]) };
          });
      },

      /** Waits until exactly n servers are UP (after a start, a stop, a restart). */
      async waitUp(n, timeoutMs = 10000) {
        let last = [];
        try {
          await waitFor(async () => {
            last = await lb.stats();
            return last.filter((s) => s.up).length === n;
          }, timeoutMs, `${n} HAProxy server(s) UP`, 50);
        } catch (e) {
          throw new Error(`${e.message}: ${JSON.stringify(last)}\n--- HAProxy output ---\n${lb.log}`);
        }
        return last;
      },

      /** Hard stop (SIGTERM), waits for the exit, removes the directory. */
      async stop() {
        if (daemon) {
          const d = daemon;
          daemon = null;
          await d.kill('SIGTERM', 5000);
        }
        unregister();
        removeTempDir(dir);
      },
    };
    return lb;
  } catch (e) {
    if (daemon) await daemon.kill('SIGKILL');
    unregister();
    removeTempDir(dir);
    throw e;
  }
}
