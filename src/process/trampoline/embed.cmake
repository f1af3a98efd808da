# Writes OUTPUT, a C++ file defining the bytes of INPUT as berth::process::kExecTrampoline.
file(READ "${INPUT}" bytes HEX)
string(LENGTH "${bytes}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," array "${bytes}")
file(WRITE "${OUTPUT}"
  "// Generated from src/process/trampoline/trampoline.c; do not edit.\n"
  "#include <cstddef>\n"
  "namespace berth::process {\n"
  "extern const unsigned char kExecTrampoline[] = {${array}};\n"
  "extern const size_t kExecTrampolineSize = ${size};\n"
  "}  // namespace berth::process\n")
