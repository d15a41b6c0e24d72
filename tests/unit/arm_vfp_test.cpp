// VFPv2 (ARM926EJ-S as QEMU models it): instruction words come from arm-linux-gnueabi-as
// -mfpu=vfp; expected values are exact IEEE 754 bit patterns and FPSCR bits.
#include <gtest/gtest.h>

#include <map>

#include "core/cpu/arm/vfp.h"

namespace bw::arm {
namespace {

// Cumulative flags in FPSCR.
constexpr u32 IOC = 1u << 0, DZC = 1u << 1, OFC = 1u << 2, UFC = 1u << 3, IXC = 1u << 4,
              IDC = 1u << 7;
constexpr u32 kFlagMask = 0x9f;
// FPSCR.RMode values.
constexpr unsigned RN = 0, RP = 1, RM = 2, RZ = 3;

// Encodings (old VFP mnemonic, then the UAL disassembly).
constexpr u32 FADDS_S0_S1_S2 = 0xee300a81;      // vadd.f32 s0, s1, s2
constexpr u32 FADDD_D0_D1_D2 = 0xee310b02;      // vadd.f64 d0, d1, d2
constexpr u32 FSUBS_S0_S1_S2 = 0xee300ac1;      // vsub.f32 s0, s1, s2
constexpr u32 FSUBD_D0_D1_D2 = 0xee310b42;      // vsub.f64 d0, d1, d2
constexpr u32 FMULS_S0_S1_S2 = 0xee200a81;      // vmul.f32 s0, s1, s2
constexpr u32 FMULD_D0_D1_D2 = 0xee210b02;      // vmul.f64 d0, d1, d2
constexpr u32 FNMULS_S0_S1_S2 = 0xee200ac1;     // vnmul.f32 s0, s1, s2
constexpr u32 FNMULD_D0_D1_D2 = 0xee210b42;     // vnmul.f64 d0, d1, d2
constexpr u32 FDIVS_S0_S1_S2 = 0xee800a81;      // vdiv.f32 s0, s1, s2
constexpr u32 FDIVD_D0_D1_D2 = 0xee810b02;      // vdiv.f64 d0, d1, d2
constexpr u32 FMACS_S0_S1_S2 = 0xee000a81;      // vmla.f32 s0, s1, s2
constexpr u32 FNMACS_S0_S1_S2 = 0xee000ac1;     // vmls.f32 s0, s1, s2
constexpr u32 FMSCS_S0_S1_S2 = 0xee100a81;      // vnmls.f32 s0, s1, s2
constexpr u32 FNMSCS_S0_S1_S2 = 0xee100ac1;     // vnmla.f32 s0, s1, s2
constexpr u32 FMACD_D0_D1_D2 = 0xee010b02;      // vmla.f64 d0, d1, d2
constexpr u32 FNMACD_D0_D1_D2 = 0xee010b42;     // vmls.f64 d0, d1, d2
constexpr u32 FMSCD_D0_D1_D2 = 0xee110b02;      // vnmls.f64 d0, d1, d2
constexpr u32 FNMSCD_D0_D1_D2 = 0xee110b42;     // vnmla.f64 d0, d1, d2
constexpr u32 FCPYS_S0_S1 = 0xeeb00a60;         // vmov.f32 s0, s1
constexpr u32 FABSS_S0_S1 = 0xeeb00ae0;         // vabs.f32 s0, s1
constexpr u32 FNEGS_S0_S1 = 0xeeb10a60;         // vneg.f32 s0, s1
constexpr u32 FNEGD_D4_D0 = 0xeeb14b40;         // vneg.f64 d4, d0
constexpr u32 FSQRTS_S0_S1 = 0xeeb10ae0;        // vsqrt.f32 s0, s1
constexpr u32 FSQRTD_D0_D1 = 0xeeb10bc1;        // vsqrt.f64 d0, d1
constexpr u32 FCMPS_S0_S1 = 0xeeb40a60;         // vcmp.f32 s0, s1
constexpr u32 FCMPES_S0_S1 = 0xeeb40ae0;        // vcmpe.f32 s0, s1
constexpr u32 FCMPZS_S0 = 0xeeb50a40;           // vcmp.f32 s0, #0.0
constexpr u32 FCMPEZS_S0 = 0xeeb50ac0;          // vcmpe.f32 s0, #0.0
constexpr u32 FCMPD_D0_D1 = 0xeeb40b41;         // vcmp.f64 d0, d1
constexpr u32 FCMPED_D0_D1 = 0xeeb40bc1;        // vcmpe.f64 d0, d1
constexpr u32 FCMPZD_D0 = 0xeeb50b40;           // vcmp.f64 d0, #0.0
constexpr u32 FCVTDS_D0_S2 = 0xeeb70ac1;        // vcvt.f64.f32 d0, s2
constexpr u32 FCVTSD_S0_D1 = 0xeeb70bc1;        // vcvt.f32.f64 s0, d1
constexpr u32 FUITOS_S0_S1 = 0xeeb80a60;        // vcvt.f32.u32 s0, s1
constexpr u32 FSITOS_S0_S1 = 0xeeb80ae0;        // vcvt.f32.s32 s0, s1
constexpr u32 FUITOD_D0_S2 = 0xeeb80b41;        // vcvt.f64.u32 d0, s2
constexpr u32 FSITOD_D0_S2 = 0xeeb80bc1;        // vcvt.f64.s32 d0, s2
constexpr u32 FTOUIS_S0_S1 = 0xeebc0a60;        // vcvtr.u32.f32 s0, s1
constexpr u32 FTOUIZS_S0_S1 = 0xeebc0ae0;       // vcvt.u32.f32 s0, s1
constexpr u32 FTOSIS_S0_S1 = 0xeebd0a60;        // vcvtr.s32.f32 s0, s1
constexpr u32 FTOSIZS_S0_S1 = 0xeebd0ae0;       // vcvt.s32.f32 s0, s1
constexpr u32 FTOUID_S0_D1 = 0xeebc0b41;        // vcvtr.u32.f64 s0, d1
constexpr u32 FTOUIZD_S0_D1 = 0xeebc0bc1;       // vcvt.u32.f64 s0, d1
constexpr u32 FTOSID_S0_D1 = 0xeebd0b41;        // vcvtr.s32.f64 s0, d1
constexpr u32 FTOSIZD_S0_D1 = 0xeebd0bc1;       // vcvt.s32.f64 s0, d1
constexpr u32 FMSTAT = 0xeef1fa10;              // vmrs APSR_nzcv, fpscr
constexpr u32 FMRX_R0_FPSID = 0xeef00a10;       // vmrs r0, fpsid
constexpr u32 FMRX_R0_FPSCR = 0xeef10a10;       // vmrs r0, fpscr
constexpr u32 FMRX_R0_FPEXC = 0xeef80a10;       // vmrs r0, fpexc
constexpr u32 FMRX_R0_FPINST = 0xeef90a10;      // vmrs r0, fpinst
constexpr u32 FMRX_R0_MVFR0 = 0xeef70a10;       // vmrs r0, mvfr0
constexpr u32 FMXR_FPEXC_R0 = 0xeee80a10;       // vmsr fpexc, r0
constexpr u32 FMXR_FPSCR_R0 = 0xeee10a10;       // vmsr fpscr, r0
constexpr u32 FMXR_FPINST2_R0 = 0xeeea0a10;     // vmsr fpinst2, r0
constexpr u32 FMRS_R0_S1 = 0xee100a90;          // vmov r0, s1
constexpr u32 FMSR_S1_R0 = 0xee000a90;          // vmov s1, r0
constexpr u32 FMRS_R0_S31 = 0xee1f0a90;         // vmov r0, s31
constexpr u32 FMRDL_R0_D1 = 0xee110b10;         // vmov.32 r0, d1[0]
constexpr u32 FMRDH_R0_D1 = 0xee310b10;         // vmov.32 r0, d1[1]
constexpr u32 FMDLR_D1_R0 = 0xee010b10;         // vmov.32 d1[0], r0
constexpr u32 FMDHR_D1_R0 = 0xee210b10;         // vmov.32 d1[1], r0
constexpr u32 FMRRS_R0_R1_S2 = 0xec510a11;      // vmov r0, r1, s2, s3
constexpr u32 FMSRR_S2_R0_R1 = 0xec410a11;      // vmov s2, s3, r0, r1
constexpr u32 FMRRD_R0_R1_D1 = 0xec510b11;      // vmov r0, r1, d1
constexpr u32 FMDRR_D1_R0_R1 = 0xec410b11;      // vmov d1, r0, r1
constexpr u32 FLDS_S1_R2_8 = 0xedd20a02;        // vldr s1, [r2, #8]
constexpr u32 FSTS_S1_R2_M8 = 0xed420a02;       // vstr s1, [r2, #-8]
constexpr u32 FLDD_D1_R2_8 = 0xed921b02;        // vldr d1, [r2, #8]
constexpr u32 FSTD_D1_R2 = 0xed821b00;          // vstr d1, [r2]
constexpr u32 FLDS_S0_PC_8 = 0xed9f0a02;        // vldr s0, [pc, #8]
constexpr u32 FLDMIAS_R2W_S1_S4 = 0xecf20a04;   // vldmia r2!, {s1-s4}
constexpr u32 FLDMIAS_R2_S1_S4 = 0xecd20a04;    // vldmia r2, {s1-s4}
constexpr u32 FSTMDBS_R2W_S1_S4 = 0xed620a04;   // vstmdb r2!, {s1-s4}
constexpr u32 FLDMIAD_R2W_D1_D3 = 0xecb21b06;   // vldmia r2!, {d1-d3}
constexpr u32 FSTMDBD_R2W_D1_D3 = 0xed221b06;   // vstmdb r2!, {d1-d3}
constexpr u32 FLDMIAX_R2W_D0_D15 = 0xecb20b21;  // fldmiax r2!, {d0-d15}
constexpr u32 FSTMIAX_R2W_D0_D15 = 0xeca20b21;  // fstmiax r2!, {d0-d15}
constexpr u32 FLDMDBX_R2W_D0_D1 = 0xed320b05;   // fldmdbx r2!, {d0-d1}
constexpr u32 FADDS_S8_S16_S24 = 0xee384a0c;    // vadd.f32 s8, s16, s24
constexpr u32 FADDS_S8_S16_S0 = 0xee384a00;     // vadd.f32 s8, s16, s0
constexpr u32 FADDS_S14_S22_S30 = 0xee3b7a0f;   // vadd.f32 s14, s22, s30
constexpr u32 FADDS_S4_S16_S24 = 0xee382a0c;    // vadd.f32 s4, s16, s24
constexpr u32 FADDD_D4_D8_D12 = 0xee384b0c;     // vadd.f64 d4, d8, d12
constexpr u32 FCPYS_S8_S16 = 0xeeb04a48;        // vmov.f32 s8, s16

// Single-precision constants.
constexpr u32 F_ONE = 0x3f800000, F_TWO = 0x40000000, F_THREE = 0x40400000, F_HALF = 0x3f000000;
constexpr u32 F_MINUS_ONE = 0xbf800000, F_2M30 = 0x30800000, F_MAX = 0x7f7fffff;
constexpr u32 F_INF = 0x7f800000, F_DEFAULT_NAN = 0x7fc00000, F_MIN_NORMAL = 0x00800000;
// Double-precision constants.
constexpr u64 D_ONE = 0x3ff0000000000000, D_TWO = 0x4000000000000000, D_THREE = 0x4008000000000000,
              D_2M60 = 0x3c30000000000000, D_DEFAULT_NAN = 0x7ff8000000000000;

class FakeHost : public VfpHost {
  public:
    u32 core_reg(unsigned n) override { return r[n]; }
    void set_core_reg(unsigned n, u32 v) override {
        r[n] = v;
        core_writes++;
    }
    void set_nzcv(u32 flags) override { nzcv = flags; }
    bool load32(u32 va, u32* v) override {
        if (va == abort_at) return false;
        *v = mem.count(va) ? mem[va] : 0;
        return true;
    }
    bool store32(u32 va, u32 v) override {
        if (va == abort_at) return false;
        mem[va] = v;
        return true;
    }

