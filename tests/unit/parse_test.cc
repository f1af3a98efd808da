#include "spec/parse.h"

#include <gtest/gtest.h>

#include "result_assertions.h"

namespace berth::spec {
namespace {

// Every member of config.json (runtime-spec v1.2, Linux), each with a value that is not its
// default.
constexpr std::string_view kFullConfig = R"json({
  "ociVersion": "1.2.0",
  "root": {"path": "rootfs", "readonly": true},
  "mounts": [
    {"destination": "/data", "type": "none", "source": "/srv/data", "options": ["rbind", "ro"],
     "uidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}],
     "gidMappings": [{"containerID": 1, "hostID": 200000, "size": 10}]},
    {"destination": "/tmp"}
  ],
  "process": {
    "terminal": true,
    "consoleSize": {"height": 24, "width": 80},
    "user": {"uid": 1000, "gid": 1001, "umask": 18, "additionalGids": [5, 6], "username": "app"},
    "args": ["sh", "-c", "true"],
    "env": ["PATH=/bin", "TERM=xterm"],
    "cwd": "/home/app",
    "capabilities": {
      "bounding": ["CAP_KILL"], "effective": ["CAP_CHOWN"], "inheritable": ["CAP_FOWNER"],
      "permitted": ["CAP_SETUID"], "ambient": ["CAP_NET_RAW"]
    },
    "rlimits": [{"type": "RLIMIT_NOFILE", "soft": 1024, "hard": 4096}],
    "noNewPrivileges": true,
    "apparmorProfile": "berth-default",
    "oomScoreAdj": -500,
    "selinuxLabel": "system_u:system_r:container_t:s0",
    "ioPriority": {"class": "IOPRIO_CLASS_BE", "priority": 4},
    "scheduler": {"policy": "SCHED_DEADLINE", "nice": 3, "priority": 7,
                  "flags": ["SCHED_FLAG_RESET_ON_FORK"],
                  "runtime": 10, "deadline": 20, "period": 30},
    "execCPUAffinity": {"initial": "0-1", "final": "2"}
  },
  "hostname": "web",
  "domainname": "example.org",
  "hooks": {
    "prestart": [{"path": "/bin/pre"}],
    "createRuntime": [{"path": "/bin/hook", "args": ["hook", "create"], "env": ["A=1"],
                       "timeout": 5}],
    "createContainer": [{"path": "/bin/cc"}],
    "startContainer": [{"path": "/bin/sc"}],
    "poststart": [{"path": "/bin/ps"}],
    "poststop": [{"path": "/bin/pstop"}, {"path": "/bin/pstop2"}]
  },
  "annotations": {"org.example.key": "value"},
  "linux": {
    "namespaces": [
      {"type": "pid"}, {"type": "network", "path": "/var/run/netns/web"}, {"type": "mount"},
      {"type": "ipc"}, {"type": "uts"}, {"type": "user"}, {"type": "cgroup"}, {"type": "time"}
    ],
    "uidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}],
    "gidMappings": [{"containerID": 0, "hostID": 200000, "size": 1000}],
    "timeOffsets": {"monotonic": {"secs": -10, "nanosecs": 500}, "boottime": {"secs": 3600}},
    "devices": [
      {"type": "c", "path": "/dev/fuse", "major": 10, "minor": 229, "fileMode": 438,
       "uid": 0, "gid": 5}
    ],
    "cgroupsPath": "/berth/web",
    "resources": {
      "devices": [{"allow": false, "access": "rwm"},
                  {"allow": true, "type": "c", "major": 10, "minor": 229, "access": "rw"}],
      "memory": {"limit": 536870912, "reservation": 268435456, "swap": -1, "kernel": 1024,
                 "kernelTCP": 2048, "swappiness": 60, "disableOOMKiller": true,
                 "useHierarchy": false, "checkBeforeUpdate": true},
      "cpu": {"shares": 512, "quota": 50000, "burst": 1000, "period": 100000,
              "realtimeRuntime": 950000, "realtimePeriod": 1000000, "cpus": "0-3",
              "mems": "0", "idle": 1},
      "pids": {"limit": 100},
      "blockIO": {
        "weight": 500, "leafWeight": 300,
        "weightDevice": [{"major": 8, "minor": 0, "weight": 600, "leafWeight": 200}],
        "throttleReadBpsDevice": [{"major": 8, "minor": 0, "rate": 1048576}],
        "throttleWriteBpsDevice": [{"major": 8, "minor": 16, "rate": 2097152}],
        "throttleReadIOPSDevice": [{"major": 8, "minor": 32, "rate": 100}],
        "throttleWriteIOPSDevice": [{"major": 8, "minor": 48, "rate": 200}]
      },
      "hugepageLimits": [{"pageSize": "2MB", "limit": 209715200}],
      "network": {"classID": 1048577, "priorities": [{"name": "eth0", "priority": 500}]},
      "rdma": {"mlx5_1": {"hcaHandles": 3, "hcaObjects": 10000}},
      "unified": {"memory.high": "1073741824"}
    },
    "intelRdt": {"closID": "guaranteed", "l3CacheSchema": "L3:0=7f0", "memBwSchema": "MB:0=20",
                 "enableCMT": true, "enableMBM": true},
    "sysctl": {"net.ipv4.ip_forward": "1"},
    "seccomp": {
      "defaultAction": "SCMP_ACT_ERRNO",
      "defaultErrnoRet": 1,
      "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
      "flags": ["SECCOMP_FILTER_FLAG_LOG"],
      "listenerPath": "/run/seccomp.sock",
      "listenerMetadata": "meta",
      "syscalls": [
        {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
        {"names": ["personality"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38,
         "args": [{"index": 0, "value": 8, "valueTwo": 9, "op": "SCMP_CMP_MASKED_EQ"}]}
      ]
    },
    "rootfsPropagation": "rslave",
    "maskedPaths": ["/proc/kcore"],
    "readonlyPaths": ["/proc/sys"],
    "mountLabel": "system_u:object_r:container_file_t:s0",
    "personality": {"domain": "LINUX32", "flags": []}
  }
})json";

Spec parse_full_config() {
  auto spec = parse_config(kFullConfig);
  EXPECT_TRUE(Succeeds(spec));
  return spec.value_or(Spec{});
}

TEST(ParseConfig, TopLevelMembers) {
  Spec spec = parse_full_config();
  EXPECT_EQ(spec.oci_version, "1.2.0");
  ASSERT_TRUE(spec.root);
  EXPECT_EQ(spec.root->path, "rootfs");
  EXPECT_TRUE(spec.root->readonly);
  EXPECT_EQ(spec.hostname, "web");
  EXPECT_EQ(spec.domainname, "example.org");
  EXPECT_EQ(spec.annotations, (std::map<std::string, std::string>{{"org.example.key", "value"}}));
}

TEST(ParseConfig, Mounts) {
  Spec spec = parse_full_config();
  ASSERT_EQ(spec.mounts.size(), 2u);
  const Mount& data = spec.mounts[0];
  EXPECT_EQ(data.destination, "/data");
  EXPECT_EQ(data.type, "none");
  EXPECT_EQ(data.source, "/srv/data");
  EXPECT_EQ(data.options, (std::vector<std::string>{"rbind", "ro"}));
  ASSERT_EQ(data.uid_mappings.size(), 1u);
  EXPECT_EQ(data.uid_mappings[0].container_id, 0u);
  EXPECT_EQ(data.uid_mappings[0].host_id, 100000u);
  EXPECT_EQ(data.uid_mappings[0].size, 65536u);
  ASSERT_EQ(data.gid_mappings.size(), 1u);
  EXPECT_EQ(data.gid_mappings[0].container_id, 1u);
  EXPECT_EQ(data.gid_mappings[0].host_id, 200000u);
  EXPECT_EQ(data.gid_mappings[0].size, 10u);
  const Mount& tmp = spec.mounts[1];
  EXPECT_EQ(tmp.destination, "/tmp");
  EXPECT_EQ(tmp.type, "");
  EXPECT_TRUE(tmp.options.empty());
}

TEST(ParseConfig, Process) {
  Spec spec = parse_full_config();
  ASSERT_TRUE(spec.process);
  const Process& process = *spec.process;
  EXPECT_TRUE(process.terminal);
  ASSERT_TRUE(process.console_size);
  EXPECT_EQ(process.console_size->height, 24u);
  EXPECT_EQ(process.console_size->width, 80u);
  EXPECT_EQ(process.user.uid, 1000u);
  EXPECT_EQ(process.user.gid, 1001u);
  EXPECT_EQ(process.user.umask, 18u);
  EXPECT_EQ(process.user.additional_gids, (std::vector<uint32_t>{5, 6}));
  EXPECT_EQ(process.user.username, "app");
  EXPECT_EQ(process.args, (std::vector<std::string>{"sh", "-c", "true"}));
  EXPECT_EQ(process.env, (std::vector<std::string>{"PATH=/bin", "TERM=xterm"}));
  EXPECT_EQ(process.cwd, "/home/app");
  EXPECT_TRUE(process.no_new_privileges);
  EXPECT_EQ(process.apparmor_profile, "berth-default");
  EXPECT_EQ(process.oom_score_adj, -500);
  EXPECT_EQ(process.selinux_label, "system_u:system_r:container_t:s0");
}

TEST(ParseConfig, ProcessCapabilitiesAndRlimits) {
  Spec spec = parse_full_config();
  const Process& process = *spec.process;
  ASSERT_TRUE(process.capabilities);
  EXPECT_EQ(process.capabilities->bounding, std::vector<std::string>{"CAP_KILL"});
  EXPECT_EQ(process.capabilities->effective, std::vector<std::string>{"CAP_CHOWN"});
  EXPECT_EQ(process.capabilities->inheritable, std::vector<std::string>{"CAP_FOWNER"});
  EXPECT_EQ(process.capabilities->permitted, std::vector<std::string>{"CAP_SETUID"});
  EXPECT_EQ(process.capabilities->ambient, std::vector<std::string>{"CAP_NET_RAW"});
  ASSERT_EQ(process.rlimits.size(), 1u);
  EXPECT_EQ(process.rlimits[0].type, "RLIMIT_NOFILE");
  EXPECT_EQ(process.rlimits[0].soft, 1024u);
  EXPECT_EQ(process.rlimits[0].hard, 4096u);
}

TEST(ParseConfig, ProcessSchedulingAndIo) {
  Spec spec = parse_full_config();
  const Process& process = *spec.process;
  ASSERT_TRUE(process.io_priority);
  EXPECT_EQ(process.io_priority->io_class, "IOPRIO_CLASS_BE");
  EXPECT_EQ(process.io_priority->priority, 4);
  ASSERT_TRUE(process.scheduler);
  EXPECT_EQ(process.scheduler->policy, "SCHED_DEADLINE");
  EXPECT_EQ(process.scheduler->nice, 3);
  EXPECT_EQ(process.scheduler->priority, 7);
  EXPECT_EQ(process.scheduler->flags, std::vector<std::string>{"SCHED_FLAG_RESET_ON_FORK"});
  EXPECT_EQ(process.scheduler->runtime, 10u);
  EXPECT_EQ(process.scheduler->deadline, 20u);
  EXPECT_EQ(process.scheduler->period, 30u);
  ASSERT_TRUE(process.exec_cpu_affinity);
  EXPECT_EQ(process.exec_cpu_affinity->initial, "0-1");
  EXPECT_EQ(process.exec_cpu_affinity->final, "2");
}

TEST(ParseConfig, Hooks) {
  Spec spec = parse_full_config();
  ASSERT_EQ(spec.hooks.create_runtime.size(), 1u);
  const Hook& hook = spec.hooks.create_runtime[0];
  EXPECT_EQ(hook.path, "/bin/hook");
  EXPECT_EQ(hook.args, (std::vector<std::string>{"hook", "create"}));
  EXPECT_EQ(hook.env, std::vector<std::string>{"A=1"});
  EXPECT_EQ(hook.timeout, 5);
  ASSERT_EQ(spec.hooks.prestart.size(), 1u);
  EXPECT_EQ(spec.hooks.prestart[0].path, "/bin/pre");
  EXPECT_FALSE(spec.hooks.prestart[0].timeout);
  ASSERT_EQ(spec.hooks.create_container.size(), 1u);
  EXPECT_EQ(spec.hooks.create_container[0].path, "/bin/cc");
  ASSERT_EQ(spec.hooks.start_container.size(), 1u);
  EXPECT_EQ(spec.hooks.start_container[0].path, "/bin/sc");
  ASSERT_EQ(spec.hooks.poststart.size(), 1u);
  EXPECT_EQ(spec.hooks.poststart[0].path, "/bin/ps");
  ASSERT_EQ(spec.hooks.poststop.size(), 2u);
  EXPECT_EQ(spec.hooks.poststop[1].path, "/bin/pstop2");
}

TEST(ParseConfig, LinuxNamespacesAndMappings) {
  Spec spec = parse_full_config();
  ASSERT_TRUE(spec.linux_config);
  const Linux& linux_config = *spec.linux_config;
  ASSERT_EQ(linux_config.namespaces.size(), 8u);
  const NamespaceType expected[] = {
      NamespaceType::pid, NamespaceType::network, NamespaceType::mount,  NamespaceType::ipc,
      NamespaceType::uts, NamespaceType::user,    NamespaceType::cgroup, NamespaceType::time};
  for (size_t i = 0; i < 8; ++i) EXPECT_EQ(linux_config.namespaces[i].type, expected[i]) << i;
  EXPECT_EQ(linux_config.namespaces[1].path, "/var/run/netns/web");
  EXPECT_EQ(linux_config.namespaces[0].path, "");
  ASSERT_EQ(linux_config.uid_mappings.size(), 1u);
  EXPECT_EQ(linux_config.uid_mappings[0].host_id, 100000u);
  EXPECT_EQ(linux_config.uid_mappings[0].size, 65536u);
  ASSERT_EQ(linux_config.gid_mappings.size(), 1u);
  EXPECT_EQ(linux_config.gid_mappings[0].host_id, 200000u);
  EXPECT_EQ(linux_config.gid_mappings[0].size, 1000u);
  ASSERT_EQ(linux_config.time_offsets.size(), 2u);
  EXPECT_EQ(linux_config.time_offsets.at("monotonic").secs, -10);
  EXPECT_EQ(linux_config.time_offsets.at("monotonic").nanosecs, 500u);
  EXPECT_EQ(linux_config.time_offsets.at("boottime").secs, 3600);
  EXPECT_EQ(linux_config.time_offsets.at("boottime").nanosecs, 0u);
}

TEST(ParseConfig, LinuxDevicesAndPaths) {
  Spec spec = parse_full_config();
  const Linux& linux_config = *spec.linux_config;
  ASSERT_EQ(linux_config.devices.size(), 1u);
  const Device& fuse = linux_config.devices[0];
  EXPECT_EQ(fuse.type, "c");
  EXPECT_EQ(fuse.path, "/dev/fuse");
  EXPECT_EQ(fuse.major, 10);
  EXPECT_EQ(fuse.minor, 229);
  EXPECT_EQ(fuse.file_mode, 0666u);
  EXPECT_EQ(fuse.uid, 0u);
  EXPECT_EQ(fuse.gid, 5u);
  EXPECT_EQ(linux_config.cgroups_path, "/berth/web");
  EXPECT_EQ(linux_config.sysctl,
            (std::map<std::string, std::string>{{"net.ipv4.ip_forward", "1"}}));
  EXPECT_EQ(linux_config.rootfs_propagation, "rslave");
  EXPECT_EQ(linux_config.masked_paths, std::vector<std::string>{"/proc/kcore"});
  EXPECT_EQ(linux_config.readonly_paths, std::vector<std::string>{"/proc/sys"});
  EXPECT_EQ(linux_config.mount_label, "system_u:object_r:container_file_t:s0");
  ASSERT_TRUE(linux_config.personality);
  EXPECT_EQ(linux_config.personality->domain, "LINUX32");
  EXPECT_TRUE(linux_config.personality->flags.empty());
  ASSERT_TRUE(linux_config.intel_rdt);
  EXPECT_EQ(linux_config.intel_rdt->clos_id, "guaranteed");
  EXPECT_EQ(linux_config.intel_rdt->l3_cache_schema, "L3:0=7f0");
  EXPECT_EQ(linux_config.intel_rdt->mem_bw_schema, "MB:0=20");
  EXPECT_TRUE(linux_config.intel_rdt->enable_cmt);
  EXPECT_TRUE(linux_config.intel_rdt->enable_mbm);
}

TEST(ParseConfig, ResourcesDevicesMemoryCpuPids) {
  Spec spec = parse_full_config();
  const Resources& resources = *spec.linux_config->resources;
  ASSERT_EQ(resources.devices.size(), 2u);
  EXPECT_FALSE(resources.devices[0].allow);
  EXPECT_EQ(resources.devices[0].type, "");
  EXPECT_FALSE(resources.devices[0].major);
  EXPECT_EQ(resources.devices[0].access, "rwm");
  EXPECT_TRUE(resources.devices[1].allow);
  EXPECT_EQ(resources.devices[1].type, "c");
  EXPECT_EQ(resources.devices[1].major, 10);
  EXPECT_EQ(resources.devices[1].minor, 229);

  ASSERT_TRUE(resources.memory);
  const MemoryResources& memory = *resources.memory;
  EXPECT_EQ(memory.limit, 536870912);
  EXPECT_EQ(memory.reservation, 268435456);
  EXPECT_EQ(memory.swap, -1);
  EXPECT_EQ(memory.kernel, 1024);
  EXPECT_EQ(memory.kernel_tcp, 2048);
  EXPECT_EQ(memory.swappiness, 60u);
  EXPECT_EQ(memory.disable_oom_killer, true);
  EXPECT_EQ(memory.use_hierarchy, false);
  EXPECT_EQ(memory.check_before_update, true);

  ASSERT_TRUE(resources.cpu);
  const CpuResources& cpu = *resources.cpu;
  EXPECT_EQ(cpu.shares, 512u);
  EXPECT_EQ(cpu.quota, 50000);
  EXPECT_EQ(cpu.burst, 1000u);
  EXPECT_EQ(cpu.period, 100000u);
  EXPECT_EQ(cpu.realtime_runtime, 950000);
  EXPECT_EQ(cpu.realtime_period, 1000000u);
  EXPECT_EQ(cpu.cpus, "0-3");
  EXPECT_EQ(cpu.mems, "0");
  EXPECT_EQ(cpu.idle, 1);

  EXPECT_EQ(resources.pids_limit, 100);
}

TEST(ParseConfig, ResourcesBlockIo) {
  Spec spec = parse_full_config();
  const Resources& resources = *spec.linux_config->resources;
  ASSERT_TRUE(resources.block_io);
  const BlockIoResources& block_io = *resources.block_io;
  EXPECT_EQ(block_io.weight, 500);
  EXPECT_EQ(block_io.leaf_weight, 300);
  ASSERT_EQ(block_io.weight_device.size(), 1u);
  EXPECT_EQ(block_io.weight_device[0].major, 8);
  EXPECT_EQ(block_io.weight_device[0].minor, 0);
  EXPECT_EQ(block_io.weight_device[0].weight, 600);
  EXPECT_EQ(block_io.weight_device[0].leaf_weight, 200);
  ASSERT_EQ(block_io.throttle_read_bps_device.size(), 1u);
  EXPECT_EQ(block_io.throttle_read_bps_device[0].rate, 1048576u);
  ASSERT_EQ(block_io.throttle_write_bps_device.size(), 1u);
  EXPECT_EQ(block_io.throttle_write_bps_device[0].minor, 16);
  EXPECT_EQ(block_io.throttle_write_bps_device[0].rate, 2097152u);
  ASSERT_EQ(block_io.throttle_read_iops_device.size(), 1u);
  EXPECT_EQ(block_io.throttle_read_iops_device[0].minor, 32);
  EXPECT_EQ(block_io.throttle_read_iops_device[0].rate, 100u);
  ASSERT_EQ(block_io.throttle_write_iops_device.size(), 1u);
  EXPECT_EQ(block_io.throttle_write_iops_device[0].minor, 48);
  EXPECT_EQ(block_io.throttle_write_iops_device[0].rate, 200u);
}

TEST(ParseConfig, ResourcesHugepagesNetworkRdmaUnified) {
  Spec spec = parse_full_config();
  const Resources& resources = *spec.linux_config->resources;
  ASSERT_EQ(resources.hugepage_limits.size(), 1u);
  EXPECT_EQ(resources.hugepage_limits[0].page_size, "2MB");
  EXPECT_EQ(resources.hugepage_limits[0].limit, 209715200u);
  ASSERT_TRUE(resources.network);
  EXPECT_EQ(resources.network->class_id, 1048577u);
  ASSERT_EQ(resources.network->priorities.size(), 1u);
  EXPECT_EQ(resources.network->priorities[0].name, "eth0");
  EXPECT_EQ(resources.network->priorities[0].priority, 500u);
  ASSERT_EQ(resources.rdma.count("mlx5_1"), 1u);
  EXPECT_EQ(resources.rdma.at("mlx5_1").hca_handles, 3u);
  EXPECT_EQ(resources.rdma.at("mlx5_1").hca_objects, 10000u);
  EXPECT_EQ(resources.unified, (std::map<std::string, std::string>{{"memory.high", "1073741824"}}));
}

TEST(ParseConfig, Seccomp) {
  Spec spec = parse_full_config();
  const Linux& linux_config = *spec.linux_config;
  ASSERT_TRUE(linux_config.seccomp);
  const Seccomp& seccomp = *linux_config.seccomp;
  EXPECT_EQ(seccomp.default_action, "SCMP_ACT_ERRNO");
  EXPECT_EQ(seccomp.default_errno_ret, 1u);
  EXPECT_EQ(seccomp.architectures, (std::vector<std::string>{"SCMP_ARCH_X86_64", "SCMP_ARCH_X86"}));
  EXPECT_EQ(seccomp.flags, std::vector<std::string>{"SECCOMP_FILTER_FLAG_LOG"});
  EXPECT_EQ(seccomp.listener_path, "/run/seccomp.sock");
  EXPECT_EQ(seccomp.listener_metadata, "meta");
  ASSERT_EQ(seccomp.syscalls.size(), 2u);
  EXPECT_EQ(seccomp.syscalls[0].names, (std::vector<std::string>{"read", "write"}));
  EXPECT_EQ(seccomp.syscalls[0].action, "SCMP_ACT_ALLOW");
  EXPECT_FALSE(seccomp.syscalls[0].errno_ret);
  const SeccompSyscall& personality = seccomp.syscalls[1];
  EXPECT_EQ(personality.errno_ret, 38u);
  ASSERT_EQ(personality.args.size(), 1u);
  EXPECT_EQ(personality.args[0].index, 0u);
  EXPECT_EQ(personality.args[0].value, 8u);
  EXPECT_EQ(personality.args[0].value_two, 9u);
  EXPECT_EQ(personality.args[0].op, "SCMP_CMP_MASKED_EQ");
}

TEST(ParseConfig, AbsentMembersKeepDefaults) {
  auto spec = parse_config(R"({"ociVersion": "1.0.0"})");
  ASSERT_TRUE(Succeeds(spec));
  EXPECT_FALSE(spec->root);
  EXPECT_FALSE(spec->process);
  EXPECT_FALSE(spec->linux_config);
  EXPECT_TRUE(spec->mounts.empty());
}

TEST(ParseConfig, NullMembersAreAbsent) {
  auto spec = parse_config(R"({"ociVersion": "1.0.0", "process": null,
    "linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "architectures": null}}})");
  ASSERT_TRUE(Succeeds(spec));
  EXPECT_FALSE(spec->process);
  EXPECT_TRUE(spec->linux_config->seccomp->architectures.empty());
}

TEST(ParseConfig, UnknownMembersAreIgnored) {
  auto spec = parse_config(R"({"ociVersion": "1.2.0", "vendorExtension": {"a": [1, 2]},
    "process": {"cwd": "/", "commandLine": "ignored on Linux"},
    "linux": {"netDevices": {"eth0": {}}, "namespaces": [{"type": "pid", "extra": true}]},
    "windows": {"layerFolders": []}})");
  ASSERT_TRUE(Succeeds(spec));
  EXPECT_EQ(spec->process->cwd, "/");
  ASSERT_EQ(spec->linux_config->namespaces.size(), 1u);
}

struct TypeErrorCase {
  std::string_view json;
  std::string_view expected_error;
};

class ParseConfigTypeErrors : public testing::TestWithParam<TypeErrorCase> {};

TEST_P(ParseConfigTypeErrors, NameTheFieldPath) {
  EXPECT_TRUE(FailsWith(parse_config(GetParam().json), GetParam().expected_error));
}

INSTANTIATE_TEST_SUITE_P(
    Fields, ParseConfigTypeErrors,
    testing::Values(
        TypeErrorCase{R"({"ociVersion": 1})", "ociVersion: expected a string, got number"},
        TypeErrorCase{R"({"root": "rootfs"})", "root: expected an object, got string"},
        TypeErrorCase{R"({"root": {"readonly": true}})", "root.path: missing"},
        TypeErrorCase{R"({"root": {"path": "r", "readonly": "yes"}})",
                      "root.readonly: expected a boolean, got string"},
        TypeErrorCase{R"({"mounts": {}})", "mounts: expected an array, got object"},
        TypeErrorCase{R"({"mounts": [{"destination": "/a"}, {"destination": "/b"},
                                     {"destination": "/c"}, {"type": "tmpfs"}]})",
                      "mounts[3].destination: missing"},
        TypeErrorCase{R"({"mounts": [{"destination": "/a", "options": ["ro", 7]}]})",
                      "mounts[0].options[1]: expected a string, got number"},
        TypeErrorCase{R"({"process": {"user": {"uid": -1}}})",
                      "process.user.uid: expected an unsigned 32-bit integer, got -1"},
        TypeErrorCase{R"({"process": {"user": {"gid": 4294967296}}})",
                      "process.user.gid: expected an unsigned 32-bit integer, got 4294967296"},
        TypeErrorCase{
            R"({"process": {"user": {"additionalGids": [1, 2.5]}}})",
            "process.user.additionalGids[1]: expected an unsigned 32-bit integer, got 2.5"},
        TypeErrorCase{R"({"process": {"args": "sh"}})",
                      "process.args: expected an array, got string"},
        TypeErrorCase{R"({"process": {"terminal": 1}})",
                      "process.terminal: expected a boolean, got number"},
        TypeErrorCase{R"({"process": {"oomScoreAdj": 3000000000}})",
                      "process.oomScoreAdj: expected a 32-bit integer, got 3000000000"},
        TypeErrorCase{R"({"process": {"rlimits": [{"type": "RLIMIT_NOFILE", "soft": -1}]}})",
                      "process.rlimits[0].soft: expected an unsigned 64-bit integer, got -1"},
        TypeErrorCase{R"({"process": {"rlimits": [{"soft": 1}]}})",
                      "process.rlimits[0].type: missing"},
        TypeErrorCase{R"({"process": {"capabilities": {"bounding": "CAP_KILL"}}})",
                      "process.capabilities.bounding: expected an array, got string"},
        TypeErrorCase{R"({"hooks": {"poststop": [{"args": []}]}})",
                      "hooks.poststop[0].path: missing"},
        TypeErrorCase{R"({"hooks": {"createRuntime": [{"path": "/h", "timeout": "5"}]}})",
                      "hooks.createRuntime[0].timeout: expected a 32-bit integer, got string"},
        TypeErrorCase{R"({"annotations": {"a": 1}})",
                      R"(annotations["a"]: expected a string, got number)"},
        TypeErrorCase{
            R"({"linux": {"namespaces": [{"type": "pid"}, {"type": "ipc"}, {"type": 2}]}})",
            "linux.namespaces[2].type: expected a string, got number"},
        TypeErrorCase{R"({"linux": {"namespaces": [{"type": "foo"}]}})",
                      R"(linux.namespaces[0].type: unknown namespace type "foo")"},
        TypeErrorCase{R"({"linux": {"namespaces": [{"path": "/proc/1/ns/net"}]}})",
                      "linux.namespaces[0].type: missing"},
        TypeErrorCase{
            R"({"linux": {"uidMappings": [{"containerID": 0, "hostID": 0, "size": true}]}})",
            "linux.uidMappings[0].size: expected an unsigned 32-bit integer, got boolean"},
        TypeErrorCase{
            R"({"linux": {"timeOffsets": {"monotonic": {"secs": "1"}}}})",
            R"(linux.timeOffsets["monotonic"].secs: expected a 64-bit integer, got string)"},
        TypeErrorCase{R"({"linux": {"devices": [{"type": "c"}]}})",
                      "linux.devices[0].path: missing"},
        TypeErrorCase{R"({"linux": {"sysctl": {"net.ipv4.ip_forward": 1}}})",
                      R"(linux.sysctl["net.ipv4.ip_forward"]: expected a string, got number)"},
        TypeErrorCase{R"({"linux": {"cgroupsPath": ["a"]}})",
                      "linux.cgroupsPath: expected a string, got array"},
        TypeErrorCase{R"({"linux": {"resources": {"memory": {"limit": "1G"}}}})",
                      "linux.resources.memory.limit: expected a 64-bit integer, got string"},
        TypeErrorCase{R"({"linux": {"resources": {"pids": {}}}})",
                      "linux.resources.pids.limit: missing"},
        TypeErrorCase{
            R"({"linux": {"resources": {"blockIO": {"weight": 70000}}}})",
            "linux.resources.blockIO.weight: expected an unsigned 16-bit integer, got 70000"},
        TypeErrorCase{
            R"({"linux": {"resources": {"rdma": {"mlx": {"hcaHandles": -3}}}}})",
            R"(linux.resources.rdma["mlx"].hcaHandles: expected an unsigned 32-bit integer, )"
            "got -3"},
        TypeErrorCase{R"({"linux": {"seccomp": {"syscalls": []}}})",
                      "linux.seccomp.defaultAction: missing"},
        TypeErrorCase{R"({"linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW",
                          "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW",
                                        "args": [{"index": 0, "value": 1}]}]}}})",
                      "linux.seccomp.syscalls[0].args[0].op: missing"},
        TypeErrorCase{R"({"linux": {"personality": {"flags": []}}})",
                      "linux.personality.domain: missing"}));

