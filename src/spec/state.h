// The container record kept in <root>/<id>/state.json, and the OCI state document derived from it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/error.h"

namespace berth::spec {

enum class Status { creating, created, running, paused, stopped };
const char* status_name(Status status);

struct ContainerRecord {
  std::string oci_version;
  std::string id;
  int pid = 0;                  // 0 while creating, before the init exists
  uint64_t pid_start_time = 0;  // /proc/<pid>/stat field 22, guards against pid reuse
  std::string bundle;           // absolute
  std::string rootfs;           // absolute
  std::string created;          // RFC 3339, UTC
  std::string owner;            // user name of the creator, "" for root as runc prints it
  std::map<std::string, std::string> annotations;
  // Where the cgroup driver put the container: hierarchy mount point -> absolute cgroup directory.
  std::map<std::string, std::string> cgroup_paths;
  // cgroup directories the runtime created (container's own and parents), removed on delete.
  std::vector<std::string> created_cgroups;
  // True from the first write until the init reported ready: a record still marked creating
  // whose creator is gone (its lock is free) is a failed create, reported as stopped.
  bool creating = false;
};

// state.json text (compact, one line) and back.
std::string record_to_json(const ContainerRecord& record);
Result<ContainerRecord> record_from_json(std::string_view text);

// The OCI state document as `state` prints it (pretty) and as hooks read it on stdin (compact).
// Members and order are runc's; no trailing newline (runc prints none either).
std::string oci_state_json(const ContainerRecord& record, Status status, bool pretty);

}  // namespace berth::spec