    u32 r[16] = {};
    u32 nzcv = 0xdeadbeef;
    int core_writes = 0;
    u32 abort_at = 0xffffffff;
    std::map<u32, u32> mem;
};

class VfpTest : public ::testing::Test {
  protected:
    void SetUp() override {
        vfp.reset();
        vfp.state.fpexc = Vfp::FPEXC_EN;
    }
    VfpResult run(u32 insn, bool privileged = true) { return vfp.execute(insn, host, privileged); }
    void set_rmode(unsigned mode) {
        vfp.state.fpscr = (vfp.state.fpscr & ~(3u << 22)) | mode << 22;
    }
    u32 flags() const { return vfp.state.fpscr & kFlagMask; }
    void clear_flags() { vfp.state.fpscr &= ~kFlagMask; }
    // s0 = s1 <op> s2 with fresh flags.
    u32 op_s(u32 insn, u32 a, u32 b) {
        clear_flags();
        vfp.state.s[1] = a;
        vfp.state.s[2] = b;
        EXPECT_EQ(run(insn), VfpResult::Ok);
        return vfp.state.s[0];
    }
    u64 op_d(u32 insn, u64 a, u64 b) {
        clear_flags();
        vfp.set_d(1, a);
        vfp.set_d(2, b);
        EXPECT_EQ(run(insn), VfpResult::Ok);
        return vfp.d(0);
    }
    // s0 = <conversion>(s1) or s0 = <conversion>(d1).
    u32 cvt_s(u32 insn, u32 a) {
        clear_flags();
        vfp.state.s[1] = a;
        EXPECT_EQ(run(insn), VfpResult::Ok);
        return vfp.state.s[0];
    }
    u32 cvt_d(u32 insn, u64 a) {
        clear_flags();
        vfp.set_d(1, a);
        EXPECT_EQ(run(insn), VfpResult::Ok);
        return vfp.state.s[0];
    }

