// Host ends of the guest's serial ports for the native front end: stdio (with
// QEMU's Ctrl-A escape when multiplexed), a file, a TCP/telnet server, or null.
//
// Backends never block: the run loop collects their file descriptors, polls
// them (with a timeout only while the guest idles) and calls service() on the
// ones that are ready; bytes read go to the port's CharChannel.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/chardev.h"
#include "tools/cli/options.h"

namespace bw::cli {

class SerialBackend {
  public:
    virtual ~SerialBackend() = default;
    // Guest output byte.
    virtual void write(u8 byte) = 0;
    // Push buffered output to the host (called once per loop iteration).
    virtual void flush() {}
    // Descriptor to poll for input, or -1.
    virtual int input_fd() const { return -1; }
    // Read what is available without blocking and pass it to the channel.
    virtual void service() {}
    // Socket servers: block until the first client connects (QEMU's "wait").
    virtual void wait_for_client(const std::string& where) { (void)where; }
    // Set when the user asked to quit (Ctrl-A x).
    bool quit_requested() const { return quit_; }
    // Attach to a port: guest output goes to write(), input to |channel|.
    void attach(CharChannel* channel);
    // A second channel on a multiplexed stdio: Ctrl-A c switches the input
    // between the two (the monitor); output from both is shown.
    // |on_focus| runs each time the second channel gets the input.
    virtual bool attach_second(CharChannel*, std::function<void()> on_focus) {
        (void)on_focus;
        return false;
    }
    // Called when a client connects (sockets) or the channel gets the input
    // focus (stdio): a monitor prints its banner or prompt then.
    std::function<void()> on_connect;

  protected:
    CharChannel* channel_ = nullptr;
    bool quit_ = false;
};

// Creates the backend for |spec|. Errors are one line ("-serial file:/x: ...").
std::unique_ptr<SerialBackend> make_serial_backend(const SerialSpec& spec, std::string* error);

// Puts the terminal on stdin in raw mode (if it is a terminal) and restores it
// at exit and on fatal signals. |keep_signals|: Ctrl-C still interrupts (plain
// -serial stdio); otherwise it goes to the guest (-nographic). Idempotent.
void stdio_raw_mode(bool keep_signals);
void stdio_restore();

}  // namespace bw::cli
