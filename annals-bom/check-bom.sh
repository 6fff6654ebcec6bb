#!/usr/bin/env bash
# Fails when a published module of the root pom's <modules> is missing from the BOM, or the BOM names an
# artifact that no module builds. A module is published unless its pom sets maven.deploy.skip to true.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
artifact_of() { sed -n 's:^  <artifactId>\(.*\)</artifactId>$:\1:p' "$1" | head -n1; }

published=()
for module in $(sed -n 's:.*<module>\(.*\)</module>.*:\1:p' "$root/pom.xml"); do
  [ "$module" = "annals-bom" ] && continue
  grep -q '<maven.deploy.skip>true</maven.deploy.skip>' "$root/$module/pom.xml" && continue
  published+=("$(artifact_of "$root/$module/pom.xml")")
done
listed=$(sed -n 's:.*<artifactId>\(annals-[^<]*\)</artifactId>.*:\1:p' "$root/annals-bom/pom.xml" | grep -vx annals-bom | sort)

missing=$(comm -23 <(printf '%s\n' "${published[@]}" | sort) <(echo "$listed"))
unknown=$(comm -13 <(printf '%s\n' "${published[@]}" | sort) <(echo "$listed"))
if [ -n "$missing$unknown" ]; then
  [ -n "$missing" ] && echo "check-bom: published modules missing from annals-bom/pom.xml: $(echo $missing)" >&2
  [ -n "$unknown" ] && echo "check-bom: annals-bom/pom.xml lists artifacts no published module builds: $(echo $unknown)" >&2
  exit 1
fi
echo "check-bom: annals-bom lists all ${#published[@]} published modules"
