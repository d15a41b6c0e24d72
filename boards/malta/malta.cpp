#include "boards/malta/malta.h"

#include <chrono>
#include <cstdio>
#include <deque>

#include "boards/loaders/elf.h"
#include "core/common/log.h"
#include "core/dev/net/e1000.h"
#include "core/dev/net/pcnet.h"

namespace bw {
namespace {

constexpr u32 kRevision = 0x00000420;  // Malta board with a CoreLV (QEMU's value)
constexpr u32 kRevisionOffset = 0x10;  // read by Linux at 0x1fc00010
constexpr u32 kBiosSwapLimit = 0x3e0000;
constexpr u32 kEnvEntries = 16;  // YAMON table: 16 pointers, then 16 strings of 256 bytes
constexpr u32 kEnvEntrySize = 256;
constexpr u32 kInitrdAlign = 64u << 10;  // QEMU's INITRD_PAGE_SIZE
constexpr u32 kCbusUartBase = 0x900;

// ISA interrupt lines on the PIIX4.
enum IsaIrq {
    kIrqPit = 0,
    kIrqKbd = 1,
    kIrqUart1 = 3,
    kIrqUart0 = 4,
    kIrqRtc = 8,
    kIrqMouse = 12,
    kIrqIde0 = 14,
    kIrqIde1 = 15
};
// CPU interrupt inputs (set_irq line n = Cause.IP(n+2)).
enum CpuIrq { kCpuI8259 = 0, kCpuCbusUart = 2 };

u32 kseg0_to_phys(u32 va) { return va & 0x1fffffff; }
u32 phys_to_kseg0(u32 pa) { return pa | 0x80000000; }
u32 phys_to_kseg1(u32 pa) { return pa | 0xa0000000; }

i64 host_unix_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

u32 bswap32(u32 v) { return (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24); }

// MIPS32 encodings the boot stub needs (registers by number).
enum Reg : u32 {
    ZERO = 0,
    V0 = 2,
    A0 = 4,
    A1 = 5,
    A2 = 6,
    A3 = 7,
    T9 = 25,
    K0 = 26,
    K1 = 27,
    SP = 29
};
u32 i_type(u32 op, u32 rs, u32 rt, u32 imm) {
    return op << 26 | rs << 21 | rt << 16 | (imm & 0xffff);
}
u32 lui(u32 rt, u32 imm) { return i_type(0x0f, 0, rt, imm); }
u32 ori(u32 rt, u32 rs, u32 imm) { return i_type(0x0d, rs, rt, imm); }
u32 sw(u32 rt, u32 base, u32 offset) { return i_type(0x2b, base, rt, offset); }
u32 jalr(u32 rs) { return rs << 21 | 31 << 11 | 0x09; }

bool overlaps(u64 a, u64 asize, u64 b, u64 bsize) { return a < b + bsize && b < a + asize; }

}  // namespace

// ---- IoPortSpace ---------------------------------------------------------------------------

void IoPortSpace::add(u32 port, u32 count, Device* device) {
    ranges_.push_back({port, count, device});
}

const IoPortSpace::Range* IoPortSpace::find(u32 port) const {
    for (const Range& r : ranges_) {
        if (port - r.port < r.count) return &r;
    }
    return nullptr;
}

static u32 all_ones(unsigned size) { return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1; }

u32 IoPortSpace::read(u32 offset, unsigned size) {
    if (const Range* r = find(offset)) return r->device->read(offset - r->port, size);
    u32 value;
    if (pci_.io_read(offset, size, &value)) return value;
    absent_.bad_read(name(), offset);
    return all_ones(size);
}

void IoPortSpace::write(u32 offset, u32 value, unsigned size) {
    if (const Range* r = find(offset)) {
        r->device->write(offset - r->port, value, size);
        return;
    }
    if (pci_.io_write(offset, value, size)) return;
    absent_.bad_write(name(), offset);
}

u32 PciMemWindow::read(u32 offset, unsigned size) {
    u32 value;
    if (pci_.mem_read(base_ + offset, size, &value)) return value;
    absent_.bad_read(name(), base_ + offset);
    return all_ones(size);
}

void PciMemWindow::write(u32 offset, u32 value, unsigned size) {
    if (!pci_.mem_write(base_ + offset, value, size)) absent_.bad_write(name(), base_ + offset);
}

// ---- MaltaFpgaSpace ------------------------------------------------------------------------

u32 MaltaFpgaSpace::read(u32 offset, unsigned size) {
    if (offset - kCbusUartBase < 0x100) return uart_.read(offset - kCbusUartBase, size);
    return fpga_.read(offset, size);
}

void MaltaFpgaSpace::write(u32 offset, u32 value, unsigned size) {
    if (offset - kCbusUartBase < 0x100) {
        uart_.write(offset - kCbusUartBase, value, size);
        return;
    }
    fpga_.write(offset, value, size);
}

// ---- Malta ---------------------------------------------------------------------------------

namespace {
mips::MipsConfig cpu_config(bool big_endian) {
    mips::MipsConfig c;
    c.model = mips::MipsConfig::Model::k24Kf;
    c.big_endian = big_endian;
    return c;
}
}  // namespace

Malta::Malta(u32 ram_size, bool big_endian)
    : big_endian_(big_endian),
      ram_(ram_size),
      flash_(kFlashSize, 0),
      boot_(kFlashSize, 0),
      cpu_(bus, scheduler, cpu_config(big_endian)),
      gt_(pci_),
      pit_(scheduler),
      rtc_(scheduler,
           [this] { return config_.rtc_base_ns >= 0 ? config_.rtc_base_ns : host_unix_ns(); }),
      fpga_(big_endian) {
    Machine::cpu_ = &cpu_;
    // Serial ports in QEMU's order: serial0 = ttyS0 (0x3f8), serial1 = 0x2f8, serial2 = CBUS.
    for (int i = 0; i < 3; i++) serials_.push_back(std::make_unique<CharChannel>());
    uarts_.push_back(std::make_unique<Ns16550>(scheduler, *serials_[0]));
    uarts_.push_back(std::make_unique<Ns16550>(scheduler, *serials_[1]));
    uarts_.push_back(std::make_unique<Ns16550>(scheduler, *serials_[2], 3, 230400));
    fpga_space_ = std::make_unique<MaltaFpgaSpace>(fpga_, *uarts_[2]);

    // PCI bus 0: the GT-64120 itself at device 0, the PIIX4 at device 10.
    pci_.attach(0, &gt_.pci_function());
    pci_.attach(10 << 3 | 0, &piix4_);
    pci_.attach(10 << 3 | 1, &piix4_ide_);
    pci_.attach(10 << 3 | 2, &piix4_usb_);
    pci_.attach(10 << 3 | 3, &piix4_pm_);

    // ISA I/O ports behind the PCI_0 I/O window.
    struct Port {
        u32 port, count;
        Device* device;
    };
    const Port ports[] = {
        {0x20, 2, &pic_.master()},
        {0x40, 4, &pit_},
        {0x60, 1, &kbc_.data_port()},
        {0x64, 1, &kbc_.command_port()},
        {0x70, 2, &rtc_},
        {0xa0, 2, &pic_.slave()},
        {0x170, 8, &ide_[1].command_block()},
        {0x1f0, 8, &ide_[0].command_block()},
        {0x2f8, 8, uarts_[1].get()},
        {0x376, 1, &ide_[1].control_block()},
        {0x3f6, 1, &ide_[0].control_block()},
        {0x3f8, 8, uarts_[0].get()},
        {0x4d0, 2, &pic_.elcr()},
        {0xcf9, 1, &piix4_.reset_control()},
    };
    for (const Port& p : ports) io_.add(p.port, p.count, p.device);

    // The fixed part of the memory map, in address order (QEMU's malta.c); the GT-64120
    // register block and its PCI windows are mapped by remap_pci_windows().
    bus.map_ram(0, ram_size, ram_.data());
    bus.map_ram(kFlashBase, kFlashSize, flash_.data(), false, "flash");
    bus.map_device(kFpgaBase, 0x100000, fpga_space_.get(), 1);
    bus.map_ram(kBootBase, kFlashSize, boot_.data(), false, "boot-flash");

    wire();
}

void Malta::wire() {
    pic_.intr().connect([this](bool level) { cpu_.set_irq(kCpuI8259, level); });
    uarts_[2]->irq.connect([this](bool level) { cpu_.set_irq(kCpuCbusUart, level); });
    pit_.out0.connect([this](bool level) { pic_.set_irq(kIrqPit, level); });
    rtc_.irq.connect([this](bool level) { pic_.set_irq(kIrqRtc, level); });
    kbc_.irq_kbd.connect([this](bool level) { pic_.set_irq(kIrqKbd, level); });
    kbc_.irq_mouse.connect([this](bool level) { pic_.set_irq(kIrqMouse, level); });
    kbc_.on_reset_request = [this] { request_reset(); };
    input.add_keyboard(&kbc_.keyboard());
    input.add_pointer(&kbc_.mouse());
    uarts_[0]->irq.connect([this](bool level) { pic_.set_irq(kIrqUart0, level); });
    uarts_[1]->irq.connect([this](bool level) { pic_.set_irq(kIrqUart1, level); });
    ide_[0].irq.connect([this](bool level) { pic_.set_irq(kIrqIde0, level); });
    ide_[1].irq.connect([this](bool level) { pic_.set_irq(kIrqIde1, level); });
    piix4_.isa_irq = [this](int irq, bool level) { pic_.set_irq(irq, level); };
    pci_.set_dma_memory(&bus);
    pci_.irq_route = [](u8 devfn, int pin) { return Piix4Isa::malta_slot_pirq(devfn >> 3, pin); };
    pci_.set_irq_line = [this](int pirq, bool level) { piix4_.set_pirq(pirq, level); };
    gt_.int_ack = [this] { return pic_.acknowledge(); };
    gt_.on_remap = [this] { remap_pci_windows(); };
    piix4_.reset_control().on_reset_request = [this] { request_reset(); };
    fpga_.on_reset_request = [this] { request_reset(); };
}

void Malta::remap_pci_windows() {
    Gt64120::Window io = gt_.pci0_io(), mem0 = gt_.pci0_mem0(), mem1 = gt_.pci0_mem1();
    u32 isd = gt_.isd_base();
    if (isd_mapped_ && io == io_win_ && mem0 == mem0_win_ && mem1 == mem1_win_ && isd == isd_) {
        return;
    }
    for (const Gt64120::Window& w : {io_win_, mem0_win_, mem1_win_}) {
        if (w.size) bus.unmap(w.base, w.size);
    }
    if (isd_mapped_) bus.unmap(isd_, 0x1000);

    // A window over RAM, flash or the FPGA would hide them: such a decode is refused.
    auto usable = [this](const char* what, Gt64120::Window& w) {
        if (!w.size) return;
        if (u64(w.base) + w.size > (u64(1) << 32)) w.size = u32((u64(1) << 32) - w.base);
        if (overlaps(w.base, w.size, 0, ram_.size()) ||
            overlaps(w.base, w.size, kFlashBase, kFlashSize) ||
            overlaps(w.base, w.size, kFpgaBase, 0x100000) ||
            overlaps(w.base, w.size, kBootBase, kFlashSize)) {
            log_message(LogCategory::GuestError,
                        "malta: GT-64120 %s window 0x%08x+0x%x overlaps RAM or flash; not mapped",
                        what, w.base, w.size);
            w.size = 0;
        }
    };
    usable("PCI_0 I/O", io);
    usable("PCI_0 Mem0", mem0);
    usable("PCI_0 Mem1", mem1);
    pci_mem0_.set_base(mem0.base);
    pci_mem1_.set_base(mem1.base);
    if (mem0.size) bus.map_device(mem0.base, mem0.size, &pci_mem0_, 1);
    if (mem1.size) bus.map_device(mem1.base, mem1.size, &pci_mem1_, 1);
    if (io.size) bus.map_device(io.base, io.size, &io_, 1);
    Gt64120::Window regs{isd, 0x1000};
    usable("register", regs);
    // The register block wins over the windows (it is decoded first).
    if (regs.size) bus.map_device(isd, 0x1000, &gt_, 4);
    io_win_ = io;
    mem0_win_ = mem0;
    mem1_win_ = mem1;
    isd_ = isd;
    isd_mapped_ = regs.size != 0;
    cpu_.flush_tlb();
}

void Malta::put32(std::vector<u8>& v, u32 offset, u32 value) const {
    for (int i = 0; i < 4; i++) {
        int shift = big_endian_ ? 24 - 8 * i : 8 * i;
        v[offset + i] = u8(value >> shift);
    }
}

// QEMU's write_bootloader(): a jump at the reset vector, the YAMON service vector, the GT-64120
// setup YAMON would have done, the argument registers, the jump to the kernel, and the YAMON
// print routines (polling the 0x3f8 UART).
void Malta::write_boot_stub(u32 entry) {
    std::vector<u8>& f = flash_;
    const u32 run = phys_to_kseg0(kBootBase);
    put32(f, 0x000, 0x08000000 | ((run + 0x580) & 0x0fffffff) >> 2);  // j start
    put32(f, 0x004, 0);                                               // nop
    // YAMON service vector.
    const std::pair<u32, u32> vectors[] = {
        {0x500, 0x580}, {0x504, 0x83c}, {0x520, 0x580}, {0x52c, 0x800}, {0x534, 0x808},
        {0x538, 0x800}, {0x53c, 0x800}, {0x540, 0x800}, {0x544, 0x800}, {0x548, 0x800},
        {0x54c, 0x800}, {0x550, 0x800}, {0x554, 0x800},
    };
    for (auto [at, target] : vectors) put32(f, at, run + target);

    u32 at = 0x580;
    auto emit = [&](u32 insn) {
        put32(f, at, insn);
        at += 4;
    };
    auto li = [&](u32 reg, u32 value) {
        emit(lui(reg, value >> 16));
        emit(ori(reg, reg, value & 0xffff));
    };
    // The GT-64120 registers are little-endian on the bus: a big-endian CPU writes them as
    // they are, a little-endian one byte-swapped (QEMU's cpu_to_gt32).
    auto gt_value = [&](u32 v) { return big_endian_ ? v : bswap32(v); };
    auto write_u32 = [&](u32 addr, u32 value) {
        li(K0, value);
        li(K1, addr);
        emit(sw(K0, K1, 0));
    };
    constexpr u32 kGtNew = 0x1be00000;
    write_u32(phys_to_kseg1(0x14000000 + 0x68), gt_value(kGtNew << 3));   // GT_ISD
    write_u32(phys_to_kseg1(kGtNew + 0x48), gt_value(0x18000000u << 3));  // GT_PCI0IOLD
    write_u32(phys_to_kseg1(kGtNew + 0x50), gt_value(0x08000000u << 3));  // GT_PCI0IOHD
    write_u32(phys_to_kseg1(kGtNew + 0x58), gt_value(0x10000000u << 3));  // GT_PCI0M0LD
    write_u32(phys_to_kseg1(kGtNew + 0x60), gt_value(0x07e00000u << 3));  // GT_PCI0M0HD
    write_u32(phys_to_kseg1(kGtNew + 0x80), gt_value(0x18200000u << 3));  // GT_PCI0M1LD
    write_u32(phys_to_kseg1(kGtNew + 0x88), gt_value(0x0bc00000u << 3));  // GT_PCI0M1HD
    const u32 env = phys_to_kseg0(kEnvPaddr);
    li(SP, env - 64);
    li(A0, 2);  // argc: kernel name and command line
    li(A1, env);
    li(A2, env + 8);
    li(A3, std::min<u32>(u32(ram_.size()), kMaxRam));
    li(T9, entry);
    emit(jalr(T9));
    emit(0);  // nop

    // YAMON subroutines (QEMU's hand-assembled ones, at the same offsets).
    const u32 subroutines[] = {
        0x03e00009,
        0x24020000,  // 800: jalr ra; li v0,0
        0x03e06821,
        0x00805821,
        0x00a05021,
        0x91440000,
        0x254a0001,  // 808: print
        0x10800005,
        0x00000000,
        0x0ff0021c,
        0x00000000,
        0x1000fff9,
        0x00000000,
        0x01a00009,
        0x01602021,
        0x03e06821,
        0x00805821,
        0x00a05021,
        0x00c06021,
        0x91440000,  // 83c: print_count
        0x0ff0021c,
        0x00000000,
        0x254a0001,
        0x258cffff,
        0x1580fffa,
        0x00000000,
        0x01a00009,
        0x01602021,
        0x3c08b800,
        0x350803f8,
        0x91090005,
        0x00000000,
        0x31290040,  // 870: outch to
                     // 0x3f8
        0x1120fffc,
        0x00000000,
        0x03e00009,
        0xa1040000,
    };
    at = 0x800;
    for (u32 w : subroutines) emit(w);
}

bool Malta::load_kernel(std::string* error) {
    std::vector<u8> data;
    if (!read_image_file(config_.kernel, &data, error)) return false;
    ElfOptions opt;
    opt.machine = kElfMachineMips;
    opt.endian = big_endian_ ? Endian::Big : Endian::Little;
    opt.translate = kseg0_to_phys;
    opt.max_memory = ram_.size();
    if (!elf_has_magic(data)) {
        *error = config_.kernel + ": not an ELF file (malta -kernel needs an ELF vmlinux)";
        return false;
    }
    ElfImage elf;
    if (!elf_parse(data, config_.kernel, opt, &elf, error)) return false;
    // The stub jumps to the ELF's (virtual) entry, as QEMU's load_elf reports it.
    kernel_entry_ = elf.entry;
    if (!(kernel_entry_ & 0x80000000)) {
        *error = config_.kernel + ": entry " + hex32(kernel_entry_) +
                 " is not in kseg0/kseg1 (user-mode kernels are not supported)";
        return false;
    }
    for (MemoryBlob& b : elf.segments) {
        if (u64(b.addr) + b.bytes.size() > ram_.size()) {
            *error = b.label + " at " + hex32(b.addr) + " does not fit in " +
                     std::to_string(ram_.size() >> 20) + " MB of RAM";
            return false;
        }
        blobs_.push_back(std::move(b));
    }

    const u32 ram_low = u32(ram_.size());
    u32 initrd_offset = 0, initrd_size = 0;
    if (!config_.initrd.empty()) {
        std::vector<u8> rd;
        if (!read_image_file(config_.initrd, &rd, error)) return false;
        initrd_size = u32(rd.size());
        u64 room = u64(initrd_size) + (128u << 10);
        if (room >= ram_low ||
            ((ram_low - room + kInitrdAlign - 1) & ~(kInitrdAlign - 1)) <= elf.high) {
            *error = config_.initrd + ": memory too small for the initial ram disk";
            return false;
        }
        initrd_offset = u32((ram_low - room + kInitrdAlign - 1) & ~u64(kInitrdAlign - 1));
        if (u64(initrd_offset) + initrd_size > ram_low) {
            *error = config_.initrd + ": memory too small for the initial ram disk";
            return false;
        }
        blobs_.push_back({"initrd", initrd_offset, std::move(rd)});
    }

    // The YAMON table at 0x2000: 16 pointers (kseg0) to 256-byte strings.
    std::vector<u8> env(kEnvEntries * (4 + kEnvEntrySize), 0);
    const u32 env_vaddr = phys_to_kseg0(kEnvPaddr);
    unsigned index = 0;
    auto set = [&](const std::string& s) {
        u32 offset = kEnvEntries * 4 + index * kEnvEntrySize;
        put32(env, index * 4, env_vaddr + offset);
        size_t n = std::min<size_t>(s.size(), kEnvEntrySize - 1);  // vsnprintf truncation
        std::copy(s.begin(), s.begin() + n, env.begin() + offset);
        index++;
    };
    set(config_.kernel);
    if (initrd_size) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "rd_start=0x%x rd_size=%u ", phys_to_kseg0(initrd_offset),
                      initrd_size);
        set(buf + config_.append);
    } else {
        set(config_.append);
    }
    set("memsize");
    set(std::to_string(std::min<u32>(ram_low, kMaxRam)));
    set("ememsize");
    set(std::to_string(ram_.size()));
    set("modetty0");
    set("38400n8r");
    // QEMU passes 32 random bytes; a fixed seed keeps runs reproducible.
    std::string seed;
    u64 x = 0x9e3779b97f4a7c15ull;
    for (int i = 0; i < 32; i++) {
        x ^= x >> 31;
        x *= 0xbf58476d1ce4e5b9ull;
        char hex[3];
        std::snprintf(hex, sizeof hex, "%02x", unsigned(x >> 56));
        seed += hex;
    }
    set("rngseed");
    set(seed);
    // Entry |index| stays 0: the end of the table.
    blobs_.push_back({"YAMON environment", kEnvPaddr, std::move(env)});

    write_boot_stub(kernel_entry_);
    return true;
}

