#!/usr/bin/env bats
# cgroups, placement: where a container's cgroup goes in every hierarchy (linux.cgroupsPath
# absolute, relative, absent), what the cgroup namespace shows inside, and that delete and
# repeated runs leave no cgroup directory behind. The same file runs on cgroup v1, hybrid
# (these hosts) and pure cgroup v2 (tests/vm/run-integration-in-vm.sh): cgroup_helpers.bash
# reads the layout from the kernel's mounts.

load helpers
load cgroup_helpers

# expected_dirs REQUESTED: the directory each hierarchy (in cg_hierarchies order) must hold
# for a container whose cgroup is REQUESTED (absolute: from the hierarchy's root; relative:
# under the caller's own cgroup)
expected_dirs() {
	local req=$1 kind mp root controllers own
	while read -r kind mp root controllers; do
		if [[ $req == /* ]]; then
			echo "$mp$req"
		else
			own=$(_cg_path_in /proc/self/cgroup "$kind" "$controllers")
			echo "$(_cg_join "$mp" "$root" "$own")/$req"
		fi
	done < <(cg_hierarchies)
}

# assert_placed REQUESTED: the container ($CG_PID) is in REQUESTED in every hierarchy, and
# each of those directories lists it
assert_placed() {
	local expected actual dir
	expected=$(expected_dirs "$1")
	actual=$(cg_dirs "$CG_PID")
	assert_equal "$actual" "$expected" "container cgroup directories ($CG_LAYOUT host)" || return 1
	while read -r dir; do
		[[ -d $dir ]] || fail "no directory $dir" || return 1
		grep -qx "$CG_PID" "$dir/cgroup.procs" || fail "$dir/cgroup.procs does not list $CG_PID" || return 1
	done <<<"$actual"
}

# parents_made_by_runtime REQUESTED_PARENT...: berth removes the parents it created on
# delete; runc 1.1.5 never does, so for runc they are removed in teardown instead (shallowest
# first here: deferred commands run last-first). Sets PARENTS, for assert_parents_gone.
parents_made_by_runtime() {
	local req dir
	PARENTS=()
	for req in "$@"; do
		while read -r dir; do
			PARENTS+=("$dir")
			is_berth || defer "rmdir '$dir'"
		done < <(expected_dirs "$req")
	done
}

# assert_parents_gone DIR...: berth removed the parents it created (runc 1.1.5 leaves them)
assert_parents_gone() {
	is_berth || return 0
	assert_dirs_gone "$@"
}

# assert_dirs_gone DIR...: none of the directories exists any more
assert_dirs_gone() {
	local dir left=()
	for dir in "$@"; do
		[[ -e $dir ]] && left+=("$dir")
	done
	[[ ${#left[@]} -eq 0 ]] || fail "left behind: ${left[*]}"
}

@test "cgroups: the layout is what the kernel mounts, and each hierarchy is listed once" {
	run cg_hierarchies
	assert_success
	case $CG_LAYOUT in
	v2)
		assert_equal "${#lines[@]}" 1 "hierarchies on a v2 host"
		[[ ${lines[0]} == "v2 /sys/fs/cgroup "* ]] || fail "v2 hierarchy: ${lines[0]}"
		;;
	hybrid)
		grep -q '^v2 ' <<<"$output" || fail "hybrid host without a cgroup2 hierarchy: $output"
		grep -q '^v1 .* .*memory' <<<"$output" || fail "hybrid host without a v1 memory hierarchy: $output"
		;;
	v1)
		grep -q '^v2 ' <<<"$output" && fail "v1 host with a cgroup2 hierarchy: $output"
		;;
	esac
	echo "# $CG_LAYOUT: $(cg_keys | tr '\n' ' ')" >&3
}

@test "placement: no cgroupsPath puts the container at <caller's cgroup>/<id> in every hierarchy" {
	update_config 'del(.linux.cgroupsPath)'
	run_sleeper
	assert_placed "$CID"
	# one directory per hierarchy: v1 controllers + cgroup2 on hybrid, the single one on v2
	local n
	n=$(cg_dirs "$CG_PID" | wc -l)
	assert_equal "$n" "$(cg_hierarchies | wc -l)" "number of container directories"
	if [[ $CG_LAYOUT == hybrid ]]; then
		[[ -d $(cg_dir "$CG_PID" unified) ]] || fail "not placed in the cgroup2 hierarchy"
		[[ $(cg_dir "$CG_PID" unified) == */$CID ]] || fail "cgroup2 directory: $(cg_dir "$CG_PID" unified)"
	fi
	local dirs
	mapfile -t dirs < <(cg_dirs "$CG_PID")

	run runtime delete --force "$CID"
	assert_success
	assert_dirs_gone "${dirs[@]}"
	assert_no_cgroup "$CID"
}

