# Sourced by ./mvnw and deploy/run-local.sh: defines pick_jdk, which prints a JDK >= 21:
# JAVA_HOME when it qualifies, else the newest under /usr/lib/jvm (Temurin first).
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1; }

pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(java_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
    echo "$JAVA_HOME"; return
  fi
  local best="" best_v=0 d v
  for d in /usr/lib/jvm/temurin-* /usr/lib/jvm/*; do
    [ -x "$d/bin/javac" ] || continue
    v="$(java_major "$d" 2>/dev/null || echo 0)"
    if [ "${v:-0}" -ge 21 ] 2>/dev/null && [ "$v" -gt "$best_v" ]; then best="$d"; best_v="$v"; fi
  done
  [ -n "$best" ] || { echo "no JDK >= 21 found (set JAVA_HOME)" >&2; return 1; }
  echo "$best"
}