bool Malta::load_images(std::string* error) {
    if (!config_.kernel.empty()) {
        if (!load_kernel(error)) return false;
    } else if (!config_.bios.empty()) {
        std::vector<u8> data;
        if (!read_image_file(config_.bios, &data, error)) return false;
        if (data.size() > kFlashSize) {
            *error = config_.bios + ": too large for the 4 MB boot flash (" +
                     std::to_string(data.size()) + " bytes)";
            return false;
        }
        std::copy(data.begin(), data.end(), flash_.begin());
        // Bi-endian firmware: a little-endian board sees every 32-bit word swapped.
        if (!big_endian_) {
            u32 swap = std::min<u32>(u32(data.size()), kBiosSwapLimit) & ~3u;
            for (u32 i = 0; i < swap; i += 4) {
                std::swap(flash_[i], flash_[i + 3]);
                std::swap(flash_[i + 1], flash_[i + 2]);
            }
        }
    } else {
        *error = "malta: nothing to boot (give -kernel or -bios)";
        return false;
    }
    if (!config_.initrd.empty() && config_.kernel.empty()) {
        *error = "-initrd needs -kernel";
        return false;
    }
    boot_ = flash_;
    put32(boot_, kRevisionOffset, kRevision);
    return true;
}

void Malta::reset() {
    pic_.reset();
    pit_.reset();
    rtc_.reset();
    kbc_.reset();
    for (auto& u : uarts_) u->reset();
    ide_[0].reset();
    ide_[1].reset();
    fpga_.reset();
    piix4_.reset_control().reset();
    pci_.reset();
    gt_.reset();  // remaps the register block and windows to their power-on places
    std::string error;
    // create() loaded these blobs once already: they fit.
    load_blobs(bus, blobs_, &error);
    cpu_.reset();
    cpu_.flush_tlb();
}

