#include "core/mem/bus.h"

#include <gtest/gtest.h>

#include <vector>

#include "core/common/log.h"

namespace bw {
namespace {

// Records every access; registers are 32-bit only.
class RecordingDevice : public Device {
  public:
    const char* name() const override { return "rec"; }
    void reset() override { resets++; }
    u32 read(u32 offset, unsigned size) override {
        last_read = {offset, size};
        return 0x44332211;
    }
    void write(u32 offset, u32 value, unsigned size) override {
        last_write_offset = offset;
        last_write_value = value;
        last_write_size = size;
    }
    std::pair<u32, unsigned> last_read{};
    u32 last_write_offset = 0, last_write_value = 0;
    unsigned last_write_size = 0;
    int resets = 0;
};

TEST(Bus, RamIsLittleEndianAndCopyable) {
    Bus bus;
    std::vector<u8> ram(0x2000);
    bus.map_ram(0x1000, 0x2000, ram.data());
    bus.write32(0x1004, 0xdeadbeef);
    EXPECT_EQ(ram[4], 0xef);
    EXPECT_EQ(bus.read16(0x1006), 0xdead);
    EXPECT_EQ(bus.read8(0x1005), 0xbe);
    u8 buf[3] = {1, 2, 3};
    EXPECT_TRUE(bus.load(0x2ffd, buf, 3));
    EXPECT_FALSE(bus.load(0x2ffe, buf, 3));  // runs off the end of RAM
    EXPECT_EQ(bus.host_pointer(0x1004), ram.data() + 4);
}

TEST(Bus, NarrowDeviceAccessesAreWidened) {
    Bus bus;
    RecordingDevice dev;
    bus.map_device(0x10000000, 0x1000, &dev, 4);
    EXPECT_EQ(bus.read8(0x10000012), 0x33u);
    EXPECT_EQ(dev.last_read.first, 0x10u);
    EXPECT_EQ(dev.last_read.second, 4u);
    bus.write8(0x10000011, 0xab);
    EXPECT_EQ(dev.last_write_offset, 0x10u);
    EXPECT_EQ(dev.last_write_value, 0xab00u);
    EXPECT_EQ(dev.last_write_size, 4u);
    EXPECT_EQ(bus.host_pointer(0x10000000), nullptr);
    bus.reset_devices();
    EXPECT_EQ(dev.resets, 1);
}

TEST(Bus, UnmappedReadsZeroAndLogsOncePerPage) {
    Bus bus;
    unsigned before = log_count(LogCategory::GuestError);
    EXPECT_EQ(bus.read32(0x50000000), 0u);
    bus.write32(0x50000004, 1);
    EXPECT_EQ(bus.read32(0x50001000), 0u);
    EXPECT_EQ(log_count(LogCategory::GuestError) - before, 2u);
}

TEST(Bus, ReadOnlyRamIgnoresWritesButLoadersFillIt) {
    Bus bus;
    std::vector<u8> rom(0x1000, 0x5a);
    bus.map_ram(0, 0x1000, rom.data(), false, "rom");
    bus.write8(0, 0);
    EXPECT_EQ(rom[0], 0x5a);
    EXPECT_EQ(bus.host_pointer(0, true), nullptr);
    const u8 image[2] = {0x11, 0x22};
    EXPECT_TRUE(bus.dma_write(0xffe, image, 2));
    EXPECT_EQ(rom[0xffe], 0x5a);
    EXPECT_TRUE(bus.load(0xffe, image, 2));
    EXPECT_EQ(rom[0xfff], 0x22);
    EXPECT_FALSE(bus.load(0xfff, image, 2));  // runs off the end: nothing written
    EXPECT_EQ(rom[0xfff], 0x22);
}

TEST(Bus, DmaNeverReachesDevices) {
    Bus bus;
    RecordingDevice dev;
    std::vector<u8> ram(0x1000);
    bus.map_ram(0, 0x1000, ram.data());
    bus.map_device(0x1000, 0x1000, &dev, 4);
    const u8 data[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    EXPECT_FALSE(bus.dma_write(0xffc, data, 8));
    EXPECT_EQ(ram[0xffc], 0);
    EXPECT_EQ(dev.last_write_size, 0u);
    u8 in[4];
    EXPECT_FALSE(bus.copy_from(0x1000, in, 4));
    EXPECT_EQ(dev.last_read.second, 0u);
    EXPECT_FALSE(bus.dma_write(0xfffffffe, data, 4));  // past 4 GB
}

// A guest that rewrites decode registers forever: every remap must reuse slots
// (the index was a u16 that wrapped after 65535 mappings and sent device pages
// to the RAM region, reading far past the host buffer).
TEST(Bus, RemappingReusesRegionSlots) {
    Bus bus;
    std::vector<u8> ram(0x1000, 0xaa);
    RecordingDevice a, b;
    bus.map_ram(0, 0x1000, ram.data());
    bus.map_device(0x10000000, 0x2000, &a, 4);
    for (u32 i = 0; i < 200000; i++) {
        u32 base = 0x20000000 + (i % 3) * 0x1000;
        bus.unmap(0x20000000, 0x4000);
        bus.map_device(base, 0x2000, &b, 4);
        bus.map_device(base + 0x1000, 0x1000, &a, 4);  // hides half of b
    }
    // The last round (i % 3 == 1): b's first page at 0x20001000, a over its second.
    EXPECT_EQ(bus.live_regions(), 4u);
    EXPECT_EQ(bus.read32(0x20001008), 0x44332211u);
    EXPECT_EQ(b.last_read.first, 8u);
    EXPECT_EQ(bus.read32(0x2000200c), 0x44332211u);
    EXPECT_EQ(a.last_read.first, 0xcu);
    EXPECT_EQ(bus.read32(0x20000000), 0u);
    EXPECT_EQ(bus.read8(0), 0xaau);
    EXPECT_EQ(bus.host_pointer(0x20001000), nullptr);
}

TEST(Bus, UnmapFreesTheSlotAndAHiddenMappingTakesNone) {
    Bus bus;
    RecordingDevice a, b;
    bus.map_device(0x1000, 0x1000, &a, 4);
    EXPECT_EQ(bus.live_regions(), 1u);
    bus.map_device(0x1000, 0x1000, &b, 4);  // replaces a entirely
    EXPECT_EQ(bus.live_regions(), 1u);
    bus.map_device(0x2000, 0, &a, 4);  // maps no page
    EXPECT_EQ(bus.live_regions(), 1u);
    bus.unmap(0x1000, 0x1000);
    EXPECT_EQ(bus.live_regions(), 0u);
    EXPECT_EQ(bus.read32(0x1000), 0u);
}

TEST(Bus, WriteWatchSeesEveryKindOfWriteAndKeepsCpusOffWatchedPages) {
    Bus bus;
    std::vector<u8> ram(0x10000);
    bus.map_ram(0x10000, 0x10000, ram.data());
    int watch_calls = 0;
    bus.on_watch = [&] { watch_calls++; };
    const u32 fb = 0x12000, len = 0x2000;  // two pages

    EXPECT_TRUE(bus.take_written(fb, len, Bus::kWatchDisplay));  // never asked: written
    EXPECT_EQ(watch_calls, 1);  // CPUs must forget their host pointers for writing
    EXPECT_FALSE(bus.take_written(fb, len, Bus::kWatchDisplay));
    EXPECT_EQ(watch_calls, 1);  // nothing newly watched
    // Watched pages: reading through a host pointer is fine, writing is not.
    EXPECT_NE(bus.host_pointer(fb + 4), nullptr);
    EXPECT_EQ(bus.host_pointer(fb + 4, true), nullptr);
    EXPECT_NE(bus.host_pointer(fb + len, true), nullptr);  // the page after: not watched

    bus.write(fb + 0x1ffe, 0xabcd, 2);  // a CPU's slow-path store, second page
    EXPECT_EQ(ram[0x3ffe], 0xcd);
    EXPECT_NE(bus.host_pointer(fb + 0x1000, true), nullptr);  // written: writable again
    EXPECT_EQ(bus.host_pointer(fb, true), nullptr);           // the first is still watched
    EXPECT_TRUE(bus.take_written(fb, len, Bus::kWatchDisplay));
    EXPECT_FALSE(bus.take_written(fb, len, Bus::kWatchDisplay));

    const u8 bytes[3] = {1, 2, 3};
    ASSERT_TRUE(bus.dma_write(fb + 0xfff, bytes, 3));  // DMA across the page boundary
    EXPECT_EQ(bus.host_pointer(fb, true), ram.data() + 0x2000);
    EXPECT_TRUE(bus.take_written(fb, 1, Bus::kWatchDisplay));
    EXPECT_TRUE(bus.take_written(fb + 0x1000, 1, Bus::kWatchDisplay));
    ASSERT_TRUE(bus.load(fb + 0x10, bytes, 1));  // a loader
    EXPECT_TRUE(bus.take_written(fb, len, Bus::kWatchDisplay));
    // A write elsewhere is not this range's business.
    bus.write(fb + len, 1, 4);
    EXPECT_FALSE(bus.take_written(fb, len, Bus::kWatchDisplay));
}

}  // namespace
}  // namespace bw
