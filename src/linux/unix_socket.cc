#include "linux/unix_socket.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

#include "base/strings.h"

namespace berth::linux {

Result<UniqueFd> connect_unix_socket(const std::string& path) {
  struct sockaddr_un address = {};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path) return fail_invalid("socket path too long: " + quoted(path));
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return fail_system("socket");
  UniqueFd socket_fd(fd);
  int rc;
  do {
    rc = ::connect(socket_fd.get(), reinterpret_cast<struct sockaddr*>(&address), sizeof address);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) return fail_system("connect to " + quoted(path));
  return socket_fd;
}

Result<> send_fd(int socket_fd, int fd, const std::string& text) {
  struct iovec iov = {const_cast<char*>(text.data()), text.size()};
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
  if (n < 0) return fail_system("send a file descriptor");
  return {};
}

Result<> send_fd_to_unix_socket(const std::string& path, int fd, const std::string& text) {
  UniqueFd socket_fd = BERTH_TRY(connect_unix_socket(path));
  return send_fd(socket_fd.get(), fd, text);
}

}  // namespace berth::linux
