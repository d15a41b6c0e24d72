// Instruction handlers of the MIPS interpreter, named after the manual's mnemonics. Declared here
// once (X-macro) for the decoder table; defined in insn_int.cpp, insn_cp0.cpp and insn_fpu.cpp.
#pragma once

#include "core/common/types.h"

namespace bw::mips {

class MipsCpu;

// clang-format does not settle on X-macro lists: keep this layout.
// clang-format off
#define MIPS_INT_HANDLERS(X)                                                                       \
    X(NOP) X(SLL) X(SRL) X(ROTR) X(SRA) X(SLLV) X(SRLV) X(ROTRV) X(SRAV) X(JR) X(JALR) X(MOVZ)     \
    X(MOVN) X(SYSCALL) X(BREAK) X(SYNC) X(MFHI) X(MTHI) X(MFLO) X(MTLO) X(MULT) X(MULTU)           \
    X(DIV) X(DIVU) X(ADD) X(ADDU) X(SUB) X(SUBU) X(AND) X(OR) X(XOR) X(NOR) X(SLT) X(SLTU)         \
    X(TGE) X(TGEU) X(TLT) X(TLTU) X(TEQ) X(TNE) X(BLTZ) X(BGEZ) X(BLTZL) X(BGEZL) X(TGEI)          \
    X(TGEIU) X(TLTI) X(TLTIU) X(TEQI) X(TNEI) X(BLTZAL) X(BGEZAL) X(BLTZALL) X(BGEZALL)            \
    X(SYNCI) X(J) X(JAL) X(BEQ) X(BNE) X(BLEZ) X(BGTZ) X(ADDI) X(ADDIU) X(SLTI) X(SLTIU)           \
    X(ANDI) X(ORI) X(XORI) X(LUI) X(BEQL) X(BNEL) X(BLEZL) X(BGTZL) X(MADD) X(MADDU) X(MUL)        \
    X(MSUB) X(MSUBU) X(CLZ) X(CLO) X(EXT) X(INS) X(WSBH) X(SEB) X(SEH) X(RDHWR) X(LB) X(LH)        \
    X(LWL) X(LW) X(LBU) X(LHU) X(LWR) X(SB) X(SH) X(SWL) X(SW) X(SWR) X(CACHE) X(LL) X(PREF)       \
    X(SC) X(COP2)

#define MIPS_CP0_HANDLERS(X)                                                                       \
    X(MFC0) X(MTC0) X(DI) X(EI) X(RDPGPR) X(WRPGPR) X(TLBR) X(TLBWI) X(TLBWR) X(TLBP) X(ERET)      \
    X(WAIT)

#define MIPS_FPU_HANDLERS(X)                                                                       \
    X(MOVCI) X(LWC1) X(LDC1) X(SWC1) X(SDC1) X(MFC1) X(CFC1) X(MFHC1) X(MTC1) X(CTC1) X(MTHC1)     \
    X(BC1F) X(BC1T) X(BC1FL) X(BC1TL) X(ADD_fmt) X(SUB_fmt) X(MUL_fmt) X(DIV_fmt) X(SQRT_fmt)      \
    X(ABS_fmt) X(MOV_fmt) X(NEG_fmt) X(ROUND_L_fmt) X(TRUNC_L_fmt) X(CEIL_L_fmt)                   \
    X(FLOOR_L_fmt) X(ROUND_W_fmt) X(TRUNC_W_fmt) X(CEIL_W_fmt) X(FLOOR_W_fmt) X(MOVCF_fmt)         \
    X(MOVZ_fmt) X(MOVN_fmt) X(RECIP_fmt) X(RSQRT_fmt) X(CVT_S_fmt) X(CVT_D_fmt) X(CVT_W_fmt)       \
    X(CVT_L_fmt) X(C_cond_fmt) X(LWXC1) X(LDXC1) X(LUXC1) X(SWXC1) X(SDXC1) X(SUXC1) X(PREFX)      \
    X(MADD_fmt) X(MSUB_fmt) X(NMADD_fmt) X(NMSUB_fmt)

// clang-format on

#define MIPS_DECLARE_HANDLER(name) void mips_##name(MipsCpu& c, u32 insn);
MIPS_INT_HANDLERS(MIPS_DECLARE_HANDLER)
MIPS_CP0_HANDLERS(MIPS_DECLARE_HANDLER)
MIPS_FPU_HANDLERS(MIPS_DECLARE_HANDLER)
#undef MIPS_DECLARE_HANDLER

// Instruction fields.
inline unsigned f_rs(u32 i) { return (i >> 21) & 31; }
inline unsigned f_rt(u32 i) { return (i >> 16) & 31; }
inline unsigned f_rd(u32 i) { return (i >> 11) & 31; }
inline unsigned f_sa(u32 i) { return (i >> 6) & 31; }
inline u32 f_simm(u32 i) { return u32(i32(i16(i & 0xffff))); }
inline u32 f_uimm(u32 i) { return i & 0xffff; }
// FPU fields: fmt = rs, ft = rt, fs = rd, fd = sa.
inline unsigned f_fmt(u32 i) { return (i >> 21) & 31; }
inline unsigned f_ft(u32 i) { return (i >> 16) & 31; }
inline unsigned f_fs(u32 i) { return (i >> 11) & 31; }
inline unsigned f_fd(u32 i) { return (i >> 6) & 31; }
inline unsigned f_fr(u32 i) { return (i >> 21) & 31; }  // COP1X

enum : unsigned { FMT_S = 16, FMT_D = 17, FMT_W = 20, FMT_L = 21 };

}  // namespace bw::mips
