// Container creation, shared by `create` and `run`: from a bundle to an init process that has
// built the container and waits to exec. Any error undoes every earlier step: the init is killed,
// the cgroup removed, the state directory deleted.
#pragma once

#include <memory>
#include <string>

#include "base/error.h"
#include "base/unique_fd.h"
#include "cgroup/driver.h"
#include "container/container.h"
#include "container/state_store.h"
#include "process/spawn.h"
#include "spec/spec.h"
#include "spec/state.h"

namespace berth::container {

enum class StartSignal {
  exec_fifo,  // create: `start` (another process) opens <state>/exec.fifo
  channel,    // run: this process sends MessageType::start over the channel
};

struct PreparedContainer {
  ContainerDir dir;
  spec::Spec spec;
  spec::ContainerRecord record;
  std::unique_ptr<cgroup::Driver> cgroup;
  process::SpawnedInit init;
  UniqueFd pty_master;  // the terminal, when this process relays it (run in the foreground)
};

struct PrepareRequest {
  const RuntimeOptions* runtime = nullptr;
  std::string id;
  const CreateOptions* options = nullptr;
  StartSignal start_signal = StartSignal::exec_fifo;
  bool relay_terminal = false;  // run in the foreground: keep the pty master instead of a socket
};

Result<PreparedContainer> prepare_container(const PrepareRequest& request);

// Removes what a container left behind: kills its processes, removes its cgroup and its state
// directory, then runs the poststop hooks (a failing one is logged). Used by delete and by run;
// `cgroup` is the container's driver when the caller has it open (run), else it is opened from
// the record.
Result<> destroy_container(ContainerDir& dir, const spec::ContainerRecord& record,
                           const spec::Spec* spec, cgroup::Driver* cgroup = nullptr);

}  // namespace berth::container
