#include "spec/sysctl_name.h"

namespace berth::spec {
namespace {

bool is_slash_form(std::string_view name) {
  size_t first_separator = name.find_first_of("./");
  return first_separator != std::string_view::npos && name[first_separator] == '/';
}

// '.' <-> '/': the two forms are each other's swap.
std::string swap_separators(std::string_view name) {
  std::string swapped(name);
  for (char& c : swapped) {
    if (c == '.')
      c = '/';
    else if (c == '/')
      c = '.';
  }
  return swapped;
}

}  // namespace

std::string dotted_sysctl_name(std::string_view name) {
  return is_slash_form(name) ? swap_separators(name) : std::string(name);
}

std::string sysctl_relative_path(std::string_view name) {
  return is_slash_form(name) ? std::string(name) : swap_separators(name);
}

}  // namespace berth::spec
