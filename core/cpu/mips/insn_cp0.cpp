// MIPS32r2 privileged instructions: CP0 moves, DI/EI, shadow-set moves, TLB maintenance, ERET
// and WAIT. Each needs kernel mode or Status.CU0, else Coprocessor Unusable (CE=0).
#include "core/common/log.h"
#include "core/cpu/mips/handlers.h"
#include "core/cpu/mips/mips_cpu.h"

namespace bw::mips {
namespace {

bool need_cp0(MipsCpu& c) {
    if (c.cp0_usable()) return true;
    c.raise_cpu(0);
    return false;
}

}  // namespace

// MFC0 rt, rd, sel
void mips_MFC0(MipsCpu& c, u32 i) {
    if (!need_cp0(c)) return;
    u32 v = 0;
    if (!c.read_cp0(f_rd(i), i & 7, &v))
        log_message(LogCategory::Unimplemented, "mips: mfc0 of reserved register %u sel %u",
                    f_rd(i), i & 7);
    if (f_rt(i)) c.s.gpr[f_rt(i)] = v;
}

// MTC0 rt, rd, sel
void mips_MTC0(MipsCpu& c, u32 i) {
    if (!need_cp0(c)) return;
    if (!c.write_cp0(f_rd(i), i & 7, c.s.gpr[f_rt(i)]))
        log_message(LogCategory::Unimplemented, "mips: mtc0 to reserved register %u sel %u",
                    f_rd(i), i & 7);
}

// DI rt
void mips_DI(MipsCpu& c, u32 i) {
    if (!need_cp0(c)) return;
    if (f_rt(i)) c.s.gpr[f_rt(i)] = c.s.Status;
    c.s.Status &= ~ST_IE;
    c.status_changed();
}

// EI rt
void mips_EI(MipsCpu& c, u32 i) {
    if (!need_cp0(c)) return;
    if (f_rt(i)) c.s.gpr[f_rt(i)] = c.s.Status;
    c.s.Status |= ST_IE;
    c.status_changed();
}

// RDPGPR rd, rt: one register set only, so the previous set is the current one.
void mips_RDPGPR(MipsCpu& c, u32 i) {
    if (!need_cp0(c)) return;
    if (f_rd(i)) c.s.gpr[f_rd(i)] = c.s.gpr[f_rt(i)];
}

// WRPGPR rd, rt
void mips_WRPGPR(MipsCpu& c, u32 i) {
    if (!need_cp0(c)) return;
    if (f_rd(i)) c.s.gpr[f_rd(i)] = c.s.gpr[f_rt(i)];
}

// TLBR
void mips_TLBR(MipsCpu& c, u32) {
    if (need_cp0(c)) c.tlb_read();
}

// TLBWI
void mips_TLBWI(MipsCpu& c, u32) {
    if (need_cp0(c)) c.tlb_write(c.s.Index & 15);
}

// TLBWR
void mips_TLBWR(MipsCpu& c, u32) {
    if (need_cp0(c)) c.tlb_write(c.random());
}

// TLBP
void mips_TLBP(MipsCpu& c, u32) {
    if (need_cp0(c)) c.tlb_probe();
}

// ERET
void mips_ERET(MipsCpu& c, u32) {
    if (need_cp0(c)) c.eret();
}

// WAIT code
void mips_WAIT(MipsCpu& c, u32) {
    if (need_cp0(c)) c.wait();
}

}  // namespace bw::mips
