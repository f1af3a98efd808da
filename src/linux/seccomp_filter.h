// linux.seccomp: the container's system call filter.
//
// Two steps, far apart on purpose:
//   compile_seccomp  in the runtime, before the container's init touches the rootfs, so that a bad
//                    profile fails `create` with a message naming the field. libseccomp builds
//                    the filter and exports it as classic BPF; nothing of libseccomp is needed
//                    after that.
//   load_seccomp     in the init, as the last step before execve: one seccomp(2) call, so the
//                    runtime's own setup is never filtered.
// The program is plain memory of the runtime; execve replaces it, the container never sees it.
//
// Semantics follow runc (libcontainer/seccomp):
// - SCMP_ACT_KILL is SCMP_ACT_KILL_THREAD; errnoRet defaults to EPERM for ERRNO and TRACE.
// - A syscall name this libseccomp does not know is skipped (a debug log line): profiles list
//   syscalls newer than the library.
// - A rule whose action is the default action is skipped (it would change nothing).
// - args on distinct indexes are ANDed in one rule. When one index appears more than once (which
//   libseccomp rejects), every condition becomes a rule of its own, so they are ORed.
// - SCMP_ACT_NOTIFY is refused for sendmsg: the init hands the listener fd to the runtime with
//   it after loading the filter, and would wait forever for an agent that has no fd yet (runc
//   refuses write for the same reason).
// - Unless the default action lets syscalls through (ALLOW, LOG, TRACE) or is already
//   ERRNO(ENOSYS), syscall numbers above the highest one the profile names return ENOSYS instead
//   of the default action (runc's patchbpf "-ENOSYS stub"): a libc probing a syscall newer than
//   the profile falls back instead of failing with EPERM.
#pragma once

#include <cstdint>
#include <vector>

#include "base/error.h"
#include "base/unique_fd.h"
#include "linux/seccomp_names.h"
#include "spec/spec.h"

namespace berth::linux {

// One classic BPF instruction, laid out as the kernel's struct sock_filter.
struct SeccompInstruction {
  uint16_t code;
  uint8_t jt;
  uint8_t jf;
  uint32_t k;
};

struct SeccompProgram {
  std::vector<SeccompInstruction> instructions;
  // SECCOMP_FILTER_FLAG_* for seccomp(2): the profile's flags, plus NEW_LISTENER when a rule uses
  // SCMP_ACT_NOTIFY.
  unsigned int flags = 0;

  bool uses_notify() const { return (flags & kSeccompFlagNewListener) != 0; }
};

// Builds the filter. Errors name the field, e.g.
//   linux.seccomp.syscalls[3].action: unknown action "SCMP_ACT_FOO"
//   linux.seccomp.architectures[0]: SCMP_ARCH_SH is not supported by libseccomp 2.5.4
//   linux.seccomp.flags[0]: SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV is not supported by this kernel
Result<SeccompProgram> compile_seccomp(const spec::Seccomp& seccomp);

// Installs the program on the calling thread. Needs no_new_privs or CAP_SYS_ADMIN. Returns the
// listener fd (close-on-exec) when the program uses SCMP_ACT_NOTIFY, else an invalid fd.
// After this call every syscall of the caller goes through the filter.
Result<UniqueFd> load_seccomp(const SeccompProgram& program);

}  // namespace berth::linux
