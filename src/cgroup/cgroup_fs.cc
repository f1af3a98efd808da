#include "cgroup/cgroup_fs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/files.h"
#include "base/strings.h"
#include "base/unique_fd.h"

namespace berth::cgroup {
namespace {

std::string join(std::string_view dir, std::string_view name) {
  std::string out(dir);
  out.push_back('/');
  out.append(name);
  return out;
}

std::string write_message(std::string_view data, std::string_view path) {
  std::string message = "write ";
  message.append(quoted(data));
  message.append(" to ");
  message.append(path);
  return message;
}

Result<UniqueFd> open_for_write(int dirfd, const char* name, std::string_view data, std::string_view path) {
  int fd;
  do {
    fd = ::openat(dirfd, name, O_WRONLY | O_TRUNC | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return fail_system(write_message(data, path));
  return UniqueFd(fd);
}

Result<> write_value(int fd, std::string_view data, std::string_view path) {
  ssize_t n;
  do {
    n = ::write(fd, data.data(), data.size());
  } while (n < 0 && errno == EINTR);
  if (n < 0) return fail_system(write_message(data, path));
  if (static_cast<size_t>(n) != data.size())
    return fail(Error(EIO, write_message(data, path) + " (short write)"));
  return {};
}

Result<> write_once(int dirfd, const char* name, std::string_view data, std::string_view path) {
  UniqueFd fd = BERTH_TRY(open_for_write(dirfd, name, data, path));
  return write_value(fd.get(), data, path);
}

Result<std::string> read_at(int dirfd, const char* name, std::string_view path) {
  int fd;
  do {
    fd = ::openat(dirfd, name, O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return fail_system("read " + std::string(path));
  UniqueFd owner(fd);
  auto data = read_fd(fd);
  if (!data) return fail_system("read " + std::string(path), data.error().errnum());
  return data;
}

}  // namespace

Result<> write_cgroup_file(const std::string& path, std::string_view data) {
  return write_once(AT_FDCWD, path.c_str(), data, path);
}

Result<> write_cgroup_file_at(int dirfd, std::string_view display_dir, const char* name,
                              std::string_view data) {
  return write_once(dirfd, name, data, join(display_dir, name));
}

Result<> CgroupFileWriter::write(const std::string& path, std::string_view data) {
  if (!fd_.valid() || path != path_) {
    fd_.reset();
    fd_ = BERTH_TRY(open_for_write(AT_FDCWD, path.c_str(), data, path));
    path_ = path;
  }
  auto written = write_value(fd_.get(), data, path);
  if (!written) fd_.reset();
  return written;
}

Result<std::string> read_cgroup_file(const std::string& path) {
  return read_at(AT_FDCWD, path.c_str(), path);
}

Result<std::string> read_cgroup_file_at(int dirfd, std::string_view display_dir, const char* name) {
  return read_at(dirfd, name, join(display_dir, name));
}

Result<> make_cgroup_dirs(const std::string& dir, std::vector<std::string>& created) {
  // Fast path: one mkdir when the parent exists (the usual case).
  if (::mkdir(dir.c_str(), 0755) == 0) {
    created.push_back(dir);
    return {};
  }
  if (errno == EEXIST) return {};
  if (errno != ENOENT) return fail_system("mkdir " + dir);
  // Some parents are missing: find the deepest existing ancestor, then create downwards.
  std::vector<size_t> ends;  // end offsets of the components still to create
  size_t end = dir.size();
  for (;;) {
    ends.push_back(end);
    size_t slash = dir.rfind('/', end - 1);
    if (slash == std::string::npos || slash == 0) break;
    end = slash;
    std::string parent = dir.substr(0, end);
    struct stat st;
    if (::stat(parent.c_str(), &st) == 0) break;
  }
  for (auto it = ends.rbegin(); it != ends.rend(); ++it) {
    std::string path = dir.substr(0, *it);
    if (::mkdir(path.c_str(), 0755) == 0) {
      created.push_back(path);
    } else if (errno != EEXIST) {
      return fail_system("mkdir " + path);
    }
  }
  return {};
}

Result<> remove_cgroup_dir(const std::string& dir, int timeout_ms) {
  int64_t deadline = monotonic_ms() + timeout_ms;
  int delay_ms = 1;
  for (;;) {
    if (::rmdir(dir.c_str()) == 0 || errno == ENOENT) return {};
    if (errno != EBUSY || monotonic_ms() >= deadline) return fail_system("rmdir " + dir);
    sleep_ms(delay_ms);
    if (delay_ms < 20) delay_ms *= 2;
  }
}

std::vector<pid_t> parse_pid_list(std::string_view text) {
  std::vector<pid_t> pids;
  for (std::string_view line : split(text, '\n')) {
    line = trim(line);
    if (line.empty()) continue;
    if (auto value = parse_u64(line)) pids.push_back(static_cast<pid_t>(*value));
  }
  return pids;
}

int64_t monotonic_ms() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

void sleep_ms(int ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

}  // namespace berth::cgroup
