#include "process/hooks.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/strings.h"
#include "base/unique_fd.h"

namespace berth::process {
namespace {

constexpr size_t kMaxCapturedOutput = 4096;

int64_t now_ms() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t{ts.tv_sec} * 1000 + ts.tv_nsec / 1000000;
}

Result<std::pair<UniqueFd, UniqueFd>> make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return fail_system("pipe");
  return std::pair<UniqueFd, UniqueFd>(UniqueFd(fds[0]), UniqueFd(fds[1]));
}

std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  return "status " + std::to_string(status);
}

}  // namespace

Result<> run_hook(const spec::Hook& hook, std::string_view state_json, const std::string& field) {
  std::string where = field + " (" + hook.path + ")";
  auto [stdin_read, stdin_write] = BERTH_TRY(make_pipe());
  auto [output_read, output_write] = BERTH_TRY(make_pipe());
  ::fcntl(stdin_write.get(), F_SETFL, O_NONBLOCK);
  ::fcntl(output_read.get(), F_SETFL, O_NONBLOCK);

  std::vector<std::string> args = hook.args.empty() ? std::vector<std::string>{hook.path} : hook.args;
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env = hook.env;
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, stdin_read.get(), 0);
  posix_spawn_file_actions_adddup2(&actions, output_write.get(), 1);
  posix_spawn_file_actions_adddup2(&actions, output_write.get(), 2);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t no_signals;
  sigemptyset(&no_signals);
  posix_spawnattr_setsigmask(&attributes, &no_signals);
  // Its own process group, so a timeout also kills whatever the hook started.
  posix_spawnattr_setpgroup(&attributes, 0);
  // The runtime ignores SIGPIPE; the hook gets default dispositions.
  sigset_t all_signals;
  sigfillset(&all_signals);
  posix_spawnattr_setsigdefault(&attributes, &all_signals);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF);
  pid_t pid = -1;
  int spawn_error = ::posix_spawn(&pid, hook.path.c_str(), &actions, &attributes, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (spawn_error != 0) return fail_system(where + ": start", spawn_error);
  stdin_read.reset();
  output_write.reset();

  long pidfd_raw = ::syscall(SYS_pidfd_open, pid, 0);
  if (pidfd_raw < 0) {
    int err = errno;
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    return fail_system(where + ": pidfd_open", err);
  }
  UniqueFd pidfd(static_cast<int>(pidfd_raw));
  int64_t deadline = hook.timeout ? now_ms() + int64_t{*hook.timeout} * 1000 : -1;
  std::string output;
  size_t written = 0;
  bool timed_out = false;
  for (;;) {
    struct pollfd fds[3] = {{pidfd.get(), POLLIN, 0},
                            {output_read.get(), POLLIN, 0},
                            {stdin_write.get(), POLLOUT, 0}};
    nfds_t count = stdin_write.valid() ? 3 : 2;
    int wait = deadline < 0 ? -1 : static_cast<int>(std::max<int64_t>(0, deadline - now_ms()));
    int ready = ::poll(fds, count, wait);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {
      timed_out = true;
      ::kill(-pid, SIGKILL);
      break;
    }
    if (stdin_write.valid() && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t n = ::write(stdin_write.get(), state_json.data() + written, state_json.size() - written);
      if (n > 0) written += static_cast<size_t>(n);
      if (n < 0 || written == state_json.size()) stdin_write.reset();
    }
    if (fds[1].revents & (POLLIN | POLLHUP)) {
      char buf[1024];
      ssize_t n = ::read(output_read.get(), buf, sizeof buf);
      if (n > 0 && output.size() < kMaxCapturedOutput) output.append(buf, static_cast<size_t>(n));
    }
    if (fds[0].revents & POLLIN) break;  // the hook exited (its children may hold the pipe)
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  char buf[1024];
  ssize_t n;
  while (output.size() < kMaxCapturedOutput && (n = ::read(output_read.get(), buf, sizeof buf)) > 0) {
    output.append(buf, static_cast<size_t>(n));
  }
  if (timed_out) {
    return fail_invalid(where + ": killed after its timeout of " + std::to_string(*hook.timeout) + "s");
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
  std::string message = where + ": " + describe_status(status);
  std::string_view trimmed = trim(output);
  if (!trimmed.empty()) message += ", output: " + std::string(trimmed.substr(0, 1024));
  return fail_invalid(message);
}

Result<> run_hooks(const std::vector<spec::Hook>& hooks, std::string_view kind,
                   std::string_view state_json) {
  for (size_t i = 0; i < hooks.size(); ++i) {
    BERTH_TRY(run_hook(hooks[i], state_json, "hooks." + std::string(kind) + "[" + std::to_string(i) + "]"));
  }
  return {};
}

}  // namespace berth::process
