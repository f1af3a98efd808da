// linux.resources enforced by the real kernel: memory, pids, cpu, read-back of every file this
// host has, update, and bad values that only the kernel can refuse.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "cgroup/cgroup_fs.h"
#include "cgroup_test_fixture.h"
#include "child_bodies.h"

namespace berth::cgroup::testing {
namespace {

using CgroupResourcesTest = CgroupTest;

std::string read_back(const TestCgroup& cgroup, const std::string& controller,
                      const std::string& file) {
  std::string dir;
  for (const auto& [mount, path] : cgroup->placement().paths) {
    if (cgroup->layout() == Layout::v2 || mount.ends_with("/" + controller) ||
        mount.find("/" + controller + ",") != std::string::npos ||
        mount.find("," + controller) != std::string::npos)
      dir = path;
  }
  auto text = read_cgroup_file(dir + "/" + file);
  return text ? std::string(text->substr(0, text->find_last_not_of('\n') + 1))
              : "<" + file + " unreadable>";
}

spec::Resources memory_limit(int64_t bytes) {
  spec::Resources r;
  r.memory = spec::MemoryResources{};
  r.memory->limit = bytes;
  return r;
}

TEST_F(CgroupResourcesTest, MemoryLimitOomKillsAChildThatAllocatesMore) {
  Child child([] { return allocate_and_sleep(256); });
  TestCgroup cgroup = create_fresh();
  ASSERT_TRUE(cgroup);
  auto applied = cgroup->apply(memory_limit(32 << 20), true);
  ASSERT_TRUE(applied) << applied.error().text();
  EXPECT_EQ(cgroup->oom_kill_count().value_or(99), 0u);
  ASSERT_TRUE(cgroup->add_process(child.pid()));
  child.go();
  int status = child.wait(30000);
  ASSERT_TRUE(WIFSIGNALED(status)) << "status " << status;
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
  auto count = cgroup->oom_kill_count();
  ASSERT_TRUE(count) << count.error().text();
  EXPECT_GE(*count, 1u);
}

TEST_F(CgroupResourcesTest, PidsLimitMakesForkFailWithEagain) {
  Child child(fork_until_failure);
  TestCgroup cgroup = create_fresh();
  ASSERT_TRUE(cgroup);
  spec::Resources r;
  r.pids_limit = 5;
  auto applied = cgroup->apply(r, true);
  ASSERT_TRUE(applied) << applied.error().text();
  ASSERT_TRUE(cgroup->add_process(child.pid()));
  child.go();
  int status = child.wait(30000);
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), EAGAIN);
  EXPECT_EQ(cgroup->pids()->size(), 4u);  // the forked children are still there: 1 + 4 = 5
}

TEST_F(CgroupResourcesTest, CpuQuotaSlowsABusyLoop) {
  TestCgroup free_cgroup = create_fresh();
  TestCgroup limited = create_fresh();
  ASSERT_TRUE(free_cgroup && limited);
  spec::Resources r;
  r.cpu = spec::CpuResources{};
  r.cpu->quota = 2000;
  r.cpu->period = 100000;  // 2% of one CPU
  auto applied = limited->apply(r, true);
  ASSERT_TRUE(applied) << applied.error().text();
  // Both loops run at once, so a busy host slows both alike.
  auto counts = count_for_ms({&*free_cgroup, &*limited}, 500);
  uint64_t unthrottled = counts[0], throttled = counts[1];
  ASSERT_GT(unthrottled, 0u);
  EXPECT_LT(static_cast<double>(throttled) / unthrottled, 0.5)
      << "throttled " << throttled << " vs unthrottled " << unthrottled;
  auto stats = limited->stats();
  ASSERT_TRUE(stats);
  EXPECT_GT(stats->cpu.throttled_periods, 0u);
}

