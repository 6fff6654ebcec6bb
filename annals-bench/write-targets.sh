#!/usr/bin/env bash
# write-targets.sh: the write-performance figures of Annals next to their in-run baselines, in one
# sitting, end to end, printed as Markdown (and kept in the temporary directory printed at the end):
#   - PostgreSQL: pgbench -M prepared over TCP, one single-row INSERT of a ~200-byte jsonb per
#     transaction, 1 and 4 clients; then Annals' W1-W6 on the same server (fresh schemas);
#   - SQLite: the bare sqlite-jdbc loop (BareSqliteBaseline: same rows, pragmas and durability, one
#     prepared statement, no Annals code), 1 and 10 rows per commit; then Annals' W1-W6 (fresh files);
#   - memory: JMH, W2 (10 events per append, one thread);
#   - a 1,000,000-event stream on each backend: load with a snapshot at the head, full replay, heap.
# Each PostgreSQL measurement starts on freshly truncated or new tables after a CHECKPOINT.
#
#   annals-bench/write-targets.sh [RUNS]        RUNS: measured runs per workload (default 3)
#
# Environment: PG_HOST/PG_PORT/PG_DB/PG_USER (127.0.0.1/5432/test/postgres), PGBENCH_SECONDS (15),
# SKIP_BUILD=1 to reuse annals-bench/target/benchmarks.jar, LARGE_EVENTS (1000000).
set -euo pipefail

RUNS=${1:-3}
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "RUNS must be a positive integer, not '$RUNS'" >&2; exit 2; }
PG_HOST=${PG_HOST:-127.0.0.1} PG_PORT=${PG_PORT:-5432} PG_DB=${PG_DB:-test} PG_USER=${PG_USER:-postgres}
PGBENCH_SECONDS=${PGBENCH_SECONDS:-15}
LARGE_EVENTS=${LARGE_EVENTS:-1000000}
REPO=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
JAR=$REPO/annals-bench/target/benchmarks.jar
WORK=$(mktemp -d "${TMPDIR:-/tmp}/write-targets.XXXXXX")
PREFIX="wt$$_"
PG_URL_BASE="postgresql://$PG_HOST:$PG_PORT/$PG_DB?user=$PG_USER"

psql_() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" "$@"; }
drop_schemas() {
  local list
  list=$(psql_ -Atc "select string_agg(nspname, ', ') from pg_namespace where starts_with(nspname, '$PREFIX')")
  if [[ -n $list ]]; then psql_ -c "DROP SCHEMA $list CASCADE" >/dev/null; fi
}
cleanup() { drop_schemas 2>/dev/null || true; rm -rf "$WORK/sqlite"; }
trap cleanup EXIT
psql_ -Atc 'select 1' >/dev/null || { echo "PostgreSQL at $PG_HOST:$PG_PORT/$PG_DB is not reachable" >&2; exit 1; }

if [[ ${SKIP_BUILD:-} != 1 ]]; then
  (cd "$REPO" && ./mvnw -q -B -o package -DskipTests -pl annals-bench -am) >"$WORK/build.log" 2>&1 \
    || { echo "build failed, see $WORK/build.log" >&2; exit 1; }
fi

# --- PostgreSQL: pgbench, then Annals ---
psql_ -c "CREATE SCHEMA ${PREFIX}pgbench; CREATE TABLE ${PREFIX}pgbench.raw_insert (id bigserial PRIMARY KEY, payload jsonb NOT NULL)"
cat >"$WORK/insert.sql" <<EOF
INSERT INTO ${PREFIX}pgbench.raw_insert (payload) VALUES ('{"ticket":"7d1f0c7e-1a3b-4c55-9f0e-2b8c1d9e0a11","author":"agent-7","text":"Checked the gateway logs again: the timeout happens after the second retry, only for requests routed through the EU edge; escalating."}');
EOF
pgbench_tps() {  # pgbench_tps CLIENTS: median tps of RUNS runs
  local clients=$1 run out tps=()
  for ((run = 0; run < RUNS; run++)); do
    psql_ -c "TRUNCATE ${PREFIX}pgbench.raw_insert; CHECKPOINT"
    out=$(PGOPTIONS= pgbench -n -M prepared -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -f "$WORK/insert.sql" \
      -c "$clients" -j "$clients" -T "$PGBENCH_SECONDS" "$PG_DB" 2>&1)
    tps+=("$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out")")
  done
  printf '%s\n' "${tps[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'
}
echo "pgbench 1 client..." >&2;  PGB1=$(pgbench_tps 1)
echo "pgbench 4 clients..." >&2; PGB4=$(pgbench_tps 4)
psql_ -c "CHECKPOINT"
echo "Annals on PostgreSQL..." >&2
java -cp "$JAR" dev.annals.bench.WorkloadRunner "$PG_URL_BASE&schema=${PREFIX}{run}" "$RUNS" W1,W2,W3,W4a,W4b,W5,W6 \
  | tee "$WORK/postgres.md" >&2
drop_schemas

