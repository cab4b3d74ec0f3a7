# Sourced by ./farm and ./test: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME if it qualifies, else the newest JDK under /usr/lib/jvm.
jdk_major() { # prints the feature version of the JDK at $1, or nothing
  local v
  v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  echo "${v%%.*}"
}
find_jdk() {
  local best="" best_v=0 d v
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(jdk_major "$JAVA_HOME"); [ "${v:-0}" -ge 21 ] && { echo "$JAVA_HOME"; return; }
  fi
  for d in /usr/lib/jvm/*/; do
    d=${d%/}
    [ -x "$d/bin/javac" ] && [ ! -L "$d" ] || continue
    v=$(jdk_major "$d")
    [ "${v:-0}" -gt "$best_v" ] && { best=$d; best_v=$v; }
  done
  [ "$best_v" -ge 21 ] && echo "$best"
}
JAVA_HOME=$(find_jdk)
if [ -z "$JAVA_HOME" ]; then
  echo "binfarm needs a JDK 21 or newer: set JAVA_HOME or install one under /usr/lib/jvm (e.g. apt-get install openjdk-21-jdk-headless)" >&2
  exit 2
fi
JDK_MAJOR=$(jdk_major "$JAVA_HOME")
export JAVA_HOME JDK_MAJOR PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.8 still uses sun.misc.Unsafe; newer JDKs warn about it on every build.
[ "$JDK_MAJOR" -ge 24 ] && export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
