#!/bin/bash
# Serves the demo app with adapter/target/jwsgi-cli.jar on builtin, jetty and tomcat, sends the
# same curl requests to each, and diffs the environs (SERVER_SOFTWARE, REMOTE_PORT and the port
# number masked). Needs `mvn -B -q -DskipTests package` first, and curl.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$(dirname "$0")/.."
for b in builtin jetty tomcat; do
  java -jar adapter/target/jwsgi-cli.jar --server $b --port 0 demo > "$tmp"/cli-$b.out 2>"$tmp"/cli-$b.err &
  echo $! > "$tmp"/cli-$b.pid
done
for b in builtin jetty tomcat; do
  for i in $(seq 1 100); do grep -q "serving" "$tmp"/cli-$b.out && break; sleep 0.1; done
  head -1 "$tmp"/cli-$b.out
  port=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp"/cli-$b.out | head -1 | cut -d: -f3)
  {
  curl -s "http://127.0.0.1:$port/caf%C3%A9/a;p=1?q=%20x" -H 'X-Multi: a' -H 'X-Multi: b'; echo
  curl -s -X POST "http://127.0.0.1:$port/form" -d 'a=1&b=2'; echo
  curl -s -X PUT "http://127.0.0.1:$port/up" -H 'Transfer-Encoding: chunked' --data-binary 'hello chunked'; echo
  curl -s --http1.0 "http://127.0.0.1:$port/old"; echo
  } | sed -E "s/\"(SERVER_SOFTWARE|REMOTE_PORT)\":\"[^\"]*\",?//g; s/$port/PORT/g" > "$tmp"/env-$b.json
  curl -s -o /dev/null -w "$b %{http_code} for /a%2Fb\n" "http://127.0.0.1:$port/a%2Fb"
done
for b in builtin jetty tomcat; do kill -TERM $(cat "$tmp"/cli-$b.pid); done
wait
for b in builtin jetty tomcat; do echo "$b: $(tail -1 "$tmp"/cli-$b.err)"; done
echo "--- builtin vs jetty:"; diff "$tmp"/env-builtin.json "$tmp"/env-jetty.json && echo identical
echo "--- builtin vs tomcat:"; diff "$tmp"/env-builtin.json "$tmp"/env-tomcat.json && echo identical
head -c 600 "$tmp"/env-tomcat.json; echo
