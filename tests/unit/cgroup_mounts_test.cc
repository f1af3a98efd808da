// Finding the cgroup hierarchies in mountinfo and the caller's cgroups in /proc/self/cgroup (pure).
#include <gtest/gtest.h>

#include "cgroup/mounts.h"

namespace berth::cgroup {
namespace {

constexpr const char* kHybridMountinfo =
    "22 27 0:21 / /proc rw,relatime - proc proc rw\n"
    "30 24 0:26 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
    "31 30 0:27 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
    "32 30 0:28 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
    "33 30 0:29 / /sys/fs/cgroup/net_cls,net_prio rw shared:5 - cgroup cgroup rw,net_cls,net_prio\n"
    "34 30 0:30 / /sys/fs/cgroup/systemd rw - cgroup cgroup "
    "rw,xattr,name=systemd,release_agent=/x\n"
    "35 30 0:31 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw,nsdelegate\n"
    "36 60 0:28 /docker /var/lib/x/sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n";

TEST(CgroupMounts, ParsesV1AndV2Mounts) {
  auto mounts = parse_cgroup_mounts(kHybridMountinfo);
  ASSERT_EQ(mounts.size(), 6u);
  EXPECT_EQ(mounts[0].mount_point, "/sys/fs/cgroup/cpu");
  EXPECT_EQ(mounts[0].controllers, std::vector<std::string>{"cpu"});
  EXPECT_EQ(mounts[2].controllers, (std::vector<std::string>{"net_cls", "net_prio"}));
  EXPECT_EQ(mounts[3].controllers, std::vector<std::string>{"name=systemd"});
  EXPECT_TRUE(mounts[4].v2);
  EXPECT_EQ(mounts[5].root, "/docker");
}

TEST(CgroupMounts, HybridKeepsOneMountPerHierarchy) {
  auto selected = select_hierarchies(parse_cgroup_mounts(kHybridMountinfo));
  ASSERT_TRUE(selected);
  EXPECT_EQ(selected->layout, Layout::hybrid);
  ASSERT_EQ(selected->v1.size(), 4u);  // cpu, memory, net_cls+net_prio, name=systemd
  for (const auto& m : selected->v1) EXPECT_TRUE(m.mount_point.starts_with("/sys/fs/cgroup/"));
  ASSERT_TRUE(selected->v2);
  EXPECT_EQ(selected->v2->mount_point, "/sys/fs/cgroup/unified");
}

TEST(CgroupMounts, PureV2IgnoresNamedV1Hierarchies) {
  auto selected = select_hierarchies(
      parse_cgroup_mounts("29 24 0:25 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n"
                          "40 24 0:40 / /run/systemd-legacy rw - cgroup cgroup rw,name=systemd\n"));
  ASSERT_TRUE(selected);
  EXPECT_EQ(selected->layout, Layout::v2);
  EXPECT_TRUE(selected->v1.empty());
}

TEST(CgroupMounts, V1WithoutCgroup2) {
  auto selected = select_hierarchies(
      parse_cgroup_mounts("31 30 0:27 / /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids\n"));
  ASSERT_TRUE(selected);
  EXPECT_EQ(selected->layout, Layout::v1);
}

TEST(CgroupMounts, NothingMountedIsAnError) {
  EXPECT_FALSE(select_hierarchies(parse_cgroup_mounts("22 27 0:21 / /proc rw - proc proc rw\n")));
}

TEST(CgroupMounts, EscapedMountPoints) {
  auto mounts = parse_cgroup_mounts("31 30 0:27 / /tmp/with\\040space rw - cgroup2 cgroup2 rw\n");
  ASSERT_EQ(mounts.size(), 1u);
  EXPECT_EQ(mounts[0].mount_point, "/tmp/with space");
}

TEST(CgroupMounts, ProcCgroupMatchesHierarchiesByControllers) {
  auto entries = parse_proc_cgroup(
      "9:name=systemd:/user.slice\n5:cpuacct,cpu:/a\n4:memory:/process_api/x\n0::/b\n");
  ASSERT_EQ(entries.size(), 4u);
  CgroupMount cpu{.mount_point = "/m", .root = "/", .v2 = false, .controllers = {"cpu", "cpuacct"}};
  CgroupMount v2{.mount_point = "/u", .root = "/", .v2 = true, .controllers = {}};
  CgroupMount systemd{
      .mount_point = "/s", .root = "/", .v2 = false, .controllers = {"name=systemd"}};
  CgroupMount pids{.mount_point = "/p", .root = "/", .v2 = false, .controllers = {"pids"}};
  EXPECT_EQ(cgroup_in_hierarchy(entries, cpu), "/a");
  EXPECT_EQ(cgroup_in_hierarchy(entries, v2), "/b");
  EXPECT_EQ(cgroup_in_hierarchy(entries, systemd), "/user.slice");
  EXPECT_EQ(cgroup_in_hierarchy(entries, pids), std::nullopt);
}

}  // namespace
}  // namespace berth::cgroup
