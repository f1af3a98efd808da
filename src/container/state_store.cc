#include "container/state_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "base/files.h"
#include "base/scope_guard.h"
#include "base/strings.h"
#include "spec/validate.h"

namespace berth::container {
namespace {

constexpr const char* kStateFile = "state.json";
constexpr const char* kCreatingStateFile = "creating.json";

// Removes a directory's entries (no recursion needed: the state directory is flat) and itself.
// It takes the directory's descriptor rather than a new one (a create that failed because
// descriptors ran out must still clean up) and closes it last, so the lock is held to the end.
Result<> remove_flat_directory(UniqueFd dir_fd, const std::string& path) {
  DIR* dir = ::fdopendir(dir_fd.get());
  if (!dir) return fail_system("open " + quoted(path));
  dir_fd.release();  // closedir closes it
  ScopeGuard close_dir([&] { ::closedir(dir); });
  ::rewinddir(dir);
  while (struct dirent* entry = ::readdir(dir)) {
    std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    if (::unlinkat(::dirfd(dir), entry->d_name, 0) != 0 && errno != ENOENT) {
      return fail_system("remove " + quoted(join_path(path, name)));
    }
  }
  if (::rmdir(path.c_str()) != 0 && errno != ENOENT) return fail_system("remove " + quoted(path));
  return {};
}

uint64_t fnv1a(std::string_view data, uint64_t seed) {
  uint64_t hash = seed;
  for (unsigned char c : data) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

constexpr size_t kLongestPlainName = 200;

}  // namespace

std::string storage_name(std::string_view id) {
  if (id.size() <= kLongestPlainName) return std::string(id);
  char hash[40];
  snprintf(hash, sizeof hash, "%016llx%016llx",
           static_cast<unsigned long long>(fnv1a(id, 14695981039346656037ULL)),
           static_cast<unsigned long long>(fnv1a(id, 0x9e3779b97f4a7c15ULL)));
  return std::string(id.substr(0, 120)) + "~" + hash;
}

Result<> ContainerDir::lock_exclusive() {
  while (::flock(dir_fd_.get(), LOCK_EX) != 0) {
    if (errno != EINTR) return fail_system("lock " + quoted(path_));
  }
  // Whoever held the lock may have deleted the container meanwhile (and another create may
  // have claimed the name again): this directory is then gone, and no longer ours to change.
  if (removed()) {
    unlock();
    return fail(Error(ENOENT, "container " + quoted(id_) + " does not exist"));
  }
  return {};
}

bool ContainerDir::removed() const {
  struct stat st;
  return ::fstat(dir_fd_.get(), &st) == 0 && st.st_nlink == 0;
}

bool ContainerDir::try_lock_exclusive(int timeout_ms) {
  for (int waited = 0;; waited += 10) {
    if (::flock(dir_fd_.get(), LOCK_EX | LOCK_NB) == 0) return true;
    if ((errno != EWOULDBLOCK && errno != EINTR) || waited >= timeout_ms) return false;
    struct timespec pause = {0, 10 * 1000 * 1000};
    ::nanosleep(&pause, nullptr);
  }
}

void ContainerDir::unlock() { ::flock(dir_fd_.get(), LOCK_UN); }

bool ContainerDir::locked_by_another() const {
  // A fresh open file description: flock would succeed on our own if we held the lock.
  int fd = ::open(path_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  bool busy = ::flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  ::close(fd);
  return busy;
}

Result<spec::ContainerRecord> ContainerDir::read_record() const {
  const char* name = kStateFile;
  auto text = read_file_at(dir_fd_.get(), name);
  if (!text && text.error().errnum() == ENOENT) {
    name = kCreatingStateFile;
    text = read_file_at(dir_fd_.get(), name);
  }
  if (!text) {
    if (text.error().errnum() == ENOENT && removed()) {
      return fail(Error(ENOENT, "container " + quoted(id_) + " does not exist"));
    }
    if (text.error().errnum() == ENOENT && locked_by_another()) {
      return fail_invalid("container " + quoted(id_) + " is being created");
    }
    if (text.error().errnum() == ENOENT) {
      return fail(Error(ENOENT, "container " + quoted(id_) + " has no state (its creation did not finish)"));
    }
    return fail(std::move(text.error()));
  }
  auto record = spec::record_from_json(*text);
  if (!record) return fail(std::move(record.error()).with_context(join_path(path_, name)));
  return record;
}

Result<> ContainerDir::write_creating_record(const spec::ContainerRecord& record) {
  // Renamed into place: `state`, `list` and `kill` read it without the lock.
  return write_file_atomic(join_path(path_, kCreatingStateFile), spec::record_to_json(record), 0600);
}

Result<> ContainerDir::write_record(const spec::ContainerRecord& record) {
  BERTH_TRY(write_file_atomic(join_path(path_, kStateFile), spec::record_to_json(record), 0600));
  if (::unlinkat(dir_fd_.get(), kCreatingStateFile, 0) != 0 && errno != ENOENT) {
    return fail_system("remove " + quoted(join_path(path_, kCreatingStateFile)));
  }
  return {};
}

bool ContainerDir::exec_fifo_exists() const {
  struct stat st;
  return ::fstatat(dir_fd_.get(), "exec.fifo", &st, AT_SYMLINK_NOFOLLOW) == 0;
}

Result<> ContainerDir::remove() {
  if (!dir_fd_.valid()) return {};  // removed already
  return remove_flat_directory(std::move(dir_fd_), path_);
}

Result<> StateStore::ensure_root() const {
  std::string partial;
  for (std::string_view part : split(root_, '/')) {
    if (part.empty()) continue;
    partial.append("/").append(part);
    if (::mkdir(partial.c_str(), 0711) != 0 && errno != EEXIST) {
      return fail_system("create the state directory " + quoted(partial));
    }
  }
  return {};
}

Result<ContainerDir> StateStore::create(const std::string& id) {
  BERTH_TRY(spec::validate_container_id(id));
  BERTH_TRY(ensure_root());
  std::string name = storage_name(id);
  std::string path = join_path(root_, name);
  // The directory is made and locked under a hidden name, then renamed into place (never over
  // another): whoever finds it under its name finds it locked. (A `delete` that came between a
  // plain mkdir and the lock would take it for the remains of a dead create and remove it.)
  std::string staging = join_path(root_, "." + name + "." + std::to_string(::getpid()));
  if (::mkdir(staging.c_str(), 0700) != 0) return fail_system("create " + quoted(path));
  auto fd = open_file(staging, O_RDONLY | O_DIRECTORY);
  if (!fd) {
    ::rmdir(staging.c_str());
    return fail(std::move(fd.error()));
  }
  ContainerDir dir(id, path, std::move(*fd));
  if (auto locked = dir.lock_exclusive(); !locked) {
    ::rmdir(staging.c_str());
    return fail(std::move(locked.error()));
  }
  if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) != 0) {
    int err = errno;
    ::rmdir(staging.c_str());
    if (err == EEXIST) return fail(Error(EEXIST, "container " + quoted(id) + " already exists"));
    return fail_system("create " + quoted(path), err);
  }
  return dir;
}

Result<ContainerDir> StateStore::open(const std::string& id) const {
  BERTH_TRY(spec::validate_container_id(id));
  return open_directory(id, storage_name(id));
}

Result<ContainerDir> StateStore::open_directory(const std::string& id, const std::string& name) const {
  std::string path = join_path(root_, name);
  auto fd = open_file(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  if (!fd) {
    if (fd.error().errnum() == ENOENT) return fail(Error(ENOENT, "container " + quoted(id) + " does not exist"));
    return fail(std::move(fd.error()));
  }
  return ContainerDir(id, path, std::move(*fd));
}

Result<std::vector<ContainerDir>> StateStore::list() const {
  std::vector<std::string> names;
  DIR* dir = ::opendir(root_.c_str());
  if (!dir) {
    if (errno == ENOENT) return std::vector<ContainerDir>{};
    return fail_system("read the state directory " + quoted(root_));
  }
  while (struct dirent* entry = ::readdir(dir)) {
    std::string name = entry->d_name;
    // (hidden: a create's directory before it is renamed into place)
    if (name.starts_with(".") || entry->d_type != DT_DIR) continue;
    names.push_back(std::move(name));
  }
  ::closedir(dir);
  std::sort(names.begin(), names.end());
  std::vector<ContainerDir> dirs;
  for (const auto& name : names) {
    // The id of a long-named directory is in its record; the name stands in until it is read.
    if (auto opened = open_directory(name, name)) dirs.push_back(std::move(*opened));
  }
  return dirs;
}

}  // namespace berth::container