    Vfp vfp;
    FakeHost host;
};

TEST_F(VfpTest, ResetStateMatchesQemuArm926) {
    vfp.state.fpscr = 0x12345678;
    vfp.state.s[3] = 7;
    vfp.reset();
    EXPECT_EQ(vfp.state.fpsid, 0x41011090u);
    EXPECT_EQ(vfp.state.fpexc, 0u);
    EXPECT_EQ(vfp.state.fpscr, 0u);
    EXPECT_EQ(vfp.state.s[3], 0u);
}

TEST_F(VfpTest, DisabledVfpOnlyAllowsFpsidAndFpexc) {
    vfp.state.fpexc = 0;
    vfp.state.s[1] = F_ONE;
    vfp.state.s[2] = F_ONE;
    EXPECT_EQ(run(FADDS_S0_S1_S2), VfpResult::Undefined);
    EXPECT_EQ(vfp.state.s[0], 0u);
    EXPECT_EQ(run(FMRX_R0_FPSCR), VfpResult::Undefined);
    EXPECT_EQ(run(FMSR_S1_R0), VfpResult::Undefined);
    EXPECT_EQ(run(FLDS_S1_R2_8), VfpResult::Undefined);
    EXPECT_EQ(run(FLDMIAS_R2W_S1_S4), VfpResult::Undefined);
    EXPECT_EQ(run(FMRRD_R0_R1_D1), VfpResult::Undefined);
    EXPECT_EQ(host.core_writes, 0);

    // FPSID is readable from User mode even when disabled.
    EXPECT_EQ(run(FMRX_R0_FPSID, false), VfpResult::Ok);
    EXPECT_EQ(host.r[0], 0x41011090u);
    // FPEXC: privileged only, EN ignored.
    EXPECT_EQ(run(FMRX_R0_FPEXC, false), VfpResult::Undefined);
    host.r[0] = 0xffffffff;
    EXPECT_EQ(run(FMXR_FPEXC_R0, false), VfpResult::Undefined);
    EXPECT_EQ(vfp.state.fpexc, 0u);
    EXPECT_EQ(run(FMXR_FPEXC_R0, true), VfpResult::Ok);
    EXPECT_EQ(vfp.state.fpexc, 0x40000000u);  // only EN is kept
    EXPECT_EQ(run(FMRX_R0_FPEXC, true), VfpResult::Ok);
    EXPECT_EQ(host.r[0], 0x40000000u);

    // Now enabled, ordinary instructions work.
    EXPECT_EQ(run(FADDS_S0_S1_S2), VfpResult::Ok);
    EXPECT_EQ(vfp.state.s[0], F_TWO);
}

TEST_F(VfpTest, SystemRegisterAccessRules) {
    // FPINST/FPINST2: privileged and enabled.
    host.r[0] = 0xcafef00d;
    EXPECT_EQ(run(FMXR_FPINST2_R0, false), VfpResult::Undefined);
    EXPECT_EQ(run(FMXR_FPINST2_R0, true), VfpResult::Ok);
    EXPECT_EQ(vfp.state.fpinst2, 0xcafef00du);
    vfp.state.fpinst = 0x12345678;
    EXPECT_EQ(run(FMRX_R0_FPINST, false), VfpResult::Undefined);
    EXPECT_EQ(run(FMRX_R0_FPINST, true), VfpResult::Ok);
    EXPECT_EQ(host.r[0], 0x12345678u);
    vfp.state.fpexc = 0;
    EXPECT_EQ(run(FMRX_R0_FPINST, true), VfpResult::Undefined);
    vfp.state.fpexc = Vfp::FPEXC_EN;
    // FPSCR is User-accessible.
    host.r[0] = 0x00c00000;
    EXPECT_EQ(run(FMXR_FPSCR_R0, false), VfpResult::Ok);
    EXPECT_EQ(vfp.state.fpscr, 0x00c00000u);
    // No MVFR registers on this core.
    EXPECT_EQ(run(FMRX_R0_MVFR0, true), VfpResult::Undefined);
    // FPSID writes are ignored.
    host.r[0] = 0;
    EXPECT_EQ(run(0xeee00a10 /* vmsr fpsid, r0 */), VfpResult::Ok);
    EXPECT_EQ(vfp.state.fpsid, 0x41011090u);
}

TEST_F(VfpTest, FpscrWriteMaskAndFmstat) {
    host.r[0] = 0xffffffff;
    ASSERT_EQ(run(FMXR_FPSCR_R0), VfpResult::Ok);
    // Trap enables, QC, FZ16 and reserved bits read as zero (QEMU).
    EXPECT_EQ(vfp.state.fpscr, 0xf7f7009fu);
    ASSERT_EQ(run(FMRX_R0_FPSCR), VfpResult::Ok);
    EXPECT_EQ(host.r[0], 0xf7f7009fu);

    vfp.state.fpscr = 0x6000001f;
    host.core_writes = 0;
    ASSERT_EQ(run(FMSTAT), VfpResult::Ok);
    EXPECT_EQ(host.nzcv, 0x60000000u);
    EXPECT_EQ(host.core_writes, 0);
}

TEST_F(VfpTest, SingleArithmetic) {
    EXPECT_EQ(op_s(FADDS_S0_S1_S2, F_ONE, F_TWO), F_THREE);
    EXPECT_EQ(flags(), 0u);
    EXPECT_EQ(op_s(FSUBS_S0_S1_S2, F_ONE, F_TWO), F_MINUS_ONE);
    EXPECT_EQ(op_s(FMULS_S0_S1_S2, F_THREE, F_TWO), 0x40c00000u);   // 6.0
    EXPECT_EQ(op_s(FNMULS_S0_S1_S2, F_THREE, F_TWO), 0xc0c00000u);  // -6.0
    EXPECT_EQ(op_s(FDIVS_S0_S1_S2, F_ONE, F_TWO), F_HALF);
    EXPECT_EQ(flags(), 0u);
    EXPECT_EQ(op_s(FDIVS_S0_S1_S2, F_ONE, F_THREE), 0x3eaaaaabu);  // 1/3 rounds up
    EXPECT_EQ(flags(), IXC);
    // 1 - 1 = +0 in every mode but round-to-minus-infinity, where it is -0.
    EXPECT_EQ(op_s(FSUBS_S0_S1_S2, F_ONE, F_ONE), 0u);
    set_rmode(RM);
    EXPECT_EQ(op_s(FSUBS_S0_S1_S2, F_ONE, F_ONE), 0x80000000u);
}

TEST_F(VfpTest, DoubleArithmetic) {
    EXPECT_EQ(op_d(FADDD_D0_D1_D2, D_ONE, D_TWO), D_THREE);
    EXPECT_EQ(op_d(FSUBD_D0_D1_D2, D_ONE, D_TWO), 0xbff0000000000000u);
    EXPECT_EQ(op_d(FMULD_D0_D1_D2, D_THREE, D_TWO), 0x4018000000000000u);
    EXPECT_EQ(op_d(FNMULD_D0_D1_D2, D_THREE, D_TWO), 0xc018000000000000u);
    EXPECT_EQ(op_d(FDIVD_D0_D1_D2, D_ONE, D_THREE), 0x3fd5555555555555u);
    EXPECT_EQ(flags(), IXC);
    EXPECT_EQ(op_d(FDIVD_D0_D1_D2, D_ONE, 0), 0x7ff0000000000000u);
    EXPECT_EQ(flags(), DZC);
    // d1 and d2 live in s2..s5 (low word first).
    vfp.set_d(1, D_TWO);
    EXPECT_EQ(vfp.state.s[2], 0u);
    EXPECT_EQ(vfp.state.s[3], 0x40000000u);
}

TEST_F(VfpTest, AddInEveryRoundingMode) {
    const struct {
        unsigned mode;
        u32 pos, neg;
    } cases[] = {
        {RN, 0x3f800000, 0xbf800000},
        {RP, 0x3f800001, 0xbf800000},
        {RM, 0x3f800000, 0xbf800001},
        {RZ, 0x3f800000, 0xbf800000},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.mode);
        set_rmode(c.mode);
        EXPECT_EQ(op_s(FADDS_S0_S1_S2, F_ONE, F_2M30), c.pos);
        EXPECT_EQ(flags(), IXC);
        EXPECT_EQ(op_s(FADDS_S0_S1_S2, F_MINUS_ONE, F_2M30 | 0x80000000), c.neg);
        EXPECT_EQ(flags(), IXC);
    }
    set_rmode(RP);
    EXPECT_EQ(op_d(FADDD_D0_D1_D2, D_ONE, D_2M60), 0x3ff0000000000001u);
    set_rmode(RN);
    EXPECT_EQ(op_d(FADDD_D0_D1_D2, D_ONE, D_2M60), D_ONE);
    EXPECT_EQ(flags(), IXC);
}

TEST_F(VfpTest, OverflowDependsOnRounding) {
    EXPECT_EQ(op_s(FADDS_S0_S1_S2, F_MAX, F_MAX), F_INF);
    EXPECT_EQ(flags(), OFC | IXC);
    set_rmode(RZ);
    EXPECT_EQ(op_s(FADDS_S0_S1_S2, F_MAX, F_MAX), F_MAX);
    EXPECT_EQ(flags(), OFC | IXC);
    set_rmode(RM);
    EXPECT_EQ(op_s(FMULS_S0_S1_S2, F_MAX, F_MAX | 0x80000000), 0xff800000u);
    EXPECT_EQ(flags(), OFC | IXC);
}

TEST_F(VfpTest, DivideByZeroAndInvalid) {
    EXPECT_EQ(op_s(FDIVS_S0_S1_S2, F_MINUS_ONE, 0), 0xff800000u);
    EXPECT_EQ(flags(), DZC);
    EXPECT_EQ(op_s(FDIVS_S0_S1_S2, 0, 0), F_DEFAULT_NAN);
    EXPECT_EQ(flags(), IOC);
    EXPECT_EQ(op_s(FMULS_S0_S1_S2, F_INF, 0x80000000), F_DEFAULT_NAN);  // inf * -0
    EXPECT_EQ(flags(), IOC);
    EXPECT_EQ(op_s(FSUBS_S0_S1_S2, F_INF, F_INF), F_DEFAULT_NAN);
    EXPECT_EQ(flags(), IOC);
    // Flags are cumulative until software clears them.
    vfp.state.s[1] = F_ONE;
    vfp.state.s[2] = 0;
    ASSERT_EQ(run(FDIVS_S0_S1_S2), VfpResult::Ok);
    EXPECT_EQ(flags(), IOC | DZC);
}

TEST_F(VfpTest, SquareRoot) {
    vfp.state.s[1] = F_MINUS_ONE;
    ASSERT_EQ(run(FSQRTS_S0_S1), VfpResult::Ok);
    EXPECT_EQ(vfp.state.s[0], F_DEFAULT_NAN);
    EXPECT_EQ(flags(), IOC);
    clear_flags();
    vfp.state.s[1] = 0x40000000;
    ASSERT_EQ(run(FSQRTS_S0_S1), VfpResult::Ok);
    EXPECT_EQ(vfp.state.s[0], 0x3fb504f3u);
    EXPECT_EQ(flags(), IXC);
    clear_flags();
    vfp.state.s[1] = 0x80000000;  // sqrt(-0) = -0, no exception
    ASSERT_EQ(run(FSQRTS_S0_S1), VfpResult::Ok);
    EXPECT_EQ(vfp.state.s[0], 0x80000000u);
    EXPECT_EQ(flags(), 0u);
    vfp.set_d(1, 0x4010000000000000);  // 4.0
    ASSERT_EQ(run(FSQRTD_D0_D1), VfpResult::Ok);
    EXPECT_EQ(vfp.d(0), D_TWO);
    EXPECT_EQ(flags(), 0u);
}

TEST_F(VfpTest, NanPropagation) {
    // First signalling NaN wins and is quietened.
    EXPECT_EQ(op_s(FADDS_S0_S1_S2, 0x7f800001, 0x7fc12345), 0x7fc00001u);
    EXPECT_EQ(flags(), IOC);
    EXPECT_EQ(op_s(FADDS_S0_S1_S2, 0xffc00005, 0x7f800007), 0x7fc00007u);
    EXPECT_EQ(flags(), IOC);
    // Else the first quiet NaN, unchanged, without IOC.
    EXPECT_EQ(op_s(FMULS_S0_S1_S2, F_ONE, 0xffc00123), 0xffc00123u);
    EXPECT_EQ(flags(), 0u);
    EXPECT_EQ(op_s(FSUBS_S0_S1_S2, 0x7fc00001, 0xffc00002), 0x7fc00001u);
    EXPECT_EQ(op_d(FADDD_D0_D1_D2, D_ONE, 0x7ff0000000000abc), 0x7ff8000000000abcu);
    EXPECT_EQ(flags(), IOC);

    // Default NaN mode.
    vfp.state.fpscr |= Vfp::FPSCR_DN;
    EXPECT_EQ(op_s(FADDS_S0_S1_S2, F_ONE, 0xffc00123), F_DEFAULT_NAN);
    EXPECT_EQ(flags(), 0u);
    EXPECT_EQ(op_s(FADDS_S0_S1_S2, 0x7f800001, F_ONE), F_DEFAULT_NAN);
    EXPECT_EQ(flags(), IOC);
    EXPECT_EQ(op_d(FMULD_D0_D1_D2, 0xfff0000000000001, D_ONE), D_DEFAULT_NAN);
    EXPECT_EQ(flags(), IOC);
}

TEST_F(VfpTest, MultiplyAccumulateFamily) {
    auto mac = [&](u32 insn, u32 d) {
        clear_flags();
        vfp.state.s[0] = d;
        vfp.state.s[1] = F_TWO;
        vfp.state.s[2] = F_THREE;
        EXPECT_EQ(run(insn), VfpResult::Ok);
        return vfp.state.s[0];
    };
    EXPECT_EQ(mac(FMACS_S0_S1_S2, F_ONE), 0x40e00000u);   // 1 + 6 = 7
    EXPECT_EQ(mac(FNMACS_S0_S1_S2, F_ONE), 0xc0a00000u);  // 1 - 6 = -5
    EXPECT_EQ(mac(FMSCS_S0_S1_S2, F_ONE), 0x40a00000u);   // -1 + 6 = 5
    EXPECT_EQ(mac(FNMSCS_S0_S1_S2, F_ONE), 0xc0e00000u);  // -1 - 6 = -7

    // FNMAC negates the NaN product before the add, so its sign flips (as in QEMU).
    clear_flags();
    vfp.state.s[0] = F_ONE;
    vfp.state.s[1] = 0x7fc00001;
    vfp.state.s[2] = F_TWO;
    ASSERT_EQ(run(FNMACS_S0_S1_S2), VfpResult::Ok);
    EXPECT_EQ(vfp.state.s[0], 0xffc00001u);

    auto macd = [&](u32 insn) {
        vfp.set_d(0, D_ONE);
        vfp.set_d(1, D_TWO);
        vfp.set_d(2, D_THREE);
        EXPECT_EQ(run(insn), VfpResult::Ok);
        return vfp.d(0);
    };
    EXPECT_EQ(macd(FMACD_D0_D1_D2), 0x401c000000000000u);   // 7
    EXPECT_EQ(macd(FNMACD_D0_D1_D2), 0xc014000000000000u);  // -5
    EXPECT_EQ(macd(FMSCD_D0_D1_D2), 0x4014000000000000u);   // 5
    EXPECT_EQ(macd(FNMSCD_D0_D1_D2), 0xc01c000000000000u);  // -7
}

TEST_F(VfpTest, CopyAbsNegAreBitOperations) {
    vfp.state.s[1] = 0xffc00001;  // a NaN: no exception, payload kept
    ASSERT_EQ(run(FCPYS_S0_S1), VfpResult::Ok);
    EXPECT_EQ(vfp.state.s[0], 0xffc00001u);
    ASSERT_EQ(run(FABSS_S0_S1), VfpResult::Ok);
    EXPECT_EQ(vfp.state.s[0], 0x7fc00001u);
    ASSERT_EQ(run(FNEGS_S0_S1), VfpResult::Ok);
    EXPECT_EQ(vfp.state.s[0], 0x7fc00001u);
    EXPECT_EQ(flags(), 0u);
    vfp.set_d(0, D_ONE);
    ASSERT_EQ(run(FNEGD_D4_D0), VfpResult::Ok);
    EXPECT_EQ(vfp.d(4), 0xbff0000000000000u);
}

TEST_F(VfpTest, UnderflowAndFlushToZero) {
    // Exact subnormal result: no flag.
    EXPECT_EQ(op_s(FMULS_S0_S1_S2, F_MIN_NORMAL, F_HALF), 0x00400000u);
    EXPECT_EQ(flags(), 0u);
    // Inexact subnormal result: UFC and IXC (tie rounds to even).
    EXPECT_EQ(op_s(FMULS_S0_S1_S2, F_MIN_NORMAL + 1, F_HALF), 0x00400000u);
    EXPECT_EQ(flags(), UFC | IXC);
    // Subnormal input used as is.
    EXPECT_EQ(op_s(FMULS_S0_S1_S2, 0x00000001, F_ONE), 0x00000001u);
    EXPECT_EQ(flags(), 0u);

    vfp.state.fpscr |= Vfp::FPSCR_FZ;
    // Subnormal inputs read as signed zero and set IDC.
    EXPECT_EQ(op_s(FMULS_S0_S1_S2, 0x00000001, F_ONE), 0u);
    EXPECT_EQ(flags(), IDC);
    EXPECT_EQ(op_s(FADDS_S0_S1_S2, 0x80000001, 0x80000000), 0x80000000u);
    EXPECT_EQ(flags(), IDC);
    // Subnormal results become signed zero with UFC alone.
    EXPECT_EQ(op_s(FMULS_S0_S1_S2, F_MIN_NORMAL, F_HALF), 0u);
    EXPECT_EQ(flags(), UFC);
    EXPECT_EQ(op_s(FMULS_S0_S1_S2, F_MIN_NORMAL + 1, F_HALF | 0x80000000), 0x80000000u);
    EXPECT_EQ(flags(), UFC);
    EXPECT_EQ(op_d(FMULD_D0_D1_D2, 0x0010000000000000, 0x3fe0000000000000), 0u);
    EXPECT_EQ(flags(), UFC);
    // Comparison sees the flushed value.
    vfp.state.s[0] = 0x00000005;
    clear_flags();
    ASSERT_EQ(run(FCMPZS_S0), VfpResult::Ok);
    EXPECT_EQ(vfp.state.fpscr >> 28, 0x6u);
    EXPECT_EQ(flags(), IDC);
}

TEST_F(VfpTest, CompareSetsFpscrNzcv) {
    auto cmp = [&](u32 insn, u32 a, u32 b) {
        clear_flags();
        vfp.state.s[0] = a;
        vfp.state.s[1] = b;
        EXPECT_EQ(run(insn), VfpResult::Ok);
        return vfp.state.fpscr >> 28;
    };
    EXPECT_EQ(cmp(FCMPS_S0_S1, F_ONE, F_TWO), 0x8u);  // less: N
    EXPECT_EQ(cmp(FCMPS_S0_S1, F_TWO, F_ONE), 0x2u);  // greater: C
    EXPECT_EQ(cmp(FCMPS_S0_S1, F_TWO, F_TWO), 0x6u);  // equal: ZC
    EXPECT_EQ(cmp(FCMPS_S0_S1, 0x80000000, 0), 0x6u);
    EXPECT_EQ(flags(), 0u);
    // Unordered: CV. FCMP signals only for a signalling NaN, FCMPE for any NaN.
    EXPECT_EQ(cmp(FCMPS_S0_S1, F_ONE, 0x7fc00000), 0x3u);
    EXPECT_EQ(flags(), 0u);
    EXPECT_EQ(cmp(FCMPS_S0_S1, 0x7f800001, F_ONE), 0x3u);
    EXPECT_EQ(flags(), IOC);
    EXPECT_EQ(cmp(FCMPES_S0_S1, F_ONE, 0x7fc00000), 0x3u);
    EXPECT_EQ(flags(), IOC);
    EXPECT_EQ(cmp(FCMPEZS_S0, F_MINUS_ONE, 0), 0x8u);
    EXPECT_EQ(cmp(FCMPZS_S0, 0x80000000, 0), 0x6u);
    EXPECT_EQ(cmp(FCMPZS_S0, 0xffc00000, 0), 0x3u);
    EXPECT_EQ(flags(), 0u);

    // The FPSCR flags only reach the CPSR through FMSTAT.
    vfp.state.fpscr = 0;
    vfp.set_d(0, D_ONE);
    vfp.set_d(1, D_TWO);
    ASSERT_EQ(run(FCMPD_D0_D1), VfpResult::Ok);
    EXPECT_EQ(vfp.state.fpscr, 0x80000000u);
    EXPECT_EQ(host.nzcv, 0xdeadbeefu);
    ASSERT_EQ(run(FMSTAT), VfpResult::Ok);
    EXPECT_EQ(host.nzcv, 0x80000000u);
    vfp.set_d(1, 0x7ff8000000000000);
    ASSERT_EQ(run(FCMPED_D0_D1), VfpResult::Ok);
    EXPECT_EQ(vfp.state.fpscr, 0x30000000u | IOC);
    vfp.set_d(0, 0);
    ASSERT_EQ(run(FCMPZD_D0), VfpResult::Ok);
    EXPECT_EQ(vfp.state.fpscr >> 28, 0x6u);
}

TEST_F(VfpTest, FloatToIntInEveryRoundingMode) {
    const u32 p25 = 0x40200000, m25 = 0xc0200000, p35 = 0x40600000;
    const struct {
        unsigned mode;
        u32 p25, m25, p35;
    } cases[] = {
        {RN, 2, 0xfffffffe, 4},
        {RP, 3, 0xfffffffe, 4},
        {RM, 2, 0xfffffffd, 3},
        {RZ, 2, 0xfffffffe, 3},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.mode);
        set_rmode(c.mode);
        EXPECT_EQ(cvt_s(FTOSIS_S0_S1, p25), c.p25);
        EXPECT_EQ(flags(), IXC);
        EXPECT_EQ(cvt_s(FTOSIS_S0_S1, m25), c.m25);
        EXPECT_EQ(cvt_s(FTOSIS_S0_S1, p35), c.p35);
        EXPECT_EQ(cvt_s(FTOUIS_S0_S1, p35), c.p35);
        // The Z forms ignore RMode.
        EXPECT_EQ(cvt_s(FTOSIZS_S0_S1, m25), 0xfffffffeu);
        EXPECT_EQ(cvt_s(FTOUIZS_S0_S1, p35), 3u);
        EXPECT_EQ(flags(), IXC);
    }
    set_rmode(RN);
    // ties-to-even at the bottom of the int32 range
    EXPECT_EQ(cvt_d(FTOSID_S0_D1, 0xc1e0000000100000 /* -2147483648.5 */), 0x80000000u);
    EXPECT_EQ(flags(), IXC);
    EXPECT_EQ(cvt_d(FTOSIZD_S0_D1, 0xc014000000000000 /* -5.0 */), 0xfffffffbu);
    EXPECT_EQ(flags(), 0u);
    // Positive subnormal rounds up to 1 toward +infinity, unless flushed.
    set_rmode(RP);
    EXPECT_EQ(cvt_s(FTOUIS_S0_S1, 0x00000001), 1u);
    EXPECT_EQ(flags(), IXC);
    vfp.state.fpscr |= Vfp::FPSCR_FZ;
    EXPECT_EQ(cvt_s(FTOUIS_S0_S1, 0x00000001), 0u);
    EXPECT_EQ(flags(), IDC);
}

