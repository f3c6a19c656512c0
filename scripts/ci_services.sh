# shellcheck shell=bash
# Throwaway Redis and PostgreSQL servers for the token-store tests (tests/stores).
#
# Sourced by .ci/run:
#
#     source scripts/ci_services.sh
#     install_services          # apt-get install redis-server / postgresql, only when missing
#     start_services            # exports FRONT_TEST_REDIS_URL and FRONT_TEST_POSTGRES_DSN
#     trap stop_services EXIT   # stops both and removes their temporary directories
#
# Or by hand, from a shell:
#
#     eval "$(bash scripts/ci_services.sh start)"   # prints the export lines
#     uv run pytest tests/stores -q
#     bash scripts/ci_services.sh stop              # uses FRONT_CI_SERVICES_DIR
#
# Both servers listen on 127.0.0.1 only, on free ports, with their data in a temporary directory:
# Redis without persistence, PostgreSQL with trust authentication on loopback (fine for CI, never
# for anything else). PostgreSQL refuses to run as root: as root, the cluster runs as the
# "postgres" user (created by the Debian package), or as a dedicated system user otherwise.
# Works under `set -euo pipefail`; functions return non-zero on failure and never exit.

_ci_log() { printf '== ci_services: %s\n' "$*" >&2; }

# The directory of the newest PostgreSQL server binaries (initdb, pg_ctl, postgres).
_ci_pg_bindir() {
  local dir
  # Debian keeps them out of PATH, in /usr/lib/postgresql/<version>/bin; some images link a few.
  if command -v pg_ctl >/dev/null 2>&1; then
    dir=$(dirname "$(readlink -f "$(command -v pg_ctl)")")
    if [[ -x "$dir/initdb" && -x "$dir/pg_isready" && -x "$dir/createdb" ]]; then
      echo "$dir"
      return 0
    fi
  fi
  dir=$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
  if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
    echo "$dir"
    return 0
  fi
  return 1
}

_ci_as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    _ci_log "need root (or sudo) to run: $*"
    return 1
  fi
}

