// Handing a file descriptor to another program over an AF_UNIX socket (SCM_RIGHTS), as runc's
// --console-socket (pty master, text: the pty's name) and --pidfd-socket (text: "pidfd") do.
#pragma once

#include <string>

#include "base/error.h"
#include "base/unique_fd.h"

namespace berth::linux {

Result<UniqueFd> connect_unix_socket(const std::string& path);
Result<> send_fd(int socket_fd, int fd, const std::string& text);
// Connects, sends, closes.
Result<> send_fd_to_unix_socket(const std::string& path, int fd, const std::string& text);

}  // namespace berth::linux
