#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Serving an attachment three ways (serve_attach.c): from a file with
# sendfile, streamed from an SQLite blob, copied from a blob into memory.
# wrk at 4 connections for 8 s per case, a fresh server each; prints MB/s,
# server CPU per GB sent and peak RSS. Results are appended to results/.
import os, re, shutil, signal, socket, subprocess, sys, tempfile, time

here = os.path.dirname(os.path.abspath(__file__))
subprocess.run(['make', '-s', '-C', here, 'serve_attach'], check=True)
reps = int(sys.argv[1]) if len(sys.argv) > 1 else 3
os.makedirs(os.path.join(here, 'results'), exist_ok=True)
out = open(os.path.join(here, 'results', time.strftime('serve-%Y%m%d-%H%M.txt')), 'a')
tmp = tempfile.mkdtemp(prefix='attach-spike-serve-')

def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    p = s.getsockname()[1]
    s.close()
    return p

def mb(v, unit):
    return float(v) * {'B': 1e-6, 'KB': 1.024e-3, 'MB': 1.048576, 'GB': 1073.741824}[unit]

try:
    n = 0
    for rep in range(reps):
        for size in (1048576, 20971520):
            for kind in ('f', 'b', 'm'):
                n += 1
                port = free_port()
                d = os.path.join(tmp, f'r{n}')
                srv = subprocess.Popen([os.path.join(here, 'serve_attach'), '--dir', d,
                                        '--port', str(port), '--size', str(size)],
                                       stdout=subprocess.PIPE, text=True)
                ready = srv.stdout.readline()
                m = re.search(r'cpu_ms (\d+)', ready)
                cpu0 = int(m.group(1))
                w = subprocess.run(['wrk', '-t1', '-c4', '-d8s', f'http://127.0.0.1:{port}/{kind}/1'],
                                   capture_output=True, text=True, check=True).stdout
                srv.send_signal(signal.SIGTERM)
                end = srv.stdout.read()
                srv.wait()
                cpu1 = int(re.search(r'cpu_ms (\d+)', end).group(1))
                rss = int(re.search(r'maxrss_kb (\d+)', end).group(1))
                rps = float(re.search(r'Requests/sec:\s+([\d.]+)', w).group(1))
                t = re.search(r'Transfer/sec:\s+([\d.]+)(\w+)', w)
                mbs = mb(t.group(1), t.group(2))
                p99 = re.search(r'Latency\s+\S+\s+\S+\s+(\S+)', w).group(1)
                line = (f'serve {dict(f="file/sendfile", b="blob streamed", m="blob copied")[kind]} '
                        f'size={size}: {rps:.0f} req/s, {mbs:.0f} MB/s, server CPU '
                        f'{(cpu1 - cpu0) / (mbs * 8 / 1000):.0f} ms per GB, peak RSS {rss / 1024:.1f} MiB, '
                        f'latency max {p99}\n')
                sys.stdout.write(line)
                out.write(line)
                shutil.rmtree(d)
finally:
    if tmp.startswith('/tmp/attach-spike-serve-'):
        shutil.rmtree(tmp, ignore_errors=True)
