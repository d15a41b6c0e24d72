// ARM926EJ-S core: execution loop, modes and banking, exceptions, software TLB,
// coprocessor routing. Instruction handlers live in arm_arm.cpp / arm_thumb.cpp.
#include "core/cpu/arm/arm_cpu.h"

#include <algorithm>

#include "core/common/log.h"
#include "core/cpu/arm/arm_decode.h"

namespace bw::arm {

namespace {

unsigned bank_index(u32 mode) {
    switch (mode) {
        case kModeFiq: return kBankFiq;
        case kModeIrq: return kBankIrq;
        case kModeSvc: return kBankSvc;
        case kModeAbt: return kBankAbt;
        case kModeUnd: return kBankUnd;
        default: return kBankUsr;
    }
}

bool valid_mode(u32 mode) {
    switch (mode) {
        case kModeUsr:
        case kModeFiq:
        case kModeIrq:
        case kModeSvc:
        case kModeAbt:
        case kModeUnd:
        case kModeSys: return true;
        default: return false;
    }
}

constexpr u16 cond_mask(int cond) {
    u16 m = 0;
    for (int f = 0; f < 16; ++f) {
        bool n = f & 8, z = f & 4, c = f & 2, v = f & 1;
        bool pass = false;
        switch (cond) {
            case 0: pass = z; break;
            case 1: pass = !z; break;
            case 2: pass = c; break;
            case 3: pass = !c; break;
            case 4: pass = n; break;
            case 5: pass = !n; break;
            case 6: pass = v; break;
            case 7: pass = !v; break;
            case 8: pass = c && !z; break;
            case 9: pass = !c || z; break;
            case 10: pass = n == v; break;
            case 11: pass = n != v; break;
            case 12: pass = !z && n == v; break;
            case 13: pass = z || n != v; break;
            case 14: pass = true; break;
            case 15: pass = true; break;  // unconditional space: handled by the caller
        }
        if (pass) m |= u16(1u << f);
    }
    return m;
}

}  // namespace

const u16 ArmCpu::kCondTable[16] = {
    cond_mask(0),  cond_mask(1),  cond_mask(2),  cond_mask(3),  cond_mask(4),  cond_mask(5),
    cond_mask(6),  cond_mask(7),  cond_mask(8),  cond_mask(9),  cond_mask(10), cond_mask(11),
    cond_mask(12), cond_mask(13), cond_mask(14), cond_mask(15),
};

ArmCpu::ArmCpu(Bus& bus, Scheduler& sched) : bus_(bus), sched_(sched), cur_tlb_(tlb_[0]) {
    build_decode_tables();
    // A page the bus starts watching must not stay writable through the TLB.
    bus_.on_watch = [this] { flush_tlb(); };
    reset();
}

void ArmCpu::reset() {
    cp15_.reset();
    vfp_.reset();
    s = ArmState{};
    s.cpsr = kModeSvc | kPsrI | kPsrF | kPsrFixedOne;
    s.pc = cp15_.high_vectors() ? 0xffff0000u : 0;
    halted_ = false;
    cur_tlb_ = tlb_[0];
    flush_tlb();
    update_attention();
}

void ArmCpu::set_irq(bool level) {
    irq_line_ = level;
    if (level) halted_ = false;
    update_attention();
}

void ArmCpu::set_fiq(bool level) {
    fiq_line_ = level;
    if (level) halted_ = false;
    update_attention();
}

void ArmCpu::set_reg(unsigned n, u32 v) {
    if (n == 15) {
        s.pc = v & ((s.cpsr & kPsrT) ? ~1u : ~3u);
    } else {
        s.r[n] = v;
    }
}

void ArmCpu::set_pc_interworking(u32 addr) { write_pc_interworking(addr); }

void ArmCpu::set_cpsr(u32 v) {
    u32 mode = v & kPsrMode;
    if (!valid_mode(mode)) {
        log_message(LogCategory::GuestError, "arm: CPSR write with invalid mode 0x%02x", mode);
        v = (v & ~kPsrMode) | (s.cpsr & kPsrMode);
        mode = v & kPsrMode;
    }
    change_mode(mode);
    s.cpsr = v | kPsrFixedOne;
    update_attention();
}

u32 ArmCpu::banked_reg(u32 mode, unsigned n) const {
    u32 cur = s.cpsr & kPsrMode;
    unsigned b = bank_index(mode), cb = bank_index(cur);
    if (n >= 13 && n <= 14) {
        if (b == cb) return s.r[n];
        return n == 13 ? s.bank_r13[b] : s.bank_r14[b];
    }
    if (n >= 8 && n <= 12) {
        bool want_fiq = b == kBankFiq, in_fiq = cb == kBankFiq;
        if (want_fiq == in_fiq) return s.r[n];
        return want_fiq ? s.fiq_r8_12[n - 8] : s.usr_r8_12[n - 8];
    }
    return reg(n);
}

// Swap the banked registers of the current mode out and those of |new_mode| in.
// Only the mode field changes here; the caller writes the rest of the CPSR.
void ArmCpu::change_mode(u32 new_mode) {
    u32 old_mode = s.cpsr & kPsrMode;
    if (old_mode == new_mode) return;
    unsigned ob = bank_index(old_mode), nb = bank_index(new_mode);
    if (ob != nb) {
        s.bank_r13[ob] = s.r[13];
        s.bank_r14[ob] = s.r[14];
        s.bank_spsr[ob] = s.spsr;
        if (ob == kBankFiq || nb == kBankFiq) {
            u32* save = ob == kBankFiq ? s.fiq_r8_12 : s.usr_r8_12;
            u32* load = nb == kBankFiq ? s.fiq_r8_12 : s.usr_r8_12;
            for (int i = 0; i < 5; ++i) {
                save[i] = s.r[8 + i];
                s.r[8 + i] = load[i];
            }
        }
        s.r[13] = s.bank_r13[nb];
        s.r[14] = s.bank_r14[nb];
        s.spsr = s.bank_spsr[nb];
    }
    s.cpsr = (s.cpsr & ~kPsrMode) | new_mode;
    bool user = new_mode == kModeUsr;
    if ((cur_tlb_ == tlb_[1]) != user) {
        cur_tlb_ = user ? tlb_[1] : tlb_[0];
        code_tag_ = kTlbInvalid;  // execute permission differs between the sets
    }
}

u32 ArmCpu::user_reg(unsigned n) const { return banked_reg(kModeUsr, n); }

void ArmCpu::set_user_reg(unsigned n, u32 v) {
    unsigned cb = bank_index(s.cpsr & kPsrMode);
    if (n >= 13 && n <= 14 && cb != kBankUsr) {
        (n == 13 ? s.bank_r13 : s.bank_r14)[kBankUsr] = v;
    } else if (n >= 8 && n <= 12 && cb == kBankFiq) {
        s.usr_r8_12[n - 8] = v;
    } else {
        s.r[n] = v;
    }
}

void ArmCpu::return_from_exception(u32 target) {
    u32 mode = s.cpsr & kPsrMode;
    if (mode == kModeUsr || mode == kModeSys) {
        // UNPREDICTABLE: no SPSR. Keep the CPSR and just jump.
        log_message(LogCategory::GuestError, "arm: exception return in mode 0x%02x", mode);
    } else {
        set_cpsr(s.spsr);
    }
    write_pc(target);
}

// ---- Exceptions -------------------------------------------------------------------

void ArmCpu::enter_exception(u32 mode, u32 vector, u32 lr) {
    u32 old = s.cpsr;
    change_mode(mode);
    s.spsr = old;
    s.r[14] = lr;
    s.cpsr = (s.cpsr & ~(kPsrT | kPsrMode)) | mode | kPsrI | (mode == kModeFiq ? kPsrF : 0);
    s.pc = (cp15_.high_vectors() ? 0xffff0000u : 0) + vector;
    update_attention();
}

// Undefined/SWI: LR = the next instruction.
void ArmCpu::undefined() { enter_exception(kModeUnd, 0x04, s.cur + ((s.cpsr & kPsrT) ? 2 : 4)); }

void ArmCpu::software_interrupt() {
    enter_exception(kModeSvc, 0x08, s.cur + ((s.cpsr & kPsrT) ? 2 : 4));
}

// Prefetch abort: LR = aborted instruction + 4 in both states.
void ArmCpu::prefetch_abort(u32 fsr, bool set_fsr) {
    if (set_fsr) cp15_.ifsr = fsr;
    enter_exception(kModeAbt, 0x0c, s.cur + 4);
}

// Data abort: LR = aborted instruction + 8 in both states.
void ArmCpu::data_abort(u32 fsr, u32 va) {
    cp15_.dfsr = fsr;
    cp15_.far = cp15_.fcse(va);
    enter_exception(kModeAbt, 0x10, s.cur + 8);
}

// Taken between instructions: LR = next instruction + 4, so SUBS pc, lr, #4 returns.
bool ArmCpu::service_interrupts() {
    if (fiq_line_ && !(s.cpsr & kPsrF)) {
        enter_exception(kModeFiq, 0x1c, s.pc + 4);
        return true;
    }
    if (irq_line_ && !(s.cpsr & kPsrI)) {
        enter_exception(kModeIrq, 0x18, s.pc + 4);
        return true;
    }
    return false;
}

// ---- Execution loop ---------------------------------------------------------------

void ArmCpu::execute() {
    if (halted_) {
        if (!irq_line_ && !fiq_line_) {
            sched_.stop_slice();
            return;
        }
        halted_ = false;
    }
    i64& remaining = sched_.remaining;
    while (remaining > 0) {
        const bool thumb = s.cpsr & kPsrT;
        // A block starts where no interrupt is waiting, on the cached code page.
        const Blocks::Block* block = nullptr;
        if (arm_blocks_ && !attention_ && (s.pc & ~0xfffu) == code_tag_) block = block_at(thumb);
        if (block) {
            run_blocks(block, thumb);
        } else {
            --remaining;
            if (attention_) [[unlikely]] {
                if (service_interrupts()) continue;
            }
            if (thumb) {
                step_thumb();
            } else {
                step_arm();
            }
        }
        if (halted_) [[unlikely]] {
            if (irq_line_ || fiq_line_) {
                halted_ = false;
            } else {
                sched_.stop_slice();
                return;
            }
        }
    }
}

// ---- Decode-once blocks ---------------------------------------------------------------------

void ArmCpu::set_blocks(bool on) {
    if (!on) {
        arm_blocks_.reset();
        thumb_blocks_.reset();
        bus_.on_code_written = nullptr;
        return;
    }
    if (arm_blocks_) return;
    arm_blocks_ = std::make_unique<Blocks>();
    thumb_blocks_ = std::make_unique<Blocks>();
    // Runs inside the writing instruction: its block may be running, so the
    // page's blocks are dropped after it (run_block stops).
    bus_.on_code_written = [this](u32 page) { stale_pages_.push_back(page); };
}

jit::BlockStats ArmCpu::block_stats() const {
    jit::BlockStats total;
    for (const auto* blocks : {arm_blocks_.get(), thumb_blocks_.get()}) {
        if (!blocks) continue;
        total.built += blocks->stats().built;
        total.invalidated += blocks->stats().invalidated;
        total.pages_refused += blocks->stats().pages_refused;
    }
    return total;
}

// The block at the PC on the cached code page, built on first use.
const ArmCpu::Blocks::Block* ArmCpu::block_at(bool thumb) {
    if (!stale_pages_.empty()) {
        for (u32 page : stale_pages_) {
            arm_blocks_->invalidate_page(page);
            thumb_blocks_->invalidate_page(page);
        }
        stale_pages_.clear();
    }
    const u8* host = code_host_ + (s.pc & 0xfff);
    if (const Blocks::Block* b = (thumb ? thumb_blocks_ : arm_blocks_)->find(host)) return b;
    return build_block(thumb, host);
}

// Decodes from the PC to the end of the page or kMaxBlockInsns. Where control
// really leaves the straight line is found as the block runs (the PC is not
// the next instruction's), so no instruction needs to be known to branch.
const ArmCpu::Blocks::Block* ArmCpu::build_block(bool thumb, const u8* host) {
    Blocks& blocks = thumb ? *thumb_blocks_ : *arm_blocks_;
    u32 paddr;
    if (!bus_.physical_address(host, &paddr) || !blocks.accepts(paddr >> 12)) return nullptr;
    const unsigned size = thumb ? 2 : 4;
    // A PC the state cannot hold aligned (an exception return to an odd Thumb
    // address) is left to the interpreter, as is an instruction across pages.
    if (s.pc & (size - 1)) return nullptr;
    const u32 count = std::min<u32>((0x1000 - (s.pc & 0xfff)) / size, kMaxBlockInsns);
    std::vector<BlockEntry> entries(count);
    for (u32 i = 0; i < count; i++) {
        u32 insn = 0;
        std::memcpy(&insn, host + size * i, size);
        InsnHandler handler = thumb                 ? g_thumb_table[thumb_index(insn)]
                              : (insn >> 28) == 0xf ? arm_unconditional
                                                    : g_arm_table[arm_index(insn)];
        entries[i] = {handler, insn};
    }
    // Watched from now on: a write to the page drops its blocks.
    bus_.take_written(paddr & ~0xfffu, 0x1000, Bus::kWatchCode);
    return blocks.add(host, paddr >> 12, std::move(entries));
}

// Runs |block| and the blocks after it on the same code page, until one stops
// early or control leaves the page.
void ArmCpu::run_blocks(const Blocks::Block* block, bool thumb) {
    for (;;) {
        const u32 start = s.pc;
        if (!run_block(*block, thumb) || sched_.remaining <= 0) return;
        if (((s.pc ^ start) & ~0xfffu) || (s.pc & ~0xfffu) != code_tag_) return;
        const u8* host = block->host + (s.pc - start);
        const Blocks::Block* next = (thumb ? thumb_blocks_ : arm_blocks_)->next_after(*block, host);
        if (!next) {
            next = build_block(thumb, host);
            if (!next) return;
            Blocks::link(*block, host, next);
        }
        block = next;
    }
}

// The instructions of |block| as step_arm()/step_thumb() would run them,
// without fetching or decoding. Returns true when control left the straight
// line at a place a block may start (a branch, the block's end); false when
// the slice ended, an interrupt became pending, the state (Thumb, mode,
// MMU) changed under the block, code was written or the CPU waits.
bool ArmCpu::run_block(const Blocks::Block& block, bool thumb) {
    const u32 tag = code_tag_;
    const unsigned size = thumb ? 2 : 4;
    u32 pc = s.pc;
    for (const BlockEntry& e : block.entries) {
        if (sched_.remaining <= 0) return false;
        --sched_.remaining;
        s.cur = pc;
        s.pc = pc + size;
        s.r[15] = pc + 2 * size;
        const u32 cond = e.insn >> 28;
        if (thumb || cond >= 0xe || cond_pass(cond)) e.handler(*this, e.insn);
        pc += size;
        if (attention_ || halted_ || code_tag_ != tag || bool(s.cpsr & kPsrT) != thumb ||
            !stale_pages_.empty()) {
            return false;
        }
        if (s.pc != pc) return true;
    }
    return true;
}

inline void ArmCpu::step_arm() {
    u32 pc = s.pc;
    u32 insn;
    if ((pc & ~0xfffu) == code_tag_) [[likely]] {
        std::memcpy(&insn, code_host_ + (pc & 0xfff), 4);
    } else {
        s.cur = pc;
        if (!fetch_slow(pc, 4, &insn)) return;
    }
    s.cur = pc;
    s.pc = pc + 4;
    s.r[15] = pc + 8;
    u32 cond = insn >> 28;
    if (cond != 0xe) {
        if (cond == 0xf) {
            arm_unconditional(*this, insn);
            return;
        }
        if (!cond_pass(cond)) return;
    }
    g_arm_table[arm_index(insn)](*this, insn);
}

inline void ArmCpu::step_thumb() {
    u32 pc = s.pc;
    u32 insn;
    if ((pc & ~0xfffu) == code_tag_) [[likely]] {
        u16 h;
        std::memcpy(&h, code_host_ + (pc & 0xfff), 2);
        insn = h;
    } else {
        s.cur = pc;
        if (!fetch_slow(pc, 2, &insn)) return;
    }
    s.cur = pc;
    s.pc = pc + 2;
    s.r[15] = pc + 4;
    g_thumb_table[thumb_index(insn)](*this, insn);
}

// ---- Software TLB -----------------------------------------------------------------

void ArmCpu::flush_tlb() {
    if (filled_count_ <= kMaxFilled) {
        for (unsigned i = 0; i < filled_count_; i++) *filled_[i] = TlbEntry{kTlbInvalid, 0};
    } else {
        for (auto& set : tlb_) {
            for (auto& kind : set) {
                for (auto& e : kind) e = TlbEntry{kTlbInvalid, 0};
            }
        }
    }
    filled_count_ = 0;
    for (auto& set : io_tlb_) {
        for (auto& kind : set) {
            for (auto& e : kind) e = IoTlbEntry{kTlbInvalid, 0};
        }
    }
    code_tag_ = kTlbInvalid;
}

void ArmCpu::flush_tlb_page(u32 va) {
    for (auto& set : tlb_) {
        for (auto& kind : set) kind[(va >> 12) & (kTlbSize - 1)] = TlbEntry{kTlbInvalid, 0};
    }
    for (auto& set : io_tlb_) {
        for (auto& kind : set) kind[(va >> 12) & (kIoTlbSize - 1)] = IoTlbEntry{kTlbInvalid, 0};
    }
    code_tag_ = kTlbInvalid;
}

u32 ArmCpu::translate(u32 va, TlbKind kind, bool user, u32* pa, u8** host) {
    IoTlbEntry& io = io_tlb_[user][kind][(va >> 12) & (kIoTlbSize - 1)];
    if (io.tag == (va & ~0xfffu)) {
        *pa = io.pa_page | (va & 0xfff);
        *host = nullptr;
        return 0;
    }
    u32 mva = cp15_.fcse(va);
    u32 page_size = 1u << 20;
    if (!cp15_.mmu_enabled()) {
        *pa = mva;
    } else {
        WalkResult w;
        Access access = kind == kRead    ? Access::Read
                        : kind == kWrite ? Access::Write
                                         : Access::Fetch;
        u32 fsr = mmu_translate(cp15_, bus_, mva, access, !user, &w);
        if (fsr) return fsr;
        *pa = w.pa;
        page_size = w.page_size;
        // A small page has four 1 KB subpages with their own AP: cache the 4 KB
        // entry only if all four grant the same permissions.
        if (page_size == 4096) {
            for (u32 sub = 0; sub < 4; ++sub) {
                u32 other = (mva & ~0xfffu) | (sub << 10);
                if (other == (mva & ~0x3ffu)) continue;
                WalkResult o;
                if (mmu_translate(cp15_, bus_, other, access, !user, &o) != 0 ||
                    o.priv_read != w.priv_read || o.priv_write != w.priv_write ||
                    o.user_read != w.user_read || o.user_write != w.user_write) {
                    page_size = 1024;
                    break;
                }
            }
        }
    }
    u8* page = bus_.host_pointer(*pa & ~0xfffu, kind == kWrite);
    *host = page ? page + (*pa & 0xfff) : nullptr;
    // Only pages of at least 4 KB may be cached: a 1 KB tiny page shares its
    // 4 KB slot with others that may map elsewhere.
    if (page_size >= 4096) {
        u32 vpage = va & ~0xfffu;
        if (page) {
            TlbEntry& e = tlb_[user][kind][(va >> 12) & (kTlbSize - 1)];
            e = TlbEntry{vpage, reinterpret_cast<uintptr_t>(page) - vpage};
            if (filled_count_ < kMaxFilled) filled_[filled_count_] = &e;
            if (filled_count_ <= kMaxFilled) filled_count_++;
        } else if (!bus_.host_pointer(*pa & ~0xfffu)) {
            // MMIO. (RAM refused for writing, read-only or watched by the
            // bus, is translated again next time: a watched page is writable
            // once written.)
            io = IoTlbEntry{vpage, *pa & ~0xfffu};
        }
    }
    return 0;
}

bool ArmCpu::access_slow(u32 va, unsigned size, bool write, bool user, u32* v) {
    bool user_set = user || !privileged();
    u32 pa;
    u8* host;
    u32 fsr = translate(va, write ? kWrite : kRead, user_set, &pa, &host);
    if (fsr) {
        data_abort(fsr, va);
        return false;
    }
    if (host) {
        if (write) {
            if (size == 4) std::memcpy(host, v, 4);
            if (size == 2) {
                u16 h = u16(*v);
                std::memcpy(host, &h, 2);
            }
            if (size == 1) *host = u8(*v);
        } else {
            u32 x = 0;
            std::memcpy(&x, host, size);
            *v = x;
        }
        return true;
    }
    if (write) {
        bus_.write(pa, size == 4 ? *v : size == 2 ? (*v & 0xffff) : (*v & 0xff), size);
    } else {
        *v = bus_.read(pa, size);
    }
    return true;
}

// Instruction fetch outside the cached code page. On a RAM page with execute
// permission, the page becomes the cached code page.
bool ArmCpu::fetch_slow(u32 va, unsigned size, u32* insn) {
    bool user = !privileged();
    TlbEntry& e = tlb_[user][kFetch][(va >> 12) & (kTlbSize - 1)];
    if (e.tag == (va & ~0xfffu)) {
        code_tag_ = e.tag;
        code_host_ = reinterpret_cast<const u8*>(e.addend + e.tag);
    } else {
        u32 pa;
        u8* host;
        u32 fsr = translate(va, kFetch, user, &pa, &host);
        if (fsr) {
            prefetch_abort(fsr);
            return false;
        }
        if (e.tag == (va & ~0xfffu)) {
            code_tag_ = e.tag;
            code_host_ = reinterpret_cast<const u8*>(e.addend + e.tag);
        } else {
            // Uncacheable (MMIO or tiny page): fetch this one instruction.
            if (host) {
                u32 x = 0;
                std::memcpy(&x, host, size);
                *insn = x;
            } else {
                *insn = bus_.read(pa, size);
            }
            return true;
        }
    }
    u32 x = 0;
    std::memcpy(&x, code_host_ + (va & 0xfff), size);
    *insn = x;
    return true;
}

// ---- Coprocessors -----------------------------------------------------------------

void ArmCpu::coprocessor(u32 insn) {
    unsigned cp = (insn >> 8) & 0xf;
    if (cp == 10 || cp == 11) {
        // Condition already passed; the VFP decodes its own instruction space.
        if (vfp_.execute(insn, *this, privileged()) == VfpResult::Undefined) undefined();
        return;
    }
    // MRC/MCR: cccc 1110 ooo L nnnn dddd pppp ooo1 mmmm
    bool reg_transfer = (insn & 0x0f000010) == 0x0e000010;
    if (cp != 15 || !reg_transfer) {
        undefined();
        return;
    }
    unsigned opc1 = (insn >> 21) & 7, crn = (insn >> 16) & 0xf, rd = (insn >> 12) & 0xf;
    unsigned crm = insn & 0xf, opc2 = (insn >> 5) & 7;
    bool is_read = insn & (1u << 20);
    if (!privileged() && !Cp15::user_access_ok(is_read, opc1, crn, crm, opc2)) {
        undefined();
        return;
    }
    if (is_read) {
        u32 value;
        if (!cp15_.read(opc1, crn, crm, opc2, &value)) {
            undefined();
            return;
        }
        if (rd == 15) {
            s.cpsr = (s.cpsr & 0x0fffffff) | (value & 0xf0000000);  // MRC to APSR flags
        } else {
            s.r[rd] = value;
        }
        return;
    }
    u32 value = rd == 15 ? s.r[15] + 4 : s.r[rd];
    unsigned effects = 0;
    if (!cp15_.write(opc1, crn, crm, opc2, value, &effects)) {
        undefined();
        return;
    }
    // Register 8 ops 1 are "invalidate TLB entry by MVA": drop just that page
    // (when FCSE is off, MVA == VA so our VA-keyed slot is the right one).
    if (crn == 8 && opc2 == 1 && cp15_.fcse(value & ~0xfffu) == (value & ~0xfffu)) {
        flush_tlb_page(value);
        effects &= ~Cp15::kFlushTlb;
    }
    // kControlChanged: A and V are read live, but M/S/R changes come with kFlushTlb;
    // flush anyway so a control write never leaves a stale code page behind.
    if (effects & (Cp15::kFlushTlb | Cp15::kControlChanged)) flush_tlb();
    if (effects & Cp15::kWaitForInterrupt) halted_ = true;
}

// ---- VfpHost ----------------------------------------------------------------------

void ArmCpu::set_core_reg(unsigned n, u32 v) {
    if (n == 15) {
        write_pc(v);
    } else {
        s.r[n] = v;
    }
}

bool ArmCpu::load32(u32 va, u32* v) {
    if (!check_align(va, 3)) return false;
    return load<u32>(va & ~3u, v);
}

bool ArmCpu::store32(u32 va, u32 v) {
    if (!check_align(va, 3)) return false;
    return store<u32>(va & ~3u, v);
}

}  // namespace bw::arm
