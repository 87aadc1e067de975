#!/usr/bin/env bash
# Attacks the one-JVM service on loopback (127.0.0.0/8 only) and reports, per attack, what a
# legitimate caller saw meanwhile (HTTP statuses, p50 latency of get_random_number), whether the
# service logged an OutOfMemoryError or replaced a stream thread, and its resident memory (the
# highest VmRSS sampled during the attack, and VmHWM after it). Bounded: each attack runs a fixed
# number of connections for at most ATTACK_SECONDS (default 30), then the service is stopped.
#   1. slow uploads: 40 connections each send a 19 MB `video` part before any credentials, then stall
#   1b. field flood: the same with 19 MB of distinct 4 KB text fields instead of a file
#   2. login flood: waves of 300 concurrent logins (unknown keys, and wrong secrets for a real key)
#      from 30 loopback addresses, for the attack's duration
#   3. selfie load: 8 clients posting real selfies (validate_front_face) back to back (memory peak)
#   4. video load: 4 clients posting a real 3 s talking-face clip (validate_still) back to back
#   5. forged tokens: 12 clients posting a 19 MB video to validate_video, each with a fresh
#      well-formed token nobody issued (the gateway, holding the token key, refuses each once its
#      body is read, publishing nothing; a gateway without the key left them to the token gate,
#      which holds each up to 2 s before INVALID_TOKEN; 12, so that the legitimate caller, on the
#      same key, keeps a few of its 16 concurrent slots)
# The audio bomb (a stream-processors test fixture) is not reachable from a script: RestartIT sends it.
# Usage: bench/hostile.sh   (FACEID_JAVA_OPTS as run-local.sh; FACEID_TESTDATA for the legit selfie;
#   ATTACKS="selfie_load video_load" picks attacks; HOSTILE_SELFIE=photo.jpg the selfie the load posts)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/service.sh"
attack_seconds="${ATTACK_SECONDS:-30}"
testdata="${FACEID_TESTDATA:-$(cd "$root/.." && pwd)/shared/testdata}"
selfie="${HOSTILE_SELFIE:-$testdata/faces/rick/rick1.jpg}"   # e.g. a 12 MP phone photo
clip="$testdata/av/grid/bbaf2n.mpg"

start_service
pid=$launcher   # run-local.sh execs the JVM: our own process, whatever other services run on the machine
trap 'kill -TERM "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT
legit_random() { curl -s -o /dev/null -m 20 -w '%{http_code} %{time_total}\n' -F api_key=bench-key -F api_secret=bench-secret "$api/get_random_number"; }
legit_selfie() { curl -s -o /dev/null -m 20 -w '%{http_code} %{time_total}\n' -F api_key=bench-key -F api_secret=bench-secret \
  -F "selfie=@$selfie" "$api/validate_front_face"; }
for _ in $(seq 1 20); do legit_random > /dev/null; done   # warm-up; bench-key's secret is verified from here on

# Legitimate calls, one at a time, until the attack's marker file goes away.
legit_loop() {
  local call="$1" out="$2"
  while [[ -e "$data/attacking" ]]; do "$call" >> "$out" || true; sleep 0.1; done
}

sample_rss() {
  local max=0 rss
  while [[ -e "$data/attacking" ]]; do
    rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
    (( rss > max )) && max=$rss
    sleep 0.2
  done
  echo "$max" > "$data/rss_max"
}

report() {
  local name="$1" log_from="$2"
  echo "== $name"
  for f in "$data"/legit_*; do
    local what="${f##*/legit_}"   # random: get_random_number; selfie: validate_front_face
    if [[ -s "$f" ]]; then
      read -r p50 p95 max < <(percentiles "$f")
      echo "  legit $what: $(wc -l < "$f") calls, statuses: $(awk '{ print $1 }' "$f" | sort | uniq -c | awk '{ printf "%s x%s ", $2, $1 }'), p50 $p50 ms, p95 $p95 ms"
    fi
  done
  echo "  attacker answers: $(sort "$data/attack_out" | uniq -c | awk '{ $1 = $1; printf "[%s] ", $0 }')"
  echo "  OutOfMemoryError logged: $(tail -n +"$log_from" "$log" | grep -c OutOfMemoryError || true)," \
    "stream threads replaced: $(tail -n +"$log_from" "$log" | grep -c 'lost a stream thread' || true)"
  echo "  resident memory: max VmRSS during the attack $(( $(cat "$data/rss_max") / 1024 )) MiB," \
    "VmHWM so far $(( $(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status") / 1024 )) MiB"
  rm -f "$data"/legit_* "$data/attack_out"
}

