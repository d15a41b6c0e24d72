// The small interface a host front end sees: build, reset, run slices, idle.
//
// A front end loops: run(); if the result says the guest is idle, wait (in real
// time, or not at all for fast-forward runs) at most until idle_deadline(), then
// call advance_idle() with the time it waited. Serial ports are CharChannels.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/chardev.h"
#include "core/cpu/cpu.h"
#include "core/mem/bus.h"
#include "core/net/net_hub.h"
#include "core/sched/scheduler.h"
#include "core/ui/audio.h"
#include "core/ui/display.h"
#include "core/ui/input.h"

namespace bw {

enum class RunResult {
    BudgetUsed,  // executed the requested instructions
    Idle,        // the CPU waits for an interrupt; nothing to do until an event
    Shutdown,    // the guest powered off (or the user quit)
};

class Machine {
  public:
    virtual ~Machine() = default;

    // Reset CPU and every device as a power cycle would (RAM is kept).
    virtual void reset();
    // Run at most |max_insns| instructions.
    RunResult run(i64 max_insns);
    // While idle: let |ns| of virtual time pass (firing timers on the way), or up
    // to the next event if |ns| is 0. Returns true if the CPU woke up.
    bool advance_idle(u64 ns);
    // Between slices of a busy guest: let |ns| of virtual time pass at once,
    // firing every timer due on the way, as if the host had stalled the CPU
    // (how a guest that must follow real time catches up on a slow host).
    void stall(u64 ns);
    // Virtual time of the next scheduled event (UINT64_MAX if none).
    u64 idle_deadline() const { return scheduler.next_deadline(); }
    // Ask run() to return Shutdown (guest poweroff, user quit).
    void request_shutdown() {
        shutdown_ = true;
        scheduler.stop_slice();
    }
    // Ask for a full reset at the end of the current slice (guest reset register).
    // With no_reboot set (QEMU's -no-reboot) the machine shuts down instead.
    void request_reset() {
        if (no_reboot)
            shutdown_ = true;
        else
            reset_pending_ = true;
        scheduler.stop_slice();
    }
    bool no_reboot = false;

    u64 instructions_retired() const { return instructions_; }
    CharChannel& serial(size_t i) { return *serials_.at(i); }
    size_t serial_count() const { return serials_.size(); }
    // The hub NIC |i| (MachineConfig::nics order) sends and receives on; null if
    // the board has no such NIC. Front ends attach back ends to it as NetPorts.
    NetHub* net_hub(size_t i) { return i < net_hubs_.size() ? net_hubs_[i].get() : nullptr; }
    size_t net_hub_count() const { return net_hubs_.size(); }

    // The guest's screen, or null for a board (or configuration) without one.
    virtual DisplaySource* display() { return nullptr; }

    Scheduler scheduler;
    Bus bus;
    // Host keys and pointer on their way to the board's input devices.
    InputRouter input;
    // The board's sound output (boards without sound never push to it).
    AudioOut audio;

  protected:
    // Boards set these up in their constructor.
    Cpu* cpu_ = nullptr;
    std::vector<std::unique_ptr<CharChannel>> serials_;
    std::vector<std::unique_ptr<NetHub>> net_hubs_;

  private:
    u64 instructions_ = 0;
    bool shutdown_ = false;
    bool reset_pending_ = false;
};

}  // namespace bw
