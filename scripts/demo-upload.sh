#!/usr/bin/env bash
# Builds the tool, writes a fine-tuning file of about 300 MB, and uploads it to the embedded
# fake Uploads server: the whole pipeline, offline, with no API key. The file is removed at the
# end, and the build writes nothing outside the project's target/ folders.
# Standard output gets the File id only; the build's and the tool's messages go to standard error.
# Usage: scripts/demo-upload.sh [size in MB, default 300]   (MVN names another Maven command)
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb="${1:-300}"
jar=uploads-helper/target/openai-uploads-helper-0.1.0-SNAPSHOT-cli.jar

echo "Building the command-line tool (the first build downloads dependencies)..." >&2
# the OpenAPI Generator prints a banner on standard output: it goes to standard error with the rest
"${MVN:-mvn}" -B -q -Dstyle.color=never -pl uploads-helper -am package -DskipTests -Dmaven.javadoc.skip=true \
  -Dmaven.source.skip=true >&2

work="$(mktemp -d "${TMPDIR:-/tmp}/openai-uploads-demo.XXXXXX")"
trap 'rm -rf "$work"' EXIT
file="$work/openai-uploads-demo.jsonl"
echo "Writing ${size_mb} MB of fine-tuning examples to ${file}..." >&2
awk -v target=$((size_mb * 1000 * 1000)) 'BEGIN {
  pad = sprintf("%0100d", 0); gsub(/0/, "x", pad)
  for (i = 1; bytes < target; i++) {
    line = "{\"messages\":[{\"role\":\"user\",\"content\":\"Question " i " " pad "\"},{\"role\":\"assistant\",\"content\":\"Answer " i "\"}]}"
    print line; bytes += length(line) + 1
  }
}' > "$file"

java -jar "$jar" upload "$file" --purpose fine-tune --fake
