#include "spec/state.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "result_assertions.h"

namespace berth::spec {
namespace {

using json = nlohmann::json;

ContainerRecord sample_record() {
  ContainerRecord record;
  record.oci_version = "1.2.0";
  record.id = "web";
  record.pid = 4242;
  record.pid_start_time = 987654321;
  record.bundle = "/srv/bundles/web";
  record.rootfs = "/srv/bundles/web/rootfs";
  record.created = "2026-01-02T03:04:05.123456789Z";
  record.owner = "";
  record.annotations = {{"org.example.tier", "front"}};
  record.cgroup_paths = {{"/sys/fs/cgroup/memory", "/sys/fs/cgroup/memory/berth/web"},
                         {"/sys/fs/cgroup/unified", "/sys/fs/cgroup/unified/berth/web"}};
  record.created_cgroups = {"/sys/fs/cgroup/memory/berth/web", "/sys/fs/cgroup/memory/berth"};
  return record;
}

void expect_same(const ContainerRecord& a, const ContainerRecord& b) {
  EXPECT_EQ(a.oci_version, b.oci_version);
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.pid, b.pid);
  EXPECT_EQ(a.pid_start_time, b.pid_start_time);
  EXPECT_EQ(a.bundle, b.bundle);
  EXPECT_EQ(a.rootfs, b.rootfs);
  EXPECT_EQ(a.created, b.created);
  EXPECT_EQ(a.owner, b.owner);
  EXPECT_EQ(a.annotations, b.annotations);
  EXPECT_EQ(a.cgroup_paths, b.cgroup_paths);
  EXPECT_EQ(a.created_cgroups, b.created_cgroups);
}

TEST(StatusName, AllStatuses) {
  EXPECT_STREQ(status_name(Status::creating), "creating");
  EXPECT_STREQ(status_name(Status::created), "created");
  EXPECT_STREQ(status_name(Status::running), "running");
  EXPECT_STREQ(status_name(Status::paused), "paused");
  EXPECT_STREQ(status_name(Status::stopped), "stopped");
}

TEST(ContainerRecord, RoundTrip) {
  ContainerRecord record = sample_record();
  std::string text = record_to_json(record);
  EXPECT_EQ(text.find('\n'), std::string::npos) << "state.json is one line";
  auto loaded = record_from_json(text);
  ASSERT_TRUE(Succeeds(loaded));
  expect_same(*loaded, record);
}

TEST(ContainerRecord, RoundTripOfEmptyCollections) {
  ContainerRecord record;
  record.id = "x";
  auto loaded = record_from_json(record_to_json(record));
  ASSERT_TRUE(Succeeds(loaded));
  expect_same(*loaded, record);
}

TEST(ContainerRecord, UnknownMembersAreIgnored) {
  auto loaded = record_from_json(R"({"id": "web", "pid": 7, "writtenBy": "berth 9.0"})");
  ASSERT_TRUE(Succeeds(loaded));
  EXPECT_EQ(loaded->id, "web");
  EXPECT_EQ(loaded->pid, 7);
}

TEST(ContainerRecord, ErrorsNameTheField) {
  EXPECT_TRUE(FailsWith(record_from_json(R"({"pid": 1})"), "id: missing"));
  EXPECT_TRUE(FailsWith(record_from_json(R"({"id": "a", "pid": "1"})"),
                        "pid: expected a 32-bit integer, got string"));
  EXPECT_TRUE(FailsWith(record_from_json(R"({"id": "a", "pidStartTime": -5})"),
                        "pidStartTime: expected an unsigned 64-bit integer, got -5"));
  EXPECT_TRUE(FailsWith(record_from_json(R"({"id": "a", "cgroupPaths": {"memory": 1}})"),
                        "cgroupPaths[\"memory\"]: expected a string, got number"));
  EXPECT_TRUE(FailsWith(record_from_json(R"({"id": "a", "createdCgroups": "/x"})"),
                        "createdCgroups: expected an array, got string"));
  EXPECT_TRUE(FailsWith(record_from_json("{\"id\": "), "invalid JSON: "));
}

TEST(ContainerRecord, NonUtf8PathsAreWrittenWithoutThrowing) {
  ContainerRecord record = sample_record();
  record.bundle = "/srv/\xff";
  auto loaded = record_from_json(record_to_json(record));
  ASSERT_TRUE(Succeeds(loaded));
  EXPECT_EQ(loaded->bundle, "/srv/\xEF\xBF\xBD");
}

TEST(OciState, MembersInRuncsOrder) {
  std::string text = oci_state_json(sample_record(), Status::running, /*pretty=*/true);
  EXPECT_EQ(text,
            "{\n"
            "  \"ociVersion\": \"1.2.0\",\n"
            "  \"id\": \"web\",\n"
            "  \"pid\": 4242,\n"
            "  \"status\": \"running\",\n"
            "  \"bundle\": \"/srv/bundles/web\",\n"
            "  \"rootfs\": \"/srv/bundles/web/rootfs\",\n"
            "  \"created\": \"2026-01-02T03:04:05.123456789Z\",\n"
            "  \"annotations\": {\n"
            "    \"org.example.tier\": \"front\"\n"
            "  },\n"
            "  \"owner\": \"\"\n"
            "}");
}

TEST(OciState, PidIsZeroWhenStopped) {
  json state = json::parse(oci_state_json(sample_record(), Status::stopped, false));
  EXPECT_EQ(state["pid"], 0);
  EXPECT_EQ(state["status"], "stopped");
}

TEST(OciState, AnnotationsAreOmittedWhenEmpty) {
  ContainerRecord record = sample_record();
  record.annotations.clear();
  json state = json::parse(oci_state_json(record, Status::created, false));
  EXPECT_FALSE(state.contains("annotations"));
  EXPECT_EQ(state["pid"], 4242);
  EXPECT_EQ(state["owner"], "");
}

TEST(OciState, CompactIsOneLine) {
  std::string text = oci_state_json(sample_record(), Status::creating, false);
  EXPECT_EQ(text.find('\n'), std::string::npos);
  EXPECT_TRUE(
      text.starts_with(R"({"ociVersion":"1.2.0","id":"web","pid":4242,"status":"creating",)"))
      << text;
}

}  // namespace
}  // namespace berth::spec
