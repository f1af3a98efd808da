// Typed reading of JSON documents, shared by parse.cc (config.json) and state.cc (state.json).
// Internal to src/spec.
//
// A Value is a JSON node with its path in the document ("linux.namespaces[2].type"); every
// read() overload converts one Value into one C++ type after checking its JSON type, so each
// error names the field:
//   linux.namespaces[2].type: expected a string, got number
//   process.user.uid: expected an unsigned 32-bit integer, got -1
// Readers for more types are added as overloads of read(const Value&, T&) in this namespace;
// the generic readers below find them by argument-dependent lookup through Value.
#pragma once

#include <concepts>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace berth::spec::json_reader {

struct Value {
  const nlohmann::json* node;
  std::string path;  // "" for the whole document

  std::string member_path(std::string_view key) const;                     // path.key
  Value member(std::string_view key, const nlohmann::json& child) const;   // path.key
  Value element(size_t index) const;                                       // path[3]
  Value entry(const std::string& key, const nlohmann::json& child) const;  // path["key"]
};

// Parses a whole document. A syntax error reads
//   invalid JSON: parse error at line 1, column 2: syntax error while parsing value - ...
Result<nlohmann::json> parse_json(std::string_view text);

// "path: expected a string, got number"
std::unexpected<Error> type_error(const Value& value, std::string_view expected);
// "path: expected an unsigned 32-bit integer, got -1" (the value has the right JSON type, but
// does not fit)
std::unexpected<Error> range_error(const Value& value, std::string_view expected);

// Strings and object keys holding a NUL are refused: the kernel takes C strings, so it would see
// less than was validated ("..\u0000" is not "..", but mkdir(2) reads "..").
Result<> reject_nul(const Value& value, std::string_view text, std::string_view what);

Result<> read(const Value& value, std::string& out);
Result<> read(const Value& value, bool& out);

// "an unsigned 32-bit integer", "a 64-bit integer", ...
template <std::integral T>
std::string integer_description() {
  std::string bits = std::to_string(sizeof(T) * 8);
  if constexpr (std::is_signed_v<T>) return "a " + bits + "-bit integer";
  return "an unsigned " + bits + "-bit integer";
}

// Integers must be JSON integers (not 1.0) that fit T.
template <std::integral T>
requires(!std::same_as<T, bool>) Result<> read(const Value& value, T& out) {
  using limits = std::numeric_limits<T>;
  const nlohmann::json& node = *value.node;
  if (node.is_number_unsigned()) {  // nlohmann stores every non-negative integer as unsigned
    uint64_t number = node.get<uint64_t>();
    if (number > static_cast<uint64_t>(limits::max()))
      return range_error(value, integer_description<T>());
    out = static_cast<T>(number);
    return {};
  }
  if (node.is_number_integer()) {  // a negative integer
    int64_t number = node.get<int64_t>();
    if (!limits::is_signed || number < static_cast<int64_t>(limits::min()))
      return range_error(value, integer_description<T>());
    out = static_cast<T>(number);
    return {};
  }
  if (node.is_number_float()) return range_error(value, integer_description<T>());
  return type_error(value, integer_description<T>());
}

template <typename T>
Result<> read(const Value& value, std::optional<T>& out) {
  T item{};
  BERTH_TRY(read(value, item));
  out = std::move(item);
  return {};
}

template <typename T>
Result<> read(const Value& value, std::vector<T>& out) {
  if (!value.node->is_array()) return type_error(value, "an array");
  out.clear();
  out.reserve(value.node->size());
  for (size_t i = 0; i < value.node->size(); ++i) {
    T item{};
    BERTH_TRY(read(value.element(i), item));
    out.push_back(std::move(item));
  }
  return {};
}

template <typename T>
Result<> read(const Value& value, std::map<std::string, T>& out) {
  if (!value.node->is_object()) return type_error(value, "an object");
  out.clear();
  for (const auto& [key, child] : value.node->items()) {
    BERTH_TRY(reject_nul(value, key, "a key"));
    T item{};
    BERTH_TRY(read(value.entry(key, child), item));
    out.emplace(key, std::move(item));
  }
  return {};
}

// The members of one JSON object. Absent and null members leave the target as it is, as the
// Go bindings runc uses do.
class ObjectReader {
 public:
  static Result<ObjectReader> open(const Value& value);

  template <typename T>
  Result<> optional(std::string_view key, T& out) const {
    const nlohmann::json* child = find(key);
    if (child == nullptr) return {};
    return read(object_.member(key, *child), out);
  }

  // Like optional(), but an absent or null member is an error: "path.key: missing".
  template <typename T>
  Result<> required(std::string_view key, T& out) const {
    if (find(key) == nullptr) return missing(key);
    return optional(key, out);
  }

  // A nested object, or nullopt when absent or null.
  Result<std::optional<ObjectReader>> child(std::string_view key) const;

 private:
  explicit ObjectReader(Value object) : object_(std::move(object)) {}
  const nlohmann::json* find(std::string_view key) const;
  std::unexpected<Error> missing(std::string_view key) const;

  Value object_;
};

}  // namespace berth::spec::json_reader
