#include "boards/loaders/fdt.h"

#include <cstring>
#include <map>

#include "boards/loaders/image_file.h"

namespace bw {

namespace {

constexpr u32 FDT_BEGIN_NODE = 1;
constexpr u32 FDT_END_NODE = 2;
constexpr u32 FDT_PROP = 3;
constexpr u32 FDT_NOP = 4;
constexpr u32 FDT_END = 9;
constexpr u32 kHeaderSize = 40;
constexpr int kMaxDepth = 64;  // a hostile blob must not exhaust the host stack

u32 be32(const u8* p) { return u32(p[0]) << 24 | u32(p[1]) << 16 | u32(p[2]) << 8 | p[3]; }
void put32(std::vector<u8>& v, u32 x) {
    v.push_back(u8(x >> 24));
    v.push_back(u8(x >> 16));
    v.push_back(u8(x >> 8));
    v.push_back(u8(x));
}
void put32_at(std::vector<u8>& v, size_t at, u32 x) {
    v[at] = u8(x >> 24);
    v[at + 1] = u8(x >> 16);
    v[at + 2] = u8(x >> 8);
    v[at + 3] = u8(x);
}
void pad4(std::vector<u8>& v) {
    while (v.size() % 4) v.push_back(0);
}

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> parts;
    size_t i = 0;
    while (i < path.size()) {
        size_t j = path.find('/', i);
        if (j == std::string::npos) j = path.size();
        if (j > i) parts.push_back(path.substr(i, j - i));
        i = j + 1;
    }
    return parts;
}

class Parser {
  public:
    Parser(const std::vector<u8>& b, u32 struct_off, u32 struct_size, u32 strings_off,
           u32 strings_size)
        : b_(b),
          pos_(struct_off),
          end_(struct_off + struct_size),
          str_off_(strings_off),
          str_size_(strings_size) {}

    bool parse_root(Fdt::Node& root, std::string* why) {
        u32 tok;
        if (!next_token(&tok, why)) return false;
        if (tok != FDT_BEGIN_NODE) {
            *why = "structure block does not start with a node";
            return false;
        }
        std::string name;
        if (!read_name(&name, why)) return false;
        root.name = name;
        if (!parse_node_body(root, 1, why)) return false;
        if (!next_token(&tok, why)) return false;
        if (tok != FDT_END) {
            *why = "unexpected token " + std::to_string(tok) + " after the root node";
            return false;
        }
        return true;
    }

  private:
    bool next_token(u32* tok, std::string* why) {
        do {
            if (pos_ + 4 > end_) {
                *why = "structure block truncated at offset " + hex32(pos_);
                return false;
            }
            *tok = be32(&b_[pos_]);
            pos_ += 4;
        } while (*tok == FDT_NOP);
        return true;
    }
    bool read_name(std::string* name, std::string* why) {
        size_t start = pos_;
        while (pos_ < end_ && b_[pos_] != 0) ++pos_;
        if (pos_ >= end_) {
            *why = "unterminated node name at offset " + hex32(start);
            return false;
        }
        name->assign(reinterpret_cast<const char*>(&b_[start]), pos_ - start);
        pos_ = (pos_ + 1 + 3) & ~size_t(3);
        return true;
    }
    bool parse_node_body(Fdt::Node& node, int depth, std::string* why) {
        if (depth > kMaxDepth) {
            *why = "nodes nested deeper than " + std::to_string(kMaxDepth);
            return false;
        }
        for (;;) {
            size_t at = pos_;
            u32 tok;
            if (!next_token(&tok, why)) return false;
            switch (tok) {
                case FDT_PROP: {
                    if (pos_ + 8 > end_) {
                        *why = "property header truncated at offset " + hex32(at);
                        return false;
                    }
                    u32 len = be32(&b_[pos_]);
                    u32 nameoff = be32(&b_[pos_ + 4]);
                    pos_ += 8;
                    if (u64(pos_) + len > end_) {
                        *why = "property at offset " + hex32(at) +
                               " extends past the structure block (length " + hex32(len) + ")";
                        return false;
                    }
                    if (nameoff >= str_size_) {
                        *why =
                            "property name offset " + hex32(nameoff) + " outside the strings block";
                        return false;
                    }
                    const char* s = reinterpret_cast<const char*>(&b_[str_off_ + nameoff]);
                    size_t maxlen = str_size_ - nameoff;
                    size_t n = strnlen(s, maxlen);
                    if (n == maxlen) {
                        *why = "unterminated property name at strings offset " + hex32(nameoff);
                        return false;
                    }
                    Fdt::Property p;
                    p.name.assign(s, n);
                    p.value.assign(b_.begin() + pos_, b_.begin() + pos_ + len);
                    node.properties.push_back(std::move(p));
                    pos_ = (pos_ + len + 3) & ~size_t(3);
                    break;
                }
                case FDT_BEGIN_NODE: {
                    auto child = std::make_unique<Fdt::Node>();
                    if (!read_name(&child->name, why)) return false;
                    if (!parse_node_body(*child, depth + 1, why)) return false;
                    node.children.push_back(std::move(child));
                    break;
                }
                case FDT_END_NODE: return true;
                default:
                    *why = "unexpected token " + std::to_string(tok) + " at offset " + hex32(at);
                    return false;
            }
        }
    }

