#include "cgroup/stats_parse.h"

#include <limits>

#include "base/strings.h"

namespace berth::cgroup {

std::map<std::string, uint64_t> parse_flat_keyed(std::string_view text) {
  std::map<std::string, uint64_t> out;
  for (std::string_view line : split(text, '\n')) {
    size_t space = line.find(' ');
    if (space == std::string_view::npos) continue;
    if (auto value = parse_u64(trim(line.substr(space + 1))))
      out[std::string(line.substr(0, space))] = *value;
  }
  return out;
}

std::optional<uint64_t> parse_limit(std::string_view text) {
  text = trim(text);
  if (text == "max") return std::numeric_limits<uint64_t>::max();
  return parse_u64(text);
}

std::vector<uint64_t> parse_number_list(std::string_view text) {
  std::vector<uint64_t> out;
  for (std::string_view word : split(trim(text), ' '))
    if (auto value = parse_u64(word)) out.push_back(*value);
  return out;
}

namespace {

bool parse_device(std::string_view text, uint64_t& major, uint64_t& minor) {
  size_t colon = text.find(':');
  if (colon == std::string_view::npos) return false;
  auto ma = parse_u64(text.substr(0, colon));
  auto mi = parse_u64(text.substr(colon + 1));
  if (!ma || !mi) return false;
  major = *ma;
  minor = *mi;
  return true;
}

}  // namespace

std::vector<BlkioEntry> parse_blkio_v1(std::string_view text) {
  std::vector<BlkioEntry> out;
  for (std::string_view line : split(text, '\n')) {
    auto words = split(trim(line), ' ');
    if (words.size() != 3) continue;
    BlkioEntry entry;
    auto value = parse_u64(words[2]);
    if (!parse_device(words[0], entry.major, entry.minor) || !value) continue;
    entry.op = std::string(words[1]);
    entry.value = *value;
    out.push_back(std::move(entry));
  }
  return out;
}

void parse_io_stat(std::string_view text, BlkioStats& out) {
  struct Key {
    std::string_view name, op;
    bool bytes;
  };
  static constexpr Key kKeys[] = {
      {"rbytes", "Read", true}, {"wbytes", "Write", true}, {"dbytes", "Discard", true},
      {"rios", "Read", false},  {"wios", "Write", false},  {"dios", "Discard", false},
  };
  for (std::string_view line : split(text, '\n')) {
    auto words = split(trim(line), ' ');
    uint64_t major = 0, minor = 0;
    if (words.size() < 2 || !parse_device(words[0], major, minor)) continue;
    for (size_t i = 1; i < words.size(); ++i) {
      size_t eq = words[i].find('=');
      if (eq == std::string_view::npos) continue;
      std::string_view name = words[i].substr(0, eq);
      auto value = parse_u64(words[i].substr(eq + 1));
      if (!value) continue;
      for (const auto& key : kKeys) {
        if (key.name != name) continue;
        BlkioEntry entry{major, minor, std::string(key.op), *value};
        (key.bytes ? out.io_service_bytes_recursive : out.io_serviced_recursive)
            .push_back(std::move(entry));
      }
    }
  }
}

std::optional<std::string> hugepage_dir_to_size(std::string_view dir_name) {
  if (!dir_name.starts_with("hugepages-") || !dir_name.ends_with("kB")) return std::nullopt;
  auto kb = parse_u64(dir_name.substr(10, dir_name.size() - 12));
  if (!kb || *kb == 0) return std::nullopt;
  static constexpr const char* kUnits[] = {"KB", "MB", "GB", "TB", "PB"};
  uint64_t value = *kb;
  size_t unit = 0;
  while (value % 1024 == 0 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  return std::to_string(value) + kUnits[unit];
}

}  // namespace berth::cgroup
