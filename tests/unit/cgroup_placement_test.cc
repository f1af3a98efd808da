// Where a container's cgroup goes (pure): linux.cgroupsPath absolute, relative, absent; "..".
#include <gtest/gtest.h>

#include "cgroup/placement.h"

namespace berth::cgroup {
namespace {

CreateRequest request(std::optional<std::string> path, std::string id = "web") {
  CreateRequest r;
  r.container_id = std::move(id);
  r.cgroups_path = std::move(path);
  return r;
}

const CgroupMount kMemory{
    .mount_point = "/sys/fs/cgroup/memory", .root = "/", .v2 = false, .controllers = {"memory"}};
const std::vector<ProcCgroupEntry> kOwn = {{4, {"memory"}, "/process_api/abc"}, {0, {}, "/"}};

TEST(CgroupPlacement, RequestedPathIsCleaned) {
  EXPECT_EQ(requested_cgroup(request("/a//b/./c/")).value(), "/a/b/c");
  EXPECT_EQ(requested_cgroup(request("a/b")).value(), "a/b");
  EXPECT_EQ(requested_cgroup(request(std::nullopt)).value(), "web");
  EXPECT_EQ(requested_cgroup(request("")).value(), "web");
}

TEST(CgroupPlacement, DotDotAndRootAreRejectedNamingTheField) {
  for (std::string path : {"/a/../b", "..", "a/..", "/"}) {
    auto r = requested_cgroup(request(path));
    ASSERT_FALSE(r) << path;
    EXPECT_TRUE(r.error().text().starts_with("linux.cgroupsPath: ")) << r.error().text();
  }
  EXPECT_FALSE(requested_cgroup(request(std::nullopt, "..")));
  EXPECT_FALSE(requested_cgroup(request(std::nullopt, "a/b")));
}

TEST(CgroupPlacement, AbsoluteIsFromTheHierarchyRoot) {
  EXPECT_EQ(container_dir(kMemory, "/berth/web", kOwn).value(), "/sys/fs/cgroup/memory/berth/web");
}

TEST(CgroupPlacement, RelativeAndAbsentAreUnderTheCallersCgroup) {
  EXPECT_EQ(container_dir(kMemory, "x/y", kOwn).value(),
            "/sys/fs/cgroup/memory/process_api/abc/x/y");
  CgroupMount unified{
      .mount_point = "/sys/fs/cgroup/unified", .root = "/", .v2 = true, .controllers = {}};
  EXPECT_EQ(container_dir(unified, "web", kOwn).value(), "/sys/fs/cgroup/unified/web");
}

TEST(CgroupPlacement, MountOfASubtreeStripsItsRoot) {
  CgroupMount sub = kMemory;
  sub.root = "/process_api";
  EXPECT_EQ(container_dir(sub, "web", kOwn).value(), "/sys/fs/cgroup/memory/abc/web");
  sub.root = "/elsewhere";
  EXPECT_FALSE(container_dir(sub, "web", kOwn));
}

TEST(CgroupPlacement, HierarchyMissingFromProcCgroupIsAnError) {
  CgroupMount pids{
      .mount_point = "/sys/fs/cgroup/pids", .root = "/", .v2 = false, .controllers = {"pids"}};
  EXPECT_FALSE(container_dir(pids, "web", kOwn));
  EXPECT_TRUE(container_dir(pids, "/web", kOwn));  // absolute needs no caller cgroup
}

}  // namespace
}  // namespace berth::cgroup
