#include "base/error.h"

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
  out.append(strerrordesc_np(errnum_) ? strerrordesc_np(errnum_) : "unknown error");
  return out;
}

}  // namespace berth
