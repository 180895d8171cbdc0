#!/usr/bin/env bash
# Flask on jwsgi-python against Flask on gunicorn (docs/python.md, "Speed"): a hello page and a
# JSON endpoint (src/test/python/flask_app.py), driven by wrk, each server started fresh.
#
#   bench/python.sh                        # every configuration; the report on stdout
#   CONFIGS="gunicorn-sync jwsgi-builtin-pool" bench/python.sh
#
# Needs python/target/jwsgi-python (mvn -B -DskipTests package), wrk, gunicorn and python3-flask.
# For each server: the time from its start to the first 200 answer; warm-up windows of WINDOW
# seconds (hello, then JSON) until the hello rate has not risen by more than 3% over the best of
# the previous windows for three windows running, at most MAX_WARMUP seconds; then one measured
# window of MEASURE seconds per endpoint; then the RSS of the server's processes (all of
# gunicorn's). Run it alone on the machine (the figures are ratios of one run; docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."

WINDOW=${WINDOW:-10}
MEASURE=${MEASURE:-20}
MAX_WARMUP=${MAX_WARMUP:-300}
CONNECTIONS=${CONNECTIONS:-16}
CONFIGS=${CONFIGS:-"gunicorn-sync gunicorn-gthread jwsgi-builtin-shared jwsgi-builtin-pool jwsgi-jetty-shared jwsgi-jetty-pool jwsgi-tomcat-shared jwsgi-tomcat-pool"}
apps=python/src/test/python
dist=/usr/lib/python3/dist-packages
launcher=python/target/jwsgi-python/bin/jwsgi-python
cores=$(nproc)

command -v wrk > /dev/null || { echo "python.sh: wrk is not installed: apt-get install wrk" >&2; exit 2; }
command -v gunicorn > /dev/null || { echo "python.sh: gunicorn is not installed: apt-get install gunicorn" >&2; exit 2; }
[[ -d $dist/flask ]] || { echo "python.sh: Flask is not installed: apt-get install python3-flask" >&2; exit 2; }
[[ -x $launcher ]] || { echo "python.sh: no $launcher: mvn -B -DskipTests package first" >&2; exit 2; }

port=$((20000 + RANDOM % 20000))
pid=
log=$(mktemp)
trap '[[ -n $pid ]] && kill -TERM "$pid" 2> /dev/null; rm -f "$log" "$log.wrk"' EXIT

# requests per second of one wrk run: rate PATH SECONDS
rate() {
    wrk -t2 -c"$CONNECTIONS" -d"$2"s --latency "http://127.0.0.1:$port$1" > "$log.wrk" 2>&1 || true
    # a rate counts only answers that are not errors: say so where wrk saw any
    grep -E "Non-2xx|Socket errors" "$log.wrk" | sed "s|^|$config $1: |" >&2 || true
    awk '/Requests\/sec/ {printf "%d", $2}' "$log.wrk"
}

# p99 latency of the last wrk run
p99() {
    awk '$1 == "99%" {print $2}' "$log.wrk"
}

rss_mb() {
    local total=0 p
    for p in "$pid" $(pgrep -P "$pid" || true); do
        total=$((total + $(ps -o rss= -p "$p" 2> /dev/null || echo 0)))
    done
    echo $((total / 1024))
}

start() {
    local config=$1
    case $config in
        gunicorn-sync)
            gunicorn --bind 127.0.0.1:$port --workers "$cores" --worker-class sync --chdir "$apps" \
                --pythonpath "$apps,$dist" --log-level warning flask_app:app > "$log" 2>&1 &
            ;;
        gunicorn-gthread)
            gunicorn --bind 127.0.0.1:$port --workers "$cores" --worker-class gthread --threads 4 --chdir "$apps" \
                --pythonpath "$apps,$dist" --log-level warning flask_app:app > "$log" 2>&1 &
            ;;
        jwsgi-*)
            local backend model
            backend=$(echo "$config" | cut -d- -f2)
            model=$(echo "$config" | cut -d- -f3)
            local contexts=()
            [[ $model == pool ]] && contexts=(--contexts "$cores")
            JAVA_OPTS="-Xmx1g ${BENCH_JAVA_OPTS:-}" "$launcher" --server "$backend" --port $port --no-access-log \
                --model "$model" "${contexts[@]}" --python-path "$apps" --python-path "$dist" flask_app:app > "$log" 2>&1 &
            ;;
    esac
    pid=$!
}

echo "# Flask on jwsgi-python and gunicorn, $(date -u +%Y-%m-%dT%H:%MZ), $cores cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# wrk -t2 -c$CONNECTIONS; warm-up windows of ${WINDOW}s (at most ${MAX_WARMUP}s), then ${MEASURE}s per endpoint"
echo
echo "| server | first answer (s) | warm-up (s) | hello req/s | hello p99 | JSON req/s | JSON p99 | RSS (MiB) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for config in $CONFIGS; do
    port=$((port + 1))
    t0=$(date +%s.%N)
    start "$config"
    until curl -sf -o /dev/null "http://127.0.0.1:$port/"; do
        if ! kill -0 "$pid" 2> /dev/null; then
            echo "| $config | failed to start: $(tail -3 "$log" | tr '\n' ' ') |"
            pid=
            continue 2
        fi
        sleep 0.1
    done
    first=$(echo "$(date +%s.%N) - $t0" | bc)
    best=0 flat=0 warm=0 trace=""
    while ((warm < MAX_WARMUP && flat < 3)); do
        r=$(rate / "$WINDOW")
        rate /json "$WINDOW" > /dev/null
        warm=$((warm + 2 * WINDOW))
        trace="$trace $r"
        if ((r * 100 > best * 103)); then
            flat=0
        else
            flat=$((flat + 1))
        fi
        ((r > best)) && best=$r
    done
    echo "$config warm-up hello rates:$trace" >&2
    hello=$(rate / "$MEASURE")
    hello_p99=$(p99)
    json=$(rate /json "$MEASURE")
    json_p99=$(p99)
    rss=$(rss_mb)
    printf "| %s | %.1f | %d | %d | %s | %d | %s | %d |\n" "$config" "$first" "$warm" "$hello" "$hello_p99" "$json" \
        "$json_p99" "$rss"
    kill -TERM "$pid" 2> /dev/null || true
    wait "$pid" 2> /dev/null || true
    pid=
done
