# Starting and stopping the Rehearse services from the built output (sourced by scripts/run and scripts/test).
#
# start_service NAME PROJECT_DIR PORT [ARGS...]   start the built service in the background, logging to
#                                                 $REHEARSE_LOG_DIR/NAME.log, and wait until PORT answers
# stop_services                                   stop every service this shell started

REHEARSE_LOG_DIR="${REHEARSE_LOG_DIR:-$repo/.data/logs}"
mkdir -p "$REHEARSE_LOG_DIR"
service_pids=()

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_service() {
  local name="$1" project="$2" port="$3"
  shift 3
  local dll bin log="$REHEARSE_LOG_DIR/$name.log"
  dll="$(basename "$project").dll"
  bin="$repo/$project/bin/${REHEARSE_CONFIGURATION:-Release}/net10.0"
  if port_open "$port"; then
    echo "$name: port $port is already in use (stop what holds it, or choose another port)" >&2
    return 1
  fi
  # setsid: a service gets its own process group, so Ctrl-C reaches it only through stop_services.
  (cd "$bin" && exec setsid dotnet "$dll" "$@") >"$log" 2>&1 &
  service_pids+=("$!")
  local waited=0
  until port_open "$port" && grep -q "Application started" "$log"; do
    if ! kill -0 "${service_pids[-1]}" 2>/dev/null; then
      echo "$name: failed to start; the end of $log:" >&2
      tail -n 20 "$log" >&2
      return 1
    fi
    sleep 0.5
    waited=$((waited + 1))
    if [ "$waited" -gt 240 ]; then
      echo "$name: did not start within 120 s; see $log" >&2
      return 1
    fi
  done
}

stop_services() {
  local pid
  for pid in "${service_pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${service_pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  service_pids=()
}
