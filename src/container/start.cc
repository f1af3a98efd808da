#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include "base/fault_injection.h"
#include "base/files.h"
#include "base/log.h"
#include "base/strings.h"
#include "container/container.h"
#include "container/state_store.h"
#include "container/status.h"
#include "linux/process_info.h"
#include "process/hooks.h"
#include "spec/parse.h"

namespace berth::container {
namespace {

// Opens the exec fifo for reading, which releases the init, and reads what it reports: "0" when
// it is about to exec, "E<message>" when a startContainer hook failed.
Result<> release_init(const ContainerDir& dir, const spec::ContainerRecord& record) {
  std::string cannot_start = "cannot start container " + quoted(dir.id()) + ": ";
  // The pidfd first: once the fifo is open the process may run, exit and be reaped at once.
  auto pidfd = linux::open_pidfd(record.pid);
  if (!pidfd || !linux::process_matches(record.pid, record.pid_start_time)) {
    return fail_invalid(cannot_start + "its init has exited");
  }
  UniqueFd fifo = BERTH_TRY(open_file(dir.exec_fifo_path(), O_RDONLY | O_NONBLOCK));
  std::string reply;
  for (;;) {
    struct pollfd fds[2] = {{fifo.get(), POLLIN, 0}, {pidfd->get(), POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return fail_system("wait for the container's init");
    }
    if (fds[0].revents & (POLLIN | POLLHUP)) {
      char buf[4096];
      ssize_t n = ::read(fifo.get(), buf, sizeof buf);
      if (n > 0) {
        reply.append(buf, static_cast<size_t>(n));
        continue;
      }
      if (n == 0) break;  // the init closed its end
      if (errno != EAGAIN) return fail_system("read the exec fifo");
    }
    if (fds[1].revents & POLLIN) {
      // The init is gone; take whatever it wrote before it went.
      char buf[4096];
      ssize_t n;
      while ((n = ::read(fifo.get(), buf, sizeof buf)) > 0) reply.append(buf, static_cast<size_t>(n));
      if (reply.empty()) return fail_invalid(cannot_start + "its init exited before it could start");
      break;
    }
  }
  ::unlink(dir.exec_fifo_path().c_str());
  if (reply.starts_with("0")) return {};
  if (reply.empty()) return fail_invalid(cannot_start + "its init exited before it could start");
  if (reply.starts_with("E")) return fail_invalid(reply.substr(1));
  return fail_invalid("unexpected reply from the container's init: " + quoted(reply));
}

}  // namespace

Result<> start_container(const RuntimeOptions& runtime, const std::string& id) {
  StateStore store(runtime.root);
  ContainerDir dir = BERTH_TRY(store.open(id));
  BERTH_TRY(dir.lock_exclusive());
  spec::ContainerRecord record = BERTH_TRY(dir.read_record());
  spec::Status status = derive_status(dir, record);
  if (status != spec::Status::created) {
    return fail_invalid("cannot start container " + quoted(id) + ": it is " + spec::status_name(status) +
                        ", not created");
  }
  fault_point("start:before-release");
  BERTH_TRY(release_init(dir, record));
  fault_point("start:released");
  log::debug("container " + id + " started");

  auto config = read_file(dir.config_copy_path());
  if (config) {
    auto parsed = spec::parse_config(*config);
    if (parsed && !parsed->hooks.poststart.empty()) {
      std::string state = spec::oci_state_json(record, spec::Status::running, false);
      auto hooks = process::run_hooks(parsed->hooks.poststart, "poststart", state);
      if (!hooks) log::warning(hooks.error().text());
    }
  }
  return {};
}

}  // namespace berth::container
