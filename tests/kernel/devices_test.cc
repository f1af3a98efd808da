// Device rules: the v1 devices controller, and the BPF_CGROUP_DEVICE program on cgroup2 (on a v2
// host through the driver; on a hybrid host attached to the cgroup2 directory directly).
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup/bpf_device_filter.h"
#include "cgroup_test_fixture.h"
#include "child_bodies.h"

namespace berth::cgroup::testing {
namespace {

using CgroupDevicesTest = CgroupTest;

spec::DeviceRule rule(bool allow, std::string type, std::optional<int64_t> major,
                      std::optional<int64_t> minor, std::string access) {
  return {.allow = allow,
          .type = std::move(type),
          .major = major,
          .minor = minor,
          .access = std::move(access)};
}

// Runs open_for_read_then_write(path) in a child placed in `cgroup`; returns its exit code.
int probe(Driver& cgroup, const char* path) {
  Child child([path] { return open_for_read_then_write(path); });
  if (!cgroup.add_process(child.pid())) return -1;
  child.go();
  int status = child.wait(10000);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -2;
}

TEST_F(CgroupDevicesTest, DenyingWriteToDevNullBlocksOpeningItForWrite) {
  TestCgroup cgroup = create_fresh();
  ASSERT_TRUE(cgroup);
  spec::Resources r;
  r.devices = {rule(true, "a", {}, {}, "rwm"), rule(false, "c", 1, 3, "w")};
  auto applied = cgroup->apply(r, true);
  ASSERT_TRUE(applied) << applied.error().text();
  EXPECT_EQ(probe(*cgroup, "/dev/null"), EPERM);  // read works, write is refused
  EXPECT_EQ(probe(*cgroup, "/dev/zero"), 0);
}

TEST_F(CgroupDevicesTest, DenyAllThenAllowList) {
  TestCgroup cgroup = create_fresh();
  ASSERT_TRUE(cgroup);
  spec::Resources r;
  r.devices = {rule(false, "a", {}, {}, "rwm"), rule(true, "c", 1, 3, "rwm"),
               rule(true, "c", 1, 5, "r")};
  auto applied = cgroup->apply(r, true);
  ASSERT_TRUE(applied) << applied.error().text();
  EXPECT_EQ(probe(*cgroup, "/dev/null"), 0);
  EXPECT_EQ(probe(*cgroup, "/dev/zero"), EPERM);
  EXPECT_EQ(probe(*cgroup, "/dev/full"), 100 + EPERM);
}

TEST_F(CgroupDevicesTest, UpdateReplacesTheRules) {
  TestCgroup cgroup = create_fresh();
  ASSERT_TRUE(cgroup);
  spec::Resources r;
  r.devices = {rule(true, "a", {}, {}, "rwm"), rule(false, "c", 1, 3, "rwm")};
  ASSERT_TRUE(cgroup->apply(r, true));
  EXPECT_EQ(probe(*cgroup, "/dev/null"), 100 + EPERM);
  r.devices = {rule(true, "a", {}, {}, "rwm")};
  auto updated = cgroup->apply(r, false);
  ASSERT_TRUE(updated) << updated.error().text();
  EXPECT_EQ(probe(*cgroup, "/dev/null"), 0);
  if (cgroup->layout() == Layout::v2) {
    UniqueFd dir(open(cgroup->placement().paths.begin()->second.c_str(), O_RDONLY | O_DIRECTORY));
    auto programs = attached_device_programs(dir.get());
    ASSERT_TRUE(programs);
    EXPECT_EQ(programs->size(), 1u);  // the old program was detached
  }
}

TEST_F(CgroupDevicesTest, BadRuleTypeNamesTheFieldAndWritesNothing) {
  TestCgroup cgroup = create_fresh();
  ASSERT_TRUE(cgroup);
  spec::Resources r;
  r.devices = {rule(true, "c", 1, 3, "rwm"), rule(true, "q", 1, 5, "rwm")};
  auto applied = cgroup->apply(r, true);
  ASSERT_FALSE(applied);
  EXPECT_TRUE(applied.error().text().starts_with("linux.resources.devices[1].type"))
      << applied.error().text();
  EXPECT_EQ(probe(*cgroup, "/dev/zero"), 0);
}

// On a hybrid host the v1 devices controller does the work, but the BPF program must still be
// right: attach it to the container's cgroup2 directory and check the kernel's verdicts.
TEST_F(CgroupDevicesTest, BpfProgramOnTheCgroup2Hierarchy) {
  TestCgroup cgroup = create_fresh();
  ASSERT_TRUE(cgroup);
  if (cgroup->layout() == Layout::v1) GTEST_SKIP() << "no cgroup2 hierarchy";
  std::string unified = cgroup->layout() == Layout::v2
                            ? cgroup->placement().paths.begin()->second
                            : cgroup->placement().paths.at("/sys/fs/cgroup/unified");
  UniqueFd dir(open(unified.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  ASSERT_TRUE(dir);
  auto attached = attach_device_filter(
      dir.get(), device_filter_program({rule(false, "a", {}, {}, "rwm"),
                                        rule(true, "c", 1, 3, "rwm"), rule(true, "c", 1, 5, "r")}));
  ASSERT_TRUE(attached) << attached.error().text();
  EXPECT_EQ(probe(*cgroup, "/dev/null"), 0);
  EXPECT_EQ(probe(*cgroup, "/dev/zero"), EPERM);
  EXPECT_EQ(probe(*cgroup, "/dev/full"), 100 + EPERM);
}

}  // namespace
}  // namespace berth::cgroup::testing
