// Pure string helpers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth {

std::vector<std::string_view> split(std::string_view s, char sep);
bool starts_with(std::string_view s, std::string_view prefix);
std::string_view trim(std::string_view s);

// Whole-string decimal parses; nullopt on any junk, sign misuse or overflow.
std::optional<uint64_t> parse_u64(std::string_view s);
std::optional<int64_t> parse_i64(std::string_view s);

// Go-style durations as runc's flags take them: "5s", "500ms", "1m", "1.5s", "2h"; a bare number
// is seconds. Milliseconds; nullopt when malformed.
std::optional<int64_t> parse_duration_ms(std::string_view s);

// Quotes a string for messages: "abc".
std::string quoted(std::string_view s);

// Undoes the kernel's \ooo escapes in /proc/<pid>/mountinfo fields (space, tab, newline and
// backslash become \040, \011, \012, \134). A backslash not followed by three octal digits
// (the first 0-3) is kept as it is.
std::string unescape_mountinfo_field(std::string_view s);

}  // namespace berth
