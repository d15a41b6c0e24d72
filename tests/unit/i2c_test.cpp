#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/dev/i2c/versatile_i2c.h"
#include "core/dev/rtc/ds1338.h"

namespace bw {
namespace {

constexpr u32 I2C_CONTROL = 0x00, I2C_CONTROLS = 0x00, I2C_CONTROLC = 0x04;
constexpr u32 SCL = 1, SDA = 2;
constexpr i64 kLeapDayEve = 1709251198;  // 2024-02-29 23:59:58 UTC, a Thursday

// A master that wiggles the lines the way Linux's i2c-algo-bit does, through
// the controller's registers.
class Master {
  public:
    explicit Master(VersatileI2c& dev) : dev_(dev) {}

    void scl(bool high) { dev_.write(high ? I2C_CONTROLS : I2C_CONTROLC, SCL, 4); }
    void sda(bool high) { dev_.write(high ? I2C_CONTROLS : I2C_CONTROLC, SDA, 4); }
    u32 lines() { return dev_.read(I2C_CONTROL, 4); }

    // From idle (both high) or, as a repeated START, from SCL low.
    void start() {
        sda(true);
        scl(true);
        sda(false);
        scl(false);
    }
    void stop() {
        sda(false);
        scl(true);
        sda(true);
    }
    // Returns I2C_CONTROL sampled with SCL high on the 9th clock: SDA clear = ACK.
    u32 write_byte(u8 b) {
        for (int i = 7; i >= 0; i--) {
            sda((b >> i) & 1);
            scl(true);
            scl(false);
        }
        sda(true);
        scl(true);
        u32 ack = lines();
        scl(false);
        return ack;
    }
    u8 read_byte(bool ack) {
        sda(true);
        u8 b = 0;
        for (int i = 0; i < 8; i++) {
            scl(true);
            b = u8(b << 1 | ((lines() & SDA) ? 1 : 0));
            scl(false);
        }
        sda(!ack);
        scl(true);
        scl(false);
        sda(true);
        return b;
    }

  private:
    VersatileI2c& dev_;
};

// Records what the bus asks of it.
class LogTarget : public I2cTarget {
  public:
    std::string name;
    std::vector<std::string>* log = nullptr;
    bool ack_data = true;
    u8 next = 0xa5;

