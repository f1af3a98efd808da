// The container lifecycle, as the runtime-spec defines it and runc's command line drives it.
// Each function is one command; the command-line front end only parses flags and prints.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <string>
#include <vector>

#include "base/error.h"
#include "spec/exec_process.h"
#include "spec/state.h"

namespace berth::container {

struct RuntimeOptions {
  std::string root = "/run/berth-runtime";  // --root
  int log_fd = -1;                         // --log, kept open in the init for its log lines
  // Compiled seccomp filters (see linux/seccomp_cache.h); empty: no cache. Not under `root`:
  // the state root only ever holds containers.
  std::string cache_dir;
  // The runtime's own command line, to re-execute it from a read-only mount of its binary when a
  // container could reach the binary (see process/protected_binary.h).
  char* const* argv = nullptr;
};

struct CreateOptions {
  std::string bundle = ".";
  std::string pid_file;
  std::string console_socket;
  bool no_pivot = false;
  bool no_new_keyring = false;
  int preserve_fds = 0;
  std::string pidfd_socket;  // receives a pidfd of the container's init (runc 1.2's --pidfd-socket)
};

struct RunOptions {
  bool detach = false;
  bool keep = false;  // keep the state after the container exits
  bool no_subreaper = false;
};

// create: the container ends up `created`; its process waits for `start`.
Result<> create_container(const RuntimeOptions& runtime, const std::string& id, const CreateOptions& options);

// start: lets a created container's process run; poststart hooks run before it returns.
Result<> start_container(const RuntimeOptions& runtime, const std::string& id);

// run: create + start; in the foreground waits and returns the exit code (128 + signal when killed)
// and deletes the container unless `keep`; detached returns 0 once the process runs.
Result<int> run_container(const RuntimeOptions& runtime, const std::string& id,
                          const CreateOptions& options, const RunOptions& run);

// kill: a signal to the init (or, with `all`, to every process of the container).
Result<> kill_container(const RuntimeOptions& runtime, const std::string& id, int signal, bool all);

// delete: removes a stopped (or created) container; `force` kills a running one first. A missing
// container is an error unless `force`.
Result<> delete_container(const RuntimeOptions& runtime, const std::string& id, bool force);

struct ExecRequest {
  std::string process_file;  // --process: a JSON process object; otherwise built from `flags`
  spec::ExecFlags flags;
  std::string console_socket;
  bool detach = false;
  std::string pid_file;
  int preserve_fds = 0;
  bool ignore_paused = false;
  bool no_subreaper = false;
  std::string pidfd_socket;
};

// exec: a new process in a running container. In the foreground it returns the process's exit
// code (128 + signal when killed); with `detach` it returns 0 once the process runs.
Result<int> exec_in_container(const RuntimeOptions& runtime, const std::string& id, const ExecRequest& request);

// update: new limits for a running (or created, or paused) container, applied live. Only the
// values `resources` sets are written, and a 0 leaves a limit as it is (spec/update_changes.h).
Result<> update_container(const RuntimeOptions& runtime, const std::string& id, const spec::Resources& resources);

// pause / resume: freeze and thaw every process of the container (cgroup freezer).
Result<> pause_container(const RuntimeOptions& runtime, const std::string& id);
Result<> resume_container(const RuntimeOptions& runtime, const std::string& id);

// ps: host pids of every process in the container.
Result<std::vector<pid_t>> container_pids(const RuntimeOptions& runtime, const std::string& id);

// events: one JSON object per line on `out_fd`: {"type":"stats",...} every `interval_ms` (or once
// with `stats_once`), {"type":"oom",...} when the OOM killer strikes. Ends when the container stops.
Result<> stream_events(const RuntimeOptions& runtime, const std::string& id, int interval_ms, bool stats_once,
                       int out_fd);

struct ContainerState {
  spec::ContainerRecord record;
  spec::Status status;
};

Result<ContainerState> container_state(const RuntimeOptions& runtime, const std::string& id);
Result<std::vector<ContainerState>> list_containers(const RuntimeOptions& runtime);

// "SIGKILL", "KILL", "kill", "9" -> 9.
Result<int> parse_signal(std::string_view text);

}  // namespace berth::container
