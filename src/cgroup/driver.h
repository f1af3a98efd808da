// The cgroup driver: one interface, with implementations for cgroup v1, v2 and hybrid hosts.
//
// A driver owns one container's cgroup. The runtime creates it before the container's init can
// run user code, places the init in it, applies linux.resources, and destroys it on delete.
// The placement (which directories, which of them the runtime created) is saved in the container's
// state so that a later command (`delete`, `kill --all`, `pause`, `update`, `ps`, `events`) can
// reopen the same cgroup with open_existing().
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/unique_fd.h"
#include "spec/spec.h"

namespace berth::cgroup {

enum class Layout {
  v1,      // only v1 controller hierarchies
  v2,      // a single cgroup2 hierarchy at /sys/fs/cgroup
  hybrid,  // v1 controllers plus a cgroup2 mount (usually /sys/fs/cgroup/unified) with few
           // controllers
};
const char* layout_name(Layout layout);

// Where a container's cgroup lives; persisted in state.json.
struct Placement {
  // Hierarchy mount point (e.g. "/sys/fs/cgroup/memory", "/sys/fs/cgroup/unified") -> the
  // container's absolute cgroup directory in it.
  std::map<std::string, std::string> paths;
  // Directories this runtime created (the container's and missing parents), parents first.
  // Only these are removed on destroy.
  std::vector<std::string> created;
};

// What `events --stats` reports, in runc's units and field names.
struct CpuStats {
  uint64_t total_ns = 0, kernel_ns = 0, user_ns = 0;
  std::vector<uint64_t> percpu_ns;
  uint64_t periods = 0, throttled_periods = 0, throttled_time_ns = 0;
};
struct MemoryEntry {
  uint64_t usage = 0, max_usage = 0, failcnt = 0, limit = 0;
};
struct MemoryStats {
  uint64_t cache = 0;
  MemoryEntry usage, swap, kernel, kernel_tcp;
  std::map<std::string, uint64_t> raw;  // memory.stat
};
struct PidsStats {
  uint64_t current = 0, limit = 0;  // limit 0 = max
};
struct BlkioEntry {
  uint64_t major = 0, minor = 0;
  std::string op;
  uint64_t value = 0;
};
struct BlkioStats {
  std::vector<BlkioEntry> io_service_bytes_recursive, io_serviced_recursive;
};
struct HugetlbStats {
  uint64_t usage = 0, max_usage = 0, failcnt = 0;
};
struct Stats {
  CpuStats cpu;
  MemoryStats memory;
  PidsStats pids;
  BlkioStats blkio;
  std::map<std::string, HugetlbStats> hugetlb;  // page size ("2MB") -> stats
};

// The fast way into the cgroup for a child the runtime is about to clone. Moving a process that
// already runs (add_process) takes the kernel's global cgroup migration lock for writing, and the
// first such move after a quiet spell waits for an RCU grace period: 8-16 ms on these hosts. Two
// paths avoid that lock: clone3(CLONE_INTO_CGROUP) into a cgroup2 directory, and a single-threaded
// process moving itself by writing "0" to a v1 hierarchy's `tasks` file (Linux 5.17+).
struct ChildPlacement {
  // For clone3(CLONE_INTO_CGROUP): the container's cgroup on v2, its cgroup2 directory on hybrid
  // hosts, -1 on v1. Owned by the driver.
  int clone_into_cgroup_fd = -1;
  // v1 and hybrid: the `tasks` file of every v1 hierarchy, O_WRONLY|O_CLOEXEC. The child writes
  // "0" to each (join_from_child) before it runs anything else; the parent closes them after the
  // clone by dropping this struct.
  std::vector<UniqueFd> join_fds;
};

// Called in the cloned child, while it is single-threaded: joins every v1 hierarchy through
// placement.join_fds. Only write(2) calls; returns 0 or the errno of the first failure.
int join_from_child(const ChildPlacement& placement);

// A hierarchy the container's cgroup lives in, as the runtime needs it to mount /sys/fs/cgroup
// inside the container.
struct HierarchyMount {
  std::string mount_point;               // on the host: "/sys/fs/cgroup/memory"
  bool v2 = false;
  std::vector<std::string> controllers;  // v1: "cpu", "cpuacct", "name=systemd"; empty for v2
};

class Driver {
 public:
  virtual ~Driver() = default;

  virtual Layout layout() const = 0;
  virtual const Placement& placement() const = 0;
  virtual std::vector<HierarchyMount> hierarchy_mounts() const = 0;

  // A directory fd of the container's cgroup2 directory for clone3(CLONE_INTO_CGROUP), or -1
  // when the controllers live in v1 hierarchies (then add_process() must be used).
  virtual int clone_into_cgroup_fd() const = 0;

  // Moves a process into the container's cgroup in every hierarchy.
  virtual Result<> add_process(pid_t pid) = 0;

  // What a child needs to enter the cgroup at birth without add_process (see ChildPlacement).
  virtual Result<ChildPlacement> prepare_child_placement() = 0;

  // Writes linux.resources; `initial` is true at create (false for `update`).
  virtual Result<> apply(const spec::Resources& resources, bool initial) = 0;

  virtual Result<> freeze() = 0;
  virtual Result<> thaw() = 0;
  virtual Result<bool> is_frozen() const = 0;

  // Host pids of every process in the container's cgroup.
  virtual Result<std::vector<pid_t>> pids() const = 0;
  virtual Result<Stats> stats() const = 0;
  // How many times the OOM killer killed a process in this cgroup (memory.events oom_kill, or
  // memory.oom_control oom_kill on v1).
  virtual Result<uint64_t> oom_kill_count() const = 0;

  // Sends `signal` to every process of the cgroup (cgroup.kill for SIGKILL on v2 where available).
  virtual Result<> kill_all(int signal) = 0;

  // Removes the directories this runtime created (deepest first), waiting briefly for a cgroup
  // that still has exiting processes. A directory already gone is not an error.
  virtual Result<> destroy() = 0;
};

struct CreateRequest {
  std::string container_id;
  std::optional<std::string> cgroups_path;  // linux.cgroupsPath as given
  bool rootless = false;                    // no cgroups unless delegated
};

// Detects the host's layout from /proc/self/mountinfo.
Result<Layout> detect_layout();

// Creates the container's cgroup (and missing parents) in every hierarchy. On error, whatever was
// created is removed again.
Result<std::unique_ptr<Driver>> create(const CreateRequest& request);

// Reopens a container's cgroup from a saved placement.
Result<std::unique_ptr<Driver>> open_existing(const Placement& placement);

}  // namespace berth::cgroup