TEST_F(VfpTest, FloatToIntSaturatesWithInvalid) {
    EXPECT_EQ(cvt_s(FTOSIZS_S0_S1, 0x4f32d05e /* 3e9 */), 0x7fffffffu);
    EXPECT_EQ(flags(), IOC);  // no IXC with saturation
    EXPECT_EQ(cvt_s(FTOSIZS_S0_S1, 0xcf32d05e /* -3e9 */), 0x80000000u);
    EXPECT_EQ(flags(), IOC);
    EXPECT_EQ(cvt_s(FTOUIZS_S0_S1, 0x4f32d05e), 0xb2d05e00u);
    EXPECT_EQ(flags(), 0u);
    EXPECT_EQ(cvt_s(FTOUIZS_S0_S1, F_MINUS_ONE), 0u);
    EXPECT_EQ(flags(), IOC);
    EXPECT_EQ(cvt_s(FTOUIS_S0_S1, 0xbe800000 /* -0.25 */), 0u);
    EXPECT_EQ(flags(), IXC);  // rounds to zero: in range
    EXPECT_EQ(cvt_s(FTOSIS_S0_S1, F_INF), 0x7fffffffu);
    EXPECT_EQ(flags(), IOC);
    EXPECT_EQ(cvt_s(FTOUIS_S0_S1, 0xff800000), 0u);
    EXPECT_EQ(flags(), IOC);
    // NaN gives 0.
    EXPECT_EQ(cvt_s(FTOSIS_S0_S1, 0x7fc00000), 0u);
    EXPECT_EQ(flags(), IOC);
    EXPECT_EQ(cvt_d(FTOUID_S0_D1, 0xfff8000000000000), 0u);
    EXPECT_EQ(flags(), IOC);
    EXPECT_EQ(cvt_d(FTOUIZD_S0_D1, 0x41effffffff00000 /* 4294967295.5 */), 0xffffffffu);
    EXPECT_EQ(flags(), IXC);
    EXPECT_EQ(cvt_d(FTOUID_S0_D1, 0x41f0000000000000 /* 2^32 */), 0xffffffffu);
    EXPECT_EQ(flags(), IOC);
    EXPECT_EQ(cvt_d(FTOSID_S0_D1, 0xc1e0000000200000 /* -2147483649 */), 0x80000000u);
    EXPECT_EQ(flags(), IOC);
}

