#include "spec/resource_flags.h"

#include <gtest/gtest.h>

namespace berth::spec {
namespace {

TEST(ParseMemorySize, SuffixesAreBinaryUnits) {
  EXPECT_EQ(parse_memory_size("512", "memory").value(), 512);
  EXPECT_EQ(parse_memory_size("4k", "memory").value(), 4096);
  EXPECT_EQ(parse_memory_size("64m", "memory").value(), 64 << 20);
  EXPECT_EQ(parse_memory_size("1G", "memory").value(), int64_t{1} << 30);
  EXPECT_EQ(parse_memory_size("-1", "memory").value(), -1);
}

TEST(ParseMemorySize, RejectsJunkAndNamesTheFlag) {
  for (const char* bad : {"", "m", "12q", "-5", "1.5g", "64mi", "99999999999999999999"}) {
    auto parsed = parse_memory_size(bad, "memory-swap");
    ASSERT_FALSE(parsed) << bad;
    EXPECT_NE(parsed.error().text().find("--memory-swap"), std::string::npos);
  }
}

TEST(ResourcesFromFlags, OnlyGivenValuesAreSet) {
  ResourceFlags flags;
  flags.memory = "64m";
  flags.pids_limit = "50";
  auto resources = resources_from_flags(flags);
  ASSERT_TRUE(resources);
  ASSERT_TRUE(resources->memory);
  EXPECT_EQ(resources->memory->limit.value(), 64 << 20);
  EXPECT_FALSE(resources->memory->swap);
  EXPECT_FALSE(resources->cpu);
  EXPECT_EQ(resources->pids_limit.value(), 50);
  EXPECT_FALSE(resources->block_io);
}

TEST(ResourcesFromFlags, CpuAndBlkio) {
  ResourceFlags flags;
  flags.cpu_quota = "50000";
  flags.cpu_period = "100000";
  flags.cpu_shares = "512";
  flags.cpuset_cpus = "0-1";
  flags.blkio_weight = "300";
  auto resources = resources_from_flags(flags);
  ASSERT_TRUE(resources);
  EXPECT_EQ(resources->cpu->quota.value(), 50000);
  EXPECT_EQ(resources->cpu->period.value(), 100000u);
  EXPECT_EQ(resources->cpu->shares.value(), 512u);
  EXPECT_EQ(resources->cpu->cpus, "0-1");
  EXPECT_EQ(resources->block_io->weight.value(), 300);
}

TEST(ResourcesFromFlags, BadNumberNamesTheFlag) {
  ResourceFlags flags;
  flags.cpu_period = "soon";
  auto resources = resources_from_flags(flags);
  ASSERT_FALSE(resources);
  EXPECT_NE(resources.error().text().find("--cpu-period"), std::string::npos);
  EXPECT_TRUE(flags.any());
  EXPECT_FALSE(ResourceFlags{}.any());
}

}  // namespace
}  // namespace berth::spec
