// linux.resources -> cgroup files, for v1 and v2 (pure; no root, no cgroup file system).
#include <gtest/gtest.h>

#include "cgroup/render.h"

namespace berth::cgroup {
namespace {

using spec::Resources;

struct FileValue {
  std::string file, value;
  bool operator==(const FileValue&) const = default;
};
void PrintTo(const FileValue& fv, std::ostream* os) { *os << fv.file << "=" << fv.value; }

std::vector<FileValue> files(const Rendered& rendered) {
  std::vector<FileValue> out;
  for (const auto& w : rendered.writes) out.push_back({w.file, w.value});
  return out;
}

Rendered render_ok(const Resources& r, Version v, RenderOptions options = {}) {
  auto rendered = render(r, v, options);
  EXPECT_TRUE(rendered) << rendered.error().text();
  return rendered ? *rendered : Rendered{};
}

std::string render_error(const Resources& r, Version v, RenderOptions options = {}) {
  auto rendered = render(r, v, options);
  EXPECT_FALSE(rendered);
  return rendered ? "" : rendered.error().text();
}

// ---- conversions ----
TEST(CgroupConversions, SharesToWeightMatchesRuncAndCrun) {
  EXPECT_EQ(cpu_shares_to_weight(2), 1u);
  EXPECT_EQ(cpu_shares_to_weight(1024), 39u);
  EXPECT_EQ(cpu_shares_to_weight(512), 20u);
  EXPECT_EQ(cpu_shares_to_weight(262144), 10000u);
  EXPECT_EQ(cpu_shares_to_weight(0), 0u);
}

TEST(CgroupConversions, BlkioWeightToIoWeight) {
  EXPECT_EQ(blkio_weight_to_io_weight(10), 1u);
  EXPECT_EQ(blkio_weight_to_io_weight(500), 4950u);
  EXPECT_EQ(blkio_weight_to_io_weight(1000), 10000u);
}

TEST(CgroupConversions, SwapIsMemoryPlusSwapOnV1AndSwapAloneOnV2) {
  EXPECT_EQ(swap_to_v2_swap_max(300, 100).value(), 200);
  EXPECT_EQ(swap_to_v2_swap_max(100, 100).value(), 0);
  EXPECT_EQ(swap_to_v2_swap_max(-1, 100).value(), -1);
  EXPECT_EQ(swap_to_v2_swap_max(-1, std::nullopt).value(), -1);
  auto below = swap_to_v2_swap_max(50, 100);
  ASSERT_FALSE(below);
  EXPECT_NE(below.error().text().find("linux.resources.memory.swap"), std::string::npos);
  EXPECT_FALSE(swap_to_v2_swap_max(300, std::nullopt));
  EXPECT_FALSE(swap_to_v2_swap_max(300, -1));
}

// ---- memory ----
TEST(CgroupRenderMemory, V1WritesLimitBeforeMemswOnAFreshCgroup) {
  Resources r;
  r.memory = spec::MemoryResources{};
  r.memory->limit = 1 << 20;
  r.memory->swap = 2 << 20;
  r.memory->reservation = 512 << 10;
  r.memory->swappiness = 10;
  r.memory->disable_oom_killer = true;
  EXPECT_EQ(files(render_ok(r, Version::v1)),
            (std::vector<FileValue>{{"memory.limit_in_bytes", "1048576"},
                                    {"memory.memsw.limit_in_bytes", "2097152"},
                                    {"memory.soft_limit_in_bytes", "524288"},
                                    {"memory.swappiness", "10"},
                                    {"memory.oom_control", "1"}}));
}

TEST(CgroupRenderMemory, V1UpdateRaisingSwapWritesMemswFirst) {
  Resources r;
  r.memory = spec::MemoryResources{};
  r.memory->limit = 4 << 20;
  r.memory->swap = 8 << 20;
  RenderOptions update{.initial = false, .current_memsw_limit = 2 << 20};
  EXPECT_EQ(files(render_ok(r, Version::v1, update)),
            (std::vector<FileValue>{{"memory.memsw.limit_in_bytes", "8388608"},
                                    {"memory.limit_in_bytes", "4194304"}}));
  update.current_memsw_limit = 16 << 20;  // lowering: limit first
  EXPECT_EQ(files(render_ok(r, Version::v1, update)),
            (std::vector<FileValue>{{"memory.limit_in_bytes", "4194304"},
                                    {"memory.memsw.limit_in_bytes", "8388608"}}));
}

TEST(CgroupRenderMemory, V1UpdateToUnlimitedLiftsSwapToo) {
  Resources r;
  r.memory = spec::MemoryResources{};
  r.memory->limit = -1;
  RenderOptions update{.initial = false};
  EXPECT_EQ(files(render_ok(r, Version::v1, update)),
            (std::vector<FileValue>{{"memory.memsw.limit_in_bytes", "-1"},
                                    {"memory.limit_in_bytes", "-1"}}));
}

TEST(CgroupRenderMemory, V2ConvertsSwapAndUsesMax) {
  Resources r;
  r.memory = spec::MemoryResources{};
  r.memory->limit = 100 << 20;
  r.memory->swap = 300 << 20;
  r.memory->reservation = -1;
  EXPECT_EQ(
      files(render_ok(r, Version::v2)),
      (std::vector<FileValue>{
          {"memory.swap.max", "209715200"}, {"memory.max", "104857600"}, {"memory.low", "max"}}));
  r.memory->swap = -1;
  r.memory->limit = -1;
  r.memory->reservation.reset();
  EXPECT_EQ(files(render_ok(r, Version::v2)),
            (std::vector<FileValue>{{"memory.swap.max", "max"}, {"memory.max", "max"}}));
}

TEST(CgroupRenderMemory, SwapBelowLimitIsRejectedOnBothVersions) {
  Resources r;
  r.memory = spec::MemoryResources{};
  r.memory->limit = 200;
  r.memory->swap = 100;
  for (Version v : {Version::v1, Version::v2})
    EXPECT_NE(render_error(r, v).find("linux.resources.memory.swap"), std::string::npos);
}

TEST(CgroupRenderMemory, BadValuesNameTheField) {
  Resources r;
  r.memory = spec::MemoryResources{};
  r.memory->limit = -7;
  EXPECT_NE(render_error(r, Version::v1).find("linux.resources.memory.limit"), std::string::npos);
  r.memory->limit.reset();
  r.memory->swappiness = 101;
  EXPECT_NE(render_error(r, Version::v1).find("linux.resources.memory.swappiness"),
            std::string::npos);
}

TEST(CgroupRenderMemory, KernelMemoryIsIgnoredWithAWarning) {
  Resources r;
  r.memory = spec::MemoryResources{};
  r.memory->kernel = 1 << 20;
  for (Version v : {Version::v1, Version::v2}) {
    Rendered out = render_ok(r, v);
    EXPECT_TRUE(out.writes.empty());
    ASSERT_EQ(out.warnings.size(), 1u);
    EXPECT_NE(out.warnings[0].find("linux.resources.memory.kernel"), std::string::npos);
  }
}

TEST(CgroupRenderMemory, V1OnlyKnobsWarnOnV2) {
  Resources r;
  r.memory = spec::MemoryResources{};
  r.memory->kernel_tcp = 1 << 20;
  r.memory->swappiness = 0;
  r.memory->disable_oom_killer = true;
  Rendered v2 = render_ok(r, Version::v2);
  EXPECT_TRUE(v2.writes.empty());
  EXPECT_EQ(v2.warnings.size(), 3u);
  Rendered v1 = render_ok(r, Version::v1);
  EXPECT_EQ(files(v1), (std::vector<FileValue>{{"memory.kmem.tcp.limit_in_bytes", "1048576"},
                                               {"memory.swappiness", "0"},
                                               {"memory.oom_control", "1"}}));
}

// ---- cpu ----
TEST(CgroupRenderCpu, V1WritesEachFile) {
  Resources r;
  r.cpu = spec::CpuResources{};
  r.cpu->shares = 512;
  r.cpu->quota = 50000;
  r.cpu->period = 100000;
  r.cpu->burst = 1000;
  r.cpu->realtime_period = 1000000;
  r.cpu->realtime_runtime = 950000;
  r.cpu->idle = 0;
  r.cpu->cpus = "0-1";
  r.cpu->mems = "0";
  EXPECT_EQ(files(render_ok(r, Version::v1)),
            (std::vector<FileValue>{{"cpuset.cpus", "0-1"},
                                    {"cpuset.mems", "0"},
                                    {"cpu.shares", "512"},
                                    {"cpu.cfs_period_us", "100000"},
                                    {"cpu.cfs_quota_us", "50000"},
                                    {"cpu.cfs_burst_us", "1000"},
                                    {"cpu.rt_period_us", "1000000"},
                                    {"cpu.rt_runtime_us", "950000"},
                                    {"cpu.idle", "0"}}));
}

TEST(CgroupRenderCpu, V2ConvertsSharesAndJoinsQuotaAndPeriod) {
  Resources r;
  r.cpu = spec::CpuResources{};
  r.cpu->shares = 1024;
  r.cpu->quota = 50000;
  r.cpu->period = 100000;
  r.cpu->burst = 2000;
  r.cpu->idle = 1;
  r.cpu->cpus = "1";
  EXPECT_EQ(files(render_ok(r, Version::v2)), (std::vector<FileValue>{{"cpu.weight", "39"},
                                                                      {"cpu.max", "50000 100000"},
                                                                      {"cpu.max.burst", "2000"},
                                                                      {"cpu.idle", "1"},
                                                                      {"cpuset.cpus", "1"}}));
}

TEST(CgroupRenderCpu, V2QuotaAndPeriodAlone) {
  Resources r;
  r.cpu = spec::CpuResources{};
  r.cpu->quota = -1;
  r.cpu->period = 20000;
  EXPECT_EQ(files(render_ok(r, Version::v2)), (std::vector<FileValue>{{"cpu.max", "max 20000"}}));
  r.cpu->period.reset();
  r.cpu->quota = 25000;
  EXPECT_EQ(files(render_ok(r, Version::v2)), (std::vector<FileValue>{{"cpu.max", "25000"}}));
  r.cpu->quota.reset();
  r.cpu->period = 50000;
  EXPECT_EQ(files(render_ok(r, Version::v2)), (std::vector<FileValue>{{"cpu.max", "max 50000"}}));
}

TEST(CgroupRenderCpu, RealtimeIsAnErrorOnV2) {
  Resources r;
  r.cpu = spec::CpuResources{};
  r.cpu->realtime_runtime = 1000;
  EXPECT_NE(render_error(r, Version::v2).find("linux.resources.cpu.realtimeRuntime"),
            std::string::npos);
}

TEST(CgroupRenderCpu, ZeroPeriodAndZeroQuotaAreRejected) {
  Resources r;
  r.cpu = spec::CpuResources{};
  r.cpu->quota = 50000;
  r.cpu->period = 0;
  EXPECT_NE(render_error(r, Version::v1).find("linux.resources.cpu.period"), std::string::npos);
  r.cpu->period = 100000;
  r.cpu->quota = 0;
  EXPECT_NE(render_error(r, Version::v2).find("linux.resources.cpu.quota"), std::string::npos);
}

// ---- pids ----
TEST(CgroupRenderPids, LimitOrMax) {
  Resources r;
  r.pids_limit = 32;
  for (Version v : {Version::v1, Version::v2})
    EXPECT_EQ(files(render_ok(r, v)), (std::vector<FileValue>{{"pids.max", "32"}}));
  r.pids_limit = -1;
  EXPECT_EQ(files(render_ok(r, Version::v2)), (std::vector<FileValue>{{"pids.max", "max"}}));
  r.pids_limit = 0;
  EXPECT_TRUE(render_ok(r, Version::v2).writes.empty());
}

// ---- block io ----
TEST(CgroupRenderBlockIo, V1WeightFallsBackToBfq) {
  Resources r;
  r.block_io = spec::BlockIoResources{};
  r.block_io->weight = 300;
  r.block_io->weight_device.push_back({.major = 8, .minor = 0, .weight = 200, .leaf_weight = {}});
  r.block_io->throttle_read_bps_device.push_back({.major = 8, .minor = 0, .rate = 1048576});
  r.block_io->throttle_write_iops_device.push_back({.major = 8, .minor = 16, .rate = 100});
  Rendered out = render_ok(r, Version::v1);
  ASSERT_EQ(out.writes.size(), 4u);
  EXPECT_EQ(out.writes[0].file, "blkio.weight");
  EXPECT_EQ(out.writes[0].fallback_file, "blkio.bfq.weight");
  EXPECT_EQ(out.writes[0].fallback_value, "300");
  EXPECT_EQ(out.writes[1].value, "8:0 200");
  EXPECT_EQ(out.writes[1].fallback_file, "blkio.bfq.weight_device");
  EXPECT_EQ((FileValue{out.writes[2].file, out.writes[2].value}),
            (FileValue{"blkio.throttle.read_bps_device", "8:0 1048576"}));
  EXPECT_EQ((FileValue{out.writes[3].file, out.writes[3].value}),
            (FileValue{"blkio.throttle.write_iops_device", "8:16 100"}));
}

TEST(CgroupRenderBlockIo, V2UsesBfqWeightElseConvertedIoWeightAndIoMax) {
  Resources r;
  r.block_io = spec::BlockIoResources{};
  r.block_io->weight = 500;
  r.block_io->leaf_weight = 100;
  r.block_io->throttle_read_bps_device.push_back({.major = 1, .minor = 0, .rate = 4096});
  r.block_io->throttle_write_bps_device.push_back({.major = 1, .minor = 0, .rate = 0});
  Rendered out = render_ok(r, Version::v2);
  ASSERT_EQ(out.writes.size(), 3u);
  EXPECT_EQ(out.writes[0].file, "io.bfq.weight");
  EXPECT_EQ(out.writes[0].value, "500");
  EXPECT_EQ(out.writes[0].fallback_file, "io.weight");
  EXPECT_EQ(out.writes[0].fallback_value, "4950");
  EXPECT_EQ(out.writes[1].value, "1:0 rbps=4096");
  EXPECT_EQ(out.writes[2].value, "1:0 wbps=max");
  EXPECT_EQ(out.writes[1].file, "io.max");
  EXPECT_EQ(out.warnings.size(), 1u);  // leafWeight
}

TEST(CgroupRenderBlockIo, WeightOutOfRangeNamesTheField) {
  Resources r;
  r.block_io = spec::BlockIoResources{};
  r.block_io->weight = 5;
  EXPECT_NE(render_error(r, Version::v2).find("linux.resources.blockIO.weight"), std::string::npos);
}

// ---- hugetlb, network, rdma ----
TEST(CgroupRenderHugetlb, FileNamesPerVersion) {
  Resources r;
  r.hugepage_limits.push_back({"2MB", 4 << 20});
  EXPECT_EQ(files(render_ok(r, Version::v1)),
            (std::vector<FileValue>{{"hugetlb.2MB.limit_in_bytes", "4194304"}}));
  EXPECT_EQ(files(render_ok(r, Version::v2)),
            (std::vector<FileValue>{{"hugetlb.2MB.max", "4194304"}}));
  r.hugepage_limits.push_back({"2M", 1});
  EXPECT_NE(render_error(r, Version::v2).find("linux.resources.hugepageLimits[1].pageSize"),
            std::string::npos);
}

TEST(CgroupRenderNetwork, V1OnlyWithAClearErrorOnV2) {
  Resources r;
  r.network = spec::NetworkResources{};
  r.network->class_id = 0x100001;
  r.network->priorities.push_back({"eth0", 5});
  EXPECT_EQ(
      files(render_ok(r, Version::v1)),
      (std::vector<FileValue>{{"net_cls.classid", "1048577"}, {"net_prio.ifpriomap", "eth0 5"}}));
  EXPECT_NE(render_error(r, Version::v2).find("linux.resources.network"), std::string::npos);
}

TEST(CgroupRenderRdma, OneLinePerDevice) {
  Resources r;
  r.rdma["mlx5_0"] = {.hca_handles = 3, .hca_objects = 10000};
  r.rdma["mlx4_0"] = {.hca_handles = {}, .hca_objects = 100};
  EXPECT_EQ(files(render_ok(r, Version::v2)),
            (std::vector<FileValue>{{"rdma.max", "mlx4_0 hca_object=100"},
                                    {"rdma.max", "mlx5_0 hca_handle=3 hca_object=10000"}}));
}

// ---- devices ----
TEST(CgroupRenderDevices, V1DeniesAllThenWritesEachRule) {
  Resources r;
  r.devices.push_back({.allow = false, .type = "a", .major = {}, .minor = {}, .access = "rwm"});
  r.devices.push_back({.allow = true, .type = "c", .major = 1, .minor = 3, .access = "rw"});
  r.devices.push_back({.allow = true, .type = "c", .major = 136, .minor = {}, .access = "rwm"});
  r.devices.push_back({.allow = false, .type = "b", .major = 8, .minor = 0, .access = "m"});
  EXPECT_EQ(files(render_ok(r, Version::v1)),
            (std::vector<FileValue>{{"devices.deny", "a"},
                                    {"devices.deny", "a *:* rwm"},
                                    {"devices.allow", "c 1:3 rw"},
                                    {"devices.allow", "c 136:* rwm"},
                                    {"devices.deny", "b 8:0 m"}}));
}

TEST(CgroupRenderDevices, V2PassesRulesToTheBpfFilter) {
  Resources r;
  r.devices.push_back({.allow = true, .type = "c", .major = 1, .minor = 3, .access = "rw"});
  Rendered out = render_ok(r, Version::v2);
  EXPECT_TRUE(out.writes.empty());
  EXPECT_TRUE(out.has_device_rules);
  EXPECT_EQ(out.device_rules.size(), 1u);
}

TEST(CgroupRenderDevices, BadTypeAndAccessNameTheRule) {
  Resources r;
  r.devices.push_back({.allow = true, .type = "c", .major = 1, .minor = 3, .access = "rw"});
  r.devices.push_back({.allow = true, .type = "x", .major = 1, .minor = 3, .access = "rw"});
  EXPECT_NE(render_error(r, Version::v1).find("linux.resources.devices[1].type"),
            std::string::npos);
  r.devices[1].type = "b";
  r.devices[1].access = "rx";
  EXPECT_NE(render_error(r, Version::v2).find("linux.resources.devices[1].access"),
            std::string::npos);
}

// ---- unified ----
TEST(CgroupRenderUnified, V2WritesRawValuesLast) {
  Resources r;
  r.pids_limit = 10;
  r.unified["memory.high"] = "1048576";
  r.unified["pids.max"] = "20";
  EXPECT_EQ(
      files(render_ok(r, Version::v2)),
      (std::vector<FileValue>{{"pids.max", "10"}, {"memory.high", "1048576"}, {"pids.max", "20"}}));
}

TEST(CgroupRenderUnified, HybridTargetsTheCgroup2DirectoryAndV1AloneIsAnError) {
  Resources r;
  r.unified["memory.high"] = "1048576";
  Rendered hybrid = render_ok(r, Version::v1, RenderOptions{.has_unified = true});
  ASSERT_EQ(hybrid.writes.size(), 1u);
  EXPECT_EQ(hybrid.writes[0].controller, kUnifiedController);
  EXPECT_NE(render_error(r, Version::v1).find("linux.resources.unified"), std::string::npos);
}

TEST(CgroupRenderUnified, KeysThatEscapeOrMoveProcessesAreRejected) {
  for (std::string key : {"../memory.max", "memory", "cgroup.procs", "a/b.c"}) {
    Resources r;
    r.unified[key] = "1";
    EXPECT_NE(render_error(r, Version::v2).find("linux.resources.unified"), std::string::npos)
        << key;
  }
}

TEST(CgroupRender, ErrorsCarryTheFieldInEveryWrite) {
  Resources r;
  r.memory = spec::MemoryResources{};
  r.memory->limit = 1;
  r.pids_limit = 1;
  for (const auto& w : render_ok(r, Version::v2).writes)
    EXPECT_TRUE(w.field.starts_with("linux.resources.")) << w.field;
}

}  // namespace
}  // namespace berth::cgroup