TEST_F(VfpTest, IntToFloat) {
    EXPECT_EQ(cvt_s(FUITOS_S0_S1, 0xffffffff), 0x4f800000u);
    EXPECT_EQ(flags(), IXC);
    set_rmode(RZ);
    EXPECT_EQ(cvt_s(FUITOS_S0_S1, 0xffffffff), 0x4f7fffffu);
    set_rmode(RP);
    EXPECT_EQ(cvt_s(FSITOS_S0_S1, 16777217), 0x4b800001u);
    EXPECT_EQ(flags(), IXC);
    set_rmode(RN);
    EXPECT_EQ(cvt_s(FSITOS_S0_S1, 16777217), 0x4b800000u);  // tie to even
    EXPECT_EQ(cvt_s(FSITOS_S0_S1, 0x80000000), 0xcf000000u);
    EXPECT_EQ(flags(), 0u);
    EXPECT_EQ(cvt_s(FUITOS_S0_S1, 0), 0u);
    vfp.state.s[2] = 0xffffffff;
    ASSERT_EQ(run(FUITOD_D0_S2), VfpResult::Ok);
    EXPECT_EQ(vfp.d(0), 0x41efffffffe00000u);
    ASSERT_EQ(run(FSITOD_D0_S2), VfpResult::Ok);
    EXPECT_EQ(vfp.d(0), 0xbff0000000000000u);
    EXPECT_EQ(flags(), 0u);
}

