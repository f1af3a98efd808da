# shellcheck shell=bash
# The e2e tests' machinery, sourced by run.sh: installing the clients, starting containerd and
# dockerd on private paths, importing the busybox image, choosing the runtime under test,
# checking that a runtime left nothing behind, and tearing everything down again.
#
# Everything lives under $E2E_TMP (made by run.sh):
#   bin/<name>/<runtime>       the runtime wrappers (runtime-wrapper.sh) the clients are given
#   logs/<name>/               what the wrapper recorded; logs/containerd.log, logs/dockerd.log
#   images/                    rootfs.tar and busybox-oci.tar (make-images.sh)
#   containerd/ docker/ podman/  the clients' configuration, data, state and sockets
#   env, env.runtime           the variables the .bats files read (the clients; the runtime)
# Names outside it carry $E2E_TAG: the cgroup parents (<tag>-docker, <tag>-podman, and the ctr
# namespace <tag>, which is its cgroup parent too). Every daemon is stopped by the pid it was
# started with; nothing else on the machine (a host dockerd or containerd) is used or touched.
# SC2034: the variables are read by the .bats files through $E2E_TMP/env. SC2086: lists of
# container ids are split on purpose.
# shellcheck disable=SC2034,SC2086

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Names of the runtimes under test (berth, runc, ...), their wrappers and real paths, by real path.
declare -gA E2E_NAME_OF=() E2E_WRAPPER_OF=()
E2E_PIDS_CONTAINERD='' E2E_PIDS_DOCKERD=''
E2E_CLIENTS=()
# The busybox image (make-images.sh) as each client names it; busybox-oci.tar carries the last.
E2E_IMAGE_DOCKER=busybox-e2e:latest
E2E_IMAGE_PODMAN=localhost/busybox-e2e:latest
E2E_IMAGE_CTR=docker.io/library/busybox-e2e:latest

e2e_log() { printf '# %s\n' "$*"; }

# --- install ---------------------------------------------------------------------------------

# Installs the clients (Debian's packages) when missing, without letting their maintainer
# scripts start the host's dockerd or containerd (a policy-rc.d that says no, while apt runs).
e2e_install_packages() {
	local packages=(docker.io containerd podman conmon runc bats jq busybox-static python3)
	local missing=() p
	for p in "${packages[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	((${#missing[@]})) || return 0
	e2e_log "installing ${missing[*]}"
	local policy=/usr/sbin/policy-rc.d made_policy=0
	if [[ ! -e $policy ]]; then
		printf '#!/bin/sh\n# berth e2e: no service starts while packages install\nexit 101\n' >"$policy"
		chmod 0755 "$policy"
		made_policy=1
	fi
	local rc=0
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq || true
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || rc=$?
	((made_policy)) && rm -f "$policy"
	return "$rc"
}

# --- prepare ---------------------------------------------------------------------------------

# e2e_prepare RUNTIME...: the directories, the images, and one wrapper per runtime.
e2e_prepare() {
	local suffix
	suffix=$(basename "$E2E_TMP" | sed 's/.*\.//' | tr '[:upper:]' '[:lower:]')
	E2E_TAG=berth-e2e-$suffix
	export E2E_TAG
	mkdir -p "$E2E_TMP"/{bin,logs,images,containerd,docker,podman}
	e2e_note_host_paths
	"$E2E_DIR/make-images.sh" "$E2E_TMP/images" >/dev/null

	local rt name base taken
	for rt in "$@"; do
		base=$(basename "$rt")
		case $base in
		berth-runtime*) name=berth ;;
		*) name=$base ;;
		esac
		# Two runtimes with one name (two builds of berth) get -2, -3...
		taken=1
		while [[ " ${E2E_NAME_OF[*]} " == *" $name "* ]]; do
			((taken++))
			name=${name%-[0-9]*}-$taken
		done
		mkdir -p "$E2E_TMP/bin/$name" "$E2E_TMP/logs/$name"
		sed -e "s|@REAL@|$rt|" -e "s|@LOGDIR@|$E2E_TMP/logs/$name|" "$E2E_DIR/runtime-wrapper.sh" \
			>"$E2E_TMP/bin/$name/$base"
		chmod 0755 "$E2E_TMP/bin/$name/$base"
		E2E_NAME_OF[$rt]=$name
		E2E_WRAPPER_OF[$rt]=$E2E_TMP/bin/$name/$base
	done
}

