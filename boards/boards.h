// Board lookup by QEMU machine name (-M).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "boards/machine_config.h"
#include "core/machine.h"

namespace bw {

// Builds and loads the named machine; on failure returns null and sets |error|
// to a one-line message naming the problem (unknown board, bad file, ...).
std::unique_ptr<Machine> create_machine(const MachineConfig& config, std::string* error);
// Names accepted by create_machine, for -M help.
std::vector<std::string> board_names();

}  // namespace bw
