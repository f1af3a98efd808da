// config.json -> Spec.
//
// One read() overload per type of spec.h, on top of json_reader.h. Absent and null members keep
// their defaults, except the members that say what an entry is (a mount's destination, a
// namespace's type, a device's path, ...), which are reported as missing.
#include "spec/parse.h"

#include "base/strings.h"
#include "spec/json_reader.h"

// The readers live in json_reader's namespace so that its generic readers (vectors, maps,
// optionals, object members) find them by argument-dependent lookup. Each object's reader comes
// after the readers of its members.
namespace berth::spec::json_reader {

Result<> read(const Value& value, NamespaceType& out) {
  std::string name;
  BERTH_TRY(read(value, name));
  auto type = namespace_type_from_name(name);
  if (!type) {
    return fail_invalid(value.path + ": unknown namespace type " + berth::quoted(name) +
                        " (expected pid, network, mount, ipc, uts, user, cgroup or time)");
  }
  out = *type;
  return {};
}

Result<> read(const Value& value, Root& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.required("path", out.path));
  BERTH_TRY(object.optional("readonly", out.readonly));
  return {};
}

Result<> read(const Value& value, IdMapping& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.optional("containerID", out.container_id));
  BERTH_TRY(object.optional("hostID", out.host_id));
  BERTH_TRY(object.optional("size", out.size));
  return {};
}

Result<> read(const Value& value, Mount& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.required("destination", out.destination));
  BERTH_TRY(object.optional("type", out.type));
  BERTH_TRY(object.optional("source", out.source));
  BERTH_TRY(object.optional("options", out.options));
  BERTH_TRY(object.optional("uidMappings", out.uid_mappings));
  BERTH_TRY(object.optional("gidMappings", out.gid_mappings));
  return {};
}

Result<> read(const Value& value, Rlimit& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.required("type", out.type));
  BERTH_TRY(object.optional("soft", out.soft));
  BERTH_TRY(object.optional("hard", out.hard));
  return {};
}

Result<> read(const Value& value, Capabilities& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.optional("bounding", out.bounding));
  BERTH_TRY(object.optional("effective", out.effective));
  BERTH_TRY(object.optional("inheritable", out.inheritable));
  BERTH_TRY(object.optional("permitted", out.permitted));
  BERTH_TRY(object.optional("ambient", out.ambient));
  return {};
}

Result<> read(const Value& value, User& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.optional("uid", out.uid));
  BERTH_TRY(object.optional("gid", out.gid));
  BERTH_TRY(object.optional("umask", out.umask));
  BERTH_TRY(object.optional("additionalGids", out.additional_gids));
  BERTH_TRY(object.optional("username", out.username));
  return {};
}

Result<> read(const Value& value, ConsoleSize& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.optional("height", out.height));
  BERTH_TRY(object.optional("width", out.width));
  return {};
}

Result<> read(const Value& value, IoPriority& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.required("class", out.io_class));
  BERTH_TRY(object.optional("priority", out.priority));
  return {};
}

Result<> read(const Value& value, Scheduler& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.required("policy", out.policy));
  BERTH_TRY(object.optional("nice", out.nice));
  BERTH_TRY(object.optional("priority", out.priority));
  BERTH_TRY(object.optional("flags", out.flags));
  BERTH_TRY(object.optional("runtime", out.runtime));
  BERTH_TRY(object.optional("deadline", out.deadline));
  BERTH_TRY(object.optional("period", out.period));
  return {};
}

Result<> read(const Value& value, ExecCpuAffinity& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.optional("initial", out.initial));
  BERTH_TRY(object.optional("final", out.final));
  return {};
}

Result<> read(const Value& value, Process& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.optional("terminal", out.terminal));
  BERTH_TRY(object.optional("consoleSize", out.console_size));
  BERTH_TRY(object.optional("user", out.user));
  BERTH_TRY(object.optional("args", out.args));
  BERTH_TRY(object.optional("env", out.env));
  BERTH_TRY(object.optional("cwd", out.cwd));
  BERTH_TRY(object.optional("capabilities", out.capabilities));
  BERTH_TRY(object.optional("rlimits", out.rlimits));
  BERTH_TRY(object.optional("noNewPrivileges", out.no_new_privileges));
  BERTH_TRY(object.optional("apparmorProfile", out.apparmor_profile));
  BERTH_TRY(object.optional("oomScoreAdj", out.oom_score_adj));
  BERTH_TRY(object.optional("selinuxLabel", out.selinux_label));
  BERTH_TRY(object.optional("ioPriority", out.io_priority));
  BERTH_TRY(object.optional("scheduler", out.scheduler));
  BERTH_TRY(object.optional("execCPUAffinity", out.exec_cpu_affinity));
  return {};
}

Result<> read(const Value& value, Hook& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.required("path", out.path));
  BERTH_TRY(object.optional("args", out.args));
  BERTH_TRY(object.optional("env", out.env));
  BERTH_TRY(object.optional("timeout", out.timeout));
  return {};
}

