#!/usr/bin/env bash
# What one edit of one service's file costs a server that holds many keys: KEYS services, each with its own
# file svc-NNNN.yml and its own cached key (asked once over HTTP), then EDITS edits of svc-0007.yml, each
# picked up by the server's directory watcher. Prints, per edit, the CPU time of the server's resolver threads
# (vortex-resolver*), of its refresh thread (vortex-refresh*: the scan and key discovery) and of the whole
# process, from /proc/PID/task/*/stat (Linux only; clock ticks, 10 ms each, summed over all edits).
#
# PROFILES (default "default"): a comma list of profiles; each service is asked once per profile, each its own
# key. EDIT_FILE (default svc-0007.yml): the file edited instead, created at the first edit if it does not exist
# (e.g. application-prod.yml, which every service's prod key reads).
#
#   vortex-bench/tools/edit-one-of-many.sh JAR [KEYS=1000] [EDITS=20] [PORT=18888]
#   PROFILES=dev,staging,prod EDIT_FILE=application-prod.yml vortex-bench/tools/edit-one-of-many.sh JAR 1000 20
set -euo pipefail
JAR=${1:?usage: edit-one-of-many.sh JAR [KEYS] [EDITS] [PORT]}
KEYS=${2:-1000}
EDITS=${3:-20}
PORT=${4:-18888}
WARMUP=${WARMUP:-5}
PROFILES=${PROFILES:-default}
EDIT_FILE=${EDIT_FILE:-svc-0007.yml}
EDIT_NAME=${EDIT_FILE%.*}
LAST_PROFILE=${PROFILES##*,}
PAUSE=3 # seconds after each edit: the watcher's ~100 ms, the settle pause and the reload of every key before

work=$(mktemp -d)
repo="$work/repo"
mkdir -p "$repo"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

service_file() { # name, value: a config of some 40 properties, like a small service's
  {
    printf '%s:\n  edit: %s\n' "$1" "$2"
    for section in http db cache retry; do
      printf '  %s:\n' "$section"
      for p in $(seq 1 10); do printf '    key-%s: value-%s-%s\n' "$p" "$section" "$p"; done
    done
  }
}
printf 'management:\n  tracing: false\nlogging:\n  level: INFO\n' >"$repo/application.yml"
for i in $(seq 1 "$KEYS"); do
  name=$(printf 'svc-%04d' "$i")
  service_file "$name" 0 >"$repo/$name.yml"
done

java -Xmx1g -jar "$JAR" serve --native "$repo" -p "$PORT" --host 127.0.0.1 >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$PORT/actuator/health" >/dev/null 2>&1 && break
  sleep 0.2
done
for i in $(seq 1 "$KEYS"); do
  for profile in ${PROFILES//,/ }; do
    printf 'url = "http://127.0.0.1:%s/svc-%04d/%s"\noutput = /dev/null\n' "$PORT" "$i" "$profile"
  done
done >"$work/urls"
curl -sf --parallel --parallel-max 8 -K "$work/urls" 2>/dev/null
sleep 2

ticks() { # prefix (or "" for the whole process): utime + stime of matching threads, in clock ticks
  local total=0 comm stat fields
  for task in /proc/"$pid"/task/*; do
    comm=$(cat "$task/comm" 2>/dev/null) || continue
    [[ -z "$1" || "$comm" == "$1"* ]] || continue
    stat=$(cat "$task/stat" 2>/dev/null) || continue
    read -r -a fields <<<"${stat##*) }"
    total=$((total + fields[11] + fields[12]))
  done
  echo "$total"
}
edit() {
  service_file "$EDIT_NAME" "$1" >"$work/next.yml"
  mv "$work/next.yml" "$repo/$EDIT_FILE"
  sleep "$PAUSE"
}

metric() { # a counter of the server's /actuator/prometheus, 0 when absent
  curl -sf "http://127.0.0.1:$PORT/actuator/prometheus" | awk -v m="$1" '$1 == m { print $2; found = 1 } END { if (!found) print 0 }'
}

for n in $(seq 1 "$WARMUP"); do edit "warmup-$n"; done
resolver0=$(ticks vortex-resolver) refresh0=$(ticks vortex-refresh) process0=$(ticks "")
resolutions0=$(metric vortex_config_resolutions_total) skipped0=$(metric vortex_config_reloads_skipped_total)
for n in $(seq 1 "$EDITS"); do edit "$n"; done
resolver1=$(ticks vortex-resolver) refresh1=$(ticks vortex-refresh) process1=$(ticks "")
resolutions1=$(metric vortex_config_resolutions_total) skipped1=$(metric vortex_config_reloads_skipped_total)
served=$(curl -sf "http://127.0.0.1:$PORT/svc-0007/$LAST_PROFILE" | grep -o "\"$EDIT_NAME.edit\":\"\\?[0-9a-z-]*" || true)

hz=$(getconf CLK_TCK)
per_edit() { awk -v t="$1" -v n="$EDITS" -v hz="$hz" 'BEGIN { printf "%.1f", t * 1000 / hz / n }'; }
echo "jar=$(basename "$JAR") keys=$KEYS profiles=$PROFILES edited=$EDIT_FILE edits=$EDITS served=[$served]"
echo "resolver_cpu_ms_per_edit=$(per_edit $((resolver1 - resolver0)))"
echo "refresh_thread_cpu_ms_per_edit=$(per_edit $((refresh1 - refresh0)))"
echo "process_cpu_ms_per_edit=$(per_edit $((process1 - process0)))"
# Resolutions per edit: the keys a change re-resolved (a key dropped instead, when the resolvers were too busy,
# does not count); keys left alone: those it could not reach.
awk -v a="$resolutions0" -v b="$resolutions1" -v n="$EDITS" 'BEGIN { printf "resolutions_per_edit=%.1f\n", (b - a) / n }'
awk -v a="$skipped0" -v b="$skipped1" -v n="$EDITS" 'BEGIN { printf "keys_left_alone_per_edit=%.1f\n", (b - a) / n }'