TEST(ParseConfig, MalformedJson) {
  auto spec = parse_config(R"({"ociVersion": "1.2.0",)");
  ASSERT_FALSE(spec);
  const std::string& message = spec.error().message();
  EXPECT_TRUE(message.starts_with("invalid JSON: parse error at line 1, column 24")) << message;
  EXPECT_EQ(message.find("[json.exception"), std::string::npos) << message;
}

TEST(ParseConfig, EmptyDocument) { EXPECT_TRUE(FailsWith(parse_config(""), "invalid JSON: ")); }

TEST(ParseConfig, InvalidUtf8) {
  EXPECT_TRUE(FailsWith(parse_config("{\"hostname\": \"\xff\"}"), "invalid JSON: "));
}

TEST(ParseConfig, DocumentMustBeAnObject) {
  EXPECT_TRUE(FailsWith(parse_config("[]"), "document: expected an object, got array"));
}

// What `runc spec` (runc 1.1.5) writes.
constexpr std::string_view kRuncDefaultSpec = R"json({
	"ociVersion": "1.0.2-dev",
	"process": {
		"terminal": true,
		"user": {"uid": 0, "gid": 0},
		"args": ["sh"],
		"env": [
			"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
			"TERM=xterm"
		],
		"cwd": "/",
		"capabilities": {
			"bounding": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
			"effective": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
			"permitted": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
			"ambient": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"]
		},
		"rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024}],
		"noNewPrivileges": true
	},
	"root": {"path": "rootfs", "readonly": true},
	"hostname": "runc",
	"mounts": [
		{"destination": "/proc", "type": "proc", "source": "proc"},
		{"destination": "/dev", "type": "tmpfs", "source": "tmpfs",
		 "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]},
		{"destination": "/dev/pts", "type": "devpts", "source": "devpts",
		 "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]},
		{"destination": "/dev/shm", "type": "tmpfs", "source": "shm",
		 "options": ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]},
		{"destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue",
		 "options": ["nosuid", "noexec", "nodev"]},
		{"destination": "/sys", "type": "sysfs", "source": "sysfs",
		 "options": ["nosuid", "noexec", "nodev", "ro"]},
		{"destination": "/sys/fs/cgroup", "type": "cgroup", "source": "cgroup",
		 "options": ["nosuid", "noexec", "nodev", "relatime", "ro"]}
	],
	"linux": {
		"resources": {"devices": [{"allow": false, "access": "rwm"}]},
		"namespaces": [
			{"type": "pid"}, {"type": "network"}, {"type": "ipc"}, {"type": "uts"}, {"type": "mount"}
		],
		"maskedPaths": [
			"/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
			"/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi"
		],
		"readonlyPaths": ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]
	}
})json";