@test "placement: an absolute cgroupsPath is taken from each hierarchy's root; delete removes the parents it made" {
	update_config '.linux.cgroupsPath = $p' --arg p "/$CID-abs/nested/$CID"
	run_sleeper
	assert_placed "/$CID-abs/nested/$CID"
	local dirs
	mapfile -t dirs < <(cg_dirs "$CG_PID")
	parents_made_by_runtime "/$CID-abs" "/$CID-abs/nested"
	run runtime delete --force "$CID"
	assert_success
	assert_dirs_gone "${dirs[@]}"
	assert_parents_gone "${PARENTS[@]}"
}

@test "placement: a relative cgroupsPath goes under the caller's cgroup; delete removes the parents it made" {
	update_config '.linux.cgroupsPath = $p' --arg p "$CID-rel/$CID"
	run_sleeper
	assert_placed "$CID-rel/$CID"
	local dirs
	mapfile -t dirs < <(cg_dirs "$CG_PID")
	parents_made_by_runtime "$CID-rel"
	run runtime delete --force "$CID"
	assert_success
	assert_dirs_gone "${dirs[@]}"
	assert_parents_gone "${PARENTS[@]}"
}

# make_parent_cgroup NAME: NAME under every hierarchy's root, set up as a cgroup manager would
# (v1 cpuset: cpus and mems copied from the root); removed in teardown
make_parent_cgroup() {
	local dir
	while read -r dir; do
		mkdir "$dir" || return 1
		defer "rmdir '$dir'"
		if [[ -e $dir/cpuset.cpus && -e $dir/cpuset.mems && ! -e $dir/cgroup.controllers ]]; then
			cat "$(dirname "$dir")/cpuset.cpus" >"$dir/cpuset.cpus"
			cat "$(dirname "$dir")/cpuset.mems" >"$dir/cpuset.mems"
		fi
	done < <(expected_dirs "/$1")
}

@test "placement: delete leaves a parent cgroup that existed before the container" {
	make_parent_cgroup "$CID-keep"
	update_config '.linux.cgroupsPath = $p' --arg p "/$CID-keep/$CID"
	run_sleeper
	assert_placed "/$CID-keep/$CID"
	local dirs parents dir
	mapfile -t dirs < <(cg_dirs "$CG_PID")
	mapfile -t parents < <(expected_dirs "/$CID-keep")
	run runtime delete --force "$CID"
	assert_success
	assert_dirs_gone "${dirs[@]}"
	for dir in "${parents[@]}"; do
		[[ -d $dir ]] || fail "delete removed the pre-existing parent $dir"
	done
}

@test "placement: a pre-existing v1 cpuset parent with no cpus set is filled in, as runc does" {
	[[ $CG_LAYOUT != v2 ]] || skip "v1 cpuset only (cgroup v2 cpusets inherit)"
	cg_has cpuset || skip "no v1 cpuset hierarchy"
	local parent
	parent=$(cg_mount_point cpuset)/$CID-empty
	mkdir "$parent"
	defer "rmdir '$parent'"
	[[ -z $(tr -d '\n' <"$parent/cpuset.cpus") ]] || skip "the kernel filled cpuset.cpus itself"
	parents_made_by_runtime "/$CID-empty"
	update_config '.linux.cgroupsPath = $p' --arg p "/$CID-empty/$CID"
	run_sleeper
	[[ $(cg_dir "$CG_PID" cpuset) == "$parent/$CID" ]] || fail "cpuset dir $(cg_dir "$CG_PID" cpuset)"
	[[ -n $(tr -d '\n' <"$parent/$CID/cpuset.cpus") ]] || fail "the container's cpuset.cpus is empty"
}

@test "placement: two containers under one parent the runtime made: deleting both, in either order, removes it" {
	requires_berth "runc 1.1.5 never removes the parents it creates"
	local first second
	for order in ab ba; do
		update_config '.linux.cgroupsPath = $p' --arg p "/$CID-shared/$CID-a"
		set_cmd 'exec sleep 1000'
		run_detached runtime run --detach --bundle "$BUNDLE" "$CID-a"
		assert_success
		update_config '.linux.cgroupsPath = $p' --arg p "/$CID-shared/$CID-b"
		run_detached runtime run --detach --bundle "$BUNDLE" "$CID-b"
		assert_success
		first=$CID-${order:0:1} second=$CID-${order:1:1}
		run runtime delete --force "$first"
		assert_success
		run runtime delete --force "$second"
		assert_success
		assert_no_cgroup "$CID-a" "$CID-b"
		[[ -z $(cg_all_dirs_named "$CID-shared") ]] ||
			fail "deleting $first then $second left the shared parent: $(cg_all_dirs_named "$CID-shared" | tr '\n' ' ')"
	done
}