# The name dockerd knows a runtime by: its own, except "runc", which dockerd reserves.
e2e_docker_runtime_name() {
	[[ $1 == runc ]] && echo runc-e2e || echo "$1"
}

# --- daemons ---------------------------------------------------------------------------------

# e2e_wait_for SECONDS WHAT COMMAND...: retries COMMAND every 0.1 s.
e2e_wait_for() {
	local deadline=$((SECONDS + $1)) what=$2
	shift 2
	until "$@" >/dev/null 2>&1; do
		if ((SECONDS >= deadline)); then
			echo "e2e: $what did not come up in time" >&2
			return 1
		fi
		sleep 0.1
	done
}

e2e_start_containerd() {
	local d=$E2E_TMP/containerd
	mkdir -p "$d/root" "$d/state" "$d/opt"
	cat >"$d/config.toml" <<EOF
version = 2
root = "$d/root"
state = "$d/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$d/containerd.sock"
[ttrpc]
  address = "$d/containerd.sock.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "$d/opt"
EOF
	containerd --config "$d/config.toml" --log-level warn >"$E2E_TMP/logs/containerd.log" 2>&1 &
	E2E_PIDS_CONTAINERD=$!
	echo "$E2E_PIDS_CONTAINERD" >"$d/containerd.pid"
	e2e_wait_for 30 containerd ctr --address "$d/containerd.sock" version ||
		{ tail -n 20 "$E2E_TMP/logs/containerd.log" >&2 && return 1; }
}

e2e_start_dockerd() {
	local d=$E2E_TMP/docker rt name
	mkdir -p "$d/data" "$d/exec"
	# The trust key would otherwise go to /etc/docker/key.json (there is no flag for it).
	printf '{"deprecated-key-path": "%s"}\n' "$d/key.json" >"$d/daemon.json"
	local runtimes=()
	for rt in "${!E2E_WRAPPER_OF[@]}"; do
		name=$(e2e_docker_runtime_name "${E2E_NAME_OF[$rt]}")
		runtimes+=(--add-runtime "$name=${E2E_WRAPPER_OF[$rt]}")
	done
	dockerd --config-file "$d/daemon.json" --data-root "$d/data" --exec-root "$d/exec" \
		--pidfile "$d/docker.pid" -H "unix://$d/docker.sock" \
		--containerd "$E2E_TMP/containerd/containerd.sock" \
		--iptables=false --ip6tables=false --ip-masq=false --ip-forward=false --bridge=none \
		--userland-proxy=false --storage-driver overlay2 --exec-opt native.cgroupdriver=cgroupfs \
		--cgroup-parent "/$E2E_TAG-docker" --log-level warn "${runtimes[@]}" \
		>"$E2E_TMP/logs/dockerd.log" 2>&1 &
	E2E_PIDS_DOCKERD=$!
	echo "$E2E_PIDS_DOCKERD" >"$d/dockerd.pid"
	e2e_wait_for 60 dockerd env DOCKER_CONFIG="$d/cli" docker -H "unix://$d/docker.sock" version ||
		{ tail -n 20 "$E2E_TMP/logs/dockerd.log" >&2 && return 1; }
}

# e2e_has_cap N: whether this process has capability number N in its effective set.
e2e_has_cap() {
	local eff
	eff=$(awk '/^CapEff:/ { print $2 }' /proc/self/status)
	(((0x$eff >> $1) & 1))
}

# Podman has no daemon: a private configuration, storage and state directory.
e2e_configure_podman() {
	local d=$E2E_TMP/podman rt supports_json='"crun", "runc"'
	mkdir -p "$d/root" "$d/runroot" "$d/tmp" "$d/networks" "$d/copytmp"
	for rt in "${!E2E_WRAPPER_OF[@]}"; do
		[[ $supports_json == *"\"$(basename "$rt")\""* ]] || supports_json+=", \"$(basename "$rt")\""
	done
	cat >"$d/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$d/root"
runroot = "$d/runroot"
EOF
	# podman 4.3 gives root's containers RLIMIT_NOFILE and RLIMIT_NPROC of 1048576, which a
	# runtime can only set above the hard limits it inherits (conmon's: nproc 32768 here) with
	# CAP_SYS_RESOURCE. Where root lacks it (as on the CI machine), lower defaults (what
	# `--ulimit nofile=4096:4096 --ulimit nproc=4096:4096` does for one container) let podman run
	# at all, with runc as with berth-runtime. (A --ulimit on the command line replaces them all.)
	local ulimits=''
	e2e_has_cap 24 || ulimits='default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]' # CAP_SYS_RESOURCE
	cat >"$d/containers.conf" <<EOF
[containers]
netns = "none"
$ulimits
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$d/events.log"
lock_type = "file"
static_dir = "$d/root/libpod"
tmp_dir = "$d/tmp"
volume_path = "$d/root/volumes"
image_copy_tmp_dir = "$d/copytmp"
runtime_supports_json = [$supports_json]
[network]
network_config_dir = "$d/networks"
EOF
}

