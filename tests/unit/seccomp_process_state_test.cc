// The container process state sent with the seccomp listener fd (config-linux.md).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "spec/container_process_state.h"

namespace berth::spec {
namespace {

using json = nlohmann::json;

ContainerRecord record() {
  ContainerRecord record;
  record.oci_version = "1.0.2";
  record.id = "oci-container1";
  record.pid = 4422;
  record.bundle = "/containers/redis";
  record.rootfs = "/containers/redis/rootfs";
  record.created = "2024-01-01T00:00:00Z";
  record.annotations = {{"myKey", "myValue"}};
  return record;
}

TEST(ContainerProcessState, TheSpecExample) {
  std::string text = container_process_state_json(
      record(), Status::creating, "MKNOD=/dev/null,/dev/net/tun;BPF_MAP_TYPES=hash,array");
  json expected = json::parse(R"({
    "ociVersion": "1.2.0",
    "fds": ["seccompFd"],
    "pid": 4422,
    "metadata": "MKNOD=/dev/null,/dev/net/tun;BPF_MAP_TYPES=hash,array",
    "state": {
      "ociVersion": "1.0.2",
      "id": "oci-container1",
      "status": "creating",
      "pid": 4422,
      "bundle": "/containers/redis",
      "annotations": {"myKey": "myValue"}
    }
  })");
  EXPECT_EQ(json::parse(text), expected);
  EXPECT_EQ(text.find('\n'), std::string::npos);
  EXPECT_TRUE(
      text.starts_with(R"({"ociVersion":"1.2.0","fds":["seccompFd"],"pid":4422,"metadata":)"))
      << text;
}

TEST(ContainerProcessState, EmptyMembersAreLeftOut) {
  ContainerRecord without = record();
  without.annotations.clear();
  json document = json::parse(container_process_state_json(without, Status::created, ""));
  EXPECT_FALSE(document.contains("metadata"));
  EXPECT_FALSE(document["state"].contains("annotations"));
  EXPECT_FALSE(document["state"].contains("rootfs"));  // the spec's state, not `state`'s output
  EXPECT_EQ(document["state"]["status"], "created");
}

TEST(ContainerProcessState, NotUtf8IsReplacedNotThrown) {
  ContainerRecord odd = record();
  odd.bundle = "/bundles/\xff";
  json document = json::parse(container_process_state_json(odd, Status::creating, ""));
  EXPECT_EQ(document["state"]["bundle"], "/bundles/\xef\xbf\xbd");
}

}  // namespace
}  // namespace berth::spec
