// ARM926EJ-S integer core: an ARMv5TEJ interpreter (ARM and Thumb states).
//
// Implemented: every ARMv5TE ARM and Thumb instruction, all seven modes with
// register banking, all exceptions with the ARM ARM return addresses, ARMv5
// unaligned-access rules (rotated LDR, alignment faults when CP15 A is set),
// coprocessor routing (cp15 -> Cp15, cp10/cp11 -> Vfp, others undefined), WFI
// through CP15, and a software TLB for all virtual accesses.
// Not implemented: Jazelle (BXJ behaves as BX, J is never set), caches (no
// guest-visible effect), the cp14 debug unit, cycle timing.
//
// Design notes (state layout, TLB invariants, abort model): NOTES.md.
#pragma once

#include <cstring>
#include <memory>
#include <vector>

#include "core/common/types.h"
#include "core/cpu/arm/arm_decode.h"
#include "core/cpu/arm/cp15.h"
#include "core/cpu/arm/mmu.h"
#include "core/cpu/arm/vfp.h"
#include "core/cpu/cpu.h"
#include "core/jit/block_cache.h"
#include "core/mem/bus.h"
#include "core/sched/scheduler.h"

namespace bw::arm {

// CPSR mode field values.
enum Mode : u32 {
    kModeUsr = 0x10,
    kModeFiq = 0x11,
    kModeIrq = 0x12,
    kModeSvc = 0x13,
    kModeAbt = 0x17,
    kModeUnd = 0x1b,
    kModeSys = 0x1f,
};

constexpr u32 kPsrN = 1u << 31;
constexpr u32 kPsrZ = 1u << 30;
constexpr u32 kPsrC = 1u << 29;
constexpr u32 kPsrV = 1u << 28;
constexpr u32 kPsrQ = 1u << 27;
constexpr u32 kPsrI = 1u << 7;
constexpr u32 kPsrF = 1u << 6;
constexpr u32 kPsrT = 1u << 5;
// ARMv5 has no A bit, but QEMU's arm926 resets with CPSR bit 8 set and never
// clears it; it reads as one here too so MRS results agree with QEMU.
constexpr u32 kPsrFixedOne = 1u << 8;
constexpr u32 kPsrMode = 0x1f;

// Register banks, indexed by bank_index(mode).
enum Bank : unsigned { kBankUsr, kBankFiq, kBankIrq, kBankSvc, kBankAbt, kBankUnd, kBankCount };

// The architectural state, flat and position-independent so a translator can
// address it at fixed offsets. r[] is always the current mode's view.
struct ArmState {
    u32 r[16] = {};  // while an instruction runs, r[15] = its address + 8 (ARM) / + 4 (Thumb)
    u32 pc = 0;      // address of the next instruction to execute
    u32 cur = 0;     // address of the instruction being executed
    u32 cpsr = kModeSvc | kPsrI | kPsrF | kPsrFixedOne;
    u32 spsr = 0;  // current mode's SPSR (no meaning in usr/sys)
    u32 bank_r13[kBankCount] = {};
    u32 bank_r14[kBankCount] = {};
    u32 bank_spsr[kBankCount] = {};
    u32 usr_r8_12[5] = {};  // r8-r12 of all modes but FIQ, while in FIQ mode
    u32 fiq_r8_12[5] = {};  // r8-r12 of FIQ mode, while in another mode
};

// One software TLB entry: a hit is tag == (va & (page mask | alignment mask)),
// then host = addend + va. Tag kTlbInvalid never matches.
struct TlbEntry {
    u32 tag;
    uintptr_t addend;
};

class ArmCpu : public bw::Cpu, private VfpHost {
  public:
    ArmCpu(Bus& bus, Scheduler& sched);

    // bw::Cpu
    void reset() override;
    void execute() override;
    bool halted() const override { return halted_ && !irq_line_ && !fiq_line_; }
    u32 pc() const override { return s.pc; }

    // Level inputs (from the interrupt controller).
    void set_irq(bool level);
    void set_fiq(bool level);

