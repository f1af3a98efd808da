#include "cgroup/bpf_device_filter.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>
#include <string>

namespace berth::cgroup {
namespace {

// ---- instruction emitter ----
bpf_insn insn(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm) {
  bpf_insn i;
  std::memset(&i, 0, sizeof i);
  i.code = code;
  i.dst_reg = dst & 0xf;
  i.src_reg = src & 0xf;
  i.off = off;
  i.imm = imm;
  return i;
}
bpf_insn load_u32(uint8_t dst, uint8_t src, int16_t off) {
  return insn(BPF_LDX | BPF_MEM | BPF_W, dst, src, off, 0);
}
bpf_insn alu32_imm(uint8_t op, uint8_t dst, int32_t imm) {
  return insn(BPF_ALU | op | BPF_K, dst, 0, 0, imm);
}
bpf_insn mov32_reg(uint8_t dst, uint8_t src) {
  return insn(BPF_ALU | BPF_MOV | BPF_X, dst, src, 0, 0);
}
bpf_insn mov64_imm(uint8_t dst, int32_t imm) {
  return insn(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, imm);
}
// A conditional jump whose target (the next rule) is patched once the rule's length is known.
bpf_insn jump_imm(uint8_t op, uint8_t dst, int32_t imm) {
  return insn(BPF_JMP | op | BPF_K, dst, 0, 0, imm);
}
bpf_insn exit_insn() { return insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0); }

constexpr uint8_t kCtx = BPF_REG_1, kType = BPF_REG_2, kAccess = BPF_REG_3, kMajor = BPF_REG_4,
                  kMinor = BPF_REG_5, kScratch = BPF_REG_1;
constexpr int32_t kAllAccess = BPF_DEVCG_ACC_MKNOD | BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE;

int32_t access_mask(const std::string& access) {
  if (access.empty()) return kAllAccess;
  int32_t mask = 0;
  for (char c : access) {
    if (c == 'm') mask |= BPF_DEVCG_ACC_MKNOD;
    if (c == 'r') mask |= BPF_DEVCG_ACC_READ;
    if (c == 'w') mask |= BPF_DEVCG_ACC_WRITE;
  }
  return mask;
}

bool is_wildcard(const std::optional<int64_t>& number) { return !number || *number == -1; }

// One rule: conditions that jump past the rule when they fail, then "return allow".
std::vector<bpf_insn> rule_block(const spec::DeviceRule& rule, bool& matches_everything) {
  std::vector<bpf_insn> block;
  if (rule.type == "b") block.push_back(jump_imm(BPF_JNE, kType, BPF_DEVCG_DEV_BLOCK));
  if (rule.type == "c") block.push_back(jump_imm(BPF_JNE, kType, BPF_DEVCG_DEV_CHAR));
  int32_t mask = access_mask(rule.access);
  if (mask != kAllAccess) {
    block.push_back(mov32_reg(kScratch, kAccess));
    if (rule.allow) {  // requested & ~allowed must be empty
      block.push_back(alu32_imm(BPF_AND, kScratch, ~mask & kAllAccess));
      block.push_back(jump_imm(BPF_JNE, kScratch, 0));
    } else {  // requested & denied must not be empty
      block.push_back(alu32_imm(BPF_AND, kScratch, mask));
      block.push_back(jump_imm(BPF_JEQ, kScratch, 0));
    }
  }
  if (!is_wildcard(rule.major))
    block.push_back(jump_imm(BPF_JNE, kMajor, static_cast<int32_t>(*rule.major)));
  if (!is_wildcard(rule.minor))
    block.push_back(jump_imm(BPF_JNE, kMinor, static_cast<int32_t>(*rule.minor)));
  matches_everything = block.empty();
  block.push_back(mov64_imm(BPF_REG_0, rule.allow ? 1 : 0));
  block.push_back(exit_insn());
  // Every conditional jump goes to the instruction after the block.
  for (size_t i = 0; i < block.size(); ++i) {
    uint8_t cls = BPF_CLASS(block[i].code);
    uint8_t op = BPF_OP(block[i].code);
    if (cls == BPF_JMP && op != BPF_EXIT) block[i].off = static_cast<int16_t>(block.size() - i - 1);
  }
  return block;
}

long bpf(int cmd, union bpf_attr* attr) { return ::syscall(SYS_bpf, cmd, attr, sizeof *attr); }

Result<UniqueFd> load_program(const std::vector<bpf_insn>& program) {
  static const char kLicense[] = "Apache-2.0";
  union bpf_attr attr;
  std::memset(&attr, 0, sizeof attr);
  attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
  attr.insns = reinterpret_cast<uint64_t>(program.data());
  attr.insn_cnt = static_cast<uint32_t>(program.size());
  attr.license = reinterpret_cast<uint64_t>(kLicense);
  long fd = bpf(BPF_PROG_LOAD, &attr);
  if (fd >= 0) return UniqueFd(static_cast<int>(fd));
  int err = errno;
  // Load again with the verifier's log, for the message.
  std::string log(16384, '\0');
  attr.log_buf = reinterpret_cast<uint64_t>(log.data());
  attr.log_size = static_cast<uint32_t>(log.size());
  attr.log_level = 1;
  fd = bpf(BPF_PROG_LOAD, &attr);
  if (fd >= 0) ::close(static_cast<int>(fd));
  log.resize(strnlen(log.data(), log.size()));
  return fail_system("load the device filter (" + std::to_string(program.size()) +
                         " BPF instructions)" + (log.empty() ? "" : ": verifier: " + log),
                     err);
}

}  // namespace

