// The MIPS32r2 encoding table and its expansion into lookup tables. See decoder.h.
#include "core/cpu/mips/decoder.h"

#include "core/cpu/mips/handlers.h"

namespace bw::mips {
namespace {

constexpr Isa R1 = Isa::MIPS32R1;
constexpr Isa R2 = Isa::MIPS32R2;
constexpr u8 BR = kBranch | kDelaySlot;
constexpr u8 BRL = kBranch | kDelaySlot | kLikely;
constexpr u8 MEM = kMayFault;
constexpr u8 END = kEndsBlock;
constexpr u8 FP = kFpu | kMayFault;

#define ROW(h, m, p, isa, fl) \
    { mips_##h, m, p, isa, fl }

// Field letters: s rs, t rt, d rd, a sa, i immediate, j target, c code, h hint, f fs/fd/fr,
// g ft, n condition code, k cond, m msb/size, l lsb, x don't care.
const InsnRow kTable[] = {
    // SPECIAL
    ROW(NOP, "NOP", "000000 00000 00000 00000 00000 000000", R1, 0),
    ROW(NOP, "SSNOP", "000000 00000 00000 00000 00001 000000", R1, 0),
    ROW(NOP, "EHB", "000000 00000 00000 00000 00011 000000", R2, 0),
    ROW(SLL, "SLL", "000000 xxxxx ttttt ddddd aaaaa 000000", R1, 0),
    ROW(MOVCI, "MOVF", "000000 sssss nnn00 ddddd 00000 000001", R1, FP),
    ROW(MOVCI, "MOVT", "000000 sssss nnn01 ddddd 00000 000001", R1, FP),
    ROW(SRL, "SRL", "000000 00000 ttttt ddddd aaaaa 000010", R1, 0),
    ROW(ROTR, "ROTR", "000000 00001 ttttt ddddd aaaaa 000010", R2, 0),
    ROW(SRA, "SRA", "000000 xxxxx ttttt ddddd aaaaa 000011", R1, 0),
    ROW(SLLV, "SLLV", "000000 sssss ttttt ddddd xxxxx 000100", R1, 0),
    ROW(SRLV, "SRLV", "000000 sssss ttttt ddddd 00000 000110", R1, 0),
    ROW(ROTRV, "ROTRV", "000000 sssss ttttt ddddd 00001 000110", R2, 0),
    ROW(SRAV, "SRAV", "000000 sssss ttttt ddddd xxxxx 000111", R1, 0),
    ROW(JR, "JR", "000000 sssss 00000 00000 hhhhh 001000", R1, BR),
    ROW(JALR, "JALR", "000000 sssss 00000 ddddd hhhhh 001001", R1, BR),
    ROW(MOVZ, "MOVZ", "000000 sssss ttttt ddddd 00000 001010", R1, 0),
    ROW(MOVN, "MOVN", "000000 sssss ttttt ddddd 00000 001011", R1, 0),
    ROW(SYSCALL, "SYSCALL", "000000 cccccccccccccccccccc 001100", R1, MEM | END),
    ROW(BREAK, "BREAK", "000000 cccccccccccccccccccc 001101", R1, MEM | END),
    ROW(SYNC, "SYNC", "000000 00000 00000 00000 aaaaa 001111", R1, 0),
    ROW(MFHI, "MFHI", "000000 00000 00000 ddddd 00000 010000", R1, 0),
    ROW(MTHI, "MTHI", "000000 sssss 00000 00000 00000 010001", R1, 0),
    ROW(MFLO, "MFLO", "000000 00000 00000 ddddd 00000 010010", R1, 0),
    ROW(MTLO, "MTLO", "000000 sssss 00000 00000 00000 010011", R1, 0),
    ROW(MULT, "MULT", "000000 sssss ttttt 00000 00000 011000", R1, 0),
    ROW(MULTU, "MULTU", "000000 sssss ttttt 00000 00000 011001", R1, 0),
    ROW(DIV, "DIV", "000000 sssss ttttt 00000 00000 011010", R1, 0),
    ROW(DIVU, "DIVU", "000000 sssss ttttt 00000 00000 011011", R1, 0),
    ROW(ADD, "ADD", "000000 sssss ttttt ddddd 00000 100000", R1, MEM),
    ROW(ADDU, "ADDU", "000000 sssss ttttt ddddd 00000 100001", R1, 0),
    ROW(SUB, "SUB", "000000 sssss ttttt ddddd 00000 100010", R1, MEM),
    ROW(SUBU, "SUBU", "000000 sssss ttttt ddddd 00000 100011", R1, 0),
    ROW(AND, "AND", "000000 sssss ttttt ddddd 00000 100100", R1, 0),
    ROW(OR, "OR", "000000 sssss ttttt ddddd 00000 100101", R1, 0),
    ROW(XOR, "XOR", "000000 sssss ttttt ddddd 00000 100110", R1, 0),
    ROW(NOR, "NOR", "000000 sssss ttttt ddddd 00000 100111", R1, 0),
    ROW(SLT, "SLT", "000000 sssss ttttt ddddd 00000 101010", R1, 0),
    ROW(SLTU, "SLTU", "000000 sssss ttttt ddddd 00000 101011", R1, 0),
    ROW(TGE, "TGE", "000000 sssss ttttt cccccccccc 110000", R1, MEM),
    ROW(TGEU, "TGEU", "000000 sssss ttttt cccccccccc 110001", R1, MEM),
    ROW(TLT, "TLT", "000000 sssss ttttt cccccccccc 110010", R1, MEM),
    ROW(TLTU, "TLTU", "000000 sssss ttttt cccccccccc 110011", R1, MEM),
    ROW(TEQ, "TEQ", "000000 sssss ttttt cccccccccc 110100", R1, MEM),
    ROW(TNE, "TNE", "000000 sssss ttttt cccccccccc 110110", R1, MEM),
    // REGIMM
    ROW(BLTZ, "BLTZ", "000001 sssss 00000 iiiiiiiiiiiiiiii", R1, BR),
    ROW(BGEZ, "BGEZ", "000001 sssss 00001 iiiiiiiiiiiiiiii", R1, BR),
    ROW(BLTZL, "BLTZL", "000001 sssss 00010 iiiiiiiiiiiiiiii", R1, BRL),
    ROW(BGEZL, "BGEZL", "000001 sssss 00011 iiiiiiiiiiiiiiii", R1, BRL),
    ROW(TGEI, "TGEI", "000001 sssss 01000 iiiiiiiiiiiiiiii", R1, MEM),
    ROW(TGEIU, "TGEIU", "000001 sssss 01001 iiiiiiiiiiiiiiii", R1, MEM),
    ROW(TLTI, "TLTI", "000001 sssss 01010 iiiiiiiiiiiiiiii", R1, MEM),
    ROW(TLTIU, "TLTIU", "000001 sssss 01011 iiiiiiiiiiiiiiii", R1, MEM),
    ROW(TEQI, "TEQI", "000001 sssss 01100 iiiiiiiiiiiiiiii", R1, MEM),
    ROW(TNEI, "TNEI", "000001 sssss 01110 iiiiiiiiiiiiiiii", R1, MEM),
    ROW(BLTZAL, "BLTZAL", "000001 sssss 10000 iiiiiiiiiiiiiiii", R1, BR),
    ROW(BGEZAL, "BGEZAL", "000001 sssss 10001 iiiiiiiiiiiiiiii", R1, BR),
    ROW(BLTZALL, "BLTZALL", "000001 sssss 10010 iiiiiiiiiiiiiiii", R1, BRL),
    ROW(BGEZALL, "BGEZALL", "000001 sssss 10011 iiiiiiiiiiiiiiii", R1, BRL),
    ROW(SYNCI, "SYNCI", "000001 sssss 11111 iiiiiiiiiiiiiiii", R2, MEM),
    // Primary
    ROW(J, "J", "000010 jjjjjjjjjjjjjjjjjjjjjjjjjj", R1, BR),
    ROW(JAL, "JAL", "000011 jjjjjjjjjjjjjjjjjjjjjjjjjj", R1, BR),
    ROW(BEQ, "BEQ", "000100 sssss ttttt iiiiiiiiiiiiiiii", R1, BR),
    ROW(BNE, "BNE", "000101 sssss ttttt iiiiiiiiiiiiiiii", R1, BR),
    ROW(BLEZ, "BLEZ", "000110 sssss 00000 iiiiiiiiiiiiiiii", R1, BR),
    ROW(BGTZ, "BGTZ", "000111 sssss 00000 iiiiiiiiiiiiiiii", R1, BR),
    ROW(ADDI, "ADDI", "001000 sssss ttttt iiiiiiiiiiiiiiii", R1, MEM),
    ROW(ADDIU, "ADDIU", "001001 sssss ttttt iiiiiiiiiiiiiiii", R1, 0),
    ROW(SLTI, "SLTI", "001010 sssss ttttt iiiiiiiiiiiiiiii", R1, 0),
    ROW(SLTIU, "SLTIU", "001011 sssss ttttt iiiiiiiiiiiiiiii", R1, 0),
    ROW(ANDI, "ANDI", "001100 sssss ttttt iiiiiiiiiiiiiiii", R1, 0),
    ROW(ORI, "ORI", "001101 sssss ttttt iiiiiiiiiiiiiiii", R1, 0),
    ROW(XORI, "XORI", "001110 sssss ttttt iiiiiiiiiiiiiiii", R1, 0),
    ROW(LUI, "LUI", "001111 xxxxx ttttt iiiiiiiiiiiiiiii", R1, 0),
    // COP0
    ROW(MFC0, "MFC0", "010000 00000 ttttt ddddd 00000000 aaa", R1, MEM),
    ROW(MTC0, "MTC0", "010000 00100 ttttt ddddd 00000000 aaa", R1, MEM | END),
    ROW(RDPGPR, "RDPGPR", "010000 01010 ttttt ddddd 00000000000", R2, MEM),
    ROW(DI, "DI", "010000 01011 ttttt 01100 00000 0 00 000", R2, MEM | END),
    ROW(EI, "EI", "010000 01011 ttttt 01100 00000 1 00 000", R2, MEM | END),
    ROW(WRPGPR, "WRPGPR", "010000 01110 ttttt ddddd 00000000000", R2, MEM),
    ROW(TLBR, "TLBR", "010000 1 0000000000000000000 000001", R1, MEM | END),
    ROW(TLBWI, "TLBWI", "010000 1 0000000000000000000 000010", R1, MEM | END),
    ROW(TLBWR, "TLBWR", "010000 1 0000000000000000000 000110", R1, MEM | END),
    ROW(TLBP, "TLBP", "010000 1 0000000000000000000 001000", R1, MEM | END),
    ROW(ERET, "ERET", "010000 1 0000000000000000000 011000", R1, kBranch | MEM | END),
    ROW(WAIT, "WAIT", "010000 1 ccccccccccccccccccc 100000", R1, MEM | END),
    // COP1
    ROW(MFC1, "MFC1", "010001 00000 ttttt fffff 00000000000", R1, FP),
    ROW(CFC1, "CFC1", "010001 00010 ttttt fffff 00000000000", R1, FP),
    ROW(MFHC1, "MFHC1", "010001 00011 ttttt fffff 00000000000", R1, FP),
    ROW(MTC1, "MTC1", "010001 00100 ttttt fffff 00000000000", R1, FP),
    ROW(CTC1, "CTC1", "010001 00110 ttttt fffff 00000000000", R1, FP | END),
    ROW(MTHC1, "MTHC1", "010001 00111 ttttt fffff 00000000000", R1, FP),
    ROW(BC1F, "BC1F", "010001 01000 nnn 00 iiiiiiiiiiiiiiii", R1, FP | BR),
    ROW(BC1T, "BC1T", "010001 01000 nnn 01 iiiiiiiiiiiiiiii", R1, FP | BR),
    ROW(BC1FL, "BC1FL", "010001 01000 nnn 10 iiiiiiiiiiiiiiii", R1, FP | BRL),
    ROW(BC1TL, "BC1TL", "010001 01000 nnn 11 iiiiiiiiiiiiiiii", R1, FP | BRL),
#define FMT_SD(h, m, func)                                          \
    ROW(h, m ".S", "010001 10000 ggggg fffff fffff " func, R1, FP), \
        ROW(h, m ".D", "010001 10001 ggggg fffff fffff " func, R1, FP)
    FMT_SD(ADD_fmt, "ADD", "000000"),
    FMT_SD(SUB_fmt, "SUB", "000001"),
    FMT_SD(MUL_fmt, "MUL", "000010"),
    FMT_SD(DIV_fmt, "DIV", "000011"),
    FMT_SD(SQRT_fmt, "SQRT", "000100"),
    FMT_SD(ABS_fmt, "ABS", "000101"),
    FMT_SD(MOV_fmt, "MOV", "000110"),
    FMT_SD(NEG_fmt, "NEG", "000111"),
    FMT_SD(ROUND_L_fmt, "ROUND.L", "001000"),
    FMT_SD(TRUNC_L_fmt, "TRUNC.L", "001001"),
    FMT_SD(CEIL_L_fmt, "CEIL.L", "001010"),
    FMT_SD(FLOOR_L_fmt, "FLOOR.L", "001011"),
    FMT_SD(ROUND_W_fmt, "ROUND.W", "001100"),
    FMT_SD(TRUNC_W_fmt, "TRUNC.W", "001101"),
    FMT_SD(CEIL_W_fmt, "CEIL.W", "001110"),
    FMT_SD(FLOOR_W_fmt, "FLOOR.W", "001111"),
    FMT_SD(MOVCF_fmt, "MOVCF", "010001"),
    FMT_SD(MOVZ_fmt, "MOVZ", "010010"),
    FMT_SD(MOVN_fmt, "MOVN", "010011"),
    FMT_SD(RECIP_fmt, "RECIP", "010101"),
    FMT_SD(RSQRT_fmt, "RSQRT", "010110"),
    FMT_SD(CVT_W_fmt, "CVT.W", "100100"),
    FMT_SD(CVT_L_fmt, "CVT.L", "100101"),
    FMT_SD(C_cond_fmt, "C.cond", "11kkkk"),
#undef FMT_SD
    ROW(CVT_S_fmt, "CVT.S.D", "010001 10001 00000 fffff fffff 100000", R1, FP),
    ROW(CVT_S_fmt, "CVT.S.W", "010001 10100 00000 fffff fffff 100000", R1, FP),
    ROW(CVT_S_fmt, "CVT.S.L", "010001 10101 00000 fffff fffff 100000", R1, FP),
    ROW(CVT_D_fmt, "CVT.D.S", "010001 10000 00000 fffff fffff 100001", R1, FP),
    ROW(CVT_D_fmt, "CVT.D.W", "010001 10100 00000 fffff fffff 100001", R1, FP),
    ROW(CVT_D_fmt, "CVT.D.L", "010001 10101 00000 fffff fffff 100001", R1, FP),
    // COP1X (MIPS32r2 with an FPU; listed as R1 so that an FPU-less CPU raises Coprocessor
    // Unusable for every CP1 encoding, as QEMU does)
    ROW(LWXC1, "LWXC1", "010011 sssss ttttt 00000 fffff 000000", R1, FP),
    ROW(LDXC1, "LDXC1", "010011 sssss ttttt 00000 fffff 000001", R1, FP),
    ROW(LUXC1, "LUXC1", "010011 sssss ttttt 00000 fffff 000101", R1, FP),
    ROW(SWXC1, "SWXC1", "010011 sssss ttttt fffff 00000 001000", R1, FP),
    ROW(SDXC1, "SDXC1", "010011 sssss ttttt fffff 00000 001001", R1, FP),
    ROW(SUXC1, "SUXC1", "010011 sssss ttttt fffff 00000 001101", R1, FP),
    ROW(PREFX, "PREFX", "010011 sssss ttttt hhhhh 00000 001111", R1, FP),
    ROW(MADD_fmt, "MADD.S", "010011 fffff ggggg fffff fffff 100000", R1, FP),
    ROW(MADD_fmt, "MADD.D", "010011 fffff ggggg fffff fffff 100001", R1, FP),
    ROW(MSUB_fmt, "MSUB.S", "010011 fffff ggggg fffff fffff 101000", R1, FP),
    ROW(MSUB_fmt, "MSUB.D", "010011 fffff ggggg fffff fffff 101001", R1, FP),
    ROW(NMADD_fmt, "NMADD.S", "010011 fffff ggggg fffff fffff 110000", R1, FP),
    ROW(NMADD_fmt, "NMADD.D", "010011 fffff ggggg fffff fffff 110001", R1, FP),
    ROW(NMSUB_fmt, "NMSUB.S", "010011 fffff ggggg fffff fffff 111000", R1, FP),
    ROW(NMSUB_fmt, "NMSUB.D", "010011 fffff ggggg fffff fffff 111001", R1, FP),
    // COP2: no coprocessor 2, every form is Coprocessor Unusable.
    ROW(COP2, "COP2", "010010 xxxxxxxxxxxxxxxxxxxxxxxxxx", R1, MEM),
    // Branch likely
    ROW(BEQL, "BEQL", "010100 sssss ttttt iiiiiiiiiiiiiiii", R1, BRL),
    ROW(BNEL, "BNEL", "010101 sssss ttttt iiiiiiiiiiiiiiii", R1, BRL),
    ROW(BLEZL, "BLEZL", "010110 sssss 00000 iiiiiiiiiiiiiiii", R1, BRL),
    ROW(BGTZL, "BGTZL", "010111 sssss 00000 iiiiiiiiiiiiiiii", R1, BRL),
    // SPECIAL2
    ROW(MADD, "MADD", "011100 sssss ttttt 00000 00000 000000", R1, 0),
    ROW(MADDU, "MADDU", "011100 sssss ttttt 00000 00000 000001", R1, 0),
    ROW(MUL, "MUL", "011100 sssss ttttt ddddd 00000 000010", R1, 0),
    ROW(MSUB, "MSUB", "011100 sssss ttttt 00000 00000 000100", R1, 0),
    ROW(MSUBU, "MSUBU", "011100 sssss ttttt 00000 00000 000101", R1, 0),
    ROW(CLZ, "CLZ", "011100 sssss ttttt ddddd 00000 100000", R1, 0),
    ROW(CLO, "CLO", "011100 sssss ttttt ddddd 00000 100001", R1, 0),
    // SPECIAL3
    ROW(EXT, "EXT", "011111 sssss ttttt mmmmm lllll 000000", R2, 0),
    ROW(INS, "INS", "011111 sssss ttttt mmmmm lllll 000100", R2, 0),
    ROW(WSBH, "WSBH", "011111 00000 ttttt ddddd 00010 100000", R2, 0),
    ROW(SEB, "SEB", "011111 00000 ttttt ddddd 10000 100000", R2, 0),
    ROW(SEH, "SEH", "011111 00000 ttttt ddddd 11000 100000", R2, 0),
    ROW(RDHWR, "RDHWR", "011111 00000 ttttt ddddd 00000 111011", R2, MEM),
    // Loads and stores
    ROW(LB, "LB", "100000 sssss ttttt iiiiiiiiiiiiiiii", R1, MEM),
    ROW(LH, "LH", "100001 sssss ttttt iiiiiiiiiiiiiiii", R1, MEM),
    ROW(LWL, "LWL", "100010 sssss ttttt iiiiiiiiiiiiiiii", R1, MEM),
    ROW(LW, "LW", "100011 sssss ttttt iiiiiiiiiiiiiiii", R1, MEM),
    ROW(LBU, "LBU", "100100 sssss ttttt iiiiiiiiiiiiiiii", R1, MEM),
    ROW(LHU, "LHU", "100101 sssss ttttt iiiiiiiiiiiiiiii", R1, MEM),
    ROW(LWR, "LWR", "100110 sssss ttttt iiiiiiiiiiiiiiii", R1, MEM),
    ROW(SB, "SB", "101000 sssss ttttt iiiiiiiiiiiiiiii", R1, MEM),
    ROW(SH, "SH", "101001 sssss ttttt iiiiiiiiiiiiiiii", R1, MEM),
    ROW(SWL, "SWL", "101010 sssss ttttt iiiiiiiiiiiiiiii", R1, MEM),
    ROW(SW, "SW", "101011 sssss ttttt iiiiiiiiiiiiiiii", R1, MEM),
    ROW(SWR, "SWR", "101110 sssss ttttt iiiiiiiiiiiiiiii", R1, MEM),
    ROW(CACHE, "CACHE", "101111 sssss ttttt iiiiiiiiiiiiiiii", R1, MEM),
    ROW(LL, "LL", "110000 sssss ttttt iiiiiiiiiiiiiiii", R1, MEM),
    ROW(LWC1, "LWC1", "110001 sssss fffff iiiiiiiiiiiiiiii", R1, FP),
    ROW(COP2, "LWC2", "110010 sssss ttttt iiiiiiiiiiiiiiii", R1, MEM),
    ROW(PREF, "PREF", "110011 sssss hhhhh iiiiiiiiiiiiiiii", R1, 0),
    ROW(LDC1, "LDC1", "110101 sssss fffff iiiiiiiiiiiiiiii", R1, FP),
    ROW(COP2, "LDC2", "110110 sssss ttttt iiiiiiiiiiiiiiii", R1, MEM),
    ROW(SC, "SC", "111000 sssss ttttt iiiiiiiiiiiiiiii", R1, MEM),
    ROW(SWC1, "SWC1", "111001 sssss fffff iiiiiiiiiiiiiiii", R1, FP),
    ROW(COP2, "SWC2", "111010 sssss ttttt iiiiiiiiiiiiiiii", R1, MEM),
    ROW(SDC1, "SDC1", "111101 sssss fffff iiiiiiiiiiiiiiii", R1, FP),
    ROW(COP2, "SDC2", "111110 sssss ttttt iiiiiiiiiiiiiiii", R1, MEM),
};
#undef ROW

}  // namespace

bool parse_pattern(const char* pattern, u32* mask, u32* value) {
    u32 m = 0, v = 0;
    int bits = 0;
    for (const char* p = pattern; *p; ++p) {
        if (*p == ' ') continue;
        m <<= 1;
        v <<= 1;
        if (*p == '0' || *p == '1') {
            m |= 1;
            v |= u32(*p == '1');
        }
        ++bits;
    }
    *mask = m;
    *value = v;
    return bits == 32;
}

std::span<const InsnRow> Decoder::table() { return kTable; }

const Decoder& Decoder::get(Isa isa) {
    static const Decoder r1(Isa::MIPS32R1);
    static const Decoder r2(Isa::MIPS32R2);
    return isa == Isa::MIPS32R1 ? r1 : r2;
}

Decoder::Decoder(Isa isa) {
    auto kind_of = [](unsigned op) {
        switch (op) {
            case 0x00:
            case 0x1c:
            case 0x1f:
            case 0x13: return SubKind::Func;
            case 0x01: return SubKind::Rt;
            case 0x10:
            case 0x11: return SubKind::RsFunc;
            default: return SubKind::None;
        }
    };
    for (unsigned op = 0; op < 64; ++op) {
        Primary& p = primary_[op];
        p.kind = kind_of(op);
        p.first = u32(sub_.size());
        unsigned slots = p.kind == SubKind::None ? 0 : p.kind == SubKind::RsFunc ? 2048 : 64;
        sub_.resize(sub_.size() + slots);
    }
    for (const InsnRow& row : kTable) {
        if (isa == Isa::MIPS32R1 && row.isa == Isa::MIPS32R2) continue;
        DecodedRow d{0, 0, &row};
        parse_pattern(row.pattern, &d.mask, &d.value);
        unsigned op = d.value >> 26;
        Primary& p = primary_[op];
        if (p.kind == SubKind::None) {
            p.rows.push_back(d);
            continue;
        }
        unsigned slots = p.kind == SubKind::RsFunc ? 2048 : p.kind == SubKind::Rt ? 32 : 64;
        for (unsigned k = 0; k < slots; ++k) {
            // The instruction bits this slot stands for.
            u32 bits = 0, field = 0;
            switch (p.kind) {
                case SubKind::Func:
                    bits = k;
                    field = 63;
                    break;
                case SubKind::Rt:
                    bits = k << 16;
                    field = 31u << 16;
                    break;
                default:
                    bits = ((k >> 6) << 21) | (k & 63);
                    field = (31u << 21) | 63;
                    break;
            }
            if (((bits ^ d.value) & d.mask & field) == 0) sub_[p.first + k].push_back(d);
        }
    }
    auto slot_for = [](const std::vector<DecodedRow>& rows) {
        FastSlot f;
        f.candidates = &rows;
        if (!rows.empty()) f = FastSlot{rows[0].mask, rows[0].value, rows[0].row, &rows};
        return f;
    };
    fast_.resize(64 + sub_.size());
    for (unsigned op = 0; op < 64; ++op) fast_[op] = slot_for(primary_[op].rows);
    for (size_t k = 0; k < sub_.size(); ++k) fast_[64 + k] = slot_for(sub_[k]);
}

}  // namespace bw::mips