Result<> read(const Value& value, Hooks& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.optional("prestart", out.prestart));
  BERTH_TRY(object.optional("createRuntime", out.create_runtime));
  BERTH_TRY(object.optional("createContainer", out.create_container));
  BERTH_TRY(object.optional("startContainer", out.start_container));
  BERTH_TRY(object.optional("poststart", out.poststart));
  BERTH_TRY(object.optional("poststop", out.poststop));
  return {};
}

Result<> read(const Value& value, Namespace& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.required("type", out.type));
  BERTH_TRY(object.optional("path", out.path));
  return {};
}

Result<> read(const Value& value, Device& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.required("type", out.type));
  BERTH_TRY(object.required("path", out.path));
  BERTH_TRY(object.optional("major", out.major));
  BERTH_TRY(object.optional("minor", out.minor));
  BERTH_TRY(object.optional("fileMode", out.file_mode));
  BERTH_TRY(object.optional("uid", out.uid));
  BERTH_TRY(object.optional("gid", out.gid));
  return {};
}

Result<> read(const Value& value, DeviceRule& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.optional("allow", out.allow));
  BERTH_TRY(object.optional("type", out.type));
  BERTH_TRY(object.optional("major", out.major));
  BERTH_TRY(object.optional("minor", out.minor));
  BERTH_TRY(object.optional("access", out.access));
  return {};
}

Result<> read(const Value& value, MemoryResources& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.optional("limit", out.limit));
  BERTH_TRY(object.optional("reservation", out.reservation));
  BERTH_TRY(object.optional("swap", out.swap));
  BERTH_TRY(object.optional("kernel", out.kernel));
  BERTH_TRY(object.optional("kernelTCP", out.kernel_tcp));
  BERTH_TRY(object.optional("swappiness", out.swappiness));
  BERTH_TRY(object.optional("disableOOMKiller", out.disable_oom_killer));
  BERTH_TRY(object.optional("useHierarchy", out.use_hierarchy));
  BERTH_TRY(object.optional("checkBeforeUpdate", out.check_before_update));
  return {};
}

Result<> read(const Value& value, CpuResources& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.optional("shares", out.shares));
  BERTH_TRY(object.optional("quota", out.quota));
  BERTH_TRY(object.optional("burst", out.burst));
  BERTH_TRY(object.optional("period", out.period));
  BERTH_TRY(object.optional("realtimeRuntime", out.realtime_runtime));
  BERTH_TRY(object.optional("realtimePeriod", out.realtime_period));
  BERTH_TRY(object.optional("cpus", out.cpus));
  BERTH_TRY(object.optional("mems", out.mems));
  BERTH_TRY(object.optional("idle", out.idle));
  return {};
}

Result<> read(const Value& value, WeightDevice& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.required("major", out.major));
  BERTH_TRY(object.required("minor", out.minor));
  BERTH_TRY(object.optional("weight", out.weight));
  BERTH_TRY(object.optional("leafWeight", out.leaf_weight));
  return {};
}

Result<> read(const Value& value, ThrottleDevice& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.required("major", out.major));
  BERTH_TRY(object.required("minor", out.minor));
  BERTH_TRY(object.required("rate", out.rate));
  return {};
}

Result<> read(const Value& value, BlockIoResources& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.optional("weight", out.weight));
  BERTH_TRY(object.optional("leafWeight", out.leaf_weight));
  BERTH_TRY(object.optional("weightDevice", out.weight_device));
  BERTH_TRY(object.optional("throttleReadBpsDevice", out.throttle_read_bps_device));
  BERTH_TRY(object.optional("throttleWriteBpsDevice", out.throttle_write_bps_device));
  BERTH_TRY(object.optional("throttleReadIOPSDevice", out.throttle_read_iops_device));
  BERTH_TRY(object.optional("throttleWriteIOPSDevice", out.throttle_write_iops_device));
  return {};
}

Result<> read(const Value& value, HugepageLimit& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.required("pageSize", out.page_size));
  BERTH_TRY(object.required("limit", out.limit));
  return {};
}

Result<> read(const Value& value, NetworkPriority& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.required("name", out.name));
  BERTH_TRY(object.required("priority", out.priority));
  return {};
}

Result<> read(const Value& value, NetworkResources& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.optional("classID", out.class_id));
  BERTH_TRY(object.optional("priorities", out.priorities));
  return {};
}

Result<> read(const Value& value, RdmaLimit& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.optional("hcaHandles", out.hca_handles));
  BERTH_TRY(object.optional("hcaObjects", out.hca_objects));
  return {};
}

// linux.resources.pids is an object holding only the limit.
Result<> read_pids_limit(const ObjectReader& resources, std::optional<int64_t>& out) {
  auto pids = BERTH_TRY(resources.child("pids"));
  if (!pids) return {};
  int64_t limit = 0;
  BERTH_TRY(pids->required("limit", limit));
  out = limit;
  return {};
}

