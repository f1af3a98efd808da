// Helpers for tests against the real kernel (run as root): child processes that are always
// reaped and cgroups that are always removed, even when an assertion fails.
#pragma once

#include <sys/types.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cgroup/driver.h"

namespace berth::cgroup::testing {

// A forked child that waits for go() before running `body`; exits with body's return value.
// The destructor SIGKILLs and reaps it. Declare a Child before the TestCgroup it is placed in, so
// that the cgroup (thawed and emptied) is torn down first.
class Child {
 public:
  explicit Child(std::function<int()> body);
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child();

  pid_t pid() const { return pid_; }
  void go();
  // Waits for the child to exit (at most `timeout_ms`); returns the raw wait status, or -1 on
  // timeout.
  int wait(int timeout_ms = 10000);

 private:
  pid_t pid_ = -1;
  int go_fd_ = -1;
  bool reaped_ = false;
};

// A cgroup created by the driver; the destructor thaws it, kills what is left and destroys it.
class TestCgroup {
 public:
  TestCgroup() = default;
  explicit TestCgroup(std::unique_ptr<Driver> driver) : driver_(std::move(driver)) {}
  TestCgroup(TestCgroup&&) = default;
  TestCgroup& operator=(TestCgroup&&) = default;
  ~TestCgroup();

  Driver* operator->() const { return driver_.get(); }
  Driver& operator*() const { return *driver_; }
  explicit operator bool() const { return driver_ != nullptr; }

 private:
  std::unique_ptr<Driver> driver_;
};

// "berth-test-<pid>-<n>", unique within the test run.
std::string unique_name();

// The cgroup path of `pid` in each hierarchy, from /proc/PID/cgroup ("memory" -> "/x/y",
// "" -> the cgroup2 path, "name=systemd" -> ...).
std::map<std::string, std::string> cgroups_of(pid_t pid);

// Any directory whose name starts with "berth-test" left in a hierarchy (searched from each mount
// and from the caller's own cgroup). Used by the leak check that runs after every test.
std::vector<std::string> leftover_test_dirs();

bool is_v2_host();  // /sys/fs/cgroup is a cgroup2 mount

// Busy-loop iterations in `ms` milliseconds of wall time, one counting child placed in each of
// `drivers`, all running at the same time (so that they compete with the same host load).
std::vector<uint64_t> count_for_ms(const std::vector<Driver*>& drivers, int ms);

}  // namespace berth::cgroup::testing
