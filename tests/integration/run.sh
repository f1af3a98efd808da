#!/bin/bash
# Runs the integration suite (bats) against a runtime, as root.
#
#   tests/integration/run.sh [--runtime PATH|NAME] [BATS ARGS...] [FILE.bats...]
#   RUNTIME=runc tests/integration/run.sh
#
# The runtime defaults to $RUNTIME, then to <repo>/build/berth-runtime. Anything else is
# passed to bats (e.g. -f REGEX, --timing, -T, a subset of files). Exits non-zero when a
# test fails. Tests that need a berth-only feature skip when the runtime is not
# berth-runtime (runc 1.1.5 lacks e.g. time namespaces, personality, domainname).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

runtime=${RUNTIME:-$repo/build/berth-runtime}
bats_args=()
files=()
while [[ $# -gt 0 ]]; do
	case $1 in
	--runtime)
		[[ $# -ge 2 ]] || {
			echo "run.sh: --runtime needs a value" >&2
			exit 2
		}
		runtime=$2
		shift 2
		;;
	--runtime=*)
		runtime=${1#--runtime=}
		shift
		;;
	-h | --help)
		sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*.bats)
		files+=("$1")
		shift
		;;
	*)
		bats_args+=("$1")
		shift
		;;
	esac
done

# A bare name (runc, crun) is looked up in PATH; a path is made absolute.
if [[ $runtime == */* ]]; then
	[[ -d $(dirname "$runtime") ]] && runtime=$(cd "$(dirname "$runtime")" && pwd)/$(basename "$runtime")
else
	resolved=$(command -v "$runtime" || true)
	[[ -n $resolved ]] || {
		echo "run.sh: runtime '$runtime' not found in PATH" >&2
		exit 1
	}
	runtime=$resolved
fi
if [[ ! -x $runtime ]]; then
	echo "run.sh: runtime $runtime is not executable (build berth-runtime first, or use --runtime runc)" >&2
	exit 1
fi

missing=()
[[ $(id -u) -eq 0 ]] || {
	echo "run.sh: the integration tests create real containers and must run as root" >&2
	exit 1
}
command -v bats >/dev/null || missing+=(bats)
command -v jq >/dev/null || missing+=(jq)
[[ -x /bin/busybox ]] && ! file -b /bin/busybox 2>/dev/null | grep -q dynamically || missing+=(busybox-static)
[[ -x /usr/bin/python3 ]] || missing+=(python3)
if [[ ${#missing[@]} -gt 0 ]]; then
	echo "run.sh: missing packages: ${missing[*]}" >&2
	echo "        apt-get install -y ${missing[*]}" >&2
	exit 1
fi

[[ ${#files[@]} -gt 0 ]] || files=("$here")

echo "# runtime: $runtime ($("$runtime" --version 2>/dev/null | head -n 1 || echo 'no --version'))"
export RUNTIME=$runtime
exec bats "${bats_args[@]}" "${files[@]}"
