#!/usr/bin/env bash
# One command: builds jtrack if needed, installs its kernelspec into a temporary prefix for each JDK,
# and prints start time, 1+1 round trip and memory, measured through jupyter_client. Autolog is on
# (as users run it), recording into an embedded store in a temporary directory that is also the
# kernel's working directory. JJava, the peer named by the issue, cannot run here:
# org.dflib.jjava:jjava is not served from Maven Central, so no peer kernel is started.
#   bench/kernel.sh                 # JDKs: $JTRACK_BENCH_JDKS (colon-separated JAVA_HOMEs), default 17 and Temurin 25
#   STARTS=10 ROUND_TRIPS=50 bench/kernel.sh
#   NMT=1 bench/kernel.sh           # also the JVM's native memory summary after the round trips
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${JTRACK_BUILD_DIR:-target}"
jar="$here/$build_dir/jtrack.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$here/src/main" -newer "$jar" -type f -print -quit)" ]; then
  echo "building $jar ..." >&2
  (cd "$here" && ./mvnw -q -B -o -DbuildDir="$build_dir" -DskipTests package >&2 || ./mvnw -q -B -DbuildDir="$build_dir" -DskipTests package >&2)
fi
default_jdks=""
for j in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64; do
  [ -x "$j/bin/java" ] && default_jdks="${default_jdks:+$default_jdks:}$j"
done
jdks="${JTRACK_BENCH_JDKS:-${default_jdks:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
IFS=: read -r -a homes <<< "$jdks"
echo "peer: JJava not measured (org.dflib.jjava:jjava is not served from Maven Central); bare JShell per-cell figures: bench/long-session.sh"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
for home in "${homes[@]}"; do
  prefix="$tmp/$(basename "$home")"
  echo "== $("$home/bin/java" -version 2>&1 | head -1)"
  jvm_opts=()
  [ -n "${NMT:-}" ] && jvm_opts=(--jvm-opts "-XX:NativeMemoryTracking=summary")
  "$home/bin/java" -jar "$jar" install --prefix "$prefix" --name jtrack-bench "${jvm_opts[@]}" >/dev/null
  work="$tmp/work-$(basename "$home")"
  mkdir -p "$work"
  (cd "$work" && env -u MLFLOW_TRACKING_URI -u MLFLOW_EXPERIMENT_NAME \
    JUPYTER_PATH="$prefix/share/jupyter" JUPYTER_DATA_DIR="$tmp/data" JUPYTER_RUNTIME_DIR="$tmp/runtime" \
    JTRACK_HISTORY_FILE="$tmp/history.jsonl" JTRACK_JOURNAL_DIR="$tmp/journal" JCMD="$home/bin/jcmd" \
    /usr/bin/python3 "$here/bench/kernel_bench.py" jtrack-bench --starts "${STARTS:-10}" --round-trips "${ROUND_TRIPS:-50}" \
      ${NMT:+--nmt})
done
