#include "process/foreground.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "base/files.h"
#include "base/unique_fd.h"

#include <optional>

namespace berth::process {
namespace {

// Puts the caller's terminal in raw mode for the relay and restores it when destroyed.
class RawTerminal {
 public:
  explicit RawTerminal(int fd) : fd_(fd) {
    if (::tcgetattr(fd_, &saved_) != 0) return;
    struct termios raw = saved_;
    ::cfmakeraw(&raw);
    active_ = ::tcsetattr(fd_, TCSANOW, &raw) == 0;
  }
  ~RawTerminal() {
    if (active_) ::tcsetattr(fd_, TCSANOW, &saved_);
  }

 private:
  int fd_;
  struct termios saved_ = {};
  bool active_ = false;
};

void copy_window_size(int from_fd, int to_fd) {
  struct winsize ws;
  if (::ioctl(from_fd, TIOCGWINSZ, &ws) == 0) ::ioctl(to_fd, TIOCSWINSZ, &ws);
}

// Moves what is readable on `from` to `to`; false at end of file or error.
bool pump(int from, int to) {
  char buf[8192];
  ssize_t n = ::read(from, buf, sizeof buf);
  if (n <= 0) return n < 0 && (errno == EAGAIN || errno == EINTR);
  return static_cast<bool>(write_all(to, std::string_view(buf, static_cast<size_t>(n))));
}

}  // namespace

sigset_t forwarded_signals() {
  sigset_t set;
  sigfillset(&set);
  sigdelset(&set, SIGKILL);
  sigdelset(&set, SIGSTOP);
  sigdelset(&set, SIGSEGV);
  sigdelset(&set, SIGBUS);
  sigdelset(&set, SIGFPE);
  sigdelset(&set, SIGILL);
  sigdelset(&set, SIGTRAP);
  sigdelset(&set, SIGABRT);
  sigdelset(&set, SIGSYS);
  sigdelset(&set, SIGPIPE);
  return set;
}

void block_forwarded_signals() {
  sigset_t set = forwarded_signals();
  ::sigprocmask(SIG_BLOCK, &set, nullptr);
}

void reap_remaining_children(int timeout_ms) {
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (;;) {
    pid_t reaped = ::waitpid(-1, nullptr, WNOHANG);
    if (reaped > 0) continue;
    if (reaped < 0 && errno == EINTR) continue;
    if (reaped < 0) return;  // ECHILD: none left
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    int64_t elapsed = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
    if (elapsed >= timeout_ms) return;
    struct timespec pause = {0, 1000000};
    ::nanosleep(&pause, nullptr);
  }
}

int exit_code_from_wait_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 255;
}

Result<int> supervise_foreground(pid_t pid, int pidfd, int pty_master) {
  sigset_t set = forwarded_signals();
  int sfd = ::signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
  if (sfd < 0) return fail_system("signalfd");
  UniqueFd signal_fd(sfd);

  bool relay = pty_master >= 0;
  bool stdin_open = relay;
  bool stdin_is_tty = relay && ::isatty(STDIN_FILENO);
  std::optional<RawTerminal> raw;
  if (relay) {
    if (stdin_is_tty) {
      raw.emplace(STDIN_FILENO);
      copy_window_size(STDIN_FILENO, pty_master);
    }
    ::fcntl(pty_master, F_SETFL, ::fcntl(pty_master, F_GETFL) | O_NONBLOCK);
  }

  bool exited = false;
  std::optional<int> status;
  while (!exited) {
    struct pollfd fds[4] = {{signal_fd.get(), POLLIN, 0},
                            {pidfd, POLLIN, 0},
                            {relay ? pty_master : -1, POLLIN, 0},
                            {stdin_open ? STDIN_FILENO : -1, POLLIN, 0}};
    if (::poll(fds, 4, -1) < 0) {
      if (errno == EINTR) continue;
      return fail_system("poll");
    }
    if (fds[0].revents & POLLIN) {
      struct signalfd_siginfo info;
      while (::read(signal_fd.get(), &info, sizeof info) == sizeof info) {
        int signal = static_cast<int>(info.ssi_signo);
        if (signal == SIGCHLD) {
          // As a subreaper this process inherits the container's orphans: reap them, and notice
          // the main process among them.
          int child_status = 0;
          pid_t reaped;
          while ((reaped = ::waitpid(-1, &child_status, WNOHANG)) > 0) {
            if (reaped == pid) status = child_status;
          }
          continue;
        }
        if (signal == SIGWINCH) {
          if (stdin_is_tty) copy_window_size(STDIN_FILENO, pty_master);
          continue;
        }
        ::syscall(SYS_pidfd_send_signal, pidfd, signal, nullptr, 0);
      }
    }
    if (fds[2].revents & (POLLIN | POLLHUP | POLLERR)) {
      if (!pump(pty_master, STDOUT_FILENO) && !(fds[2].revents & POLLIN)) relay = false;
    }
    if (fds[3].revents & (POLLIN | POLLHUP | POLLERR)) {
      if (!pump(STDIN_FILENO, pty_master)) stdin_open = false;
    }
    if (fds[1].revents & POLLIN) exited = true;
  }
  // Whatever the process wrote just before exiting.
  if (pty_master >= 0) {
    while (pump(pty_master, STDOUT_FILENO)) {
      struct pollfd more = {pty_master, POLLIN, 0};
      if (::poll(&more, 1, 0) <= 0) break;
    }
  }
  if (!status) {
    int child_status = 0;
    while (::waitpid(pid, &child_status, 0) < 0) {
      if (errno != EINTR) return fail_system("wait for the container's process");
    }
    status = child_status;
  }
  return exit_code_from_wait_status(*status);
}

}  // namespace berth::process
