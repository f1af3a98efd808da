// Pseudo-terminals for process.terminal: allocating one in the container's devpts and making its
// peer the process's terminal. (The master travels to a console socket with unix_socket.h.)
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

// The terminal belongs to the process's user (the group stays the devpts "tty" group).
Result<> give_terminal_to(int slave_fd, uint32_t uid);

// setsid(), TIOCSCTTY, and dup2 onto 0, 1, 2.
Result<> make_controlling_terminal(int slave_fd);

}  // namespace berth::linux
