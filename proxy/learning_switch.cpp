#include "proxy/learning_switch.h"

#include <algorithm>

namespace bw::netd {

u64 LearningSwitch::mac_key(const u8* mac) {
    u64 k = 0;
    for (int i = 0; i < 6; ++i) k = k << 8 | mac[i];
    return k;
}

void LearningSwitch::add_port(PortId id) {
    if (std::find(ports_.begin(), ports_.end(), id) == ports_.end()) ports_.push_back(id);
}

void LearningSwitch::remove_port(PortId id) {
    ports_.erase(std::remove(ports_.begin(), ports_.end(), id), ports_.end());
    std::erase_if(table_, [&](const auto& kv) { return kv.second.port == id; });
}

bool LearningSwitch::lookup(const u8* mac, u64 now_ns, PortId* port) const {
    auto it = table_.find(mac_key(mac));
    if (it == table_.end() || now_ns - it->second.last_seen_ns > aging_ns_) return false;
    *port = it->second.port;
    return true;
}

void LearningSwitch::expire(u64 now_ns) {
    // A sweep at most once per aging period keeps the table bounded by the
    // MACs seen in the last two periods without walking it on every frame.
    if (now_ns - last_expire_ns_ < aging_ns_) return;
    last_expire_ns_ = now_ns;
    std::erase_if(table_,
                  [&](const auto& kv) { return now_ns - kv.second.last_seen_ns > aging_ns_; });
}

void LearningSwitch::learn(const u8* mac, PortId port, u64 now_ns) {
    auto it = table_.find(mac_key(mac));
    if (it != table_.end()) {
        it->second = Entry{port, now_ns};
        return;
    }
    if (table_.size() >= max_entries_) {
        last_expire_ns_ = now_ns - aging_ns_;  // sweep now: stale entries make room
        expire(now_ns);
    }
    if (table_.size() >= max_entries_) {
        refused_learns_++;
        return;
    }
    table_.emplace(mac_key(mac), Entry{port, now_ns});
}

void LearningSwitch::forward(PortId from, const u8* frame, size_t len, u64 now_ns,
                             std::vector<PortId>* out) {
    out->clear();
    if (len < 14) return;
    const u8* dst = frame;
    const u8* src = frame + 6;
    expire(now_ns);
    if (!(src[0] & 1)) learn(src, from, now_ns);
    PortId to;
    if (!(dst[0] & 1) && lookup(dst, now_ns, &to)) {
        if (to != from) out->push_back(to);
        return;
    }
    for (PortId p : ports_) {
        if (p != from) out->push_back(p);
    }
}

}  // namespace bw::netd