TEST_F(VfpTest, PrecisionConversions) {
    vfp.state.s[2] = 0x3fc00000;  // 1.5
    ASSERT_EQ(run(FCVTDS_D0_S2), VfpResult::Ok);
    EXPECT_EQ(vfp.d(0), 0x3ff8000000000000u);
    vfp.state.s[2] = 0x7f800001;  // signalling NaN: quietened, payload moved up
    ASSERT_EQ(run(FCVTDS_D0_S2), VfpResult::Ok);
    EXPECT_EQ(vfp.d(0), 0x7ff8000020000000u);
    EXPECT_EQ(flags(), IOC);

    EXPECT_EQ(cvt_d(FCVTSD_S0_D1, 0x3ff0000000000001), F_ONE);
    EXPECT_EQ(flags(), IXC);
    set_rmode(RP);
    EXPECT_EQ(cvt_d(FCVTSD_S0_D1, 0x3ff0000000000001), 0x3f800001u);
    set_rmode(RN);
    EXPECT_EQ(cvt_d(FCVTSD_S0_D1, 0x7e37e43c8800759c /* 1e300 */), F_INF);
    EXPECT_EQ(flags(), OFC | IXC);
    EXPECT_EQ(cvt_d(FCVTSD_S0_D1, 0x7ff0000020000000), 0x7fc00001u);
    EXPECT_EQ(flags(), IOC);
    EXPECT_EQ(cvt_d(FCVTSD_S0_D1, 0x3690000000000000 /* 2^-150 */), 0u);
    EXPECT_EQ(flags(), UFC | IXC);
}

