# Docker daemon for the Docker runtime's tests: installs docker.io when missing and starts
# dockerd in the background when no daemon answers. Never fatal: when no daemon can be had,
# it says why and the Docker tests skip with that reason.
DOCKERD_LOG=${DOCKERD_LOG:-/tmp/binfarm-dockerd.log}
ensure_dockerd() {
  if command -v docker >/dev/null && docker info >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" != 0 ]; then
    echo "test: no Docker daemon answers and not root: Docker runtime tests will skip" >&2
    return 0
  fi
  if ! command -v dockerd >/dev/null; then
    if ! command -v apt-get >/dev/null; then
      echo "test: no dockerd and no apt-get: Docker runtime tests will skip" >&2
      return 0
    fi
    echo "test: installing docker.io" >&2
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends docker.io >/dev/null; } \
      || { echo "test: apt-get could not install docker.io: Docker runtime tests will skip" >&2; return 0; }
  fi
  echo "test: starting dockerd (log: $DOCKERD_LOG)" >&2
  nohup dockerd >"$DOCKERD_LOG" 2>&1 </dev/null &
  local i
  for i in $(seq 1 60); do
    if docker info >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "test: dockerd did not answer within 60 s (see $DOCKERD_LOG): Docker runtime tests will skip" >&2
  return 0
}