install_services() {
  local missing=()
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  _ci_pg_bindir >/dev/null || missing+=(postgresql)
  if [[ ${#missing[@]} -eq 0 ]]; then
    return 0
  fi
  _ci_log "installing ${missing[*]}"
  _ci_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || return 1
  _ci_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null || return 1
  command -v redis-server >/dev/null 2>&1 && _ci_pg_bindir >/dev/null
}

# A TCP port nobody listens on (checked, then used right away; start_* retry on a clash).
_ci_free_port() {
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || true)
  if [[ "$port" =~ ^[0-9]+$ ]]; then
    echo "$port"
    return 0
  fi
  while :; do  # no python3: a random port that refuses connections
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
}

# The OS user that runs PostgreSQL (initdb refuses root).
_ci_pg_user() {
  if [[ $(id -u) -ne 0 ]]; then
    id -un
  elif id postgres >/dev/null 2>&1; then
    echo postgres
  else
    if ! id langchain-front-ci >/dev/null 2>&1; then
      useradd --system --no-create-home --shell /usr/sbin/nologin langchain-front-ci \
        || return 1
    fi
    echo langchain-front-ci
  fi
}

_ci_run_as() {
  local user=$1
  shift
  if [[ $(id -u) -eq 0 && "$user" != root ]]; then
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

_ci_start_redis() {
  local dir=$1 port attempt
  mkdir -p "$dir/redis"
  for attempt in 1 2 3 4 5; do
    port=$(_ci_free_port)
    if redis-server --bind 127.0.0.1 --port "$port" --dir "$dir/redis" --save '' \
      --appendonly no --daemonize yes --pidfile "$dir/redis/redis.pid" \
      --logfile "$dir/redis/redis.log" >/dev/null 2>&1 && _ci_wait_redis "$port"; then
      echo "$port" >"$dir/redis.port"
      export FRONT_TEST_REDIS_URL="redis://127.0.0.1:$port/0"
      return 0
    fi
    _ci_log "redis-server did not start on port $port (attempt $attempt)"
    _ci_stop_redis "$dir"
  done
  tail -n 20 "$dir/redis/redis.log" >&2 2>/dev/null || true
  return 1
}

_ci_wait_redis() {
  local port=$1 i reply
  for i in $(seq 1 100); do
    if command -v redis-cli >/dev/null 2>&1; then
      reply=$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null || true)
    else
      reply=$( (exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'PING\r\n' >&3 \
        && timeout 1 head -c 7 <&3) 2>/dev/null || true)
    fi
    [[ "$reply" == *PONG* ]] && return 0
    sleep 0.1
  done
  return 1
}

_ci_stop_redis() {
  local dir=$1 pid i
  [[ -f "$dir/redis/redis.pid" ]] || return 0
  pid=$(cat "$dir/redis/redis.pid" 2>/dev/null || true)
  if [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; then
    for i in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -f "$dir/redis/redis.pid"
}

_ci_start_postgres() {
  local dir=$1 bindir user port attempt
  bindir=$(_ci_pg_bindir) || { _ci_log "PostgreSQL binaries not found"; return 1; }
  user=$(_ci_pg_user) || return 1
  mkdir -p "$dir/pg" "$dir/pg/sock"
  chmod 0755 "$dir"
  if [[ $(id -u) -eq 0 ]]; then chown -R "$user" "$dir/pg"; fi
  echo "$bindir" >"$dir/pg.bindir"
  echo "$user" >"$dir/pg.user"
  _ci_run_as "$user" "$bindir/initdb" -D "$dir/pg/data" -U langchain_front --auth=trust \
    -E UTF8 --no-locale -N >"$dir/pg/initdb.log" 2>&1 \
    || { cat "$dir/pg/initdb.log" >&2; return 1; }
  for attempt in 1 2 3 4 5; do
    port=$(_ci_free_port)
    if _ci_run_as "$user" "$bindir/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/pg/sock -c fsync=off \
          -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null 2>&1; then
      echo "$port" >"$dir/pg.port"
      if _ci_wait_postgres "$bindir" "$user" "$port" \
        && _ci_run_as "$user" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U langchain_front \
          langchain_front_test; then
        export FRONT_TEST_POSTGRES_DSN="postgresql://langchain_front@127.0.0.1:$port/langchain_front_test"
        return 0
      fi
      _ci_stop_postgres "$dir"
    fi
    _ci_log "PostgreSQL did not start on port $port (attempt $attempt)"
  done
  tail -n 20 "$dir/pg/server.log" >&2 2>/dev/null || true
  return 1
}

_ci_wait_postgres() {
  local bindir=$1 user=$2 port=$3 i
  for i in $(seq 1 100); do
    _ci_run_as "$user" "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

_ci_stop_postgres() {
  local dir=$1 bindir user
  [[ -f "$dir/pg/data/postmaster.pid" ]] || return 0
  bindir=$(cat "$dir/pg.bindir")
  user=$(cat "$dir/pg.user")
  _ci_run_as "$user" "$bindir/pg_ctl" -D "$dir/pg/data" -m immediate -w -t 30 stop \
    >/dev/null 2>&1 || true
}

start_services() {
  local dir
  if [[ -n "${FRONT_CI_SERVICES_DIR:-}" && -d "${FRONT_CI_SERVICES_DIR}" ]]; then
    _ci_log "already started in $FRONT_CI_SERVICES_DIR"
    return 0
  fi
  install_services || return 1
  # Under /tmp, not $TMPDIR: PostgreSQL's socket path must stay short (and without spaces).
  dir=$(mktemp -d /tmp/langchain-front-services.XXXXXX) || return 1
  export FRONT_CI_SERVICES_DIR="$dir"
  if ! _ci_start_redis "$dir" || ! _ci_start_postgres "$dir"; then
    _ci_log "could not start the services; see above"
    stop_services
    return 1
  fi
  _ci_log "redis at $FRONT_TEST_REDIS_URL, postgres at $FRONT_TEST_POSTGRES_DSN"
}

stop_services() {
  local dir=${FRONT_CI_SERVICES_DIR:-}
  if [[ -n "$dir" && -d "$dir" ]]; then
    _ci_stop_redis "$dir"
    _ci_stop_postgres "$dir"
    rm -rf "$dir"
  fi
  unset FRONT_CI_SERVICES_DIR FRONT_TEST_REDIS_URL FRONT_TEST_POSTGRES_DSN
  return 0
}

# Run as a script: `bash scripts/ci_services.sh install|start|stop`; start prints export lines.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  case "${1:-}" in
    install) install_services ;;
    start)
      start_services >&2
      printf 'export FRONT_CI_SERVICES_DIR=%q FRONT_TEST_REDIS_URL=%q FRONT_TEST_POSTGRES_DSN=%q\n' \
        "$FRONT_CI_SERVICES_DIR" "$FRONT_TEST_REDIS_URL" "$FRONT_TEST_POSTGRES_DSN"
      ;;
    stop) stop_services ;;
    *)
      echo "usage: bash $0 install|start|stop  (or source it and call the functions)" >&2
      exit 2
      ;;
  esac
fi