# e2e_start_daemons CLIENT...: containerd for docker and containerd, then dockerd; podman's files.
e2e_start_daemons() {
	E2E_CLIENTS=("$@")
	e2e_write_env
	local c need_containerd=0
	for c in "$@"; do [[ $c == podman ]] || need_containerd=1; done
	if ((need_containerd)); then e2e_start_containerd; fi
	for c in "$@"; do
		case $c in
		docker) e2e_start_dockerd ;;
		podman) e2e_configure_podman ;;
		esac
	done
	e2e_snapshot_mounts >"$E2E_TMP/mounts.baseline"
}

# The variables the .bats files need, in a file they source (bats runs each file in new shells).
e2e_write_env() {
	# The docker CLI's configuration, which podman reads too (for registry credentials).
	mkdir -p "$E2E_TMP/docker/cli"
	echo '{}' >"$E2E_TMP/docker/cli/config.json"
	{
		printf 'export E2E_TMP=%q E2E_TAG=%q E2E_DIR=%q\n' "$E2E_TMP" "$E2E_TAG" "$E2E_DIR"
		printf 'export DOCKER_HOST=%q DOCKER_CONFIG=%q\n' "unix://$E2E_TMP/docker/docker.sock" "$E2E_TMP/docker/cli"
		printf 'export CONTAINERD_ADDRESS=%q\n' "$E2E_TMP/containerd/containerd.sock"
		printf 'export CONTAINERS_CONF=%q CONTAINERS_STORAGE_CONF=%q\n' \
			"$E2E_TMP/podman/containers.conf" "$E2E_TMP/podman/storage.conf"
		printf 'export E2E_IMAGE_DOCKER=%q E2E_IMAGE_PODMAN=%q E2E_IMAGE_CTR=%q\n' \
			"$E2E_IMAGE_DOCKER" "$E2E_IMAGE_PODMAN" "$E2E_IMAGE_CTR"
	} >"$E2E_TMP/env"
}

# --- images ----------------------------------------------------------------------------------

e2e_import_images() {
	# shellcheck source=/dev/null
	source "$E2E_TMP/env"
	local c
	for c in "$@"; do
		case $c in
		docker) docker import --change 'CMD ["sh"]' "$E2E_TMP/images/rootfs.tar" "$E2E_IMAGE_DOCKER" >/dev/null ;;
		podman) e2e_podman import -q --change 'CMD=["sh"]' "$E2E_TMP/images/rootfs.tar" "$E2E_IMAGE_PODMAN" >/dev/null ;;
		containerd) ctr --address "$CONTAINERD_ADDRESS" -n "$E2E_TAG" images import "$E2E_TMP/images/busybox-oci.tar" >/dev/null ;;
		esac
	done
}

# podman with the private paths; the runtime is $E2E_RUNTIME (the wrapper) once one is selected.
e2e_podman() {
	local d=$E2E_TMP/podman
	timeout 60 podman --root "$d/root" --runroot "$d/runroot" --tmpdir "$d/tmp" --cgroup-manager cgroupfs \
		--events-backend file ${E2E_RUNTIME:+--runtime "$E2E_RUNTIME"} "$@"
}

# --- the runtime under test ------------------------------------------------------------------

