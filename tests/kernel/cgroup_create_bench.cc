// Measures the container hot path: cgroup create + add_process + destroy (plus kill_all of an
// already-empty cgroup, as `delete` does). Run as root:  cgroup_create_bench [ITERATIONS]
// Prints the median and mean of each step in microseconds. A benchmark, never a test.
//
// On cgroup v2 it also times the other way in: clone3(CLONE_INTO_CGROUP) straight into the
// cgroup, against a plain fork of the same process. Moving an existing process (add_process)
// takes the kernel's cgroup_threadgroup_rwsem for writing, which costs an RCU grace period when
// no other migration happened just before; cloning into the cgroup does not.
#include <linux/sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <string>
#include <vector>

#include "cgroup/driver.h"

namespace {

double now_us() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

void report(const char* name, std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  double mean = std::accumulate(samples.begin(), samples.end(), 0.0) / samples.size();
  printf("%-22s median %8.1f us   mean %8.1f us   p90 %8.1f us\n", name,
         samples[samples.size() / 2], mean, samples[samples.size() * 9 / 10]);
}

}  // namespace

int main(int argc, char** argv) {
  int iterations = argc > 1 ? atoi(argv[1]) : 200;
  auto layout = berth::cgroup::detect_layout();
  if (!layout) {
    fprintf(stderr, "%s\n", layout.error().text().c_str());
    return 1;
  }
  // The fast way in (ChildPlacement): clone3 into the cgroup2 directory, the child joins the v1
  // hierarchies itself. Timed from the clone to the child's "joined" byte.
  std::vector<double> child_placement_us, clone_us, child_start_us, join_us;
  for (int i = 0; i < iterations; ++i) {
    berth::cgroup::CreateRequest request;
    request.container_id = "berth-bench-" + std::to_string(getpid()) + "-p" + std::to_string(i);
    auto driver = berth::cgroup::create(request);
    if (!driver) return 1;
    auto placement = (*driver)->prepare_child_placement();
    if (!placement) return 1;
    int ready[2];
    if (pipe(ready) != 0) return 1;
    double t0 = now_us();
    struct clone_args args = {};
    args.flags = placement->clone_into_cgroup_fd >= 0 ? CLONE_INTO_CGROUP : 0;
    args.exit_signal = SIGCHLD;
    args.cgroup = static_cast<uint64_t>(placement->clone_into_cgroup_fd);
    long child = syscall(SYS_clone3, &args, sizeof args);
    if (child == 0) {
      double started = now_us();
      int result = berth::cgroup::join_from_child(*placement);
      double report_[3] = {started, now_us(), static_cast<double>(result)};
      (void)!write(ready[1], report_, sizeof report_);
      _exit(0);
    }
    double t_clone = now_us();
    double child_report[3] = {0, 0, 1};
    if (child < 0 || read(ready[0], child_report, sizeof child_report) != sizeof child_report ||
        child_report[2] != 0)
      return 1;
    double t1 = now_us();
    clone_us.push_back(t_clone - t0);
    child_start_us.push_back(child_report[0] - t0);
    join_us.push_back(child_report[1] - child_report[0]);
    close(ready[0]);
    close(ready[1]);
    placement->join_fds.clear();
    waitpid(static_cast<pid_t>(child), nullptr, 0);
    if (!(*driver)->destroy()) return 1;
    child_placement_us.push_back(t1 - t0);
  }
  report("clone3+join (fast way)", child_placement_us);
  report("  of which clone3", clone_us);
  report("  child running after", child_start_us);
  report("  child's join_from_child", join_us);
  std::vector<double> create_us, add_us, kill_us, destroy_us, total_us;
  for (int i = 0; i < iterations; ++i) {
    pid_t child = fork();
    if (child == 0) {
      pause();
      _exit(0);
    }
    berth::cgroup::CreateRequest request;
    request.container_id = "berth-bench-" + std::to_string(getpid()) + "-" + std::to_string(i);
    double t0 = now_us();
    auto driver = berth::cgroup::create(request);
    double t1 = now_us();
    if (!driver) {
      fprintf(stderr, "create: %s\n", driver.error().text().c_str());
      kill(child, SIGKILL);
      waitpid(child, nullptr, 0);
      return 1;
    }
    auto added = (*driver)->add_process(child);
    double t2 = now_us();
    kill(child, SIGKILL);
    waitpid(child, nullptr, 0);
    double t3 = now_us();
    auto killed = (*driver)->kill_all(SIGKILL);
    double t4 = now_us();
    auto destroyed = (*driver)->destroy();
    double t5 = now_us();
    if (!added || !killed || !destroyed) {
      fprintf(stderr, "add/kill/destroy failed: %s\n",
              (!added    ? added
               : !killed ? killed
                         : destroyed)
                  .error()
                  .text()
                  .c_str());
      return 1;
    }
    create_us.push_back(t1 - t0);
    add_us.push_back(t2 - t1);
    kill_us.push_back(t4 - t3);
    destroy_us.push_back(t5 - t4);
    total_us.push_back((t2 - t0) + (t5 - t3));
  }
  if (*layout == berth::cgroup::Layout::v2) {
    std::vector<double> fork_us, clone_into_us;
    for (int i = 0; i < iterations; ++i) {
      berth::cgroup::CreateRequest request;
      request.container_id = "berth-bench-" + std::to_string(getpid()) + "-c" + std::to_string(i);
      auto driver = berth::cgroup::create(request);
      if (!driver) return 1;
      double t0 = now_us();
      pid_t plain = fork();
      if (plain == 0) _exit(0);
      double t1 = now_us();
      struct clone_args args = {};
      args.flags = CLONE_INTO_CGROUP;
      args.exit_signal = SIGCHLD;
      args.cgroup = static_cast<uint64_t>((*driver)->clone_into_cgroup_fd());
      long placed = syscall(SYS_clone3, &args, sizeof args);
      if (placed == 0) _exit(0);
      double t2 = now_us();
      waitpid(plain, nullptr, 0);
      waitpid(static_cast<pid_t>(placed), nullptr, 0);
      if (placed < 0 || !(*driver)->destroy()) return 1;
      fork_us.push_back(t1 - t0);
      clone_into_us.push_back(t2 - t1);
    }
    report("fork (for comparison)", fork_us);
    report("clone3 INTO_CGROUP", clone_into_us);
  }
  printf("layout %s, %d iterations\n", berth::cgroup::layout_name(*layout), iterations);
  report("create", create_us);
  report("add_process", add_us);
  report("kill_all (empty)", kill_us);
  report("destroy", destroy_us);
  report("total", total_us);
  return 0;
}
