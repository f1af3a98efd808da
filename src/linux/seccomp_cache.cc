#include "linux/seccomp_cache.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <seccomp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <vector>

#include "base/files.h"
#include "base/log.h"
#include "base/unique_fd.h"
#include "linux/seccomp_features.h"

namespace berth::linux {
namespace {

// Bump when the file layout or anything compile_seccomp decides changes (the stub, the rule
// semantics, the optimization level), so that old files are never taken for new ones.
constexpr char kMagic[8] = {'B', 'S', 'E', 'C', 'C', '0', '0', '1'};
constexpr std::string_view kPrefix = "seccomp-";
constexpr std::string_view kSuffix = ".bpf";

struct FileHeader {
  char magic[8];
  uint32_t key_size;
  uint32_t flags;
  uint32_t instruction_count;
  uint32_t reserved;
};

void put(std::string& key, std::string_view text) {
  key += std::to_string(text.size());
  key += ':';
  key += text;
  key += ';';
}
void put(std::string& key, uint64_t number) {
  key += std::to_string(number);
  key += ';';
}
void put(std::string& key, const std::optional<uint32_t>& number) {
  if (number) {
    put(key, static_cast<uint64_t>(*number));
  } else {
    key += "-;";
  }
}

uint64_t fnv1a(std::string_view data) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : data) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

std::string file_name(std::string_view key) {
  static constexpr char kHex[] = "0123456789abcdef";
  uint64_t hash = fnv1a(key);
  std::string name(kPrefix);
  for (int shift = 60; shift >= 0; shift -= 4) name += kHex[(hash >> shift) & 0xf];
  name += kSuffix;
  return name;
}

// The flags a kernel accepted when the file was written may not be accepted by the one running
// now (a state root that survives a reboot into an older kernel).
bool flags_still_supported(unsigned int flags) {
  for (unsigned int flag :
       {kSeccompFlagTsync, kSeccompFlagLog, kSeccompFlagSpecAllow, kSeccompFlagWaitKillableRecv}) {
    if ((flags & flag) && !seccomp_flag_supported(flag)) return false;
  }
  return true;
}

std::optional<SeccompProgram> read_cached(const std::string& path, std::string_view key) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) return std::nullopt;
  auto content = read_fd(fd.get());
  if (!content || content->size() < sizeof(FileHeader)) return std::nullopt;
  FileHeader header;
  std::memcpy(&header, content->data(), sizeof(header));
  if (std::memcmp(header.magic, kMagic, sizeof(kMagic)) != 0 || header.key_size != key.size() ||
      header.instruction_count == 0 || header.instruction_count > BPF_MAXINSNS) {
    return std::nullopt;
  }
  size_t expected =
      sizeof(header) + key.size() + header.instruction_count * sizeof(SeccompInstruction);
  if (content->size() != expected) return std::nullopt;
  if (std::string_view(*content).substr(sizeof(header), key.size()) != key) return std::nullopt;
  SeccompProgram program;
  program.flags = header.flags;
  program.instructions.resize(header.instruction_count);
  std::memcpy(program.instructions.data(), content->data() + sizeof(header) + key.size(),
              header.instruction_count * sizeof(SeccompInstruction));
  if (!flags_still_supported(program.flags)) return std::nullopt;
  return program;
}

// Keeps the directory below kMaxSeccompCacheFiles cache files, the oldest going first.
void prune(const std::string& dir) {
  DIR* stream = ::opendir(dir.c_str());
  if (!stream) return;
  std::vector<std::pair<timespec, std::string>> files;
  while (dirent* entry = ::readdir(stream)) {
    std::string_view name = entry->d_name;
    if (!name.starts_with(kPrefix)) continue;  // also temporary files left by a crash
    struct stat st;
    if (::fstatat(::dirfd(stream), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
        !S_ISREG(st.st_mode))
      continue;
    files.emplace_back(st.st_mtim, std::string(name));
  }
  ::closedir(stream);
  if (files.size() < kMaxSeccompCacheFiles) return;
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) {
    return a.first.tv_sec != b.first.tv_sec ? a.first.tv_sec < b.first.tv_sec
                                            : a.first.tv_nsec < b.first.tv_nsec;
  });
  for (size_t i = 0; i + kMaxSeccompCacheFiles - 1 < files.size(); ++i) {
    ::unlink(join_path(dir, files[i].second).c_str());
  }
}