# e2e_select_runtime PATH: E2E_RT (berth, runc...) and the variables the .bats files read.
e2e_select_runtime() {
	local rt=$1
	E2E_RT=${E2E_NAME_OF[$rt]}
	E2E_RUNTIME=${E2E_WRAPPER_OF[$rt]}
	E2E_RUNTIME_REAL=$rt
	E2E_DOCKER_RUNTIME=$(e2e_docker_runtime_name "$E2E_RT")
	export E2E_RT E2E_RUNTIME E2E_RUNTIME_REAL E2E_DOCKER_RUNTIME
	{
		printf 'export E2E_RT=%q E2E_RUNTIME=%q E2E_RUNTIME_REAL=%q E2E_DOCKER_RUNTIME=%q\n' \
			"$E2E_RT" "$E2E_RUNTIME" "$E2E_RUNTIME_REAL" "$E2E_DOCKER_RUNTIME"
		# ctr's --runc-root for this runtime (the shim adds the namespace).
		printf 'export E2E_CTR_RUNTIME_ROOT=%q\n' "$E2E_TMP/containerd/runtime-root/$E2E_RT"
	} >"$E2E_TMP/env.runtime"
}

# --- leftovers and cleanup -------------------------------------------------------------------

# The cgroup directories the clients' containers get: <hierarchy>/<tag>-docker/..., and so on.
e2e_cgroup_parents() {
	local h p
	for h in /sys/fs/cgroup/*/; do
		for p in "$E2E_TAG-docker" "$E2E_TAG-podman" "$E2E_TAG"; do
			[[ -d $h$p ]] && echo "${h%/}/$p"
		done
	done
	return 0
}

# Mount points under $E2E_TMP, deepest first.
e2e_snapshot_mounts() {
	awk -v tmp="$E2E_TMP/" 'index($5, tmp) == 1 { print $5 }' /proc/self/mountinfo | sort -ru
}

# Every process in one of our cgroups (containers, and podman's conmon).
e2e_cgroup_pids() {
	local parent
	for parent in $(e2e_cgroup_parents); do
		find "$parent" -name cgroup.procs -exec cat {} + 2>/dev/null
	done | sort -un
}

# The processes our clients started and left running: shims (their command line names our
# containerd socket) and conmon (our podman's paths).
e2e_helper_pids() {
	local f pid
	for f in /proc/[0-9]*/cmdline; do
		pid=${f#/proc/}
		pid=${pid%/cmdline}
		tr '\0' ' ' 2>/dev/null <"$f" | grep -qF -- "$E2E_TMP/" || continue
		case $(cat "/proc/$pid/comm" 2>/dev/null) in
		containerd-shim* | conmon) echo "$pid" ;;
		esac
	done
}

