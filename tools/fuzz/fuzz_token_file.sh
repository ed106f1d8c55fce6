#!/bin/sh
# Fuzzes the token-file reader with libFuzzer (swiftc -sanitize=fuzzer,address) outside the package.
# Every input must parse or throw FormatError; whatever parses must write back to the same bytes.
# Usage: tools/fuzz/fuzz_token_file.sh [SECONDS]   (default 600; work files go to /tmp/tessera-fuzz-tok)
# Crashing inputs land in /tmp/tessera-fuzz-tok/crashes/: commit them to
# Tests/FormatsTests/Fixtures/fuzz-tok-corpus/ as regression inputs.
set -eu
seconds=${1:-600}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=/tmp/tessera-fuzz-tok
sources=$root/Sources/Formats
mkdir -p "$work/corpus" "$work/crashes"
cp "$root"/Tests/FormatsTests/Fixtures/token-files/*.tok "$root"/Tests/FormatsTests/Fixtures/adversarial-tok/*.tok \
   "$root"/Tests/FormatsTests/Fixtures/fuzz-tok-corpus/*.tok "$work/corpus/"
swiftc -sanitize=fuzzer,address -parse-as-library -g -O -module-name Formats "$root/tools/fuzz/TokenFileFuzzer.swift" \
    "$sources"/TokenFile.swift "$sources"/TokenFileReader.swift "$sources"/TokenFileWriter.swift \
    "$sources"/TokenFileValidation.swift "$sources"/TokenSegment.swift "$sources"/LittleEndianReader.swift \
    "$sources"/FormatError.swift "$sources"/SHA256.swift "$sources"/MappedFile.swift "$sources"/AtomicFileOutput.swift \
    "$sources"/FileContents.swift -o "$work/fuzz-tok" 2>/dev/null
"$work/fuzz-tok" -fork=2 -ignore_crashes=1 -max_total_time="$seconds" -max_len=2048 -rss_limit_mb=2048 \
    -artifact_prefix="$work/crashes/" -print_final_stats=1 "$work/corpus"
