#include "linux/personality.h"

#include <sys/personality.h>

#include "base/strings.h"

namespace berth::linux {

Result<> apply_personality(const spec::Personality& personality) {
  unsigned long persona;
  if (personality.domain == "LINUX") {
    persona = PER_LINUX;
  } else if (personality.domain == "LINUX32") {
    persona = PER_LINUX32;
  } else {
    return fail_invalid("linux.personality.domain: unknown domain " + quoted(personality.domain));
  }
  if (!personality.flags.empty()) {
    return fail_invalid("linux.personality.flags: no flags are defined by the runtime-spec");
  }
  if (::personality(persona) < 0) return fail_system("linux.personality: personality()");
  return {};
}

}  // namespace berth::linux