// ---- NICs ----------------------------------------------------------------------------------

namespace {
// The NIC models malta knows: the first row is the default (QEMU's malta builds a
// "pcnet" for a NIC without a model). |home_slot| is where the machine's first NIC
// goes if it has that model (QEMU's default_devaddr "0b"); 0: none.
struct NicModel {
    const char* name;
    u8 home_slot;
    std::unique_ptr<PciDevice> (*make)(Scheduler&, NetHub*, const NicConfig&);
};
const NicModel kNicModels[] = {
    {"pcnet", 11,
     [](Scheduler& sched, NetHub* hub, const NicConfig& nic) -> std::unique_ptr<PciDevice> {
         return std::make_unique<Pcnet>(sched, hub, nic.mac);
     }},
    // -net nic,model=e1000 (the second source document): an Intel 82540EM.
    {"e1000", 0,
     [](Scheduler&, NetHub* hub, const NicConfig& nic) -> std::unique_ptr<PciDevice> {
         return std::make_unique<E1000>(hub, nic.mac);
     }},
};
constexpr u8 kFirstFreeSlot = 18;  // QEMU's devfn_min for the malta PCI bus
}  // namespace

bool Malta::create_nics(std::string* error) {
    std::vector<NicConfig> nics = config_.nics;
    if (nics.empty()) nics.push_back(NicConfig{});
    bool first = true;
    for (const NicConfig& nic : nics) {
        if (nic.model == "none") continue;  // -nic none / -net none
        const NicModel* model = nullptr;
        for (const NicModel& m : kNicModels) {
            if (nic.model.empty() ? &m == kNicModels : nic.model == m.name) model = &m;
        }
        if (!model) {
            std::string known;
            for (const NicModel& m : kNicModels)
                known += std::string(known.empty() ? "" : ", ") + m.name;
            *error =
                "malta: NIC model '" + nic.model + "' is not supported (models: " + known + ")";
            return false;
        }
        u8 slot = first ? model->home_slot : 0;
        first = false;
        if (!slot || pci_.device(u8(slot << 3))) {
            slot = kFirstFreeSlot;
            while (slot < 32 && pci_.device(u8(slot << 3))) slot++;
            if (slot == 32) {
                *error = "malta: no free PCI slot for NIC '" + std::string(model->name) + "'";
                return false;
            }
        }
        net_hubs_.push_back(std::make_unique<NetHub>());
        nics_.push_back(model->make(scheduler, net_hubs_.back().get(), nic));
        pci_.attach(u8(slot << 3), nics_.back().get());
    }
    return true;
}

