#!/usr/bin/env bash
# The whole test suite, as `./svm test` and CI run it:
#   1. the full product (posix_defconfig) built with coverage: every ctest
#      (conformance, Python, handlers), then gcovr's report and its gate;
#   2. the minimal product (minimal_defconfig): its own tests;
#   3. the full product under AddressSanitizer + UndefinedBehaviorSanitizer;
#   4. the libFuzzer harness (tests/fuzz, clang): a fixed short run, no finding;
#   5. scan-build and cppcheck on the core and the generated C: no findings;
#   6. the Cortex-M firmware (configs/mps2_an385_defconfig) built with
#      arm-none-eabi-gcc and run in QEMU (tests/cortex-m).
# Prints one closing line "summary: N passed, N failed".
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/build-tests"
JOBS="$(nproc 2>/dev/null || echo 2)"
passed=0
failed=0
failures=()

step() { printf '\n=== %s\n' "$*"; }
ok() { passed=$((passed + $1)); }
bad() { failed=$((failed + $1)); failures+=("$2"); }

# ctest_counts LOG: add the passed/failed counts ctest printed.
ctest_counts() {
    local line total nfail
    line="$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$1" | tail -n 1)"
    if [ -z "$line" ]; then
        bad 1 "$2: ctest did not run"
        return
    fi
    nfail="$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")"
    total="$(sed -E 's/.* failed out of ([0-9]+).*/\1/' <<<"$line")"
    ok $((total - nfail))
    [ "$nfail" -eq 0 ] || bad "$nfail" "$2: $nfail ctest failures"
}

build() { # build NAME CONFIG [cmake args...]
    local name="$1" config="$2"
    shift 2
    rm -rf "${OUT:?}/$name"
    cmake -S "$ROOT" -B "$OUT/$name" -DSVM_CONFIG="$ROOT/configs/$config" "$@" >"$OUT/$name.configure.log" 2>&1 &&
        cmake --build "$OUT/$name" -j "$JOBS" >"$OUT/$name.build.log" 2>&1 && return 0
    cat "$OUT/$name.configure.log" "$OUT/$name.build.log" 2>/dev/null | tail -n 40
    bad 1 "$name: build failed"
    return 1
}

mkdir -p "$OUT"

step "full product with coverage (configs/posix_defconfig)"
if build coverage posix_defconfig -DSVM_COVERAGE=ON; then
    cmake --build "$OUT/coverage" --target coverage >"$OUT/coverage.log" 2>&1
    rc=$?
    cat "$OUT/coverage.log"
    ctest_counts "$OUT/coverage.log" coverage
    if [ "$rc" -eq 0 ] && grep -q '^lines: ' "$OUT/coverage.log"; then
        ok 1
        echo "coverage report: $OUT/coverage/coverage/index.html"
    else
        bad 1 "coverage: tests failed, or line coverage is below the gate"
    fi
fi

step "minimal product (configs/minimal_defconfig)"
if build minimal minimal_defconfig; then
    (cd "$OUT/minimal" && ctest --output-on-failure -j "$JOBS" 2>&1) | tee "$OUT/minimal.log"
    ctest_counts "$OUT/minimal.log" minimal
fi

step "full product under ASan + UBSan"
if build sanitize posix_defconfig -DSVM_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug; then
    (cd "$OUT/sanitize" && ASAN_OPTIONS=detect_leaks=0 ctest --output-on-failure -j "$JOBS" 2>&1) | tee "$OUT/sanitize.log"
    ctest_counts "$OUT/sanitize.log" sanitize
fi

step "fuzzing: libFuzzer on the loader and the interpreter (clang, ASan + UBSan; docs/fuzzing.md)"
if build fuzz posix_defconfig -DCMAKE_C_COMPILER=clang -DSVM_FUZZ=ON; then
    (cd "$OUT/fuzz" && ctest --output-on-failure -R '^fuzz\.' 2>&1) | tee "$OUT/fuzz.log"
    ctest_counts "$OUT/fuzz.log" fuzz
fi

step "static analysis: scan-build"
rm -rf "$OUT/scan"
scan-build --status-bugs -o "$OUT/scan-report" cmake -S "$ROOT" -B "$OUT/scan" \
    -DSVM_CONFIG="$ROOT/configs/posix_defconfig" -DBUILD_TESTING=OFF >"$OUT/scan.configure.log" 2>&1
scan-build --status-bugs -o "$OUT/scan-report" cmake --build "$OUT/scan" -j "$JOBS" >"$OUT/scan.log" 2>&1
rc=$?
grep -E 'warning:|error:|scan-build:' "$OUT/scan.log"
if [ "$rc" -eq 0 ]; then
    ok 1
else
    bad 1 "scan-build: findings (report in $OUT/scan-report)"
fi

step "static analysis: cppcheck"
# cppcheck cannot parse computed goto: it reads the full product rendered
# with switch dispatch, which has the same handler bodies.
PY=/usr/bin/python3
printf 'CONFIG_SVM_DISPATCH_SWITCH=y\n' >"$OUT/switch.fragment"
if $PY "$ROOT/generator/generate.py" config --defconfig "$ROOT/configs/posix_defconfig" "$OUT/switch.fragment" \
        --config "$OUT/cppcheck/.config" >/dev/null &&
    $PY "$ROOT/generator/generate.py" generate --config "$OUT/cppcheck/.config" --out "$OUT/cppcheck/generated" \
        >/dev/null &&
    cppcheck --error-exitcode=1 --quiet --std=c11 --enable=warning,portability,performance \
        --inline-suppr --suppress=missingIncludeSystem \
        -I "$ROOT/core" -I "$OUT/cppcheck/generated" \
        "$ROOT/core" "$OUT/cppcheck/generated" "$ROOT/hal/posix"; then
    ok 1
else
    bad 1 "cppcheck: findings"
fi

step "Cortex-M3 firmware in QEMU (configs/mps2_an385_defconfig, tests/cortex-m)"
if build mps2 mps2_an385_defconfig; then
    (cd "$OUT/mps2" && ctest --output-on-failure -j "$JOBS" 2>&1) | tee "$OUT/mps2.log"
    ctest_counts "$OUT/mps2.log" mps2
fi

echo
for f in "${failures[@]}"; do echo "FAILED: $f"; done
echo "summary: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
