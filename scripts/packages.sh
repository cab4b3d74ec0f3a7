# Debian packages the tests use; installed when missing (root + apt-get).
TEST_PACKAGES="gcc musl-tools qemu-user strace busybox-static sqlite3 chromium chromium-driver qemu-system-x86 postgresql g++ golang-go rustc cargo redis-tools nginx wrk"
ensure_packages() {
  local missing="" p
  for p in $TEST_PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
  done
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "test: missing Debian packages:$missing (run as root with apt-get, or install them)" >&2
    return 1
  fi
  echo "test: installing$missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends $missing >/dev/null \
    || { echo "test: apt-get could not install:$missing" >&2; return 1; }
}
