#include "spec/validate.h"

#include <gtest/gtest.h>

#include "result_assertions.h"

namespace berth::spec {
namespace {

// The smallest spec create accepts, with the namespaces of runc's default spec.
Spec valid_spec() {
  Spec spec;
  spec.oci_version = "1.2.0";
  spec.root = Root{.path = "rootfs"};
  Process process;
  process.args = {"sh"};
  process.cwd = "/";
  process.env = {"PATH=/bin"};
  spec.process = process;
  Linux linux_config;
  for (NamespaceType type : {NamespaceType::pid, NamespaceType::network, NamespaceType::ipc,
                             NamespaceType::uts, NamespaceType::mount}) {
    linux_config.namespaces.push_back(Namespace{.type = type});
  }
  spec.linux_config = linux_config;
  return spec;
}

Linux& linux_of(Spec& spec) { return *spec.linux_config; }
Resources& resources_of(Spec& spec) {
  if (!spec.linux_config->resources) spec.linux_config->resources.emplace();
  return *spec.linux_config->resources;
}

void add_namespace(Spec& spec, NamespaceType type, std::string path = "") {
  linux_of(spec).namespaces.push_back(Namespace{.type = type, .path = std::move(path)});
}

void remove_namespace(Spec& spec, NamespaceType type) {
  std::erase_if(linux_of(spec).namespaces, [type](const Namespace& ns) { return ns.type == type; });
}

TEST(ValidateSpec, ValidSpecPasses) {
  auto validation = validate_spec(valid_spec());
  ASSERT_TRUE(Succeeds(validation));
  EXPECT_TRUE(validation->warnings.empty());
}

// ---- ociVersion, root, process ----

TEST(ValidateSpec, OciVersion) {
  Spec spec = valid_spec();
  for (const char* version :
       {"1.0.0", "1.0.2-dev", "1.1.0-rc.1", "1.2.0", "1.2.1", "1.3.0+build.5"}) {
    spec.oci_version = version;
    EXPECT_TRUE(Succeeds(validate_spec(spec))) << version;
  }
  spec.oci_version = "";
  EXPECT_TRUE(FailsWith(validate_spec(spec), "ociVersion: missing"));
  spec.oci_version = "1.0";
  EXPECT_TRUE(FailsWith(validate_spec(spec),
                        "ociVersion: expected a version of the form 1.x.y, got \"1.0\""));
  spec.oci_version = "v1.0.0";
  EXPECT_TRUE(FailsWith(validate_spec(spec), "ociVersion: expected a version of the form 1.x.y"));
  spec.oci_version = "0.6.0";
  EXPECT_TRUE(FailsWith(validate_spec(spec), "ociVersion: unsupported version \"0.6.0\""));
  spec.oci_version = "2.0.0";
  EXPECT_TRUE(FailsWith(validate_spec(spec), "ociVersion: unsupported version \"2.0.0\""));
}

TEST(ValidateSpec, Root) {
  Spec spec = valid_spec();
  spec.root.reset();
  EXPECT_TRUE(FailsWith(validate_spec(spec), "root: missing"));
  spec.root = Root{.path = ""};
  EXPECT_TRUE(FailsWith(validate_spec(spec), "root.path: must not be empty"));
  spec.root = Root{.path = "/var/lib/berth/rootfs", .readonly = true};
  EXPECT_TRUE(Succeeds(validate_spec(spec)));
}

TEST(ValidateSpec, ProcessIsRequired) {
  Spec spec = valid_spec();
  spec.process.reset();
  EXPECT_TRUE(FailsWith(validate_spec(spec), "process: missing"));
}

TEST(ValidateSpec, ProcessArgs) {
  Spec spec = valid_spec();
  spec.process->args.clear();
  EXPECT_TRUE(FailsWith(validate_spec(spec), "process.args: must not be empty"));
}

TEST(ValidateSpec, ProcessCwd) {
  Spec spec = valid_spec();
  spec.process->cwd = "/home/app";
  EXPECT_TRUE(Succeeds(validate_spec(spec)));
  spec.process->cwd = "tmp";
  EXPECT_TRUE(FailsWith(validate_spec(spec), "process.cwd: must be an absolute path, got \"tmp\""));
  spec.process->cwd = "";
  EXPECT_TRUE(FailsWith(validate_spec(spec), "process.cwd: must be an absolute path, got \"\""));
}

TEST(ValidateSpec, ProcessEnv) {
  Spec spec = valid_spec();
  spec.process->env = {"A=1", "EMPTY=", "B"};
  EXPECT_TRUE(FailsWith(validate_spec(spec), "process.env[2]: expected NAME=VALUE, got \"B\""));
  spec.process->env.pop_back();
  EXPECT_TRUE(Succeeds(validate_spec(spec)));
}

TEST(ValidateSpec, Rlimits) {
  Spec spec = valid_spec();
  spec.process->rlimits = {{"RLIMIT_NOFILE", 1024, 4096}, {"RLIMIT_CORE", 0, 0}};
  EXPECT_TRUE(Succeeds(validate_spec(spec)));

  spec.process->rlimits = {{"RLIMIT_NOFILE", 1, 1}, {"RLIMIT_FOO", 1, 1}};
  EXPECT_TRUE(
      FailsWith(validate_spec(spec), "process.rlimits[1].type: unknown rlimit \"RLIMIT_FOO\""));

  spec.process->rlimits = {{"RLIMIT_NOFILE", 1, 1}, {"RLIMIT_NOFILE", 2, 2}};
  EXPECT_TRUE(FailsWith(validate_spec(spec),
                        "process.rlimits[1].type: duplicate rlimit \"RLIMIT_NOFILE\""));

  spec.process->rlimits = {{"RLIMIT_NOFILE", 2048, 1024}};
  EXPECT_TRUE(FailsWith(validate_spec(spec),
                        "process.rlimits[0]: soft limit 2048 is greater than hard limit 1024"));
}

TEST(ValidateSpec, EveryKnownRlimitIsAccepted) {
  Spec spec = valid_spec();
  for (const char* type :
       {"RLIMIT_AS", "RLIMIT_CORE", "RLIMIT_CPU", "RLIMIT_DATA", "RLIMIT_FSIZE", "RLIMIT_LOCKS",
        "RLIMIT_MEMLOCK", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_NOFILE", "RLIMIT_NPROC",
        "RLIMIT_RSS", "RLIMIT_RTPRIO", "RLIMIT_RTTIME", "RLIMIT_SIGPENDING", "RLIMIT_STACK"}) {
    spec.process->rlimits.push_back({type, 1, 1});
  }
  EXPECT_TRUE(Succeeds(validate_spec(spec)));
}

TEST(ValidateSpec, OomScoreAdj) {
  Spec spec = valid_spec();
  for (int value : {-1000, 0, 1000}) {
    spec.process->oom_score_adj = value;
    EXPECT_TRUE(Succeeds(validate_spec(spec))) << value;
  }
  spec.process->oom_score_adj = 1001;
  EXPECT_TRUE(FailsWith(validate_spec(spec),
                        "process.oomScoreAdj: must be between -1000 and 1000, got 1001"));
  spec.process->oom_score_adj = -1001;
  EXPECT_TRUE(FailsWith(validate_spec(spec), "process.oomScoreAdj: must be between"));
}

TEST(ValidateSpec, ConsoleSizeWithoutTerminalIsAWarning) {
  Spec spec = valid_spec();
  spec.process->console_size = ConsoleSize{.height = 24, .width = 80};
  auto validation = validate_spec(spec);
  ASSERT_TRUE(Succeeds(validation));
  ASSERT_EQ(validation->warnings.size(), 1u);
  EXPECT_TRUE(validation->warnings[0].starts_with("process.consoleSize: "))
      << validation->warnings[0];

  spec.process->terminal = true;
  validation = validate_spec(spec);
  ASSERT_TRUE(Succeeds(validation));
  EXPECT_TRUE(validation->warnings.empty());
}

TEST(ValidateSpec, Capabilities) {
  Spec spec = valid_spec();
  spec.process->capabilities = Capabilities{.bounding = {"CAP_CHOWN", "CAP_CHECKPOINT_RESTORE"},
                                            .effective = {"CAP_BPF", "CAP_PERFMON"}};
  EXPECT_TRUE(Succeeds(validate_spec(spec)));
  spec.process->capabilities->ambient = {"CAP_KILL", "CAP_FROBNICATE"};
  EXPECT_TRUE(FailsWith(validate_spec(spec),
                        "process.capabilities.ambient[1]: unknown capability \"CAP_FROBNICATE\""));
  spec.process->capabilities->ambient = {"KILL"};
  EXPECT_TRUE(FailsWith(validate_spec(spec),
                        "process.capabilities.ambient[0]: unknown capability \"KILL\""));
}

TEST(ValidateSpec, IoPriority) {
  Spec spec = valid_spec();
  spec.process->io_priority = IoPriority{.io_class = "IOPRIO_CLASS_RT", .priority = 7};
  EXPECT_TRUE(Succeeds(validate_spec(spec)));
  spec.process->io_priority->io_class = "IOPRIO_CLASS_NONE";
  EXPECT_TRUE(
      FailsWith(validate_spec(spec), "process.ioPriority.class: unknown I/O priority class"));
  spec.process->io_priority = IoPriority{.io_class = "IOPRIO_CLASS_BE", .priority = 8};
  EXPECT_TRUE(
      FailsWith(validate_spec(spec), "process.ioPriority.priority: must be between 0 and 7"));
}

TEST(ValidateSpec, Scheduler) {
  Spec spec = valid_spec();
  spec.process->scheduler = Scheduler{.policy = "SCHED_FIFO", .priority = 10};
  EXPECT_TRUE(Succeeds(validate_spec(spec)));
  spec.process->scheduler =
      Scheduler{.policy = "SCHED_DEADLINE", .runtime = 1, .deadline = 2, .period = 3};
  EXPECT_TRUE(Succeeds(validate_spec(spec)));

  spec.process->scheduler = Scheduler{.policy = "SCHED_FAST"};
  EXPECT_TRUE(FailsWith(validate_spec(spec), "process.scheduler.policy: unknown scheduler policy"));
  spec.process->scheduler = Scheduler{.policy = "SCHED_OTHER", .nice = 20};
  EXPECT_TRUE(FailsWith(validate_spec(spec), "process.scheduler.nice: must be between -20 and 19"));
  spec.process->scheduler = Scheduler{.policy = "SCHED_OTHER", .priority = 1};
  EXPECT_TRUE(
      FailsWith(validate_spec(spec), "process.scheduler.priority: only SCHED_FIFO and SCHED_RR"));
  spec.process->scheduler = Scheduler{.policy = "SCHED_RR", .runtime = 5};
  EXPECT_TRUE(FailsWith(validate_spec(spec), "process.scheduler: runtime, deadline and period"));
  spec.process->scheduler = Scheduler{.policy = "SCHED_OTHER", .flags = {"SCHED_FLAG_TURBO"}};
  EXPECT_TRUE(FailsWith(validate_spec(spec), "process.scheduler.flags[0]: unknown scheduler flag"));
}

TEST(ValidateSpec, ExecCpuAffinity) {
  Spec spec = valid_spec();
  spec.process->exec_cpu_affinity = ExecCpuAffinity{.initial = "0-3,7", .final = "1"};
  EXPECT_TRUE(Succeeds(validate_spec(spec)));
  spec.process->exec_cpu_affinity->final = "one";
  EXPECT_TRUE(FailsWith(validate_spec(spec), "process.execCPUAffinity.final: expected a list"));
}

TEST(ValidateProcess, UsesTheFieldPrefix) {
  Process process;
  process.args = {"ls"};
  process.cwd = "relative";
  EXPECT_TRUE(FailsWith(validate_process(process, "process"), "process.cwd: "));
  EXPECT_TRUE(FailsWith(validate_process(process, ""), "cwd: "));
  process.cwd = "/";
  EXPECT_TRUE(Succeeds(validate_process(process, "process")));
}

TEST(ValidateProcess, WarningsGoToTheGivenValidation) {
  Process process;
  process.args = {"ls"};
  process.cwd = "/";
  process.console_size = ConsoleSize{.height = 1, .width = 1};
  Validation validation;
  EXPECT_TRUE(Succeeds(validate_process(process, "process", &validation)));
  EXPECT_EQ(validation.warnings.size(), 1u);
  EXPECT_TRUE(Succeeds(validate_process(process, "process")));
}

// ---- mounts, hooks, hostname ----

TEST(ValidateSpec, MountDestination) {
  Spec spec = valid_spec();
  spec.mounts = {Mount{.destination = "/proc", .type = "proc", .source = "proc"},
                 Mount{.destination = ""}};
  EXPECT_TRUE(FailsWith(validate_spec(spec), "mounts[1].destination: must not be empty"));
}

TEST(ValidateSpec, RelativeMountDestinationIsAWarning) {
  Spec spec = valid_spec();
  spec.mounts = {
      Mount{.destination = "data", .type = "tmpfs", .options = {"anything=goes", "x-y"}}};
  auto validation = validate_spec(spec);
  ASSERT_TRUE(Succeeds(validation));
  ASSERT_EQ(validation->warnings.size(), 1u);
  EXPECT_TRUE(validation->warnings[0].starts_with("mounts[0].destination: relative path \"data\""));
}

TEST(ValidateSpec, MountIdMappings) {
  Spec spec = valid_spec();
  spec.mounts = {Mount{.destination = "/data",
                       .options = {"bind"},
                       .uid_mappings = {{0, 1000, 1}},
                       .gid_mappings = {{0, 1000, 1}}}};
  EXPECT_TRUE(Succeeds(validate_spec(spec)));
  spec.mounts[0].gid_mappings = {{0, 1000, 0}};
  EXPECT_TRUE(
      FailsWith(validate_spec(spec), "mounts[0].gidMappings[0].size: must be greater than 0"));
}

TEST(ValidateSpec, Hooks) {
  Spec spec = valid_spec();
  spec.hooks.create_runtime = {Hook{.path = "/usr/bin/hook", .timeout = 10}};
  EXPECT_TRUE(Succeeds(validate_spec(spec)));
  spec.hooks.poststop = {Hook{.path = "/ok"}, Hook{.path = "hook"}};
  EXPECT_TRUE(FailsWith(validate_spec(spec),
                        "hooks.poststop[1].path: must be an absolute path, got \"hook\""));
  spec.hooks.poststop.clear();
  spec.hooks.start_container = {Hook{.path = "/bin/true", .timeout = 0}};
  EXPECT_TRUE(FailsWith(validate_spec(spec),
                        "hooks.startContainer[0].timeout: must be greater than 0, got 0"));
  spec.hooks.start_container.clear();
  for (auto* list : {&spec.hooks.prestart, &spec.hooks.create_container, &spec.hooks.poststart}) {
    *list = {Hook{.path = "x"}};
    EXPECT_FALSE(validate_spec(spec));
    list->clear();
  }
}

TEST(ValidateSpec, HostnameNeedsAUtsNamespace) {
  Spec spec = valid_spec();
  spec.hostname = "web";
  spec.domainname = "example.org";
  EXPECT_TRUE(Succeeds(validate_spec(spec)));
  remove_namespace(spec, NamespaceType::uts);
  EXPECT_TRUE(FailsWith(validate_spec(spec),
                        "hostname: unable to set hostname without a private UTS namespace"));
  spec.hostname.clear();
  EXPECT_TRUE(FailsWith(validate_spec(spec),
                        "domainname: unable to set domainname without a private UTS namespace"));
}

TEST(ValidateSpec, HostnameInAJoinedUtsNamespaceIsAllowedAsRuncDoes) {
  Spec spec = valid_spec();
  remove_namespace(spec, NamespaceType::uts);
  add_namespace(spec, NamespaceType::uts, "/proc/1234/ns/uts");
  spec.hostname = "pod";
  EXPECT_TRUE(Succeeds(validate_spec(spec)));
}

// ---- linux.namespaces, id mappings ----

TEST(ValidateSpec, DuplicateNamespace) {
  Spec spec = valid_spec();
  add_namespace(spec, NamespaceType::pid, "/proc/1/ns/pid");
  EXPECT_TRUE(
      FailsWith(validate_spec(spec), "linux.namespaces[5].type: duplicate namespace type \"pid\""));
}

TEST(ValidateSpec, NamespacePathMustBeAbsolute) {
  Spec spec = valid_spec();
  add_namespace(spec, NamespaceType::cgroup, "/proc/1/ns/cgroup");
  EXPECT_TRUE(Succeeds(validate_spec(spec)));
  add_namespace(spec, NamespaceType::time, "proc/1/ns/time");
  EXPECT_TRUE(FailsWith(validate_spec(spec), "linux.namespaces[6].path: must be an absolute path"));
}

Spec user_namespace_spec() {
  Spec spec = valid_spec();
  add_namespace(spec, NamespaceType::user);
  linux_of(spec).uid_mappings = {{0, 100000, 65536}};
  linux_of(spec).gid_mappings = {{0, 100000, 65536}};
  return spec;
}

TEST(ValidateSpec, NewUserNamespaceNeedsBothMappings) {
  Spec spec = user_namespace_spec();
  EXPECT_TRUE(Succeeds(validate_spec(spec)));
  linux_of(spec).gid_mappings.clear();
  EXPECT_TRUE(
      FailsWith(validate_spec(spec), "linux.gidMappings: required for a new user namespace"));
  linux_of(spec).uid_mappings.clear();
  EXPECT_TRUE(
      FailsWith(validate_spec(spec), "linux.uidMappings: required for a new user namespace"));
}

TEST(ValidateSpec, JoinedUserNamespaceNeedsNoMappings) {
  Spec spec = valid_spec();
  add_namespace(spec, NamespaceType::user, "/proc/42/ns/user");
  EXPECT_TRUE(Succeeds(validate_spec(spec)));
}

TEST(ValidateSpec, MappingsWithoutUserNamespace) {
  Spec spec = valid_spec();
  linux_of(spec).gid_mappings = {{0, 1000, 1}};
  EXPECT_TRUE(FailsWith(validate_spec(spec),
                        "linux.gidMappings: set, but linux.namespaces has no user namespace"));
  linux_of(spec).uid_mappings = {{0, 1000, 1}};
  EXPECT_TRUE(FailsWith(validate_spec(spec), "linux.uidMappings: set, but"));
}

TEST(ValidateSpec, MappingSizeMustBePositive) {
  Spec spec = user_namespace_spec();
  linux_of(spec).uid_mappings.push_back({70000, 300000, 0});
  EXPECT_TRUE(FailsWith(validate_spec(spec), "linux.uidMappings[1].size: must be greater than 0"));
}

TEST(ValidateSpec, MappingsMustNotOverlap) {
  Spec spec = user_namespace_spec();
  linux_of(spec).uid_mappings = {{0, 100000, 1000}, {1000, 200000, 1000}};
  EXPECT_TRUE(Succeeds(validate_spec(spec)));
  linux_of(spec).uid_mappings = {{0, 100000, 1000}, {999, 200000, 10}};
  EXPECT_TRUE(FailsWith(
      validate_spec(spec),
      "linux.uidMappings[1]: container ids 999-1008 overlap linux.uidMappings[0] (0-999)"));
  linux_of(spec).uid_mappings = {{0, 100000, 1000}, {5000, 100500, 10}};
  EXPECT_TRUE(
      FailsWith(validate_spec(spec), "linux.uidMappings[1]: host ids 100500-100509 overlap"));
  linux_of(spec).uid_mappings = {{0, 100000, 1000}};
  linux_of(spec).gid_mappings = {{10, 5, 1}, {0, 0, 11}};
  EXPECT_TRUE(FailsWith(validate_spec(spec), "linux.gidMappings[1]: container ids 0-10 overlap"));
}

TEST(ValidateSpec, MappingRangeMustFitIn32Bits) {
  Spec spec = user_namespace_spec();
  linux_of(spec).uid_mappings = {{4294967295u, 1000, 1}};
  EXPECT_TRUE(Succeeds(validate_spec(spec)));
  linux_of(spec).uid_mappings = {{4294967295u, 1000, 2}};
  EXPECT_TRUE(
      FailsWith(validate_spec(spec), "linux.uidMappings[0]: containerID 4294967295 + size 2"));
  linux_of(spec).uid_mappings = {{0, 4294967000u, 1000}};
  EXPECT_TRUE(
      FailsWith(validate_spec(spec), "linux.uidMappings[0]: hostID 4294967000 + size 1000"));
}

TEST(ValidateSpec, AtMost340Mappings) {
  Spec spec = user_namespace_spec();
  linux_of(spec).uid_mappings.clear();
  for (uint32_t i = 0; i < 340; ++i) linux_of(spec).uid_mappings.push_back({i, 100000 + i, 1});
  EXPECT_TRUE(Succeeds(validate_spec(spec)));
  linux_of(spec).uid_mappings.push_back({340, 100340, 1});
  EXPECT_TRUE(FailsWith(validate_spec(spec),
                        "linux.uidMappings: at most 340 mappings are allowed, got 341"));
}

// ---- time offsets, devices, sysctl ----

TEST(ValidateSpec, TimeOffsets) {
  Spec spec = valid_spec();
  add_namespace(spec, NamespaceType::time);
  linux_of(spec).time_offsets = {{"monotonic", {-5, 999'999'999}}, {"boottime", {86400, 0}}};
  EXPECT_TRUE(Succeeds(validate_spec(spec)));

  linux_of(spec).time_offsets = {{"realtime", {1, 0}}};
  EXPECT_TRUE(FailsWith(validate_spec(spec), "linux.timeOffsets[\"realtime\"]: unknown clock"));

  linux_of(spec).time_offsets = {{"boottime", {1, 1'000'000'000}}};
  EXPECT_TRUE(FailsWith(validate_spec(spec),
                        "linux.timeOffsets[\"boottime\"].nanosecs: must be less than 1000000000"));
}

TEST(ValidateSpec, TimeOffsetsNeedANewTimeNamespace) {
  Spec spec = valid_spec();
  linux_of(spec).time_offsets = {{"monotonic", {1, 0}}};
  EXPECT_TRUE(FailsWith(validate_spec(spec),
                        "linux.timeOffsets: set, but linux.namespaces has no time namespace"));
  add_namespace(spec, NamespaceType::time, "/proc/7/ns/time");
  EXPECT_TRUE(
      FailsWith(validate_spec(spec),
                "linux.timeOffsets: cannot set offsets when joining an existing time namespace"));
}

TEST(ValidateSpec, Devices) {
  Spec spec = valid_spec();
  linux_of(spec).devices = {
      Device{.type = "c", .path = "/dev/fuse", .major = 10, .minor = 229, .file_mode = 0666},
      Device{.type = "b", .path = "/dev/sda", .major = 8},
      Device{.type = "u", .path = "/dev/u", .major = 1, .minor = 1},
      Device{.type = "p", .path = "/dev/fifo"}};
  EXPECT_TRUE(Succeeds(validate_spec(spec)));

  linux_of(spec).devices = {Device{.type = "x", .path = "/dev/x"}};
  EXPECT_TRUE(
      FailsWith(validate_spec(spec), "linux.devices[0].type: expected c, b, u or p, got \"x\""));
  linux_of(spec).devices = {Device{.type = "c", .path = "dev/null", .major = 1, .minor = 3}};
  EXPECT_TRUE(FailsWith(validate_spec(spec), "linux.devices[0].path: must be an absolute path"));
  linux_of(spec).devices = {
      Device{.type = "c", .path = "/dev/null", .major = 1, .minor = 3, .file_mode = 010666}};
  EXPECT_TRUE(
      FailsWith(validate_spec(spec),
                "linux.devices[0].fileMode: must be at most 07777 (permission bits), got 010666"));
  linux_of(spec).devices = {Device{.type = "c", .path = "/dev/null", .major = -1, .minor = 3}};
  EXPECT_TRUE(FailsWith(validate_spec(spec), "linux.devices[0].major: must be between 0 and"));
}

TEST(ValidateSpec, SysctlsOfTheIpcNamespace) {
  Spec spec = valid_spec();
  linux_of(spec).sysctl = {{"kernel.shmmax", "1"},
                           {"kernel.msgmax", "1"},
                           {"kernel.sem", "1"},
                           {"fs.mqueue.msg_max", "1"},
                           {"kernel.shm_rmid_forced", "1"}};
  EXPECT_TRUE(Succeeds(validate_spec(spec)));
  remove_namespace(spec, NamespaceType::ipc);
  EXPECT_TRUE(
      FailsWith(validate_spec(spec),
                "linux.sysctl[\"fs.mqueue.msg_max\"]: sysctl \"fs.mqueue.msg_max\" is not allowed "
                "in the host's IPC namespace"));
}

TEST(ValidateSpec, SysctlsOfTheNetworkNamespace) {
  Spec spec = valid_spec();
  linux_of(spec).sysctl = {{"net.ipv4.ip_forward", "1"}, {"net/ipv4/conf/eth0.100/rp_filter", "0"}};
  EXPECT_TRUE(Succeeds(validate_spec(spec)));
  remove_namespace(spec, NamespaceType::network);
  EXPECT_TRUE(
      FailsWith(validate_spec(spec),
                "linux.sysctl[\"net.ipv4.ip_forward\"]: sysctl \"net.ipv4.ip_forward\" is not "
                "allowed in the host's network namespace"));
}

TEST(ValidateSpec, SlashSeparatedSysctlNamesAreReadAsSysctl8Does) {
  Spec spec = valid_spec();
  remove_namespace(spec, NamespaceType::network);
  linux_of(spec).sysctl = {{"net/ipv4/conf/eth0.100/rp_filter", "0"}};
  EXPECT_TRUE(FailsWith(validate_spec(spec),
                        "linux.sysctl[\"net/ipv4/conf/eth0.100/rp_filter\"]: sysctl "
                        "\"net.ipv4.conf.eth0/100.rp_filter\""));
}

TEST(ValidateSpec, SysctlsOfTheUtsNamespace) {
  Spec spec = valid_spec();
  linux_of(spec).sysctl = {{"kernel.domainname", "example.org"}};
  EXPECT_TRUE(Succeeds(validate_spec(spec)));
  linux_of(spec).sysctl = {{"kernel.hostname", "web"}};
  EXPECT_TRUE(
      FailsWith(validate_spec(spec),
                "linux.sysctl[\"kernel.hostname\"]: sysctl \"kernel.hostname\" conflicts with "
                "the hostname field"));
  remove_namespace(spec, NamespaceType::uts);
  linux_of(spec).sysctl = {{"kernel.domainname", "example.org"}};
  EXPECT_TRUE(FailsWith(validate_spec(spec),
                        "linux.sysctl[\"kernel.domainname\"]: sysctl "
                        "\"kernel.domainname\" is not in a separate kernel namespace"));
}

TEST(ValidateSpec, SysctlsOutsideANamespace) {
  Spec spec = valid_spec();
  linux_of(spec).sysctl = {{"vm.overcommit_memory", "1"}};
  EXPECT_TRUE(FailsWith(validate_spec(spec),
                        "linux.sysctl[\"vm.overcommit_memory\"]: sysctl "
                        "\"vm.overcommit_memory\" is not in a separate kernel namespace"));
}

// ---- paths, propagation, cgroupsPath ----

TEST(ValidateSpec, MaskedAndReadonlyPaths) {
  Spec spec = valid_spec();
  linux_of(spec).masked_paths = {"/proc/kcore"};
  linux_of(spec).readonly_paths = {"/proc/sys"};
  EXPECT_TRUE(Succeeds(validate_spec(spec)));
  linux_of(spec).masked_paths = {"/proc/kcore", "proc/keys"};
  EXPECT_TRUE(FailsWith(validate_spec(spec),
                        "linux.maskedPaths[1]: must be an absolute path, got \"proc/keys\""));
  linux_of(spec).masked_paths.clear();
  linux_of(spec).readonly_paths = {"sys"};
  EXPECT_TRUE(FailsWith(validate_spec(spec), "linux.readonlyPaths[0]: must be an absolute path"));
}

TEST(ValidateSpec, RestrictedPathsNeedAMountNamespace) {
  Spec spec = valid_spec();
  remove_namespace(spec, NamespaceType::mount);
  linux_of(spec).readonly_paths = {"/proc/sys"};
  EXPECT_TRUE(FailsWith(validate_spec(spec),
                        "linux.readonlyPaths: unable to restrict paths without a private "
                        "mount namespace"));
}

TEST(ValidateSpec, RootfsPropagation) {
  Spec spec = valid_spec();
  for (const char* propagation : {"", "shared", "slave", "private", "unbindable", "rshared",
                                  "rslave", "rprivate", "runbindable"}) {
    linux_of(spec).rootfs_propagation = propagation;
    EXPECT_TRUE(Succeeds(validate_spec(spec))) << propagation;
  }
  linux_of(spec).rootfs_propagation = "recursive";
  EXPECT_TRUE(FailsWith(validate_spec(spec),
                        "linux.rootfsPropagation: expected shared, slave, private or "
                        "unbindable (r-prefixed too), got \"recursive\""));
}

TEST(ValidateSpec, CgroupsPath) {
  Spec spec = valid_spec();
  for (const char* path : {"/berth/web", "web", "system.slice:berth:web", "/a..b/c"}) {
    linux_of(spec).cgroups_path = path;
    EXPECT_TRUE(Succeeds(validate_spec(spec))) << path;
  }
  for (const char* path : {"/berth/../../escape", "..", "a/.."}) {
    linux_of(spec).cgroups_path = path;
    EXPECT_TRUE(FailsWith(validate_spec(spec), "linux.cgroupsPath: must not contain \"..\""))
        << path;
  }
}

// ---- seccomp, personality, intelRdt ----

Seccomp valid_seccomp() {
  Seccomp seccomp;
  seccomp.default_action = "SCMP_ACT_ERRNO";
  seccomp.default_errno_ret = 1;
  seccomp.architectures = {"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_AARCH64",
                           "SCMP_ARCH_RISCV64", "SCMP_ARCH_LOONGARCH64"};
  seccomp.flags = {"SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
                   "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"};
  seccomp.syscalls = {
      SeccompSyscall{.names = {"read"}, .action = "SCMP_ACT_ALLOW"},
      SeccompSyscall{
          .names = {"personality"},
          .action = "SCMP_ACT_ALLOW",
          .args = {{.index = 0, .value = 8, .op = "SCMP_CMP_EQ"},
                   {.index = 5, .value = 0xff, .value_two = 1, .op = "SCMP_CMP_MASKED_EQ"}}},
      SeccompSyscall{.names = {"ptrace"}, .action = "SCMP_ACT_ERRNO", .errno_ret = 1},
  };
  return seccomp;
}

Spec seccomp_spec(const Seccomp& seccomp) {
  Spec spec = valid_spec();
  linux_of(spec).seccomp = seccomp;
  return spec;
}

TEST(ValidateSpec, SeccompValid) {
  EXPECT_TRUE(Succeeds(validate_spec(seccomp_spec(valid_seccomp()))));
}

TEST(ValidateSpec, SeccompEveryActionAndOperatorIsKnown) {
  Seccomp seccomp = valid_seccomp();
  seccomp.listener_path = "/run/agent.sock";
  for (const char* action :
       {"SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP",
        "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY"}) {
    seccomp.syscalls.push_back(SeccompSyscall{.names = {"open"}, .action = action});
  }
  for (const char* op : {"SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE",
                         "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ"}) {
    seccomp.syscalls[0].args.push_back(SeccompArg{.index = 1, .op = op});
  }
  EXPECT_TRUE(Succeeds(validate_spec(seccomp_spec(seccomp))));
}

TEST(ValidateSpec, SeccompDefaultAction) {
  Seccomp seccomp = valid_seccomp();
  seccomp.default_action = "SCMP_ACT_DENY";
  EXPECT_TRUE(FailsWith(validate_spec(seccomp_spec(seccomp)),
                        "linux.seccomp.defaultAction: unknown seccomp action \"SCMP_ACT_DENY\""));
  seccomp.default_action = "SCMP_ACT_NOTIFY";
  EXPECT_TRUE(
      FailsWith(validate_spec(seccomp_spec(seccomp)),
                "linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action"));
}

TEST(ValidateSpec, SeccompErrnoRetNeedsAnErrnoAction) {
  Seccomp seccomp = valid_seccomp();
  seccomp.default_action = "SCMP_ACT_KILL";
  EXPECT_TRUE(FailsWith(validate_spec(seccomp_spec(seccomp)),
                        "linux.seccomp.defaultErrnoRet: only SCMP_ACT_ERRNO and SCMP_ACT_TRACE"));
  seccomp = valid_seccomp();
  seccomp.syscalls[0].errno_ret = 1;
  EXPECT_TRUE(
      FailsWith(validate_spec(seccomp_spec(seccomp)), "linux.seccomp.syscalls[0].errnoRet: only"));
}

TEST(ValidateSpec, SeccompArchitecturesAndFlags) {
  Seccomp seccomp = valid_seccomp();
  seccomp.architectures.push_back("SCMP_ARCH_VAX");
  EXPECT_TRUE(
      FailsWith(validate_spec(seccomp_spec(seccomp)),
                "linux.seccomp.architectures[5]: unknown seccomp architecture \"SCMP_ARCH_VAX\""));
  seccomp = valid_seccomp();
  seccomp.flags = {"SECCOMP_FILTER_FLAG_NEW_LISTENER"};
  EXPECT_TRUE(FailsWith(
      validate_spec(seccomp_spec(seccomp)),
      "linux.seccomp.flags[0]: unknown seccomp flag \"SECCOMP_FILTER_FLAG_NEW_LISTENER\""));
}

TEST(ValidateSpec, SeccompSyscalls) {
  Seccomp seccomp = valid_seccomp();
  seccomp.syscalls[1].action = "ALLOW";
  EXPECT_TRUE(FailsWith(validate_spec(seccomp_spec(seccomp)),
                        "linux.seccomp.syscalls[1].action: unknown seccomp action \"ALLOW\""));
  seccomp = valid_seccomp();
  seccomp.syscalls[1].args[1].index = 6;
  EXPECT_TRUE(FailsWith(validate_spec(seccomp_spec(seccomp)),
                        "linux.seccomp.syscalls[1].args[1].index: must be less than 6"));
  seccomp = valid_seccomp();
  seccomp.syscalls[1].args[0].op = "SCMP_CMP_MATCHES";
  EXPECT_TRUE(FailsWith(
      validate_spec(seccomp_spec(seccomp)),
      "linux.seccomp.syscalls[1].args[0].op: unknown seccomp operator \"SCMP_CMP_MATCHES\""));
  seccomp = valid_seccomp();
  seccomp.syscalls[2].names.clear();
  EXPECT_TRUE(FailsWith(validate_spec(seccomp_spec(seccomp)),
                        "linux.seccomp.syscalls[2].names: must not be empty"));
}

TEST(ValidateSpec, SeccompNotifyNeedsAListenerPath) {
  Seccomp seccomp = valid_seccomp();
  seccomp.syscalls.push_back(SeccompSyscall{.names = {"mount"}, .action = "SCMP_ACT_NOTIFY"});
  EXPECT_TRUE(
      FailsWith(validate_spec(seccomp_spec(seccomp)),
                "linux.seccomp.listenerPath: required when a syscall uses SCMP_ACT_NOTIFY"));
  seccomp.listener_path = "/run/seccomp-agent.sock";
  EXPECT_TRUE(Succeeds(validate_spec(seccomp_spec(seccomp))));
}

TEST(ValidateSpec, PersonalityDomain) {
  Spec spec = valid_spec();
  for (const char* domain : {"LINUX", "LINUX32"}) {
    linux_of(spec).personality = Personality{.domain = domain};
    EXPECT_TRUE(Succeeds(validate_spec(spec))) << domain;
  }
  linux_of(spec).personality = Personality{.domain = "SVR4"};
  EXPECT_TRUE(FailsWith(validate_spec(spec),
                        "linux.personality.domain: expected LINUX or LINUX32, got \"SVR4\""));
}

TEST(ValidateSpec, IntelRdtClosId) {
  Spec spec = valid_spec();
  linux_of(spec).intel_rdt = IntelRdt{.clos_id = "guaranteed"};
  EXPECT_TRUE(Succeeds(validate_spec(spec)));
  linux_of(spec).intel_rdt = IntelRdt{.clos_id = "../info"};
  EXPECT_TRUE(FailsWith(validate_spec(spec), "linux.intelRdt.closID: must be a plain name"));
}

// ---- resources ----

TEST(ValidateSpec, ResourcesUseTheLinuxResourcesPrefix) {
  Spec spec = valid_spec();
  resources_of(spec).devices = {DeviceRule{.allow = false, .type = "z", .access = "rwm"}};
  EXPECT_TRUE(FailsWith(validate_spec(spec),
                        "linux.resources.devices[0].type: expected a, c or b, got \"z\""));
}

TEST(ValidateResources, DeviceRules) {
  Resources resources;
  resources.devices = {
      DeviceRule{.allow = false, .access = "rwm"},
      DeviceRule{.allow = true, .type = "c", .major = 1, .minor = 3, .access = "rw"},
      DeviceRule{.allow = true, .type = "b", .access = "m"},
      DeviceRule{.allow = true, .type = "a"}};
  EXPECT_TRUE(Succeeds(validate_resources(resources, "")));
  resources.devices[1].access = "rwx";
  EXPECT_TRUE(FailsWith(validate_resources(resources, ""),
                        "devices[1].access: expected letters from \"rwm\", got \"rwx\""));
  resources.devices[1].access = "r";
  resources.devices[2].type = "p";
  EXPECT_TRUE(FailsWith(validate_resources(resources, ""), "devices[2].type: expected a, c or b"));
}

TEST(ValidateResources, MemoryValues) {
  Resources resources;
  resources.memory =
      MemoryResources{.limit = 512 * 1024, .reservation = -1, .swap = -1, .kernel = 0};
  EXPECT_TRUE(Succeeds(validate_resources(resources, "")));
  resources.memory->kernel_tcp = -2;
  EXPECT_TRUE(FailsWith(validate_resources(resources, ""),
                        "memory.kernelTCP: expected -1 (unlimited) or a number of bytes, got -2"));
}

TEST(ValidateResources, NoInventedMemoryMinimum) {
  Resources resources;
  resources.memory = MemoryResources{.limit = 4096};
  EXPECT_TRUE(Succeeds(validate_resources(resources, "")));
}

TEST(ValidateResources, SwapIsMemoryPlusSwap) {
  Resources resources;
  resources.memory = MemoryResources{.limit = 1 << 20, .swap = 1 << 20};
  EXPECT_TRUE(Succeeds(validate_resources(resources, "")));
  resources.memory->swap = -1;
  EXPECT_TRUE(Succeeds(validate_resources(resources, "")));
  resources.memory->swap = 1 << 19;
  EXPECT_TRUE(
      FailsWith(validate_resources(resources, "linux.resources"),
                "linux.resources.memory.swap: memory+swap limit 524288 is less than the memory "
                "limit 1048576"));
}

TEST(ValidateResources, Swappiness) {
  Resources resources;
  resources.memory = MemoryResources{.swappiness = 100};
  EXPECT_TRUE(Succeeds(validate_resources(resources, "")));
  resources.memory->swappiness = 101;
  EXPECT_TRUE(
      FailsWith(validate_resources(resources, ""), "memory.swappiness: must be between 0 and 100"));
}

TEST(ValidateResources, CpuQuota) {
  Resources resources;
  for (int64_t quota : {-1, 0, 50000}) {
    resources.cpu = CpuResources{.quota = quota};
    EXPECT_TRUE(Succeeds(validate_resources(resources, ""))) << quota;
  }
  resources.cpu = CpuResources{.quota = -2};
  EXPECT_TRUE(FailsWith(validate_resources(resources, ""), "cpu.quota: expected -1 (no limit)"));
}

TEST(ValidateResources, CpuShares) {
  Resources resources;
  resources.cpu = CpuResources{.shares = 2};
  EXPECT_TRUE(Succeeds(validate_resources(resources, "")));
  resources.cpu = CpuResources{.shares = 0};  // not set (what Docker sends by default)
  EXPECT_TRUE(Succeeds(validate_resources(resources, "")));
  resources.cpu = CpuResources{.shares = 1};
  EXPECT_TRUE(
      FailsWith(validate_resources(resources, ""), "cpu.shares: must be at least 2, got 1"));
}

TEST(ValidateResources, CpuListSyntax) {
  Resources resources;
  for (const char* list : {"", "0", "0-3", "0-3,5", "1,3,5-7", "10-10"}) {
    resources.cpu = CpuResources{.cpus = list, .mems = list};
    EXPECT_TRUE(Succeeds(validate_resources(resources, ""))) << list;
  }
  for (const char* list : {"a", "3-1", "0-", "-1", "0,,1", "0-3,", " 0"}) {
    resources.cpu = CpuResources{.cpus = list};
    EXPECT_TRUE(
        FailsWith(validate_resources(resources, ""), "cpu.cpus: expected a list of numbers"))
        << list;
  }
  resources.cpu = CpuResources{.mems = "0;1"};
  EXPECT_TRUE(FailsWith(validate_resources(resources, ""), "cpu.mems: expected a list of numbers"));
}

TEST(ValidateResources, BlockIoWeights) {
  Resources resources;
  resources.block_io = BlockIoResources{.weight = 10,
                                        .leaf_weight = 1000,
                                        .weight_device = {{.major = 8, .minor = 0, .weight = 500}}};
  EXPECT_TRUE(Succeeds(validate_resources(resources, "")));
  resources.block_io->weight = 9;
  EXPECT_TRUE(FailsWith(validate_resources(resources, ""),
                        "blockIO.weight: must be between 10 and 1000, got 9"));
  resources.block_io->weight = 100;
  resources.block_io->leaf_weight = 1001;
  EXPECT_TRUE(FailsWith(validate_resources(resources, ""),
                        "blockIO.leafWeight: must be between 10 and 1000"));
  resources.block_io->leaf_weight.reset();
  resources.block_io->weight_device[0].leaf_weight = 5;
  EXPECT_TRUE(FailsWith(validate_resources(resources, ""),
                        "blockIO.weightDevice[0].leafWeight: must be between"));
  resources.block_io = BlockIoResources{.weight = 0, .leaf_weight = 0};  // not set (Docker's default)
  EXPECT_TRUE(Succeeds(validate_resources(resources, "")));
}

TEST(ValidateResources, HugepageSizes) {
  Resources resources;
  resources.hugepage_limits = {{"2MB", 1}, {"1GB", 1}, {"64KB", 1}, {"16GB", 1}};
  EXPECT_TRUE(Succeeds(validate_resources(resources, "")));
  for (const char* size : {"2M", "2mb", "MB", "0MB", "2TB", "2 MB", "1.5GB"}) {
    resources.hugepage_limits = {{"2MB", 1}, {size, 1}};
    EXPECT_TRUE(FailsWith(validate_resources(resources, ""),
                          "hugepageLimits[1].pageSize: expected a size like"))
        << size;
  }
}

TEST(ValidateResources, UnifiedKeysAreFileNames) {
  Resources resources;
  resources.unified = {{"memory.high", "max"}, {"cpu.weight", "100"}};
  EXPECT_TRUE(Succeeds(validate_resources(resources, "")));
  resources.unified = {{"../../cgroup.procs", "1"}};
  EXPECT_TRUE(FailsWith(validate_resources(resources, ""),
                        "unified[\"../../cgroup.procs\"]: must be a cgroup file name"));
}

}  // namespace
}  // namespace berth::spec
