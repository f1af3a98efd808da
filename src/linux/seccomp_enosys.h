// The "-ENOSYS stub" runc prepends to the filter libseccomp generates (runc's patchbpf): per
// architecture, a syscall number above the highest one the profile names returns ENOSYS, so that
// a libc trying a syscall newer than the profile falls back to an older one instead of failing
// with the default action's EPERM. Pure: builds instructions, asks nothing of the kernel.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "base/error.h"
#include "linux/seccomp_filter.h"

namespace berth::linux {

// The highest syscall numbers named by the profile for one AUDIT_ARCH_* value (what the kernel puts
// in seccomp_data.arch).
struct SyscallLimit {
  uint32_t audit_arch = 0;
  // Highest number of the architecture's (only) ABI. On AUDIT_ARCH_X86_64: of x86-64 syscalls,
  // those without the x32 bit (1 << 30). nullopt: none named, the stub leaves them to the filter.
  std::optional<uint32_t> max;
  // AUDIT_ARCH_X86_64 only: the highest x32 syscall (x32 bit included), when x32 is in the filter.
  std::optional<uint32_t> max_x32;
  // s390 and s390x: syscall 0 is the multiplexer unknown syscalls end up as; it returns ENOSYS.
  bool s390_multiplexer = false;
};

inline constexpr uint32_t kX32SyscallBit = 1u << 30;

// The stub, to be placed in front of the filter: control falls through to the instruction right
// after it for every syscall it does not answer. Empty when `limits` is.
Result<std::vector<SeccompInstruction>> enosys_stub(std::span<const SyscallLimit> limits);

}  // namespace berth::linux
