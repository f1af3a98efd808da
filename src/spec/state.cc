#include "spec/state.h"

#include "spec/json_reader.h"

namespace berth::spec {
namespace {

using ordered_json = nlohmann::ordered_json;

// Paths and names may hold bytes that are not UTF-8; write them with U+FFFD instead of throwing.
std::string dump(const ordered_json& document, int indent) {
  return document.dump(indent, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace

const char* status_name(Status status) {
  switch (status) {
    case Status::creating:
      return "creating";
    case Status::created:
      return "created";
    case Status::running:
      return "running";
    case Status::paused:
      return "paused";
    case Status::stopped:
      return "stopped";
  }
  return "unknown";
}

std::string record_to_json(const ContainerRecord& record) {
  ordered_json document = {
      {"ociVersion", record.oci_version},
      {"id", record.id},
      {"pid", record.pid},
      {"pidStartTime", record.pid_start_time},
      {"bundle", record.bundle},
      {"rootfs", record.rootfs},
      {"created", record.created},
      {"owner", record.owner},
      {"annotations", record.annotations},
      {"cgroupPaths", record.cgroup_paths},
      {"createdCgroups", record.created_cgroups},
      {"creating", record.creating},
  };
  return dump(document, -1);
}

Result<ContainerRecord> record_from_json(std::string_view text) {
  using json_reader::ObjectReader;
  nlohmann::json document = BERTH_TRY(json_reader::parse_json(text));
  auto object = BERTH_TRY(ObjectReader::open(json_reader::Value{&document, ""}));
  ContainerRecord record;
  BERTH_TRY(object.optional("ociVersion", record.oci_version));
  BERTH_TRY(object.required("id", record.id));
  BERTH_TRY(object.optional("pid", record.pid));
  BERTH_TRY(object.optional("pidStartTime", record.pid_start_time));
  BERTH_TRY(object.optional("bundle", record.bundle));
  BERTH_TRY(object.optional("rootfs", record.rootfs));
  BERTH_TRY(object.optional("created", record.created));
  BERTH_TRY(object.optional("owner", record.owner));
  BERTH_TRY(object.optional("annotations", record.annotations));
  BERTH_TRY(object.optional("cgroupPaths", record.cgroup_paths));
  BERTH_TRY(object.optional("createdCgroups", record.created_cgroups));
  BERTH_TRY(object.optional("creating", record.creating));
  return record;
}

// The members and order of runc's `state` output; like runc, pid is 0 once the container has
// stopped and annotations are left out when there are none.
std::string oci_state_json(const ContainerRecord& record, Status status, bool pretty) {
  ordered_json document = {
      {"ociVersion", record.oci_version},
      {"id", record.id},
      {"pid", status == Status::stopped ? 0 : record.pid},
      {"status", status_name(status)},
      {"bundle", record.bundle},
      {"rootfs", record.rootfs},
      {"created", record.created},
  };
  if (!record.annotations.empty()) document["annotations"] = record.annotations;
  document["owner"] = record.owner;
  return dump(document, pretty ? 2 : -1);
}

}  // namespace berth::spec