Result<> read(const Value& value, Resources& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.optional("devices", out.devices));
  BERTH_TRY(object.optional("memory", out.memory));
  BERTH_TRY(object.optional("cpu", out.cpu));
  BERTH_TRY(read_pids_limit(object, out.pids_limit));
  BERTH_TRY(object.optional("blockIO", out.block_io));
  BERTH_TRY(object.optional("hugepageLimits", out.hugepage_limits));
  BERTH_TRY(object.optional("network", out.network));
  BERTH_TRY(object.optional("rdma", out.rdma));
  BERTH_TRY(object.optional("unified", out.unified));
  return {};
}

Result<> read(const Value& value, SeccompArg& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.required("index", out.index));
  BERTH_TRY(object.required("value", out.value));
  BERTH_TRY(object.optional("valueTwo", out.value_two));
  BERTH_TRY(object.required("op", out.op));
  return {};
}

Result<> read(const Value& value, SeccompSyscall& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.required("names", out.names));
  BERTH_TRY(object.required("action", out.action));
  BERTH_TRY(object.optional("errnoRet", out.errno_ret));
  BERTH_TRY(object.optional("args", out.args));
  return {};
}

Result<> read(const Value& value, Seccomp& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.required("defaultAction", out.default_action));
  BERTH_TRY(object.optional("defaultErrnoRet", out.default_errno_ret));
  BERTH_TRY(object.optional("architectures", out.architectures));
  BERTH_TRY(object.optional("flags", out.flags));
  BERTH_TRY(object.optional("listenerPath", out.listener_path));
  BERTH_TRY(object.optional("listenerMetadata", out.listener_metadata));
  BERTH_TRY(object.optional("syscalls", out.syscalls));
  return {};
}

Result<> read(const Value& value, TimeOffset& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.optional("secs", out.secs));
  BERTH_TRY(object.optional("nanosecs", out.nanosecs));
  return {};
}

Result<> read(const Value& value, Personality& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.required("domain", out.domain));
  BERTH_TRY(object.optional("flags", out.flags));
  return {};
}

Result<> read(const Value& value, IntelRdt& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.optional("closID", out.clos_id));
  BERTH_TRY(object.optional("l3CacheSchema", out.l3_cache_schema));
  BERTH_TRY(object.optional("memBwSchema", out.mem_bw_schema));
  BERTH_TRY(object.optional("enableCMT", out.enable_cmt));
  BERTH_TRY(object.optional("enableMBM", out.enable_mbm));
  return {};
}

Result<> read(const Value& value, Linux& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.optional("namespaces", out.namespaces));
  BERTH_TRY(object.optional("uidMappings", out.uid_mappings));
  BERTH_TRY(object.optional("gidMappings", out.gid_mappings));
  BERTH_TRY(object.optional("timeOffsets", out.time_offsets));
  BERTH_TRY(object.optional("devices", out.devices));
  BERTH_TRY(object.optional("cgroupsPath", out.cgroups_path));
  BERTH_TRY(object.optional("resources", out.resources));
  BERTH_TRY(object.optional("intelRdt", out.intel_rdt));
  BERTH_TRY(object.optional("sysctl", out.sysctl));
  BERTH_TRY(object.optional("seccomp", out.seccomp));
  BERTH_TRY(object.optional("rootfsPropagation", out.rootfs_propagation));
  BERTH_TRY(object.optional("maskedPaths", out.masked_paths));
  BERTH_TRY(object.optional("readonlyPaths", out.readonly_paths));
  BERTH_TRY(object.optional("mountLabel", out.mount_label));
  BERTH_TRY(object.optional("personality", out.personality));
  return {};
}

Result<> read(const Value& value, Spec& out) {
  auto object = BERTH_TRY(ObjectReader::open(value));
  BERTH_TRY(object.optional("ociVersion", out.oci_version));
  BERTH_TRY(object.optional("root", out.root));
  BERTH_TRY(object.optional("mounts", out.mounts));
  BERTH_TRY(object.optional("process", out.process));
  BERTH_TRY(object.optional("hostname", out.hostname));
  BERTH_TRY(object.optional("domainname", out.domainname));
  BERTH_TRY(object.optional("hooks", out.hooks));
  BERTH_TRY(object.optional("annotations", out.annotations));
  BERTH_TRY(object.optional("linux", out.linux_config));
  return {};
}

}  // namespace berth::spec::json_reader

namespace berth::spec {
namespace {

template <typename T>
Result<T> parse_document(std::string_view text, const std::string& path) {
  nlohmann::json document = BERTH_TRY(json_reader::parse_json(text));
  T out{};
  BERTH_TRY(json_reader::read(json_reader::Value{&document, path}, out));
  return out;
}

}  // namespace

Result<Spec> parse_config(std::string_view json_text) {
  return parse_document<Spec>(json_text, "");
}

Result<Process> parse_process(std::string_view json_text) {
  return parse_document<Process>(json_text, "process");
}

Result<Resources> parse_resources(std::string_view json_text) {
  return parse_document<Resources>(json_text, "");
}

}  // namespace berth::spec
