// Parsers for the cgroup statistics files (pure).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cgroup/driver.h"

namespace berth::cgroup {

// "key value" lines (memory.stat, cpu.stat, memory.events, cpuacct.stat, memory.oom_control).
std::map<std::string, uint64_t> parse_flat_keyed(std::string_view text);

// A single number; "max" -> UINT64_MAX (as runc reports an unlimited value).
std::optional<uint64_t> parse_limit(std::string_view text);

// Space-separated numbers (cpuacct.usage_percpu).
std::vector<uint64_t> parse_number_list(std::string_view text);

// v1 blkio.*_recursive: "8:0 Read 4096" lines (the "Total" line is skipped).
std::vector<BlkioEntry> parse_blkio_v1(std::string_view text);

// v2 io.stat: "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0" -> bytes and ios entries with
// runc's op names (Read, Write, Discard).
void parse_io_stat(std::string_view text, BlkioStats& out);

// "hugepages-2048kB" (a /sys/kernel/mm/hugepages entry) -> "2MB", the name cgroup files use.
std::optional<std::string> hugepage_dir_to_size(std::string_view dir_name);

}  // namespace berth::cgroup
