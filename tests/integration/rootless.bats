#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2154
# Rootless: a real unprivileged user, created for each test (removed in teardown), runs
# `spec --rootless` and the container with a private copy of the runtime and of the rootfs
# (outside the root-only test directory). No --root: the state goes to the user's default.

load helpers
load privileges

setup() {
	berth_setup
	RL_USER=brl$$x$RANDOM
	RL_DIR=$(mktemp -d /tmp/berth-rootless.XXXXXX)
	chmod 0755 "$RL_DIR"
	defer "rm -rf '$RL_DIR'"
	# no subordinate ids: the user can map only itself
	useradd --create-home --home-dir "$RL_DIR/home" --shell /bin/sh --user-group \
		-K SUB_UID_COUNT=0 -K SUB_GID_COUNT=0 "$RL_USER"
	defer "userdel -r '$RL_USER'"
	RL_UID=$(id -u "$RL_USER")
	RL_GID=$(id -g "$RL_USER")
	! grep -q "^$RL_USER:" /etc/subuid /etc/subgid || fail "useradd allocated subordinate ids"

	mkdir -p "$RL_DIR/bin" "$RL_DIR/bundle" "$RL_DIR/xdg"
	RL_BIN=$RL_DIR/bin/$RUNTIME_NAME
	cp "$RUNTIME" "$RL_BIN"
	chmod 0755 "$RL_BIN"
	cp -a "$ROOTFS" "$RL_DIR/bundle/rootfs"
	chown -R "$RL_UID:$RL_GID" "$RL_DIR/bundle" "$RL_DIR/xdg"
	chmod 0700 "$RL_DIR/xdg"
	ROOTFS_IDS+=("$(stat -c '%d:%i' "$RL_DIR/bundle/rootfs")")
	# runs first in teardown: what the user's runtime still knows, and the user's processes
	defer "rootless_cleanup"
}

# as_user CMD...: CMD as the unprivileged user (no capabilities, no supplementary groups),
# with a clean environment; XDG_RUNTIME_DIR from $RL_XDG (default $RL_DIR/xdg, "" for none)
as_user() {
	local xdg=${RL_XDG-$RL_DIR/xdg}
	local env=(HOME="$RL_DIR/home" PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin USER="$RL_USER")
	[[ -n $xdg ]] && env+=(XDG_RUNTIME_DIR="$xdg")
	timeout -k 5 "$BERTH_TEST_TIMEOUT" setpriv --reuid="$RL_UID" --regid="$RL_GID" --clear-groups \
		env -i "${env[@]}" "$@" 3>&-
}

