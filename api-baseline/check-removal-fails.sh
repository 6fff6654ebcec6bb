#!/usr/bin/env bash
# Shows that the API check can fail. On a copy of the project:
#   1. EventStore#loadEvents(ID) is removed from annals-core: the build must fail, naming the method;
#   2. the same removal listed as an exception in annals-core's japicmp <excludes>: the build must pass.
# Exits non-zero when either outcome is not the expected one. Run by .ci/run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$root" && tar --exclude=./.git --exclude='./*/target' --exclude='./*/*/target' -cf - .) | tar -x -C "$work"

store="$work/annals-core/src/main/java/dev/annals/EventStore.java"
python3 - "$store" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path).read()
method = re.compile(r"\n(    /\*\*[^\n]*\*/\n)?    default List<E> loadEvents\(ID aggregateId\) \{\n.*?\n    \}\n", re.S)
text, n = method.subn("\n", text)
if n != 1:
    sys.exit(f"check-removal-fails: expected one EventStore#loadEvents(ID) in {path}, found {n}; pick another method")
open(path, "w").write(text)
PY

build() {
  (cd "$work" && ./mvnw -B verify -pl annals-core -Dmaven.test.skip=true -Dmaven.javadoc.skip=true \
    -Dmaven.source.skip=true >"$work/build.log" 2>&1)
}

if build; then
  echo "check-removal-fails: FAILED: removing EventStore#loadEvents(ID) did not fail the build" >&2
  exit 1
fi
if ! grep -q 'loadEvents(java.lang.Object):METHOD_REMOVED' "$work/build.log"; then
  echo "check-removal-fails: FAILED: the build failed, but not on the removed method:" >&2
  tail -n 40 "$work/build.log" >&2
  exit 1
fi
echo "check-removal-fails: removing a public method fails the build, as it must"

pom="$work/annals-core/pom.xml"
python3 - "$pom" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
marker = "<!-- api-exceptions -->"
if text.count(marker) != 1:
    sys.exit(f"check-removal-fails: expected the marker {marker} once in {path}")
text = text.replace(marker, marker + "\n                <!-- removed in this check, on purpose -->"
                    "\n                <exclude>dev.annals.EventStore#loadEvents(java.lang.Object)</exclude>")
open(path, "w").write(text)
PY

if ! build; then
  echo "check-removal-fails: FAILED: the removal listed as an exception still fails the build:" >&2
  tail -n 40 "$work/build.log" >&2
  exit 1
fi
echo "check-removal-fails: the same removal listed as an exception passes"