# Runs attack $1 (a python function below) with legitimate callers alongside; $2.. name their calls.
run_attack() {
  local attack="$1"; shift
  local log_from=$(( $(wc -l < "$log") + 1 ))
  touch "$data/attacking"
  sample_rss & local sampler=$!
  local callers=()
  for call in "$@"; do legit_loop "$call" "$data/legit_${call#legit_}" & callers+=($!); done
  timeout $(( attack_seconds + 30 )) python3 - "$attack" "$port" "$attack_seconds" "$selfie" "$clip" > "$data/attack_out" <<'PY' || true
import base64, os, socket, sys, threading, time, uuid, http.client
attack, port, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
selfie, clip = open(sys.argv[4], "rb").read(), open(sys.argv[5], "rb").read()
results, lock = [], threading.Lock()

def record(line):
    with lock:
        results.append(line)

def first_line(sock, wait):
    sock.settimeout(wait)
    try:
        data = sock.recv(4096)
        return data.split(b"\r\n", 1)[0].decode() if data else "closed without an answer"
    except socket.timeout:
        return "no answer within %.0f s" % wait
    except OSError as e:
        return "connection error " + type(e).__name__

UPLOAD = 19 * 1024 * 1024

def video_part(b):
    yield ("--%s\r\nContent-Disposition: form-data; name=\"video\"; filename=\"v.mp4\"\r\n\r\n" % b).encode()
    chunk = bytes(64 * 1024)
    for _ in range(UPLOAD // len(chunk)):
        yield chunk

def text_fields(b):
    # Distinct names, 4,000 bytes each: text fields are not uploads, the upload budget never sees them.
    sent, n = 0, 0
    while sent < UPLOAD:
        part = ("--%s\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\n%s\r\n" % (b, n, "v" * 4000)).encode()
        yield part
        sent, n = sent + len(part), n + 1

def slow_upload(i, parts):
    # 19 MB before any credentials, then silence until the server ends it (or the attack does).
    b = "hostile" + uuid.uuid4().hex
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(("POST /faceid/lite/raw/validate_still HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  "Content-Type: multipart/form-data; boundary=%s\r\nContent-Length: %d\r\n\r\n" % (b, UPLOAD + 64 * 1024)).encode())
    try:
        for chunk in parts(b):
            sock.sendall(chunk)
        record(first_line(sock, seconds))
    except OSError as e:
        record(first_line(sock, 1) + " (while sending: " + type(e).__name__ + ")")
    finally:
        sock.close()

def login(i, deadline):
    source = "127.0.1.%d" % (1 + i % 30)
    key, secret = ("bench-key", "guess-%d" % i) if i % 6 == 0 else ("unknown-%d" % i, "whatever")
    while time.time() < deadline:
        b = "flood" + uuid.uuid4().hex
        body = "".join("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (b, k, v)
                       for k, v in (("api_key", key), ("api_secret", secret))) + "--%s--\r\n" % b
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(source, 0))
            c.request("POST", "/faceid/lite/raw/get_random_number", body, {"Content-Type": "multipart/form-data; boundary=" + b})
            r = c.getresponse()
            text = r.read().decode()
            record("%d %s" % (r.status, text.split('"error_message":"')[1].split('"')[0] if "error_message" in text else "ok"))
            c.close()
        except OSError as e:
            record("error " + type(e).__name__)

def upload(path, field, content, deadline, token_field=None):
    # A client with media, back to back: the service's memory under honest load, or (token_field)
    # with a fresh token in that field that nobody issued.
    while time.time() < deadline:
        b = "load" + uuid.uuid4().hex
        fields = [("api_key", "bench-key"), ("api_secret", "bench-secret")]
        if token_field:
            fields.append((token_field, base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")))
        body = b"".join(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (b, k, v)).encode()
                        for k, v in fields)
        body += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"f\"\r\n\r\n" % (b, field)).encode()
        body += content + ("\r\n--%s--\r\n" % b).encode()
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            c.request("POST", "/faceid/lite/raw/" + path, body, {"Content-Type": "multipart/form-data; boundary=" + b})
            r = c.getresponse()
            r.read()
            record("%d" % r.status)
            c.close()
        except OSError as e:
            record("error " + type(e).__name__)

if attack == "selfie_load":
    deadline = time.time() + seconds
    threads = [threading.Thread(target=upload, args=("validate_front_face", "selfie", selfie, deadline)) for _ in range(8)]
elif attack == "video_load":
    deadline = time.time() + seconds
    threads = [threading.Thread(target=upload, args=("validate_still", "video", clip, deadline)) for _ in range(4)]
elif attack == "forged_tokens":
    deadline = time.time() + seconds
    video = os.urandom(19 * 1024 * 1024)
    threads = [threading.Thread(target=upload, args=("validate_video", "video", video, deadline, "token_random_number"))
               for _ in range(12)]
elif attack == "slow_uploads":
    threads = [threading.Thread(target=slow_upload, args=(i, video_part)) for i in range(40)]
elif attack == "field_flood":
    threads = [threading.Thread(target=slow_upload, args=(i, text_fields)) for i in range(40)]
else:
    deadline = time.time() + seconds
    threads = [threading.Thread(target=login, args=(i, deadline)) for i in range(300)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("\n".join(results))
PY
  rm -f "$data/attacking"
  wait "$sampler" "${callers[@]}"
  report "$attack" "$log_from"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%d GiB", $2 / 1048576 }' /proc/meminfo); service JVM: ${FACEID_JAVA_OPTS:--Xmx1g -XX:+UseSerialGC}"
for attack in ${ATTACKS:-slow_uploads field_flood login_flood selfie_load video_load forged_tokens}; do
  case "$attack" in
    slow_uploads|field_flood) run_attack "$attack" legit_random legit_selfie ;;
    *) run_attack "$attack" legit_random ;;
  esac
done
stop_service
echo "clean stop (SIGTERM) took $stop_ms ms"
