#include "process/final_exec.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdlib>

#include "base/files.h"
#include "base/strings.h"

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif

namespace berth::process {

extern const unsigned char kExecTrampoline[];
extern const size_t kExecTrampolineSize;

namespace {

// Ignored signals (the runtime ignores SIGPIPE; its caller may ignore more) and blocked signals
// must not reach the container: execve keeps both. Handled signals are reset by execve itself.
// The ignored set comes from /proc/self/status (SigIgn), or when that cannot be read, every signal
// is reset.
uint64_t ignored_signals() {
  auto status = read_file("/proc/self/status");
  if (status) {
    size_t at = status->find("\nSigIgn:\t");
    if (at != std::string::npos) {
      return std::strtoull(status->c_str() + at + 9, nullptr, 16);
    }
  }
  return ~uint64_t{0};
}

void reset_signals() {
  struct sigaction default_action = {};
  default_action.sa_handler = SIG_DFL;
  uint64_t ignored = ignored_signals();
  for (int signal = 1; signal < NSIG && signal <= 64; ++signal) {
    if (signal == SIGKILL || signal == SIGSTOP) continue;
    if (ignored & (uint64_t{1} << (signal - 1))) ::sigaction(signal, &default_action, nullptr);
  }
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
}

std::vector<char*> pointers(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (const auto& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

}  // namespace

Result<UniqueFd> make_exec_trampoline() {
  int fd = static_cast<int>(::syscall(SYS_memfd_create, "berth-exec", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC));
  if (fd < 0 && errno == EINVAL) {  // kernels before 6.3 do not know MFD_EXEC
    fd = static_cast<int>(::syscall(SYS_memfd_create, "berth-exec", MFD_CLOEXEC | MFD_ALLOW_SEALING));
  }
  if (fd < 0) return fail_system("memfd_create for the exec trampoline");
  UniqueFd memfd(fd);
  BERTH_TRY_CTX(write_all(memfd.get(), std::string_view(reinterpret_cast<const char*>(kExecTrampoline),
                                                        kExecTrampolineSize)),
                "write the exec trampoline");
  if (::fchmod(memfd.get(), 0555) != 0) return fail_system("chmod the exec trampoline");
  // Sealed: nobody, not even this process, can change these bytes any more.
  if (::fcntl(memfd.get(), F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0) {
    return fail_system("seal the exec trampoline");
  }
  return memfd;
}

Error exec_container_process(int trampoline_fd, const std::string& path, const std::vector<std::string>& args,
                             const std::vector<std::string>& env) {
  std::vector<std::string> trampoline_args;
  trampoline_args.reserve(args.size() + 1);
  trampoline_args.push_back(path);
  trampoline_args.insert(trampoline_args.end(), args.begin(), args.end());
  auto argv = pointers(trampoline_args);
  auto envp = pointers(env);
  reset_signals();
  // execve through /proc/self/fd (the syscall any seccomp profile that runs programs allows), or
  // execveat when the container has no /proc.
  std::string via_proc = "/proc/self/fd/" + std::to_string(trampoline_fd);
  ::execve(via_proc.c_str(), argv.data(), envp.data());
  if (errno == ENOENT) ::syscall(SYS_execveat, trampoline_fd, "", argv.data(), envp.data(), AT_EMPTY_PATH);
  return Error::system("exec: " + quoted(args.empty() ? path : args[0]));
}

}  // namespace berth::process
