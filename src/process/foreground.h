// Supervising a container process in the foreground (`run` without --detach): forward signals to
// it, relay its terminal when berth-runtime holds the pty master, and wait for it to exit.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include "base/error.h"

namespace berth::process {

// The signals a foreground runtime forwards; block them before cloning so none is lost.
sigset_t forwarded_signals();
void block_forwarded_signals();

// Waits for `pid` (a child of this process), reaping any other child on the way (orphans that
// reach this process when it is a subreaper). `pty_master` >= 0 relays stdin/stdout to it, with the
// caller's terminal in raw mode and window size changes passed on; restored before returning.
// Returns the exit code as a shell reports it: the status, or 128 + the signal.
Result<int> supervise_foreground(pid_t pid, int pidfd, int pty_master);

// Reaps the children this process still has (a subreaper inherits the container's orphans; they
// die when the container is deleted), waiting at most `timeout_ms` for the last ones.
void reap_remaining_children(int timeout_ms);

// 128 + signal for a killed process, the status otherwise.
int exit_code_from_wait_status(int status);

}  // namespace berth::process