    // Loader/test access to the current mode's registers. reg(15) is the next PC.
    u32 reg(unsigned n) const { return n == 15 ? s.pc : s.r[n]; }
    void set_reg(unsigned n, u32 v);
    u32 cpsr() const { return s.cpsr; }
    // Full CPSR write: rebanks on a mode change (an invalid mode is ignored).
    void set_cpsr(u32 v);
    u32 spsr() const { return s.spsr; }
    void set_spsr(u32 v) { s.spsr = v; }
    // Jump to |addr|; bit 0 selects Thumb state (as BX does).
    void set_pc_interworking(u32 addr);
    // A register of another mode's bank (r8-r14; others are shared).
    u32 banked_reg(u32 mode, unsigned n) const;

    Cp15& cp15() { return cp15_; }
    Vfp& vfp() { return vfp_; }
    ArmState& state() { return s; }
    // Drop every cached translation (the MMU setup changed behind our back).
    void flush_tlb();

    // Decode-once blocks (as MipsCpu::set_blocks): ARM and Thumb code decoded a
    // block at a time and kept until its page is written. Same machine as
    // without. Off by default.
    void set_blocks(bool on);
    jit::BlockStats block_stats() const;

    // ---- Internal: used by the instruction handlers in arm_*.cpp ----------------
    ArmState s;

    bool privileged() const { return (s.cpsr & kPsrMode) != kModeUsr; }
    bool cond_pass(u32 cond) const { return (kCondTable[cond] >> (s.cpsr >> 28)) & 1; }
    u32 carry() const { return (s.cpsr >> 29) & 1; }
    void set_nz(u32 result) {
        s.cpsr = (s.cpsr & ~(kPsrN | kPsrZ)) | (result & kPsrN) | (result == 0 ? kPsrZ : 0);
    }
    void set_nzc(u32 result, u32 c) {
        s.cpsr = (s.cpsr & ~(kPsrN | kPsrZ | kPsrC)) | (result & kPsrN) |
                 (result == 0 ? kPsrZ : 0) | (c << 29);
    }
    void set_nzcv(u32 result, u32 c, u32 v) {
        s.cpsr = (s.cpsr & 0x0fffffff) | (result & kPsrN) | (result == 0 ? kPsrZ : 0) | (c << 29) |
                 (v << 28);
    }
    // PC writes: plain (state kept, aligned for the current state) and BX-style.
    void write_pc(u32 v) { s.pc = v & ((s.cpsr & kPsrT) ? ~1u : ~3u); }
    void write_pc_interworking(u32 v) {
        if (v & 1) {
            s.cpsr |= kPsrT;
            s.pc = v & ~1u;
        } else {
            s.cpsr &= ~kPsrT;
            s.pc = v & ~3u;
        }
    }
    // CPSR = SPSR (exception return), then jump to |target| in the new state.
    void return_from_exception(u32 target);
    // Registers of the user bank (LDM/STM with ^).
    u32 user_reg(unsigned n) const;
    void set_user_reg(unsigned n, u32 v);

    // Exceptions. Each sets up LR/SPSR/mode and the PC of the vector.
    void undefined();
    void software_interrupt();
    void prefetch_abort(u32 fsr, bool set_fsr = true);
    void data_abort(u32 fsr, u32 va);
    void alignment_fault(u32 va) { data_abort(0x1, va); }
    bool check_align(u32 va, u32 mask) {
        if ((va & mask) && cp15_.alignment_check()) {
            alignment_fault(va);
            return false;
        }
        return true;
    }

    // Coprocessor instructions (cond already passed).
    void coprocessor(u32 insn);

    // Memory. |user| selects the user-permission TLB set (LDRT/STRT). Each
    // returns false if a data abort was taken; the caller must then return
    // without touching any register. Addresses must be naturally aligned
    // (alignment policy lives in the handlers).
    template <typename T>
    bool load(u32 va, u32* v, bool user = false) {
        TlbEntry& e = tlb_set(user)[kRead][(va >> 12) & (kTlbSize - 1)];
        if (e.tag == (va & (0xfffff000u | (sizeof(T) - 1)))) [[likely]] {
            T t;
            std::memcpy(&t, reinterpret_cast<u8*>(e.addend + va), sizeof(T));
            *v = t;
            return true;
        }
        return access_slow(va, sizeof(T), false, user, v);
    }
    template <typename T>
    bool store(u32 va, u32 v, bool user = false) {
        TlbEntry& e = tlb_set(user)[kWrite][(va >> 12) & (kTlbSize - 1)];
        if (e.tag == (va & (0xfffff000u | (sizeof(T) - 1)))) [[likely]] {
            T t = T(v);
            std::memcpy(reinterpret_cast<u8*>(e.addend + va), &t, sizeof(T));
            return true;
        }
        return access_slow(va, sizeof(T), true, user, &v);
    }