# --- SQLite: the bare loop, then Annals ---
mkdir -p "$WORK/sqlite"
echo "bare SQLite..." >&2
java -cp "$JAR" dev.annals.bench.BareSqliteBaseline "$WORK/sqlite" "$RUNS" | tee "$WORK/bare-sqlite.md" >&2
echo "Annals on SQLite..." >&2
java -cp "$JAR" dev.annals.bench.WorkloadRunner "sqlite:$WORK/sqlite/{run}.db" "$RUNS" W1,W2,W3,W4a,W4b,W5,W6 \
  | tee "$WORK/sqlite.md" >&2
rm -rf "$WORK/sqlite"/*

# --- memory: JMH W2 ---
echo "memory, JMH..." >&2
java -jar "$JAR" 'MemoryBenchmarks.w2AppendTenEvents' -f 3 -wi 3 -i 5 -w 2 -r 2 -rf json -rff "$WORK/jmh.json" >"$WORK/jmh.log" 2>&1
# events/s as it stands: the benchmark counts each append as 10 operations (@OperationsPerInvocation(10))
MEM_W2=$(python3 -c "import json,sys; r=json.load(open('$WORK/jmh.json'))[0]['primaryMetric']; print(r['score'])")

# --- a 1,000,000-event stream on each backend ---
large() {  # large NAME URL
  echo "large stream, $1..." >&2
  java -Xmx512m -cp "$JAR" dev.annals.bench.LargeStreamBenchmark "$2" "$LARGE_EVENTS" | tee "$WORK/large-$1.md" >&2
}
large memory "memory:"
large sqlite "sqlite:$WORK/sqlite/large.db"
large postgres "$PG_URL_BASE&schema=${PREFIX}large"
drop_schemas

# --- the report ---
fig() { awk -F'|' -v w="$2" '$2 ~ "^ "w" $" {gsub(/[ ,]/, "", $3); print $3}' "$WORK/$1.md"; }
bare() { awk -F'|' -v w="$1" '$2 ~ "^ "w" row" {gsub(/[ ,]/, "", $3); print $3}' "$WORK/bare-sqlite.md"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'; }
# thousands separated by commas whatever the locale (printf's ' flag needs one that has them)
num() { awk -v a="$1" 'BEGIN {s = sprintf("%.0f", a); while (match(s, /[0-9][0-9][0-9][0-9](,|$)/)) s = substr(s, 1, RSTART) "," substr(s, RSTART + 1); print s}'; }
P1=$(fig postgres W1) P2=$(fig postgres W2) P3=$(fig postgres W3) P4A=$(fig postgres W4a) P4B=$(fig postgres W4b)
S1=$(fig sqlite W1) S2=$(fig sqlite W2) S3=$(fig sqlite W3) S4A=$(fig sqlite W4a) S4B=$(fig sqlite W4b)
B1=$(bare 1) B10=$(bare 10)
{
  echo "## Write targets, one run of annals-bench/write-targets.sh $RUNS ($(date -u +%Y-%m-%d), $(nproc) cores, Java $(java -version 2>&1 | head -1 | cut -d'"' -f2))"
  echo
  echo "| figure | Annals | in-run baseline | ratio | target |"
  echo "|---|---|---|---|---|"
  echo "| PostgreSQL W1 events/s | $(num "$P1") | pgbench 1 client $(num "$PGB1") tps | $(ratio "$P1" "$PGB1") | ≥ 0.75 |"
  echo "| PostgreSQL W3 events/s | $(num "$P3") | pgbench 4 clients $(num "$PGB4") tps | $(ratio "$P3" "$PGB4") | ≥ 1.2 |"
  echo "| PostgreSQL W3 / W1 | | | $(ratio "$P3" "$P1") | ≥ 2.5 |"
  echo "| PostgreSQL W2 events/s | $(num "$P2") | | | ≥ 25,000 |"
  echo "| PostgreSQL W4a events/s, W4b streams/s | $(num "$P4A"), $(num "$P4B") | | | no worse than before |"
  echo "| SQLite W1 events/s | $(num "$S1") | bare loop, 1 row per commit $(num "$B1") rows/s | $(ratio "$S1" "$B1") | ≥ 0.8 |"
  echo "| SQLite W2 events/s | $(num "$S2") | bare loop, 10 rows per commit $(num "$B10") rows/s | $(ratio "$S2" "$B10") | ≥ 0.8 |"
  echo "| SQLite W3 / W1 | $(num "$S3") | | $(ratio "$S3" "$S1") | ≥ 2.5 |"
  echo "| SQLite W4a events/s | $(num "$S4A") | | | ≥ 500,000 |"
  echo "| SQLite W4b streams/s | $(num "$S4B") | | | ≥ 20,000 |"
  echo "| memory W2 events/s (JMH, 1 thread) | $(num "$MEM_W2") | | | ≥ 1,000,000 |"
  echo
  for b in memory sqlite postgres; do
    echo "Large stream, $b:"
    echo
    cat "$WORK/large-$b.md"
    echo
  done
  echo "Raw tables: $WORK/{postgres,sqlite,bare-sqlite}.md, $WORK/jmh.json"
} | tee "$WORK/report.md"
