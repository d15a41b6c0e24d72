// Floating-point instructions replayed from vectors recorded under QEMU 7.2 user mode
// (tests/fp/qemu_vectors.py): each vector is a register file, an FP control register value and one
// instruction word; the result registers and the control register afterwards must match QEMU's
// bit for bit (results, NaN payloads, rounding, cause and flag bits, condition codes). MIPS runs
// through the 24Kf CPU (FR=0), ARM through the VFPv2 unit.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "core/cpu/arm/vfp.h"
#include "core/cpu/mips/mips_cpu.h"

namespace bw {
namespace {

struct Vector {
    u32 insn, ctrl, regs[8], r0, r1, ctrl_out;
};

const Vector kMipsVectors[] = {
#include "fp_vectors_mips.inc"
};
const Vector kArmVectors[] = {
#include "fp_vectors_arm.inc"
};

std::string describe(const Vector& v) {
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  "insn %08x ctrl %08x regs %08x %08x %08x %08x %08x %08x %08x %08x", v.insn,
                  v.ctrl, v.regs[0], v.regs[1], v.regs[2], v.regs[3], v.regs[4], v.regs[5],
                  v.regs[6], v.regs[7]);
    return buf;
}

TEST(FpQemuVectorsTest, Mips24Kf) {
    constexpr u32 kRam = 1u << 16;
    std::vector<u8> ram(kRam);
    Bus bus;
    bus.map_ram(0, kRam, ram.data());
    Scheduler sched;
    mips::MipsCpu cpu(bus, sched, mips::MipsConfig{});
    cpu.write_cp0(12, 0, mips::ST_CU1);
    int failures = 0;
    for (const Vector& v : kMipsVectors) {
        for (unsigned i = 0; i < 8; ++i) cpu.set_fpr32(i, v.regs[i]);
        cpu.s.FCSR = v.ctrl;
        bus.write32(0x1000, v.insn);
        cpu.set_pc(0x80001000);
        sched.begin_slice(1);
        cpu.execute();
        sched.end_slice();
        const bool ok = cpu.fpr32(0) == v.r0 && cpu.fpr32(1) == v.r1 && cpu.s.FCSR == v.ctrl_out;
        if (!ok && ++failures <= 20)
            ADD_FAILURE() << describe(v) << std::hex << ": QEMU " << v.r0 << " " << v.r1 << " fcsr "
                          << v.ctrl_out << ", boardwalk " << cpu.fpr32(0) << " " << cpu.fpr32(1)
                          << " fcsr " << cpu.s.FCSR;
    }
    EXPECT_EQ(failures, 0) << "of " << std::size(kMipsVectors);
}

struct NoHost : arm::VfpHost {
    u32 core_reg(unsigned) override { return 0; }
    void set_core_reg(unsigned, u32) override {}
    void set_nzcv(u32) override {}
    bool load32(u32, u32*) override { return false; }
    bool store32(u32, u32) override { return false; }
};

TEST(FpQemuVectorsTest, ArmVfp) {
    arm::Vfp vfp;
    NoHost host;
    int failures = 0;
    for (const Vector& v : kArmVectors) {
        vfp.reset();
        vfp.state.fpexc = arm::Vfp::FPEXC_EN;
        for (unsigned i = 0; i < 6; ++i) vfp.state.s[i] = v.regs[i];
        vfp.state.fpscr = v.ctrl;
        ASSERT_EQ(vfp.execute(v.insn, host, true), arm::VfpResult::Ok) << describe(v);
        const bool ok =
            vfp.state.s[0] == v.r0 && vfp.state.s[1] == v.r1 && vfp.state.fpscr == v.ctrl_out;
        if (!ok && ++failures <= 20)
            ADD_FAILURE() << describe(v) << std::hex << ": QEMU " << v.r0 << " " << v.r1
                          << " fpscr " << v.ctrl_out << ", boardwalk " << vfp.state.s[0] << " "
                          << vfp.state.s[1] << " fpscr " << vfp.state.fpscr;
    }
    EXPECT_EQ(failures, 0) << "of " << std::size(kArmVectors);
}

}  // namespace
}  // namespace bw
