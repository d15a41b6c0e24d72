// Reading boot images (kernels, initrds, DTBs, firmware) from host files, and
// the memory blobs loaders produce.
//
// Loaders never write guest memory while parsing: they turn a file into a list
// of MemoryBlobs (address + bytes), which a board copies into RAM with
// load_blobs(). Keeping the list lets a board restore the images on a guest
// reset, as QEMU does with its ROM blobs.
#pragma once

#include <string>
#include <vector>

#include "core/common/types.h"
#include "core/mem/bus.h"

namespace bw {

struct MemoryBlob {
    std::string label;  // for errors: "zImage", "u-boot segment 1", "boot stub"
    u32 addr = 0;
    std::vector<u8> bytes;
};

// Reads the whole of |path|. On failure returns false and sets |error| to one
// line naming the file: "<path>: No such file or directory", "<path>: file is
// empty", "<path>: file too large (N bytes, at most M)".
bool read_image_file(const std::string& path, std::vector<u8>* out, std::string* error,
                     u64 max_size = u64(1) << 32);

// Copies every blob into guest RAM in order. Fails with "<label>: ... is not in
// RAM" if any byte of a blob falls outside RAM.
bool load_blobs(Bus& bus, const std::vector<MemoryBlob>& blobs, std::string* error);

// "0x1234" for error messages.
std::string hex32(u64 value);

}  // namespace bw
