#!/usr/bin/env bash
# Builds libFuzzer binaries for the PNG and audio readers into .build/fuzz/:
#   fuzz-png, fuzz-audio   (run e.g. `.build/fuzz/fuzz-png -max_total_time=600 CORPUS_DIR SEED_DIR`)
# Tensor, Formats and Media are compiled with swiftc -sanitize=fuzzer,address. With
# LIBPNG_SRC and LIBSNDFILE_SRC pointing at source trees (libpng 1.6.39 and libsndfile 1.2.0,
# the versions Debian 12 ships), those are built with coverage and AddressSanitizer too, so the
# fuzzer also explores the C libraries; otherwise the system libraries are linked as they are.
# libsndfile's build needs cmake and the FLAC/Vorbis/Opus development packages.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/.build/fuzz"
mkdir -p "$out/lib"
clang="$(dirname "$(command -v swiftc)")/clang"
cflags="-g -O1 -fsanitize=fuzzer-no-link,address"

if [ -n "${LIBPNG_SRC:-}" ] && [ ! -f "$out/lib/libpng16.a" ]; then
    work="$out/libpng"; rm -rf "$work"; cp -r "$LIBPNG_SRC" "$work"; cp "$work/scripts/pnglibconf.h.prebuilt" "$work/pnglibconf.h"
    for file in png pngerror pngget pngmem pngpread pngread pngrio pngrtran pngrutil pngset pngtrans pngwio pngwrite pngwtran pngwutil; do
        "$clang" $cflags -I"$work" -c "$work/$file.c" -o "$work/$file.o"
    done
    ar rcs "$out/lib/libpng16.a" "$work"/*.o
fi
if [ -n "${LIBSNDFILE_SRC:-}" ] && [ ! -f "$out/lib/libsndfile.a" ]; then
    work="$out/libsndfile"; rm -rf "$work"; mkdir -p "$work"
    cmake -S "$LIBSNDFILE_SRC" -B "$work" -DCMAKE_C_COMPILER="$clang" -DCMAKE_C_FLAGS="$cflags" -DBUILD_SHARED_LIBS=OFF \
        -DBUILD_PROGRAMS=OFF -DBUILD_EXAMPLES=OFF -DBUILD_TESTING=OFF -DENABLE_CPACK=OFF -DENABLE_MPEG=OFF >/dev/null
    make -C "$work" -j2 sndfile >/dev/null
    cp "$work/libsndfile.a" "$out/lib/"
fi

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

libraries=(-L"$out/lib" -lpng16 -lz -lsndfile -lFLAC -lvorbisenc -lvorbis -logg -lopus -lopenblas -lm)
for target in png audio; do
    harness="$root/tools/fuzz/Fuzz$( [ $target = png ] && echo PNG || echo Audio ).swift"
    swiftc "${swift_flags[@]}" -module-name "Fuzz$target" "$harness" "$out"/Tensor.o "$out"/Formats.o "$out"/Media.o \
        "${libraries[@]}" -o "$out/fuzz-$target"
done
echo "built $out/fuzz-png and $out/fuzz-audio"
