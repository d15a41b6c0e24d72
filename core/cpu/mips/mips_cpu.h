// MIPS32 release 2 CPU as QEMU's "24Kf" models it (PRId 0x00019300, FIR 0x00739300), with
// QEMU's "4Kc" (MIPS32 release 1, no FPU, no supervisor mode) as a configuration.
//
// Implemented: every MIPS32r2 integer instruction with branch delay slots and branch-likely
// annulment; exceptions (also in delay slots: Cause.BD, EPC at the branch); LL/SC; CP0 (Index,
// Random, EntryLo0/1, Context, PageMask, Wired, HWREna, BadVAddr, Count, EntryHi, Compare, Status,
// IntCtl, SRSCtl, Cause, EPC, PRId, EBase, Config0-3, LLAddr, WatchLo/Hi (read 0), ErrorEPC,
// TagLo/DataLo (read 0)); Count/Compare timer on IP7 in virtual time; the 16-entry JTLB with
// refill/invalid/modified exceptions; kernel/supervisor/user segments and address errors; a
// software TLB in front of it; the FPU (CP1) with FR=0 and FR=1, S/D/W/L formats, FCSR cause,
// flags, enables and rounding modes, COP1X indexed loads/stores and MADD/MSUB/NMADD/NMSUB.
// Not implemented: MIPS16e (Config1.CA is set as on QEMU's 24Kf, but JALX and ISA mode switches
// are Reserved Instruction), EJTAG debug mode (SDBBP and DERET are Reserved Instruction), watch
// exceptions, cache emulation (CACHE, SYNCI, SYNC, PREF are no-ops), shadow register sets,
// vectored interrupts (Config3.VInt=0 as on the 24Kf: Cause.IV only selects offset 0x200), the
// UserLocal register (Config3.ULRI=0 as on QEMU's 24Kf: RDHWR $29 is Reserved Instruction and the
// guest kernel emulates it) unless MipsConfig::userlocal is set, machine check on duplicate TLB
// entries, Cause.DC (Count always runs).
//
// Endianness: the Bus holds RAM in little-endian order; a big-endian CPU swaps RAM data in its
// memory path. MMIO values pass through unswapped (devices see the CPU's logical value).
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <vector>

#include "core/common/types.h"
#include "core/cpu/cpu.h"
#include "core/cpu/mips/decoder.h"
#include "core/jit/block_cache.h"
#include "core/mem/bus.h"
#include "core/sched/scheduler.h"

