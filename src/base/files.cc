#include "base/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vector>

namespace berth {

Result<UniqueFd> open_file(const std::string& path, int flags, int mode) {
  return open_file_at(AT_FDCWD, path, flags, mode);
}

Result<UniqueFd> open_file_at(int dirfd, const std::string& path, int flags, int mode) {
  int fd;
  do {
    fd = ::openat(dirfd, path.c_str(), flags | O_CLOEXEC, mode);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return fail_system("open \"" + path + "\"");
  return UniqueFd(fd);
}

Result<size_t> read_some(int fd, void* buf, size_t len) {
  for (;;) {
    ssize_t n = ::read(fd, buf, len);
    if (n >= 0) return static_cast<size_t>(n);
    if (errno != EINTR) return fail_system("read");
  }
}

Result<std::string> read_fd(int fd) {
  std::string out;
  char buf[4096];
  for (;;) {
    size_t n = BERTH_TRY(read_some(fd, buf, sizeof buf));
    if (n == 0) break;
    out.append(buf, n);
  }
  return out;
}

Result<std::string> read_file(const std::string& path) { return read_file_at(AT_FDCWD, path); }

Result<std::string> read_file_at(int dirfd, const std::string& path) {
  UniqueFd fd = BERTH_TRY(open_file_at(dirfd, path, O_RDONLY));
  auto data = read_fd(fd.get());
  if (!data) return fail(std::move(data.error()).with_context("\"" + path + "\""));
  return data;
}

Result<> write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail_system("write");
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

Result<> write_file(const std::string& path, std::string_view data) {
  return write_file_at(AT_FDCWD, path, data);
}

Result<> write_file_at(int dirfd, const std::string& path, std::string_view data) {
  UniqueFd fd = BERTH_TRY(open_file_at(dirfd, path, O_WRONLY | O_TRUNC));
  auto written = write_all(fd.get(), data);
  if (!written) {
    return fail_system("write \"" + std::string(data.substr(0, 64)) + "\" to \"" + path + "\"",
                       written.error().errnum());
  }
  return {};
}

Result<> write_new_file(const std::string& path, std::string_view data, int mode) {
  UniqueFd fd = BERTH_TRY(open_file(path, O_WRONLY | O_CREAT | O_EXCL, mode));
  auto written = write_all(fd.get(), data);
  if (!written) return fail(std::move(written.error()).with_context("write \"" + path + "\""));
  return {};
}

Result<> write_file_atomic(const std::string& path, std::string_view data, int mode) {
  std::string tmp = path + ".tmp";
  {
    UniqueFd fd = BERTH_TRY(open_file(tmp, O_WRONLY | O_CREAT | O_TRUNC, mode));
    auto written = write_all(fd.get(), data);
    if (!written) {
      ::unlink(tmp.c_str());
      return fail(std::move(written.error()).with_context("write \"" + tmp + "\""));
    }
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return fail_system("rename \"" + tmp + "\" to \"" + path + "\"", err);
  }
  return {};
}

bool path_exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

std::string normalize_absolute_path(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = end + 1;
  }
  std::string out;
  for (auto part : parts) out.append("/").append(part);
  return out.empty() ? "/" : out;
}

std::string join_path(std::string_view a, std::string_view b) {
  std::string out(a);
  while (!b.empty() && b.front() == '/') b.remove_prefix(1);
  if (out.empty()) return "/" + std::string(b);
  if (out.back() != '/') out.push_back('/');
  out.append(b);
  return out;
}

}  // namespace berth
