#include "process/channel.h"

#include <poll.h>
#include <sys/socket.h>
#include <time.h>

#include <cstring>

namespace berth::process {
namespace {

struct Header {
  uint32_t type;
  int32_t errnum;
};

constexpr size_t kMaxPayload = 16 * 1024;

int64_t now_ms() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t{ts.tv_sec} * 1000 + ts.tv_nsec / 1000000;
}

}  // namespace

const char* message_type_name(MessageType type) {
  switch (type) {
    case MessageType::go: return "go";
    case MessageType::mounts_ready: return "mounts-ready";
    case MessageType::hooks_done: return "hooks-done";
    case MessageType::terminal: return "terminal";
    case MessageType::ready: return "ready";
    case MessageType::start: return "start";
    case MessageType::error: return "error";
    case MessageType::pid: return "pid";
    case MessageType::map_request: return "map-request";
    case MessageType::maps_written: return "maps-written";
    case MessageType::mount_fd: return "mount-fd";
    case MessageType::seccomp_listener: return "seccomp-listener";
    case MessageType::committed: return "committed";
  }
  return "unknown";
}

bool is_end_of_file(const Message& message) {
  return message.type == MessageType::error && message.errnum == EPIPE && message.payload.empty();
}

Result<std::pair<Channel, Channel>> Channel::make_pair() {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) != 0) {
    return fail_system("socketpair");
  }
  return std::pair<Channel, Channel>(Channel(UniqueFd(fds[0])), Channel(UniqueFd(fds[1])));
}

Result<> Channel::send(MessageType type, std::string_view payload, int fd_to_pass) {
  if (payload.size() > kMaxPayload) payload = payload.substr(0, kMaxPayload);
  Header header = {static_cast<uint32_t>(type), 0};
  struct iovec iov[2] = {{&header, sizeof header},
                         {const_cast<char*>(payload.data()), payload.size()}};
  struct msghdr msg = {};
  msg.msg_iov = iov;
  msg.msg_iovlen = payload.empty() ? 1 : 2;
  alignas(struct cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  if (fd_to_pass >= 0) {
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    struct cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(cmsg), &fd_to_pass, sizeof(int));
  }
  ssize_t n;
  do {
    n = ::sendmsg(fd_.get(), &msg, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return fail_system(std::string("send ") + message_type_name(type) + " message");
  return {};
}

Result<> Channel::send_error(const Error& error) {
  Header header = {static_cast<uint32_t>(MessageType::error), error.errnum()};
  const std::string& text = error.message();
  struct iovec iov[2] = {{&header, sizeof header},
                         {const_cast<char*>(text.data()), std::min(text.size(), kMaxPayload)}};
  struct msghdr msg = {};
  msg.msg_iov = iov;
  msg.msg_iovlen = 2;
  ssize_t n;
  do {
    n = ::sendmsg(fd_.get(), &msg, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return fail_system("send error message");
  return {};
}

Result<Message> Channel::receive(int timeout_ms, int peer_pidfd) {
  int64_t deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
  for (;;) {
    struct pollfd fds[2] = {{fd_.get(), POLLIN, 0}, {peer_pidfd, POLLIN, 0}};
    int wait = deadline < 0 ? -1 : static_cast<int>(std::max<int64_t>(0, deadline - now_ms()));
    int ready = ::poll(fds, peer_pidfd >= 0 ? 2 : 1, wait);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return fail_system("wait for a message");
    }
    if (ready == 0) return fail_system("timed out waiting for a message", ETIMEDOUT);
    if (fds[0].revents != 0) break;
    // The peer exited; its last message may still be queued, so look once more without waiting.
    struct pollfd last = {fd_.get(), POLLIN, 0};
    if (::poll(&last, 1, 0) > 0) break;
    return fail_invalid("the other process exited unexpectedly");
  }

  Header header = {};
  std::string payload(kMaxPayload, '\0');
  struct iovec iov[2] = {{&header, sizeof header}, {payload.data(), payload.size()}};
  alignas(struct cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  struct msghdr msg = {};
  msg.msg_iov = iov;
  msg.msg_iovlen = 2;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  ssize_t n;
  bool reset_seen = false;
  for (;;) {
    n = ::recvmsg(fd_.get(), &msg, MSG_CMSG_CLOEXEC);
    if (n >= 0 || errno == EINTR) {
      if (n >= 0) break;
      continue;
    }
    // A peer that exits with messages of ours unread makes the first receive fail with
    // ECONNRESET, even though its own last message (usually the error that explains why it
    // exited) is still queued for us. The error is reported once; read on.
    if (errno == ECONNRESET && !reset_seen) {
      reset_seen = true;
      continue;
    }
    break;
  }
  if (n < 0 && errno == ECONNRESET) n = 0;  // nothing queued after all: end of file
  if (n < 0) return fail_system("receive a message");

  Message message;
  if (n == 0) {
    message.type = MessageType::error;
    message.errnum = EPIPE;
    return message;
  }
  if (static_cast<size_t>(n) < sizeof header) return fail_invalid("short message on the channel");
  message.type = static_cast<MessageType>(header.type);
  message.errnum = header.errnum;
  payload.resize(static_cast<size_t>(n) - sizeof header);
  message.payload = std::move(payload);
  for (struct cmsghdr* cmsg = CMSG_FIRSTHDR(&msg); cmsg; cmsg = CMSG_NXTHDR(&msg, cmsg)) {
    if (cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_RIGHTS) {
      int fd;
      std::memcpy(&fd, CMSG_DATA(cmsg), sizeof fd);
      message.fd.reset(fd);
    }
  }
  return message;
}

Result<Message> Channel::expect(MessageType expected, int timeout_ms, int peer_pidfd) {
  Message message = BERTH_TRY(receive(timeout_ms, peer_pidfd));
  if (message.type == expected) return message;
  if (is_end_of_file(message)) {
    return fail_invalid(std::string("the other process closed the channel while waiting for ") +
                        message_type_name(expected));
  }
  if (message.type == MessageType::error) return fail(Error(message.errnum, message.payload));
  return fail_invalid(std::string("protocol error: expected ") + message_type_name(expected) +
                      ", received " + message_type_name(message.type));
}

}  // namespace berth::process
