// kill_all() and destroy() with live processes.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup_test_fixture.h"

namespace berth::cgroup::testing {
namespace {

using CgroupKillTest = CgroupTest;

// 21 processes that fork short-lived children in a loop: kill_all must not miss a new one.
int fork_churn() {
  for (int i = 0; i < 20; ++i)
    if (fork() == 0) break;
  for (;;) {
    pid_t pid = fork();
    if (pid == 0) _exit(0);
    if (pid > 0) waitpid(pid, nullptr, 0);
  }
}

int with_sleeping_children() {
  for (int i = 0; i < 3; ++i)
    if (fork() == 0) {
      for (;;) pause();
    }
  for (;;) pause();
  return 0;
}

TEST_F(CgroupKillTest, SigkillEmptiesACgroupThatKeepsForking) {
  Child child(fork_churn);
  TestCgroup cgroup = create_fresh();
  ASSERT_TRUE(cgroup);
  ASSERT_TRUE(cgroup->add_process(child.pid()));
  child.go();
  usleep(50 * 1000);
  auto before = cgroup->pids();
  ASSERT_TRUE(before);
  EXPECT_GT(before->size(), 1u);
  auto killed = cgroup->kill_all(SIGKILL);
  ASSERT_TRUE(killed) << killed.error().text();
  auto after = cgroup->pids();
  ASSERT_TRUE(after);
  EXPECT_TRUE(after->empty());
  int status = child.wait();
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  auto destroyed = cgroup->destroy();
  EXPECT_TRUE(destroyed) << destroyed.error().text();
}

TEST_F(CgroupKillTest, SigtermReachesEveryProcess) {
  Child child(with_sleeping_children);
  TestCgroup cgroup = create_fresh();
  ASSERT_TRUE(cgroup);
  ASSERT_TRUE(cgroup->add_process(child.pid()));
  child.go();
  for (int i = 0; i < 200; ++i) {
    auto pids = cgroup->pids();
    if (pids && pids->size() == 4) break;
    usleep(5000);
  }
  ASSERT_EQ(cgroup->pids()->size(), 4u);
  auto signalled = cgroup->kill_all(SIGTERM);
  ASSERT_TRUE(signalled) << signalled.error().text();
  int status = child.wait();
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
  // The grandchildren (reparented) die too.
  for (int i = 0; i < 400 && !cgroup->pids()->empty(); ++i) usleep(5000);
  EXPECT_TRUE(cgroup->pids()->empty());
}

TEST_F(CgroupKillTest, DestroyWaitsForProcessesThatAreStillExiting) {
  Child child([] {
    for (;;) pause();
    return 0;
  });
  TestCgroup cgroup = create_fresh();
  ASSERT_TRUE(cgroup);
  ASSERT_TRUE(cgroup->add_process(child.pid()));
  kill(child.pid(), SIGKILL);  // no waiting: destroy must cope with EBUSY
  auto destroyed = cgroup->destroy();
  EXPECT_TRUE(destroyed) << destroyed.error().text();
  for (const auto& [mount, dir] : cgroup->placement().paths)
    EXPECT_NE(access(dir.c_str(), F_OK), 0) << dir;
}

TEST_F(CgroupKillTest, DestroyRemovesSubCgroupsTheContainerMade) {
  TestCgroup cgroup = create_fresh();
  ASSERT_TRUE(cgroup);
  for (const auto& [mount, dir] : cgroup->placement().paths) {
    ASSERT_EQ(mkdir((dir + "/sub").c_str(), 0755), 0) << dir;
    ASSERT_EQ(mkdir((dir + "/sub/deeper").c_str(), 0755), 0) << dir;
  }
  auto destroyed = cgroup->destroy();
  EXPECT_TRUE(destroyed) << destroyed.error().text();
  for (const auto& [mount, dir] : cgroup->placement().paths)
    EXPECT_NE(access(dir.c_str(), F_OK), 0) << dir;
}

}  // namespace
}  // namespace berth::cgroup::testing
