#!/usr/bin/env bash
# Builds the API baseline jars that japicmp compares against (see README.md beside this script):
# api-baseline/ARTIFACT-TAG.jar for every module whose pom.xml declares japicmp-maven-plugin.
#
#   api-baseline/build-baseline.sh              # from the tag named by annals.apiBaseline in pom.xml
#   api-baseline/build-baseline.sh REF          # from any commit, tag or branch
#   api-baseline/build-baseline.sh --worktree   # from the sources as they are now (the first baseline,
#                                               # made before its tag existed)
#
# The build is reproducible (project.build.outputTimestamp), so building the same commit again with a
# JDK 17 gives the same bytes; the jar is named after the tag in pom.xml whatever REF was built.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tag=$(sed -n 's:.*<annals.apiBaseline>\(.*\)</annals.apiBaseline>.*:\1:p' "$root/pom.xml")
ref=${1:-$tag}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ "$ref" = "--worktree" ]; then
  (cd "$root" && tar --exclude=./.git --exclude='./*/target' --exclude='./*/*/target' -cf - .) | tar -x -C "$work"
else
  git -C "$root" archive "$ref" | tar -x -C "$work"
fi

modules=$(cd "$work" && grep -l 'japicmp-maven-plugin' -- */pom.xml */*/pom.xml 2>/dev/null | xargs -r -n1 dirname)
if [ -z "$modules" ]; then
  echo "build-baseline: no module at $ref declares japicmp-maven-plugin" >&2
  exit 1
fi
(cd "$work" && ./mvnw -B -q package -pl "$(echo $modules | tr ' ' ',')" -Dmaven.test.skip=true \
  -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -Djapicmp.skip=true)
for module in $modules; do
  artifact=$(sed -n 's:^  <artifactId>\(.*\)</artifactId>$:\1:p' "$work/$module/pom.xml" | head -n1)
  jar=$(ls "$work/$module"/target/"$artifact"-*.jar | grep -v -e '-sources.jar$' -e '-javadoc.jar$' | head -n1)
  cp "$jar" "$root/api-baseline/$artifact-$tag.jar"
  echo "api-baseline/$artifact-$tag.jar  $(sha256sum < "$jar" | cut -d' ' -f1)  (from $ref)"
done
