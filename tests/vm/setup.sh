#!/bin/bash
# setup.sh — prepares what run-in-vm.sh boots: Debian's generic kernel package, unpacked (never
# installed on this host), its uncompressed vmlinux for a direct PVH boot, and a busybox initramfs
# holding the modules needed to mount the host's file systems over 9p.
#
#   BERTH_VM_ARTIFACTS=/var/tmp/berth-vm tests/vm/setup.sh
#
# Idempotent: a second run reuses the unpacked kernel. Installs qemu-system-x86, busybox-static,
# cpio, kmod and xz-utils with apt-get when they are missing. About 450 MB in the artifacts dir.
set -euo pipefail
export PATH=$PATH:/usr/sbin:/sbin
here=$(cd "$(dirname "$0")" && pwd)
artifacts=${BERTH_VM_ARTIFACTS:-/var/tmp/berth-vm}
kernel_package=${BERTH_VM_KERNEL_PACKAGE:-linux-image-amd64}  # the cloud flavour lacks 9p

missing=()
for tool in qemu-system-x86_64 cpio depmod xz dpkg-deb; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if ! file -L /bin/busybox 2>/dev/null | grep -q 'statically linked'; then missing+=(busybox); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup.sh: installing packages for: ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    qemu-system-x86 busybox-static cpio kmod xz-utils file >/dev/null
fi

mkdir -p "$artifacts"
cd "$artifacts"

if [ ! -f kernel.version ]; then
  rm -rf download kernel
  mkdir -p download kernel
  # The meta package names the concrete image package (linux-image-6.1.0-NN-amd64).
  concrete=$(apt-cache depends "$kernel_package" | awk '/Depends: linux-image-/ {print $2; exit}')
  if [ -z "$concrete" ]; then
    apt-get update -qq
    concrete=$(apt-cache depends "$kernel_package" | awk '/Depends: linux-image-/ {print $2; exit}')
  fi
  [ -n "$concrete" ] || { echo "setup.sh: cannot resolve $kernel_package" >&2; exit 1; }
  # (apt warns that root downloads unsandboxed; that is expected here)
  (cd download && apt-get download -qq "$concrete" 2>&1 | grep -v "unsandboxed" >&2 || true)
  dpkg-deb -x download/"$concrete"_*.deb kernel
  version=$(ls kernel/lib/modules | head -1)
  depmod -b kernel "$version"
  # bzImage carries an xz-compressed vmlinux; the ELF inside has a PVH entry point that qemu can
  # boot directly, about twice as fast as going through the real-mode setup code.
  offset=$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' kernel/boot/vmlinuz-"$version" | head -1 | cut -d: -f1)
  tail -c +$((offset + 1)) kernel/boot/vmlinuz-"$version" | xz -dc > vmlinux 2>/dev/null || true
  cp kernel/boot/vmlinuz-"$version" bzImage
  rm -rf download
  echo "$version" > kernel.version
fi
version=$(cat kernel.version)

# The initramfs: static busybox, the modules for virtio 9p and overlayfs (with dependencies, in
# load order), and the guest scripts.
rm -rf initramfs
mkdir -p initramfs/{bin,dev,proc,sys,host,root,upper,lib/modules}
cp /bin/busybox initramfs/bin/busybox
load_order=""
for module in virtio_pci 9pnet_virtio 9p overlay; do
  for path in $(modprobe -d kernel -S "$version" --show-depends "$module" | awk '/^insmod/ {print $2}'); do
    name=$(basename "$path")
    case " $load_order " in *" $name "*) ;; *)
      load_order="$load_order $name"
      cp "$path" initramfs/lib/modules/ ;;
    esac
  done
done
echo "$load_order" > initramfs/lib/modules/load-order
cp "$here"/guest/init initramfs/init
cp "$here"/guest/run-command.sh initramfs/run-command.sh
chmod 755 initramfs/init initramfs/run-command.sh
(cd initramfs && find . | cpio -o -H newc --quiet | gzip -1) > initramfs.gz
rm -rf initramfs
echo "setup.sh: kernel $version, artifacts in $artifacts" >&2
