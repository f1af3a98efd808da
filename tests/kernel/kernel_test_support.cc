#include "kernel_test_support.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "cgroup/mounts.h"

namespace berth::cgroup::testing {

Child::Child(std::function<int()> body) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return;
  pid_ = fork();
  if (pid_ == 0) {
    ::close(fds[1]);
    char byte;
    if (::read(fds[0], &byte, 1) != 1) _exit(120);
    _exit(body());
  }
  ::close(fds[0]);
  go_fd_ = fds[1];
}

void Child::go() {
  if (go_fd_ < 0) return;
  char byte = 'g';
  (void)!::write(go_fd_, &byte, 1);
  ::close(go_fd_);
  go_fd_ = -1;
}

int Child::wait(int timeout_ms) {
  if (pid_ <= 0 || reaped_) return -1;
  for (int waited = 0; waited <= timeout_ms; waited += 2) {
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      reaped_ = true;
      return status;
    }
    struct timespec ts = {0, 2000000};
    nanosleep(&ts, nullptr);
  }
  return -1;
}

Child::~Child() {
  if (go_fd_ >= 0) ::close(go_fd_);
  if (pid_ > 0 && !reaped_) {
    ::kill(pid_, SIGKILL);
    wait(5000);
  }
}

TestCgroup::~TestCgroup() {
  if (!driver_) return;
  (void)driver_->thaw();
  (void)driver_->kill_all(SIGKILL);
  auto destroyed = driver_->destroy();
  if (!destroyed) fprintf(stderr, "TestCgroup: destroy: %s\n", destroyed.error().text().c_str());
}

std::string unique_name() {
  static std::atomic<int> counter{0};
  return "berth-test-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
}

std::map<std::string, std::string> cgroups_of(pid_t pid) {
  std::map<std::string, std::string> out;
  auto entries = read_proc_cgroup(pid);
  if (!entries) return out;
  for (const auto& entry : *entries) {
    std::string key;
    for (const auto& c : entry.controllers) key += (key.empty() ? "" : ",") + c;
    out[key] = entry.path;
  }
  return out;
}

namespace {

void find_test_dirs(const std::string& dir, int depth, std::vector<std::string>& out) {
  if (depth > 6) return;
  DIR* stream = opendir(dir.c_str());
  if (stream == nullptr) return;
  while (struct dirent* entry = readdir(stream)) {
    if (entry->d_type != DT_DIR) continue;
    std::string name = entry->d_name;
    if (name == "." || name == "..") continue;
    std::string path = dir + "/" + name;
    if (name.starts_with("berth-test"))
      out.push_back(path);
    else if (depth < 2 || name.starts_with("berth"))
      find_test_dirs(path, depth + 1, out);
  }
  closedir(stream);
}

}  // namespace

std::vector<std::string> leftover_test_dirs() {
  std::vector<std::string> out;
  auto hierarchies = read_hierarchies();
  auto own = read_proc_cgroup();
  if (!hierarchies || !own) return out;
  std::vector<CgroupMount> mounts = hierarchies->v1;
  if (hierarchies->v2) mounts.push_back(*hierarchies->v2);
  for (const auto& mount : mounts) {
    find_test_dirs(mount.mount_point, 0, out);
    if (auto mine = cgroup_in_hierarchy(*own, mount); mine && *mine != "/")
      find_test_dirs(mount.mount_point + *mine, 0, out);
  }
  return out;
}

bool is_v2_host() {
  struct statfs fs;
  return statfs("/sys/fs/cgroup", &fs) == 0 && fs.f_type == 0x63677270;  // CGROUP2_SUPER_MAGIC
}

std::vector<uint64_t> count_for_ms(const std::vector<Driver*>& drivers, int ms) {
  // Each child counts into its own slot of shared memory until killed.
  size_t bytes = 4096;
  auto* counters = static_cast<volatile uint64_t*>(
      mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
  std::vector<uint64_t> result(drivers.size(), 0);
  {
    std::vector<std::unique_ptr<Child>> children;
    for (size_t i = 0; i < drivers.size(); ++i) {
      volatile uint64_t* counter = counters + i * 8;  // a cache line each
      *counter = 0;
      children.push_back(std::make_unique<Child>([counter] {
        for (;;) *counter = *counter + 1;
        return 0;
      }));
      if (!drivers[i]->add_process(children.back()->pid())) return result;
    }
    for (auto& child : children) child->go();
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, nullptr);
    for (size_t i = 0; i < drivers.size(); ++i) result[i] = counters[i * 8];
  }
  munmap(const_cast<uint64_t*>(counters), bytes);
  return result;
}

}  // namespace berth::cgroup::testing
