#include "linux/terminal.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include <cstring>

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

Result<> make_controlling_terminal(int slave_fd) {
  if (::setsid() < 0) return fail_system("setsid");
  if (::ioctl(slave_fd, TIOCSCTTY, 0) != 0) return fail_system("make the pty the controlling terminal");
  for (int target = 0; target <= 2; ++target) {
    if (::dup2(slave_fd, target) < 0) return fail_system("dup2 the pty onto " + std::to_string(target));
  }
  return {};
}

Result<UniqueFd> connect_console_socket(const std::string& socket_path) {
  struct sockaddr_un address = {};
  address.sun_family = AF_UNIX;
  if (socket_path.size() >= sizeof address.sun_path) {
    return fail_invalid("--console-socket: path too long: " + quoted(socket_path));
  }
  std::memcpy(address.sun_path, socket_path.c_str(), socket_path.size() + 1);
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return fail_system("--console-socket: socket");
  UniqueFd socket_fd(fd);
  int rc;
  do {
    rc = ::connect(socket_fd.get(), reinterpret_cast<struct sockaddr*>(&address), sizeof address);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) return fail_system("--console-socket: connect to " + quoted(socket_path));
  return socket_fd;
}

Result<> send_fd_over_socket(int socket_fd, int fd, const std::string& name) {
  struct iovec iov = {const_cast<char*>(name.data()), name.size()};
  struct msghdr msg = {};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  alignas(struct cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  struct cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
  cmsg->cmsg_level = SOL_SOCKET;
  cmsg->cmsg_type = SCM_RIGHTS;
  cmsg->cmsg_len = CMSG_LEN(sizeof(int));
  std::memcpy(CMSG_DATA(cmsg), &fd, sizeof fd);
  ssize_t n;
  do {
    n = ::sendmsg(socket_fd, &msg, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return fail_system("--console-socket: send the terminal");
  return {};
}

Result<> send_to_console_socket(const std::string& socket_path, int master_fd, const std::string& name) {
  UniqueFd socket_fd = BERTH_TRY(connect_console_socket(socket_path));
  return send_fd_over_socket(socket_fd.get(), master_fd, name);
}

}  // namespace berth::linux
