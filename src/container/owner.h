// The user name of a uid, for the "owner" field of the state, read from /etc/passwd (a static
// binary has no NSS); the decimal uid when there is no entry.
#pragma once

#include <sys/types.h>

#include <string>

namespace berth::container {

std::string user_name_of(uid_t uid);

}  // namespace berth::container