TEST_F(VfpTest, CoreRegisterTransfers) {
    host.r[0] = 0x11223344;
    ASSERT_EQ(run(FMSR_S1_R0), VfpResult::Ok);
    EXPECT_EQ(vfp.state.s[1], 0x11223344u);
    vfp.state.s[31] = 0xa5a5a5a5;
    ASSERT_EQ(run(FMRS_R0_S31), VfpResult::Ok);
    EXPECT_EQ(host.r[0], 0xa5a5a5a5u);
    ASSERT_EQ(run(FMRS_R0_S1), VfpResult::Ok);
    EXPECT_EQ(host.r[0], 0x11223344u);

    host.r[0] = 0xdddd0000;
    ASSERT_EQ(run(FMDLR_D1_R0), VfpResult::Ok);
    host.r[0] = 0xeeee1111;
    ASSERT_EQ(run(FMDHR_D1_R0), VfpResult::Ok);
    EXPECT_EQ(vfp.d(1), 0xeeee1111dddd0000u);
    ASSERT_EQ(run(FMRDL_R0_D1), VfpResult::Ok);
    EXPECT_EQ(host.r[0], 0xdddd0000u);
    ASSERT_EQ(run(FMRDH_R0_D1), VfpResult::Ok);
    EXPECT_EQ(host.r[0], 0xeeee1111u);

    host.r[0] = 0x01010101;
    host.r[1] = 0x02020202;
    ASSERT_EQ(run(FMSRR_S2_R0_R1), VfpResult::Ok);
    EXPECT_EQ(vfp.state.s[2], 0x01010101u);
    EXPECT_EQ(vfp.state.s[3], 0x02020202u);
    vfp.state.s[2] = 5;
    vfp.state.s[3] = 6;
    ASSERT_EQ(run(FMRRS_R0_R1_S2), VfpResult::Ok);
    EXPECT_EQ(host.r[0], 5u);
    EXPECT_EQ(host.r[1], 6u);

    host.r[0] = 0x89abcdef;
    host.r[1] = 0x01234567;
    ASSERT_EQ(run(FMDRR_D1_R0_R1), VfpResult::Ok);
    EXPECT_EQ(vfp.d(1), 0x0123456789abcdefu);
    vfp.set_d(1, 0xfedcba9876543210);
    ASSERT_EQ(run(FMRRD_R0_R1_D1), VfpResult::Ok);
    EXPECT_EQ(host.r[0], 0x76543210u);
    EXPECT_EQ(host.r[1], 0xfedcba98u);
}

TEST_F(VfpTest, SingleLoadsAndStores) {
    host.r[2] = 0x1000;
    host.mem[0x1008] = 0x3f800000;
    ASSERT_EQ(run(FLDS_S1_R2_8), VfpResult::Ok);
    EXPECT_EQ(vfp.state.s[1], 0x3f800000u);
    ASSERT_EQ(run(FSTS_S1_R2_M8), VfpResult::Ok);
    EXPECT_EQ(host.mem[0x0ff8], 0x3f800000u);

    host.mem[0x1008] = 0x76543210;  // low word at the lower address
    host.mem[0x100c] = 0xfedcba98;
    ASSERT_EQ(run(FLDD_D1_R2_8), VfpResult::Ok);
    EXPECT_EQ(vfp.d(1), 0xfedcba9876543210u);
    ASSERT_EQ(run(FSTD_D1_R2), VfpResult::Ok);
    EXPECT_EQ(host.mem[0x1000], 0x76543210u);
    EXPECT_EQ(host.mem[0x1004], 0xfedcba98u);
    EXPECT_EQ(host.core_writes, 0);

    // PC-relative: r15 reads as the instruction address + 8.
    host.r[15] = 0x2008;
    host.mem[0x2010] = 0x12345678;
    ASSERT_EQ(run(FLDS_S0_PC_8), VfpResult::Ok);
    EXPECT_EQ(vfp.state.s[0], 0x12345678u);

    // An aborted FLDD changes nothing.
    vfp.set_d(1, 0);
    host.abort_at = 0x100c;
    EXPECT_EQ(run(FLDD_D1_R2_8), VfpResult::Aborted);
    EXPECT_EQ(vfp.d(1), 0u);
}

TEST_F(VfpTest, LoadStoreMultiple) {
    for (u32 i = 0; i < 8; i++) host.mem[0x1000 + 4 * i] = 0x100 + i;
    host.r[2] = 0x1000;
    ASSERT_EQ(run(FLDMIAS_R2_S1_S4), VfpResult::Ok);
    EXPECT_EQ(vfp.state.s[1], 0x100u);
    EXPECT_EQ(vfp.state.s[4], 0x103u);
    EXPECT_EQ(host.r[2], 0x1000u);  // no writeback
    ASSERT_EQ(run(FLDMIAS_R2W_S1_S4), VfpResult::Ok);
    EXPECT_EQ(host.r[2], 0x1010u);

    // Decrement before, always with writeback.
    vfp.state.s[1] = 0xa1;
    vfp.state.s[4] = 0xa4;
    ASSERT_EQ(run(FSTMDBS_R2W_S1_S4), VfpResult::Ok);
    EXPECT_EQ(host.r[2], 0x1000u);
    EXPECT_EQ(host.mem[0x1000], 0xa1u);
    EXPECT_EQ(host.mem[0x100c], 0xa4u);

    host.r[2] = 0x1000;
    ASSERT_EQ(run(FLDMIAD_R2W_D1_D3), VfpResult::Ok);
    EXPECT_EQ(host.r[2], 0x1018u);
    EXPECT_EQ(vfp.d(1), 0x00000101000000a1u);
    EXPECT_EQ(vfp.d(3), 0x0000010500000104u);
    ASSERT_EQ(run(FSTMDBD_R2W_D1_D3), VfpResult::Ok);
    EXPECT_EQ(host.r[2], 0x1000u);
    EXPECT_EQ(host.mem[0x1014], 0x105u);

    // FSTMX/FLDMX: 16 doubles plus one format word (33 words).
    for (unsigned i = 0; i < 32; i++) vfp.state.s[i] = 0x5000 + i;
    host.r[2] = 0x3000;
    ASSERT_EQ(run(FSTMIAX_R2W_D0_D15), VfpResult::Ok);
    EXPECT_EQ(host.r[2], 0x3084u);
    EXPECT_EQ(host.mem[0x3000], 0x5000u);
    EXPECT_EQ(host.mem[0x307c], 0x501fu);
    EXPECT_EQ(host.mem.count(0x3080), 0u);  // the format word is not stored here
    for (unsigned i = 0; i < 32; i++) vfp.state.s[i] = 0;
    host.r[2] = 0x3000;
    ASSERT_EQ(run(FLDMIAX_R2W_D0_D15), VfpResult::Ok);
    EXPECT_EQ(host.r[2], 0x3084u);
    EXPECT_EQ(vfp.state.s[0], 0x5000u);
    EXPECT_EQ(vfp.state.s[31], 0x501fu);
    // FLDMDBX r2!, {d0-d1}: 5 words below the base, the base ends at the lowest one.
    host.r[2] = 0x3014;
    ASSERT_EQ(run(FLDMDBX_R2W_D0_D1), VfpResult::Ok);
    EXPECT_EQ(host.r[2], 0x3000u);
    EXPECT_EQ(vfp.state.s[0], 0x5000u);
    EXPECT_EQ(vfp.state.s[3], 0x5003u);
}