    static constexpr unsigned kTlbSize = 1024;
    static constexpr u32 kTlbInvalid = 1;
    enum TlbKind : unsigned { kRead, kWrite, kFetch, kKinds };

    // For tests: the TLB entry that would serve |va|.
    const TlbEntry& tlb_entry(bool user, TlbKind kind, u32 va) const {
        return tlb_[user][kind][(va >> 12) & (kTlbSize - 1)];
    }

  private:
    // VfpHost
    u32 core_reg(unsigned n) override { return s.r[n]; }
    void set_core_reg(unsigned n, u32 v) override;
    void set_nzcv(u32 flags) override { s.cpsr = (s.cpsr & 0x0fffffff) | (flags & 0xf0000000); }
    bool load32(u32 va, u32* v) override;
    bool store32(u32 va, u32 v) override;

    // Bit n of kCondTable[cond] says whether cond passes with NZCV == n.
    static const u16 kCondTable[16];

    TlbEntry (*tlb_set(bool user))[kTlbSize] { return user ? tlb_[1] : cur_tlb_; }
    bool access_slow(u32 va, unsigned size, bool write, bool user, u32* v);
    // Translate for the TLB; returns 0 or an FSR. Fills *host (nullptr = MMIO).
    u32 translate(u32 va, TlbKind kind, bool user, u32* pa, u8** host);
    bool fetch_slow(u32 va, unsigned size, u32* insn);
    void flush_tlb_page(u32 va);

    void change_mode(u32 new_mode);
    void update_attention() {
        attention_ = (irq_line_ && !(s.cpsr & kPsrI)) || (fiq_line_ && !(s.cpsr & kPsrF));
    }
    void enter_exception(u32 mode, u32 vector, u32 lr);
    bool service_interrupts();
    void step_arm();
    void step_thumb();

    // Decode-once blocks (set_blocks), one cache per instruction set.
    struct BlockEntry {
        InsnHandler handler;
        u32 insn;
    };
    using Blocks = jit::BlockCache<BlockEntry>;
    static constexpr unsigned kMaxBlockInsns = 64;
    const Blocks::Block* block_at(bool thumb);
    const Blocks::Block* build_block(bool thumb, const u8* host);
    void run_blocks(const Blocks::Block* block, bool thumb);
    bool run_block(const Blocks::Block& block, bool thumb);
    std::unique_ptr<Blocks> arm_blocks_, thumb_blocks_;
    std::vector<u32> stale_pages_;  // written code pages whose blocks go next

    Bus& bus_;
    Scheduler& sched_;
    Cp15 cp15_;
    Vfp vfp_;

    bool irq_line_ = false;
    bool fiq_line_ = false;
    bool halted_ = false;
    bool attention_ = false;  // an unmasked interrupt is pending

    // Straight-line fetch: the host page holding the current code page.
    u32 code_tag_ = kTlbInvalid;
    const u8* code_host_ = nullptr;

    TlbEntry (*cur_tlb_)[kTlbSize];  // tlb_[0] when privileged, tlb_[1] in usr mode
    TlbEntry tlb_[2][kKinds][kTlbSize];

    // MMIO pages are never in tlb_ (every access must reach the device), but
    // their translation is cached here so device polling loops skip the walk.
    struct IoTlbEntry {
        u32 tag;  // virtual page, or kTlbInvalid
        u32 pa_page;
    };
    static constexpr unsigned kIoTlbSize = 64;
    IoTlbEntry io_tlb_[2][kKinds][kIoTlbSize];

    // Linux on ARMv5 flushes the whole TLB at every context switch; clearing
    // only the entries filled since the last flush keeps that cheap.
    static constexpr unsigned kMaxFilled = 256;
    TlbEntry* filled_[kMaxFilled];
    unsigned filled_count_ = kMaxFilled + 1;  // kMaxFilled + 1: clear everything
};

}  // namespace bw::arm
