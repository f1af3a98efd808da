// freeze/thaw: a frozen cgroup's counter stops; kill_all works on a frozen cgroup.
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup_test_fixture.h"

namespace berth::cgroup::testing {
namespace {

using CgroupFreezeTest = CgroupTest;

struct SharedCounter {
  SharedCounter()
      : value(static_cast<volatile uint64_t*>(
            mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0))) {
    *value = 0;
  }
  ~SharedCounter() { munmap(const_cast<uint64_t*>(value), 4096); }
  volatile uint64_t* value;
};

TEST_F(CgroupFreezeTest, FreezeStopsProgressAndThawResumesIt) {
  SharedCounter counter;
  Child child([&counter] {
    for (;;) *counter.value = *counter.value + 1;
    return 0;
  });
  TestCgroup cgroup = create_fresh();
  ASSERT_TRUE(cgroup);
  ASSERT_TRUE(cgroup->add_process(child.pid()));
  child.go();
  usleep(50 * 1000);
  EXPECT_FALSE(cgroup->is_frozen().value_or(true));
  auto frozen = cgroup->freeze();
  ASSERT_TRUE(frozen) << frozen.error().text();
  EXPECT_TRUE(cgroup->is_frozen().value_or(false));
  uint64_t at_freeze = *counter.value;
  usleep(200 * 1000);
  EXPECT_EQ(*counter.value, at_freeze);
  auto thawed = cgroup->thaw();
  ASSERT_TRUE(thawed) << thawed.error().text();
  EXPECT_FALSE(cgroup->is_frozen().value_or(true));
  usleep(100 * 1000);
  EXPECT_GT(*counter.value, at_freeze);
}

TEST_F(CgroupFreezeTest, SigkillReachesAFrozenCgroup) {
  Child child([] {
    for (;;) pause();
    return 0;
  });
  TestCgroup cgroup = create_fresh();
  ASSERT_TRUE(cgroup);
  ASSERT_TRUE(cgroup->add_process(child.pid()));
  child.go();
  ASSERT_TRUE(cgroup->freeze());
  auto killed = cgroup->kill_all(SIGKILL);
  ASSERT_TRUE(killed) << killed.error().text();
  int status = child.wait(5000);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
  EXPECT_TRUE(cgroup->pids()->empty());
}

TEST_F(CgroupFreezeTest, OtherSignalsLeaveAPausedContainerPaused) {
  Child child([] {
    for (;;) pause();
    return 0;
  });
  TestCgroup cgroup = create_fresh();
  ASSERT_TRUE(cgroup);
  ASSERT_TRUE(cgroup->add_process(child.pid()));
  child.go();
  usleep(20 * 1000);
  ASSERT_TRUE(cgroup->freeze());
  ASSERT_TRUE(cgroup->kill_all(SIGTERM));
  EXPECT_TRUE(cgroup->is_frozen().value_or(false));
  // The v1 freezer holds even fatal signals until thawed; the v2 freezer lets them through.
  if (cgroup->layout() != Layout::v2) {
    EXPECT_EQ(child.wait(200), -1);
  }
  ASSERT_TRUE(cgroup->thaw());
  int status = child.wait(5000);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM) << status;
}

}  // namespace
}  // namespace berth::cgroup::testing