// ---- display -------------------------------------------------------------------------------

bool Malta::create_vga(std::string* error) {
    if (config_.vga == "none") return true;
    if (!config_.vga.empty() && config_.vga != "cirrus") {
        *error = "malta: -vga " + config_.vga + " is not supported (cirrus, none)";
        return false;
    }
    u8 slot = kFirstFreeSlot;
    while (slot < 32 && pci_.device(u8(slot << 3))) slot++;
    if (slot == 32) {
        *error = "malta: no free PCI slot for the Cirrus VGA";
        return false;
    }
    vga_ = std::make_unique<CirrusVga>();
    pci_.attach(u8(slot << 3), vga_.get());
    io_.add(VgaCore::kPortBase, VgaCore::kPortCount, &vga_->ports());
    return true;
}

// Sound cards come after the board's own PCI devices, as QEMU creates -device ones after
// the machine: the first free slot from 18.
bool Malta::create_sound(std::string* error) {
    for (const std::string& card : config_.sound_cards) {
        if (card != "ac97") {
            *error = "malta: sound card '" + card + "' is not supported (cards: ac97)";
            return false;
        }
        if (ac97_) {
            *error = "malta: only one ac97 sound card is supported";
            return false;
        }
        u8 slot = kFirstFreeSlot;
        while (slot < 32 && pci_.device(u8(slot << 3))) slot++;
        if (slot == 32) {
            *error = "malta: no free PCI slot for the ac97 sound card";
            return false;
        }
        ac97_ = std::make_unique<Ac97>(scheduler, &audio);
        pci_.attach(u8(slot << 3), ac97_.get());
    }
    return true;
}