TEST_F(CgroupResourcesTest, EveryAppliedValueReadsBack) {
  TestCgroup cgroup = create_fresh();
  ASSERT_TRUE(cgroup);
  spec::Resources r;
  r.memory = spec::MemoryResources{};
  r.memory->limit = 64 << 20;
  r.memory->reservation = 32 << 20;
  r.pids_limit = 50;
  r.cpu = spec::CpuResources{};
  r.cpu->shares = 512;
  r.cpu->quota = 20000;
  r.cpu->period = 100000;
  r.cpu->burst = 1000;
  r.cpu->cpus = "0";
  r.cpu->mems = "0";
  bool v2 = cgroup->layout() == Layout::v2;
  if (cgroup->layout() != Layout::v1) r.unified["cgroup.max.descendants"] = "7";
  auto applied = cgroup->apply(r, true);
  ASSERT_TRUE(applied) << applied.error().text();
  if (v2) {
    EXPECT_EQ(read_back(cgroup, "memory", "memory.max"), "67108864");
    EXPECT_EQ(read_back(cgroup, "memory", "memory.low"), "33554432");
    EXPECT_EQ(read_back(cgroup, "cpu", "cpu.weight"), "20");
    EXPECT_EQ(read_back(cgroup, "cpu", "cpu.max"), "20000 100000");
    EXPECT_EQ(read_back(cgroup, "cpu", "cpu.max.burst"), "1000");
    EXPECT_EQ(read_back(cgroup, "pids", "pids.max"), "50");
    EXPECT_EQ(read_back(cgroup, "cpuset", "cpuset.cpus"), "0");
    EXPECT_EQ(read_back(cgroup, "cgroup", "cgroup.max.descendants"), "7");
  } else {
    EXPECT_EQ(read_back(cgroup, "memory", "memory.limit_in_bytes"), "67108864");
    EXPECT_EQ(read_back(cgroup, "memory", "memory.soft_limit_in_bytes"), "33554432");
    EXPECT_EQ(read_back(cgroup, "cpu", "cpu.shares"), "512");
    EXPECT_EQ(read_back(cgroup, "cpu", "cpu.cfs_quota_us"), "20000");
    EXPECT_EQ(read_back(cgroup, "cpu", "cpu.cfs_period_us"), "100000");
    EXPECT_EQ(read_back(cgroup, "cpu", "cpu.cfs_burst_us"), "1000");
    EXPECT_EQ(read_back(cgroup, "pids", "pids.max"), "50");
    EXPECT_EQ(read_back(cgroup, "cpuset", "cpuset.cpus"), "0");
    if (cgroup->layout() == Layout::hybrid) {
      auto text = read_cgroup_file(cgroup->placement().paths.at("/sys/fs/cgroup/unified") +
                                   "/cgroup.max.descendants");
      ASSERT_TRUE(text);
      EXPECT_EQ(*text, "7\n");
    }
  }
}

// The first whole-disk block device in /proc/partitions, as "MAJ:MIN".
std::optional<std::pair<int, int>> some_block_device() {
  std::ifstream partitions("/proc/partitions");
  std::string line;
  while (std::getline(partitions, line)) {
    std::istringstream words(line);
    int major, minor;
    long blocks;
    std::string name;
    if (words >> major >> minor >> blocks >> name && blocks > 0 && !name.starts_with("loop") &&
        !name.starts_with("zram"))
      return std::make_pair(major, minor);
  }
  return std::nullopt;
}

TEST_F(CgroupResourcesTest, IoThrottleReadsBack) {
  auto device = some_block_device();
  if (!device) GTEST_SKIP() << "no block device";
  TestCgroup cgroup = create_fresh();
  ASSERT_TRUE(cgroup);
  spec::Resources r;
  r.block_io = spec::BlockIoResources{};
  r.block_io->throttle_read_bps_device.push_back(
      {.major = device->first, .minor = device->second, .rate = 1048576});
  r.block_io->throttle_write_iops_device.push_back(
      {.major = device->first, .minor = device->second, .rate = 120});
  auto applied = cgroup->apply(r, true);
  ASSERT_TRUE(applied) << applied.error().text();
  std::string dev = std::to_string(device->first) + ":" + std::to_string(device->second);
  if (cgroup->layout() == Layout::v2) {
    EXPECT_EQ(read_back(cgroup, "io", "io.max"),
              dev + " rbps=1048576 wbps=max riops=max wiops=120");
  } else {
    EXPECT_EQ(read_back(cgroup, "blkio", "blkio.throttle.read_bps_device"), dev + " 1048576");
    EXPECT_EQ(read_back(cgroup, "blkio", "blkio.throttle.write_iops_device"), dev + " 120");
  }
}

// blockIO.weight goes to the BFQ file when the kernel has one, else to the generic weight (v2
// io.weight, converted); with neither, the error says so.
TEST_F(CgroupResourcesTest, BlockIoWeightIsWrittenWhereTheKernelHasAWeightFile) {
  TestCgroup cgroup = create_fresh();
  ASSERT_TRUE(cgroup);
  spec::Resources r;
  r.block_io = spec::BlockIoResources{};
  r.block_io->weight = 500;
  auto applied = cgroup->apply(r, true);
  bool v2 = cgroup->layout() == Layout::v2;
  std::string dir;
  for (const auto& [mount, path] : cgroup->placement().paths)
    if (v2 || mount.ends_with("blkio")) dir = path;
  auto bfq = read_cgroup_file(dir + (v2 ? "/io.bfq.weight" : "/blkio.bfq.weight"));
  auto plain = read_cgroup_file(dir + (v2 ? "/io.weight" : "/blkio.weight"));
  if (!bfq && !plain) {
    ASSERT_FALSE(applied);
    EXPECT_TRUE(
        applied.error().text().starts_with("linux.resources.blockIO.weight: this kernel has "
                                           "neither "))
        << applied.error().text();
    return;
  }
  ASSERT_TRUE(applied) << applied.error().text();
  if (bfq) {
    EXPECT_NE(bfq->find("500"), std::string::npos) << *bfq;
  } else {
    EXPECT_NE(plain->find(v2 ? "4950" : "500"), std::string::npos) << *plain;
  }
}

