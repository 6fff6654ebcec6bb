#!/usr/bin/env bash
# compare-revisions.sh: run the standard workloads (WorkloadRunner, W1-W6) for two revisions of
# Annals in one sitting, interleaved, and print per backend a table of
#   workload | before median | after median | after/before
# flagging any ratio below 0.90 (every figure is "higher is better", except W5, a count).
#
#   annals-bench/compare-revisions.sh BEFORE_REV [AFTER_REV|--worktree] [RUNS]
#
#   BEFORE_REV, AFTER_REV  any git revision; each is checked out into its own temporary
#                          `git worktree` (removed at the end) and built there once.
#   --worktree             (the default) the repository's working tree as it is, uncommitted
#                          changes included, built in place.
#   RUNS                   rounds per backend (default 3); each round runs BEFORE, then AFTER,
#                          one WorkloadRunner invocation each (1 warm-up + 1 measured run of every
#                          workload, fresh stores); medians are taken over the rounds.
#
# Environment: BACKENDS="memory sqlite postgres" (the default), WORKLOADS=W1,W2,... (default all),
# JAVA_OPTS (passed to both JVMs), PG_HOST/PG_PORT/PG_DB/PG_USER (127.0.0.1/5432/test/postgres),
# INVOCATION_TIMEOUT (seconds per WorkloadRunner call, default 1800).
# Builds with `package` (never `install`), so the snapshots in ~/.m2 are left as they are;
# benchmarks.jar is a shaded jar holding the revision's own modules. Raw figures and logs are kept
# in the temporary directory printed at the end. Example:
#   BACKENDS="sqlite postgres" annals-bench/compare-revisions.sh dd4ed05 --worktree 5
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
[[ $# -ge 1 && $# -le 3 && $1 != -h && $1 != --help ]] || usage

BEFORE_REV=$1
AFTER_REV=${2:---worktree}
RUNS=${3:-3}
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "RUNS must be a positive integer, not '$RUNS'" >&2; exit 2; }
BACKENDS=${BACKENDS:-memory sqlite postgres}
WORKLOADS=${WORKLOADS:-}
INVOCATION_TIMEOUT=${INVOCATION_TIMEOUT:-1800}
PG_HOST=${PG_HOST:-127.0.0.1} PG_PORT=${PG_PORT:-5432} PG_DB=${PG_DB:-test} PG_USER=${PG_USER:-postgres}
REPO=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)

for b in $BACKENDS; do
  [[ $b == memory || $b == sqlite || $b == postgres ]] || { echo "unknown backend '$b'" >&2; exit 2; }
done

psql_() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" "$@"; }
if [[ " $BACKENDS " == *" postgres "* ]]; then
  psql_ -Atc 'select 1' >/dev/null || { echo "PostgreSQL at $PG_HOST:$PG_PORT/$PG_DB is not reachable" >&2; exit 1; }
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/compare-revisions.XXXXXX")
mkdir -p "$WORK/jars" "$WORK/logs"
RESULTS=$WORK/results.tsv            # backend round side workload value unit
: >"$RESULTS"
SCHEMA_PREFIX="cmp$$_"               # every PostgreSQL schema this run creates starts with this
WORKTREES=()

drop_schemas() {   # drop_schemas PREFIX: drop every schema whose name starts with PREFIX
  local list
  list=$(psql_ -Atc "select string_agg(nspname, ', ') from pg_namespace where starts_with(nspname, '$1')")
  if [[ -n $list ]]; then psql_ -c "DROP SCHEMA $list CASCADE" >/dev/null; fi
}

