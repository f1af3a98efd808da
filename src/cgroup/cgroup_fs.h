// File-system primitives for cgroup directories. Every error carries the path and, for writes,
// the data written (youki's WrappedIoError idea), e.g.
//   write "1024" to /sys/fs/cgroup/memory/x/memory.limit_in_bytes: Device or resource busy
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "base/unique_fd.h"

namespace berth::cgroup {

// Writes `data` to an existing cgroup file with a single write(2) (cgroup files take one value
// per write).
Result<> write_cgroup_file(const std::string& path, std::string_view data);
// The same, relative to a directory fd; `display_dir` is the directory's path for messages.
Result<> write_cgroup_file_at(int dirfd, std::string_view display_dir, const char* name,
                              std::string_view data);

// write_cgroup_file for a run of writes that often go to the same file: the file stays open for
// the next write to the same path (v1's devices.allow takes one rule per write, and a
// container's default device rules are a dozen writes).
class CgroupFileWriter {
 public:
  Result<> write(const std::string& path, std::string_view data);

 private:
  std::string path_;
  UniqueFd fd_;
};

// Reads a whole cgroup file.
Result<std::string> read_cgroup_file(const std::string& path);
Result<std::string> read_cgroup_file_at(int dirfd, std::string_view display_dir, const char* name);

// Creates `dir` and any missing parents; appends each directory it created to `created`
// (parents first). An existing `dir` is fine. One mkdir(2) when the parent exists.
Result<> make_cgroup_dirs(const std::string& dir, std::vector<std::string>& created);

// rmdir(2), retried for up to `timeout_ms` while the kernel says EBUSY (a cgroup whose last
// processes are still exiting). A directory that is already gone is not an error.
Result<> remove_cgroup_dir(const std::string& dir, int timeout_ms = 1000);

// Parses cgroup.procs (one pid per line).
std::vector<pid_t> parse_pid_list(std::string_view text);

// Milliseconds on CLOCK_MONOTONIC; sleeps for short polling loops.
int64_t monotonic_ms();
void sleep_ms(int ms);

}  // namespace berth::cgroup
