// What the page's two C files share: boardwalk_web.cpp owns the machine and
// its run loop; web_media.cpp gives the page its screen, keys, sound and the
// QEMU monitor.
#pragma once

#include "core/machine.h"

namespace bw::web {

// The running machine, or null.
Machine* machine();
// Ties virtual and real time anew (after a pause, so it is not caught up).
void resync_clock();
// The monitor's stop: the run loop leaves the guest alone while it holds.
bool monitor_paused();

}  // namespace bw::web
