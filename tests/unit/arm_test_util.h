// Shared fixture for the ARM926EJ-S interpreter tests: 1 MB of RAM at 0, a
// scheduler, and helpers to place instruction words and run them.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <initializer_list>
#include <memory>
#include <vector>

#include "core/cpu/arm/arm_cpu.h"
#include "core/mem/bus.h"
#include "core/sched/scheduler.h"

namespace bw::arm {

// Flag nibbles for readable expectations.
constexpr u32 kN = 8, kZ = 4, kC = 2, kV = 1;

class ArmTest : public ::testing::Test {
  protected:
    static constexpr u32 kRamSize = 1 << 20;

    ArmTest() : ram_(kRamSize) {
        bus.map_ram(0, kRamSize, ram_.data());
        cpu = std::make_unique<ArmCpu>(bus, sched);
    }

    void put32(u32 a, u32 v) { std::memcpy(&ram_[a], &v, 4); }
    void put16(u32 a, u16 v) { std::memcpy(&ram_[a], &v, 2); }
    void put8(u32 a, u8 v) { ram_[a] = v; }
    u32 get32(u32 a) const {
        u32 v;
        std::memcpy(&v, &ram_[a], 4);
        return v;
    }
    u16 get16(u32 a) const {
        u16 v;
        std::memcpy(&v, &ram_[a], 2);
        return v;
    }

    // Place ARM words at |addr| and point the PC there (ARM state).
    void arm(u32 addr, std::initializer_list<u32> words) {
        for (u32 w : words) {
            put32(addr, w);
            addr += 4;
        }
        cpu->set_pc_interworking(addr - 4 * u32(words.size()));
    }
    // Place Thumb halfwords at |addr| and point the PC there (Thumb state).
    void thumb(u32 addr, std::initializer_list<u16> halves) {
        u32 start = addr;
        for (u16 h : halves) {
            put16(addr, h);
            addr += 2;
        }
        cpu->set_pc_interworking(start | 1);
    }
    void run(int n) {
        sched.remaining = n;
        cpu->execute();
    }
    void set_flags(u32 nibble) { cpu->set_cpsr((cpu->cpsr() & 0x0fffffff) | (nibble << 28)); }
    u32 flags() const { return cpu->cpsr() >> 28; }
    u32 r(unsigned n) const { return cpu->reg(n); }
    void set(unsigned n, u32 v) { cpu->set_reg(n, v); }

    std::vector<u8> ram_;
    Bus bus;
    Scheduler sched;
    std::unique_ptr<ArmCpu> cpu;
};

}  // namespace bw::arm
