#include "linux/mount_options.h"

#include <gtest/gtest.h>
#include <sys/mount.h>

namespace berth::linux {
namespace {

TEST(MountOptions, FlagsAreSetAndCleared) {
  auto options = parse_mount_options({"nosuid", "noexec", "nodev", "ro"});
  ASSERT_TRUE(options);
  EXPECT_EQ(options->flags, static_cast<unsigned long>(MS_NOSUID | MS_NOEXEC | MS_NODEV | MS_RDONLY));
  auto cleared = parse_mount_options({"ro", "rw", "suid", "nosuid", "exec"});
  ASSERT_TRUE(cleared);
  EXPECT_EQ(cleared->flags, static_cast<unsigned long>(MS_NOSUID));
}

TEST(MountOptions, BindAndRecursiveBind) {
  auto bind = parse_mount_options({"bind"});
  ASSERT_TRUE(bind);
  EXPECT_TRUE(bind->is_bind());
  EXPECT_FALSE(bind->is_recursive_bind());
  auto rbind = parse_mount_options({"rbind", "ro"});
  ASSERT_TRUE(rbind);
  EXPECT_TRUE(rbind->is_recursive_bind());
}

TEST(MountOptions, PropagationIsKeptInOrder) {
  auto options = parse_mount_options({"rprivate", "shared"});
  ASSERT_TRUE(options);
  ASSERT_EQ(options->propagation.size(), 2u);
  EXPECT_EQ(options->propagation[0], static_cast<unsigned long>(MS_PRIVATE | MS_REC));
  EXPECT_EQ(options->propagation[1], static_cast<unsigned long>(MS_SHARED));
  EXPECT_EQ(options->flags, 0u);
}

TEST(MountOptions, RecursiveAttributes) {
  auto options = parse_mount_options({"rro", "rnosuid", "rexec"});
  ASSERT_TRUE(options);
  EXPECT_EQ(options->recursive_attr_set, static_cast<uint64_t>(MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID));
  EXPECT_EQ(options->recursive_attr_clear, static_cast<uint64_t>(MOUNT_ATTR_NOEXEC));
  // A later opposite option wins.
  auto flipped = parse_mount_options({"rro", "rrw"});
  ASSERT_TRUE(flipped);
  EXPECT_EQ(flipped->recursive_attr_set, 0u);
  EXPECT_EQ(flipped->recursive_attr_clear, static_cast<uint64_t>(MOUNT_ATTR_RDONLY));
}

TEST(MountOptions, UnknownWordsBecomeFilesystemData) {
  auto options = parse_mount_options({"nosuid", "size=65536k", "mode=755", "newinstance"});
  ASSERT_TRUE(options);
  EXPECT_EQ(options->data, "size=65536k,mode=755,newinstance");
  EXPECT_EQ(options->flags, static_cast<unsigned long>(MS_NOSUID));
}

TEST(MountOptions, IdmapAndTmpcopyupAreRecognised) {
  auto options = parse_mount_options({"idmap", "ridmap", "tmpcopyup"});
  ASSERT_TRUE(options);
  EXPECT_TRUE(options->idmap);
  EXPECT_TRUE(options->recursive_idmap);
  EXPECT_TRUE(options->tmpcopyup);
  EXPECT_TRUE(options->data.empty());
}

TEST(MountOptions, EmptyOptionNamesItsIndex) {
  auto options = parse_mount_options({"ro", ""});
  ASSERT_FALSE(options);
  EXPECT_NE(options.error().text().find("options[1]"), std::string::npos);
}

TEST(MountOptions, KnownOptionsListsEveryKind) {
  auto names = known_mount_options();
  auto has = [&](const char* name) { return std::find(names.begin(), names.end(), name) != names.end(); };
  EXPECT_TRUE(has("nosuid"));
  EXPECT_TRUE(has("rbind"));
  EXPECT_TRUE(has("rslave"));
  EXPECT_TRUE(has("rro"));
  EXPECT_TRUE(has("idmap"));
}

}  // namespace
}  // namespace berth::linux
