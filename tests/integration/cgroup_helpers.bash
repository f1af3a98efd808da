# shellcheck shell=bash
# SC2016: jq filters are single-quoted on purpose. SC2034: variables are for the tests.
# shellcheck disable=SC2016,SC2034
# cgroup helpers for the integration tests: the same test reads the right kernel files on a
# cgroup v1 host, a hybrid host (v1 controllers + cgroup2 at /sys/fs/cgroup/unified, as on the
# build machines) and a pure cgroup v2 host (the VM in tests/vm).
#
#   CG_LAYOUT            v1 | hybrid | v2 (decided once, when the file is loaded)
#   cg_v2                true when resource controllers are cgroup v2 (CG_LAYOUT == v2)
#   cg_hierarchies       one line per hierarchy the runtime must place a container in:
#                        "KIND MOUNT_POINT ROOT CONTROLLERS" (KIND v1|v2; CONTROLLERS comma-
#                        separated, "-" for cgroup2), deduplicated like the runtime does
#   cg_dir PID KEY       the host directory of PID's cgroup for KEY: a controller name ("memory",
#                        "cpu", "pids", ...), "unified" (the cgroup2 hierarchy) or "name=systemd"
#   cg_dirs PID          the host directory of PID's cgroup in every hierarchy, one a line
#   cg_has KEY           the controller KEY can be used by containers on this host
#   cg_read KEY FILE     a file of the container's cgroup ($CG_PID, set by cg_container_pid)
#   cg_own PATH_KEY      the caller's own cgroup path (as in /proc/self/cgroup) for KEY

_CG_V1_CONTROLLERS=" cpu cpuacct cpuset memory devices freezer net_cls net_prio blkio perf_event hugetlb pids rdma misc "

_cg_detect_layout() {
	if [[ $(stat -fc %T /sys/fs/cgroup 2>/dev/null) == cgroup2fs ]]; then
		echo v2
	elif grep -q ' - cgroup2 ' /proc/self/mountinfo; then
		echo hybrid
	else
		echo v1
	fi
}
CG_LAYOUT=${CG_LAYOUT:-$(_cg_detect_layout)}

cg_v2() {
	[[ $CG_LAYOUT == v2 ]]
}

# Unescapes mountinfo's octal escapes (\040 for a space).
_cg_unescape() {
	printf '%b' "$1"
}

