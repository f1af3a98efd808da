# PID 1 in the VM's final root: a pure cgroup2 hierarchy at /sys/fs/cgroup, then the command.
# Its exit code goes to /run/berth-vm/exit-code (the control share), then the VM powers off.
bb=/run/busybox
. /run/berth-vm/config
finish() {
  echo "$1" > /run/berth-vm/exit-code
  $bb sync
  $bb poweroff -f
}
$bb mount -t cgroup2 ${BERTH_VM_CGROUP2_OPTIONS:+-o "$BERTH_VM_CGROUP2_OPTIONS"} cgroup2 /sys/fs/cgroup ||
  finish 254
if [ "$BERTH_VM_ENABLE_CONTROLLERS" = 1 ]; then
  for controller in $($bb cat /sys/fs/cgroup/cgroup.controllers); do
    echo "+$controller" > /sys/fs/cgroup/cgroup.subtree_control
  done
fi
$bb mkdir -p /dev/pts /dev/shm
$bb mount -t devpts -o newinstance,ptmxmode=0666 devpts /dev/pts
$bb mount -t tmpfs -o mode=1777 tmpfs /dev/shm
$bb mount -t bpf bpf /sys/fs/bpf 2>/dev/null
$bb ln -sf /proc/self/fd /dev/fd
$bb hostname berth-vm
# Serial lines carry bytes as they are: no CR added to LF, no echo.
$bb stty -F /dev/ttyS1 raw -echo
$bb stty -F /dev/ttyS2 raw -echo
cd "$BERTH_VM_WORKDIR" || finish 253
$bb env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
  TERM=dumb /bin/sh /run/berth-vm/command.sh </dev/null >/dev/ttyS1 2>/dev/ttyS2
finish $?