TEST_F(VfpTest, AbortMidMultipleSkipsWriteback) {
    for (u32 i = 0; i < 4; i++) host.mem[0x1000 + 4 * i] = 0x100 + i;
    host.r[2] = 0x1000;
    host.abort_at = 0x1008;
    EXPECT_EQ(run(FLDMIAS_R2W_S1_S4), VfpResult::Aborted);
    EXPECT_EQ(host.r[2], 0x1000u);
    EXPECT_EQ(host.core_writes, 0);
    EXPECT_EQ(vfp.state.s[1], 0x100u);  // transferred before the abort
    EXPECT_EQ(vfp.state.s[2], 0x101u);
    EXPECT_EQ(vfp.state.s[3], 0u);

    host.r[2] = 0x1010;  // stores 0x1000..0x100c, aborting at 0x1008
    vfp.state.s[1] = 0xb1;
    EXPECT_EQ(run(FSTMDBS_R2W_S1_S4), VfpResult::Aborted);
    EXPECT_EQ(host.r[2], 0x1010u);
    EXPECT_EQ(host.mem[0x1000], 0xb1u);
    EXPECT_EQ(host.mem[0x100c], 0x103u);
}

TEST_F(VfpTest, ShortVectors) {
    // LEN = 3 (four elements), STRIDE = 1.
    vfp.state.fpscr = 3u << Vfp::FPSCR_LEN_SHIFT;
    for (unsigned i = 0; i < 8; i++) {
        vfp.state.s[16 + i] = 0x3f800000 + (i << 23);  // 1, 2, 4, ... 128
        vfp.state.s[24 + i] = F_ONE;
    }
    vfp.state.s[0] = F_TWO;
    ASSERT_EQ(run(FADDS_S8_S16_S24), VfpResult::Ok);
    EXPECT_EQ(vfp.state.s[8], F_TWO);         // 1 + 1
    EXPECT_EQ(vfp.state.s[9], F_THREE);       // 2 + 1
    EXPECT_EQ(vfp.state.s[11], 0x41100000u);  // 8 + 1
    EXPECT_EQ(vfp.state.s[12], 0u);           // only four elements

    // Fm in the scalar bank is used for every element.
    ASSERT_EQ(run(FADDS_S8_S16_S0), VfpResult::Ok);
    EXPECT_EQ(vfp.state.s[8], F_THREE);       // 1 + 2
    EXPECT_EQ(vfp.state.s[11], 0x41200000u);  // 8 + 2

    // Registers wrap within their bank of eight: s14, s15, s8, s9.
    for (unsigned i = 8; i < 16; i++) vfp.state.s[i] = 0;
    ASSERT_EQ(run(FADDS_S14_S22_S30), VfpResult::Ok);
    EXPECT_EQ(vfp.state.s[14], 0x42820000u);  // 64 + 1
    EXPECT_EQ(vfp.state.s[15], 0x43010000u);  // 128 + 1
    EXPECT_EQ(vfp.state.s[8], F_TWO);         // 1 + 1
    EXPECT_EQ(vfp.state.s[9], F_THREE);
    EXPECT_EQ(vfp.state.s[10], 0u);

    // A scalar-bank destination makes the operation scalar.
    ASSERT_EQ(run(FADDS_S4_S16_S24), VfpResult::Ok);
    EXPECT_EQ(vfp.state.s[4], F_TWO);
    EXPECT_EQ(vfp.state.s[5], 0u);

    // STRIDE = 2 (field 11), LEN = 1: s8 = s16, s10 = s18.
    for (unsigned i = 8; i < 16; i++) vfp.state.s[i] = 0;
    vfp.state.fpscr = 3u << Vfp::FPSCR_STRIDE_SHIFT | 1u << Vfp::FPSCR_LEN_SHIFT;
    ASSERT_EQ(run(FCPYS_S8_S16), VfpResult::Ok);
    EXPECT_EQ(vfp.state.s[8], vfp.state.s[16]);
    EXPECT_EQ(vfp.state.s[9], 0u);
    EXPECT_EQ(vfp.state.s[10], vfp.state.s[18]);

    // Doubles: banks of four, LEN = 1, STRIDE = 1: d4 = d8 + d12, d5 = d9 + d13.
    vfp.state.fpscr = 1u << Vfp::FPSCR_LEN_SHIFT;
    vfp.set_d(8, D_ONE);
    vfp.set_d(9, D_TWO);
    vfp.set_d(12, D_TWO);
    vfp.set_d(13, D_ONE);
    ASSERT_EQ(run(FADDD_D4_D8_D12), VfpResult::Ok);
    EXPECT_EQ(vfp.d(4), D_THREE);
    EXPECT_EQ(vfp.d(5), D_THREE);
    EXPECT_EQ(vfp.d(6), 0u);
}

TEST_F(VfpTest, UndefinedEncodings) {
    // FMRRS with s31 (no s32), transfer pair to PC.
    EXPECT_EQ(run(0xec510a3f /* vmov r0, r1, s31, s32 */), VfpResult::Undefined);
    EXPECT_EQ(run(0xec5f0a11 /* vmov r0, pc, s2, s3 */), VfpResult::Undefined);
    // d16..d31 do not exist: D bit set on a double destination.
    EXPECT_EQ(run(FADDD_D0_D1_D2 | 1u << 22), VfpResult::Undefined);
    EXPECT_EQ(run(FLDD_D1_R2_8 | 1u << 22), VfpResult::Undefined);
    // FMRDL with N set would name d17.
    EXPECT_EQ(run(FMRDL_R0_D1 | 1u << 7), VfpResult::Undefined);
    // FLDMIAS with zero registers, and past s31.
    EXPECT_EQ(run(FLDMIAS_R2W_S1_S4 & ~0xffu), VfpResult::Undefined);
    EXPECT_EQ(run((FLDMIAS_R2W_S1_S4 & ~0xffu) | 32), VfpResult::Undefined);
    // Increment-before (P=1, U=1, W=1) does not exist.
    EXPECT_EQ(run(0xeda20a01), VfpResult::Undefined);
    // VFPv3 VMOV immediate and fused multiply-add (VFPv4) are not VFPv2.
    EXPECT_EQ(run(0xeeb70a00 /* vmov.f32 s0, #1.0 */), VfpResult::Undefined);
    EXPECT_EQ(run(0xeea00a81 /* vfma.f32 s0, s1, s2 */), VfpResult::Undefined);
    // FCMPZ with a non-zero Fm field.
    EXPECT_EQ(run(FCMPZS_S0 | 1), VfpResult::Undefined);
    // Unconditional space and other coprocessors.
    EXPECT_EQ(run((FADDS_S0_S1_S2 & 0x0fffffff) | 0xf0000000), VfpResult::Undefined);
    EXPECT_EQ(run((FADDS_S0_S1_S2 & ~0xf00u) | 0x900), VfpResult::Undefined);
    EXPECT_EQ(host.core_writes, 0);
}

}  // namespace
}  // namespace bw::arm