# Every cgroup hierarchy mount: "KIND MOUNT_POINT ROOT CONTROLLERS". On v2 only the cgroup2
# mount at /sys/fs/cgroup; elsewhere one mount per v1 hierarchy that has a controller or a
# name (preferring mounts under /sys/fs/cgroup) plus the cgroup2 mount if there is one.
cg_hierarchies() {
	if cg_v2; then
		local root
		root=$(awk '$5 == "/sys/fs/cgroup" { for (i = 7; $i != "-"; i++); if ($(i+1) == "cgroup2") print $4 }' \
			/proc/self/mountinfo | tail -n 1)
		echo "v2 /sys/fs/cgroup ${root:-/} -"
		return
	fi
	local -A seen=()
	local line kind mp root controllers opt
	while read -r kind mp root opts; do
		if [[ $kind == cgroup2 ]]; then
			[[ -n ${seen[v2]:-} && $mp != /sys/fs/cgroup/* ]] && continue
			seen[v2]="v2 $(_cg_unescape "$mp") $(_cg_unescape "$root") -"
			continue
		fi
		controllers=()
		for opt in ${opts//,/ }; do
			if [[ $_CG_V1_CONTROLLERS == *" $opt "* || $opt == name=* ]]; then
				controllers+=("$opt")
			fi
		done
		[[ ${#controllers[@]} -gt 0 ]] || continue
		local key
		key=$(printf '%s\n' "${controllers[@]}" | sort | paste -sd, -)
		[[ -n ${seen[$key]:-} && $mp != /sys/fs/cgroup/* ]] && continue
		seen[$key]="v1 $(_cg_unescape "$mp") $(_cg_unescape "$root") $key"
	done < <(awk '{ for (i = 7; $i != "-"; i++); if ($(i+1) == "cgroup" || $(i+1) == "cgroup2") print $(i+1), $5, $4, $(i+3) }' /proc/self/mountinfo)
	for line in "${seen[@]}"; do
		echo "$line"
	done | sort
}

# _cg_hierarchy KEY: the cg_hierarchies line for KEY (empty when there is none)
_cg_hierarchy() {
	local key=$1 kind mp root controllers
	while read -r kind mp root controllers; do
		if [[ $kind == v2 ]]; then
			if cg_v2 || [[ $key == unified ]]; then
				echo "$kind $mp $root $controllers"
				return 0
			fi
		elif [[ ,$controllers, == *",$key,"* ]]; then
			echo "$kind $mp $root $controllers"
			return 0
		fi
	done < <(cg_hierarchies)
	return 1
}

# _cg_path_in PROC_CGROUP_FILE KIND CONTROLLERS: the cgroup path of that hierarchy's line
_cg_path_in() {
	local file=$1 kind=$2 controllers=$3 id list path sorted
	while IFS=: read -r id list path; do
		if [[ $kind == v2 ]]; then
			[[ $id == 0 && -z $list ]] && {
				echo "$path"
				return 0
			}
		elif [[ $id != 0 ]]; then
			sorted=$(tr , '\n' <<<"$list" | sort | paste -sd, -)
			[[ $sorted == "$controllers" ]] && {
				echo "$path"
				return 0
			}
		fi
	done <"$file"
	return 1
}

# _cg_join MOUNT ROOT PATH: the directory of cgroup PATH in a hierarchy mounted at MOUNT
# showing ROOT
_cg_join() {
	local mp=$1 root=$2 path=$3
	if [[ $root != / ]]; then
		path=${path#"$root"}
	fi
	path=${path%/}
	echo "$mp$path"
}

cg_dir() { # PID KEY
	local h kind mp root controllers path
	h=$(_cg_hierarchy "$2") || {
		fail "no cgroup hierarchy for '$2' on this $CG_LAYOUT host"
		return 1
	}
	read -r kind mp root controllers <<<"$h"
	path=$(_cg_path_in "/proc/$1/cgroup" "$kind" "$controllers") || {
		fail "process $1 has no cgroup for '$2' in /proc/$1/cgroup: $(cat "/proc/$1/cgroup" 2>&1)"
		return 1
	}
	_cg_join "$mp" "$root" "$path"
}

cg_dirs() { # PID
	local kind mp root controllers path
	while read -r kind mp root controllers; do
		path=$(_cg_path_in "/proc/$1/cgroup" "$kind" "$controllers") || {
			echo "MISSING:$mp"
			continue
		}
		_cg_join "$mp" "$root" "$path"
	done < <(cg_hierarchies)
}

# cg_own KEY: the caller's cgroup path for KEY, as /proc/self/cgroup has it
cg_own() {
	local h kind mp root controllers
	h=$(_cg_hierarchy "$1") || return 1
	read -r kind mp root controllers <<<"$h"
	_cg_path_in /proc/self/cgroup "$kind" "$controllers"
}

# cg_own_dir KEY: the caller's own cgroup directory for KEY
cg_own_dir() {
	local h kind mp root controllers path
	h=$(_cg_hierarchy "$1") || return 1
	read -r kind mp root controllers <<<"$h"
	path=$(_cg_path_in /proc/self/cgroup "$kind" "$controllers") || return 1
	_cg_join "$mp" "$root" "$path"
}

# cg_has KEY: a container can use controller KEY here
cg_has() {
	if cg_v2; then
		grep -qw -- "$1" /sys/fs/cgroup/cgroup.controllers
	else
		_cg_hierarchy "$1" >/dev/null
	fi
}

# cg_mount_point KEY: the mount point of KEY's hierarchy
cg_mount_point() {
	local h kind mp root controllers
	h=$(_cg_hierarchy "$1") || return 1
	read -r kind mp root controllers <<<"$h"
	echo "$mp"
}

# cg_container_pid [ID]: sets CG_PID to the init pid of container ID (default $CID)
cg_container_pid() {
	CG_PID=$(state_field "${1:-$CID}" pid) || {
		fail "no state for ${1:-$CID}"
		return 1
	}
	[[ $CG_PID =~ ^[0-9]+$ && $CG_PID -gt 0 ]] || {
		fail "bad pid '$CG_PID' for ${1:-$CID}"
		return 1
	}
}

# cg_read KEY FILE: FILE of the container's cgroup for KEY (needs CG_PID)
cg_read() {
	local dir
	dir=$(cg_dir "$CG_PID" "$1") || return 1
	[[ -e $dir/$2 ]] || {
		fail "no file $dir/$2"
		return 1
	}
	cat "$dir/$2"
}

# assert_cg KEY FILE EXPECTED: the first line of FILE equals EXPECTED
assert_cg() {
	local got
	got=$(cg_read "$1" "$2") || return 1
	assert_equal "$got" "$3" "$1: $2"
}

# cg_all_dirs_named NAME: directories named NAME in any cgroup hierarchy (a leak check)
cg_all_dirs_named() {
	find /sys/fs/cgroup -mindepth 1 -maxdepth 10 -type d -name "$1" 2>/dev/null
}

# assert_no_cgroup NAME...: no directory of that name in any hierarchy
assert_no_cgroup() {
	local name left=()
	for name in "$@"; do
		mapfile -t -O "${#left[@]}" left < <(cg_all_dirs_named "$name")
	done
	[[ ${#left[@]} -eq 0 ]] || fail "cgroups left behind: ${left[*]}"
}

# cg_controller_dirs_layout: the hierarchies as the key each test reads: on v2 "unified" only
cg_keys() {
	local kind mp root controllers
	while read -r kind mp root controllers; do
		if [[ $kind == v2 ]]; then echo unified; else echo "${controllers%%,*}"; fi
	done < <(cg_hierarchies)
}

# run_sleeper [CMD]: runs the container detached with CMD (default: sleep), sets CG_PID
run_sleeper() {
	set_cmd "${1:-exec sleep 1000}"
	run_detached runtime run --detach --bundle "$BUNDLE" "$CID"
	assert_success || return 1
	cg_container_pid
}

# set_resources JSON: linux.resources = JSON (merged over what is there)
set_resources() {
	update_config '.linux.resources = ((.linux.resources // {}) * $r)' --argjson r "$1"
}

# host_block_device: "MAJOR MINOR" of a block device a test may throttle: /dev/ram0 when there
# is one (tests/vm/run-integration-in-vm.sh loads brd in the VM), else the whole disk holding the root file system. Empty
# when there is none (e.g. the root is not on a block device).
host_block_device() {
	local majmin dev
	if [[ -b /dev/ram0 ]]; then
		stat -Lc '%Hr %Lr' /dev/ram0
		return 0
	fi
	majmin=$(awk '$5 == "/" { print $3 }' /proc/self/mountinfo | tail -n 1)
	[[ $majmin =~ ^[0-9]+:[0-9]+$ ]] || return 0
	# a partition -> its disk (blkio throttles whole disks)
	dev=$(readlink -f "/sys/dev/block/$majmin" 2>/dev/null) || return 0
	[[ -e $dev/partition ]] && dev=$(dirname "$dev")
	[[ -r $dev/dev ]] || return 0
	tr : ' ' <"$dev/dev"
}

# The cgroup directory holding the container's processes (pids hierarchy on v1, else unified).
container_procs_dir() {
	cg_dir "$CG_PID" pids 2>/dev/null || cg_dir "$CG_PID" unified
}

# Waits (up to 5 s) until DIR/cgroup.procs lists at least N processes; the caller asserts.
wait_procs_at_least() {
	local dir=$1 n=$2
	for _ in $(seq 50); do
		[[ $(wc -l <"$dir/cgroup.procs") -ge $n ]] && return 0
		sleep 0.1
	done
}