# The state directories the clients gave runtime NAME: dockerd's <exec-root>/runtime-*/<ns>,
# ctr's --runc-root <dir>/<ns>.
e2e_state_dirs() {
	local d
	for d in "$E2E_TMP"/docker/exec/runtime-*/* "$E2E_TMP/containerd/runtime-root/$1"/*; do
		[[ -d $d ]] && echo "$d"
	done
	return 0
}

# podman gives the runtime no --root (its cleanup process would not pass a --runtime-flag on),
# so its containers live in the runtime's default root: the ids conmon created with runtime NAME
# (from the wrapper's log) that the runtime REAL still lists there.
e2e_podman_ids_left() { # NAME REAL
	local log=$E2E_TMP/logs/$1/calls.log
	[[ -f $log ]] || return 0
	comm -12 <(awk '$2 == "conmon" && / create / { print $NF }' "$log" | sort -u) \
		<("$2" list -q 2>/dev/null | sort -u)
}

# Lists what the runtime under test left behind: containers the clients still know, runtime
# state, container processes, cgroups below the parents, mounts beyond the daemons' own.
# Prints them and removes the containers (so the next runtime starts clean); fails if any.
e2e_check_runtime_leftovers() {
	# shellcheck source=/dev/null
	source "$E2E_TMP/env"
	# shellcheck source=/dev/null
	source "$E2E_TMP/env.runtime"
	local problems=() c out dir id
	for c in "${E2E_CLIENTS[@]}"; do
		case $c in
		docker)
			out=$(docker ps -aq | tr '\n' ' ')
			[[ -z $out ]] || { problems+=("docker containers: $out") && docker rm -f $out >/dev/null 2>&1; }
			;;
		podman)
			out=$(e2e_podman ps -aq | tr '\n' ' ')
			[[ -z $out ]] || { problems+=("podman containers: $out") && e2e_podman rm -f -t 0 $out >/dev/null 2>&1; }
			out=$(e2e_podman_ids_left "$E2E_RT" "$E2E_RUNTIME_REAL" | tr '\n' ' ')
			[[ -z $out ]] || problems+=("runtime state of podman's containers: $out")
			;;
		containerd)
			local ctr_=(ctr --address "$CONTAINERD_ADDRESS" -n "$E2E_TAG")
			out=$("${ctr_[@]}" containers ls -q | tr '\n' ' ')
			[[ -z $out ]] || problems+=("containerd containers: $out")
			for id in $out; do
				"${ctr_[@]}" tasks kill -s KILL "$id" >/dev/null 2>&1
				"${ctr_[@]}" tasks delete -f "$id" >/dev/null 2>&1
				"${ctr_[@]}" containers delete "$id" >/dev/null 2>&1
			done
			;;
		esac
	done
	for dir in $(e2e_state_dirs "$E2E_RT"); do
		out=$("$E2E_RUNTIME_REAL" --root "$dir" list -q 2>/dev/null | tr '\n' ' ')
		[[ -z ${out// /} ]] || problems+=("runtime state in $dir: $out")
	done
	out=$(e2e_cgroup_pids | tr '\n' ' ')
	[[ -z $out ]] || problems+=("processes in the containers' cgroups: $out")
	local parent cgs=()
	for parent in $(e2e_cgroup_parents); do
		# podman keeps its conmon cgroup; everything else below a parent is a container's.
		while IFS= read -r dir; do cgs+=("$dir"); done < <(find "$parent" -mindepth 1 -type d ! -name conmon)
	done
	if ((${#cgs[@]})); then
		problems+=("cgroups: ${cgs[*]}")
		printf '%s\n' "${cgs[@]}" | sort -r | xargs rmdir 2>/dev/null
	fi
	out=$(comm -13 <(sort "$E2E_TMP/mounts.baseline") <(e2e_snapshot_mounts | sort) | tr '\n' ' ')
	[[ -z $out ]] || problems+=("mounts: $out")
	if ((${#problems[@]})); then
		printf "# $E2E_RT left behind %s\n" "${problems[@]}" >&2
		return 1
	fi
	return 0
}

# e2e_stop_pid PID NAME: SIGTERM, up to 20 s, then SIGKILL; only for pids this script started.
e2e_stop_pid() {
	local pid=$1 name=$2 i
	[[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
	kill -TERM "$pid" 2>/dev/null || return 0
	for ((i = 0; i < 200; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "e2e: $name ($pid) ignored SIGTERM for 20 s; killing it" >&2
		kill -KILL "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null
	return 0
}

# Frozen processes cannot die: thaw every cgroup below our parents first.
e2e_thaw_cgroups() {
	local parent f
	for parent in $(e2e_cgroup_parents); do
		find "$parent" -name freezer.state -o -name cgroup.freeze | while IFS= read -r f; do
			case $f in
			*/freezer.state) echo THAWED >"$f" ;;
			*) echo 0 >"$f" ;;
			esac
		done
	done 2>/dev/null
	return 0
}

# The host paths the clients create whatever they are told (dockerd's /run/docker/plugins, the
# shims' socket directory /run/containerd/s, podman's blob cache in /var/lib/containers/cache,
# the runtimes' default roots, where podman's containers live): those that did not exist before
# the run are removed after it, when nothing else is in them.
E2E_HOST_PATHS=(/run/docker /run/containerd /var/lib/containers /run/berth-runtime /run/runc)

e2e_note_host_paths() {
	local p
	for p in "${E2E_HOST_PATHS[@]}"; do
		[[ -e $p ]] || echo "$p"
	done >"$E2E_TMP/host-paths-absent"
}

e2e_remove_host_paths() {
	local p
	[[ -f $E2E_TMP/host-paths-absent ]] || return 0
	while IFS= read -r p; do
		[[ -d $p ]] || continue
		rm -f "$p/cache/blob-info-cache-v1.boltdb"
		find "$p" -depth -type d -empty -delete 2>/dev/null
		[[ ! -e $p ]] || echo "e2e: $p was made during the run and is not empty; left it" >&2
	done <"$E2E_TMP/host-paths-absent"
}