cleanup() {
  local wt
  for wt in "${WORKTREES[@]}"; do
    git -C "$REPO" worktree remove --force "$wt" 2>/dev/null || true
  done
  git -C "$REPO" worktree prune 2>/dev/null || true
  if [[ " $BACKENDS " == *" postgres "* ]]; then drop_schemas "$SCHEMA_PREFIX" 2>/dev/null || true; fi
  rm -rf "$WORK/jars" "$WORK/sqlite" "$WORK/wt"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# build SIDE REV: build REV (or the working tree for --worktree) and copy its benchmarks.jar to
# $WORK/jars/SIDE.jar; sets the description of the revision in DESC_<SIDE>.
build() {
  local side=$1 rev=$2 dir log=$WORK/logs/build-$1.log
  if [[ $rev == --worktree ]]; then
    dir=$REPO
    local head dirty
    head=$(git -C "$REPO" rev-parse --short HEAD)
    dirty=$(git -C "$REPO" status --porcelain --untracked-files=normal | wc -l)
    printf -v "DESC_$side" '%s' "working tree of $REPO (HEAD $head, $dirty changed/untracked paths)"
  else
    local commit
    commit=$(git -C "$REPO" rev-parse --verify --quiet "$rev^{commit}") || { echo "unknown revision '$rev'" >&2; exit 2; }
    dir=$WORK/wt/$side
    mkdir -p "$WORK/wt"
    git -C "$REPO" worktree add --detach "$dir" "$commit" >"$log" 2>&1
    WORKTREES+=("$dir")
    printf -v "DESC_$side" '%s' "$rev = $(git -C "$REPO" log -1 --format='%h %s' "$commit")"
  fi
  local descvar=DESC_$side
  echo "== building $side: ${!descvar}" >&2
  local mvn=(./mvnw -q -B package -DskipTests -pl annals-bench -am)
  local rc=0
  (cd "$dir" && "${mvn[@]}" -o) >>"$log" 2>&1 || rc=$?
  if [[ $rc -eq 130 || $rc -eq 143 ]]; then echo "interrupted" >&2; exit "$rc"; fi
  if [[ $rc -ne 0 ]]; then
    echo "   offline build failed, retrying online" >&2
    (cd "$dir" && "${mvn[@]}") >>"$log" 2>&1 || { tail -n 40 "$log" >&2; echo "build of $side failed, log: $log" >&2; exit 1; }
  fi
  cp "$dir/annals-bench/target/benchmarks.jar" "$WORK/jars/$side.jar"
}

# run_one BACKEND ROUND SIDE: one WorkloadRunner invocation (1 measured run) on fresh stores,
# its figures appended to $RESULTS. Returns non-zero when the invocation failed.
run_one() {
  local backend=$1 round=$2 side=$3 url tag="r${2}_${3}" log=$WORK/logs/$1-r$2-$3.log
  case $backend in
    memory) url="memory:" ;;
    sqlite)
      mkdir -p "$WORK/sqlite/$tag"
      url="sqlite:$WORK/sqlite/$tag/{run}.db"
      sync ;;
    postgres)
      url="postgresql://$PG_HOST:$PG_PORT/$PG_DB?user=$PG_USER&schema=${SCHEMA_PREFIX}${tag}_{run}"
      psql_ -c CHECKPOINT >/dev/null ;;
  esac
  local args=("$url" 1) rc=0
  [[ -n $WORKLOADS ]] && args+=("$WORKLOADS")
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  timeout --foreground "$INVOCATION_TIMEOUT" java ${JAVA_OPTS:-} -cp "$WORK/jars/$side.jar" dev.annals.bench.WorkloadRunner "${args[@]}" \
    >"$log" 2>&1 || rc=$?
  case $backend in
    sqlite) rm -rf "$WORK/sqlite/$tag" ;;
    postgres) drop_schemas "${SCHEMA_PREFIX}${tag}_" ;;
  esac
  # The JVM exits with 130/143 on Ctrl-C/SIGTERM rather than dying of the signal, so bash would carry on.
  if [[ $rc -eq 130 || $rc -eq 143 ]]; then echo "interrupted" >&2; exit "$rc"; fi
  if [[ $rc -ne 0 ]]; then
    echo "   FAILED ($backend, round $round, $side, exit $rc); last lines of $log:" >&2
    tail -n 15 "$log" | sed 's/^/     /' >&2
    return 1
  fi
  # Rows look like: | W1 | 3,554 | 3,206 - 3,622 | events/s | 20,000 in 5.63 s |
  # W6 and W6-1k also give two timings in the last column ("0.310 ms with snapshot, 238.0 ms full
  # replay"); they are added as rates (loads/s) so that higher is better for them too, and because
  # the "x faster" median is printed rounded to a whole number.
  awk -F'|' -v b="$backend" -v r="$round" -v s="$side" '
    function trim(x) { gsub(/^[ \t]+|[ \t]+$/, "", x); return x }
    function out(w, v, u) { printf "%s\t%s\t%s\t%s\t%s\t%s\n", b, r, s, w, v, u }
    /^\| *W[0-9]/ {
      w = trim($2); v = trim($3); gsub(/,/, "", v); out(w, v, trim($5))
      if (w ~ /^W6/) {
        n = split(trim($6), t, " ")
        for (i = 1; i + 2 <= n; i++) {
          ms = t[i]; gsub(/,/, "", ms)
          if (t[i+1] == "ms" && t[i+2] == "with" && ms > 0) out(w " snapshot load", 1000 / ms, "loads/s")
          if (t[i+1] == "ms" && t[i+2] == "full" && ms > 0) out(w " full replay", 1000 / ms, "loads/s")
        }
      }
      rows++
    }
    END { if (!rows) exit 1 }' "$log" >>"$RESULTS" || { echo "   no figures found in $log" >&2; return 1; }
}

