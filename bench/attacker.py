#!/usr/bin/env python3
"""Hostile load for bench/server-load.sh: slow and oversized requests against 127.0.0.1:PORT for DURATION seconds.

- SLOW connections send request headers one line per second and never finish them (slowloris); half of them
  instead send full headers and then a body that stops after a few bytes. A connection the server closes is
  reopened at once, so the pressure stays constant.
- BIG threads post 8 MB bodies (over the 1 MB limit) in a loop, reading whatever answer comes back.
Prints one line: ATTACK slow_open_end=N slow_reconnects=N big_requests=N big_answered=N big_status=...
Usage: attacker.py PORT DURATION_S [SLOW=300] [BIG=2]
"""
import collections
import socket
import sys
import threading
import time

port, duration = int(sys.argv[1]), float(sys.argv[2])
slow_count = int(sys.argv[3]) if len(sys.argv) > 3 else 300
big_count = int(sys.argv[4]) if len(sys.argv) > 4 else 2
deadline = time.time() + duration
stats = collections.Counter()
statuses = collections.Counter()
lock = threading.Lock()


def open_slow(i):
    s = socket.create_connection(("127.0.0.1", port))
    s.setblocking(False)
    if i % 2:
        s.send(b"POST /v1/score HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
               b"Content-Length: 1000\r\n\r\n{\"prompt\":")
    else:
        s.send(b"POST /v1/score HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    return s


def slow_loop():
    conns = [open_slow(i) for i in range(slow_count)]
    while time.time() < deadline:
        time.sleep(1)
        for i, s in enumerate(conns):
            try:
                closed = False
                try:
                    if s.recv(65536) == b"":
                        closed = True
                except BlockingIOError:
                    pass
                if not closed:
                    s.send(b"X-Slow: 1\r\n" if i % 2 == 0 else b" ")
            except OSError:
                closed = True
            if closed:
                s.close()
                stats["slow_reconnects"] += 1
                try:
                    conns[i] = open_slow(i)
                except OSError:
                    stats["slow_connect_errors"] += 1
    open_end = 0
    for s in conns:
        try:
            s.recv(1)
        except BlockingIOError:
            open_end += 1  # still open, nothing to read
        except OSError:
            pass
        s.close()
    stats["slow_open_end"] = open_end


def big_loop():
    chunk = b"a" * 65536
    while time.time() < deadline:
        with lock:
            stats["big_requests"] += 1
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            s.send(b"POST /v1/moderations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                   b"Content-Length: 8388608\r\n\r\n{\"input\":\"")
            try:
                for _ in range(128):
                    s.sendall(chunk)
            except OSError:
                pass  # the server stopped reading: expected once it has answered 413
            answer = s.recv(64)
            with lock:
                if answer.startswith(b"HTTP/1.1 "):
                    stats["big_answered"] += 1
                    statuses[answer[9:12].decode()] += 1
            s.close()
        except OSError as e:
            with lock:
                statuses[type(e).__name__] += 1


threads = [threading.Thread(target=slow_loop)] + [threading.Thread(target=big_loop) for _ in range(big_count)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("ATTACK slow=%d big=%d slow_open_end=%d slow_reconnects=%d slow_connect_errors=%d big_requests=%d big_answered=%d"
      " big_status=%s" % (slow_count, big_count, stats["slow_open_end"], stats["slow_reconnects"],
                          stats["slow_connect_errors"], stats["big_requests"], stats["big_answered"],
                          ",".join("%s:%d" % kv for kv in sorted(statuses.items())) or "-"))
