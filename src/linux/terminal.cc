#include "linux/terminal.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>


#include "base/strings.h"
#include "linux/path_in_root.h"

namespace berth::linux {

Result<Pty> open_pty_in_root(int root_fd) {
  Pty pty;
  pty.master = BERTH_TRY_CTX(open_in_root(root_fd, "/dev/pts/ptmx", O_RDWR | O_NOCTTY),
                             "process.terminal: open the container's /dev/pts/ptmx");
  struct stat st;
  if (::fstat(pty.master.get(), &st) != 0 || !S_ISCHR(st.st_mode) || major(st.st_rdev) != 5 ||
      minor(st.st_rdev) != 2) {
    return fail_invalid("process.terminal: /dev/pts/ptmx in the container is not a pty multiplexer");
  }
  int unlock = 0;
  if (::ioctl(pty.master.get(), TIOCSPTLCK, &unlock) != 0) return fail_system("process.terminal: unlock pty");
  int number = 0;
  if (::ioctl(pty.master.get(), TIOCGPTN, &number) != 0) return fail_system("process.terminal: pty number");
  pty.slave_name = "/dev/pts/" + std::to_string(number);
  // TIOCGPTPEER opens the peer without a path lookup an attacker could redirect.
  int slave = ::ioctl(pty.master.get(), TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (slave < 0) return fail_system("process.terminal: open the pty peer");
  pty.slave.reset(slave);
  return pty;
}

Result<> set_window_size(int tty_fd, const spec::ConsoleSize& size) {
  struct winsize ws = {};
  ws.ws_row = static_cast<unsigned short>(size.height);
  ws.ws_col = static_cast<unsigned short>(size.width);
  if (::ioctl(tty_fd, TIOCSWINSZ, &ws) != 0) return fail_system("process.consoleSize: set window size");
  return {};
}

Result<> give_terminal_to(int slave_fd, uint32_t uid) {
  if (::fchown(slave_fd, uid, static_cast<gid_t>(-1)) != 0) {
    return fail_system("process.terminal: chown the terminal to uid " + std::to_string(uid));
  }
  return {};
}

Result<> make_controlling_terminal(int slave_fd) {
  if (::setsid() < 0) return fail_system("setsid");
  if (::ioctl(slave_fd, TIOCSCTTY, 0) != 0) return fail_system("make the pty the controlling terminal");
  for (int target = 0; target <= 2; ++target) {
    if (::dup2(slave_fd, target) < 0) return fail_system("dup2 the pty onto " + std::to_string(target));
  }
  return {};
}

}  // namespace berth::linux