# Stops everything run.sh started, even after a failure: containers, dockerd, containerd, the
# shims and conmon processes they started, container processes; then the mounts, cgroups and
# files. Called from run.sh's EXIT trap; never fails.
e2e_cleanup() {
	set +e
	[[ -n ${E2E_TMP:-} && -d $E2E_TMP ]] || return 0
	# (The pid files matter when the cleanup runs in another shell than the start did.)
	[[ -n $E2E_PIDS_DOCKERD ]] || E2E_PIDS_DOCKERD=$(cat "$E2E_TMP/docker/dockerd.pid" 2>/dev/null)
	[[ -n $E2E_PIDS_CONTAINERD ]] || E2E_PIDS_CONTAINERD=$(cat "$E2E_TMP/containerd/containerd.pid" 2>/dev/null)
	[[ -n ${E2E_TAG:-} ]] || E2E_TAG=berth-e2e-$(basename "$E2E_TMP" | sed 's/.*\.//' | tr '[:upper:]' '[:lower:]')
	if [[ -f $E2E_TMP/env ]]; then
		# shellcheck source=/dev/null
		source "$E2E_TMP/env"
		if [[ -n $E2E_PIDS_DOCKERD ]] && kill -0 "$E2E_PIDS_DOCKERD" 2>/dev/null; then
			local ids
			ids=$(timeout 20 docker ps -aq 2>/dev/null)
			[[ -z $ids ]] || timeout 60 docker rm -f $ids >/dev/null 2>&1
		fi
		if [[ -d $E2E_TMP/podman/root ]]; then
			local wrapper
			for wrapper in "$E2E_TMP"/bin/*/*; do
				[[ -x $wrapper ]] && E2E_RUNTIME=$wrapper e2e_podman rm -a -f -t 0 >/dev/null 2>&1
			done
		fi
	fi
	e2e_stop_pid "$E2E_PIDS_DOCKERD" dockerd
	if [[ -n $E2E_PIDS_CONTAINERD ]] && kill -0 "$E2E_PIDS_CONTAINERD" 2>/dev/null; then
		local ctr_=(ctr --address "$E2E_TMP/containerd/containerd.sock" -n "$E2E_TAG") id
		for id in $(timeout 10 "${ctr_[@]}" containers ls -q 2>/dev/null); do
			timeout 10 "${ctr_[@]}" tasks kill -s KILL "$id" >/dev/null 2>&1
			timeout 10 "${ctr_[@]}" tasks delete -f "$id" >/dev/null 2>&1
			timeout 10 "${ctr_[@]}" containers delete "$id" >/dev/null 2>&1
		done
	fi
	e2e_stop_pid "$E2E_PIDS_CONTAINERD" containerd
	# What the clients started and left: shims, conmon, container processes.
	e2e_thaw_cgroups
	local pids pid
	pids=$({
		e2e_helper_pids
		e2e_cgroup_pids
	} | sort -un)
	for pid in $pids; do kill -KILL "$pid" 2>/dev/null; done
	if [[ -n $pids ]]; then
		sleep 0.5
		echo "e2e: killed processes the clients left: ${pids//$'\n'/ }" >&2
	fi
	# Runtime state podman's containers left in the runtimes' default roots (the wrappers name
	# the runtimes: bin/<name>/<runtime>, real=<path>).
	local wrapper real
	for wrapper in "$E2E_TMP"/bin/*/*; do
		real=$(sed -n 's/^real=//p' "$wrapper" 2>/dev/null)
		[[ -x $real ]] || continue
		for id in $(e2e_podman_ids_left "$(basename "$(dirname "$wrapper")")" "$real"); do
			"$real" delete --force "$id" >/dev/null 2>&1
		done
	done
	local m
	for m in $(e2e_snapshot_mounts); do
		umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || echo "e2e: cannot unmount $m" >&2
	done
	local parent
	for parent in $(e2e_cgroup_parents); do
		find "$parent" -depth -type d -exec rmdir {} + 2>/dev/null
		[[ ! -d $parent ]] || echo "e2e: cannot remove cgroup $parent" >&2
	done
	e2e_remove_host_paths
	# --one-file-system: should an unmount have failed, never delete through it.
	if [[ -z $(e2e_snapshot_mounts) ]]; then
		rm -rf --one-file-system "$E2E_TMP"
	else
		echo "e2e: mounts remain under $E2E_TMP; left it in place" >&2
	fi
	return 0
}
