// Host ends of the guest's serial ports for the native front end: stdio (with
// QEMU's Ctrl-A escape when multiplexed), a file, a TCP/telnet server, or null.
//
// Backends never block: the run loop collects their file descriptors, polls
// them (with a timeout only while the guest idles) and calls service() on the
// ones that are ready; bytes read go to the port's CharChannel.
#pragma once

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
    // Set when the user asked to quit (Ctrl-A x).
    bool quit_requested() const { return quit_; }
    // Attach to a port: guest output goes to write(), input to |channel|.
    void attach(CharChannel* channel);

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
