// The steps every container process goes through on its way to exec, shared by the container's
// init (container_init.cc) and by processes started with `exec` (exec_child.cc).
#pragma once

#include <string>
#include <vector>

#include "base/error.h"
#include "linux/seccomp_filter.h"
#include "process/channel.h"
#include "process/init_options.h"
#include "spec/spec.h"

namespace berth::process {

// Closes every descriptor except stdio, 3 .. 3+preserve_fds-1 and `keep`, so nothing of the
// caller's leaks into the container (CVE-2024-21626).
void close_fds_except(int preserve_fds, std::vector<int> keep);

// Before the runtime opens anything: descriptors 3 .. 3+count-1 must all be the caller's, open,
// and none of them the runtime's own `log_fd`. Otherwise a descriptor the runtime opens later
// (a state directory, a socket) would take a free number in that range and reach the container.
Result<> check_fds_to_preserve(int count, int log_fd);

// Clears close-on-exec on the preserved descriptors so they survive the exec.
Result<> clear_cloexec_on_preserved(int preserve_fds);

// setns(2) into each, the user namespace first (it decides what is allowed in the others).
// The descriptors are closed once used.
Result<> join_namespaces(std::vector<NamespaceToJoin>& namespaces);

// setresgid/setresuid(0) after entering a user namespace, so that what the process creates
// belongs to the namespace's root and not to an unmapped id.
Result<> become_namespace_root();

// rlimits, oomScoreAdj, ioPriority, scheduler, execCPUAffinity.initial.
Result<> apply_process_limits(const spec::Process& process);

// Capabilities around the switch to process.user, then no_new_privs.
Result<> drop_privileges(const spec::Process& process, bool in_user_namespace);

// Where the seccomp filter goes in: without no_new_privs, loading one needs CAP_SYS_ADMIN, so it
// must happen before the capabilities are dropped; with no_new_privs it waits until the very end,
// so the runtime's own remaining steps are not filtered. A NOTIFY filter is loaded before `ready`
// either way: its listener must reach the runtime.
enum class SeccompMoment { before_dropping_privileges, after_dropping_privileges, just_before_exec };
SeccompMoment seccomp_moment(const spec::Process& process, const linux::SeccompProgram& program);

// Loads the filter; a NOTIFY listener is sent to the parent over `channel`.
Result<> load_seccomp_and_send_listener(const linux::SeccompProgram& program, Channel& channel);

// Finds args[0] the way execvp would, with PATH from the process's own environment. Errors read
// like runc's: exec: "foo": executable file not found in $PATH
Result<std::string> resolve_executable(const std::string& name, const std::vector<std::string>& env);

}  // namespace berth::process
