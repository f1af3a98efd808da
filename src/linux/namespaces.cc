#include "linux/namespaces.h"

#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <sys/ioctl.h>

#include "base/files.h"
#include "base/strings.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

namespace berth::linux {

int clone_flag(spec::NamespaceType type) {
  switch (type) {
    case spec::NamespaceType::pid: return CLONE_NEWPID;
    case spec::NamespaceType::network: return CLONE_NEWNET;
    case spec::NamespaceType::mount: return CLONE_NEWNS;
    case spec::NamespaceType::ipc: return CLONE_NEWIPC;
    case spec::NamespaceType::uts: return CLONE_NEWUTS;
    case spec::NamespaceType::user: return CLONE_NEWUSER;
    case spec::NamespaceType::cgroup: return CLONE_NEWCGROUP;
    case spec::NamespaceType::time: return CLONE_NEWTIME;
  }
  return 0;
}

const char* proc_ns_name(spec::NamespaceType type) {
  switch (type) {
    case spec::NamespaceType::pid: return "pid";
    case spec::NamespaceType::network: return "net";
    case spec::NamespaceType::mount: return "mnt";
    case spec::NamespaceType::ipc: return "ipc";
    case spec::NamespaceType::uts: return "uts";
    case spec::NamespaceType::user: return "user";
    case spec::NamespaceType::cgroup: return "cgroup";
    case spec::NamespaceType::time: return "time";
  }
  return "?";
}

Result<UniqueFd> open_namespace(const std::string& path, spec::NamespaceType type) {
  UniqueFd fd = BERTH_TRY(open_file(path, O_RDONLY));
  int kind = ::ioctl(fd.get(), NS_GET_NSTYPE);
  if (kind < 0 || kind != clone_flag(type)) {
    return fail_invalid(quoted(path) + " is not a " + spec::namespace_type_name(type) + " namespace");
  }
  return fd;
}

Result<> join_namespace(int ns_fd, spec::NamespaceType type) {
  if (::setns(ns_fd, clone_flag(type)) != 0) {
    return fail_system(std::string("join ") + spec::namespace_type_name(type) + " namespace");
  }
  return {};
}

}  // namespace berth::linux
