// Creating, joining and removing cgroups on the real kernel: every hierarchy, every placement
// rule, created parents, bad paths.
#include <dirent.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

#include "cgroup/mounts.h"
#include "cgroup_test_fixture.h"

namespace berth::cgroup::testing {
namespace {

using CgroupPlacementTest = CgroupTest;

int sleep_forever() {
  for (;;) pause();
  return 0;
}

bool is_dir(const std::string& path) { return access(path.c_str(), F_OK) == 0; }

// The hierarchies the driver should use on this host, mount point -> /proc/self/cgroup key.
std::map<std::string, std::string> expected_hierarchies() {
  std::map<std::string, std::string> out;
  auto hierarchies = read_hierarchies();
  if (!hierarchies) return out;
  for (const auto& mount : hierarchies->v1) {
    std::string key;
    for (const auto& c : mount.controllers) key += (key.empty() ? "" : ",") + c;
    out[mount.mount_point] = key;
  }
  if (hierarchies->v2) out[hierarchies->v2->mount_point] = "";
  return out;
}

TEST_F(CgroupPlacementTest, DetectsTheHostLayout) {
  auto layout = detect_layout();
  ASSERT_TRUE(layout) << layout.error().text();
  if (is_v2_host()) {
    EXPECT_EQ(*layout, Layout::v2);
  } else if (is_dir("/sys/fs/cgroup/unified/cgroup.controllers")) {
    EXPECT_EQ(*layout, Layout::hybrid);
  } else {
    EXPECT_EQ(*layout, Layout::v1);
  }
}

TEST_F(CgroupPlacementTest, AbsolutePathIsCreatedInEveryHierarchyAndJoined) {
  std::string name = unique_name();
  Child child(sleep_forever);
  TestCgroup cgroup = create_absolute("/" + name);
  ASSERT_TRUE(cgroup);
  auto expected = expected_hierarchies();
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(cgroup->placement().paths.size(), expected.size());
  for (const auto& [mount, key] : expected) {
    auto it = cgroup->placement().paths.find(mount);
    ASSERT_NE(it, cgroup->placement().paths.end()) << mount;
    EXPECT_EQ(it->second, mount + "/" + name);
    EXPECT_TRUE(is_dir(it->second)) << it->second;
  }
  ASSERT_TRUE(cgroup->add_process(child.pid()));
  auto in = cgroups_of(child.pid());
  for (const auto& [mount, key] : expected) EXPECT_EQ(in[key], "/" + name) << "hierarchy " << key;
  auto pids = cgroup->pids();
  ASSERT_TRUE(pids) << pids.error().text();
  EXPECT_EQ(*pids, std::vector<pid_t>{child.pid()});
}

TEST_F(CgroupPlacementTest, AbsentPathGoesUnderTheCallersCgroupNamedById) {
  CreateRequest request;
  request.container_id = unique_name();
  auto driver = create(request);
  ASSERT_TRUE(driver) << driver.error().text();
  TestCgroup cgroup(std::move(*driver));
  auto own = cgroups_of(getpid());
  for (const auto& [mount, key] : expected_hierarchies()) {
    std::string parent = own[key] == "/" ? "" : own[key];
    EXPECT_EQ(cgroup->placement().paths.at(mount), mount + parent + "/" + request.container_id);
  }
  // Only the container's own directory was created, once per hierarchy.
  EXPECT_EQ(cgroup->placement().created.size(), expected_hierarchies().size());
}

TEST_F(CgroupPlacementTest, RelativePathGoesUnderTheCallersCgroup) {
  std::string name = unique_name();
  CreateRequest request;
  request.container_id = "ignored";
  request.cgroups_path = name + "/./inner";
  auto driver = create(request);
  ASSERT_TRUE(driver) << driver.error().text();
  TestCgroup cgroup(std::move(*driver));
  auto own = cgroups_of(getpid());
  for (const auto& [mount, key] : expected_hierarchies()) {
    std::string parent = own[key] == "/" ? "" : own[key];
    EXPECT_EQ(cgroup->placement().paths.at(mount), mount + parent + "/" + name + "/inner");
  }
}

TEST_F(CgroupPlacementTest, DestroyRemovesCreatedParentsButNotExistingOnes) {
  std::string name = unique_name();
  // An existing parent that the runtime did not create must survive.
  TestCgroup outer = create_absolute("/" + name);
  ASSERT_TRUE(outer);
  TestCgroup inner = create_absolute("/" + name + "/a/b/c");
  ASSERT_TRUE(inner);
  auto expected = expected_hierarchies();
  EXPECT_EQ(inner->placement().created.size(), 3 * expected.size());
  for (const auto& dir : inner->placement().created) EXPECT_TRUE(is_dir(dir)) << dir;
  ASSERT_TRUE(inner->destroy());
  for (const auto& dir : inner->placement().created) EXPECT_FALSE(is_dir(dir)) << dir;
  for (const auto& [mount, key] : expected) EXPECT_TRUE(is_dir(mount + "/" + name));
  // Destroying twice is fine.
  EXPECT_TRUE(inner->destroy());
}

TEST_F(CgroupPlacementTest, CreatedParentSharedWithAnotherContainerIsKept) {
  std::string name = unique_name();
  TestCgroup first = create_absolute("/" + name + "/one");
  TestCgroup second = create_absolute("/" + name + "/two");
  ASSERT_TRUE(first && second);
  ASSERT_TRUE(first->destroy());
  for (const auto& [mount, dir] : second->placement().paths) EXPECT_TRUE(is_dir(dir)) << dir;
}

TEST_F(CgroupPlacementTest, DotDotIsRejectedNamingTheFieldAndNothingIsCreated) {
  std::string name = unique_name();
  for (std::string path : {"/" + name + "/../x", name + "/..", "../" + name}) {
    CreateRequest request;
    request.container_id = "c";
    request.cgroups_path = path;
    auto driver = create(request);
    ASSERT_FALSE(driver) << path;
    EXPECT_NE(driver.error().text().find("linux.cgroupsPath"), std::string::npos)
        << driver.error().text();
  }
}

TEST_F(CgroupPlacementTest, OpenExistingFindsTheSameCgroup) {
  Child child(sleep_forever);
  TestCgroup created = create_fresh();
  ASSERT_TRUE(created);
  ASSERT_TRUE(created->add_process(child.pid()));
  auto reopened = open_existing(created->placement());
  ASSERT_TRUE(reopened) << reopened.error().text();
  EXPECT_EQ((*reopened)->layout(), created->layout());
  auto pids = (*reopened)->pids();
  ASSERT_TRUE(pids);
  EXPECT_EQ(*pids, std::vector<pid_t>{child.pid()});
  ASSERT_TRUE((*reopened)->kill_all(SIGKILL));
  EXPECT_TRUE(WIFSIGNALED(child.wait()));
  ASSERT_TRUE((*reopened)->destroy());
  for (const auto& [mount, dir] : created->placement().paths) EXPECT_FALSE(is_dir(dir)) << dir;
}

TEST_F(CgroupPlacementTest, CloneIntoCgroupFdPlacesTheChildAtBirthOnV2) {
  std::string name = unique_name();
  TestCgroup cgroup = create_absolute("/" + name);
  ASSERT_TRUE(cgroup);
  if (cgroup->layout() != Layout::v2) {
    EXPECT_EQ(cgroup->clone_into_cgroup_fd(), -1);
    return;
  }
  int fd = cgroup->clone_into_cgroup_fd();
  ASSERT_GE(fd, 0);
  EXPECT_NE(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0);
  struct clone_args args = {};
  args.flags = CLONE_INTO_CGROUP;
  args.exit_signal = SIGCHLD;
  args.cgroup = static_cast<uint64_t>(fd);
  long pid = syscall(SYS_clone3, &args, sizeof args);
  if (pid == 0) {
    pause();
    _exit(0);
  }
  ASSERT_GT(pid, 0) << strerror(errno);
  auto in = cgroups_of(static_cast<pid_t>(pid));
  EXPECT_EQ(in[""], "/" + name);
  EXPECT_EQ(cgroup->pids().value_or(std::vector<pid_t>{}),
            std::vector<pid_t>{static_cast<pid_t>(pid)});
  kill(static_cast<pid_t>(pid), SIGKILL);
  waitpid(static_cast<pid_t>(pid), nullptr, 0);
}

// The fast way in: clone3 into the cgroup2 directory (v2, hybrid), then the child writes "0" to
// each v1 hierarchy's tasks file itself.
TEST_F(CgroupPlacementTest, ChildPlacementPutsAClonedChildInEveryHierarchy) {
  std::string name = unique_name();
  TestCgroup cgroup = create_absolute("/" + name);
  ASSERT_TRUE(cgroup);
  auto placement = cgroup->prepare_child_placement();
  ASSERT_TRUE(placement) << placement.error().text();
  EXPECT_EQ(placement->clone_into_cgroup_fd >= 0, cgroup->layout() != Layout::v1);
  EXPECT_EQ(placement->join_fds.empty(), cgroup->layout() == Layout::v2);
  int ready[2];
  ASSERT_EQ(pipe2(ready, O_CLOEXEC), 0);
  struct clone_args args = {};
  args.flags = placement->clone_into_cgroup_fd >= 0 ? CLONE_INTO_CGROUP : 0;
  args.exit_signal = SIGCHLD;
  args.cgroup = static_cast<uint64_t>(placement->clone_into_cgroup_fd);
  long pid = syscall(SYS_clone3, &args, sizeof args);
  if (pid == 0) {
    char result = static_cast<char>(join_from_child(*placement));
    (void)!write(ready[1], &result, 1);
    pause();
    _exit(0);
  }
  ASSERT_GT(pid, 0) << strerror(errno);
  placement->join_fds.clear();  // the parent's copies
  close(ready[1]);
  char result = -1;
  EXPECT_EQ(read(ready[0], &result, 1), 1);
  close(ready[0]);
  EXPECT_EQ(result, 0);
  auto in = cgroups_of(static_cast<pid_t>(pid));
  for (const auto& [mount, key] : expected_hierarchies())
    EXPECT_EQ(in[key], "/" + name) << "hierarchy " << key;
  EXPECT_EQ(cgroup->pids().value_or(std::vector<pid_t>{}),
            std::vector<pid_t>{static_cast<pid_t>(pid)});
  kill(static_cast<pid_t>(pid), SIGKILL);
  waitpid(static_cast<pid_t>(pid), nullptr, 0);
}

int open_fd_count() {
  int count = 0;
  if (DIR* dir = opendir("/proc/self/fd")) {
    while (readdir(dir) != nullptr) ++count;
    closedir(dir);
  }
  return count;
}

TEST_F(CgroupPlacementTest, NoFileDescriptorOutlivesTheDriver) {
  int before = open_fd_count();
  {
    Child child(sleep_forever);
    TestCgroup cgroup = create_fresh();
    ASSERT_TRUE(cgroup);
    spec::Resources r;
    r.memory = spec::MemoryResources{};
    r.memory->limit = 64 << 20;
    r.pids_limit = 10;
    r.devices.push_back({.allow = true, .type = "a", .major = {}, .minor = {}, .access = "rwm"});
    ASSERT_TRUE(cgroup->apply(r, true));
    ASSERT_TRUE(cgroup->add_process(child.pid()));
    ASSERT_TRUE(cgroup->stats());
    ASSERT_TRUE(cgroup->freeze());
    ASSERT_TRUE(cgroup->thaw());
    ASSERT_TRUE(cgroup->kill_all(SIGKILL));
    ASSERT_TRUE(cgroup->destroy());
    EXPECT_LE(open_fd_count(), before + 2);  // the driver's own directory fd, the child's go pipe
  }
  EXPECT_EQ(open_fd_count(), before);
}

}  // namespace
}  // namespace berth::cgroup::testing
