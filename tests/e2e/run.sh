#!/bin/bash
# End-to-end tests: berth-runtime (and runc, the reference) under Docker, Podman and containerd.
#
#   tests/e2e/run.sh [--runtime PATH|NAME]... [--client docker|podman|containerd]... [--keep-logs DIR]
#                    [--no-install] [BATS ARGS...]
#
# Runs the same bats files (docker.bats, podman.bats, containerd.bats) once per runtime. The
# default runtimes are <repo>/build/berth-runtime and runc, in that order. Installs what is missing
# (Debian's docker.io, containerd, podman, bats, jq, busybox-static), starts containerd and dockerd
# on private paths under a temporary directory (dockerd uses that containerd; no host networking
# change: --iptables=false --ip6tables=false --ip-masq=false --ip-forward=false --bridge=none; podman
# runs with --network none and its own root, runroot, tmpdir and config), imports a busybox image
# built locally, runs the tests and stops every daemon by pid, removing its data, cgroups and mounts,
# even when a test fails. Every runtime is called through a wrapper that logs how the client called
# it (argv and the config.json it wrote); --keep-logs DIR keeps those logs. Exits non-zero when a
# test fails.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

runtimes=() clients=() bats_args=() keep_logs='' install=1
while [[ $# -gt 0 ]]; do
	case $1 in
	--runtime) runtimes+=("${2:?--runtime needs a value}") && shift 2 ;;
	--runtime=*) runtimes+=("${1#--runtime=}") && shift ;;
	--client) clients+=("${2:?--client needs a value}") && shift 2 ;;
	--client=*) clients+=("${1#--client=}") && shift ;;
	--keep-logs) keep_logs=${2:?--keep-logs needs a directory} && shift 2 ;;
	--no-install) install=0 && shift ;;
	-h | --help) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' && exit 0 ;;
	*) bats_args+=("$1") && shift ;;
	esac
done
[[ ${#runtimes[@]} -gt 0 ]] || runtimes=("$repo/build/berth-runtime" runc)
[[ ${#clients[@]} -gt 0 ]] || clients=(docker podman containerd)
for c in "${clients[@]}"; do
	[[ $c == docker || $c == podman || $c == containerd ]] || { echo "run.sh: unknown client $c" >&2 && exit 2; }
done

[[ $(id -u) -eq 0 ]] || { echo "run.sh: the e2e tests start container engines and must run as root" >&2 && exit 1; }

# Resolve the runtimes: a bare name is looked up in PATH, a path made absolute.
resolved=()
for rt in "${runtimes[@]}"; do
	if [[ $rt == */* ]]; then
		[[ -d $(dirname "$rt") ]] && rt=$(cd "$(dirname "$rt")" && pwd)/$(basename "$rt")
	else
		rt=$(command -v "$rt" || true)
	fi
	[[ -n $rt && -x $rt ]] || { echo "run.sh: runtime ${runtimes[${#resolved[@]}]} not found or not executable (build berth-runtime first)" >&2 && exit 1; }
	resolved+=("$rt")
done
runtimes=("${resolved[@]}")

# shellcheck source=tests/e2e/daemons.bash
source "$here/daemons.bash"

if ((install)); then
	e2e_install_packages
fi

start=$SECONDS
E2E_TMP=$(mktemp -d /tmp/berth-e2e.XXXXXX)
export E2E_TMP
trap 'e2e_cleanup' EXIT
trap 'exit 130' INT TERM

e2e_prepare "${runtimes[@]}"
e2e_start_daemons "${clients[@]}"
e2e_import_images "${clients[@]}"
echo "# setup took $((SECONDS - start)) s"

failed=()
declare -A took
for rt in "${runtimes[@]}"; do
	e2e_select_runtime "$rt"
	echo "# runtime: $rt ($("$rt" --version 2>/dev/null | head -n 1))"
	files=()
	for c in "${clients[@]}"; do files+=("$here/$c.bats"); done
	t0=$SECONDS
	if ! bats "${bats_args[@]}" "${files[@]}"; then
		failed+=("$E2E_RT")
	fi
	took[$E2E_RT]=$((SECONDS - t0))
	echo "# $E2E_RT: ${took[$E2E_RT]} s"
	e2e_check_runtime_leftovers || failed+=("$E2E_RT (leftovers)")
done

if [[ -n $keep_logs ]]; then
	mkdir -p "$keep_logs"
	cp -a "$E2E_TMP/logs/." "$keep_logs/"
	echo "# runtime call logs kept in $keep_logs"
fi
echo "# total $((SECONDS - start)) s ($(for k in "${!took[@]}"; do printf '%s %s s; ' "$k" "${took[$k]}"; done))"
if ((${#failed[@]})); then
	echo "# FAILED: ${failed[*]}"
	exit 1
fi
