// Compiled seccomp filters kept on disk, because libseccomp is slow: a Docker-default-like
// profile (~350 names, 3 architectures) takes it 15-45 ms to build, reading the cached program
// takes well under 1 ms. Every container of an engine uses the same few profiles.
//
// A cache file <cache_dir>/seccomp-<64-bit hash>.bpf holds the full key (a canonical text of
// everything that decides the program: the profile without listenerPath/listenerMetadata, the
// libseccomp version, the native architecture, the identity of the runtime binary (device, inode,
// size, mtime of /proc/self/exe), this format's version) followed by the flags and
// the instructions. A hit needs the stored key to equal the computed one byte for byte, so a hash
// collision can only cost a compile, never load the wrong filter. Files are written to a temporary
// name and renamed; at most kMaxSeccompCacheFiles are kept (the oldest go first).
#pragma once

#include <string>

#include "base/error.h"
#include "linux/seccomp_filter.h"

namespace berth::linux {

inline constexpr size_t kMaxSeccompCacheFiles = 16;

// compile_seccomp, through the cache in `cache_dir` (created 0700 when missing, when its parent
// exists). Failures of the cache itself are logged at debug level and never fail the call;
// errors in the profile are reported exactly as compile_seccomp reports them.
Result<SeccompProgram> compile_seccomp_cached(const spec::Seccomp& seccomp,
                                              const std::string& cache_dir);

// The cache key of a profile (exposed for tests).
std::string seccomp_cache_key(const spec::Seccomp& seccomp);

}  // namespace berth::linux
