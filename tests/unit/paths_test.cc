#include <gtest/gtest.h>

#include "base/files.h"
#include "linux/mountinfo.h"
#include "linux/path_in_root.h"

namespace berth {
namespace {

TEST(NormalizeAbsolutePath, CleansAndNeverClimbsAboveRoot) {
  EXPECT_EQ(normalize_absolute_path("/a//b/./c/../d"), "/a/b/d");
  EXPECT_EQ(normalize_absolute_path("../../etc"), "/etc");
  EXPECT_EQ(normalize_absolute_path("/proc/../../etc/passwd"), "/etc/passwd");
  EXPECT_EQ(normalize_absolute_path(""), "/");
  EXPECT_EQ(normalize_absolute_path("/"), "/");
  EXPECT_EQ(normalize_absolute_path("tmp/x/"), "/tmp/x");
}

TEST(JoinPath, NoDoubleSlashes) {
  EXPECT_EQ(join_path("/a/", "/b"), "/a/b");
  EXPECT_EQ(join_path("/a", "b"), "/a/b");
  EXPECT_EQ(join_path("", "b"), "/b");
}

TEST(SplitLastComponent, ParentAndName) {
  EXPECT_EQ(linux::split_last_component("/a/b/c"), (std::pair<std::string, std::string>{"/a/b", "c"}));
  EXPECT_EQ(linux::split_last_component("/c"), (std::pair<std::string, std::string>{"/", "c"}));
  EXPECT_EQ(linux::split_last_component("/a/b/"), (std::pair<std::string, std::string>{"/a", "b"}));
}

TEST(MountInfo, ParsesFieldsOptionalTagsAndEscapes) {
  const char* text =
      "31 23 0:28 / /sys/fs/cgroup rw,relatime shared:9 - tmpfs tmpfs rw,mode=755\n"
      "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
      "90 23 8:1 /data /mnt/with\\040space rw - ext4 /dev/sda1 rw\n";
  auto entries = linux::parse_mountinfo(text);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].mount_point, "/sys/fs/cgroup");
  EXPECT_EQ(entries[0].fs_type, "tmpfs");
  EXPECT_EQ(entries[0].super_options, "rw,mode=755");
  EXPECT_EQ(entries[1].super_options, "rw,memory");
  EXPECT_EQ(entries[1].parent_id, 31);
  EXPECT_EQ(entries[2].mount_point, "/mnt/with space");
  EXPECT_EQ(entries[2].root, "/data");
  EXPECT_EQ(entries[2].source, "/dev/sda1");
}

TEST(MountInfo, SkipsMalformedLines) {
  auto entries = linux::parse_mountinfo("garbage\n\n1 2 3\n");
  EXPECT_TRUE(entries.empty());
}

}  // namespace
}  // namespace berth
