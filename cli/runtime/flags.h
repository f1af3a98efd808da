// A small command-line flag parser in runc's style: --name value, --name=value, -name value,
// -n value, and booleans --flag / --flag=false. "--" ends the flags.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace berth::cli {

struct Flag {
  enum class Kind { boolean, text, integer, repeated_text };
  std::string_view name;     // long name without dashes
  char short_name = 0;       // 0 = none
  Kind kind = Kind::boolean;
  void* target = nullptr;    // bool*, std::string*, int*, std::vector<std::string>*
  std::string_view help;
  std::string_view value_name = "VALUE";
};

struct ParseOptions {
  // exec ID COMMAND...: everything after the first positional belongs to the command.
  bool stop_at_first_positional = false;
};

// Fills the targets and returns the positional arguments. Errors name the flag.
Result<std::vector<std::string>> parse_flags(std::span<char* const> args, std::span<const Flag> flags,
                                             ParseOptions options = {});

// The "Options:" block of a usage text.
std::string describe_flags(std::span<const Flag> flags);

}  // namespace berth::cli
