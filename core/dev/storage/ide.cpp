#include "core/dev/storage/ide.h"

#include <algorithm>

#include "core/common/log.h"

namespace bw {

namespace {

enum : u32 {
    DATA = 0,
    ERROR_FEATURES = 1,
    SECTOR_COUNT = 2,
    LBA_LOW = 3,
    LBA_MID = 4,
    LBA_HIGH = 5,
    DEVICE = 6,
    STATUS_COMMAND = 7,
};

enum : u8 {
    RECALIBRATE = 0x10,
    READ_SECTORS = 0x20,
    READ_SECTORS_NR = 0x21,
    READ_SECTORS_EXT = 0x24,
    READ_NATIVE_MAX_ADDRESS_EXT = 0x27,
    READ_MULTIPLE_EXT = 0x29,
    WRITE_SECTORS = 0x30,
    WRITE_SECTORS_NR = 0x31,
    WRITE_SECTORS_EXT = 0x34,
    WRITE_MULTIPLE_EXT = 0x39,
    READ_VERIFY_SECTORS = 0x40,
    READ_VERIFY_SECTORS_NR = 0x41,
    READ_VERIFY_SECTORS_EXT = 0x42,
    SEEK = 0x70,
    EXECUTE_DEVICE_DIAGNOSTIC = 0x90,
    INITIALIZE_DEVICE_PARAMETERS = 0x91,
    STANDBY_IMMEDIATE_OLD = 0x94,
    IDLE_IMMEDIATE_OLD = 0x95,
    STANDBY_OLD = 0x96,
    IDLE_OLD = 0x97,
    CHECK_POWER_MODE_OLD = 0x98,
    READ_MULTIPLE = 0xc4,
    WRITE_MULTIPLE = 0xc5,
    SET_MULTIPLE_MODE = 0xc6,
    STANDBY_IMMEDIATE = 0xe0,
    IDLE_IMMEDIATE = 0xe1,
    STANDBY = 0xe2,
    IDLE = 0xe3,
    CHECK_POWER_MODE = 0xe5,
    FLUSH_CACHE = 0xe7,
    FLUSH_CACHE_EXT = 0xea,
    IDENTIFY_DEVICE = 0xec,
    SET_FEATURES = 0xef,
    READ_NATIVE_MAX_ADDRESS = 0xf8,
};

// ATA strings: two characters per word, first character in the high byte.
void put_string(std::array<u16, 256>& w, int first, int words, const std::string& s) {
    for (int i = 0; i < words; i++) {
        char a = 2 * i < int(s.size()) ? s[2 * i] : ' ';
        char b = 2 * i + 1 < int(s.size()) ? s[2 * i + 1] : ' ';
        w[first + i] = u16((u8(a) << 8) | u8(b));
    }
}

}  // namespace

IdeChannel::IdeChannel() { reset(); }

void IdeChannel::attach(int unit, BlockDevice* disk, std::string model) {
    if (unit < 0 || unit > 1) return;
    disks_[unit] = disk;
    models_[unit] = std::move(model);
    reset();
}

void IdeChannel::reset() {
    s_ = State{};
    set_signature();
    update_irq();
}

void IdeChannel::set_signature() {
    s_.device &= 0x10;  // keep the selected unit
    s_.nsector = s_.hob_nsector = 1;
    s_.lbal = s_.hob_lbal = 1;
    // An absent device leaves the bus floating.
    u8 cyl = disk() ? 0x00 : 0xff;
    s_.lbam = s_.hob_lbam = cyl;
    s_.lbah = s_.hob_lbah = cyl;
}

std::array<u16, 256> IdeChannel::identify(int unit) const {
    std::array<u16, 256> w{};
    BlockDevice* d = disks_[unit & 1];
    if (!d) return w;
    u64 total = d->sector_count();
    const Drive& drv = s_.drive[unit & 1];
    u32 cyls = u32(std::min<u64>(total / (16 * 63), 16383));
    if (cyls < 2) cyls = 2;
    u32 lba28 = u32(std::min<u64>(total, 0x0fffffff));
    u32 chs_cap = cyls * drv.heads * drv.sectors;
    w[0] = 0x0040;  // fixed device
    w[1] = u16(cyls);
    w[3] = 16;
    w[6] = 63;
    put_string(w, 10, 10, "BW" + std::to_string(1000 + unit));  // serial number
    w[20] = 3;
    w[21] = 512;
    put_string(w, 23, 4, "1.0");  // firmware revision
    put_string(w, 27, 20, models_[unit & 1]);
    w[47] = 0x8000 | kMaxMultiple;
    w[48] = 1;                       // dword I/O
    w[49] = (1u << 11) | (1u << 9);  // IORDY, LBA (no DMA: no bus master here)
    w[51] = 0x200;
    w[53] = 1 | (1u << 1);  // words 54-58 and 64-70 valid
    w[54] = u16(chs_cap / (drv.heads * drv.sectors));
    w[55] = drv.heads;
    w[56] = drv.sectors;
    w[57] = u16(chs_cap);
    w[58] = u16(chs_cap >> 16);
    if (drv.mult_sectors) w[59] = u16(0x100 | drv.mult_sectors);
    w[60] = u16(lba28);
    w[61] = u16(lba28 >> 16);
    w[64] = 0x03;  // PIO 3 and 4
    w[65] = w[66] = w[67] = w[68] = 120;
    w[80] = 0xf0;  // ATA-4 to ATA-7
    w[81] = 0x16;
    w[82] = (1u << 14) | (1u << 5) | 1;  // write cache, SMART (reported as QEMU)
    w[83] = (1u << 14) | (1u << 13) | (1u << 12) | (1u << 10);  // FLUSH EXT, FLUSH, LBA48
    w[84] = 1u << 14;
    w[85] = (1u << 14) | (1u << 5) | 1;
    w[86] = (1u << 13) | (1u << 12) | (1u << 10);
    w[87] = 1u << 14;
    w[93] = 1 | (1u << 14) | 0x2000;
    w[100] = u16(total);
    w[101] = u16(total >> 16);
    w[102] = u16(total >> 32);
    w[103] = u16(total >> 48);
    return w;
}

void IdeChannel::update_irq() { irq.set(s_.irq_pending && !(s_.control & nIEN)); }

void IdeChannel::raise_irq() {
    s_.irq_pending = true;
    update_irq();
}

void IdeChannel::abort_command() {
    s_.xfer = Transfer::None;
    s_.error = ABRT;
    s_.status = DRDY | DSC | ERR;
    raise_irq();
}

u64 IdeChannel::start_lba(bool lba48) const {
    if (!(s_.device & 0x40)) {  // CHS
        const Drive& d = s_.drive[unit()];
        u32 cyl = (u32(s_.lbah) << 8) | s_.lbam;
        u32 head = s_.device & 0x0f;
        u32 sect = s_.lbal ? s_.lbal : 1;
        return (u64(cyl) * d.heads + head) * d.sectors + (sect - 1);
    }
    u64 low = (u64(s_.lbah) << 16) | (u64(s_.lbam) << 8) | s_.lbal;
    if (lba48)
        return (u64(s_.hob_lbah) << 40) | (u64(s_.hob_lbam) << 32) | (u64(s_.hob_lbal) << 24) | low;
    return (u64(s_.device & 0x0f) << 24) | low;
}

u32 IdeChannel::sector_count(bool lba48) const {
    if (lba48) {
        u32 n = (u32(s_.hob_nsector) << 8) | s_.nsector;
        return n ? n : 65536;
    }
    return s_.nsector ? s_.nsector : 256;
}

// The task file names the next sector after a transfer, as QEMU leaves it.
void IdeChannel::set_lba(u64 lba, bool lba48) {
    if (!(s_.device & 0x40)) {
        const Drive& d = s_.drive[unit()];
        u64 per_cyl = u64(d.heads) * d.sectors;
        u64 cyl = lba / per_cyl;
        u64 rest = lba % per_cyl;
        s_.lbah = u8(cyl >> 8);
        s_.lbam = u8(cyl);
        s_.device = u8((s_.device & 0xf0) | (rest / d.sectors));
        s_.lbal = u8(rest % d.sectors + 1);
        return;
    }
    s_.lbal = u8(lba);
    s_.lbam = u8(lba >> 8);
    s_.lbah = u8(lba >> 16);
    if (lba48) {
        s_.hob_lbal = u8(lba >> 24);
        s_.hob_lbam = u8(lba >> 32);
        s_.hob_lbah = u8(lba >> 40);
    } else {
        s_.device = u8((s_.device & 0xf0) | ((lba >> 24) & 0x0f));
    }
}

void IdeChannel::start_read(bool lba48, u32 block) {
    u64 lba = start_lba(lba48);
    u32 count = sector_count(lba48);
    if (lba > disk()->sector_count() || count > disk()->sector_count() - lba) {
        abort_command();
        s_.error = IDNF;
        return;
    }
    s_.xfer = Transfer::Read;
    s_.lba48 = lba48;
    s_.lba = lba;
    s_.remaining = count;
    s_.block = block;
    next_read_block();
}

void IdeChannel::next_read_block() {
    u32 n = std::min(s_.block, s_.remaining);
    if (!disk()->read_sectors(s_.lba, n, s_.buf.data())) {
        s_.xfer = Transfer::None;
        s_.error = UNC;
        s_.status = DRDY | DSC | ERR;
        raise_irq();
        return;
    }
    s_.pos = 0;
    s_.end = n * BlockDevice::kSectorSize;
    s_.lba += n;
    s_.remaining -= n;
    s_.nsector = u8(s_.remaining);
    set_lba(s_.lba, s_.lba48);
    s_.status = DRDY | DSC | DRQ;
    raise_irq();
}

void IdeChannel::start_write(bool lba48, u32 block) {
    u64 lba = start_lba(lba48);
    u32 count = sector_count(lba48);
    if (lba > disk()->sector_count() || count > disk()->sector_count() - lba) {
        abort_command();
        s_.error = IDNF;
        return;
    }
    s_.xfer = Transfer::Write;
    s_.lba48 = lba48;
    s_.lba = lba;
    s_.remaining = count;
    s_.block = block;
    s_.pos = 0;
    s_.end = std::min(block, count) * BlockDevice::kSectorSize;
    // The first block needs no interrupt: the host writes it when DRQ is set.
    s_.status = DRDY | DSC | DRQ;
}

void IdeChannel::data_done() {
    switch (s_.xfer) {
        case Transfer::Read:
            if (s_.remaining) {
                next_read_block();
            } else {
                s_.xfer = Transfer::None;
                s_.status = DRDY | DSC;
            }
            break;
        case Transfer::Write: {
            u32 n = s_.end / BlockDevice::kSectorSize;
            if (!disk()->write_sectors(s_.lba, n, s_.buf.data())) {
                s_.xfer = Transfer::None;
                s_.error = UNC;
                s_.status = DRDY | DSC | ERR;
                raise_irq();
                return;
            }
            s_.lba += n;
            s_.remaining -= n;
            s_.nsector = u8(s_.remaining);
            set_lba(s_.lba, s_.lba48);
            if (s_.remaining) {
                s_.pos = 0;
                s_.end = std::min(s_.block, s_.remaining) * BlockDevice::kSectorSize;
                s_.status = DRDY | DSC | DRQ;
            } else {
                s_.xfer = Transfer::None;
                s_.status = DRDY | DSC;
            }
            raise_irq();
            break;
        }
        default:
            s_.xfer = Transfer::None;
            s_.status = DRDY | DSC;
            break;
    }
}

u32 IdeChannel::data_read(unsigned size) {
    if (!(s_.status & DRQ) || s_.xfer == Transfer::Write || s_.xfer == Transfer::None) return 0;
    u32 v = 0;
    for (unsigned i = 0; i < size && s_.pos < s_.end; i++) v |= u32(s_.buf[s_.pos++]) << (8 * i);
    if (s_.pos >= s_.end) data_done();
    return v;
}

void IdeChannel::data_write(u32 value, unsigned size) {
    if (!(s_.status & DRQ) || s_.xfer != Transfer::Write) return;
    for (unsigned i = 0; i < size && s_.pos < s_.end; i++) s_.buf[s_.pos++] = u8(value >> (8 * i));
    if (s_.pos >= s_.end) data_done();
}

void IdeChannel::execute(u8 command) {
    s_.xfer = Transfer::None;
    s_.error = 0;
    bool ext = false;
    switch (command) {
        case IDENTIFY_DEVICE: {
            auto w = identify(unit());
            for (int i = 0; i < 256; i++) {
                s_.buf[2 * i] = u8(w[i]);
                s_.buf[2 * i + 1] = u8(w[i] >> 8);
            }
            s_.xfer = Transfer::Identify;
            s_.pos = 0;
            s_.end = 512;
            s_.status = DRDY | DSC | DRQ;
            raise_irq();
            return;
        }
        case READ_SECTORS_EXT: ext = true; [[fallthrough]];
        case READ_SECTORS:
        case READ_SECTORS_NR: start_read(ext, 1); return;
        case WRITE_SECTORS_EXT: ext = true; [[fallthrough]];
        case WRITE_SECTORS:
        case WRITE_SECTORS_NR: start_write(ext, 1); return;
        case READ_MULTIPLE_EXT: ext = true; [[fallthrough]];
        case READ_MULTIPLE:
            if (!s_.drive[unit()].mult_sectors) break;
            start_read(ext, u32(s_.drive[unit()].mult_sectors));
            return;
        case WRITE_MULTIPLE_EXT: ext = true; [[fallthrough]];
        case WRITE_MULTIPLE:
            if (!s_.drive[unit()].mult_sectors) break;
            start_write(ext, u32(s_.drive[unit()].mult_sectors));
            return;
        case SET_MULTIPLE_MODE:
            if (s_.nsector > kMaxMultiple || (s_.nsector & (s_.nsector - 1))) break;
            s_.drive[unit()].mult_sectors = s_.nsector;
            s_.status = DRDY | DSC;
            raise_irq();
            return;
        case READ_VERIFY_SECTORS_EXT: ext = true; [[fallthrough]];
        case READ_VERIFY_SECTORS:
        case READ_VERIFY_SECTORS_NR: {
            u64 lba = start_lba(ext);
            u32 n = sector_count(ext);
            if (lba > disk()->sector_count() || n > disk()->sector_count() - lba) {
                abort_command();
                s_.error = IDNF;
                return;
            }
            set_lba(lba + n, ext);
            s_.status = DRDY | DSC;
            raise_irq();
            return;
        }
        case READ_NATIVE_MAX_ADDRESS_EXT: ext = true; [[fallthrough]];
        case READ_NATIVE_MAX_ADDRESS: {
            u64 max = disk()->sector_count() - 1;
            if (!ext) max = std::min<u64>(max, 0x0fffffff);
            set_lba(max, ext);
            s_.status = DRDY | DSC;
            raise_irq();
            return;
        }
        case FLUSH_CACHE:
        case FLUSH_CACHE_EXT:
            if (!disk()->flush()) {
                s_.error = UNC;
                s_.status = DRDY | DSC | ERR;
            } else {
                s_.status = DRDY | DSC;
            }
            raise_irq();
            return;
        case INITIALIZE_DEVICE_PARAMETERS:
            if (s_.nsector == 0) break;
            s_.drive[unit()].heads = u16((s_.device & 0x0f) + 1);
            s_.drive[unit()].sectors = s_.nsector;
            s_.status = DRDY | DSC;
            raise_irq();
            return;
        case CHECK_POWER_MODE:
        case CHECK_POWER_MODE_OLD:
            s_.nsector = 0xff;  // active or idle
            s_.status = DRDY | DSC;
            raise_irq();
            return;
        case EXECUTE_DEVICE_DIAGNOSTIC:
            set_signature();
            s_.error = 0x01;  // device 0 passed, device 1 passed or absent
            s_.status = DRDY | DSC;
            raise_irq();
            return;
        case SET_FEATURES:  // transfer mode, write cache, ...: all accepted
        case RECALIBRATE:
        case SEEK:
        case STANDBY_IMMEDIATE:
        case IDLE_IMMEDIATE:
        case STANDBY:
        case IDLE:
        case STANDBY_IMMEDIATE_OLD:
        case IDLE_IMMEDIATE_OLD:
        case STANDBY_OLD:
        case IDLE_OLD:
            s_.status = DRDY | DSC;
            raise_irq();
            return;
        default:
            log_message(LogCategory::Unimplemented, "ide: command 0x%02x not supported", command);
            break;
    }
    abort_command();
}

u32 IdeChannel::cmd_read(u32 offset, unsigned size) {
    if (offset == DATA) {
        if (!disk()) return 0;
        return data_read(size);
    }
    bool hob = s_.control & HOB;
    // An absent selected device reads as 0 (QEMU), except the device register.
    if (offset != DEVICE && !disk()) return 0;
    switch (offset) {
        case ERROR_FEATURES: return s_.error;
        case SECTOR_COUNT: return hob ? s_.hob_nsector : s_.nsector;
        case LBA_LOW: return hob ? s_.hob_lbal : s_.lbal;
        case LBA_MID: return hob ? s_.hob_lbam : s_.lbam;
        case LBA_HIGH: return hob ? s_.hob_lbah : s_.lbah;
        case DEVICE: return s_.device;
        case STATUS_COMMAND:
            // Reading STATUS acknowledges the interrupt.
            s_.irq_pending = false;
            update_irq();
            return s_.status;
        default: bad_.bad_read("ide", offset); return 0xff;
    }
}

void IdeChannel::cmd_write(u32 offset, u32 value, unsigned size) {
    u8 v = u8(value);
    if (offset == DATA) {
        if (disk()) data_write(value, size);
        return;
    }
    // Any task file write clears HOB; the old value moves to the HOB copy.
    if (offset >= ERROR_FEATURES && offset <= DEVICE) s_.control &= ~HOB;
    switch (offset) {
        case ERROR_FEATURES:
            s_.hob_feature = s_.feature;
            s_.feature = v;
            break;
        case SECTOR_COUNT:
            s_.hob_nsector = s_.nsector;
            s_.nsector = v;
            break;
        case LBA_LOW:
            s_.hob_lbal = s_.lbal;
            s_.lbal = v;
            break;
        case LBA_MID:
            s_.hob_lbam = s_.lbam;
            s_.lbam = v;
            break;
        case LBA_HIGH:
            s_.hob_lbah = s_.lbah;
            s_.lbah = v;
            break;
        case DEVICE: s_.device = v | 0xa0; break;  // bits 7 and 5 are obsolete ones
        case STATUS_COMMAND:
            // Commands to an absent device are ignored; so are commands while in reset.
            if (!disk() || (s_.control & SRST)) return;
            s_.irq_pending = false;
            update_irq();
            execute(v);
            break;
        default: bad_.bad_write("ide", offset); break;
    }
}

u32 IdeChannel::ctl_read(u32 offset) {
    if (offset != 0) {
        bad_.bad_read("ide-ctl", offset);
        return 0xff;
    }
    if (!disk()) return 0;
    return s_.status;  // ALTERNATE STATUS: no interrupt acknowledge
}

void IdeChannel::ctl_write(u32 offset, u32 value) {
    if (offset != 0) {
        bad_.bad_write("ide-ctl", offset);
        return;
    }
    u8 v = u8(value);
    bool was_reset = s_.control & SRST;
    s_.control = v;
    if (!was_reset && (v & SRST)) {
        s_.xfer = Transfer::None;
        s_.status = BSY | DSC;
        s_.irq_pending = false;
    } else if (was_reset && !(v & SRST)) {
        // Software reset done: both devices show their signature and pass diagnostics.
        set_signature();
        s_.error = 0x01;
        s_.status = DRDY | DSC;
        s_.drive = {};
    }
    update_irq();
}

}  // namespace bw
