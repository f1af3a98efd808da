// Small, EINTR-safe file helpers. Errors name the path.
#pragma once

#include <string>
#include <string_view>

#include "base/error.h"
#include "base/unique_fd.h"

namespace berth {

// open(2) with O_CLOEXEC added; the error names the path.
Result<UniqueFd> open_file(const std::string& path, int flags, int mode = 0);
Result<UniqueFd> open_file_at(int dirfd, const std::string& path, int flags, int mode = 0);

// Reads the whole file.
Result<std::string> read_file(const std::string& path);
Result<std::string> read_file_at(int dirfd, const std::string& path);
Result<std::string> read_fd(int fd);

// Writes `data` to an existing file (O_WRONLY|O_TRUNC), as for /proc and cgroup files.
Result<> write_file(const std::string& path, std::string_view data);
Result<> write_file_at(int dirfd, const std::string& path, std::string_view data);

// Creates `path` (it must not exist: O_EXCL) and writes `data` to it.
Result<> write_new_file(const std::string& path, std::string_view data, int mode = 0644);

// Writes a new file next to `path` and renames it over `path`, so readers never see half of it.
// (On ext4, renaming over an existing file also flushes its data: use it for files that change.)
Result<> write_file_atomic(const std::string& path, std::string_view data, int mode = 0644);

// Loops over short writes and EINTR.
Result<> write_all(int fd, std::string_view data);
// read(2) retried on EINTR; returns bytes read (0 at end of file).
Result<size_t> read_some(int fd, void* buf, size_t len);

bool path_exists(const std::string& path);

// Lexically cleans a path as seen from a root: "a//b/./c/../d" -> "/a/b/d"; ".." never climbs
// above "/". Relative input is taken as relative to "/".
std::string normalize_absolute_path(std::string_view path);

// "a/b" + "c" -> "a/b/c"; never produces "//".
std::string join_path(std::string_view a, std::string_view b);

}  // namespace berth
