#include "base/error.h"

#include <cctype>
#include <cstring>

namespace berth {

Error& Error::with_context(std::string_view context) & {
  std::string joined;
  joined.reserve(context.size() + 2 + message_.size());
  joined.append(context);
  if (!message_.empty()) {
    joined.append(": ");
    joined.append(message_);
  }
  message_ = std::move(joined);
  return *this;
}

Error&& Error::with_context(std::string_view context) && {
  with_context(context);
  return std::move(*this);
}

std::string Error::text() const {
  if (errnum_ == 0) return message_;
  std::string out = message_;
  if (!out.empty()) out.append(": ");
  // In lower case, as runc (Go) words errno: Docker and Podman look for "no such file or
  // directory" and "permission denied" in a failed create to exit 127 or 126.
  std::string description = strerrordesc_np(errnum_) ? strerrordesc_np(errnum_) : "unknown error";
  description[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(description[0])));
  out.append(description);
  return out;
}

}  // namespace berth
