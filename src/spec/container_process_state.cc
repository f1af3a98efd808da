#include "spec/container_process_state.h"

#include <nlohmann/json.hpp>

#include "spec/spec.h"

namespace berth::spec {

std::string container_process_state_json(const ContainerRecord& record, Status status,
                                         std::string_view listener_metadata) {
  using ordered_json = nlohmann::ordered_json;
  ordered_json state = {
      {"ociVersion", record.oci_version},
      {"id", record.id},
      {"status", status_name(status)},
  };
  if (record.pid != 0) state["pid"] = record.pid;
  state["bundle"] = record.bundle;
  if (!record.annotations.empty()) state["annotations"] = record.annotations;

  ordered_json document = {
      {"ociVersion", kSpecVersion},
      {"fds", {"seccompFd"}},
      {"pid", record.pid},
  };
  if (!listener_metadata.empty()) document["metadata"] = listener_metadata;
  document["state"] = std::move(state);
  // Paths may hold bytes that are not UTF-8: U+FFFD instead of an exception.
  return document.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace berth::spec
