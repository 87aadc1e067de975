#!/usr/bin/env bash
# Issue 11's resume check: builds a manifest of 200 cases from $FACEID_TESTDATA (selfie flows over
# the face photos, still flows over GRID clips, some with a missing file), starts the service as
# deploy/run-local.sh does, runs `deploy/faceid batch` on it, kills the batch with SIGKILL once about
# half the cases are in --out, runs it again with the same --out, and checks that every case is
# there exactly once and that the summary's counts are those of the lines.
# Usage: bench/batch-resume.sh [cases=200] [kill-after=100] [concurrency=4]
set -euo pipefail
BENCH_PORT="${BENCH_PORT:-18111}"
. "$(dirname "${BASH_SOURCE[0]}")/service.sh"
cases="${1:-200}"
kill_after="${2:-100}"
concurrency="${3:-4}"
testdata="$(cd "${FACEID_TESTDATA:-$root/../shared/testdata}" && pwd)"
manifest="$data/manifest.csv"
out="$data/out.jsonl"

python3 - "$testdata" "$cases" > "$manifest" <<'PY'
import glob, os, sys
testdata, n = sys.argv[1], int(sys.argv[2])
people = sorted(d for d in glob.glob(os.path.join(testdata, "faces", "*")) if os.path.isdir(d))
photos = {p: sorted(glob.glob(os.path.join(p, "*"))) for p in people}
clips = sorted(glob.glob(os.path.join(testdata, "av", "grid", "*.mpg")))
print("id,biz_no,flow,front,side,video,ref1,ref2")
for i in range(n):
    person = people[i % len(people)]
    other = people[(i + 1) % len(people)]
    pics, others = photos[person], photos[other]
    if i % 25 == 24:      # a missing file: an error line, and the run goes on
        print(f"case-{i:03d},b-{i},selfie,{pics[0]},{pics[1]}-missing,,{pics[2]},")
    elif i % 16 == 15 and clips:
        print(f"case-{i:03d},b-{i},still,,,{clips[i % len(clips)]},{others[0]},")
    else:
        a, b, c = i % 4, (i // 4 + 1) % 4, (i // 16 + 2) % 4
        print(f"case-{i:03d},b-{i},selfie,{pics[a]},{pics[b if b != a else (a + 1) % 4]},,{pics[c]},{others[i % 4]}")
PY

start_service
pid="$launcher" # run-local.sh execs the JVM: this is its pid, whatever else runs on the machine
export FACEID_CLI_SKIP_BUILD=1
args=(batch --manifest "$manifest" --out "$out" --concurrency "$concurrency")

touch "$out"
t0=$(date +%s)
# deploy/faceid execs the JVM, so $! is the batch's own pid (not a subshell's).
"$root/deploy/faceid" "${args[@]}" > "$data/first.log" 2>&1 &
first=$!
while kill -0 "$first" 2>/dev/null && [ "$(wc -l < "$out" 2>/dev/null || echo 0)" -lt "$kill_after" ]; do sleep 0.2; done
kill -KILL "$first" 2>/dev/null || { echo "the first run ended before it could be killed" >&2; cat "$data/first.log"; exit 1; }
wait "$first" 2>/dev/null || true
at_kill=$(wc -l < "$out")
echo "first run: killed with SIGKILL after $(( $(date +%s) - t0 )) s with $at_kill complete lines in --out"

"$root/deploy/faceid" "${args[@]}" > "$data/second.log" 2>&1
echo "second run:"; grep -E "^(batch|summary):" "$data/second.log" | sed 's/^/  /'

python3 - "$manifest" "$out" "$data/second.log" <<'PY'
import collections, csv, json, re, sys
manifest, out, log = sys.argv[1:]
ids = [row["id"] for row in csv.DictReader(open(manifest))]
lines = [json.loads(l) for l in open(out, encoding="utf-8")]
seen = collections.Counter(l["id"] for l in lines)
dupes = [i for i, n in seen.items() if n > 1]
missing = [i for i in ids if i not in seen]
verdicts, errors = collections.Counter(), collections.Counter()
for l in lines:
    if "error" in l:
        errors["FILE_UNREADABLE"] += 1; continue
    steps = list(l["validate"].values()) + ([l["verify"]] if "verify" in l else [])
    failed = next((s for s in steps if "error_message" in s), None)
    if failed: errors[failed["error_message"]] += 1
    else: verdicts[l["verify"]["liveness"]["procedure_validation"]] += 1
text = open(log).read()
def counts(what):
    m = re.search(r"summary: %s: (.*)" % what, text).group(1)
    return collections.Counter() if m == "none" else collections.Counter({k: int(v) for k, v in (p.rsplit("=", 1) for p in m.split(", "))})
ok = not dupes and not missing and len(lines) == len(ids) and counts("verdicts") == verdicts and counts("errors") == errors
print(f"result: {len(ids)} cases, {len(lines)} lines, {len(dupes)} ids twice, {len(missing)} ids missing, "
      f"summary matches the lines: {counts('verdicts') == verdicts and counts('errors') == errors} -> {'PASS' if ok else 'FAIL'}")
sys.exit(0 if ok else 1)
PY
stop_service
