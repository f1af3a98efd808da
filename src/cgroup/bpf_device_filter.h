// linux.resources.devices as a BPF_CGROUP_DEVICE program for cgroup v2 (which has no devices
// controller). Written with a small instruction emitter on the raw bpf(2) syscall; no libbpf.
//
// The kernel runs the program on every device access (open, mknod) with
//   struct bpf_cgroup_dev_ctx { u32 access_type; /* access << 16 | type */ u32 major, minor; }
// and allows the access when it returns 1. The program checks the rules from the last to the
// first, so later rules win, and denies what no rule matches:
//   r2 = type, r3 = access, r4 = major, r5 = minor
//   for each rule, last first:  if (type, major, minor match and access matches) return allow;
//   return 0
// An allow rule matches when every requested access is in the rule ("rw" for an O_RDWR open needs
// both); a deny rule matches when any requested access is in it.
#pragma once

#include <linux/bpf.h>

#include <vector>

#include "base/error.h"
#include "base/unique_fd.h"
#include "spec/spec.h"

namespace berth::cgroup {

// Pure: the program for `rules` (validated by render()).
std::vector<bpf_insn> device_filter_program(const std::vector<spec::DeviceRule>& rules);

// Loads the program and attaches it to the cgroup directory `cgroup_fd` (BPF_F_ALLOW_MULTI, so
// nested cgroups can add their own). Programs this runtime attached before (an `update`) are
// detached after the new one is in place, so there is never a moment without a filter.
Result<> attach_device_filter(int cgroup_fd, const std::vector<bpf_insn>& program);

// The ids of the device programs attached to the cgroup directly (for tests).
Result<std::vector<uint32_t>> attached_device_programs(int cgroup_fd);

}  // namespace berth::cgroup
