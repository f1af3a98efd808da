// RFC 3339 timestamps in UTC with nanoseconds ("2026-11-29T13:44:44.123456789Z"), as runc writes
// them in state and logs. Computed from the epoch seconds directly: gmtime(3) would first read
// /etc/localtime (tzset), a file a container runtime has no use for.
#pragma once

#include <time.h>

#include <string>

namespace berth {

std::string rfc3339_utc(const struct timespec& time);
std::string rfc3339_utc_now();

}  // namespace berth
