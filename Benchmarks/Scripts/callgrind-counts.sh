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
printf '%-44s %14s %8s %8s %8s\n' "per call" instructions mallocs retains releases
# name : part of smmuv3-bench : function collected : calls of it in that part
# (apply runs each side 3 times over n transitions; check runs 3 x 200 rounds of the 64 STE
# and 25 CD pairs).
for row in "Configurations.write (memoised):apply:*ConfigurationsV5write*:$((3 * n))" \
           "EntryWriter.write (planned):apply:*EntryWriterO5write_2to3sid4from4sync*:$((3 * n))" \
           "C anchor write_entry:apply:bench_anchor_run:$((3 * n))" \
           "Checker.check (per check):check:*7CheckerO5check_4from5steps6target6budget*:$((3 * 200 * 89))"; do
    name="${row%%:*}"; rest="${row#*:}"; part="${rest%%:*}"; rest="${rest#*:}"
    fn="${rest%:*}"; calls="${rest##*:}"
    SMMUV3_BENCH_TRANSITIONS="$n" valgrind --tool=callgrind --toggle-collect="$fn" \
        --callgrind-out-file="$work/out" "$work/bench" "$part" >/dev/null 2>&1
    python3 - "$work/out" "$calls" "$name" <<'PY'
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
