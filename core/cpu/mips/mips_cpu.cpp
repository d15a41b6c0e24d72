// MIPS32r2 CPU: execution loop, exceptions, CP0 registers, JTLB and the software TLB in front of
// it, the memory path and the Count/Compare timer. See mips_cpu.h for what is implemented.
#include "core/cpu/mips/mips_cpu.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "core/common/log.h"
#include "core/cpu/mips/handlers.h"

namespace bw::mips {
namespace {

// Config register fields (MIPS32 PRA) as QEMU's cpu-defs.c.inc composes them.
constexpr u32 C0_M = 1u << 31, C0_BE = 1u << 15, C0_AR_R2 = 1u << 10, C0_MT_TLB = 1u << 7;
constexpr u32 C0_K0_UNCACHED = 2;
constexpr u32 C1_M = 1u << 31, C1_MMU16 = 15u << 25, C1_IL = 3u << 19, C1_IA = 1u << 16;
constexpr u32 C1_DL = 3u << 10, C1_DA = 1u << 7, C1_WR = 1u << 3, C1_CA = 1u << 2;
constexpr u32 C1_EP = 1u << 1, C1_FP = 1u << 0;
constexpr u32 C2_M = 1u << 31;
constexpr u32 C3_ULRI = 1u << 13;

constexpr u32 kFir24Kf = 0x00739300;  // F64 L W D S, PRID 0x93 (QEMU CP1_fcr0)

constexpr u32 kPageMask = 0xfffff000u;

inline u32 bswap(u32 v, unsigned size) {
    switch (size) {
        case 2: return u32(__builtin_bswap16(u16(v)));
        case 4: return __builtin_bswap32(v);
        default: return v;
    }
}

}  // namespace

MipsCpu::MipsCpu(Bus& bus, Scheduler& sched, const MipsConfig& cfg)
    : bus_(bus),
      sched_(sched),
      cfg_(cfg),
      decoder_(Decoder::get(cfg.model == MipsConfig::Model::k24Kf ? Isa::MIPS32R2 : Isa::MIPS32R1)),
      timer_(sched, [this] { timer_fired(); }) {
    if (cfg_.count_period_ns == 0) cfg_.count_period_ns = 1;
    // A page the bus starts watching must not stay writable through the soft TLB.
    bus_.on_watch = [this] { flush_tlb(); };
    reset();
}

MipsCpu::~MipsCpu() = default;

void MipsCpu::reset() {
    s = MipsState{};
    const bool r2 = is_r2();
    s.PRId = r2 ? 0x00019300 : 0x00018000;
    s.Config0 = C0_M | C0_MT_TLB | C0_K0_UNCACHED | (r2 ? C0_AR_R2 : 0);
    if (cfg_.big_endian) s.Config0 |= C0_BE;
    s.Config1 = C1_M | C1_MMU16 | C1_IL | C1_IA | C1_DL | C1_DA | C1_WR | C1_EP;
    if (r2) s.Config1 |= C1_CA | C1_FP;
    s.Config2 = C2_M;
    s.Config3 = (r2 && cfg_.userlocal) ? C3_ULRI : 0;
    // QEMU's CP0_Status_rw_bitmask for the two models.
    status_mask_ = r2 ? 0x3678ff1f : 0x1278ff17;
    s.Status = ST_BEV | ST_ERL;
    s.IntCtl = r2 ? 0xe0000000 : 0;  // timer on IP7, no vectored interrupts
    s.EBase = 0x80000000 | (cfg_.cpu_num & 0x3ff);
    s.FIR = r2 ? kFir24Kf : 0;
    s.pc = 0xbfc00000;
    // Count starts at 1 as in QEMU's reset.
    s.count_offset = 1 - u32(sched_.now() / cfg_.count_period_ns);
    halted_ = false;
    check_irq_ = true;
    status_changed();
    flush_tlb();
    update_timer();
}

// ---- Execution ------------------------------------------------------------------------------

namespace {
// Reserved Instruction for words no decoder row matches.
void mips_reserved(MipsCpu& cpu, u32) { cpu.raise(EXC_RI); }
}  // namespace

inline Handler MipsCpu::decode(u32 insn) const {
    const InsnRow* row = decoder_.lookup(insn);
    return row ? row->handler : mips_reserved;
}

void MipsCpu::execute() {
    if (halted_) {
        if (!(read_cause() & s.Status & CAUSE_IP)) {
            sched_.stop_slice();
            return;
        }
        halted_ = false;
    }
    while (sched_.remaining > 0) {
        // A block starts where the interpreter would look for an interrupt
        // anyway: not in a delay slot, none pending to look at.
        const Blocks::Block* block = nullptr;
        if (blocks_ && !s.delay_next && !check_irq_) block = block_at(s.pc);
        if (block) {
            run_blocks(block);
        } else {
            step();
        }
        if (halted_) {
            sched_.stop_slice();
            return;
        }
    }
}

void MipsCpu::step() {
    // Counted before it runs, so a handler that stops the slice leaves remaining at 0.
    sched_.remaining--;
    s.insn_count++;
    // Not between a branch and its delay slot: look again after the slot.
    if (check_irq_ && !s.delay_next) {
        check_irq_ = false;
        if (interrupt_pending()) {
            s.in_delay = 0;
            take_exception(EXC_Int, (s.Cause & CAUSE_IV) ? 0x200 : 0x180);
            return;
        }
    }
    const u32 pc = s.pc;
    s.in_delay = s.delay_next;
    s.delay_next = 0;
    next_pc_ = s.in_delay ? s.branch_target : pc + 4;
    exception_ = false;
    u32 insn;
    const SoftTlbEntry& code = stlb_[s.mode][(pc >> 12) & (kSoftTlbSize - 1)];
    bool fetched = true;
    if (code.tag_x == (pc & (kPageMask | 3)) && !cfg_.big_endian) [[likely]] {
        std::memcpy(&insn, reinterpret_cast<const u8*>(code.addend + std::intptr_t(pc)), 4);
    } else {
        fetched = fetch(pc, &insn);
    }
    if (fetched) {
        decode(insn)(*this, insn);
        if (!exception_) s.pc = next_pc_;
    }
}

// ---- Decode-once blocks ---------------------------------------------------------------------

void MipsCpu::set_blocks(bool on) {
    if (!on) {
        blocks_.reset();
        bus_.on_code_written = nullptr;
        return;
    }
    if (blocks_) return;
    blocks_ = std::make_unique<Blocks>();
    // Runs inside the writing instruction: the block it belongs to may be
    // running, so the page's blocks are dropped after it (run_block stops).
    bus_.on_code_written = [this](u32 page) { stale_pages_.push_back(page); };
}

void MipsCpu::drop_stale_blocks() {
    for (u32 page : stale_pages_) blocks_->invalidate_page(page);
    stale_pages_.clear();
}

// The block at |pc| if its page is mapped for execution in the software TLB
// (else the interpreter fetches, faults or fills it), built on first use.
const MipsCpu::Blocks::Block* MipsCpu::block_at(u32 pc) {
    if (!stale_pages_.empty()) drop_stale_blocks();
    const SoftTlbEntry& code = stlb_[s.mode][(pc >> 12) & (kSoftTlbSize - 1)];
    if (code.tag_x != (pc & (kPageMask | 3))) return nullptr;
    const u8* host = reinterpret_cast<const u8*>(code.addend + std::intptr_t(pc));
    if (const Blocks::Block* b = blocks_->find(host)) return b;
    return build_block(pc, host);
}

// Decodes from |pc| to the end of the block: a branch and its delay slot, an
// instruction that ends blocks (CP0 writes, ERET, WAIT, SYSCALL...), the end
// of the page or kMaxBlockInsns. A branch whose slot lies on the next page is
// left to the interpreter.
const MipsCpu::Blocks::Block* MipsCpu::build_block(u32 pc, const u8* host) {
    u32 paddr;
    if (!bus_.physical_address(host, &paddr) || !blocks_->accepts(paddr >> 12)) return nullptr;
    std::vector<BlockEntry> entries;
    auto word = [&](u32 offset) {
        u32 w;
        std::memcpy(&w, host + offset, 4);
        return cfg_.big_endian ? __builtin_bswap32(w) : w;
    };
    const u32 page_left = (Bus::kPageSize - (pc & (Bus::kPageSize - 1))) / 4;
    const u32 limit = std::min<u32>(page_left, kMaxBlockInsns);
    for (u32 i = 0; i < limit; i++) {
        u32 insn = word(4 * i);
        const InsnRow* row = decoder_.lookup(insn);
        u8 flags = row ? row->flags : u8(kEndsBlock);
        if (flags & kDelaySlot) {
            if (i + 1 >= page_left) break;
            u32 slot = word(4 * (i + 1));
            const InsnRow* slot_row = decoder_.lookup(slot);
            if (slot_row && (slot_row->flags & (kBranch | kDelaySlot | kEndsBlock))) break;
            entries.push_back({decode(insn), insn, flags});
            entries.push_back({decode(slot), slot, slot_row ? slot_row->flags : u8(0)});
            break;
        }
        entries.push_back({decode(insn), insn, flags});
        if (flags & (kEndsBlock | kBranch)) break;
    }
    if (entries.empty()) return nullptr;
    // Watched from now on: a write to the page drops its blocks.
    bus_.take_written(paddr & ~(Bus::kPageSize - 1), Bus::kPageSize, Bus::kWatchCode);
    return blocks_->add(host, paddr >> 12, std::move(entries));
}

// Runs |block| and the blocks that follow it on the same page (a loop, an
// if) until one stops early, control leaves the page, or a block ends with an
// instruction after which the TLB, mode or interrupts may differ.
void MipsCpu::run_blocks(const Blocks::Block* block) {
    for (;;) {
        const u32 start = s.pc;
        if (!run_block(*block) || (block->entries.back().flags & kEndsBlock)) return;
        if (((s.pc ^ start) & kPageMask) || s.delay_next || sched_.remaining <= 0) return;
        block = next_on_page(*block, start);
        if (!block) return;
    }
}

// The block at s.pc, on the same page as |block| (which started at
// |start_pc|): linked, cached, or built and linked.
const MipsCpu::Blocks::Block* MipsCpu::next_on_page(const Blocks::Block& block, u32 start_pc) {
    const u8* host = block.host + (s.pc - start_pc);
    if (const Blocks::Block* next = blocks_->next_after(block, host)) return next;
    const Blocks::Block* next = build_block(s.pc, host);
    if (next) Blocks::link(block, host, next);
    return next;
}

// The instructions of |block| as step() would run them, without fetching or
// decoding. Returns false at the first instruction that raises an exception,
// goes elsewhere, wants an interrupt looked at, writes code or waits, or
// when the slice ends; true after the last.
bool MipsCpu::run_block(const Blocks::Block& block) {
    u32 pc = s.pc;
    const BlockEntry* e = block.entries.data();
    const BlockEntry* end = e + block.entries.size();
    for (; e != end; ++e) {
        if (sched_.remaining <= 0) return false;
        sched_.remaining--;
        s.insn_count++;
        s.in_delay = s.delay_next;
        s.delay_next = 0;
        next_pc_ = s.in_delay ? s.branch_target : pc + 4;
        exception_ = false;
        e->handler(*this, e->insn);
        if (exception_) return false;
        s.pc = next_pc_;
        if (check_irq_ || halted_ || !stale_pages_.empty()) return false;
        pc += 4;
        if (s.pc != pc) return e + 1 == end;
    }
    return true;
}

bool MipsCpu::halted() const { return halted_ && !(read_cause() & s.Status & CAUSE_IP); }

void MipsCpu::wait() {
    // WAIT completes; an interrupt taken later returns to the next instruction.
    halted_ = true;
    check_irq_ = true;
}

// ---- Exceptions -----------------------------------------------------------------------------

void MipsCpu::take_exception(ExcCode code, u32 vector_offset) {
    const bool refill_vector = vector_offset == 0;
    if (!(s.Status & ST_EXL)) {
        s.EPC = s.in_delay ? s.pc - 4 : s.pc;
        if (s.in_delay)
            s.Cause |= CAUSE_BD;
        else
            s.Cause &= ~CAUSE_BD;
    } else if (refill_vector) {
        vector_offset = 0x180;  // nested TLB refill goes to the general vector
    }
    s.Cause = (s.Cause & ~(CAUSE_EXC | CAUSE_CE)) | (code << 2);
    s.Status |= ST_EXL;
    u32 base = (s.Status & ST_BEV) ? 0xbfc00200 : (s.EBase & 0x3ffff000) | 0x80000000;
    s.pc = base + vector_offset;
    s.delay_next = 0;
    s.in_delay = 0;
    exception_ = true;
    status_changed();
}

void MipsCpu::raise(ExcCode code) { take_exception(code, 0x180); }

void MipsCpu::raise_cpu(unsigned coprocessor) {
    take_exception(EXC_CpU, 0x180);
    s.Cause |= (coprocessor & 3) << 28;
}

void MipsCpu::raise_address_error(u32 va, bool store) {
    s.BadVAddr = va;
    raise(store ? EXC_AdES : EXC_AdEL);
}

void MipsCpu::tlb_exception(u32 va, ExcCode code, bool refill) {
    s.BadVAddr = va;
    s.Context = (s.Context & 0xff800000) | ((va >> 9) & 0x007ffff0);
    s.EntryHi = (s.EntryHi & 0xff) | (va & 0xffffe000);
    take_exception(code, refill ? 0 : 0x180);
}

void MipsCpu::eret() {
    if (s.Status & ST_ERL) {
        s.pc = s.ErrorEPC;
        s.Status &= ~ST_ERL;
    } else {
        s.pc = s.EPC;
        s.Status &= ~ST_EXL;
    }
    s.llbit = 0;
    s.delay_next = 0;
    exception_ = true;  // the PC is already set: the loop must not overwrite it
    status_changed();
}

void MipsCpu::nmi() {
    s.ErrorEPC = s.delay_next ? s.pc - 4 : s.pc;
    s.Status = (s.Status & ~ST_TS & ~ST_SR) | ST_BEV | ST_ERL | ST_NMI;
    s.pc = 0xbfc00000;
    s.delay_next = 0;
    halted_ = false;
    status_changed();
}

void MipsCpu::soft_reset() {
    s.ErrorEPC = s.delay_next ? s.pc - 4 : s.pc;
    s.Status = (s.Status & ~ST_TS & ~ST_NMI) | ST_BEV | ST_ERL | ST_SR;
    s.pc = 0xbfc00000;
    s.delay_next = 0;
    halted_ = false;
    status_changed();
}

// ---- Interrupts and the timer ---------------------------------------------------------------

u32 MipsCpu::read_cause() const { return s.Cause | s.hw_ip | ((s.Cause & CAUSE_TI) ? 0x8000 : 0); }

bool MipsCpu::interrupt_pending() const {
    if ((s.Status & (ST_IE | ST_EXL | ST_ERL)) != ST_IE) return false;
    return (read_cause() & s.Status & CAUSE_IP) != 0;
}

void MipsCpu::set_irq(unsigned line, bool level) {
    if (line > 5) return;
    u32 bit = 0x400u << line;
    u32 old = s.hw_ip;
    s.hw_ip = level ? (s.hw_ip | bit) : (s.hw_ip & ~bit);
    if (s.hw_ip != old) {
        check_irq_ = true;
        if (level) sched_.stop_slice();  // look at it before the next instruction
    }
}

u32 MipsCpu::count() const { return s.count_offset + u32(sched_.now() / cfg_.count_period_ns); }

void MipsCpu::update_timer() {
    // Count reaches Compare at the next tick boundary where offset + ticks == Compare.
    u64 ticks_now = sched_.now() / cfg_.count_period_ns;
    u32 delta = s.Compare - (s.count_offset + u32(ticks_now));
    u64 k = delta ? delta : (1ull << 32);
    timer_.arm_at((ticks_now + k) * cfg_.count_period_ns);
}

void MipsCpu::timer_fired() {
    s.Cause |= CAUSE_TI;
    check_irq_ = true;
    update_timer();
}

void MipsCpu::status_changed() {
    const u32 st = s.Status;
    const u32 ksu = (st >> 3) & 3;
    // KSU=3 is reserved; treat it as user mode.
    if (st & ST_ERL)
        s.mode = 3;
    else if (st & ST_EXL)
        s.mode = 0;
    else
        s.mode = ksu == 0 ? 0 : ksu == 1 ? 1 : 2;
    check_irq_ = true;
}

// ---- CP0 registers --------------------------------------------------------------------------

u32 MipsCpu::random() {
    const u32 wired = s.Wired & 15;
    const u32 choices = 16 - wired;
    if (s.random_prev == kRandomFresh || choices == 1) {
        s.random_prev = 15;
        return 15;
    }
    u32 idx;
    do {
        s.random_seed = 1103515245u * s.random_seed + 12345u;  // ISO C's example LCG
        idx = (s.random_seed >> 16) % choices + wired;
    } while (idx == s.random_prev);
    s.random_prev = idx;
    return idx;
}

bool MipsCpu::read_cp0(unsigned reg, unsigned sel, u32* v) {
    const bool r2 = is_r2();
    switch (reg * 8 + sel) {
        case 0 * 8 + 0: *v = s.Index; return true;
        case 1 * 8 + 0: *v = random(); return true;
        case 2 * 8 + 0: *v = s.EntryLo0; return true;
        case 3 * 8 + 0: *v = s.EntryLo1; return true;
        case 4 * 8 + 0: *v = s.Context; return true;
        case 4 * 8 + 2:
            if (!(s.Config3 & C3_ULRI)) return false;
            *v = s.UserLocal;
            return true;
        case 5 * 8 + 0: *v = s.PageMask; return true;
        case 6 * 8 + 0: *v = s.Wired; return true;
        case 7 * 8 + 0:
            if (!r2) return false;
            *v = s.HWREna;
            return true;
        case 8 * 8 + 0: *v = s.BadVAddr; return true;
        case 9 * 8 + 0: *v = count(); return true;
        case 10 * 8 + 0: *v = s.EntryHi; return true;
        case 11 * 8 + 0: *v = s.Compare; return true;
        case 12 * 8 + 0: *v = s.Status; return true;
        case 12 * 8 + 1:
            if (!r2) return false;
            *v = s.IntCtl;
            return true;
        case 12 * 8 + 2:
            if (!r2) return false;
            *v = s.SRSCtl;
            return true;
        case 12 * 8 + 3:  // SRSMap
            if (!r2) return false;
            *v = 0;
            return true;
        case 13 * 8 + 0: *v = read_cause(); return true;
        case 14 * 8 + 0: *v = s.EPC; return true;
        case 15 * 8 + 0: *v = s.PRId; return true;
        case 15 * 8 + 1:
            if (!r2) return false;
            *v = s.EBase;
            return true;
        case 16 * 8 + 0: *v = s.Config0; return true;
        case 16 * 8 + 1: *v = s.Config1; return true;
        case 16 * 8 + 2: *v = s.Config2; return true;
        case 16 * 8 + 3: *v = s.Config3; return true;
        case 17 * 8 + 0: *v = s.ll_paddr >> 4; return true;  // LLAddr: PAddr[35:4]
        case 18 * 8 + 0:                                     // WatchLo: no watchpoints
        case 19 * 8 + 0:                                     // WatchHi
        case 28 * 8 + 0:                                     // TagLo
        case 28 * 8 + 1:                                     // DataLo
        case 29 * 8 + 0:                                     // TagHi
        case 29 * 8 + 1:                                     // DataHi
        case 26 * 8 + 0:                                     // ErrCtl
        case 27 * 8 + 0:                                     // CacheErr
        case 25 * 8 + 0:                                     // PerfCnt control: none
        case 16 * 8 + 7:                                     // Config7
            *v = 0;
            return true;
        case 30 * 8 + 0: *v = s.ErrorEPC; return true;
        case 31 * 8 + 0: *v = s.DESAVE; return true;
        default: return false;
    }
}

bool MipsCpu::write_cp0(unsigned reg, unsigned sel, u32 v) {
    const bool r2 = is_r2();
    switch (reg * 8 + sel) {
        case 0 * 8 + 0: s.Index = (s.Index & 0x80000000) | (v & 15); return true;
        case 1 * 8 + 0: return true;  // Random is read-only
        case 2 * 8 + 0: s.EntryLo0 = v & 0x3fffffff; return true;
        case 3 * 8 + 0: s.EntryLo1 = v & 0x3fffffff; return true;
        case 4 * 8 + 0: s.Context = (s.Context & 0x007ffff0) | (v & 0xff800000); return true;
        case 4 * 8 + 2:
            if (!(s.Config3 & C3_ULRI)) return false;
            s.UserLocal = v;
            return true;
        case 5 * 8 + 0: {
            // As QEMU: only masks of consecutive ones from bit 13 are accepted.
            u32 m = (v >> 13) & 0xffff;
            if ((m & (m + 1)) == 0 && (std::popcount(m) % 2) == 0) s.PageMask = m << 13;
            return true;
        }
        case 6 * 8 + 0:
            s.Wired = v & 15;
            s.random_prev = kRandomFresh;
            return true;
        case 7 * 8 + 0:
            if (!r2) return false;
            s.HWREna = v & (0x0000000f | ((s.Config3 & C3_ULRI) ? 0x20000000u : 0));
            return true;
        case 8 * 8 + 0: return true;  // BadVAddr is read-only
        case 9 * 8 + 0:
            s.count_offset = v - u32(sched_.now() / cfg_.count_period_ns);
            update_timer();
            return true;
        case 10 * 8 + 0: {
            u32 nv = v & 0xffffe0ff;
            if ((nv ^ s.EntryHi) & 0xff) flush_tlb();
            s.EntryHi = nv;
            return true;
        }
        case 11 * 8 + 0:
            s.Compare = v;
            s.Cause &= ~CAUSE_TI;
            update_timer();
            check_irq_ = true;
            return true;
        case 12 * 8 + 0:
            s.Status = (s.Status & ~status_mask_) | (v & status_mask_);
            status_changed();
            return true;
        case 12 * 8 + 1:
            if (!r2) return false;
            s.IntCtl = (s.IntCtl & ~0x3e0u) | (v & 0x3e0);  // VS only
            return true;
        case 12 * 8 + 2:
        case 12 * 8 + 3: return r2;  // no shadow sets: SRSCtl/SRSMap fixed
        case 13 * 8 + 0: {
            u32 mask = 0x300 | (r2 ? CAUSE_IV | CAUSE_DC : CAUSE_IV);
            s.Cause = (s.Cause & ~mask) | (v & mask);
            check_irq_ = true;
            return true;
        }
        case 14 * 8 + 0: s.EPC = v; return true;
        case 15 * 8 + 0: return true;
        case 15 * 8 + 1:
            if (!r2) return false;
            s.EBase = (s.EBase & ~0x3ffff000u) | (v & 0x3ffff000u);
            return true;
        case 16 * 8 + 0:
            s.Config0 = (s.Config0 & ~7u) | (v & 7);  // K0
            return true;
        case 16 * 8 + 1:
        case 16 * 8 + 2:
        case 16 * 8 + 3:
        case 16 * 8 + 7:
        case 17 * 8 + 0:
        case 18 * 8 + 0:
        case 19 * 8 + 0:
        case 25 * 8 + 0:
        case 26 * 8 + 0:
        case 27 * 8 + 0:
        case 28 * 8 + 0:
        case 28 * 8 + 1:
        case 29 * 8 + 0:
        case 29 * 8 + 1: return true;
        case 30 * 8 + 0: s.ErrorEPC = v; return true;
        case 31 * 8 + 0: s.DESAVE = v; return true;
        default: return false;
    }
}

// ---- JTLB -----------------------------------------------------------------------------------

void MipsCpu::tlb_read() {
    const TlbEntry& e = s.tlb[s.Index & 15];
    if ((e.EntryHi ^ s.EntryHi) & 0xff) flush_tlb();
    s.EntryHi = e.EntryHi;
    s.PageMask = e.PageMask;
    s.EntryLo0 = e.EntryLo0;
    s.EntryLo1 = e.EntryLo1;
}

void MipsCpu::tlb_write(unsigned index) {
    TlbEntry& e = s.tlb[index & 15];
    // Only translations through the replaced entry can be cached: drop just its range (Linux
    // rewrites an entry on every refill, a full flush each time would be costly).
    const u32 span = e.PageMask | 0x1fff;
    invalidate_soft_tlb(e.EntryHi & ~span, (e.EntryHi & ~span) | span);
    u32 g = s.EntryLo0 & s.EntryLo1 & 1;
    e.PageMask = s.PageMask;
    e.EntryHi = (s.EntryHi & ~(s.PageMask | 0x1fff)) | (s.EntryHi & 0xff);
    e.EntryLo0 = (s.EntryLo0 & ~1u) | g;
    e.EntryLo1 = (s.EntryLo1 & ~1u) | g;
}

void MipsCpu::invalidate_soft_tlb(u32 first, u32 last) {
    if (last - first >= kSoftTlbSize * Bus::kPageSize) {
        flush_tlb();
        return;
    }
    for (u32 page = first & kPageMask;; page += Bus::kPageSize) {
        for (auto& set : stlb_) {
            SoftTlbEntry& e = set[(page >> 12) & (kSoftTlbSize - 1)];
            if (e.tag_r == page || e.tag_w == page || e.tag_x == page) e = SoftTlbEntry{};
        }
        if (page >= (last & kPageMask)) break;
    }
}

void MipsCpu::tlb_probe() {
    const u32 asid = s.EntryHi & 0xff;
    for (unsigned i = 0; i < kTlbEntries; ++i) {
        const TlbEntry& e = s.tlb[i];
        u32 m = ~(e.PageMask | 0x1fff);
        if (((e.EntryHi ^ s.EntryHi) & m) == 0 &&
            ((e.EntryLo0 & 1) || (e.EntryHi & 0xff) == asid)) {
            s.Index = i;
            return;
        }
    }
    s.Index |= 0x80000000;
}

bool MipsCpu::tlb_lookup(u32 va, Access acc, u32* pa) {
    const u32 asid = s.EntryHi & 0xff;
    const bool store = acc == Access::Store;
    for (unsigned i = 0; i < kTlbEntries; ++i) {
        const TlbEntry& e = s.tlb[i];
        const u32 span = e.PageMask | 0x1fff;  // both pages of the pair, minus one
        if (((e.EntryHi ^ va) & ~span) != 0) continue;
        if (!(e.EntryLo0 & 1) && (e.EntryHi & 0xff) != asid) continue;
        const u32 odd_bit = (span + 1) >> 1;
        const u32 lo = (va & odd_bit) ? e.EntryLo1 : e.EntryLo0;
        if (!(lo & 2)) {  // V
            tlb_exception(va, store ? EXC_TLBS : EXC_TLBL, false);
            return false;
        }
        if (store && !(lo & 4)) {  // D
            tlb_exception(va, EXC_Mod, false);
            return false;
        }
        const u32 off_mask = odd_bit - 1;
        *pa = (((lo >> 6) << 12) & ~off_mask) | (va & off_mask);
        return true;
    }
    tlb_exception(va, store ? EXC_TLBS : EXC_TLBL, true);
    return false;
}

// ---- Address translation and the software TLB ------------------------------------------------

void MipsCpu::flush_tlb() {
    for (auto& set : stlb_)
        for (auto& e : set) e = SoftTlbEntry{};
}

bool MipsCpu::translate(u32 va, Access acc, u32* pa) {
    const bool store = acc == Access::Store;
    const u8 mode = s.mode;
    if (va < 0x80000000u) {
        if (mode == 3) {  // ERL: kuseg unmapped, uncached
            *pa = va;
            return true;
        }
        return tlb_lookup(va, acc, pa);
    }
    if (mode == 2) {  // user: only kuseg
        raise_address_error(va, store);
        return false;
    }
    if (va < 0xc0000000u) {
        if (mode == 1) {
            raise_address_error(va, store);
            return false;
        }
        *pa = va & 0x1fffffff;
        return true;
    }
    if (mode == 1 && va >= 0xe0000000u) {  // supervisor: sseg only
        raise_address_error(va, store);
        return false;
    }
    return tlb_lookup(va, acc, pa);
}

void MipsCpu::fill_soft_tlb(u32 va, u32 pa, Access acc) {
    u8* host = bus_.host_pointer(pa & kPageMask, acc == Access::Store);
    if (!host) return;  // MMIO (or read-only for a store): never cached
    SoftTlbEntry& e = stlb_[s.mode][(va >> 12) & (kSoftTlbSize - 1)];
    const u32 page = va & kPageMask;
    const std::ptrdiff_t addend = reinterpret_cast<std::intptr_t>(host) - std::intptr_t(page);
    if (e.addend != addend || (e.tag_r != page && e.tag_r != 1) ||
        (e.tag_w != page && e.tag_w != 1) || (e.tag_x != page && e.tag_x != 1))
        e = SoftTlbEntry{};
    e.addend = addend;
    switch (acc) {
        case Access::Load: e.tag_r = page; break;
        case Access::Store: e.tag_w = page; break;
        case Access::Fetch: e.tag_x = page; break;
    }
}

template <typename T>
bool MipsCpu::load(u32 va, u32* v) {
    constexpr unsigned n = sizeof(T);
    if (va & (n - 1)) {
        raise_address_error(va, false);
        return false;
    }
    const SoftTlbEntry& e = stlb_[s.mode][(va >> 12) & (kSoftTlbSize - 1)];
    T raw;
    if (e.tag_r == (va & kPageMask)) {
        std::memcpy(&raw, reinterpret_cast<const u8*>(e.addend + std::intptr_t(va)), n);
    } else {
        u32 pa;
        if (!translate(va, Access::Load, &pa)) return false;
        fill_soft_tlb(va, pa, Access::Load);
        if (u8* h = bus_.host_pointer(pa)) {
            std::memcpy(&raw, h, n);
        } else {
            *v = bus_.read(pa, n);
            return true;
        }
    }
    *v = cfg_.big_endian ? bswap(raw, n) : u32(raw);
    return true;
}

template <typename T>
bool MipsCpu::store(u32 va, u32 v) {
    constexpr unsigned n = sizeof(T);
    if (va & (n - 1)) {
        raise_address_error(va, true);
        return false;
    }
    if (cfg_.big_endian) v = bswap(v, n);
    const T raw = T(v);
    const SoftTlbEntry& e = stlb_[s.mode][(va >> 12) & (kSoftTlbSize - 1)];
    if (e.tag_w == (va & kPageMask)) {
        std::memcpy(reinterpret_cast<u8*>(e.addend + std::intptr_t(va)), &raw, n);
        return true;
    }
    u32 pa;
    if (!translate(va, Access::Store, &pa)) return false;
    fill_soft_tlb(va, pa, Access::Store);
    if (u8* h = bus_.host_pointer(pa, true)) {
        std::memcpy(h, &raw, n);
    } else {
        if (cfg_.big_endian) v = bswap(v, n);  // MMIO gets the logical value
        bus_.write(pa, v, n);
    }
    return true;
}

bool MipsCpu::load_slow(u32 va, u32* v, unsigned size) {
    return size == 1 ? load<u8>(va, v) : size == 2 ? load<u16>(va, v) : load<u32>(va, v);
}
bool MipsCpu::store_slow(u32 va, u32 v, unsigned size) {
    return size == 1 ? store<u8>(va, v) : size == 2 ? store<u16>(va, v) : store<u32>(va, v);
}

bool MipsCpu::fetch(u32 va, u32* insn) {
    if (va & 3) {
        raise_address_error(va, false);
        return false;
    }
    const SoftTlbEntry& e = stlb_[s.mode][(va >> 12) & (kSoftTlbSize - 1)];
    u32 raw;
    if (e.tag_x == (va & kPageMask)) {
        std::memcpy(&raw, reinterpret_cast<const u8*>(e.addend + std::intptr_t(va)), 4);
    } else {
        u32 pa;
        if (!translate(va, Access::Fetch, &pa)) return false;
        fill_soft_tlb(va, pa, Access::Fetch);
        if (u8* h = bus_.host_pointer(pa)) {
            std::memcpy(&raw, h, 4);
        } else {
            *insn = bus_.read(pa, 4);
            return true;
        }
    }
    *insn = cfg_.big_endian ? __builtin_bswap32(raw) : raw;
    return true;
}

u32 MipsCpu::phys_read32(u32 pa) {
    if (u8* h = bus_.host_pointer(pa)) {
        u32 raw;
        std::memcpy(&raw, h, 4);
        return cfg_.big_endian ? __builtin_bswap32(raw) : raw;
    }
    return bus_.read(pa, 4);
}

void MipsCpu::phys_write32(u32 pa, u32 v) {
    if (u8* h = bus_.host_pointer(pa, true)) {
        u32 raw = cfg_.big_endian ? __builtin_bswap32(v) : v;
        std::memcpy(h, &raw, 4);
        return;
    }
    bus_.write(pa, v, 4);
}

}  // namespace bw::mips