# user_processes: live processes of the user (after up to a second for dying ones)
user_processes() {
	local f pid i found
	for ((i = 0; i < 20; i++)); do
		found=$(for f in /proc/[0-9]*/status; do
			awk -v u="$RL_UID" '$1 == "Uid:" && $2 == u {found = 1} END {exit !found}' "$f" 2>/dev/null || continue
			pid=${f#/proc/}
			pid=${pid%/status}
			is_live_pid "$pid" && echo "$pid"
		done)
		[[ -z $found ]] && return 0
		sleep 0.05
	done
	echo "$found" | tr '\n' ' '
}

rootless_cleanup() {
	local d id pid
	for d in "$RL_DIR"/xdg/*/ "/tmp/$RUNTIME_NAME-$RL_UID"/; do
		[[ -d $d ]] || continue
		for id in "$d"*/; do
			[[ -d $id ]] || continue
			id=${id%/}
			as_user "$RL_BIN" --root "$d" delete --force "${id##*/}" </dev/null >/dev/null 2>&1 || true
		done
	done
	for pid in $(user_processes); do
		kill -KILL "$pid" 2>/dev/null || true
	done
	rm -rf "/tmp/$RUNTIME_NAME-$RL_UID"
}

# rootless_spec: `spec --rootless` as the user in the bundle, then terminal off, the
# container's process set to the shell command $1
rootless_spec() {
	run as_user sh -c "cd '$RL_DIR/bundle' && '$RL_BIN' spec --rootless"
	assert_success
	CONFIG=$RL_DIR/bundle/config.json update_config '.process.terminal = false | .root.readonly = false
		| .process.args = ["sh", "-c", $c]' --arg c "$1"
	chown "$RL_UID:$RL_GID" "$RL_DIR/bundle/config.json"
}

@test "rootless: spec --rootless maps only the user to root, in a user namespace, without a network namespace" {
	rootless_spec true
	cfg=$RL_DIR/bundle/config.json
	jq -e '.linux.namespaces | map(.type) | index("user")' "$cfg" >/dev/null || fail "no user namespace"
	! jq -e '.linux.namespaces | map(.type) | index("network")' "$cfg" >/dev/null || fail "a network namespace (a rootless user cannot set it up)"
	assert_equal "$(jq -c '.linux.uidMappings' "$cfg")" "[{\"containerID\":0,\"hostID\":$RL_UID,\"size\":1}]" uidMappings
	assert_equal "$(jq -c '.linux.gidMappings' "$cfg")" "[{\"containerID\":0,\"hostID\":$RL_GID,\"size\":1}]" gidMappings
}

@test "rootless: the user's container runs as root in a user namespace mapping that user" {
	rootless_spec 'id -u; id -g; awk "{print \$1, \$2, \$3}" /proc/self/uid_map /proc/self/gid_map; readlink /proc/self/ns/user
		echo $$; touch /made-inside; grep ^CapEff /proc/self/status'
	run as_user "$RL_BIN" run --bundle "$RL_DIR/bundle" "$CID" </dev/null
	assert_success
	assert_line 0 0
	assert_line 1 0
	assert_line 2 "0 $RL_UID 1"
	assert_line 3 "0 $RL_GID 1"
	[[ ${lines[4]} == user:* && ${lines[4]} != "$(host_ns user)" ]] || fail "not in a new user namespace: ${lines[4]}"
	assert_line 5 1
	assert_equal "$(stat -c %u:%g "$RL_DIR/bundle/rootfs/made-inside")" "$RL_UID:$RL_GID" "host owner of a file made inside"
	[[ -z $(user_processes) ]] || fail "processes of the user left: $(user_processes)"
}

@test "rootless: 32 runs, 4 at a time, all succeed (no race between writing the id maps and the child)" {
	rootless_spec true
	for j in 1 2 3 4; do
		(
			for i in 1 2 3 4 5 6 7 8; do
				as_user "$RL_BIN" run --bundle "$RL_DIR/bundle" "$CID-$j-$i" </dev/null >"$RL_DIR/out-$j-$i" 2>&1 ||
					echo "run $j-$i failed: $(cat "$RL_DIR/out-$j-$i")"
			done
		) >"$RL_DIR/loop-$j" &
	done
	wait
	failures=$(cat "$RL_DIR"/loop-*)
	[[ -z $failures ]] || fail "$(grep -c failed <<<"$failures") of 32 runs failed:" "$failures"
}

@test "rootless: state under \$XDG_RUNTIME_DIR; list, state, kill and delete work as that user" {
	rootless_spec 'exec sleep 100'
	run_detached as_user "$RL_BIN" run --detach --bundle "$RL_DIR/bundle" "$CID"
	assert_success
	state_dirs=$(find "$RL_DIR/xdg" -mindepth 2 -maxdepth 2 -name "$CID" -type d)
	[[ -n $state_dirs ]] || fail "no state directory for $CID under \$XDG_RUNTIME_DIR: $(find "$RL_DIR/xdg" | head)"
	[[ ! -e /run/$RUNTIME_NAME/$CID && ! -e /run/runc/$CID ]] || fail "state written to root's state directory"

	run as_user "$RL_BIN" list
	assert_success
	assert_output_matches "$CID +[0-9]+ +running"
	run as_user "$RL_BIN" state "$CID"
	assert_success
	pid=$(jq -r .pid <<<"$output")
	assert_equal "$(stat -c %u "/proc/$pid")" "$RL_UID" "host uid of the container process"
	[[ $(readlink "/proc/$pid/ns/user") != "$(host_ns user)" ]] || fail "the container is in the host's user namespace"

	run as_user "$RL_BIN" kill "$CID" KILL
	assert_success
	for ((i = 0; i < 100; i++)); do
		[[ $(as_user "$RL_BIN" state "$CID" | jq -r .status) == stopped ]] && break
		sleep 0.05
	done
	run as_user "$RL_BIN" delete "$CID"
	assert_success
	[[ -z $(find "$RL_DIR/xdg" -mindepth 2 -name "$CID") ]] || fail "state left: $(find "$RL_DIR/xdg" -mindepth 2)"
	run as_user "$RL_BIN" list
	assert_success
	refute_output_contains "$CID"
	[[ -z $(user_processes) ]] || fail "processes of the user left: $(user_processes)"
}

@test "rootless: without XDG_RUNTIME_DIR the state goes to /tmp/berth-runtime-<uid>" {
	requires_berth "the fallback directory is berth's"
	rootless_spec 'exec sleep 100'
	RL_XDG='' run_detached as_user "$RL_BIN" run --detach --bundle "$RL_DIR/bundle" "$CID"
	assert_success
	[[ -d /tmp/berth-runtime-$RL_UID/$CID ]] || fail "no state in /tmp/berth-runtime-$RL_UID"
	assert_equal "$(stat -c %u "/tmp/berth-runtime-$RL_UID")" "$RL_UID" "owner of the state root"
	RL_XDG='' run as_user "$RL_BIN" delete --force "$CID"
	assert_success
	[[ ! -e /tmp/berth-runtime-$RL_UID/$CID ]] || fail "state left"
}

@test "rootless: the user cannot map ids that are not its own (root, or a range without subordinate ids)" {
	rootless_spec true
	for hostid in 0 100000; do
		CONFIG=$RL_DIR/bundle/config.json update_config '.linux.uidMappings = [{"containerID": 0, "hostID": $h, "size": 1}]' \
			--argjson h "$hostid"
		run_detached as_user "$RL_BIN" create --bundle "$RL_DIR/bundle" "$CID"
		assert_failure
		assert_output_not_empty
		is_berth && assert_output_contains linux.uidMappings
		[[ -z $(find "$RL_DIR/xdg" -mindepth 2 -name "$CID") ]] || fail "state left for a refused container"
	done
	[[ -z $(user_processes) ]] || fail "processes of the user left: $(user_processes)"
}
