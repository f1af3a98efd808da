#include "container/creation.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/fault_injection.h"
#include "base/files.h"
#include "base/log.h"
#include "base/scope_guard.h"
#include "base/strings.h"
#include "base/timestamp.h"
#include "container/binary_protection.h"
#include "container/bundle.h"
#include "container/cgroup_parents.h"
#include "container/feature_gate.h"
#include "container/owner.h"
#include "linux/id_mappings.h"
#include "linux/idmapped_mount.h"
#include "linux/namespaces.h"
#include "linux/path_in_root.h"
#include "linux/process_info.h"
#include "linux/seccomp_cache.h"
#include "linux/seccomp_listener.h"
#include "spec/container_process_state.h"
#include "linux/terminal.h"
#include "linux/unix_socket.h"
#include "process/hooks.h"
#include "process/process_setup.h"
#include "spec/effective_resources.h"
#include "spec/validate.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

namespace berth::container {
namespace {

constexpr int kInitTimeoutMs = 120 * 1000;

Result<> check_console_options(const spec::Spec& spec, const PrepareRequest& request) {
  bool terminal = spec.process->terminal;
  const std::string& socket = request.options->console_socket;
  if (terminal && socket.empty() && !request.relay_terminal) {
    return fail_invalid(
        "process.terminal is true but no --console-socket was given: a detached container needs a "
        "console socket to hand its terminal to");
  }
  if (!terminal && !socket.empty()) {
    return fail_invalid("--console-socket was given but process.terminal is false");
  }
  if (!socket.empty()) {
    // Fail now, before anything is created, if there is no socket there. (Not by connecting: a
    // console socket may accept only one connection.)
    struct stat st;
    if (::stat(socket.c_str(), &st) != 0) return fail_system("--console-socket " + quoted(socket));
    if (!S_ISSOCK(st.st_mode)) return fail_invalid("--console-socket: " + quoted(socket) + " is not a socket");
  }
  return {};
}

Result<std::vector<process::NamespaceToJoin>> open_namespaces_to_join(const spec::Linux& linux_config,
                                                                    UniqueFd& pid_namespace) {
  std::vector<process::NamespaceToJoin> joins;
  for (size_t i = 0; i < linux_config.namespaces.size(); ++i) {
    const auto& ns = linux_config.namespaces[i];
    if (ns.path.empty()) continue;
    auto fd = linux::open_namespace(ns.path, ns.type);
    if (!fd) return fail(std::move(fd.error()).with_context("linux.namespaces[" + std::to_string(i) + "].path"));
    if (ns.type == spec::NamespaceType::pid) {
      pid_namespace = std::move(*fd);
    } else {
      joins.push_back({ns.type, std::move(*fd)});
    }
  }
  return joins;
}

// The container's cgroup hierarchies, for mounts of type "cgroup".
std::vector<linux::CgroupHierarchyMount> cgroup_mounts_for(const cgroup::Driver& driver) {
  std::vector<linux::CgroupHierarchyMount> hierarchies;
  const auto& paths = driver.placement().paths;
  for (const auto& mount : driver.hierarchy_mounts()) {
    auto dir = paths.find(mount.mount_point);
    if (dir == paths.end()) continue;
    linux::CgroupHierarchyMount hierarchy;
    hierarchy.host_mount_point = mount.mount_point;
    hierarchy.name = mount.mount_point == "/sys/fs/cgroup" ? "" : linux::split_last_component(mount.mount_point).second;
    hierarchy.fs_type = mount.v2 ? "cgroup2" : "cgroup";
    for (const auto& controller : mount.controllers) {
      if (!hierarchy.v1_mount_data.empty()) hierarchy.v1_mount_data += ",";
      if (controller.starts_with("name=")) hierarchy.v1_mount_data += "none,";
      hierarchy.v1_mount_data += controller;
    }
    hierarchy.container_path = dir->second;
    hierarchies.push_back(std::move(hierarchy));
  }
  return hierarchies;
}

int new_namespace_flags(const spec::Linux& linux_config) {
  int flags = 0;
  for (const auto& ns : linux_config.namespaces) {
    if (!ns.path.empty()) continue;
    // cgroup and time namespaces are entered by the init itself (see InitOptions).
    if (ns.type == spec::NamespaceType::cgroup || ns.type == spec::NamespaceType::time) continue;
    flags |= linux::clone_flag(ns.type);
  }
  return flags;
}

// systemd socket activation: when this runtime was started with LISTEN_FDS for itself
// (LISTEN_PID is our pid), the sockets 3 .. 3+N-1 go on to the container's process, which is
// told so with LISTEN_FDS=N and LISTEN_PID=1, as runc does.
int socket_activation_fds() {
  const char* fds = ::getenv("LISTEN_FDS");
  const char* pid = ::getenv("LISTEN_PID");
  if (!fds || !pid) return 0;
  auto count = parse_u64(fds);
  auto listen_pid = parse_u64(pid);
  if (!count || !listen_pid || *listen_pid != static_cast<uint64_t>(::getpid())) return 0;
  return static_cast<int>(std::min<uint64_t>(*count, 1024));
}

bool has_new_namespace(const spec::Linux& linux_config, spec::NamespaceType type) {
  const spec::Namespace* ns = linux_config.find_namespace(type);
  return ns && ns->path.empty();
}

// A user namespace together with other namespaces joined by path: the joins must happen before
// (joined user namespace) or around (new user namespace) the unshares, so clone3 cannot do it all.
bool needs_two_stage_start(const spec::Linux& linux_config) {
  const spec::Namespace* user = linux_config.find_namespace(spec::NamespaceType::user);
  if (!user) return false;
  if (!user->path.empty()) return true;
  for (const auto& ns : linux_config.namespaces) {
    if (!ns.path.empty() && ns.type != spec::NamespaceType::pid) return true;
  }
  return false;
}

bool wants_idmapped_mount(const spec::Mount& mount) {
  if (!mount.uid_mappings.empty() || !mount.gid_mappings.empty()) return true;
  for (const auto& option : mount.options) {
    if (option == "idmap" || option == "ridmap") return true;
  }
  return false;
}

// Prepares an idmapped copy of every mount that asks for one and hands it to the init.
Result<> send_idmapped_mounts(PreparedContainer& container) {
  const auto& mounts = container.spec.mounts;
  for (size_t i = 0; i < mounts.size(); ++i) {
    const spec::Mount& mount = mounts[i];
    if (!wants_idmapped_mount(mount)) continue;
    std::string field = "mounts[" + std::to_string(i) + "] (" + mount.destination + ")";
    bool recursive_bind = false, recursive_idmap = false, bind = mount.type == "bind";
    for (const auto& option : mount.options) {
      recursive_bind |= option == "rbind";
      bind |= option == "bind" || option == "rbind";
      recursive_idmap |= option == "ridmap";
    }
    if (!bind) return fail_invalid(field + ": idmapped mounts must be bind mounts");
    UniqueFd userns;
    if (!mount.uid_mappings.empty() || !mount.gid_mappings.empty()) {
      userns = BERTH_TRY_CTX(linux::make_user_namespace(mount.uid_mappings, mount.gid_mappings), field);
    } else {
      if (!container.spec.linux_config || !container.spec.linux_config->has_namespace(spec::NamespaceType::user)) {
        return fail_invalid(field + ": the idmap option needs a user namespace (or uidMappings on the mount)");
      }
      userns = BERTH_TRY_CTX(open_file("/proc/" + std::to_string(container.init.pid) + "/ns/user", O_RDONLY), field);
    }
    std::string source = mount.source.starts_with("/") ? mount.source : join_path(container.record.bundle, mount.source);
    UniqueFd tree = BERTH_TRY_CTX(linux::make_idmapped_tree(source, recursive_bind, recursive_idmap, userns.get()), field);
    BERTH_TRY(container.init.channel.send(process::MessageType::mount_fd, std::to_string(i), tree.get()));
  }
  return {};
}

// Handles the init's messages until it is ready: the terminal, then the hooks that run between
// mounting and pivot_root.
Result<> drive_init_to_ready(PreparedContainer& container, const PrepareRequest& request) {
  auto& channel = container.init.channel;
  int pidfd = container.init.pidfd.get();
  for (;;) {
    process::Message message = BERTH_TRY(channel.receive(kInitTimeoutMs, pidfd));
    switch (message.type) {
      case process::MessageType::terminal:
        if (!message.fd.valid()) return fail_invalid("the init sent no terminal");
        if (!request.options->console_socket.empty()) {
          BERTH_TRY(linux::send_fd_to_unix_socket(request.options->console_socket, message.fd.get(),
                                                  message.payload));
        } else {
          container.pty_master = std::move(message.fd);
        }
        break;
      case process::MessageType::mounts_ready: {
        fault_point("create:rootfs-mounted");
        std::string state = spec::oci_state_json(container.record, spec::Status::creating, false);
        BERTH_TRY(process::run_hooks(container.spec.hooks.prestart, "prestart", state));
        BERTH_TRY(process::run_hooks(container.spec.hooks.create_runtime, "createRuntime", state));
        BERTH_TRY(channel.send(process::MessageType::hooks_done, std::to_string(container.init.pid)));
        break;
      }
      case process::MessageType::seccomp_listener: {
        if (!message.fd.valid()) return fail_invalid("the init sent no seccomp listener");
        const spec::Seccomp& seccomp = *container.spec.linux_config->seccomp;
        spec::ContainerRecord record = container.record;
        record.pid = container.init.pid;
        std::string state = spec::container_process_state_json(record, spec::Status::creating, seccomp.listener_metadata);
        BERTH_TRY(linux::send_seccomp_listener(seccomp.listener_path, message.fd.get(), state));
        break;
      }
      case process::MessageType::ready:
        return {};
      case process::MessageType::error:
        if (process::is_end_of_file(message)) return fail_invalid("the container's init exited during setup");
        return fail(Error(message.errnum, message.payload));
      default:
        return fail_invalid(std::string("protocol error: unexpected ") +
                            process::message_type_name(message.type) + " message from the init");
    }
  }
}

// When the init died during setup without saying why, the kernel may have: the usual cause is a
// memory limit too low for the container to start at all.
Error explain_setup_failure(const PreparedContainer& container, Error error) {
  if (!container.cgroup) return error;
  auto kills = container.cgroup->oom_kill_count();
  if (!kills || *kills == 0) return error;
  std::string limit;
  const auto& linux_config = container.spec.linux_config;
  if (linux_config && linux_config->resources && linux_config->resources->memory &&
      linux_config->resources->memory->limit) {
    limit = " (" + std::to_string(*linux_config->resources->memory->limit) + " bytes)";
  }
  return Error::invalid("linux.resources.memory.limit" + limit +
                        " is too low: the OOM killer killed the container's init while it was being set up (" +
                        error.text() + ")");
}

}  // namespace

Result<PreparedContainer> prepare_container(const PrepareRequest& request) {
  const RuntimeOptions& runtime = *request.runtime;
  const CreateOptions& options = *request.options;
  BERTH_TRY(spec::validate_container_id(request.id));
  Bundle bundle = BERTH_TRY(load_bundle(options.bundle));
  log::debug("container " + request.id + ": bundle " + bundle.path + ", rootfs " + bundle.rootfs);
  for (const auto& warning : bundle.warnings) log::warning(warning);
  BERTH_TRY(reject_unsupported(bundle.spec));
  BERTH_TRY(protect_runtime_binary(runtime, bundle.spec));
  BERTH_TRY(check_console_options(bundle.spec, request));
  int activation_fds = socket_activation_fds();
  BERTH_TRY(process::check_fds_to_preserve(activation_fds + options.preserve_fds, runtime.log_fd));
  const spec::Linux linux_config = bundle.spec.linux_config.value_or(spec::Linux{});
  UniqueFd pid_namespace;
  auto joins = BERTH_TRY(open_namespaces_to_join(linux_config, pid_namespace));

  UniqueFd pidfd_socket;  // connected before anything is created: a dead socket fails early
  if (!options.pidfd_socket.empty()) {
    pidfd_socket = BERTH_TRY_CTX(linux::connect_unix_socket(options.pidfd_socket), "--pidfd-socket");
  }

  StateStore store(runtime.root);
  PreparedContainer container{BERTH_TRY(store.create(request.id)), std::move(bundle.spec), {}, nullptr, {}, {}};
  ContainerDir& state_dir = container.dir;
  ScopeGuard remove_dir([&] { (void)state_dir.remove(); });

  BERTH_TRY(write_new_file(state_dir.config_copy_path(), bundle.config_text, 0600));
  fault_point("create:state-dir");
  UniqueFd exec_fifo;
  if (request.start_signal == StartSignal::exec_fifo) {
    // 0622 whatever the umask: the init opens it for writing after it became the container's user.
    if (::mkfifo(state_dir.exec_fifo_path().c_str(), 0622) != 0 ||
        ::chmod(state_dir.exec_fifo_path().c_str(), 0622) != 0) {
      return fail_system("create the exec fifo");
    }
    exec_fifo = BERTH_TRY(open_file(state_dir.exec_fifo_path(), O_PATH));
  }

  spec::ContainerRecord& record = container.record;
  record.oci_version = container.spec.oci_version;
  record.id = request.id;
  record.bundle = bundle.path;
  record.rootfs = bundle.rootfs;
  record.created = rfc3339_utc_now();
  record.owner = user_name_of(::geteuid());
  record.annotations = container.spec.annotations;
  record.creating = true;

  cgroup::CreateRequest cgroup_request;
  cgroup_request.container_id = storage_name(request.id);
  cgroup_request.cgroups_path = linux_config.cgroups_path;
  cgroup_request.rootless = ::geteuid() != 0;  // only the hierarchies delegated to us
  container.cgroup = BERTH_TRY(cgroup::create(cgroup_request));
  ScopeGuard destroy_cgroup([&] { (void)container.cgroup->destroy(); });
  record.cgroup_paths = container.cgroup->placement().paths;
  log::debug(std::string("cgroup created (") + cgroup::layout_name(container.cgroup->layout()) + ") in " +
             std::to_string(record.cgroup_paths.size()) + " hierarchies");
  record.created_cgroups = container.cgroup->placement().created;
  BERTH_TRY(state_dir.write_creating_record(record));
  fault_point("create:cgroup");
  spec::Resources resources = spec::effective_resources(container.spec);
  if (cgroup_request.rootless) {
    // An unprivileged user cannot have a device cgroup; a user namespace cannot mknod either, and
    // the devices it gets are bind mounts of nodes the user may already open.
    if (!resources.devices.empty()) log::debug("rootless: linux.resources.devices not applied");
    resources.devices.clear();
  }
  BERTH_TRY(container.cgroup->apply(resources, true));

  if (activation_fds > 0) {
    container.spec.process->env.push_back("LISTEN_FDS=" + std::to_string(activation_fds));
    container.spec.process->env.push_back("LISTEN_PID=1");
  }

  process::InitOptions init;
  init.spec = &container.spec;
  init.rootfs = record.rootfs;
  init.no_pivot = options.no_pivot;
  init.no_new_keyring = options.no_new_keyring;
  // runc's rule: stdio, then the LISTEN_FDS sockets, then the --preserve-fds ones.
  init.preserve_fds = activation_fds + options.preserve_fds;
  init.exec_fifo_fd = exec_fifo.get();
  init.log_fd = runtime.log_fd;
  init.mount_context.bundle = record.bundle;
  init.mount_context.new_cgroup_namespace = has_new_namespace(linux_config, spec::NamespaceType::cgroup);
  init.mount_context.in_user_namespace = linux_config.has_namespace(spec::NamespaceType::user);
  init.mount_context.cgroup_hierarchies = cgroup_mounts_for(*container.cgroup);
  init.mount_context.cgroup_v2_only = container.cgroup->layout() == cgroup::Layout::v2;
  init.namespaces_to_join = std::move(joins);
  init.new_namespace_flags = new_namespace_flags(linux_config);
  init.two_stage = needs_two_stage_start(linux_config);

  init.in_user_namespace = linux_config.has_namespace(spec::NamespaceType::user);
  init.unshare_cgroup_namespace = init.mount_context.new_cgroup_namespace;
  init.new_time_namespace = has_new_namespace(linux_config, spec::NamespaceType::time);
  init.record = record;
  if (linux_config.seccomp) {
    init.seccomp = BERTH_TRY_CTX(linux::compile_seccomp_cached(*linux_config.seccomp, runtime.cache_dir), "linux.seccomp");
  }

  container.init = BERTH_TRY(process::spawn_init(init, container.cgroup.get(), pid_namespace.get()));
  ScopeGuard kill_init([&] { process::kill_and_reap(container.init.pid, container.init.pidfd.get()); });
  fault_point("create:cloned");
  exec_fifo.reset();

  record.pid = container.init.pid;
  log::debug("init cloned: pid " + std::to_string(record.pid) + (init.two_stage ? " (two-stage start)" : ""));
  record.pid_start_time = BERTH_TRY(linux::read_process_stat(record.pid)).start_time;
  // No record update here: until "committed" the init dies with this process (PR_SET_PDEATHSIG, or
  // end-of-file on the channel in a two-stage start), so the creating record is enough to clean up.
  // The init may die at any step from here to "ready" (an OOM kill under a tiny memory limit is
  // the usual cause); whichever step notices says why, if the kernel knows.
  auto setup = [&]() -> Result<> {
    BERTH_TRY(send_idmapped_mounts(container));
    BERTH_TRY(container.init.channel.send(process::MessageType::go));
    return drive_init_to_ready(container, request);
  };
  if (auto ready = setup(); !ready) return fail(explain_setup_failure(container, std::move(ready.error())));

  if (pidfd_socket.valid()) {
    BERTH_TRY_CTX(linux::send_fd(pidfd_socket.get(), container.init.pidfd.get(), "pidfd"), "--pidfd-socket");
  }
  fault_point("create:before-state");
  record.creating = false;
  BERTH_TRY(state_dir.write_record(record));
  // Created from here on. (An init that a `kill` reached as soon as the state said so cannot
  // read this; it has been created all the same, and its end is the state's business.)
  (void)container.init.channel.send(process::MessageType::committed);
  fault_point("create:created");
  state_dir.unlock();
  log::debug("container " + request.id + " created");
  if (!options.pid_file.empty()) {
    BERTH_TRY_CTX(write_file_atomic(options.pid_file, std::to_string(record.pid), 0644), "--pid-file");
  }
  kill_init.dismiss();
  destroy_cgroup.dismiss();
  remove_dir.dismiss();
  return container;
}

Result<> destroy_container(ContainerDir& dir, const spec::ContainerRecord& record, const spec::Spec* spec,
                           cgroup::Driver* cgroup) {
  if (!record.cgroup_paths.empty()) {
    std::unique_ptr<cgroup::Driver> opened;
    if (cgroup == nullptr) {
      auto driver = cgroup::open_existing({record.cgroup_paths, record.created_cgroups});
      if (driver) opened = std::move(*driver);
      cgroup = opened.get();
    }
    if (cgroup != nullptr) {
      // kill_all thaws a frozen cgroup itself (SIGKILL is delivered on thaw); when it failed,
      // a thaw still lets whatever is left die of the signals it got.
      if (!cgroup->kill_all(SIGKILL)) (void)cgroup->thaw();
      auto destroyed = cgroup->destroy();
      if (!destroyed) log::warning("remove cgroup: " + destroyed.error().text());
      hand_over_shared_parents(linux::split_last_component(dir.path()).first, record);
    }
  } else if (linux::process_matches(record.pid, record.pid_start_time)) {
    ::kill(record.pid, SIGKILL);
  }
  BERTH_TRY(dir.remove());
  if (spec && !spec->hooks.poststop.empty()) {
    std::string state = spec::oci_state_json(record, spec::Status::stopped, false);
    auto hooks = process::run_hooks(spec->hooks.poststop, "poststop", state);
    if (!hooks) log::warning(hooks.error().text());
  }
  return {};
}

}  // namespace berth::container
