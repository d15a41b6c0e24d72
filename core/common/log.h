// Diagnostics in QEMU's categories (-d guest_errors,unimp,...).
//
// The core never prints directly: messages go through log_message(), which the
// host front end routes (stderr natively, the browser console on the web). A
// category is silent unless enabled, except Category::Error which always shows.
#pragma once

#include <cstdarg>
#include <functional>
#include <string>

namespace bw {

enum class LogCategory : unsigned {
    Error = 1u << 0,          // host-side problems: bad files, bad options
    GuestError = 1u << 1,     // the guest did something invalid (wild MMIO, bad register index)
    Unimplemented = 1u << 2,  // the guest used a feature we do not model
    Info = 1u << 3,           // progress the user may want to see
    Trace = 1u << 4,          // per-instruction / per-access tracing (slow)
};

// Enable the categories named in a comma-separated list ("guest_errors,unimp").
// Returns false and names the bad item in |error| if a name is unknown.
bool log_enable_from_string(const std::string& list, std::string* error);
void log_enable(LogCategory category, bool on);
bool log_enabled(LogCategory category);

// Where messages go; the default writes one line to stderr.
void log_set_sink(std::function<void(LogCategory, const std::string&)> sink);

// printf-style; a trailing newline is added by the sink, not the caller.
void log_message(LogCategory category, const char* format, ...)
    __attribute__((format(printf, 2, 3)));

// How many messages each category has received (shown or not); tests use it.
unsigned log_count(LogCategory category);

}  // namespace bw