namespace bw::mips {

struct MipsConfig {
    enum class Model { k24Kf, k4Kc };
    Model model = Model::k24Kf;
    bool big_endian = false;
    // Count period in ns. QEMU's malta clocks the CPU at 320 MHz and Count every CCRes=2 cycles;
    // QEMU truncates the period to whole nanoseconds: 6.
    u32 count_period_ns = 6;
    // Expose the UserLocal register (Config3.ULRI, RDHWR $29 in hardware). QEMU's 24Kf does not.
    bool userlocal = false;
    u32 cpu_num = 0;  // EBase.CPUNum, RDHWR $0
};

// Exception codes (Cause.ExcCode).
enum ExcCode : u32 {
    EXC_Int = 0,
    EXC_Mod = 1,
    EXC_TLBL = 2,
    EXC_TLBS = 3,
    EXC_AdEL = 4,
    EXC_AdES = 5,
    EXC_IBE = 6,
    EXC_DBE = 7,
    EXC_Sys = 8,
    EXC_Bp = 9,
    EXC_RI = 10,
    EXC_CpU = 11,
    EXC_Ov = 12,
    EXC_Tr = 13,
    EXC_FPE = 15,
};

// Status bits.
enum : u32 {
    ST_IE = 1u << 0,
    ST_EXL = 1u << 1,
    ST_ERL = 1u << 2,
    ST_KSU = 3u << 3,
    ST_UM = 1u << 4,
    ST_IM = 0xffu << 8,
    ST_NMI = 1u << 19,
    ST_SR = 1u << 20,
    ST_TS = 1u << 21,
    ST_BEV = 1u << 22,
    ST_RE = 1u << 25,
    ST_FR = 1u << 26,
    ST_CU0 = 1u << 28,
    ST_CU1 = 1u << 29,
};

// Cause bits.
enum : u32 {
    CAUSE_EXC = 0x1fu << 2,
    CAUSE_IP = 0xffu << 8,
    CAUSE_IV = 1u << 23,
    CAUSE_WP = 1u << 22,
    CAUSE_DC = 1u << 27,
    CAUSE_CE = 3u << 28,
    CAUSE_TI = 1u << 30,
    CAUSE_BD = 1u << 31,
};

// FCSR fields.
enum : u32 {
    FCSR_RM = 3u,
    FCSR_FLAGS = 0x1fu << 2,
    FCSR_ENABLES = 0x1fu << 7,
    FCSR_CAUSE = 0x3fu << 12,
    FCSR_FS = 1u << 24,
    FCSR_FCC0 = 1u << 23,
};
// Exception bits as they sit in the FCSR flag field (<<5 for enables, <<10 for cause).
enum : u32 { FP_I = 1u << 2, FP_U = 1u << 3, FP_O = 1u << 4, FP_Z = 1u << 5, FP_V = 1u << 6 };
constexpr u32 FP_E_CAUSE = 1u << 17;           // unimplemented operation (cause only)
constexpr u32 kFcsrWritableBits = 0xff83ffff;  // QEMU's CP1_fcr31_rw_bitmask for the 24Kf

// One JTLB entry as TLBR returns it.
struct TlbEntry {
    u32 EntryHi = 0;  // VPN2 | ASID
    u32 PageMask = 0;
    u32 EntryLo0 = 0;  // G bit is the entry's G (both halves)
    u32 EntryLo1 = 0;
};

// The architectural state, flat, at the start of MipsCpu (translated code addresses it directly).
// Marks Random as just reset (the next read gives 15).
constexpr u32 kRandomFresh = 16;

struct MipsState {
    u32 gpr[32] = {};
    u32 pc = 0;
    u32 hi = 0, lo = 0;
    // Delay-slot machinery: the instruction at |pc| runs in a delay slot when |delay_next| was set
    // by the previous one; after it, execution continues at |branch_target|.
    u32 branch_target = 0;
    u8 delay_next = 0;
    u8 in_delay = 0;
    u8 llbit = 0;
    u8 mode = 0;  // software TLB set: 0 kernel, 1 supervisor, 2 user, 3 kernel with ERL
    u32 ll_paddr = 0;

    // CP0, named as in the MIPS32 PRA.
    u32 Index = 0, EntryLo0 = 0, EntryLo1 = 0, Context = 0, UserLocal = 0, PageMask = 0;
    u32 Wired = 0, HWREna = 0, BadVAddr = 0, EntryHi = 0, Compare = 0, Status = 0;
    u32 IntCtl = 0, SRSCtl = 0, Cause = 0, EPC = 0, PRId = 0, EBase = 0;
    u32 Config0 = 0, Config1 = 0, Config2 = 0, Config3 = 0, ErrorEPC = 0, DESAVE = 0;
    u32 count_offset = 0;  // Count = count_offset + now / count_period_ns
    u32 hw_ip = 0;         // Cause.IP2..7 driven by set_irq, in Cause bit positions
    u64 insn_count = 0;    // retired instructions (and exceptions)
    // Random: 15 after reset or a Wired write, then a pseudo-random sequence that
    // never repeats a value twice in a row (as QEMU). A counter-derived Random
    // made TLBWR evict in step with the refill handler and thrash the JTLB.
    u32 random_seed = 1;
    u32 random_prev = kRandomFresh;

    // CP1.
    u64 fpr[32] = {};  // single n is the low half of fpr[n]; FR=0 doubles span fpr[n], fpr[n+1]
    u32 FIR = 0, FCSR = 0;

    TlbEntry tlb[16];
};

class MipsCpu : public Cpu {
  public:
    static constexpr unsigned kTlbEntries = 16;

    MipsCpu(Bus& bus, Scheduler& sched, const MipsConfig& cfg);
    ~MipsCpu() override;

    // Cpu
    void reset() override;
    void execute() override;
    bool halted() const override;
    u32 pc() const override { return s.pc; }

