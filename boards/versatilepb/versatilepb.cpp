#include "boards/versatilepb/versatilepb.h"

#include <ctime>

namespace bw {
namespace {

constexpr u32 kMaxRam = 256u << 20;  // devices start at 0x10000000
constexpr u32 kBoardId = 0x183;      // Linux machine number of versatilepb
constexpr u32 kSysId = 0x41007004;
constexpr u32 kProcId = 0x02000000;
constexpr u64 kTimerHz = 1000000;
constexpr u8 kDs1338Address = 0x68;

// VIC inputs (QEMU's versatilepb.c); the SIC passes 21..30 through and feeds 31.
enum VicLine {
    kVicTimer01 = 4,
    kVicTimer23 = 5,
    kVicRtc = 10,
    kVicUart0 = 12,
    kVicClcd = 16,
    kVicSic = 31
};
// SIC inputs.
enum SicLine { kSicKmi0 = 3, kSicKmi1 = 4, kSicUart3 = 6, kSicAaci = 24, kSicSmc = 25 };
constexpr u32 kSmcBase = 0x10010000;
constexpr u32 kAaciBase = 0x10004000;
constexpr u32 kAaciFifoDepth = 512;  // QEMU's nc_fifo_depth for versatilepb

}  // namespace

u64 VersatilePb::start_unix_time() const {
    if (config_.rtc_base_ns >= 0) return u64(config_.rtc_base_ns / 1'000'000'000);
    return u64(std::time(nullptr));
}

VersatilePb::VersatilePb(u32 ram_size)
    : ram_(ram_size),
      arm_(bus, scheduler),
      sysregs_(scheduler, kSysId, kProcId),
      timer01_(scheduler, kTimerHz),
      timer23_(scheduler, kTimerHz),
      rtc_(scheduler, [this] { return start_unix_time(); }),
      ds1338_(scheduler, [this] { return start_unix_time(); }),
      clcd_(bus, scheduler, Pl110::Variant::Versatile),
      aaci_(scheduler, &audio, kAaciFifoDepth) {
    Machine::cpu_ = &arm_;
    for (int i = 0; i < 4; i++) {
        serials_.push_back(std::make_unique<CharChannel>());
        uarts_.push_back(std::make_unique<Pl011>(*serials_.back()));
    }

    // The memory map, in address order (QEMU's versatilepb.c).
    struct Mapping {
        u32 base;
        Device* device;
    };
    const Mapping map[] = {
        {0x10000000, &sysregs_},       {0x10002000, &i2c_},           {0x10003000, &sic_},
        {0x10006000, &kmi0_},          {0x10007000, &kmi1_},          {0x10009000, uarts_[3].get()},
        {0x10120000, &clcd_},          {0x10140000, &vic_},           {0x101e2000, &timer01_},
        {0x101e3000, &timer23_},       {0x101e8000, &rtc_},           {0x101f1000, uarts_[0].get()},
        {0x101f2000, uarts_[1].get()}, {0x101f3000, uarts_[2].get()},
    };
    bus.map_ram(0, ram_size, ram_.data());
    // Every register of these PrimeCells is 32 bits wide; narrower accesses are
    // widened by the bus.
    for (const Mapping& m : map) bus.map_device(m.base, 0x1000, m.device, 4);
    bus.map_device(kAaciBase, 0x1000, &aaci_, 4);

    i2c_.bus().attach(kDs1338Address, &ds1338_);

    wire_interrupts();
    sysregs_.on_reset_request = [this] { request_reset(); };
    sysregs_.on_clcd_mux = [this](unsigned mode) { clcd_.set_mux(mode); };
    input.add_keyboard(&ps2_kbd_);
    input.add_pointer(&ps2_mouse_);
}

void VersatilePb::wire_interrupts() {
    vic_.irq.connect([this](bool level) { arm_.set_irq(level); });
    vic_.fiq.connect([this](bool level) { arm_.set_fiq(level); });
    for (int n = 21; n <= 30; n++) sic_.pic_line(n).connect(vic_.input(n));
    sic_.irq.connect(vic_.input(kVicSic));
    timer01_.irq.connect(vic_.input(kVicTimer01));
    timer23_.irq.connect(vic_.input(kVicTimer23));
    rtc_.irq.connect(vic_.input(kVicRtc));
    for (int i = 0; i < 3; i++) uarts_[i]->irq.connect(vic_.input(kVicUart0 + i));
    uarts_[3]->irq.connect(sic_.input(kSicUart3));
    kmi0_.irq.connect(sic_.input(kSicKmi0));
    kmi1_.irq.connect(sic_.input(kSicKmi1));
    clcd_.irq.connect(vic_.input(kVicClcd));
    aaci_.irq.connect(sic_.input(kSicAaci));
}

// QEMU's rule: the first NIC with no model or model smc91c111 is the on-board
// SMC91C111; any other would be an RTL8139 on PCI, which this board lacks.
bool VersatilePb::create_nics(std::string* error) {
    std::vector<NicConfig> nics = config_.nics;
    if (nics.empty()) nics.push_back(NicConfig{});
    for (const NicConfig& nic : nics) {
        if (nic.model == "none") continue;  // -nic none
        net_hubs_.push_back(std::make_unique<NetHub>());
        if (!smc_ && (nic.model.empty() || nic.model == "smc91c111")) {
            smc_ = std::make_unique<Smc91c111>(net_hubs_.back().get(), nic.mac);
        } else {
            *error = "versatilepb: NIC model '" + nic.model +
                     "' is not supported (only one smc91c111; no PCI NICs)";
            return false;
        }
    }
    if (!smc_) return true;
    bus.map_device(kSmcBase, 0x1000, smc_.get(), 1);
    smc_->irq.connect(sic_.input(kSicSmc));
    return true;
}

bool VersatilePb::load_images(std::string* error) {
    ArmBootInfo info;
    info.ram_base = 0;
    info.ram_size = ram_.size();
    info.board_id = kBoardId;
    return arm_boot_prepare(config_, info, &boot_, error);
}

void VersatilePb::reset() {
    Machine::reset();
    std::string error;
    // create() loaded these blobs once already: they fit.
    load_blobs(bus, boot_.blobs, &error);
    arm_.set_pc_interworking(boot_.pc | (boot_.thumb ? 1 : 0));
}

std::unique_ptr<Machine> VersatilePb::create(const MachineConfig& config, std::string* error) {
    if (config.ram_mb == 0 || config.ram_mb * (1u << 20) > kMaxRam) {
        *error = "versatilepb: memory size must be between 1 MB and 256 MB (-m " +
                 std::to_string(config.ram_mb) + ")";
        return nullptr;
    }
    // QEMU would put these on the board's PCI bus (an OHCI for USB devices),
    // which this model does not have: refuse rather than drop them silently.
    if (!config.usb_devices.empty()) {
        *error = "versatilepb: USB device '" + config.usb_devices[0] +
                 "' needs a USB controller, which this board does not have";
        return nullptr;
    }
    if (!config.sound_cards.empty()) {
        *error = "versatilepb: sound card '" + config.sound_cards[0] +
                 "' is not supported (the board's own PL041 AACI is always there)";
        return nullptr;
    }
    if (!config.vga.empty() && config.vga != "none") {
        *error = "versatilepb: -vga " + config.vga +
                 " is not supported (the board's own PL110 CLCD is always there)";
        return nullptr;
    }
    std::unique_ptr<VersatilePb> m(new VersatilePb(u32(config.ram_mb << 20)));
    m->config_ = config;
    m->arm_.set_blocks(config.accel == "blocks");
    // A first load here reports what reset() could only drop: an image that
    // does not fit in the machine's memory.
    if (!m->create_nics(error) || !m->load_images(error) ||
        !load_blobs(m->bus, m->boot_.blobs, error)) {
        return nullptr;
    }
    m->reset();
    return m;
}

}  // namespace bw
