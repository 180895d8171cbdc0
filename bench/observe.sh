#!/usr/bin/env bash
# The cost of observability on hello world (docs/observability.md): the CLI's hello served plain,
# with a JFR recording of jwsgi's events, with --metrics, and with a JSON access log to a file.
# Each configuration is started ROUNDS times, interleaved, warmed up WARMUP seconds with wrk, then
# measured with wrk -t1 -c64 -d${SECONDS_RUN}s; prints a Markdown table of the rates and their ratio
# to plain. Run it under the heavy-job lock with nothing else running:
#
#   flock /work/.heavy.lock bench/observe.sh            # needs adapter/target/jwsgi-cli.jar
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/observe.sh
set -euo pipefail
cd "$(dirname "$0")/.."
java=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/java}}
java=${java:-java}
jar=adapter/target/jwsgi-cli.jar
[[ -f $jar ]] || { echo "observe.sh: build $jar first (mvn -B -o -pl adapter package -DskipTests)" >&2; exit 2; }
command -v wrk > /dev/null || { echo "observe.sh: wrk is not installed: apt-get install wrk" >&2; exit 2; }
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-12}
SECONDS_RUN=${SECONDS_RUN:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# only jwsgi's events, so the figure is theirs and not the JVM's own events'
cat > "$work/jwsgi.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0" label="jwsgi" description="jwsgi's events only">
  <event name="org.jwsgi.Request"><setting name="enabled">true</setting><setting name="threshold">0 ms</setting></event>
  <event name="org.jwsgi.RequestRefused"><setting name="enabled">true</setting></event>
  <event name="org.jwsgi.ConnectionOpened"><setting name="enabled">true</setting></event>
  <event name="org.jwsgi.ConnectionClosed"><setting name="enabled">true</setting></event>
</configuration>
JFC
configs=(plain jfr-jwsgi jfr-default metrics access-json)
declare -A sum
for c in "${configs[@]}"; do sum[$c]=0; done
for round in $(seq 1 "$ROUNDS"); do
    for c in "${configs[@]}"; do
        jvm=()
        args=(--port 0 --no-access-log)
        case $c in
            jfr-jwsgi) jvm=("-XX:StartFlightRecording=filename=$work/$c.jfr,settings=$work/jwsgi.jfc") ;;
            jfr-default) jvm=("-XX:StartFlightRecording=filename=$work/$c.jfr,settings=default") ;;
            metrics) args+=(--metrics /metrics) ;;
            access-json) args=(--port 0 --access-log "$work/access.log" --access-log-format json) ;;
        esac
        "$java" "${jvm[@]}" -jar "$jar" "${args[@]}" hello > "$work/out" 2> "$work/err" &
        pid=$!
        for _ in $(seq 1 100); do grep -q 'serving' "$work/out" 2>/dev/null && break; sleep 0.1; done
        port=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/out" | head -1 | cut -d: -f3)
        wrk -t1 -c64 -d"${WARMUP}s" "http://127.0.0.1:$port/" > /dev/null
        rate=$(wrk -t1 -c64 -d"${SECONDS_RUN}s" "http://127.0.0.1:$port/" | awk '/Requests\/sec/ {print $2}')
        if [[ $c == metrics ]]; then
            curl -s "http://127.0.0.1:$port/metrics" | grep '^http_server_requests_seconds_count' > "$work/scrape.$round" || true
        fi
        kill "$pid"; wait "$pid" || true
        echo "round $round $c: $rate req/s" >&2
        sum[$c]=$(awk -v a="${sum[$c]}" -v b="$rate" 'BEGIN {print a + b}')
    done
done
plain=$(awk -v a="${sum[plain]}" -v n="$ROUNDS" 'BEGIN {print a / n}')
echo "| configuration | req/s (mean of $ROUNDS) | x plain |"
echo "|---|--:|--:|"
for c in "${configs[@]}"; do
    awk -v c="$c" -v a="${sum[$c]}" -v n="$ROUNDS" -v p="$plain" 'BEGIN {printf "| %s | %.0f | %.2f |\n", c, a / n, a / n / p}'
done
