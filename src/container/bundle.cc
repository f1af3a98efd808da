#include "container/bundle.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "base/files.h"
#include "base/strings.h"
#include "spec/parse.h"
#include "spec/validate.h"

namespace berth::container {

Result<Bundle> load_bundle(const std::string& bundle_dir) {
  Bundle bundle;
  char resolved[PATH_MAX];
  if (!::realpath(bundle_dir.empty() ? "." : bundle_dir.c_str(), resolved)) {
    return fail_system("bundle " + quoted(bundle_dir));
  }
  bundle.path = resolved;
  std::string config_path = join_path(bundle.path, "config.json");
  auto text = read_file(config_path);
  if (!text) return fail(std::move(text.error()).with_context("read the bundle's config.json"));
  bundle.config_text = std::move(*text);

  auto parsed = spec::parse_config(bundle.config_text);
  if (!parsed) return fail(std::move(parsed.error()).with_context(config_path));
  bundle.spec = std::move(*parsed);
  auto validation = spec::validate_spec(bundle.spec);
  if (!validation) return fail(std::move(validation.error()).with_context(config_path));
  bundle.warnings = std::move(validation->warnings);

  const std::string& root = bundle.spec.root->path;
  std::string rootfs = root.starts_with("/") ? root : join_path(bundle.path, root);
  if (!::realpath(rootfs.c_str(), resolved)) {
    return fail_system(config_path + ": root.path: " + quoted(rootfs));
  }
  struct stat st;
  if (::stat(resolved, &st) != 0 || !S_ISDIR(st.st_mode)) {
    return fail_invalid(config_path + ": root.path: " + quoted(rootfs) + " is not a directory");
  }
  bundle.rootfs = resolved;
  return bundle;
}

}  // namespace berth::container