    // Decode-once blocks: code is decoded a block at a time and kept until its
    // page is written, instead of fetched and decoded per instruction. The
    // machine runs exactly as without (same instruction counts, interrupt
    // points, exceptions). Off by default.
    void set_blocks(bool on);
    jit::BlockStats block_stats() const { return blocks_ ? blocks_->stats() : jit::BlockStats{}; }

    // Hardware interrupt inputs: line 0..5 is Cause.IP2..IP7.
    void set_irq(unsigned line, bool level);
    // Non-maskable interrupt and soft reset (both to 0xbfc00000 with ERL set).
    void nmi();
    void soft_reset();

    // Register access for boot loaders and tests.
    u32 gpr(unsigned n) const { return s.gpr[n & 31]; }
    void set_gpr(unsigned n, u32 v) {
        if (n & 31) s.gpr[n & 31] = v;
    }
    void set_pc(u32 v) {
        s.pc = v;
        s.delay_next = 0;
    }
    // CP0 as MFC0/MTC0 see it (MTC0 side effects included). Returns false for a register the
    // CPU does not have.
    bool read_cp0(unsigned reg, unsigned sel, u32* value);
    bool write_cp0(unsigned reg, unsigned sel, u32 value);
    u32 count() const;
    // Forget every software TLB entry (after the board remaps memory).
    void flush_tlb();
    const MipsConfig& config() const { return cfg_; }

    // ---- Internals shared with the instruction handlers (handlers.h) --------------------
    MipsState s;  // first member: the fixed place translated code reads

    enum class Access { Load, Store, Fetch };
    // Raise a synchronous exception for the current instruction.
    void raise(ExcCode code);
    void raise_cpu(unsigned coprocessor);
    void raise_address_error(u32 va, bool store);
    // Memory: false = an exception was raised (the handler must stop). The
    // software TLB hit of a little-endian CPU is inline in the handlers.
    bool load8(u32 va, u32* v) { return load_fast<u8>(va, v); }
    bool load16(u32 va, u32* v) { return load_fast<u16>(va, v); }
    bool load32(u32 va, u32* v) { return load_fast<u32>(va, v); }
    bool store8(u32 va, u32 v) { return store_fast<u8>(va, v); }
    bool store16(u32 va, u32 v) { return store_fast<u16>(va, v); }
    bool store32(u32 va, u32 v) { return store_fast<u32>(va, v); }
    // Translate for an access the handler then performs itself (LL/SC, LWL...).
    bool translate(u32 va, Access acc, u32* pa);
    u32 phys_read32(u32 pa);
    void phys_write32(u32 pa, u32 v);

    // Control flow from handlers.
    void branch(bool taken, u32 target) {
        s.delay_next = 1;
        s.branch_target = taken ? target : s.pc + 8;
    }
    void branch_likely(bool taken, u32 target) {
        if (taken) {
            s.delay_next = 1;
            s.branch_target = target;
        } else {
            next_pc_ = s.pc + 8;  // the delay slot is annulled
        }
    }
    void set_next_pc(u32 v) { next_pc_ = v; }
    u32 next_pc() const { return next_pc_; }
    void wait();
    void eret();
    void status_changed();  // after any write to Status: mode, interrupts
    bool kernel_mode() const { return s.mode == 0 || s.mode == 3; }
    bool cp0_usable() const { return kernel_mode() || (s.Status & ST_CU0); }
    bool has_fpu() const { return cfg_.model == MipsConfig::Model::k24Kf; }
    bool is_r2() const { return cfg_.model == MipsConfig::Model::k24Kf; }
    u32 random();
    void tlb_read();
    void tlb_write(unsigned index);
    void tlb_probe();
    u32 read_cause() const;
    u32 count_period_ns() const { return cfg_.count_period_ns; }
    u64 now_ns() const { return sched_.now(); }
    // FPU helpers.
    bool fpu_usable();  // raises Coprocessor Unusable (CE=1) when not
    u32 fpr32(unsigned n) const { return u32(s.fpr[n]); }
    void set_fpr32(unsigned n, u32 v) { s.fpr[n] = (s.fpr[n] & 0xffffffff00000000ull) | v; }
    u64 fpr64(unsigned n) const {
        if (s.Status & ST_FR) return s.fpr[n];
        return (u64(u32(s.fpr[n | 1])) << 32) | u32(s.fpr[n & ~1u]);
    }
    void set_fpr64(unsigned n, u64 v) {
        if (s.Status & ST_FR) {
            s.fpr[n] = v;
        } else {
            set_fpr32(n & ~1u, u32(v));
            set_fpr32(n | 1, u32(v >> 32));
        }
    }
    // Apply an operation's IEEE exceptions (FP_* bits) to FCSR: sets Cause, and either raises
    // the Floating Point exception (returns false: the result must not be written) or
    // accumulates Flags.
    bool fp_update(u32 exc);
    void write_fcsr(u32 v);  // CTC1 31 and the views 25/26/28

