#!/usr/bin/env bash
# Server CPU per idle WebSocket connection and second: starts the server jar given (a fresh process, over an empty
# native directory, with --ws-ping-interval $PING, default 1s), opens N connections (default 5,000) with
# `vortex-bench connections`, waits until the server counts them all open and SETTLE more seconds (default 12: the
# ramp's JIT and GC work settles), then reads the server's CPU per thread (/proc/PID/task/*/schedstat, in
# nanoseconds) over WINDOW seconds (default 15) and prints it per connection and second, split into event loops,
# GC, JIT compilers and other threads. What it measures is what idle connections cost: with a short ping interval,
# mostly the heartbeat (the load generator's clients answer each ping frame with a pong, as clients do). One run
# takes about 45 s; run before/after jars in turns. See BENCHMARKS.md, "Heartbeats: one ping per sweep".
#
#   vortex-bench/tools/idle-cpu.sh vortex-server/target/vortex-server-*-all.jar 5000 1s
set -euo pipefail

VORTEX_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAR="$(readlink -f "$1")"
N="${2:-5000}"
PING="${3:-1s}"
WINDOW="${WINDOW:-15}"
SETTLE="${SETTLE:-12}"
BENCH="$VORTEX_HOME/bin/vortex-bench"
"$BENCH" --version >/dev/null # builds the jar first when needed

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
NATIVE="$(mktemp -d)"
LOGS="$(mktemp -d)"
VORTEX_LOG_LEVEL=WARN java -Xms64m -Xmx1g -XX:MaxDirectMemorySize=512m -XX:G1PeriodicGCInterval=30000 \
  -jar "$JAR" serve --host 127.0.0.1 --port "$PORT" --native "$NATIVE" --ws-ping-interval "$PING" \
  >"$LOGS/server.log" 2>&1 &
SERVER=$!
LOAD=""
cleanup() {
  [ -n "$LOAD" ] && kill "$LOAD" 2>/dev/null || true
  kill "$SERVER" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$NATIVE"
}
trap cleanup EXIT
for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$PORT/actuator/health" && break; sleep 0.1; done

# No --server-pid: the benchmark would then run a full GC in the server (jcmd) after the ramp, inside the window.
"$BENCH" connections --url "ws://127.0.0.1:$PORT" -n "$N" --rate 1000 --hold $((SETTLE + WINDOW + 3)) \
  >"$LOGS/connections.log" 2>&1 &
LOAD=$!
active() {
  curl -s "http://127.0.0.1:$PORT/actuator/prometheus" | awk '/^vortex_ws_connections_active/ {print int($2)}'
}
for _ in $(seq 1 600); do
  [ "$(active)" -ge "$N" ] 2>/dev/null && break
  kill -0 "$LOAD" 2>/dev/null || { cat "$LOGS/connections.log" >&2; exit 1; }
  sleep 0.2
done
sleep "$SETTLE"

python3 - "$SERVER" "$WINDOW" "$N" "$PING" <<'PY'
import os, sys, time
pid, window, n, ping = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]

def threads():
    cpu = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            name = open(f"/proc/{pid}/task/{tid}/comm").read().strip()
            cpu[tid] = (name, int(open(f"/proc/{pid}/task/{tid}/schedstat").read().split()[0]))
        except OSError:
            pass  # the thread ended meanwhile
    return cpu

def group(name):
    if name.startswith("vert.x-eventloo"):
        return "event loops"
    if "Compiler" in name:
        return "JIT"
    if "GC" in name or name.startswith("G1"):
        return "GC"
    return "other"

before, started = threads(), time.monotonic()
time.sleep(window)
after, seconds = threads(), time.monotonic() - started
groups = {"event loops": 0, "GC": 0, "JIT": 0, "other": 0}
for tid, (name, ns) in after.items():
    groups[group(name)] += ns - before.get(tid, (name, 0))[1]
total = sum(groups.values())
per = lambda ns: ns / 1e3 / (n * seconds)
print(f"{n} connections, ping interval {ping}, {seconds:.1f} s: server CPU {per(total):.2f} us per connection and second"
      f" ({total / 1e6 / seconds:.1f} ms/s); " + ", ".join(f"{k} {per(v):.2f}" for k, v in groups.items()))
PY
wait "$LOAD" || { echo "the load generator failed:" >&2; cat "$LOGS/connections.log" >&2; exit 1; }
LOAD=""
grep -E "dropped while held|opened" "$LOGS/connections.log" | sed 's/^ */  /'
rm -rf "$LOGS"
