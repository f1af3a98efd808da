#include "linux/seccomp_listener.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <cstring>

#include "base/strings.h"
#include "base/unique_fd.h"

namespace berth::linux {
namespace {

Result<UniqueFd> connect_unix_stream(const std::string& path, const std::string& field) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof(address.sun_path)) {
    return fail_invalid(field + ": a socket path must have 1 to " +
                        std::to_string(sizeof(address.sun_path) - 1) + " bytes, got " +
                        std::to_string(path.size()));
  }
  std::memcpy(address.sun_path, path.data(), path.size());
  UniqueFd socket_fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!socket_fd) return fail_system(field + ": socket(AF_UNIX)");
  int rc;
  do {
    rc = ::connect(socket_fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof(address));
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) return fail_system(field + ": connect to " + quoted(path));
  return socket_fd;
}

}  // namespace

Result<> send_seccomp_listener(const std::string& listener_path, int listener_fd,
                               std::string_view state_json) {
  const std::string field = "linux.seccomp.listenerPath";
  if (listener_fd < 0) return fail_invalid(field + ": no seccomp listener fd to send");
  if (state_json.empty()) return fail_invalid(field + ": empty container process state");
  UniqueFd socket_fd = BERTH_TRY(connect_unix_stream(listener_path, field));

  // The fd travels with the first sendmsg; a stream may take the payload in several.
  size_t sent = 0;
  bool fd_sent = false;
  while (sent < state_json.size()) {
    iovec iov{const_cast<char*>(state_json.data()) + sent, state_json.size() - sent};
    msghdr message{};
    message.msg_iov = &iov;
    message.msg_iovlen = 1;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    if (!fd_sent) {
      message.msg_control = control;
      message.msg_controllen = sizeof(control);
      cmsghdr* header = CMSG_FIRSTHDR(&message);
      header->cmsg_level = SOL_SOCKET;
      header->cmsg_type = SCM_RIGHTS;
      header->cmsg_len = CMSG_LEN(sizeof(int));
      std::memcpy(CMSG_DATA(header), &listener_fd, sizeof(int));
    }
    ssize_t n = ::sendmsg(socket_fd.get(), &message, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      return fail_system(field + ": send the seccomp listener to " + quoted(listener_path));
    fd_sent = true;
    sent += static_cast<size_t>(n);
  }
  return {};
}

}  // namespace berth::linux
