// The runtime's state directory: <root>/<id>/ holds state.json, a copy of config.json and the
// exec fifo. Creating the directory is how an id is claimed (it is renamed into place, locked,
// with RENAME_NOREPLACE: of two concurrent creates exactly one wins); flock(2) on it serializes
// commands on one container.
#pragma once

#include <string>
#include <vector>

#include "base/error.h"
#include "base/unique_fd.h"
#include "spec/state.h"

namespace berth::container {

class ContainerDir {
 public:
  ContainerDir(std::string id, std::string path, UniqueFd dir_fd)
      : id_(std::move(id)), path_(std::move(path)), dir_fd_(std::move(dir_fd)) {}

  const std::string& id() const { return id_; }
  const std::string& path() const { return path_; }
  std::string exec_fifo_path() const { return path_ + "/exec.fifo"; }
  std::string config_copy_path() const { return path_ + "/config.json"; }

  // flock(2) on the directory; exclusive for changes. `container "x" does not exist` when the
  // directory was removed while this waited for the lock.
  Result<> lock_exclusive();
  // lock_exclusive that gives up after about `timeout_ms` (false), for a process that already
  // holds another container's lock and must not wait on one another.
  bool try_lock_exclusive(int timeout_ms);
  // Releases the lock (a foreground `run` must not hold it while the container runs).
  void unlock();
  // True when another process holds the lock right now (a create or delete in progress).
  bool locked_by_another() const;

  // The record: state.json, or while the container is being created, creating.json.
  Result<spec::ContainerRecord> read_record() const;
  // During create, once: the record that lets `delete --force` clean up after a create that died.
  Result<> write_creating_record(const spec::ContainerRecord& record);
  // The finished record (state.json), replacing the creating one. Neither write renames over an
  // existing file, which ext4 would follow with a data flush on every container start.
  Result<> write_record(const spec::ContainerRecord& record);
  bool exec_fifo_exists() const;

  // Removes the directory and everything in it, and closes it (releasing the lock).
  Result<> remove();

 private:
  // The directory was removed (by whoever held the lock before us).
  bool removed() const;

  std::string id_;
  std::string path_;
  UniqueFd dir_fd_;
};

// The directory (and cgroup) name of a container: the id itself, or for ids too long to be a file
// name (ids may have up to 1024 characters, names 255), a prefix of it and a hash of the whole.
std::string storage_name(std::string_view id);

class StateStore {
 public:
  explicit StateStore(std::string root) : root_(std::move(root)) {}
  const std::string& root() const { return root_; }

  // Claims `id`: `container "x" already exists` when another has it. The new directory is locked.
  Result<ContainerDir> create(const std::string& id);
  // `container "x" does not exist` when there is none.
  Result<ContainerDir> open(const std::string& id) const;
  // Every container directory, sorted by name.
  Result<std::vector<ContainerDir>> list() const;

 private:
  Result<> ensure_root() const;
  Result<ContainerDir> open_directory(const std::string& id, const std::string& name) const;
  std::string root_;
};

}  // namespace berth::container