// ---- USB devices ---------------------------------------------------------------------------

bool Malta::create_usb_devices(std::string* error) {
    struct UsbModel {
        const char* name;
        UsbHid::Kind kind;
    };
    const UsbModel models[] = {{"keyboard", UsbHid::Kind::Keyboard},
                               {"tablet", UsbHid::Kind::Tablet},
                               {"mouse", UsbHid::Kind::Mouse}};
    // Free ports in QEMU's order: the two root ports, then the ports of each hub added.
    struct Slot {
        UsbHub* hub;  // null: a root port
        int port;
        std::string path;  // QEMU's port path ("1", "2.1")
    };
    std::deque<Slot> free{{nullptr, 0, "1"}, {nullptr, 1, "2"}};
    auto plug = [this](const Slot& slot, UsbDevice* d) {
        if (slot.hub)
            slot.hub->attach_downstream(slot.port, d);
        else
            piix4_usb_.attach(slot.port, d);
    };
    const std::string controller = "pci:0a.2-";  // QEMU's device path of the UHCI
    for (const std::string& name : config_.usb_devices) {
        const UsbModel* model = nullptr;
        for (const UsbModel& m : models) {
            if (name == m.name) model = &m;
        }
        if (!model) {
            *error = "malta: USB device '" + name +
                     "' is not supported (devices: keyboard, tablet, mouse)";
            return false;
        }
        // As QEMU's usb_claim_port: the last free port gets a hub, the device goes behind it.
        if (free.size() == 1) {
            Slot slot = free.front();
            free.pop_front();
            auto hub = std::make_unique<UsbHub>(controller + slot.path);
            for (int i = 0; i < UsbHub::kPorts; i++)
                free.push_back({hub.get(), i, slot.path + "." + std::to_string(i + 1)});
            plug(slot, hub.get());
            usb_devices_.push_back(std::move(hub));
        }
        Slot slot = free.front();
        free.pop_front();
        usb_devices_.push_back(
            std::make_unique<UsbHid>(model->kind, scheduler, &input, controller + slot.path));
        plug(slot, usb_devices_.back().get());
    }
    return true;
}

