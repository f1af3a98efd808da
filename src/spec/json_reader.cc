#include "spec/json_reader.h"

#include <exception>

#include "base/strings.h"

namespace berth::spec::json_reader {
namespace {

using json = nlohmann::json;

// Records nlohmann's description of a syntax error; every other event is accepted and dropped.
class SyntaxErrorRecorder : public nlohmann::json_sax<json> {
 public:
  std::string message;

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const json::exception& error) override {
    message = error.what();
    return false;
  }
};

// nlohmann's message without its "[json.exception.parse_error.101] " prefix.
std::string describe_syntax_error(std::string_view text) {
  SyntaxErrorRecorder recorder;
  json::sax_parse(text, &recorder);
  std::string_view message = recorder.message;
  if (message.starts_with("[json.exception.")) {
    size_t end = message.find("] ");
    if (end != std::string_view::npos) message.remove_prefix(end + 2);
  }
  return std::string(message);
}

std::unexpected<Error> expected_error(const Value& value, std::string_view expected,
                                      std::string_view got) {
  std::string where = value.path.empty() ? "document" : value.path;
  return fail_invalid(where + ": expected " + std::string(expected) + ", got " + std::string(got));
}

}  // namespace

std::string Value::member_path(std::string_view key) const {
  std::string child_path = path;
  if (!child_path.empty()) child_path.push_back('.');
  child_path.append(key);
  return child_path;
}

Value Value::member(std::string_view key, const json& child) const {
  return {&child, member_path(key)};
}

Value Value::element(size_t index) const {
  return {&(*node)[index], path + "[" + std::to_string(index) + "]"};
}

Value Value::entry(const std::string& key, const json& child) const {
  return {&child, path + "[" + berth::quoted(key) + "]"};
}

Result<json> parse_json(std::string_view text) {
  try {
    json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded())
      return fail_invalid("invalid JSON: " + describe_syntax_error(text));
    return document;
  } catch (const std::exception& e) {  // parse() promises not to throw; keep ours anyway
    return fail_invalid("invalid JSON: " + std::string(e.what()));
  }
}

std::unexpected<Error> type_error(const Value& value, std::string_view expected) {
  return expected_error(value, expected, value.node->type_name());
}

std::unexpected<Error> range_error(const Value& value, std::string_view expected) {
  return expected_error(value, expected, value.node->dump());
}

Result<> reject_nul(const Value& value, std::string_view text, std::string_view what) {
  if (text.find('\0') == std::string_view::npos) return {};
  std::string where = value.path.empty() ? "document" : value.path;
  return fail_invalid(where + ": " + std::string(what) + " must not contain a NUL character (\\u0000)");
}

Result<> read(const Value& value, std::string& out) {
  if (!value.node->is_string()) return type_error(value, "a string");
  const std::string& text = value.node->get_ref<const std::string&>();
  BERTH_TRY(reject_nul(value, text, "the string"));
  out = text;
  return {};
}

Result<> read(const Value& value, bool& out) {
  if (!value.node->is_boolean()) return type_error(value, "a boolean");
  out = value.node->get<bool>();
  return {};
}

Result<ObjectReader> ObjectReader::open(const Value& value) {
  if (!value.node->is_object()) return type_error(value, "an object");
  return ObjectReader(value);
}

Result<std::optional<ObjectReader>> ObjectReader::child(std::string_view key) const {
  const json* child = find(key);
  if (child == nullptr) return std::optional<ObjectReader>();
  return open(object_.member(key, *child));
}

const json* ObjectReader::find(std::string_view key) const {
  auto it = object_.node->find(key);
  if (it == object_.node->end() || it->is_null()) return nullptr;
  return &*it;
}

std::unexpected<Error> ObjectReader::missing(std::string_view key) const {
  return fail_invalid(object_.member_path(key) + ": missing");
}

}  // namespace berth::spec::json_reader
