#include "core/net/pcap_dump.h"

#include <vector>

namespace bw {

namespace {

constexpr u32 kMagic = 0xa1b2c3d4;  // microsecond timestamps
constexpr u16 kVersionMajor = 2;
constexpr u16 kVersionMinor = 4;

void put16(std::vector<u8>& out, u16 v) {
    out.push_back(u8(v));
    out.push_back(u8(v >> 8));
}

void put32(std::vector<u8>& out, u32 v) {
    for (int i = 0; i < 4; i++) out.push_back(u8(v >> (8 * i)));
}

}  // namespace

PcapDump::PcapDump(const Scheduler& scheduler, Sink sink, u32 snaplen, u64 start_unix_seconds)
    : sched_(scheduler), sink_(std::move(sink)), snaplen_(snaplen), start_(start_unix_seconds) {
    std::vector<u8> header;
    put32(header, kMagic);
    put16(header, kVersionMajor);
    put16(header, kVersionMinor);
    put32(header, 0);  // thiszone: GMT
    put32(header, 0);  // sigfigs
    put32(header, snaplen_);
    put32(header, kLinktypeEthernet);
    if (sink_) sink_(header.data(), header.size());
}

void PcapDump::receive(const u8* frame, size_t len) {
    u64 us = sched_.now() / 1000;
    u32 caplen = len > snaplen_ ? snaplen_ : u32(len);
    std::vector<u8> record;
    record.reserve(16 + caplen);
    put32(record, u32(start_ + us / 1000000));
    put32(record, u32(us % 1000000));
    put32(record, caplen);
    put32(record, u32(len));
    record.insert(record.end(), frame, frame + caplen);
    frames_++;
    if (sink_) sink_(record.data(), record.size());
}

}  // namespace bw