Result<> write_cached(const std::string& dir, const std::string& name, std::string_view key,
                      const SeccompProgram& program) {
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return fail_system("mkdir " + dir);
  prune(dir);
  FileHeader header{};
  std::memcpy(header.magic, kMagic, sizeof(kMagic));
  header.key_size = static_cast<uint32_t>(key.size());
  header.flags = program.flags;
  header.instruction_count = static_cast<uint32_t>(program.instructions.size());
  std::string content(reinterpret_cast<const char*>(&header), sizeof(header));
  content += key;
  content.append(reinterpret_cast<const char*>(program.instructions.data()),
                 program.instructions.size() * sizeof(SeccompInstruction));

  std::string path = join_path(dir, name);
  std::string temporary = path + ".tmp." + std::to_string(::getpid());
  UniqueFd fd(
      ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd) return fail_system("create " + temporary);
  auto written = write_all(fd.get(), content);
  fd.reset();
  if (!written || ::rename(temporary.c_str(), path.c_str()) != 0) {
    Error error = written ? Error::system("rename " + temporary) : written.error();
    ::unlink(temporary.c_str());
    return fail(error);
  }
  return {};
}

}  // namespace

std::string seccomp_cache_key(const spec::Seccomp& seccomp) {
  std::string key;
  key.reserve(8192);
  key.append(kMagic, sizeof(kMagic));
  key += '\n';
  const scmp_version* version = seccomp_version();
  put(key, static_cast<uint64_t>(version->major));
  put(key, static_cast<uint64_t>(version->minor));
  put(key, static_cast<uint64_t>(version->micro));
  put(key, static_cast<uint64_t>(seccomp_arch_native()));
  // The binary that compiles: a rebuilt runtime (a patched libseccomp syscall table, a changed
  // compile_seccomp) never reads what an older build wrote.
  struct stat exe;
  if (::stat("/proc/self/exe", &exe) == 0) {
    put(key, static_cast<uint64_t>(exe.st_dev));
    put(key, static_cast<uint64_t>(exe.st_ino));
    put(key, static_cast<uint64_t>(exe.st_size));
    put(key, static_cast<uint64_t>(exe.st_mtim.tv_sec));
    put(key, static_cast<uint64_t>(exe.st_mtim.tv_nsec));
  }
  put(key, seccomp.default_action);
  put(key, seccomp.default_errno_ret);
  put(key, static_cast<uint64_t>(seccomp.architectures.size()));
  for (const auto& arch : seccomp.architectures) put(key, arch);
  put(key, static_cast<uint64_t>(seccomp.flags.size()));
  for (const auto& flag : seccomp.flags) put(key, flag);
  put(key, static_cast<uint64_t>(seccomp.syscalls.size()));
  for (const auto& syscall : seccomp.syscalls) {
    put(key, static_cast<uint64_t>(syscall.names.size()));
    for (const auto& name : syscall.names) put(key, name);
    put(key, syscall.action);
    put(key, syscall.errno_ret);
    put(key, static_cast<uint64_t>(syscall.args.size()));
    for (const auto& arg : syscall.args) {
      put(key, static_cast<uint64_t>(arg.index));
      put(key, arg.value);
      put(key, arg.value_two);
      put(key, arg.op);
    }
  }
  return key;
}

Result<SeccompProgram> compile_seccomp_cached(const spec::Seccomp& seccomp,
                                              const std::string& cache_dir) {
  if (cache_dir.empty()) return compile_seccomp(seccomp);
  std::string key = seccomp_cache_key(seccomp);
  std::string name = file_name(key);
  std::string path = join_path(cache_dir, name);
  if (auto cached = read_cached(path, key)) {
    log::debug("seccomp: filter from the cache " + path);
    return std::move(*cached);
  }
  SeccompProgram program = BERTH_TRY(compile_seccomp(seccomp));
  if (auto stored = write_cached(cache_dir, name, key, program); !stored) {
    log::debug("seccomp: cannot cache the filter: " + stored.error().text());
  }
  return program;
}

}  // namespace berth::linux
