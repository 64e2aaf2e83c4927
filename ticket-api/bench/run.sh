#!/usr/bin/env bash
# Benchmarks the packaged ticket API with wrk: GET by id, filtered list and create, each at full
# load and at reduced load. Starts the application against a fresh database, seeds devices and
# tickets through the API, runs wrk, stops the application and prints the results.
#
#   ./mvnw -B -q -pl ticket-api -am package -DskipTests
#   ticket-api/bench/run.sh                 # defaults below; override with env vars
#   SCENARIOS=create JAVA_OPTS="-Xmx1g -XX:StartFlightRecording=filename=/tmp/create.jfr,settings=profile" \
#     ticket-api/bench/run.sh               # one scenario, with a flight recording to profile
#
# Then the same at half the target rates, paced (see the Lua scripts' delay()).
#
# Needs: wrk, openssl, psql, curl, bc; PostgreSQL on 127.0.0.1:5432 (user postgres, trust).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
APP=${APP:-$HERE/../target/quarkus-app/quarkus-run.jar}
DB=${DB:-ticketbench}
PORT=${PORT:-18089}
DEVICES=${DEVICES:-200}
SEED_SECONDS=${SEED_SECONDS:-10}
DURATION=${DURATION:-15s}
FULL_CONNECTIONS=${FULL_CONNECTIONS:-16}
REDUCED_CONNECTIONS=${REDUCED_CONNECTIONS:-2}
THREADS=${THREADS:-2}
SCENARIOS=${SCENARIOS:-get list create}
JAVA_OPTS=${JAVA_OPTS:--Xmx1g}
KEYS=${KEYS:-$HERE/../src/test/resources}
OUT=${OUT:-$HERE/../target/bench}
URL=http://127.0.0.1:$PORT
mkdir -p "$OUT"

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# An RS256 token signed with the test key (the application verifies with the matching public key).
token() {
  local now exp header payload
  now=$(date +%s); exp=$((now + 86400))
  header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
  payload=$(printf '{"iss":"https://pdm.local","sub":"bench","upn":"bench@pdm.local","groups":["admin","dispatcher"],"iat":%d,"exp":%d}' \
    "$now" "$exp" | b64url)
  printf '%s.%s.%s' "$header" "$payload" \
    "$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$KEYS/privateKey.pem" -binary | b64url)"
}

psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"

QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:5432/$DB \
QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$DB \
QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_HTTP_PORT=$PORT QUARKUS_HTTP_HOST=127.0.0.1 \
MP_JWT_VERIFY_PUBLICKEY_LOCATION=$KEYS/publicKey.pem PDM_MQTT_ENABLED=false PDM_OUTBOX_ENABLED=false \
  java $JAVA_OPTS -jar "$APP" > "$OUT/app.log" 2>&1 &
APP_PID=$!
trap 'kill $APP_PID 2>/dev/null; wait $APP_PID 2>/dev/null || true' EXIT
until curl -fs "$URL/q/health/ready" > /dev/null; do
  kill -0 $APP_PID 2>/dev/null || { echo "application exited; see $OUT/app.log"; exit 1; }
  sleep 0.5
done

export TOKEN
TOKEN=$(token)

# Devices: 4 regions, 5 batches, 4 customer tiers.
regions=(EAST NORTH SOUTH WEST); tiers=(PLATINUM GOLD SILVER STANDARD)
{
  echo "serial,device_class,model,firmware,batch,site_id,site_name,province,region,timezone,customer_id,customer_name,customer_tier,install_date,warranty_end"
  for i in $(seq 1 "$DEVICES"); do
    printf 'BENCH-%05d,INVERTER,SG110CX,V1.2.3,B2026-0%d,SITE-%d,Site %d,Jiangsu,%s,Asia/Shanghai,C%d,Customer %d,%s,2025-01-10,2030-01-10\n' \
      "$i" $((i % 5 + 1)) $((i % 20)) $((i % 20)) "${regions[$((i % 4))]}" $((i % 10)) $((i % 10)) "${tiers[$((i % 4))]}"
  done
} > "$OUT/devices.csv"
curl -fs -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/csv' --data-binary @"$OUT/devices.csv" \
  "$URL/devices/import" > /dev/null

# CPU time (clock ticks) used so far by the application and by the PostgreSQL backends serving
# this database: on a shared machine, CPU per request is the figure other load does not distort.
TICK=$(getconf CLK_TCK)
ticks() { for p in "$@"; do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0; done | paste -sd+ | bc; }
backends() { psql -At -h 127.0.0.1 -U postgres -d postgres -c \
  "SELECT pid FROM pg_stat_activity WHERE datname = '$DB' AND pid <> pg_backend_pid()"; }

export DEVICES RUN_ID RATE CONNECTIONS
RATE=0
run() { # name connections script
  RUN_ID="$1-$(date +%s%N)"
  CONNECTIONS=$2
  echo "== $1: $2 connections$( [ "$RATE" != 0 ] && echo ", paced at $RATE/s"), $DURATION, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  local pg app0 pg0
  pg=$(backends); app0=$(ticks $APP_PID); pg0=$(ticks $pg)
  wrk -t"$THREADS" -c"$2" -d"$DURATION" --latency -s "$HERE/$3" "$URL" 2> "$OUT/$1-$2.err" > "$OUT/$1-$2.txt"
  local app1 pg1 n
  app1=$(ticks $APP_PID); pg1=$(ticks $pg)
  grep -E 'Requests/sec|^ +(50|75|90|99)%|Non-2xx|Socket errors' "$OUT/$1-$2.txt"
  n=$(awk '/requests in/ {print $1}' "$OUT/$1-$2.txt")
  echo "   CPU per request: application $(echo "scale=3; ($app1 - $app0) * 1000 / $TICK / $n" | bc) ms," \
    "PostgreSQL $(echo "scale=3; ($pg1 - $pg0) * 1000 / $TICK / $n" | bc) ms; non-success responses: $(wc -l < "$OUT/$1-$2.err")"
}

# Seed tickets (and warm the JIT) with creates, then read what exists.
RUN_ID=seed-$(date +%s%N) wrk -t"$THREADS" -c8 -d"$SEED_SECONDS"s -s "$HERE/create.lua" "$URL" > /dev/null 2>&1
export MAX_ID
MAX_ID=$(psql -At -h 127.0.0.1 -U postgres -d "$DB" -c "SELECT max(id) FROM ticket")
echo "seeded $DEVICES devices, $MAX_ID tickets"
wrk -t"$THREADS" -c8 -d5s -s "$HERE/get.lua" "$URL" > /dev/null 2>&1
wrk -t"$THREADS" -c8 -d5s -s "$HERE/list.lua" "$URL" > /dev/null 2>&1

for c in "$FULL_CONNECTIONS" "$REDUCED_CONNECTIONS"; do
  for s in $SCENARIOS; do
    run "$s" "$c" "$s.lua"
  done
done
# Half the targets (3,000 GET/s, 1,000 creates/s), offered at a steady pace.
for s in $SCENARIOS; do
  case $s in create) RATE=${HALF_CREATE_RATE:-500} ;; *) RATE=${HALF_GET_RATE:-1500} ;; esac
  run "$s-paced" "$FULL_CONNECTIONS" "$s.lua"
done
RATE=0
echo "tickets at the end: $(psql -At -h 127.0.0.1 -U postgres -d "$DB" -c 'SELECT count(*) FROM ticket')"
