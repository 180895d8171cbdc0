#!/usr/bin/env bash
# The benchmark (docs/benchmarks.md): builds bench/target/jwsgi-bench.jar when it is missing or older
# than a source or pom, checks that wrk is installed, and runs the harness with the flags given
# (--help lists them). Runs from the repository root, so a relative --out or --java is taken from there.
#
#   bench/run.sh                                            # every server and app, 2 rounds
#   bench/run.sh --quick --servers builtin,jetty-core       # a smoke test
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/run.sh
#
# The JVM: $JAVA if set, else $JAVA_HOME/bin/java, else java on PATH; the Java servers run on the
# same one unless --java says otherwise. MVN_FLAGS adds flags to the Maven build (say -o), and
# MVN_LOCK names a lock file to hold while Maven runs (this project's machines: /tmp/jwsgi-mvn.lock).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -n "${JAVA:-}" ]]; then
    java=$JAVA
elif [[ -n "${JAVA_HOME:-}" ]]; then
    java=$JAVA_HOME/bin/java
else
    java=$(command -v java) || { echo "run.sh: no java on PATH; set JAVA or JAVA_HOME (JDK 17+)" >&2; exit 2; }
fi
[[ -x "$java" ]] || { echo "run.sh: $java is not an executable java" >&2; exit 2; }

jar=bench/target/jwsgi-bench.jar
if [[ ! -f $jar ]] || [[ -n "$(find pom.xml adapter/pom.xml sample-webapp/pom.xml bench/pom.xml \
        adapter/src/main sample-webapp/src/main bench/src/main -newer "$jar" -type f -print -quit)" ]]; then
    echo "run.sh: building $jar" >&2
    # shellcheck disable=SC2086 # MVN_FLAGS is a list of flags
    ${MVN_LOCK:+flock "$MVN_LOCK"} mvn -B -q ${MVN_FLAGS:-} -DskipTests package -pl bench -am
fi

help=false
for arg in "$@"; do
    [[ $arg == --help || $arg == -h ]] && help=true
done
if ! $help && ! command -v wrk > /dev/null; then
    echo "run.sh: wrk is not installed: apt-get install wrk" >&2
    exit 2
fi

exec "$java" -Djava.awt.headless=true -jar "$jar" "$@"
