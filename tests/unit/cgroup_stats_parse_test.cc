// Parsing the cgroup statistics files (pure).
#include <gtest/gtest.h>

#include <limits>

#include "cgroup/stats_parse.h"

namespace berth::cgroup {
namespace {

TEST(CgroupStatsParse, FlatKeyed) {
  auto values = parse_flat_keyed("usage_usec 1200\nuser_usec 1000\nsystem_usec 200\nbogus\n");
  EXPECT_EQ(values.size(), 3u);
  EXPECT_EQ(values["usage_usec"], 1200u);
  EXPECT_EQ(parse_flat_keyed("oom_kill_disable 0\nunder_oom 0\noom_kill 3\n")["oom_kill"], 3u);
}

TEST(CgroupStatsParse, LimitsAndLists) {
  EXPECT_EQ(parse_limit("max\n"), std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(parse_limit("4096\n"), 4096u);
  EXPECT_EQ(parse_limit("x"), std::nullopt);
  EXPECT_EQ(parse_number_list("10 20 30 \n"), (std::vector<uint64_t>{10, 20, 30}));
}

TEST(CgroupStatsParse, BlkioV1SkipsTheTotalLine) {
  auto entries = parse_blkio_v1("8:0 Read 4096\n8:0 Write 512\n8:0 Sync 0\nTotal 4608\n");
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].major, 8u);
  EXPECT_EQ(entries[0].op, "Read");
  EXPECT_EQ(entries[1].value, 512u);
}

TEST(CgroupStatsParse, IoStatBecomesRuncsBlkioEntries) {
  BlkioStats stats;
  parse_io_stat("254:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n", stats);
  ASSERT_EQ(stats.io_service_bytes_recursive.size(), 3u);
  ASSERT_EQ(stats.io_serviced_recursive.size(), 3u);
  EXPECT_EQ(stats.io_service_bytes_recursive[0].op, "Read");
  EXPECT_EQ(stats.io_service_bytes_recursive[1].value, 8192u);
  EXPECT_EQ(stats.io_serviced_recursive[1].op, "Write");
  EXPECT_EQ(stats.io_serviced_recursive[1].major, 254u);
}

TEST(CgroupStatsParse, HugepageDirectoryNames) {
  EXPECT_EQ(hugepage_dir_to_size("hugepages-2048kB"), "2MB");
  EXPECT_EQ(hugepage_dir_to_size("hugepages-1048576kB"), "1GB");
  EXPECT_EQ(hugepage_dir_to_size("hugepages-64kB"), "64KB");
  EXPECT_EQ(hugepage_dir_to_size("other"), std::nullopt);
}

}  // namespace
}  // namespace berth::cgroup
