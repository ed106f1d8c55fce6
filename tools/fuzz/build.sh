#!/usr/bin/env bash
# Builds libFuzzer binaries for the PNG and audio readers into .build/fuzz/:
#   fuzz-png, fuzz-audio   (run e.g. `.build/fuzz/fuzz-png -max_total_time=600 CORPUS_DIR SEED_DIR`)
# Tensor, Formats and Media are compiled with swiftc -sanitize=fuzzer,address and linked
# against the system libpng and libsndfile as Debian ships them.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/.build/fuzz"
mkdir -p "$out"
swift_flags=(-parse-as-library -swift-version 5 -O -g -sanitize=fuzzer,address -I "$out"
             -I "$root/Sources/CBLAS" -I "$root/Sources/CPNG" -I "$root/Sources/CSndFile")
compile() {  # module name, sources...
    local module=$1; shift
    swiftc "${swift_flags[@]}" -module-name "$module" -emit-module -emit-module-path "$out/$module.swiftmodule" \
        -wmo -c "$@" -o "$out/$module.o"
}
compile Tensor "$root"/Sources/Tensor/*.swift "$root"/Sources/Tensor/Ops/*.swift
compile Formats "$root"/Sources/Formats/*.swift
compile Media "$root"/Sources/Media/*.swift

libraries=(-lpng16 -lz -lsndfile -lopenblas -lm)
for target in png audio; do
    harness="$root/tools/fuzz/Fuzz$( [ $target = png ] && echo PNG || echo Audio ).swift"
    swiftc "${swift_flags[@]}" -module-name "Fuzz$target" "$harness" "$out"/Tensor.o "$out"/Formats.o "$out"/Media.o \
        "${libraries[@]}" -o "$out/fuzz-$target"
done
echo "built $out/fuzz-png and $out/fuzz-audio"
