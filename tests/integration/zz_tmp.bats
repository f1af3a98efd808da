load helpers
@test "leak a process" {
  bg_start sh -c 'sleep 1000; true' "$TEST_WORK"
  BG_PIDS=()
  mkdir -p $STATE_ROOT/bogus
}
