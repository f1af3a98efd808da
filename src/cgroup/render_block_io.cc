// linux.resources.blockIO
//   field                 v1                                        v2
//   weight (10-1000)      blkio.weight, else blkio.bfq.weight       io.bfq.weight, else io.weight
//                                                                   = 1 + (weight-10)*9999/990
//   leafWeight            blkio.leaf_weight (gone with CFQ: warn)   ignored with a warning
//   weightDevice[].weight blkio.weight_device "MAJ:MIN W", else     io.bfq.weight "MAJ:MIN W", else
//                         blkio.bfq.weight_device                   io.weight "MAJ:MIN converted"
//   weightDevice[].leafWeight blkio.leaf_weight_device (warn if gone)  ignored with a warning
//   throttle*Device[]     blkio.throttle.{read,write}_{bps,iops}_device "MAJ:MIN RATE"
//                                                                   io.max "MAJ:MIN rbps=RATE" ...
#include "cgroup/render_controllers.h"

namespace berth::cgroup {
namespace {

std::string device(int64_t major, int64_t minor) {
  return std::to_string(major) + ":" + std::to_string(minor);
}

Result<> check_weight(uint16_t weight, const std::string& field) {
  if (weight < 10 || weight > 1000)
    return fail_invalid(std::string(kResources) + field + ": " + std::to_string(weight) +
                        " is outside 10-1000");
  return {};
}

Result<> check_device(int64_t major, int64_t minor, const std::string& field) {
  if (major < 0 || minor < 0)
    return fail_invalid(std::string(kResources) + field + ": device " + device(major, minor) +
                        " needs a major and minor number");
  return {};
}

struct Throttle {
  const std::vector<spec::ThrottleDevice>* devices;
  const char* field;    // "throttleReadBpsDevice"
  const char* v1_file;  // "blkio.throttle.read_bps_device"
  const char* v2_key;   // "rbps"
};

}  // namespace

Result<> render_block_io(const spec::BlockIoResources& io, Version version, Rendered& out) {
  bool v1 = version == Version::v1;
  const char* controller = v1 ? "blkio" : "io";
  if (io.weight && *io.weight != 0) {
    BERTH_TRY(check_weight(*io.weight, "blockIO.weight"));
    std::string weight = std::to_string(*io.weight);
    if (v1) {
      add_write(out, "blockIO.weight", controller, "blkio.weight", weight);
      out.writes.back().fallback_file = "blkio.bfq.weight";
      out.writes.back().fallback_value = weight;
    } else {
      add_write(out, "blockIO.weight", controller, "io.bfq.weight", weight);
      out.writes.back().fallback_file = "io.weight";
      out.writes.back().fallback_value = std::to_string(blkio_weight_to_io_weight(*io.weight));
    }
  }
  if (io.leaf_weight && *io.leaf_weight != 0) {
    BERTH_TRY(check_weight(*io.leaf_weight, "blockIO.leafWeight"));
    if (v1) {
      add_write(out, "blockIO.leafWeight", controller, "blkio.leaf_weight",
                std::to_string(*io.leaf_weight));
      out.writes.back().skip_if_missing = true;
    } else {
      out.warnings.push_back(
          "linux.resources.blockIO.leafWeight: ignored; cgroup v2 has no "
          "leaf weight");
    }
  }
  for (size_t i = 0; i < io.weight_device.size(); ++i) {
    const auto& wd = io.weight_device[i];
    std::string field = "blockIO.weightDevice[" + std::to_string(i) + "]";
    BERTH_TRY(check_device(wd.major, wd.minor, field));
    std::string dev = device(wd.major, wd.minor);
    if (wd.weight && *wd.weight != 0) {
      BERTH_TRY(check_weight(*wd.weight, field + ".weight"));
      std::string weight = std::to_string(*wd.weight);
      if (v1) {
        add_write(out, field + ".weight", controller, "blkio.weight_device", dev + " " + weight);
        out.writes.back().fallback_file = "blkio.bfq.weight_device";
        out.writes.back().fallback_value = dev + " " + weight;
      } else {
        add_write(out, field + ".weight", controller, "io.bfq.weight", dev + " " + weight);
        out.writes.back().fallback_file = "io.weight";
        out.writes.back().fallback_value =
            dev + " " + std::to_string(blkio_weight_to_io_weight(*wd.weight));
      }
    }
    if (wd.leaf_weight && *wd.leaf_weight != 0) {
      BERTH_TRY(check_weight(*wd.leaf_weight, field + ".leafWeight"));
      if (v1) {
        add_write(out, field + ".leafWeight", controller, "blkio.leaf_weight_device",
                  dev + " " + std::to_string(*wd.leaf_weight));
        out.writes.back().skip_if_missing = true;
      } else {
        out.warnings.push_back("linux.resources." + field +
                               ".leafWeight: ignored; cgroup v2 has no leaf weight");
      }
    }
  }
  const Throttle throttles[] = {
      {&io.throttle_read_bps_device, "throttleReadBpsDevice", "blkio.throttle.read_bps_device",
       "rbps"},
      {&io.throttle_write_bps_device, "throttleWriteBpsDevice", "blkio.throttle.write_bps_device",
       "wbps"},
      {&io.throttle_read_iops_device, "throttleReadIOPSDevice", "blkio.throttle.read_iops_device",
       "riops"},
      {&io.throttle_write_iops_device, "throttleWriteIOPSDevice",
       "blkio.throttle.write_iops_device", "wiops"},
  };
  for (const auto& throttle : throttles) {
    for (size_t i = 0; i < throttle.devices->size(); ++i) {
      const auto& td = (*throttle.devices)[i];
      std::string field = std::string("blockIO.") + throttle.field + "[" + std::to_string(i) + "]";
      BERTH_TRY(check_device(td.major, td.minor, field));
      std::string dev = device(td.major, td.minor);
      if (v1) {
        // A rate of 0 removes the limit.
        add_write(out, field, controller, throttle.v1_file, dev + " " + std::to_string(td.rate));
      } else {
        std::string rate = td.rate == 0 ? "max" : std::to_string(td.rate);
        add_write(out, field, controller, "io.max", dev + " " + throttle.v2_key + "=" + rate);
      }
    }
  }
  return {};
}

}  // namespace berth::cgroup