    void reset() override { log->push_back(name + ":reset"); }
    bool start(bool read) override {
        log->push_back(name + (read ? ":start-r" : ":start-w"));
        return true;
    }
    bool send(u8 b) override {
        log->push_back(name + ":send " + std::to_string(b));
        return ack_data;
    }
    u8 recv() override {
        log->push_back(name + ":recv");
        return next++;
    }
    void nack() override { log->push_back(name + ":nack"); }
    void stop() override { log->push_back(name + ":stop"); }
};

class VersatileI2cTest : public ::testing::Test {
  protected:
    VersatileI2cTest() { i2c.bus().attach(0x68, &rtc); }
    Scheduler sched;
    VersatileI2c i2c;
    Ds1338 rtc{sched, [] { return u64(kLeapDayEve); }};
    Master m{i2c};
};

TEST_F(VersatileI2cTest, LinesSetAndClear) {
    EXPECT_EQ(i2c.read(I2C_CONTROL, 4), SCL | SDA);  // released after reset
    i2c.write(I2C_CONTROLC, SCL, 4);
    EXPECT_EQ(i2c.read(I2C_CONTROL, 4), SDA);
    i2c.write(I2C_CONTROLC, SDA, 4);
    EXPECT_EQ(i2c.read(I2C_CONTROL, 4), 0u);
    i2c.write(I2C_CONTROLS, 0xfffffffd, 4);  // only SCL/SDA exist
    EXPECT_EQ(i2c.read(I2C_CONTROL, 4), SCL);
    EXPECT_EQ(i2c.state().out, SCL);
    i2c.write(I2C_CONTROLS, SDA, 4);
    EXPECT_EQ(i2c.read(I2C_CONTROL, 4), SCL | SDA);
    EXPECT_EQ(i2c.read(0x08, 4), 0u);  // unknown offset
    // Clearing SDA with SCL high was a START, setting it a STOP: nothing addressed.
    EXPECT_EQ(i2c.decoder().state().phase, BitbangI2c::Phase::Idle);
}

TEST_F(VersatileI2cTest, ReadsDs1338TimeWithRepeatedStart) {
    m.start();
    EXPECT_EQ(i2c.decoder().state().phase, BitbangI2c::Phase::Writing);
    EXPECT_EQ(m.write_byte(0x68 << 1), SCL);  // address + W: ACK pulls SDA low
    // The target lets go of SDA when SCL falls.
    EXPECT_EQ(m.lines(), SDA);
    EXPECT_EQ(m.write_byte(0x00), SCL);  // register pointer: seconds
    m.start();                           // repeated START
    EXPECT_EQ(m.write_byte(0x68 << 1 | 1), SCL);
    const u8 expect[7] = {0x58, 0x59, 0x23, 0x05, 0x29, 0x02, 0x24};
    for (int i = 0; i < 7; i++) EXPECT_EQ(m.read_byte(i < 6), expect[i]) << i;
    EXPECT_EQ(i2c.decoder().state().phase, BitbangI2c::Phase::Nacked);
    m.stop();
    EXPECT_EQ(i2c.decoder().state().phase, BitbangI2c::Phase::Idle);
    EXPECT_FALSE(i2c.bus().busy());
    EXPECT_EQ(m.lines(), SCL | SDA);
    // The pointer advanced past the seven bytes to CONTROL.
    EXPECT_EQ(rtc.state().ptr, 7);
}

TEST_F(VersatileI2cTest, ReadDataBitsDriveSda) {
    m.start();
    m.write_byte(0x68 << 1);
    m.write_byte(0x00);
    m.start();
    m.write_byte(0x68 << 1 | 1);
    m.sda(true);
    // 0x58 = 0101 1000, MSB first, visible while SCL is high.
    const u32 bits[8] = {0, 1, 0, 1, 1, 0, 0, 0};
    for (int i = 0; i < 8; i++) {
        m.scl(true);
        EXPECT_EQ(m.lines(), SCL | (bits[i] ? SDA : 0)) << i;
        m.scl(false);
        EXPECT_EQ(m.lines(), SDA) << i;
    }
    // Master NACK on the 9th clock: SDA stays high, nothing more is read.
    m.scl(true);
    EXPECT_EQ(m.lines(), SCL | SDA);
    m.scl(false);
    m.scl(true);
    EXPECT_EQ(m.lines(), SCL | SDA);
    m.scl(false);
    m.stop();
    EXPECT_EQ(rtc.state().ptr, 1);
}

TEST_F(VersatileI2cTest, AbsentAddressIsNacked) {
    m.start();
    EXPECT_EQ(m.write_byte(0x50 << 1), SCL | SDA);  // NACK: SDA stays high
    EXPECT_EQ(i2c.decoder().state().phase, BitbangI2c::Phase::Idle);
    // Bytes after the NACK reach nobody.
    EXPECT_EQ(m.write_byte(0x00), SCL | SDA);
    m.stop();
    // The DS1338 is still reachable afterwards.
    m.start();
    EXPECT_EQ(m.write_byte(0x68 << 1 | 1), SCL);
    EXPECT_EQ(m.read_byte(false), 0x58);
    m.stop();
}

TEST_F(VersatileI2cTest, WritesSetTheDs1338Clock) {
    m.start();
    EXPECT_EQ(m.write_byte(0x68 << 1), SCL);
    EXPECT_EQ(m.write_byte(0x00), SCL);
    // 2030-06-15 12:34:56, Saturday.
    for (u8 b : {0x56, 0x34, 0x12, 0x07, 0x15, 0x06, 0x30}) EXPECT_EQ(m.write_byte(b), SCL);
    m.stop();
    EXPECT_EQ(rtc.unix_time(), 1907757296);
    // NVRAM through the bus.
    m.start();
    m.write_byte(0x68 << 1);
    m.write_byte(0x10);
    m.write_byte(0xc3);
    m.start();
    m.write_byte(0x68 << 1);
    m.write_byte(0x10);
    m.start();
    m.write_byte(0x68 << 1 | 1);
    EXPECT_EQ(m.read_byte(false), 0xc3);
    m.stop();
    EXPECT_EQ(rtc.state().regs[0x10], 0xc3);
}

TEST(I2cBusTest, RoutesByAddressAndEndsTransfers) {
    std::vector<std::string> log;
    LogTarget a, b;
    a.name = "a";
    b.name = "b";
    a.log = b.log = &log;
    I2cBus bus;
    bus.attach(0x10, &a);
    bus.attach(0x11, &b);
    EXPECT_FALSE(bus.start(0x12, false));
    EXPECT_FALSE(bus.busy());
    EXPECT_FALSE(bus.send(1));
    EXPECT_EQ(bus.recv(), 0xff);
    EXPECT_TRUE(bus.start(0x10, false));
    EXPECT_TRUE(bus.send(7));
    EXPECT_TRUE(bus.start(0x10, true));  // repeated START, same target
    EXPECT_EQ(bus.recv(), 0xa5);
    bus.nack();
    EXPECT_TRUE(bus.start(0x11, true));  // repeated START to another target
    EXPECT_EQ(bus.recv(), 0xa5);
    bus.stop();
    EXPECT_FALSE(bus.busy());
    bus.reset();
    EXPECT_EQ(log, (std::vector<std::string>{"a:start-w", "a:send 7", "a:start-r", "a:recv",
                                             "a:nack", "a:stop", "b:start-r", "b:recv", "b:stop",
                                             "a:reset", "b:reset"}));
}

TEST(I2cBusTest, DataNackEndsBitbangTransfer) {
    std::vector<std::string> log;
    LogTarget t;
    t.name = "t";
    t.log = &log;
    t.ack_data = false;
    VersatileI2c i2c;
    i2c.bus().attach(0x20, &t);
    log.clear();
    Master m{i2c};
    m.start();
    EXPECT_EQ(m.write_byte(0x20 << 1), SCL);
    EXPECT_EQ(m.write_byte(0x42), SCL | SDA);  // refused
    EXPECT_EQ(i2c.decoder().state().phase, BitbangI2c::Phase::Idle);
    m.stop();
    EXPECT_EQ(log, (std::vector<std::string>{"t:start-w", "t:send 66", "t:stop"}));
}

}  // namespace
}  // namespace bw
