#!/bin/sh
# The demo: install what is needed, build, make a busybox root filesystem, and run a container
# from it the way a newcomer would (`berth-runtime spec && berth-runtime run`), showing that it
# has its own hostname, that its shell is PID 1, that its network has only `lo`, and that the
# host's processes are not visible.
set -eu
cd "$(dirname "$0")/.."
repo=$(pwd)
[ "$(id -u)" = 0 ] || { echo "run as root (containers need it without a user namespace)" >&2; exit 1; }
scripts/install-deps.sh
scripts/build.sh
runtime=$repo/build/berth-runtime

demo=$(mktemp -d /tmp/berth-demo.XXXXXX)
trap 'rm -rf "$demo"' EXIT
tests/fixtures/make-busybox-rootfs.sh "$demo/rootfs"
cd "$demo"
"$runtime" spec
# The default config starts an interactive shell on a terminal; for the demo, a script instead.
jq '.process.terminal = false
    | .process.args = ["sh", "-c", "echo \"hostname: $(hostname)\"; echo \"my PID: $$\"; echo \"network interfaces:\"; ip -o link | cut -d: -f2; echo \"processes I can see:\"; ps -o pid,comm; exit 0"]' \
  config.json > config.tmp && mv config.tmp config.json
echo "host: $(hostname), $(ps -e --no-headers | wc -l) processes"
echo "--- inside the container ---"
status=0
"$runtime" --root "$demo/state" run "demo-$$" || status=$?
echo "--- container exited with status $status; interactive: cd <bundle> && berth-runtime spec && berth-runtime run --bundle . demo"
