#!/bin/sh
# Installs the Debian packages berth needs to build, test and benchmark. Idempotent.
# clang-19: the fuzz targets (libFuzzer) and the sanitized build; Debian 12's clang 14 cannot
# compile this C++23 tree against libstdc++ 12.
set -eu
packages="
  cmake g++ make pkg-config
  nlohmann-json3-dev libseccomp-dev libgtest-dev libgmock-dev
  busybox-static bats jq iproute2 procps util-linux
  python3 python3-jsonschema golang-github-opencontainers-specs-dev
  runc crun hyperfine time
  clang-19 libclang-rt-19-dev ninja-build
"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "installing:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || true
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
