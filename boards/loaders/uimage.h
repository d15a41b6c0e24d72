// U-Boot legacy image ("uImage", mkimage -A arm -O linux -T kernel ...).
//
// A 64-byte big-endian header (U-Boot include/image.h, legacy format) followed
// by the payload. Both CRCs are checked (header CRC over the 64 bytes with
// ih_hcrc zeroed; data CRC over the payload), unlike QEMU which trusts them.
// Kernel, kernel_noload and ramdisk types are loaded as QEMU's
// load_uboot_image() does. Payload compression: none, and gzip when built with
// zlib; other methods give a clear error.
//
// Not implemented: multi-file images, FIT images.
#pragma once

#include <string>
#include <vector>

#include "core/common/types.h"

namespace bw {

constexpr u32 kUImageMagic = 0x27051956;
constexpr size_t kUImageHeaderSize = 64;

// Field values from U-Boot's image.h (the ones boards care about).
enum : u8 { IH_OS_LINUX = 5, IH_OS_U_BOOT = 17 };
enum : u8 { IH_ARCH_ARM = 2, IH_ARCH_MIPS = 5 };
enum : u8 {
    IH_TYPE_STANDALONE = 1,
    IH_TYPE_KERNEL = 2,
    IH_TYPE_RAMDISK = 3,
    IH_TYPE_MULTI = 4,
    IH_TYPE_FIRMWARE = 5,
    IH_TYPE_KERNEL_NOLOAD = 14,
};
enum : u8 { IH_COMP_NONE = 0, IH_COMP_GZIP = 1, IH_COMP_BZIP2 = 2, IH_COMP_LZMA = 3 };

struct UImageHeader {
    u32 ih_magic = 0, ih_hcrc = 0, ih_time = 0, ih_size = 0, ih_load = 0, ih_ep = 0, ih_dcrc = 0;
    u8 ih_os = 0, ih_arch = 0, ih_type = 0, ih_comp = 0;
    std::string ih_name;  // up to 32 bytes, NUL-terminated if shorter
};

struct UImage {
    UImageHeader header;
    std::vector<u8> payload;  // decompressed
};

// True if |data| is long enough for a header and starts with the uImage magic.
bool uimage_has_magic(const std::vector<u8>& data);

// Parses the header, checks both CRCs and the size, decompresses the payload.
// Errors are one line naming |name|: "<name>: bad uImage header CRC (0x.. in
// header, computed 0x..)", "<name>: uImage data truncated (header says N bytes,
// file has M)", "<name>: bad data CRC ...".
bool uimage_decode(const std::vector<u8>& data, const std::string& name, UImage* out,
                   std::string* error);

// A kernel image as QEMU loads it: type kernel (at ih_load, entry ih_ep) or
// kernel_noload (placed at |noload_base| + 64, entry relative to it).
struct UImageKernel {
    u32 load = 0;
    u32 entry = 0;
    bool is_linux = false;  // ih_os == Linux: boot with the Linux register protocol
    std::vector<u8> data;
};
bool uimage_kernel(const std::vector<u8>& data, const std::string& name, u32 noload_base,
                   UImageKernel* out, std::string* error);

// Hex "0x..." of the CRC, exposed for messages and tests.
u32 uimage_header_crc(const std::vector<u8>& data);

}  // namespace bw
