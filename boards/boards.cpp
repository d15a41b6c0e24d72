#include "boards/boards.h"

namespace bw {

std::vector<std::string> board_names() { return {}; }

std::unique_ptr<Machine> create_machine(const MachineConfig& config, std::string* error) {
    if (error) *error = "unknown machine '" + config.machine + "' (try -M help)";
    return nullptr;
}

}  // namespace bw
