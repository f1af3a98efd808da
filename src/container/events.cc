#include <poll.h>
#include <time.h>

#include "base/files.h"
#include "base/strings.h"
#include "container/cgroup_access.h"
#include "container/container.h"
#include "container/events_json.h"
#include "container/state_store.h"
#include "container/status.h"
#include "linux/process_info.h"

namespace berth::container {
namespace {

constexpr int kOomPollMs = 250;

int64_t now_ms() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t{ts.tv_sec} * 1000 + ts.tv_nsec / 1000000;
}

}  // namespace

Result<> stream_events(const RuntimeOptions& runtime, const std::string& id, int interval_ms, bool stats_once,
                       int out_fd) {
  StateStore store(runtime.root);
  ContainerDir dir = BERTH_TRY(store.open(id));
  spec::ContainerRecord record = BERTH_TRY(dir.read_record());
  if (derive_status(dir, record) == spec::Status::stopped) {
    return fail_invalid("container " + quoted(id) + " is not running");
  }
  auto cgroup = BERTH_TRY(open_cgroup(record));
  if (stats_once) return write_all(out_fd, stats_event_json(id, BERTH_TRY(cgroup->stats())));

  UniqueFd pidfd = BERTH_TRY(linux::open_pidfd(record.pid));
  uint64_t ooms = cgroup->oom_kill_count().value_or(0);
  int64_t next_stats = now_ms();
  for (;;) {
    int64_t now = now_ms();
    if (now >= next_stats) {
      auto stats = cgroup->stats();
      if (stats) BERTH_TRY(write_all(out_fd, stats_event_json(id, *stats)));
      next_stats = now + interval_ms;
    }
    if (auto count = cgroup->oom_kill_count(); count && *count > ooms) {
      ooms = *count;
      BERTH_TRY(write_all(out_fd, oom_event_json(id)));
    }
    // Wake for the next stats, an OOM check, or the init's exit (which ends the stream).
    struct pollfd exited = {pidfd.get(), POLLIN, 0};
    int wait = static_cast<int>(std::min<int64_t>(kOomPollMs, std::max<int64_t>(0, next_stats - now_ms())));
    if (::poll(&exited, 1, wait) > 0) {
      if (auto count = cgroup->oom_kill_count(); count && *count > ooms) BERTH_TRY(write_all(out_fd, oom_event_json(id)));
      return {};
    }
  }
}

}  // namespace berth::container
