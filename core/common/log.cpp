#include "core/common/log.h"

#include <cstdio>
#include <sstream>

namespace bw {
namespace {

unsigned g_enabled = static_cast<unsigned>(LogCategory::Error);
unsigned g_counts[5];
std::function<void(LogCategory, const std::string&)> g_sink;

int category_index(LogCategory c) { return __builtin_ctz(static_cast<unsigned>(c)); }

}  // namespace

bool log_enable_from_string(const std::string& list, std::string* error) {
    std::stringstream in(list);
    std::string item;
    while (std::getline(in, item, ',')) {
        if (item == "guest_errors")
            log_enable(LogCategory::GuestError, true);
        else if (item == "unimp")
            log_enable(LogCategory::Unimplemented, true);
        else if (item == "info")
            log_enable(LogCategory::Info, true);
        else if (item == "trace" || item == "exec")
            log_enable(LogCategory::Trace, true);
        else {
            if (error)
                *error = "unknown log item '" + item + "' (known: guest_errors, unimp, info, exec)";
            return false;
        }
    }
    return true;
}

void log_enable(LogCategory category, bool on) {
    if (on)
        g_enabled |= static_cast<unsigned>(category);
    else
        g_enabled &= ~static_cast<unsigned>(category);
}

bool log_enabled(LogCategory category) { return g_enabled & static_cast<unsigned>(category); }

void log_set_sink(std::function<void(LogCategory, const std::string&)> sink) {
    g_sink = std::move(sink);
}

void log_message(LogCategory category, const char* format, ...) {
    g_counts[category_index(category)]++;
    if (!log_enabled(category)) return;
    char buf[1024];
    va_list args;
    va_start(args, format);
    vsnprintf(buf, sizeof buf, format, args);
    va_end(args);
    if (g_sink) {
        g_sink(category, buf);
    } else {
        std::fprintf(stderr, "%s\n", buf);
    }
}

unsigned log_count(LogCategory category) { return g_counts[category_index(category)]; }

}  // namespace bw
