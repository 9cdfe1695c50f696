#!/bin/sh
# Instructions, mallocs and retains/releases per transition of the plan + apply hot paths,
# counted by valgrind's callgrind (repeatable on a noisy machine, where seconds are not).
# Collection is switched on only inside the function measured. Run from anywhere:
#   Benchmarks/Scripts/callgrind-counts.sh [transitions]   (default 20000)
set -eu
root="$(cd "$(dirname "$0")/../.." && pwd)"
n="${1:-20000}"
cd "$root"
swift build -c release --product smmuv3-bench >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# valgrind 3.19 cannot read the toolchain's DWARF: count on a copy without it (symbols stay).
objcopy --strip-debug .build/release/smmuv3-bench "$work/bench"
printf '%-44s %14s %8s %8s %8s\n' "per transition" instructions mallocs retains releases
for pair in "Configurations.write (memoised):*ConfigurationsV5write*" \
            "EntryWriter.write (planned):*EntryWriterO5write_2to3sid4from4sync*" \
            "C anchor write_entry:bench_anchor_run"; do
    name="${pair%%:*}"; fn="${pair#*:}"
    SMMUV3_BENCH_TRANSITIONS="$n" valgrind --tool=callgrind --toggle-collect="$fn" \
        --callgrind-out-file="$work/out" "$work/bench" apply >/dev/null 2>&1
    # The apply part runs each side 3 times over n transitions.
    python3 - "$work/out" "$((3 * n))" "$name" <<'PY'
import re, sys
path, transitions, name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
names, calls, cfn, total = {}, {}, None, 0
for line in open(path, errors="replace"):
    m = re.match(r"c?fn=\((\d+)\)(?: (.*))?", line)
    if m:
        if m.group(2): names[m.group(1)] = m.group(2)
        if line.startswith("cfn="): cfn = names.get(m.group(1), "")
        continue
    m = re.match(r"calls=(\d+)", line)
    if m and cfn is not None:
        calls[cfn] = calls.get(cfn, 0) + int(m.group(1))
    m = re.match(r"(?:summary|totals): (\d+)", line)
    if m: total = int(m.group(1))
def count(pattern):
    return sum(v for k, v in calls.items() if re.search(pattern, k))
print("%-44s %14.1f %8.3f %8.3f %8.3f" % (name, total / transitions,
      count(r"^(malloc|swift_slowAlloc|posix_memalign)$") / transitions,
      count(r"^swift_(retain|bridgeObjectRetain)") / transitions,
      count(r"^swift_(release|bridgeObjectRelease)") / transitions))
PY
done
