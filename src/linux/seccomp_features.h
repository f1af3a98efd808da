// What `features` reports for seccomp, and the kernel probes compile_seccomp uses: each asks the
// running kernel without installing anything.
#pragma once

#include <string>
#include <vector>

namespace berth::linux {

// "2.5.4": the libseccomp linked in (for `--version`, as runc prints it, and error messages).
std::string libseccomp_version();

// The kernel has seccomp filters (CONFIG_SECCOMP_FILTER).
bool seccomp_supported();

// Known to berth and available in this kernel (SECCOMP_GET_ACTION_AVAIL); SCMP_ACT_KILL is listed
// with SCMP_ACT_KILL_THREAD.
std::vector<std::string> supported_seccomp_actions();
// Every operator of the runtime-spec (libseccomp has them all).
std::vector<std::string> supported_seccomp_operators();
// The runtime-spec's architecture names this libseccomp knows.
std::vector<std::string> supported_seccomp_archs();
// Every SECCOMP_FILTER_FLAG_* name of the runtime-spec ("knownFlags").
std::vector<std::string> known_seccomp_flags();
// Those this kernel accepts ("supportedFlags").
std::vector<std::string> supported_seccomp_flags();

// Whether seccomp(SECCOMP_SET_MODE_FILTER) accepts a SECCOMP_FILTER_FLAG_* value: an unknown flag
// fails with EINVAL before the kernel reads the (here NULL) program, a known one with EFAULT.
// WAIT_KILLABLE_RECV is asked together with NEW_LISTENER, which it requires.
bool seccomp_flag_supported(unsigned int flag);

}  // namespace berth::linux
