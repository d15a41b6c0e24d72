// Flattened device tree (DTB) reader, editor and writer, written from the
// Devicetree Specification v0.4, chapter 5 ("Flattened Devicetree (DTB)
// Format"). Parses the blob into a node tree, lets a loader set properties
// (/chosen/bootargs, initrd, /memory), and serialises it back as version 17.
//
// Not implemented: phandle resolution, overlays, path aliases. Node paths are
// absolute ("/chosen", "/memory@0"); a path component matches a node name
// exactly, or the name without its unit address ("memory" finds "memory@0").
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/common/types.h"

namespace bw {

class Fdt {
  public:
    struct Property {
        std::string name;
        std::vector<u8> value;
    };
    struct Node {
        std::string name;  // "" for the root
        std::vector<Property> properties;
        std::vector<std::unique_ptr<Node>> children;

        Property* property(const std::string& name);
        const Property* property(const std::string& name) const;
        Node* child(const std::string& name);  // exact name, or name before '@'
        Node* add_child(const std::string& name);
        void set(const std::string& name, std::vector<u8> value);
        bool remove_child(const Node* node);
    };
    struct Reservation {
        u64 address = 0;
        u64 size = 0;
    };

    Fdt();

    // Parses a DTB. Errors are one line naming |name|: "<name>: not a device
    // tree blob (bad magic 0x...)", "<name>: device tree truncated (...)", ...
    static bool parse(const std::vector<u8>& blob, const std::string& name, Fdt* out,
                      std::string* error);
    // Writes a version 17 blob; |extra_space| zero bytes of room are added at
    // the end (counted in totalsize) for a guest that edits the tree in place.
    std::vector<u8> serialize(u32 extra_space = 0) const;

    Node& root() { return *root_; }
    const Node& root() const { return *root_; }
    Node* find(const std::string& path);
    const Node* find(const std::string& path) const;
    // Finds the node, creating missing components.
    Node& find_or_create(const std::string& path);

    // Property helpers on a path (the node is created when setting).
    void set_string(const std::string& path, const std::string& prop, const std::string& value);
    void set_u32(const std::string& path, const std::string& prop, u32 value);
    // Big-endian cells: |cells| u32 words per value (1 or 2), one or more values.
    void set_cells(const std::string& path, const std::string& prop,
                   const std::vector<std::pair<u32, u64>>& values);
    const Property* get(const std::string& path, const std::string& prop) const;
    // A one-cell property as u32 (|fallback| if absent or not 4 bytes).
    u32 get_u32(const std::string& path, const std::string& prop, u32 fallback) const;

    u32 boot_cpuid_phys = 0;
    std::vector<Reservation> reservations;

  private:
    std::unique_ptr<Node> root_;
};

constexpr u32 kFdtMagic = 0xD00DFEED;

// The edits QEMU's arm_load_dtb() makes before handing a DTB to Linux: replace
// every root memory node with /memory@<base> (device_type "memory", reg =
// <base size> in the root's #address-cells/#size-cells), set
// /chosen/bootargs if |bootargs| is not empty, and linux,initrd-start/-end if
// |initrd_size| is not 0. Fails (with "<name>: ...") if the root's cell
// counts are 0 or too small for the values.
bool fdt_setup_for_linux(Fdt& fdt, const std::string& name, u64 ram_base, u64 ram_size,
                         const std::string& bootargs, u64 initrd_start, u64 initrd_size,
                         std::string* error);

}  // namespace bw
