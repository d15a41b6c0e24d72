// Board-level malta tests: a machine built from |config| (machine, 64 MB and a
// flash image that spins, "b . ; nop", filled in) so that tests can look at
// its devices without a kernel. The flash image is a temporary file unique to
// the process (ctest runs tests in parallel), gone once the board has read it.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>

#include "boards/malta/malta.h"

namespace bw {

inline std::unique_ptr<Malta> create_spinning_malta(MachineConfig config, std::string* error) {
    char path[] = "/tmp/bw-malta-bios-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        *error = "cannot create a temporary flash image";
        return nullptr;
    }
    const u8 spin[8] = {0xff, 0xff, 0x00, 0x10, 0, 0, 0, 0};
    bool written = write(fd, spin, sizeof spin) == ssize_t(sizeof spin);
    close(fd);
    config.machine = "malta";
    config.ram_mb = 64;
    config.bios = path;
    std::unique_ptr<Machine> m = written ? Malta::create(config, error) : nullptr;
    unlink(path);
    if (!written) *error = "cannot write the temporary flash image";
    return std::unique_ptr<Malta>(static_cast<Malta*>(m.release()));
}

}  // namespace bw