    const std::vector<u8>& b_;
    size_t pos_;
    size_t end_;
    u32 str_off_;
    u32 str_size_;
};

class Writer {
  public:
    void node(const Fdt::Node& n) {
        put32(st_, FDT_BEGIN_NODE);
        st_.insert(st_.end(), n.name.begin(), n.name.end());
        st_.push_back(0);
        pad4(st_);
        for (const auto& p : n.properties) {
            put32(st_, FDT_PROP);
            put32(st_, u32(p.value.size()));
            put32(st_, string_offset(p.name));
            st_.insert(st_.end(), p.value.begin(), p.value.end());
            pad4(st_);
        }
        for (const auto& c : n.children) node(*c);
        put32(st_, FDT_END_NODE);
    }
    std::vector<u8> st_;
    std::vector<u8> strings_;

  private:
    u32 string_offset(const std::string& s) {
        auto it = offsets_.find(s);
        if (it != offsets_.end()) return it->second;
        u32 off = u32(strings_.size());
        strings_.insert(strings_.end(), s.begin(), s.end());
        strings_.push_back(0);
        offsets_[s] = off;
        return off;
    }
    std::map<std::string, u32> offsets_;
};

}  // namespace

// Node ------------------------------------------------------------------------

Fdt::Property* Fdt::Node::property(const std::string& n) {
    for (auto& p : properties)
        if (p.name == n) return &p;
    return nullptr;
}
const Fdt::Property* Fdt::Node::property(const std::string& n) const {
    for (auto& p : properties)
        if (p.name == n) return &p;
    return nullptr;
}
Fdt::Node* Fdt::Node::child(const std::string& n) {
    for (auto& c : children)
        if (c->name == n) return c.get();
    if (n.find('@') == std::string::npos) {
        for (auto& c : children)
            if (c->name.compare(0, c->name.find('@'), n) == 0) return c.get();
    }
    return nullptr;
}
Fdt::Node* Fdt::Node::add_child(const std::string& n) {
    children.push_back(std::make_unique<Node>());
    children.back()->name = n;
    return children.back().get();
}
void Fdt::Node::set(const std::string& n, std::vector<u8> value) {
    if (Property* p = property(n)) {
        p->value = std::move(value);
    } else {
        properties.push_back({n, std::move(value)});
    }
}
bool Fdt::Node::remove_child(const Node* node) {
    for (auto it = children.begin(); it != children.end(); ++it) {
        if (it->get() == node) {
            children.erase(it);
            return true;
        }
    }
    return false;
}

// Fdt -------------------------------------------------------------------------

Fdt::Fdt() : root_(std::make_unique<Node>()) {}