TEST(ParseConfig, RuncDefaultSpec) {
  auto spec = parse_config(kRuncDefaultSpec);
  ASSERT_TRUE(Succeeds(spec));
  EXPECT_EQ(spec->oci_version, "1.0.2-dev");
  EXPECT_EQ(spec->mounts.size(), 7u);
  EXPECT_EQ(spec->process->capabilities->ambient.size(), 3u);
  EXPECT_EQ(spec->linux_config->namespaces.size(), 5u);
  EXPECT_EQ(spec->linux_config->resources->devices.size(), 1u);
}

TEST(ParseProcess, FieldPathsStartWithProcess) {
  auto process = parse_process(R"({"args": ["sh"], "cwd": "/", "user": {"uid": "root"}})");
  EXPECT_TRUE(
      FailsWith(process, "process.user.uid: expected an unsigned 32-bit integer, got string"));
}

TEST(ParseProcess, ReadsAProcessObject) {
  auto process = parse_process(R"({"terminal": true, "args": ["ls", "-l"], "cwd": "/tmp",
                                   "env": ["A=B"], "user": {"uid": 5, "gid": 6}})");
  ASSERT_TRUE(Succeeds(process));
  EXPECT_TRUE(process->terminal);
  EXPECT_EQ(process->args, (std::vector<std::string>{"ls", "-l"}));
  EXPECT_EQ(process->cwd, "/tmp");
  EXPECT_EQ(process->user.uid, 5u);
}

