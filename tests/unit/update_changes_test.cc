#include "spec/update_changes.h"

#include <gtest/gtest.h>

namespace berth::spec {
namespace {

// What `docker update -m 128m --memory-swap 128m` sends through containerd's shim.
Resources docker_update() {
  Resources r;
  r.memory = MemoryResources{.limit = 128 << 20, .reservation = 0, .swap = 128 << 20, .kernel = 0};
  r.cpu = CpuResources{.shares = 0, .quota = 0, .period = 0};
  r.block_io = BlockIoResources{.weight = 0};
  return r;
}

TEST(UpdateChanges, ZerosLeaveLimitsAsTheyAre) {
  Resources changes = update_changes(docker_update());
  ASSERT_TRUE(changes.memory);
  EXPECT_EQ(changes.memory->limit, 128 << 20);
  EXPECT_EQ(changes.memory->swap, 128 << 20);
  EXPECT_FALSE(changes.memory->reservation);
  EXPECT_FALSE(changes.memory->kernel);
  ASSERT_TRUE(changes.cpu);
  EXPECT_FALSE(changes.cpu->shares);
  EXPECT_FALSE(changes.cpu->quota);
  EXPECT_FALSE(changes.cpu->period);
  ASSERT_TRUE(changes.block_io);
  EXPECT_FALSE(changes.block_io->weight);
}

TEST(UpdateChanges, NonZeroValuesAndUnlimitedStay) {
  Resources r;
  r.memory = MemoryResources{.limit = -1, .swappiness = 0};
  r.cpu = CpuResources{.shares = 512, .quota = -1, .period = 100000, .cpus = "0"};
  r.pids_limit = 0;
  Resources changes = update_changes(r);
  EXPECT_EQ(changes.memory->limit, -1);
  EXPECT_EQ(changes.memory->swappiness, 0u);  // 0 is a real swappiness
  EXPECT_EQ(changes.cpu->shares, 512u);
  EXPECT_EQ(changes.cpu->quota, -1);
  EXPECT_EQ(changes.cpu->period, 100000u);
  EXPECT_EQ(changes.cpu->cpus, "0");
  EXPECT_FALSE(changes.pids_limit);
}

}  // namespace
}  // namespace berth::spec
