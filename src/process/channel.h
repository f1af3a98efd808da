// The parent <-> child channel: typed messages over a SOCK_SEQPACKET socketpair.
//
// One message per datagram: a fixed header (type, errno, payload length) followed by the payload,
// and optionally one file descriptor passed with SCM_RIGHTS. Both ends are close-on-exec, so
// when the child's end reaches end-of-file without an error message, the child has exec'd.
// Every receive has a deadline and watches the peer's pidfd (when given), so a peer that dies
// never leaves the other waiting.
#pragma once

#include <cstdint>
#include <string>

#include "base/error.h"
#include "base/unique_fd.h"

namespace berth::process {

enum class MessageType : uint32_t {
  go = 1,              // parent -> child: ids mapped, cgroup joined; carry on
  mounts_ready = 2,    // child -> parent: rootfs mounted; run prestart/createRuntime hooks
  hooks_done = 3,      // parent -> child: those hooks succeeded
  terminal = 4,        // child -> parent: the pty master (fd attached)
  ready = 5,           // child -> parent: all set up, waiting to exec
  start = 6,           // parent -> child: exec now (run)
  error = 7,           // either way: errno + message; the sender gives up
  pid = 8,             // child -> parent: the init's pid (payload: decimal) when it is a grandchild
  map_request = 9,     // child -> parent: I unshared a user namespace; write its id maps
  maps_written = 10,   // parent -> child: done
  mount_fd = 11,       // parent -> child: a prepared (idmapped) mount tree for mounts[payload]
  seccomp_listener = 12,  // child -> parent: the SCMP_ACT_NOTIFY listener (fd attached)
  committed = 13,      // parent -> child: the state says "created"; the init may outlive the runtime
};
const char* message_type_name(MessageType type);

struct Message {
  MessageType type = MessageType::error;
  int32_t errnum = 0;
  std::string payload;
  UniqueFd fd;  // at most one attached descriptor
};

class Channel {
 public:
  // A connected pair; [0] for the parent, [1] for the child.
  static Result<std::pair<Channel, Channel>> make_pair();

  Channel() = default;
  explicit Channel(UniqueFd fd) : fd_(std::move(fd)) {}

  Result<> send(MessageType type, std::string_view payload = {}, int fd_to_pass = -1);
  Result<> send_error(const Error& error);

  // Waits for the next message. `peer_pidfd` (or -1) ends the wait with an error when the peer
  // exits; `timeout_ms` < 0 waits forever. End-of-file yields a Message of type error with
  // errnum EPIPE and an empty payload (see is_end_of_file).
  Result<Message> receive(int timeout_ms, int peer_pidfd = -1);

  // Receives and checks the type; an error message from the peer becomes this call's error,
  // anything else unexpected is reported with both the expected and the received type.
  Result<Message> expect(MessageType expected, int timeout_ms, int peer_pidfd = -1);

  int fd() const { return fd_.get(); }
  void close() { fd_.reset(); }

 private:
  UniqueFd fd_;
};

bool is_end_of_file(const Message& message);

}  // namespace berth::process