bool Fdt::parse(const std::vector<u8>& b, const std::string& name, Fdt* out, std::string* error) {
    auto fail = [&](const std::string& what) {
        if (error) *error = name + ": " + what;
        return false;
    };
    if (b.size() < 4 || be32(b.data()) != kFdtMagic) {
        return fail("not a device tree blob (bad magic " +
                    (b.size() >= 4 ? hex32(be32(b.data())) : std::string("(short file)")) +
                    ", expected 0xd00dfeed)");
    }
    if (b.size() < kHeaderSize) {
        return fail("device tree truncated (" + std::to_string(b.size()) +
                    " bytes, header needs 40)");
    }
    u32 totalsize = be32(&b[4]);
    u32 off_struct = be32(&b[8]);
    u32 off_strings = be32(&b[12]);
    u32 off_rsvmap = be32(&b[16]);
    u32 version = be32(&b[20]);
    u32 last_comp = be32(&b[24]);
    u32 cpuid = be32(&b[28]);
    u32 size_strings = be32(&b[32]);
    u32 size_struct = be32(&b[36]);
    if (totalsize > b.size()) {
        return fail("device tree truncated (header says " + std::to_string(totalsize) +
                    " bytes, file has " + std::to_string(b.size()) + ")");
    }
    if (version < 17 || last_comp > 17) {
        return fail("unsupported device tree version " + std::to_string(version) +
                    " (last compatible " + std::to_string(last_comp) + "; need 17)");
    }
    auto check_block = [&](const char* what, u32 off, u32 size) {
        if (off < kHeaderSize || u64(off) + size > totalsize) {
            fail(std::string(what) + " block (offset " + hex32(off) + ", size " + hex32(size) +
                 ") outside the blob (" + hex32(totalsize) + " bytes)");
            return false;
        }
        return true;
    };
    if (!check_block("structure", off_struct, size_struct)) return false;
    if (!check_block("strings", off_strings, size_strings)) return false;
    if (off_struct % 4 || off_rsvmap % 8) return fail("misaligned block offsets");

    Fdt fdt;
    fdt.boot_cpuid_phys = cpuid;
    // Memory reservation map: (address, size) u64 pairs ended by a zero pair.
    for (u64 p = off_rsvmap;; p += 16) {
        if (p + 16 > totalsize) return fail("memory reservation map not terminated");
        u64 addr = u64(be32(&b[p])) << 32 | be32(&b[p + 4]);
        u64 size = u64(be32(&b[p + 8])) << 32 | be32(&b[p + 12]);
        if (addr == 0 && size == 0) break;
        fdt.reservations.push_back({addr, size});
    }
    Parser parser(b, off_struct, size_struct, off_strings, size_strings);
    std::string why;
    if (!parser.parse_root(*fdt.root_, &why)) return fail(why);
    *out = std::move(fdt);
    return true;
}

std::vector<u8> Fdt::serialize(u32 extra_space) const {
    Writer w;
    w.node(*root_);
    put32(w.st_, FDT_END);

    std::vector<u8> out(kHeaderSize, 0);
    u32 off_rsvmap = kHeaderSize;  // already 8-aligned
    for (const Reservation& r : reservations) {
        put32(out, u32(r.address >> 32));
        put32(out, u32(r.address));
        put32(out, u32(r.size >> 32));
        put32(out, u32(r.size));
    }
    for (int i = 0; i < 4; ++i) put32(out, 0);
    u32 off_struct = u32(out.size());
    out.insert(out.end(), w.st_.begin(), w.st_.end());
    u32 off_strings = u32(out.size());
    out.insert(out.end(), w.strings_.begin(), w.strings_.end());
    pad4(out);
    out.resize(out.size() + extra_space, 0);

    put32_at(out, 0, kFdtMagic);
    put32_at(out, 4, u32(out.size()));
    put32_at(out, 8, off_struct);
    put32_at(out, 12, off_strings);
    put32_at(out, 16, off_rsvmap);
    put32_at(out, 20, 17);
    put32_at(out, 24, 16);
    put32_at(out, 28, boot_cpuid_phys);
    put32_at(out, 32, u32(w.strings_.size()));
    put32_at(out, 36, u32(w.st_.size()));
    return out;
}