@test "cgroup namespace: /proc/self/cgroup shows / and /sys/fs/cgroup is the container's own cgroup, read-only" {
	set_namespaces pid mount uts ipc cgroup
	update_config '.mounts = [.mounts[] | select(.destination != "/sys/fs/cgroup")] +
		[{"destination": "/sys/fs/cgroup", "type": "cgroup", "source": "cgroup",
		  "options": ["nosuid", "noexec", "nodev", "relatime", "ro"]}]'
	set_resources '{"pids": {"limit": 77}}'
	local pids_dir=/sys/fs/cgroup/pids
	cg_v2 && pids_dir=/sys/fs/cgroup
	set_cmd "cat /proc/self/cgroup; echo ---; cat $pids_dir/pids.max; echo ---
		mkdir $pids_dir/$CID-sub 2>&1 && echo MKDIR-OK; echo ---
		awk '\$5 ~ \"^/sys/fs/cgroup\" { print \$5, \$6 }' /proc/self/mountinfo"
	run_container
	assert_success
	local part=0 line
	for line in "${lines[@]}"; do
		if [[ $line == --- ]]; then
			part=$((part + 1))
			continue
		fi
		case $part in
		0) [[ $line == *:/ ]] || fail "inside a cgroup namespace /proc/self/cgroup must show '/': $line" ;;
		1) assert_equal "$line" 77 "pids.max seen inside (the container's own cgroup)" ;;
		2) [[ $line != MKDIR-OK ]] || fail "mkdir in a read-only /sys/fs/cgroup succeeded" ;;
		3)
			# runc 1.1.5 leaves the tmpfs that holds the v1 hierarchies writable
			if is_berth || [[ $line != "/sys/fs/cgroup "* ]] || cg_v2; then
				[[ $line == *" ro,"* || $line == *" ro" ]] || fail "not read-only: $line"
			fi
			;;
		esac
	done
	assert_equal "$part" 3 "output sections"
	grep -q '^/sys/fs/cgroup ' <<<"$output" || fail "no /sys/fs/cgroup mount inside: $output"
	assert_no_cgroup "$CID-sub"
}

@test "cgroup namespace: /sys/fs/cgroup mounted rw lets the container make a sub-cgroup; delete removes it" {
	set_namespaces pid mount uts ipc cgroup
	update_config '.mounts = [.mounts[] | select(.destination != "/sys/fs/cgroup")] +
		[{"destination": "/sys/fs/cgroup", "type": "cgroup", "source": "cgroup",
		  "options": ["nosuid", "noexec", "nodev", "relatime", "rw"]}]'
	local pids_dir=/sys/fs/cgroup/pids
	cg_v2 && pids_dir=/sys/fs/cgroup
	run_sleeper "mkdir $pids_dir/sub && echo made > /dev/null; exec sleep 1000"
	local host_dir
	host_dir=$(cg_dir "$CG_PID" pids)
	for _ in $(seq 50); do
		[[ -d $host_dir/sub ]] && break
		sleep 0.1
	done
	[[ -d $host_dir/sub ]] || fail "the container could not make $pids_dir/sub (host: $host_dir/sub)"
	run runtime delete --force "$CID"
	assert_success
	assert_dirs_gone "$host_dir/sub" "$host_dir"
}

@test "delete: repeated runs and create/start/kill/delete cycles leave no cgroup directory behind" {
	set_cmd 'true'
	local i
	for i in 1 2 3; do
		run runtime run --bundle "$BUNDLE" "$CID-$i" </dev/null
		assert_success
		assert_no_cgroup "$CID-$i"
	done
	update_config '.linux.cgroupsPath = $p' --arg p "/$CID-cycle/$CID"
	parents_made_by_runtime "/$CID-cycle"
	set_cmd 'exec sleep 1000'
	for i in 1 2 3; do
		create_container
		assert_success
		run runtime start "$CID"
		assert_success
		run runtime kill "$CID" KILL
		assert_success
		wait_status "$CID" stopped
		run runtime delete "$CID"
		assert_success
		assert_no_cgroup "$CID"
		if is_berth; then assert_no_cgroup "$CID-cycle"; fi
	done
}

@test "delete --force of a created (never started) container removes its cgroups" {
	update_config '.linux.cgroupsPath = $p' --arg p "/$CID-created/$CID"
	parents_made_by_runtime "/$CID-created"
	create_container
	assert_success
	cg_container_pid
	assert_placed "/$CID-created/$CID"
	run runtime delete --force "$CID"
	assert_success
	assert_no_cgroup "$CID"
	if is_berth; then assert_no_cgroup "$CID-created"; fi
}
