# shellcheck shell=bash
# Shared by docker.bats, podman.bats and containerd.bats (bats 1.8), run through run.sh, which
# started the daemons (daemons.bash) and chose the runtime under test:
#   E2E_RT              berth, runc...: the runtime's short name
#   E2E_RUNTIME         the runtime as the clients call it (the logging wrapper)
#   E2E_DOCKER_RUNTIME  its name for `docker run --runtime`
# and every client is pointed at its private daemon or storage (DOCKER_HOST, CONTAINERD_ADDRESS,
# CONTAINERS_CONF...), where the busybox image is $E2E_IMAGE_DOCKER, _PODMAN or _CTR. Container
# names start with "e2e-$E2E_RT-", so teardown finds what a failed test left behind.
# SC2034: variables are for the tests. SC2154: bats sets status and output.
# shellcheck disable=SC2034,SC2154

[[ -n ${E2E_TMP:-} && -f $E2E_TMP/env.runtime ]] || {
	echo "the e2e tests run through tests/e2e/run.sh" >&2
	exit 1
}
# shellcheck source=/dev/null
source "$E2E_TMP/env"
# shellcheck source=/dev/null
source "$E2E_TMP/env.runtime"

FIXTURES=$(cd "$BATS_TEST_DIRNAME/../fixtures" && pwd)

# Seconds any single client command may take.
E2E_TIMEOUT=${E2E_TIMEOUT:-60}

is_berth() { [[ $E2E_RT == berth* ]]; }

# Whether these tests run with CAP_SYS_RESOURCE (bit 24); without it, daemons.bash gives podman
# default ulimits of 4096.
has_cap_sys_resource() {
	local eff
	eff=$(awk '/^CapEff:/ { print $2 }' /proc/self/status)
	(((0x$eff >> 24) & 1))
}

# --- clients -----------------------------------------------------------------------------

dk() { timeout "$E2E_TIMEOUT" docker "$@"; }

# docker run with the runtime under test.
# (--network none: dockerd runs with --bridge=none and no iptables; it also keeps docker run from
# warning that IPv4 forwarding is off.)
dk_run() { dk run --runtime "$E2E_DOCKER_RUNTIME" --network none "$@"; }

pm() {
	local d=$E2E_TMP/podman
	timeout "$E2E_TIMEOUT" podman --root "$d/root" --runroot "$d/runroot" --tmpdir "$d/tmp" \
		--cgroup-manager cgroupfs --events-backend file --runtime "$E2E_RUNTIME" "$@"
}

# podman run/create with the containers' cgroup parent (containers.conf has no such key).
pm_run() { pm run --cgroup-parent "/$E2E_TAG-podman" "$@"; }

ct() { timeout "$E2E_TIMEOUT" ctr --address "$CONTAINERD_ADDRESS" -n "$E2E_TAG" "$@"; }

# ctr run with the runtime under test (through containerd's runc shim), and ctr tasks exec; the
# stdio fifos go to a private directory (ctr's default is /run/containerd/fifo).
ct_run() {
	ct run --runtime io.containerd.runc.v2 --runc-binary "$E2E_RUNTIME" --runc-root "$E2E_CTR_RUNTIME_ROOT" \
		--fifo-dir "$E2E_TMP/containerd/fifo" "$@"
}
ct_exec() { ct tasks exec --fifo-dir "$E2E_TMP/containerd/fifo" "$@"; }

# A container name for this test: e2e-<runtime>-<test number>[-SUFFIX].
cname() { echo "e2e-$E2E_RT-$BATS_TEST_NUMBER${1:+-$1}"; }

# The full id of a docker container.
dk_id() { dk inspect -f '{{.Id}}' "$1"; }

# --- assertions --------------------------------------------------------------------------

fail() {
	printf '%s\n' "$@" >&2
	return 1
}

_show_run() { printf 'status: %s\noutput:\n%s\n' "$status" "$output" >&2; }

assert_success() {
	[[ $status -eq 0 ]] || { _show_run && fail "expected success, got exit status $status"; }
}

assert_status() {
	[[ $status -eq $1 ]] || { _show_run && fail "expected exit status $1, got $status"; }
}

assert_output() {
	[[ $output == "$1" ]] || { _show_run && fail "expected output: $1"; }
}

assert_output_contains() {
	[[ $output == *"$1"* ]] || { _show_run && fail "expected the output to contain: $1"; }
}

refute_output_contains() {
	[[ $output != *"$1"* ]] || { _show_run && fail "expected the output not to contain: $1"; }
}

assert_equal() { # ACTUAL EXPECTED [WHAT]
	[[ $1 == "$2" ]] || fail "${3:-value}: expected '$2', got '$1'"
}

# retry SECONDS COMMAND...: until COMMAND succeeds, every 0.1 s.
retry() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@"; do
		((SECONDS < deadline)) || return 1
		sleep 0.1
	done
}

# assert_runtime_called COMMAND ID: the client called the runtime under test (the wrapper logs
# every call) with COMMAND for the container ID.
assert_runtime_called() {
	local log=$E2E_TMP/logs/$E2E_RT/calls.log
	grep -E -- " $1 .*$2" "$log" >/dev/null ||
		fail "$E2E_RT was not called with '$1 ... $2'; its calls:" "$(tail -n 5 "$log" 2>/dev/null)"
}
