#include "boards/boards.h"

#include "boards/malta/malta.h"
#include "boards/versatilepb/versatilepb.h"

namespace bw {
namespace {

struct BoardEntry {
    const char* name;
    const char* description;
    std::unique_ptr<Machine> (*create)(const MachineConfig&, std::string*);
};

const BoardEntry kBoards[] = {
    {"versatilepb", "ARM Versatile/PB (ARM926EJ-S)", VersatilePb::create},
    {"malta", "MIPS Malta Core LV (24Kf, little-endian)", Malta::create},
};

}  // namespace

std::vector<std::string> board_names() {
    std::vector<std::string> names;
    for (const BoardEntry& b : kBoards) names.push_back(b.name);
    return names;
}

std::unique_ptr<Machine> create_machine(const MachineConfig& config, std::string* error) {
    for (const BoardEntry& b : kBoards) {
        if (config.machine == b.name) return b.create(config, error);
    }
    *error = "unknown machine '" + config.machine + "' (-M help lists the machines)";
    return nullptr;
}

}  // namespace bw