std::vector<bpf_insn> device_filter_program(const std::vector<spec::DeviceRule>& rules) {
  std::vector<bpf_insn> program = {
      load_u32(kType, kCtx, 0),   alu32_imm(BPF_AND, kType, 0xffff),
      load_u32(kAccess, kCtx, 0), alu32_imm(BPF_RSH, kAccess, 16),
      load_u32(kMajor, kCtx, 4),  load_u32(kMinor, kCtx, 8),
  };
  for (auto rule = rules.rbegin(); rule != rules.rend(); ++rule) {
    bool matches_everything = false;
    std::vector<bpf_insn> block = rule_block(*rule, matches_everything);
    program.insert(program.end(), block.begin(), block.end());
    if (matches_everything) return program;  // earlier rules can never decide
  }
  program.push_back(mov64_imm(BPF_REG_0, 0));
  program.push_back(exit_insn());
  return program;
}

Result<std::vector<uint32_t>> attached_device_programs(int cgroup_fd) {
  std::vector<uint32_t> ids(64);
  union bpf_attr attr;
  std::memset(&attr, 0, sizeof attr);
  attr.query.target_fd = static_cast<uint32_t>(cgroup_fd);
  attr.query.attach_type = BPF_CGROUP_DEVICE;
  attr.query.prog_ids = reinterpret_cast<uint64_t>(ids.data());
  attr.query.prog_cnt = static_cast<uint32_t>(ids.size());
  if (bpf(BPF_PROG_QUERY, &attr) != 0) return fail_system("query the cgroup's device filters");
  ids.resize(attr.query.prog_cnt);
  return ids;
}

Result<> attach_device_filter(int cgroup_fd, const std::vector<bpf_insn>& program) {
  std::vector<uint32_t> old_ids = BERTH_TRY(attached_device_programs(cgroup_fd));
  UniqueFd prog = BERTH_TRY(load_program(program));
  union bpf_attr attr;
  std::memset(&attr, 0, sizeof attr);
  attr.target_fd = static_cast<uint32_t>(cgroup_fd);
  attr.attach_bpf_fd = static_cast<uint32_t>(prog.get());
  attr.attach_type = BPF_CGROUP_DEVICE;
  attr.attach_flags = BPF_F_ALLOW_MULTI;
  if (bpf(BPF_PROG_ATTACH, &attr) != 0) return fail_system("attach the device filter");
  for (uint32_t id : old_ids) {
    union bpf_attr get;
    std::memset(&get, 0, sizeof get);
    get.prog_id = id;
    long old_fd = bpf(BPF_PROG_GET_FD_BY_ID, &get);
    if (old_fd < 0) {
      if (errno == ENOENT) continue;
      return fail_system("find the old device filter " + std::to_string(id));
    }
    UniqueFd old(static_cast<int>(old_fd));
    union bpf_attr detach;
    std::memset(&detach, 0, sizeof detach);
    detach.target_fd = static_cast<uint32_t>(cgroup_fd);
    detach.attach_bpf_fd = static_cast<uint32_t>(old.get());
    detach.attach_type = BPF_CGROUP_DEVICE;
    if (bpf(BPF_PROG_DETACH, &detach) != 0 && errno != ENOENT)
      return fail_system("detach the old device filter " + std::to_string(id));
  }
  return {};
}

}  // namespace berth::cgroup
