#include <sys/prctl.h>

#include "base/fault_injection.h"
#include "base/log.h"
#include "container/container.h"
#include "container/creation.h"
#include "process/foreground.h"
#include "process/hooks.h"

namespace berth::container {
namespace {

// The init has been told to start; end-of-file on the channel means its exec succeeded.
Result<> wait_for_exec(PreparedContainer& container) {
  process::Message message = BERTH_TRY(container.init.channel.receive(-1, container.init.pidfd.get()));
  if (process::is_end_of_file(message)) return {};
  if (message.type == process::MessageType::error) return fail(Error(message.errnum, message.payload));
  return fail_invalid(std::string("protocol error: unexpected ") +
                      process::message_type_name(message.type) + " message after start");
}

void run_poststart_hooks(const PreparedContainer& container) {
  std::string state = spec::oci_state_json(container.record, spec::Status::running, false);
  auto hooks = process::run_hooks(container.spec.hooks.poststart, "poststart", state);
  // The runtime-spec: a failing poststart hook is a warning; the container keeps running.
  if (!hooks) log::warning(hooks.error().text());
}

// A process the OOM killer ended looks like any SIGKILL (exit 137); say what happened.
void report_oom_kills(const PreparedContainer& container) {
  if (!container.cgroup) return;
  auto kills = container.cgroup->oom_kill_count();
  if (!kills || *kills == 0) return;
  std::string limit;
  const auto& linux_config = container.spec.linux_config;
  if (linux_config && linux_config->resources && linux_config->resources->memory &&
      linux_config->resources->memory->limit) {
    limit = " of " + std::to_string(*linux_config->resources->memory->limit) + " bytes";
  }
  log::warning("the OOM killer killed " + std::to_string(*kills) + " process(es) of container " +
               container.record.id + ": it reached its memory limit" + limit +
               " (linux.resources.memory.limit)");
}

}  // namespace

Result<> create_container(const RuntimeOptions& runtime, const std::string& id, const CreateOptions& options) {
  PrepareRequest request{&runtime, id, &options, StartSignal::exec_fifo, false};
  BERTH_TRY(prepare_container(request));
  return {};
}

Result<int> run_container(const RuntimeOptions& runtime, const std::string& id,
                          const CreateOptions& options, const RunOptions& run) {
  if (!run.detach) {
    process::block_forwarded_signals();
    if (!run.no_subreaper) ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  }
  PrepareRequest request{&runtime, id, &options, StartSignal::channel, !run.detach};
  PreparedContainer container = BERTH_TRY(prepare_container(request));

  auto started = container.init.channel.send(process::MessageType::start);
  if (started) started = wait_for_exec(container);
  if (!started) {
    process::kill_and_reap(container.init.pid, container.init.pidfd.get());
    (void)destroy_container(container.dir, container.record, &container.spec, container.cgroup.get());
    return fail(std::move(started.error()));
  }
  container.init.channel.close();
  fault_point("run:started");
  log::debug("container " + id + " started");
  run_poststart_hooks(container);
  if (run.detach) return 0;

  auto exit_code = process::supervise_foreground(container.init.pid, container.init.pidfd.get(),
                                                 container.pty_master.get());
  log::debug("container " + id + " exited: " + (exit_code ? std::to_string(*exit_code) : exit_code.error().text()));
  report_oom_kills(container);
  if (!run.keep) {
    auto destroyed = destroy_container(container.dir, container.record, &container.spec, container.cgroup.get());
    if (!destroyed) log::warning("delete: " + destroyed.error().text());
  }
  if (!run.keep && !run.no_subreaper) process::reap_remaining_children(1000);
  return exit_code;
}

}  // namespace berth::container