for rev in "$BEFORE_REV" "$AFTER_REV"; do
  [[ $rev == --worktree ]] || git -C "$REPO" rev-parse --verify --quiet "$rev^{commit}" >/dev/null || { echo "unknown revision '$rev'" >&2; exit 2; }
done
started=$SECONDS
build before "$BEFORE_REV"
build after "$AFTER_REV"

failures=0
for backend in $BACKENDS; do
  for ((round = 1; round <= RUNS; round++)); do
    for side in before after; do
      echo "== $backend, round $round/$RUNS, $side ($(date +%H:%M:%S))" >&2
      run_one "$backend" "$round" "$side" || failures=$((failures + 1))
    done
  done
done

echo "# Workloads, before vs after"
echo
echo "- before: $DESC_before"
echo "- after: $DESC_after"
echo "- $RUNS round(s) per backend, each round one WorkloadRunner run of BEFORE then AFTER (1 warm-up + 1 measured run each, fresh stores); medians over the rounds; $(nproc) cores, $(java -version 2>&1 | head -n 1), $(date -u '+%Y-%m-%d %H:%M UTC'), $(( (SECONDS - started) / 60 )) min"
awk -F'\t' -v backends="$BACKENDS" -v failures="$failures" '
  function median(key,    n, i, j, a, x) {
    n = split(vals[key], a, " ")
    if (n == 0) return ""
    for (i = 2; i <= n; i++) { x = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > x; j--) a[j+1] = a[j]; a[j+1] = x }
    return n % 2 ? a[(n + 1) / 2] + 0 : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  function fmt(v,    s, r) {
    if (v == "") return "-"
    if (v < 100) return sprintf("%.2f", v)
    s = sprintf("%.0f", v); r = ""
    while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
    return s r
  }
  {
    key = $1 SUBSEP $4
    if (!(key in unit)) { order[$1, ++count[$1]] = $4; unit[key] = $6 }
    vals[key, $3] = vals[key, $3] " " $5
    n[key, $3]++
  }
  END {
    nb = split(backends, bs, " ")
    for (k = 1; k <= nb; k++) {
      b = bs[k]
      printf "\n## %s\n\n| workload | unit | before median | after median | after/before |\n|---|---|---|---|---|\n", b
      if (!count[b]) { print "| (no figures) | | | | |"; continue }
      for (i = 1; i <= count[b]; i++) {
        w = order[b, i]; key = b SUBSEP w
        mb = median(key SUBSEP "before"); ma = median(key SUBSEP "after")
        ratio = "-"
        if (mb != "" && ma != "" && mb > 0) {
          ratio = sprintf("%.2f", ma / mb)
          if (w == "W5") ratio = ratio " (a count, not a speed)"
          else if (ma / mb < 0.90) { ratio = "**" ratio " < 0.90**"; slow++ }
        }
        nn = (n[key, "before"] + 0 != n[key, "after"] + 0) ? sprintf(" (n=%d/%d)", n[key, "before"], n[key, "after"]) : ""
        printf "| %s | %s | %s | %s | %s%s |\n", w, unit[key], fmt(mb), fmt(ma), ratio, nn
      }
    }
    printf "\n%s\n", slow ? "**" slow " figure(s) more than 10 % below before.**" : "No figure more than 10 % below before."
    if (failures) printf "\n**%d WorkloadRunner invocation(s) failed: the comparison is incomplete (see the logs).**\n", failures
  }' "$RESULTS"
echo
echo "Raw figures: $RESULTS; logs: $WORK/logs"
if [[ $failures -gt 0 ]]; then
  echo "$failures WorkloadRunner invocation(s) failed; see the logs." >&2
  exit 1
fi
