#!/usr/bin/env bash
# Fan-out side by side: the same load generator, clients and percentiles against the bare-Netty floor
# (bin/vortex-bench floor), a Node ws broadcaster (tools/ws-broadcaster, when node is present) and Vortex
# (bin/vortex serve over a native directory), each server in its own process, for each client count given.
# JSON results go to $OUT (default /tmp/vortex-side-by-side); $FANOUT_OPTS go to every fanout run (e.g. "-m 50":
# more measured changes make the CPU per delivery exact, the clock tick being 10 ms). See BENCHMARKS.md.
#
# With security on (Vortex only): VORTEX_CONFIG names a settings file for `serve --config`, VORTEX_HEADER the
# credentials every fanout client sends (e.g. 'X-API-Key: KEY' or 'Authorization: Bearer TOKEN'); SERVERS
# ("floor ws vortex" by default) picks the servers.
#
#   FANOUT_OPTS="-m 50" vortex-bench/tools/side-by-side.sh 1000 10000
set -euo pipefail

VORTEX_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="${OUT:-/tmp/vortex-side-by-side}"
CLIENTS=("${@:-1000}")
mkdir -p "$OUT"
BENCH="$VORTEX_HOME/bin/vortex-bench"
"$BENCH" --version >/dev/null # builds the jar first when needed

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 1 600); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer from $1" >&2; return 1; }
stop() { kill "$1" 2>/dev/null || true; while kill -0 "$1" 2>/dev/null; do sleep 0.1; done; }

SERVERS="${SERVERS:-floor ws vortex}"
runs() { [[ " $SERVERS " == *" $1 "* ]]; }
VORTEX_SERVE_ARGS=()
[ -n "${VORTEX_CONFIG:-}" ] && VORTEX_SERVE_ARGS=(--config "$VORTEX_CONFIG")
VORTEX_FANOUT_ARGS=()
[ -n "${VORTEX_HEADER:-}" ] && VORTEX_FANOUT_ARGS=(--header "$VORTEX_HEADER")

for n in "${CLIENTS[@]}"; do
  if runs floor; then
    port=$(free_port)
    "$BENCH" floor --port "$port" > "$OUT/floor-server.log" 2>&1 &
    pid=$!
    wait_for "http://127.0.0.1:$port/publish"
    "$BENCH" fanout -n "$n" --peer "ws://127.0.0.1:$port/" --publish-url "http://127.0.0.1:$port/publish" \
      --server-pid "$pid" --json "$OUT/floor-$n.json" ${FANOUT_OPTS:-} || true
    stop "$pid"
  fi

  if runs ws && command -v node >/dev/null; then
    (cd "$VORTEX_HOME/vortex-bench/tools/ws-broadcaster" && [ -d node_modules ] || npm ci --silent)
    port=$(free_port)
    node "$VORTEX_HOME/vortex-bench/tools/ws-broadcaster/broadcaster.js" "$port" > "$OUT/ws-server.log" 2>&1 &
    pid=$!
    wait_for "http://127.0.0.1:$port/publish"
    "$BENCH" fanout -n "$n" --peer "ws://127.0.0.1:$port/" --publish-url "http://127.0.0.1:$port/publish" \
      --server-pid "$pid" --json "$OUT/ws-$n.json" ${FANOUT_OPTS:-} || true
    stop "$pid"
  fi

  if runs vortex; then
    port=$(free_port)
    native="$(mktemp -d)"
    VORTEX_LOG_LEVEL=WARN "$VORTEX_HOME/bin/vortex" serve --host 127.0.0.1 --port "$port" --native "$native" \
      "${VORTEX_SERVE_ARGS[@]}" > "$OUT/vortex-server.log" 2>&1 &
    pid=$!
    wait_for "http://127.0.0.1:$port/actuator/health"
    # bin/vortex execs the JVM, except on its class-data training run (JDK 13-18), where the JVM is its child.
    jvm=$(pgrep -P "$pid" -x java || echo "$pid")
    # The change path's warm-up (serve --warm-up, on by default) runs a few seconds after the start, on its thread
    # `vortex-warm-up`: let it end, so that its CPU and the JIT's are not counted as the fan-out's.
    for _ in $(seq 1 600); do
      grep -qx vortex-warm-up /proc/"$jvm"/task/*/comm 2>/dev/null || break
      sleep 0.1
    done
    "$BENCH" fanout -n "$n" --url "ws://127.0.0.1:$port" --native-dir "$native" --server-pid "$jvm" \
      --json "$OUT/vortex-$n.json" "${VORTEX_FANOUT_ARGS[@]}" ${FANOUT_OPTS:-} || true
    stop "$pid"
    rm -rf "$native"
  fi
done
python3 - "$OUT" "${CLIENTS[@]}" <<'PY'
import json, os, sys
out, counts = sys.argv[1], sys.argv[2:]
print(f"{'server':8} {'clients':>7} {'p50 ms':>8} {'p99 ms':>8} {'deliv/s':>9} {'CPU µs/deliv':>12} {'no JIT':>7} {'CPU ms/change':>13} {'JIT ms':>7} {'loops µs':>8} {'G1ref µs':>8} {'GC µs':>6} {'passed':>6}")
for n in counts:
    for name in ("floor", "ws", "vortex"):
        path = os.path.join(out, f"{name}-{n}.json")
        if not os.path.exists(path):
            continue
        r = json.load(open(path))
        lat = r.get("latency_ms", {})
        print(f"{name:8} {n:>7} {lat.get('p50_ms', 0):>8} {lat.get('p99_ms', 0):>8} "
              # first -> last for every server: Vortex's deliveries_per_s counts from the trigger (file write and
              # DELETE /cache), the broadcasters' from the first delivery (both report first -> last under these names)
              f"{r.get('broadcast_deliveries_per_s', r.get('deliveries_per_s', 0)):>9} {r.get('cpu_us_per_delivery', '-'):>12} "
              f"{r.get('cpu_us_per_delivery_without_jit', '-'):>7} {r.get('cpu_ms_per_change', '-'):>13} "
              f"{r.get('jit_cpu_ms_per_change', '-'):>7} {r.get('cpu_us_per_delivery_event_loops', '-'):>8} "
              f"{r.get('cpu_us_per_delivery_gc_refinement', '-'):>8} {r.get('cpu_us_per_delivery_gc_other', '-'):>6} "
              f"{str(r.get('passed')):>6}")
PY