TEST_F(CgroupResourcesTest, UpdateChangesTheLimitOfARunningProcess) {
  Child child([] { return allocate_and_sleep(16); });
  TestCgroup cgroup = create_fresh();
  ASSERT_TRUE(cgroup);
  ASSERT_TRUE(cgroup->apply(memory_limit(64 << 20), true));
  ASSERT_TRUE(cgroup->add_process(child.pid()));
  child.go();
  usleep(200 * 1000);
  auto raised = cgroup->apply(memory_limit(128 << 20), false);
  ASSERT_TRUE(raised) << raised.error().text();
  bool v2 = cgroup->layout() == Layout::v2;
  EXPECT_EQ(read_back(cgroup, "memory", v2 ? "memory.max" : "memory.limit_in_bytes"), "134217728");
  // checkBeforeUpdate refuses a limit below what the container uses now.
  spec::Resources lower = memory_limit(1 << 20);
  lower.memory->check_before_update = true;
  auto refused = cgroup->apply(lower, false);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().text().find("linux.resources.memory.limit"), std::string::npos);
  EXPECT_NE(refused.error().text().find("checkBeforeUpdate"), std::string::npos);
  EXPECT_EQ(read_back(cgroup, "memory", v2 ? "memory.max" : "memory.limit_in_bytes"), "134217728");
}

// What the runtime does at create: create, apply, and on error destroy. Returns the error text.
std::string create_apply_expecting_error(const spec::Resources& resources,
                                         std::function<void(Driver&)> before_apply = {}) {
  CreateRequest request;
  request.container_id = "c";
  request.cgroups_path = "/" + unique_name() + "/nested";
  auto driver = create(request);
  if (!driver) return "create failed: " + driver.error().text();
  TestCgroup cgroup(std::move(*driver));
  if (before_apply) before_apply(*cgroup);
  auto applied = cgroup->apply(resources, true);
  EXPECT_FALSE(applied);
  Placement placement = cgroup->placement();
  EXPECT_TRUE(cgroup->kill_all(SIGKILL));
  EXPECT_TRUE(cgroup->destroy());
  for (const auto& dir : placement.created) EXPECT_NE(access(dir.c_str(), F_OK), 0) << dir;
  return applied ? "" : applied.error().text();
}

TEST_F(CgroupResourcesTest, CpusetOutsideTheMachineNamesFieldFileAndWhatIsAvailable) {
  spec::Resources r;
  r.cpu = spec::CpuResources{};
  r.cpu->cpus = "0-" + std::to_string(sysconf(_SC_NPROCESSORS_CONF) + 8);
  std::string error = create_apply_expecting_error(r);
  EXPECT_NE(error.find("linux.resources.cpu.cpus: write \"" + r.cpu->cpus + "\" to /"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("cpuset.cpus"), std::string::npos) << error;
  EXPECT_NE(error.find("CPUs available"), std::string::npos) << error;
}

TEST_F(CgroupResourcesTest, QuotaBelowTheKernelMinimumNamesTheField) {
  spec::Resources r;
  r.cpu = spec::CpuResources{};
  r.cpu->quota = 500;  // the kernel wants at least 1 ms
  r.cpu->period = 100000;
  std::string error = create_apply_expecting_error(r);
  EXPECT_NE(error.find("linux.resources.cpu.quota"), std::string::npos) << error;
  EXPECT_NE(error.find("invalid argument"), std::string::npos) << error;
}

// cgroup v2 accepts any memory.max and OOM-kills instead (MemoryLimitOomKills... covers that).
TEST_F(CgroupResourcesTest, MemoryLimitBelowUsageIsRefusedOnV1) {
  if (detect_layout().value_or(Layout::v2) == Layout::v2) GTEST_SKIP() << "v1 only";
  Child child([] { return allocate_and_sleep(64); });
  std::string error = create_apply_expecting_error(memory_limit(1 << 20), [&](Driver& driver) {
    ASSERT_TRUE(driver.add_process(child.pid()));
    child.go();
    usleep(300 * 1000);
  });
  EXPECT_NE(error.find("linux.resources.memory.limit: write \"1048576\" to /"), std::string::npos)
      << error;
  EXPECT_NE(error.find("memory.limit_in_bytes: device or resource busy"), std::string::npos)
      << error;
}

TEST_F(CgroupResourcesTest, NetworkWithoutNetClsIsAClearError) {
  auto layout = detect_layout();
  ASSERT_TRUE(layout);
  if (*layout != Layout::v2 && access("/sys/fs/cgroup/net_cls", F_OK) == 0)
    GTEST_SKIP() << "net_cls is mounted here";
  spec::Resources r;
  r.network = spec::NetworkResources{};
  r.network->class_id = 0x100001;
  std::string error = create_apply_expecting_error(r);
  EXPECT_TRUE(error.starts_with("linux.resources.network")) << error;
}

TEST_F(CgroupResourcesTest, KernelMemoryIsIgnored) {
  TestCgroup cgroup = create_fresh();
  ASSERT_TRUE(cgroup);
  spec::Resources r;
  r.memory = spec::MemoryResources{};
  r.memory->kernel = 1 << 20;
  auto applied = cgroup->apply(r, true);
  EXPECT_TRUE(applied) << applied.error().text();
}

}  // namespace
}  // namespace berth::cgroup::testing
