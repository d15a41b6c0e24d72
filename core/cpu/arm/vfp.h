// VFP9-S coprocessor of the ARM926EJ-S (VFPv2, coprocessors 10 and 11) as QEMU's "arm926" CPU
// models it: FPSID 0x41011090 (implementor 0x41, architecture 1 = VFPv2, part 0x10, variant 9),
// 32 single / 16 double registers, no MVFR registers.
//
// Implemented: every VFPv2 instruction (data processing in single and double, FPSCR short
// vectors (LEN/STRIDE) for the arithmetic, copy, abs, neg and sqrt operations as QEMU does,
// register transfers, FMSTAT, loads, stores and load/store multiple incl. the FLDMX/FSTMX forms),
// FPSCR with DN, FZ, RMode and the cumulative flags, FPEXC.EN gating and the privilege rules for
// FPEXC/FPINST/FPINST2.
// Not implemented, as in QEMU: trapped exceptions (FPSCR trap enables are RAZ/WI, FPEXC keeps only
// EN, so FPEXC.EX never sets and FPINST/FPINST2 are plain storage).
// UNPREDICTABLE encodings are UNDEFINED here (transfers of two registers to PC, FMRRS of s31,
// load/store multiple with zero or too many registers or writeback to PC).
#pragma once

#include "core/common/types.h"

namespace bw::arm {

// What the VFP needs from the integer core. Implemented by ArmCpu.
struct VfpHost {
    virtual u32 core_reg(unsigned n) = 0;  // r15 reads as the instruction address + 8
    virtual void set_core_reg(unsigned n, u32 v) = 0;
    virtual void set_nzcv(u32 flags_in_bits_31_28) = 0;
    // false = the access aborted: the VFP stops at once and does no base writeback.
    virtual bool load32(u32 va, u32* v) = 0;
    virtual bool store32(u32 va, u32 v) = 0;

  protected:
    ~VfpHost() = default;
};

enum class VfpResult { Ok, Undefined, Aborted };

class Vfp {
  public:
    static constexpr u32 kFpsidArm926 = 0x41011090;

    // FPSCR fields.
    static constexpr u32 FPSCR_NZCV = 0xf0000000;
    static constexpr u32 FPSCR_DN = 1u << 25;
    static constexpr u32 FPSCR_FZ = 1u << 24;
    static constexpr u32 FPSCR_RMODE_SHIFT = 22;
    static constexpr u32 FPSCR_STRIDE_SHIFT = 20;
    static constexpr u32 FPSCR_LEN_SHIFT = 16;
    // Bits that hold a value: NZCV, AHP (kept, unused, as QEMU does), DN, FZ, RMode, STRIDE, LEN
    // and the cumulative flags IDC, IXC, UFC, OFC, DZC, IOC. Trap enables read as zero.
    static constexpr u32 FPSCR_WRITABLE = 0xf7f7009f;
    static constexpr u32 FPEXC_EN = 1u << 30;

    // VFP system register numbers in FMRX/FMXR.
    enum SysReg : unsigned { FPSID = 0, FPSCR = 1, FPEXC = 8, FPINST = 9, FPINST2 = 10 };

    // All guest-visible state. d<n> is s<2n> (low word) and s<2n+1> (high word).
    struct State {
        u32 s[32] = {};
        u32 fpscr = 0;
        u32 fpexc = 0;
        u32 fpinst = 0;
        u32 fpinst2 = 0;
        u32 fpsid = kFpsidArm926;
    };

    void reset() { state = State{}; }

    // |insn| is a whole ARM coprocessor 10/11 instruction (CDP, MRC, MCR, MRRC, MCRR, LDC, STC
    // encodings) whose condition has passed. |privileged| is false in User mode.
    VfpResult execute(u32 insn, VfpHost& host, bool privileged);

    u64 d(unsigned n) const { return u64(state.s[2 * n]) | u64(state.s[2 * n + 1]) << 32; }
    void set_d(unsigned n, u64 v) {
        state.s[2 * n] = u32(v);
        state.s[2 * n + 1] = u32(v >> 32);
    }
    bool enabled() const { return (state.fpexc & FPEXC_EN) != 0; }

    State state;

  private:
    VfpResult system_transfer(u32 insn, VfpHost& host, bool privileged);
    VfpResult register_transfer(u32 insn, VfpHost& host);
    VfpResult two_register_transfer(u32 insn, VfpHost& host);
    VfpResult load_store(u32 insn, VfpHost& host);
    VfpResult load_store_multiple(u32 insn, VfpHost& host);
    VfpResult data_processing(u32 insn);
    VfpResult data_processing_s(u32 insn);
    VfpResult data_processing_d(u32 insn);
};

}  // namespace bw::arm
