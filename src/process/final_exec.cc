#include "process/final_exec.h"

#include <signal.h>
#include <unistd.h>

#include "base/strings.h"

namespace berth::process {
namespace {

// Dispositions the runtime (or its caller) set, and blocked signals, must not reach the container:
// an ignored SIGPIPE or SIGINT would otherwise survive the exec.
void reset_signals() {
  struct sigaction default_action = {};
  default_action.sa_handler = SIG_DFL;
  for (int signal = 1; signal < NSIG; ++signal) {
    if (signal == SIGKILL || signal == SIGSTOP) continue;
    ::sigaction(signal, &default_action, nullptr);
  }
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
}

}  // namespace

Error exec_container_process(const std::string& path, const std::vector<std::string>& args,
                             const std::vector<std::string>& env) {
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  envp.reserve(env.size() + 1);
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  reset_signals();
  ::execve(path.c_str(), argv.data(), envp.data());
  return Error::system("exec: " + quoted(args.empty() ? path : args[0]));
}

}  // namespace berth::process