Fdt::Node* Fdt::find(const std::string& path) {
    Node* n = root_.get();
    for (const std::string& part : split_path(path)) {
        n = n->child(part);
        if (!n) return nullptr;
    }
    return n;
}
const Fdt::Node* Fdt::find(const std::string& path) const {
    return const_cast<Fdt*>(this)->find(path);
}

Fdt::Node& Fdt::find_or_create(const std::string& path) {
    Node* n = root_.get();
    for (const std::string& part : split_path(path)) {
        Node* c = n->child(part);
        n = c ? c : n->add_child(part);
    }
    return *n;
}

void Fdt::set_string(const std::string& path, const std::string& prop, const std::string& v) {
    std::vector<u8> bytes(v.begin(), v.end());
    bytes.push_back(0);
    find_or_create(path).set(prop, std::move(bytes));
}

void Fdt::set_u32(const std::string& path, const std::string& prop, u32 value) {
    std::vector<u8> bytes;
    put32(bytes, value);
    find_or_create(path).set(prop, std::move(bytes));
}

void Fdt::set_cells(const std::string& path, const std::string& prop,
                    const std::vector<std::pair<u32, u64>>& values) {
    std::vector<u8> bytes;
    for (auto [cells, v] : values) {
        for (u32 c = cells; c > 0; --c) put32(bytes, c > 2 ? 0 : u32(v >> (32 * (c - 1))));
    }
    find_or_create(path).set(prop, std::move(bytes));
}

const Fdt::Property* Fdt::get(const std::string& path, const std::string& prop) const {
    const Node* n = find(path);
    return n ? n->property(prop) : nullptr;
}

u32 Fdt::get_u32(const std::string& path, const std::string& prop, u32 fallback) const {
    const Property* p = get(path, prop);
    if (!p || p->value.size() != 4) return fallback;
    return be32(p->value.data());
}

bool fdt_setup_for_linux(Fdt& fdt, const std::string& name, u64 ram_base, u64 ram_size,
                         const std::string& bootargs, u64 initrd_start, u64 initrd_size,
                         std::string* error) {
    auto fail = [&](const std::string& what) {
        if (error) *error = name + ": " + what;
        return false;
    };
    // Defaults from the Devicetree Specification (2.3.5) when absent.
    u32 acells = fdt.get_u32("/", "#address-cells", 2);
    u32 scells = fdt.get_u32("/", "#size-cells", 1);
    if (acells == 0 || scells == 0 || acells > 2 || scells > 2) {
        return fail("unusable root #address-cells/#size-cells (" + std::to_string(acells) + "/" +
                    std::to_string(scells) + ")");
    }
    if (scells < 2 && ram_size > 0xFFFFFFFFu) return fail("RAM size does not fit in #size-cells 1");
    if (acells < 2 && (initrd_start + initrd_size > 0xFFFFFFFFu || ram_base > 0xFFFFFFFFu)) {
        return fail("addresses do not fit in #address-cells 1");
    }

    // Replace every root memory node, as QEMU does, with one for our RAM.
    Fdt::Node& root = fdt.root();
    for (size_t i = 0; i < root.children.size();) {
        const std::string& n = root.children[i]->name;
        if (n == "memory" || n.rfind("memory@", 0) == 0) {
            root.children.erase(root.children.begin() + long(i));
        } else {
            ++i;
        }
    }
    char mem_name[32];
    std::snprintf(mem_name, sizeof mem_name, "memory@%llx",
                  static_cast<unsigned long long>(ram_base));
    Fdt::Node* mem = root.add_child(mem_name);
    std::string path = std::string("/") + mem_name;
    fdt.set_string(path, "device_type", "memory");
    fdt.set_cells(path, "reg", {{acells, ram_base}, {scells, ram_size}});
    (void)mem;

    fdt.find_or_create("/chosen");
    if (!bootargs.empty()) fdt.set_string("/chosen", "bootargs", bootargs);
    if (initrd_size) {
        fdt.set_cells("/chosen", "linux,initrd-start", {{acells, initrd_start}});
        fdt.set_cells("/chosen", "linux,initrd-end", {{acells, initrd_start + initrd_size}});
    }
    return true;
}

}  // namespace bw
