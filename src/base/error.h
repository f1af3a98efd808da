// Error values for everything fallible in berth.
//
// An Error carries an errno (0 when the failure is not a system error) and a
// message. Context is prepended as the error travels up, so by the time main()
// prints it reads like
//   create container "web": mount "proc" on "/proc": operation not permitted
// Only the command-line front ends print errors.
#pragma once

#include <cerrno>
#include <expected>
#include <string>
#include <string_view>
#include <utility>

namespace berth {

class Error {
 public:
  Error() = default;
  Error(int errnum, std::string message) : errnum_(errnum), message_(std::move(message)) {}

  // A failure described only by text (bad input, protocol errors).
  static Error invalid(std::string message) { return Error(0, std::move(message)); }
  // A failed system call; `what` names the call and its object, the errno text is appended on print.
  static Error system(std::string what, int errnum = errno) { return Error(errnum, std::move(what)); }

  int errnum() const { return errnum_; }
  const std::string& message() const { return message_; }

  // Prepends "context: " to the message.
  Error& with_context(std::string_view context) &;
  Error&& with_context(std::string_view context) &&;

  // The full human-readable text: message, then ": strerror(errnum)" (first letter in lower
  // case, as runc prints it) when errnum != 0.
  std::string text() const;

 private:
  int errnum_ = 0;
  std::string message_;
};

template <typename T = void>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(Error error) { return std::unexpected<Error>(std::move(error)); }
inline std::unexpected<Error> fail_invalid(std::string message) {
  return std::unexpected<Error>(Error::invalid(std::move(message)));
}
inline std::unexpected<Error> fail_system(std::string what, int errnum = errno) {
  return std::unexpected<Error>(Error::system(std::move(what), errnum));
}

}  // namespace berth

// Evaluates a Result expression; on error returns it from the enclosing function,
// otherwise yields the value. A GNU statement expression (g++ and clang both have it).
#define BERTH_TRY(expr)                                                 \
  ({                                                                    \
    auto&& berth_try_result_ = (expr);                                  \
    if (!berth_try_result_) [[unlikely]]                                \
      return ::std::unexpected<::berth::Error>(                         \
          ::std::move(berth_try_result_).error());                      \
    ::std::move(berth_try_result_).value();                             \
  })

// Like BERTH_TRY, and prepends a context string to the error.
#define BERTH_TRY_CTX(expr, context)                                    \
  ({                                                                    \
    auto&& berth_try_result_ = (expr);                                  \
    if (!berth_try_result_) [[unlikely]]                                \
      return ::std::unexpected<::berth::Error>(                         \
          ::std::move(berth_try_result_).error().with_context(context)); \
    ::std::move(berth_try_result_).value();                             \
  })

#ifdef linux
#error "berth must be compiled with -std=c++2b, not gnu++2b: 'linux' is a predefined macro there"
#endif
