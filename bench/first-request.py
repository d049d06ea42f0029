#!/usr/bin/env python3
"""Time from launching a command to the first HTTP request it sends to a loopback target that answers 200 to anything.
Usage: first-request.py RUNS -- cmd... ({url} in cmd becomes the target's base URL). Each run is killed at its first
request (or after 30 s); prints every run and the median."""
import http.server, os, signal, statistics, subprocess, sys, threading, time

runs = int(sys.argv[1]); cmd = sys.argv[sys.argv.index('--') + 1:]
first = {}
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        first.setdefault('t', time.monotonic())
        self.send_response(200); self.send_header('Content-Type', 'text/plain'); self.send_header('Content-Length', '2')
        self.end_headers(); self.wfile.write(b'ok')
    do_POST = do_GET
    def log_message(self, *a): pass
srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), H)
threading.Thread(target=srv.serve_forever, daemon=True).start()
url = 'http://127.0.0.1:%d' % srv.server_address[1]
out = []
for i in range(runs):
    first.clear()
    t0 = time.monotonic()
    p = subprocess.Popen([c.replace('{url}', url) for c in cmd], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while 't' not in first and time.monotonic() - t0 < 30 and p.poll() is None:
        time.sleep(0.002)
    ms = (first['t'] - t0) * 1000 if 't' in first else None
    p.kill(); p.wait()
    out.append(ms)
    print('run %d: %s ms' % (i + 1, 'none' if ms is None else '%.0f' % ms), flush=True)
ok = [m for m in out if m is not None]
print('median %.0f ms, min %.0f, max %.0f over %d runs' % (statistics.median(ok), min(ok), max(ok), len(ok)))
