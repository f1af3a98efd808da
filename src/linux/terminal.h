// Pseudo-terminals for process.terminal: allocating one in the container's devpts, handing the
// master to a console socket (runc's protocol), and making the slave the process's terminal.
#pragma once

#include <string>

#include "base/error.h"
#include "base/unique_fd.h"
#include "spec/spec.h"

namespace berth::linux {

struct Pty {
  UniqueFd master;
  UniqueFd slave;
  std::string slave_name;  // "/dev/pts/0" as seen in the container
};

// Opens <root>/dev/pts/ptmx (the container's own devpts instance), unlocks it and opens the peer.
Result<Pty> open_pty_in_root(int root_fd);

Result<> set_window_size(int tty_fd, const spec::ConsoleSize& size);

// setsid(), TIOCSCTTY, and dup2 onto 0, 1, 2.
Result<> make_controlling_terminal(int slave_fd);

// Connects to the AF_UNIX socket at `socket_path` and sends `master_fd` with SCM_RIGHTS; the
// message text is the pty's name, as runc sends it.
Result<> send_to_console_socket(const std::string& socket_path, int master_fd, const std::string& name);

// Checks that the console socket can be connected to, before a container is created.
Result<UniqueFd> connect_console_socket(const std::string& socket_path);
Result<> send_fd_over_socket(int socket_fd, int fd, const std::string& name);

}  // namespace berth::linux
