// Logging: text or runc-compatible JSON lines.
//
// JSON lines are {"level":"error","msg":"...","time":"2026-11-29T07:14:29.123456789Z"}, one per
// line; containerd's shim reads the last error line of the --log file and shows it to the user.
// Errors are written to the log file (when one is set) and to stderr.
#pragma once

#include <string_view>

namespace berth::log {

enum class Level { debug, info, warning, error };
enum class Format { text, json };

struct Config {
  int fd = -1;  // the --log file, or -1 for none
  Format format = Format::text;
  Level min_level = Level::warning;
  bool errors_to_stderr = true;
};

void configure(const Config& config);
const Config& current();

void write(Level level, std::string_view message);
inline void debug(std::string_view m) { write(Level::debug, m); }
inline void info(std::string_view m) { write(Level::info, m); }
inline void warning(std::string_view m) { write(Level::warning, m); }
inline void error(std::string_view m) { write(Level::error, m); }

// Escapes a string for a JSON string literal (without the quotes).
void append_json_escaped(std::string& out, std::string_view s);

}  // namespace berth::log