std::unique_ptr<Machine> Malta::create_endian(const MachineConfig& config, bool big_endian,
                                              std::string* error) {
    if (config.ram_mb == 0 || config.ram_mb * (1u << 20) > kMaxRam) {
        *error = "malta: memory size must be between 1 MB and 256 MB (-m " +
                 std::to_string(config.ram_mb) + ")";
        return nullptr;
    }
    if (!config.dtb.empty()) {
        *error = "malta: -dtb is not supported (the kernel has its own device tree)";
        return nullptr;
    }
    if (!config.hda.empty() && !config.hda_disk) {
        *error = "-hda " + config.hda + ": no disk backend was opened";
        return nullptr;
    }
    std::unique_ptr<Malta> m(new Malta(u32(config.ram_mb << 20), big_endian));
    m->config_ = config;
    m->cpu_.set_blocks(config.accel == "blocks");
    if (config.hda_disk) {
        m->hda_ = config.hda_disk;
        m->ide_[0].attach(0, m->hda_.get(), "QEMU HARDDISK");
    }
    // A first load here reports what reset() could only drop: an image that
    // does not fit in the machine's memory.
    if (!m->create_nics(error) || !m->create_vga(error) || !m->create_sound(error) ||
        !m->create_usb_devices(error) || !m->load_images(error) ||
        !load_blobs(m->bus, m->blobs_, error)) {
        return nullptr;
    }
    m->reset();
    return m;
}

std::unique_ptr<Machine> Malta::create(const MachineConfig& config, std::string* error) {
    return create_endian(config, false, error);
}

}  // namespace bw