  private:
    void take_exception(ExcCode code, u32 vector_offset);
    bool interrupt_pending() const;  // enabled and unmasked
    void check_interrupts();
    void update_timer();
    void timer_fired();
    void fill_soft_tlb(u32 va, u32 pa, Access acc);
    void invalidate_soft_tlb(u32 first, u32 last);  // virtual range, inclusive
    bool tlb_lookup(u32 va, Access acc, u32* pa);
    void tlb_exception(u32 va, ExcCode code, bool refill);
    template <typename T>
    bool load(u32 va, u32* v);
    template <typename T>
    bool store(u32 va, u32 v);
    bool load_slow(u32 va, u32* v, unsigned size);
    bool store_slow(u32 va, u32 v, unsigned size);
    template <typename T>
    bool load_fast(u32 va, u32* v) {
        const SoftTlbEntry& e = stlb_[s.mode][(va >> 12) & (kSoftTlbSize - 1)];
        if (e.tag_r == (va & (0xfffff000u | (sizeof(T) - 1))) && !cfg_.big_endian) [[likely]] {
            T raw;
            std::memcpy(&raw, reinterpret_cast<const u8*>(e.addend + std::intptr_t(va)), sizeof(T));
            *v = raw;
            return true;
        }
        return load_slow(va, v, sizeof(T));
    }
    template <typename T>
    bool store_fast(u32 va, u32 v) {
        const SoftTlbEntry& e = stlb_[s.mode][(va >> 12) & (kSoftTlbSize - 1)];
        if (e.tag_w == (va & (0xfffff000u | (sizeof(T) - 1))) && !cfg_.big_endian) [[likely]] {
            const T raw = T(v);
            std::memcpy(reinterpret_cast<u8*>(e.addend + std::intptr_t(va)), &raw, sizeof(T));
            return true;
        }
        return store_slow(va, v, sizeof(T));
    }
    bool fetch(u32 va, u32* insn);

    struct SoftTlbEntry {
        u32 tag_r = 1, tag_w = 1, tag_x = 1;  // virtual page address, or 1 = invalid
        std::ptrdiff_t addend = 0;            // host address - virtual address
    };
    static constexpr unsigned kSoftTlbBits = 10;
    static constexpr unsigned kSoftTlbSize = 1u << kSoftTlbBits;

    Bus& bus_;
    Scheduler& sched_;
    MipsConfig cfg_;
    const Decoder& decoder_;
    Timer timer_;
    u32 next_pc_ = 0;
    bool exception_ = false;  // the current instruction raised an exception
    bool halted_ = false;
    bool check_irq_ = true;
    u32 status_mask_ = 0;  // writable Status bits
    SoftTlbEntry stlb_[4][kSoftTlbSize];

    Handler decode(u32 insn) const;

    // Decode-once blocks (set_blocks).
    struct BlockEntry {
        Handler handler;
        u32 insn;
        u8 flags;  // InsnFlags
    };
    using Blocks = jit::BlockCache<BlockEntry>;
    static constexpr unsigned kMaxBlockInsns = 64;
    void step();  // fetch, decode and run one instruction
    const Blocks::Block* block_at(u32 pc);
    const Blocks::Block* build_block(u32 pc, const u8* host);
    void run_blocks(const Blocks::Block* block);
    bool run_block(const Blocks::Block& block);
    const Blocks::Block* next_on_page(const Blocks::Block& block, u32 start_pc);
    void drop_stale_blocks();
    std::unique_ptr<Blocks> blocks_;
    std::vector<u32> stale_pages_;  // written code pages whose blocks go next
};

}  // namespace bw::mips
