#include "linux/mount_options.h"

#include <sys/mount.h>

#include <string_view>

namespace berth::linux {
namespace {

struct FlagOption {
  std::string_view name;
  bool clear;  // the option clears `flag` instead of setting it
  unsigned long flag;
};

constexpr FlagOption kFlagOptions[] = {
    {"async", true, MS_SYNCHRONOUS},    {"atime", true, MS_NOATIME},
    {"bind", false, MS_BIND},           {"defaults", false, 0},
    {"dev", true, MS_NODEV},            {"diratime", true, MS_NODIRATIME},
    {"dirsync", false, MS_DIRSYNC},     {"exec", true, MS_NOEXEC},
    {"iversion", false, MS_I_VERSION},  {"lazytime", false, MS_LAZYTIME},
    {"loud", true, MS_SILENT},          {"mand", false, MS_MANDLOCK},
    {"noatime", false, MS_NOATIME},     {"nodev", false, MS_NODEV},
    {"nodiratime", false, MS_NODIRATIME}, {"noexec", false, MS_NOEXEC},
    {"noiversion", true, MS_I_VERSION}, {"nolazytime", true, MS_LAZYTIME},
    {"nomand", true, MS_MANDLOCK},      {"norelatime", true, MS_RELATIME},
    {"nostrictatime", true, MS_STRICTATIME}, {"nosuid", false, MS_NOSUID},
    {"nosymfollow", false, MS_NOSYMFOLLOW},
    {"rbind", false, MS_BIND | MS_REC}, {"relatime", false, MS_RELATIME},
    {"remount", false, MS_REMOUNT},     {"ro", false, MS_RDONLY},
    {"rw", true, MS_RDONLY},            {"silent", false, MS_SILENT},
    {"strictatime", false, MS_STRICTATIME}, {"suid", true, MS_NOSUID},
    {"symfollow", true, MS_NOSYMFOLLOW}, {"sync", false, MS_SYNCHRONOUS},
};

struct PropagationOption {
  std::string_view name;
  unsigned long flags;
};

constexpr PropagationOption kPropagationOptions[] = {
    {"private", MS_PRIVATE},         {"rprivate", MS_PRIVATE | MS_REC},
    {"shared", MS_SHARED},           {"rshared", MS_SHARED | MS_REC},
    {"slave", MS_SLAVE},             {"rslave", MS_SLAVE | MS_REC},
    {"unbindable", MS_UNBINDABLE},   {"runbindable", MS_UNBINDABLE | MS_REC},
};

struct RecursiveAttrOption {
  std::string_view name;
  bool clear;
  uint64_t attr;
};

constexpr RecursiveAttrOption kRecursiveAttrOptions[] = {
    {"rro", false, MOUNT_ATTR_RDONLY},        {"rrw", true, MOUNT_ATTR_RDONLY},
    {"rnosuid", false, MOUNT_ATTR_NOSUID},    {"rsuid", true, MOUNT_ATTR_NOSUID},
    {"rnodev", false, MOUNT_ATTR_NODEV},      {"rdev", true, MOUNT_ATTR_NODEV},
    {"rnoexec", false, MOUNT_ATTR_NOEXEC},    {"rexec", true, MOUNT_ATTR_NOEXEC},
    {"rnodiratime", false, MOUNT_ATTR_NODIRATIME}, {"rdiratime", true, MOUNT_ATTR_NODIRATIME},
    {"rrelatime", false, MOUNT_ATTR_RELATIME}, {"rnorelatime", true, MOUNT_ATTR_RELATIME},
    {"rnoatime", false, MOUNT_ATTR_NOATIME},  {"ratime", true, MOUNT_ATTR_NOATIME},
    {"rstrictatime", false, MOUNT_ATTR_STRICTATIME}, {"rnostrictatime", true, MOUNT_ATTR_STRICTATIME},
    {"rnosymfollow", false, MOUNT_ATTR_NOSYMFOLLOW}, {"rsymfollow", true, MOUNT_ATTR_NOSYMFOLLOW},
};

bool apply_flag_option(std::string_view word, MountOptions& out) {
  for (const auto& option : kFlagOptions) {
    if (option.name != word) continue;
    if (option.clear) {
      out.flags &= ~option.flag;
    } else {
      out.flags |= option.flag;
    }
    return true;
  }
  return false;
}

bool apply_propagation_option(std::string_view word, MountOptions& out) {
  for (const auto& option : kPropagationOptions) {
    if (option.name != word) continue;
    out.propagation.push_back(option.flags);
    return true;
  }
  return false;
}

bool apply_recursive_attr_option(std::string_view word, MountOptions& out) {
  for (const auto& option : kRecursiveAttrOptions) {
    if (option.name != word) continue;
    if (option.clear) {
      out.recursive_attr_clear |= option.attr;
      out.recursive_attr_set &= ~option.attr;
    } else {
      out.recursive_attr_set |= option.attr;
      out.recursive_attr_clear &= ~option.attr;
    }
    return true;
  }
  return false;
}

}  // namespace

bool MountOptions::is_bind() const { return (flags & MS_BIND) != 0; }
bool MountOptions::is_recursive_bind() const { return (flags & (MS_BIND | MS_REC)) == (MS_BIND | MS_REC); }

Result<MountOptions> parse_mount_options(const std::vector<std::string>& options) {
  MountOptions out;
  for (size_t i = 0; i < options.size(); ++i) {
    std::string_view word = options[i];
    if (word.empty()) return fail_invalid("options[" + std::to_string(i) + "]: empty mount option");
    if (apply_flag_option(word, out) || apply_propagation_option(word, out) ||
        apply_recursive_attr_option(word, out)) {
      continue;
    }
    if (word == "idmap") {
      out.idmap = true;
    } else if (word == "ridmap") {
      out.recursive_idmap = true;
    } else if (word == "tmpcopyup") {
      out.tmpcopyup = true;
    } else {
      if (!out.data.empty()) out.data.push_back(',');
      out.data.append(word);
    }
  }
  return out;
}

std::vector<std::string> known_mount_options() {
  std::vector<std::string> names;
  for (const auto& o : kFlagOptions) names.emplace_back(o.name);
  for (const auto& o : kPropagationOptions) names.emplace_back(o.name);
  for (const auto& o : kRecursiveAttrOptions) names.emplace_back(o.name);
  names.emplace_back("idmap");
  names.emplace_back("ridmap");
  names.emplace_back("tmpcopyup");
  return names;
}

}  // namespace berth::linux