TEST(ParseProcess, NotAnObject) {
  EXPECT_TRUE(FailsWith(parse_process("\"sh\""), "process: expected an object, got string"));
}

TEST(ParseResources, FieldPathsHaveNoPrefix) {
  EXPECT_TRUE(FailsWith(parse_resources(R"({"memory": {"limit": 1.5}})"),
                        "memory.limit: expected a 64-bit integer, got 1.5"));
}

TEST(ParseResources, ReadsAResourcesObject) {
  auto resources = parse_resources(R"({"memory": {"limit": 1048576, "swap": 2097152},
                                       "cpu": {"quota": 20000, "period": 100000},
                                       "pids": {"limit": 10}})");
  ASSERT_TRUE(Succeeds(resources));
  EXPECT_EQ(resources->memory->limit, 1048576);
  EXPECT_EQ(resources->memory->swap, 2097152);
  EXPECT_EQ(resources->cpu->quota, 20000);
  EXPECT_EQ(resources->pids_limit, 10);
}

TEST(NamespaceTypeNames, RoundTrip) {
  for (NamespaceType type : kAllNamespaceTypes)
    EXPECT_EQ(namespace_type_from_name(namespace_type_name(type)), type);
  EXPECT_STREQ(namespace_type_name(NamespaceType::network), "network");
  EXPECT_FALSE(namespace_type_from_name("net"));
}

}  // namespace
}  // namespace berth::spec
