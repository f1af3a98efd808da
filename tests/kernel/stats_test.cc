// stats() and oom_kill_count() against real usage.
#include <unistd.h>

#include "cgroup_test_fixture.h"
#include "child_bodies.h"

namespace berth::cgroup::testing {
namespace {

using CgroupStatsTest = CgroupTest;

TEST_F(CgroupStatsTest, ReportsMemoryPidsAndCpuOfTheContainer) {
  Child child([] {
    volatile uint64_t spin = 0;
    for (int i = 0; i < 20000000; ++i) spin = spin + 1;  // some CPU time
    return allocate_and_sleep(24);
  });
  TestCgroup cgroup = create_fresh();
  ASSERT_TRUE(cgroup);
  spec::Resources r;
  r.pids_limit = 64;
  r.memory = spec::MemoryResources{};
  r.memory->limit = 256 << 20;
  ASSERT_TRUE(cgroup->apply(r, true));
  ASSERT_TRUE(cgroup->add_process(child.pid()));
  child.go();
  // Wait until the memory is in use.
  Stats stats;
  for (int i = 0; i < 300; ++i) {
    auto current = cgroup->stats();
    ASSERT_TRUE(current) << current.error().text();
    stats = *current;
    if (stats.memory.usage.usage >= (24u << 20)) break;
    usleep(10 * 1000);
  }
  EXPECT_GE(stats.memory.usage.usage, 24u << 20);
  EXPECT_GE(stats.memory.usage.max_usage, stats.memory.usage.usage);
  EXPECT_EQ(stats.memory.usage.limit, 256u << 20);
  EXPECT_FALSE(stats.memory.raw.empty());
  EXPECT_EQ(stats.pids.current, 1u);
  EXPECT_EQ(stats.pids.limit, 64u);
  EXPECT_GT(stats.cpu.total_ns, 1000000u);
  EXPECT_GE(stats.cpu.total_ns, stats.cpu.user_ns);
  if (cgroup->layout() != Layout::v2) {
    EXPECT_FALSE(stats.cpu.percpu_ns.empty());
  }
  EXPECT_EQ(cgroup->oom_kill_count().value_or(99), 0u);
}

TEST_F(CgroupStatsTest, StatsOfARemovedCgroupIsAnError) {
  TestCgroup cgroup = create_fresh();
  ASSERT_TRUE(cgroup);
  ASSERT_TRUE(cgroup->destroy());
  EXPECT_FALSE(cgroup->stats());
}

}  // namespace
}  // namespace berth::cgroup::testing
