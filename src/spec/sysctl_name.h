// linux.sysctl keys: sysctl(8)'s two spellings ("net.ipv4.conf.eth0/100.forwarding" and
// "net/ipv4/conf/eth0.100/forwarding") and the /proc/sys file a key names.
#pragma once

#include <string>
#include <string_view>

namespace berth::spec {

// The dotted form. When a key's first separator is '/', the key is in the slash form: slashes
// separate levels and a dot is part of a name (a VLAN interface "eth0.100"); in the dotted form
// such a dot is written as '/'.
std::string dotted_sysctl_name(std::string_view name);

// The path under /proc/sys that a key names, in either form: "net/ipv4/conf/eth0.100/forwarding".
// Not checked: a caller refuses empty, "." and ".." parts.
std::string sysctl_relative_path(std::string_view name);

}  // namespace berth::spec
