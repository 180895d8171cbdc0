#!/usr/bin/env bash
# Runs the soak test (docs/soak.md) for $1 minutes (default 10) in its own JVM, outside Maven, so a
# shared machine's Maven lock is held only to compile, not for the whole run. Set MVN_LOCK to a lock
# file to take it for the Maven step (this project's machines: MVN_LOCK=/tmp/jwsgi-mvn.lock).
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-10}
cpfile="$PWD/adapter/target/soak.classpath"
${MVN_LOCK:+flock "$MVN_LOCK"} mvn -B -o -q -pl adapter test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile"
cp="adapter/target/test-classes:adapter/target/classes:$(cat "$cpfile")"
exec java -Dsoak.minutes="$minutes" ${SOAK_SEED:+-Dsoak.seed="$SOAK_SEED"} -cp "$cp" scripts/RunSoak.java
