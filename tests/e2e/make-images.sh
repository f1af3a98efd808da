#!/bin/bash
# make-images.sh DIR
#
# Builds the e2e tests' busybox image without any network, in two forms:
#   DIR/rootfs.tar       a plain tar of the rootfs (tests/fixtures/make-busybox-rootfs.sh):
#                        what `docker import` and `podman import` take
#   DIR/busybox-oci.tar  an OCI image layout archive (oci-layout, index.json, blobs/sha256/
#                        {manifest, config, layer}) named docker.io/library/busybox-e2e:latest:
#                        what `ctr images import` takes
set -euo pipefail
dir=${1:?usage: make-images.sh DIR}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

rootfs=$dir/rootfs
"$here/../fixtures/make-busybox-rootfs.sh" "$rootfs"
# A fixed order, owner and time so the layer digest is the same on every run.
tar -C "$rootfs" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -cf "$dir/rootfs.tar" .

oci=$dir/oci
rm -rf "$oci"
mkdir -p "$oci/blobs/sha256"
blob() { # blob FILE -> prints "digest size" after moving FILE into blobs/
	local sum size
	sum=$(sha256sum "$1" | cut -d' ' -f1)
	size=$(stat -c %s "$1")
	mv "$1" "$oci/blobs/sha256/$sum"
	echo "sha256:$sum $size"
}
cp "$dir/rootfs.tar" "$oci/layer"
read -r layer layer_size < <(blob "$oci/layer")
cat >"$oci/config" <<EOF
{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":["$layer"]},"history":[{"created_by":"tests/e2e/make-images.sh"}]}
EOF
read -r config config_size < <(blob "$oci/config")
cat >"$oci/manifest" <<EOF
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"$config","size":$config_size},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"$layer","size":$layer_size}]}
EOF
read -r manifest manifest_size < <(blob "$oci/manifest")
cat >"$oci/index.json" <<EOF
{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"$manifest","size":$manifest_size,"platform":{"architecture":"amd64","os":"linux"},"annotations":{"io.containerd.image.name":"docker.io/library/busybox-e2e:latest","org.opencontainers.image.ref.name":"latest"}}]}
EOF
echo '{"imageLayoutVersion":"1.0.0"}' >"$oci/oci-layout"
tar -C "$oci" --owner=0 --group=0 --numeric-owner -cf "$dir/busybox-oci.tar" oci-layout index.json blobs
rm -rf "$oci"
