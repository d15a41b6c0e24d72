#include "boards/loaders/arm_boot.h"

#include <algorithm>

#include "boards/loaders/elf.h"
#include "boards/loaders/fdt.h"
#include "boards/loaders/uimage.h"

namespace bw {

namespace {

constexpr u64 kPage = 4096;
constexpr u64 kMiB = 1u << 20;

u64 align_up(u64 v, u64 a) { return (v + a - 1) & ~(a - 1); }

u32 le32(const std::vector<u8>& v, size_t at) {
    return u32(v[at]) | u32(v[at + 1]) << 8 | u32(v[at + 2]) << 16 | u32(v[at + 3]) << 24;
}

void put_le32(std::vector<u8>& v, u32 x) {
    for (int i = 0; i < 4; ++i) v.push_back(u8(x >> (8 * i)));
}

// QEMU's primary boot loader (hw/arm/boot.c bootloader[], without the board
// setup call): r0 = 0, r1 = board id, r2 = argument pointer, jump to entry.
std::vector<u8> boot_stub(u32 board_id, u32 argptr, u32 entry) {
    std::vector<u8> v;
    put_le32(v, 0xE3A00000);  // mov r0, #0
    put_le32(v, 0xE59F1004);  // ldr r1, [pc, #4]
    put_le32(v, 0xE59F2004);  // ldr r2, [pc, #4]
    put_le32(v, 0xE59FF004);  // ldr pc, [pc, #4]
    put_le32(v, board_id);
    put_le32(v, argptr);
    put_le32(v, entry);
    return v;
}

// The ATAG list (Linux Documentation/arm/setup / asm/setup.h), as QEMU's
// set_kernel_args() writes it.
std::vector<u8> atags(u32 ram_base, u32 ram_size, u32 initrd_start, u32 initrd_size,
                      const std::string& cmdline) {
    std::vector<u8> v;
    // ATAG_CORE: flags 1 (read-only root), page size 4 KB, rootdev 0.
    for (u32 w : {5u, 0x54410001u, 1u, 0x1000u, 0u}) put_le32(v, w);
    // ATAG_MEM
    for (u32 w : {4u, 0x54410002u, ram_size, ram_base}) put_le32(v, w);
    if (initrd_size) {  // ATAG_INITRD2: physical start and size
        for (u32 w : {4u, 0x54420005u, initrd_start, initrd_size}) put_le32(v, w);
    }
    if (!cmdline.empty()) {  // ATAG_CMDLINE: NUL-terminated, padded to words
        u32 words = u32(cmdline.size() >> 2) + 1;
        put_le32(v, words + 2);
        put_le32(v, 0x54410009);
        size_t at = v.size();
        v.insert(v.end(), cmdline.begin(), cmdline.end());
        v.resize(at + words * 4, 0);
    }
    put_le32(v, 0);  // ATAG_NONE
    put_le32(v, 0);
    return v;
}

bool load_dtb(const MachineConfig& config, const ArmBootInfo& info, u32 initrd_start,
              u32 initrd_size, std::vector<u8>* out, std::string* error) {
    std::vector<u8> file;
    if (!read_image_file(config.dtb, &file, error, 16 * kMiB)) return false;
    Fdt fdt;
    if (!Fdt::parse(file, config.dtb, &fdt, error)) return false;
    if (!fdt_setup_for_linux(fdt, config.dtb, info.ram_base, info.ram_size, config.append,
                             initrd_start, initrd_size, error)) {
        return false;
    }
    *out = fdt.serialize();
    return true;
}

// Every image must land in RAM: a segment or load address outside it would
// never be loaded, and the guest would start on whatever was there.
bool check_in_ram(const std::vector<MemoryBlob>& blobs, u64 ram_base, u64 ram_end,
                  std::string* error) {
    for (const MemoryBlob& b : blobs) {
        u64 end = u64(b.addr) + b.bytes.size();
        if (!b.bytes.empty() && (b.addr < ram_base || end > ram_end)) {
            *error = b.label + ": " + hex32(b.addr) + ".." + hex32(end - 1) + " is outside RAM (" +
                     hex32(ram_base) + ".." + hex32(ram_end - 1) + ")";
            return false;
        }
    }
    return true;
}

// Rejects blobs that overlap each other or leave the 32-bit space (QEMU's ROM
// overlap check), naming both.
bool check_overlaps(const std::vector<MemoryBlob>& blobs, std::string* error) {
    for (size_t i = 0; i < blobs.size(); ++i) {
        const MemoryBlob& a = blobs[i];
        u64 a_end = u64(a.addr) + a.bytes.size();
        if (a_end > (u64(1) << 32)) {
            *error = a.label + ": extends past the 4 GB address space";
            return false;
        }
        for (size_t j = 0; j < i; ++j) {
            const MemoryBlob& b = blobs[j];
            u64 b_end = u64(b.addr) + b.bytes.size();
            if (a.addr < b_end && b.addr < a_end && !a.bytes.empty() && !b.bytes.empty()) {
                *error = a.label + " (" + hex32(a.addr) + ".." + hex32(a_end - 1) + ") overlaps " +
                         b.label + " (" + hex32(b.addr) + ".." + hex32(b_end - 1) + ")";
                return false;
            }
        }
    }
    return true;
}

}  // namespace

bool arm_boot_prepare(const MachineConfig& config, const ArmBootInfo& info, ArmBootResult* out,
                      std::string* error) {
    std::string err;
    auto fail = [&](const std::string& what) {
        if (error) *error = what;
        return false;
    };
    ArmBootResult r;
    const u64 ram_base = info.ram_base;
    const u64 ram_end = ram_base + info.ram_size;

    if (config.kernel.empty()) {
        // Firmware boot: the CPU starts at the reset vector.
        u64 dtb_at = ram_base;
        if (!config.bios.empty()) {
            MemoryBlob bios;
            bios.label = config.bios;
            bios.addr = info.bios_addr;
            if (!read_image_file(config.bios, &bios.bytes, &err, info.ram_size)) return fail(err);
            dtb_at = std::max<u64>(ram_base, align_up(u64(bios.addr) + bios.bytes.size(), kPage));
            r.blobs.push_back(std::move(bios));
        }
        if (!config.dtb.empty()) {
            MemoryBlob dtb;
            dtb.label = config.dtb;
            dtb.addr = u32(dtb_at);
            if (!load_dtb(config, info, 0, 0, &dtb.bytes, &err)) return fail(err);
            if (dtb_at + dtb.bytes.size() > ram_end) {
                return fail(config.dtb + ": no room for the DTB in RAM");
            }
            r.dtb_start = dtb.addr;
            r.dtb_size = u32(dtb.bytes.size());
            r.blobs.push_back(std::move(dtb));
        }
        if (!check_in_ram(r.blobs, ram_base, ram_end, &err) || !check_overlaps(r.blobs, &err)) {
            return fail(err);
        }
        *out = std::move(r);
        return true;
    }
    if (!config.bios.empty()) {
        return fail("-bios and -kernel cannot be used together on this machine");
    }

    std::vector<u8> file;
    if (!read_image_file(config.kernel, &file, &err, info.ram_size)) {
        if (err.find("too large") != std::string::npos) {
            return fail(config.kernel + ": kernel is too large to fit in RAM (" +
                        std::to_string(info.ram_size / kMiB) + " MiB)");
        }
        return fail(err);
    }

    u64 entry = 0, low = 0, high = 0;
    if (elf_has_magic(file)) {
        ElfImage elf;
        ElfOptions opt;
        opt.machine = kElfMachineArm;
        opt.endian = Endian::Little;
        opt.max_memory = info.ram_size;
        if (!elf_parse(file, config.kernel, opt, &elf, &err)) return fail(err);
        r.kind = ArmKernelKind::Elf;
        r.is_linux = false;  // QEMU: "ELF images are not" Linux kernels
        entry = elf.entry;
        low = elf.low;
        high = elf.high;
        for (auto& s : elf.segments) r.blobs.push_back(std::move(s));
    } else if (uimage_has_magic(file)) {
        UImageKernel k;
        if (!uimage_kernel(file, config.kernel, u32(ram_base + kArmKernelNoloadOffset), &k, &err)) {
            return fail(err);
        }
        r.kind = ArmKernelKind::UImage;
        r.is_linux = k.is_linux;
        entry = k.entry;
        low = k.load;
        high = u64(k.load) + k.data.size();
        if (k.data.size() > info.ram_size) {
            return fail(config.kernel + ": kernel is too large to fit in RAM (" +
                        std::to_string(k.data.size()) + " bytes, RAM " +
                        std::to_string(info.ram_size) + ")");
        }
        r.blobs.push_back({config.kernel, k.load, std::move(k.data)});
    } else {
        // zImage or raw: QEMU treats both as a Linux kernel at base + 0x10000.
        bool zimage = file.size() >= 0x28 && le32(file, 0x24) == kZImageMagic;
        // The zImage header (arch/arm/boot/compressed/head.S) gives the image's
        // start and end; an appended DTB may follow, but a shorter file is cut.
        if (zimage) {
            u32 start = file.size() >= 0x30 ? le32(file, 0x28) : 0;
            u32 end = file.size() >= 0x30 ? le32(file, 0x2c) : u32(-1);
            if (end < start || end - start > file.size()) {
                return fail(config.kernel + ": truncated zImage (header says " +
                            std::to_string(u64(end) - start) + " bytes, file has " +
                            std::to_string(file.size()) + ")");
            }
        }
        r.kind = zimage ? ArmKernelKind::ZImage : ArmKernelKind::Raw;
        r.is_linux = true;
        entry = ram_base + kArmKernelLoadOffset;
        if (file.size() > info.ram_size - kArmKernelLoadOffset) {
            return fail(config.kernel + ": kernel is too large to fit in RAM (" +
                        std::to_string(file.size()) + " bytes, room for " +
                        std::to_string(info.ram_size - kArmKernelLoadOffset) + ")");
        }
        low = entry;
        high = entry + file.size();
        r.blobs.push_back({config.kernel, u32(entry), std::move(file)});
    }
    r.kernel_entry = u32(entry);
    r.kernel_low = u32(low);
    r.kernel_high = u32(std::min<u64>(high, 0xFFFFFFFFu));

    if (r.is_linux) {
        u64 initrd_start = ram_base + std::min<u64>(info.ram_size / 2, 128 * kMiB);
        initrd_start = align_up(std::max<u64>(initrd_start, high), kPage);
        u64 initrd_size = 0;
        if (!config.initrd.empty()) {
            if (initrd_start >= ram_end) {
                return fail(config.initrd + ": not enough space after the kernel for the initrd");
            }
            std::vector<u8> rd;
            if (!read_image_file(config.initrd, &rd, &err)) return fail(err);
            // A uImage ramdisk is unwrapped (QEMU's load_ramdisk); anything else is raw.
            if (uimage_has_magic(rd) && rd[30] == IH_TYPE_RAMDISK) {
                UImage img;
                if (!uimage_decode(rd, config.initrd, &img, &err)) return fail(err);
                rd = std::move(img.payload);
            }
            if (initrd_start + rd.size() > ram_end) {
                return fail(config.initrd + ": initrd too big to fit into RAM after the kernel (" +
                            std::to_string(rd.size()) + " bytes at " + hex32(initrd_start) +
                            ", RAM ends at " + hex32(ram_end) + ")");
            }
            initrd_size = rd.size();
            r.blobs.push_back({config.initrd, u32(initrd_start), std::move(rd)});
            r.initrd_start = u32(initrd_start);
            r.initrd_size = u32(initrd_size);
        }

        u32 argptr;
        if (!config.dtb.empty()) {
            // Some 32-bit kernels trash the rest of the page the initrd ends in.
            u64 dtb_start = align_up(initrd_start + initrd_size, kPage);
            MemoryBlob dtb;
            dtb.label = config.dtb;
            dtb.addr = u32(dtb_start);
            if (!load_dtb(config, info, r.initrd_start, r.initrd_size, &dtb.bytes, &err)) {
                return fail(err);
            }
            if (dtb_start + dtb.bytes.size() > ram_end) {
                return fail(config.dtb + ": not enough space for the DTB after kernel/initrd");
            }
            r.dtb_start = dtb.addr;
            r.dtb_size = u32(dtb.bytes.size());
            r.blobs.push_back(std::move(dtb));
            argptr = r.dtb_start;
        } else {
            if (ram_end > (u64(1) << 32)) {
                return fail("RAM size must be less than 4GB to boot Linux with ATAGs (use -dtb)");
            }
            r.atags_addr = u32(ram_base + kArmKernelArgsOffset);
            r.blobs.push_back({"ATAGs", r.atags_addr,
                               atags(u32(ram_base), u32(info.ram_size), r.initrd_start,
                                     r.initrd_size, config.append)});
            argptr = r.atags_addr;
        }
        r.blobs.push_back(
            {"boot stub", u32(ram_base), boot_stub(info.board_id, argptr, u32(entry))});
        r.pc = u32(ram_base);
        r.thumb = false;
        r.set_registers = true;
        r.r0 = 0;
        r.r1 = info.board_id;
        r.r2 = argptr;
    } else {
        // A bare image: started at its entry with reset register values; the
        // initrd is not loaded (QEMU), a DTB goes at the RAM base if it fits
        // below the image.
        r.pc = u32(entry) & ~1u;
        r.thumb = entry & 1;
        if (!config.dtb.empty()) {
            MemoryBlob dtb;
            dtb.label = config.dtb;
            dtb.addr = u32(ram_base);
            if (!load_dtb(config, info, 0, 0, &dtb.bytes, &err)) return fail(err);
            u64 limit = low > ram_base ? low : ram_end;
            if (low <= ram_base && high > ram_base) limit = ram_base;
            if (ram_base + dtb.bytes.size() > limit) {
                return fail(config.dtb + ": no room for the DTB below the kernel image at " +
                            hex32(low));
            }
            r.dtb_start = dtb.addr;
            r.dtb_size = u32(dtb.bytes.size());
            r.blobs.push_back(std::move(dtb));
        }
    }
    if (!check_in_ram(r.blobs, ram_base, ram_end, &err) || !check_overlaps(r.blobs, &err)) {
        return fail(err);
    }
    *out = std::move(r);
    return true;
}

}  // namespace bw
