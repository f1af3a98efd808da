#include "base/log.h"

#include <unistd.h>

#include <string>

#include "base/files.h"
#include "base/timestamp.h"

namespace berth::log {
namespace {

Config g_config;

const char* level_name(Level level) {
  switch (level) {
    case Level::debug: return "debug";
    case Level::info: return "info";
    case Level::warning: return "warning";
    case Level::error: return "error";
  }
  return "info";
}

std::string format_line(Level level, std::string_view message, Format format) {
  std::string line;
  line.reserve(message.size() + 80);
  if (format == Format::json) {
    line.append("{\"level\":\"").append(level_name(level)).append("\",\"msg\":\"");
    append_json_escaped(line, message);
    line.append("\",\"time\":\"").append(rfc3339_utc_now()).append("\"}\n");
  } else {
    line.append("time=\"").append(rfc3339_utc_now()).append("\" level=").append(level_name(level));
    line.append(" msg=\"");
    for (char c : message) {
      if (c == '"' || c == '\\') line.push_back('\\');
      line.push_back(c == '\n' ? ' ' : c);
    }
    line.append("\"\n");
  }
  return line;
}

}  // namespace

void configure(const Config& config) { g_config = config; }
const Config& current() { return g_config; }

void write(Level level, std::string_view message) {
  if (level < g_config.min_level && level != Level::error) return;
  if (g_config.fd >= 0) {
    (void)write_all(g_config.fd, format_line(level, message, g_config.format));
  }
  bool to_stderr = (level == Level::error && g_config.errors_to_stderr) ||
                   (g_config.fd < 0 && level >= g_config.min_level);
  if (to_stderr) {
    std::string line = "berth-runtime: ";
    if (level != Level::error) line.append(level_name(level)).append(": ");
    line.append(message).push_back('\n');
    (void)write_all(STDERR_FILENO, line);
  }
}

void append_json_escaped(std::string& out, std::string_view s) {
  static const char hex[] = "0123456789abcdef";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      default:
        if (c < 0x20) {
          out.append("\\u00");
          out.push_back(hex[c >> 4]);
          out.push_back(hex[c & 15]);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
}

}  // namespace berth::log
