#include "flags.h"

#include "base/strings.h"

namespace berth::cli {
namespace {

const Flag* find_flag(std::span<const Flag> flags, std::string_view name) {
  for (const auto& flag : flags) {
    if (flag.name == name) return &flag;
    if (name.size() == 1 && flag.short_name == name[0]) return &flag;
  }
  return nullptr;
}

Result<> assign(const Flag& flag, std::string_view value) {
  switch (flag.kind) {
    case Flag::Kind::boolean:
      if (value == "true" || value == "1") {
        *static_cast<bool*>(flag.target) = true;
      } else if (value == "false" || value == "0") {
        *static_cast<bool*>(flag.target) = false;
      } else {
        return fail_invalid("--" + std::string(flag.name) + ": expected true or false, got " + quoted(value));
      }
      return {};
    case Flag::Kind::text:
      *static_cast<std::string*>(flag.target) = std::string(value);
      return {};
    case Flag::Kind::repeated_text:
      static_cast<std::vector<std::string>*>(flag.target)->emplace_back(value);
      return {};
    case Flag::Kind::integer: {
      auto number = parse_i64(value);
      if (!number || *number < INT32_MIN || *number > INT32_MAX) {
        return fail_invalid("--" + std::string(flag.name) + ": expected an integer, got " + quoted(value));
      }
      *static_cast<int*>(flag.target) = static_cast<int>(*number);
      return {};
    }
  }
  return {};
}

}  // namespace

Result<std::vector<std::string>> parse_flags(std::span<char* const> args, std::span<const Flag> flags,
                                             ParseOptions options) {
  std::vector<std::string> positionals;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    bool only_positionals_left = options.stop_at_first_positional && !positionals.empty();
    if (only_positionals_left || arg.size() < 2 || arg[0] != '-') {
      positionals.emplace_back(arg);
      continue;
    }
    if (arg == "--") {
      for (++i; i < args.size(); ++i) positionals.emplace_back(args[i]);
      break;
    }
    std::string_view body = arg.substr(arg[1] == '-' ? 2 : 1);
    std::string_view name = body;
    std::optional<std::string_view> inline_value;
    if (auto eq = body.find('='); eq != std::string_view::npos) {
      name = body.substr(0, eq);
      inline_value = body.substr(eq + 1);
    }
    const Flag* flag = find_flag(flags, name);
    if (!flag) return fail_invalid("unknown flag " + quoted(arg));
    if (flag->kind == Flag::Kind::boolean) {
      BERTH_TRY(assign(*flag, inline_value.value_or("true")));
      continue;
    }
    if (inline_value) {
      BERTH_TRY(assign(*flag, *inline_value));
      continue;
    }
    if (i + 1 >= args.size()) return fail_invalid("flag " + quoted(arg) + " needs a value");
    BERTH_TRY(assign(*flag, args[++i]));
  }
  return positionals;
}

std::string describe_flags(std::span<const Flag> flags) {
  std::string out = "Options:\n";
  for (const auto& flag : flags) {
    std::string left = "  ";
    if (flag.short_name) left += std::string("-") + flag.short_name + ", ";
    left += "--" + std::string(flag.name);
    if (flag.kind != Flag::Kind::boolean) left += " " + std::string(flag.value_name);
    if (left.size() < 32) left.resize(32, ' ');
    out += left + " " + std::string(flag.help) + "\n";
  }
  return out;
}

}  // namespace berth::cli
