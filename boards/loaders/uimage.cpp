#include "boards/loaders/uimage.h"

#include <cstring>

#include "boards/loaders/image_file.h"
#include "core/common/crc32.h"

#ifdef BW_HAVE_ZLIB
#include <zlib.h>
#endif

namespace bw {

namespace {

u32 be32(const u8* p) { return u32(p[0]) << 24 | u32(p[1]) << 16 | u32(p[2]) << 8 | p[3]; }

// The kernel is at most the size of RAM; QEMU caps gunzip at 64 MiB too.
constexpr size_t kMaxGunzip = 64u << 20;

bool gunzip(const u8* src, size_t len, std::vector<u8>* out, std::string* why) {
#ifdef BW_HAVE_ZLIB
    z_stream s{};
    // 16 + MAX_WBITS: expect a gzip wrapper (RFC 1952) and check its CRC.
    if (inflateInit2(&s, 16 + MAX_WBITS) != Z_OK) {
        *why = "zlib initialisation failed";
        return false;
    }
    out->clear();
    s.next_in = const_cast<u8*>(src);
    s.avail_in = uInt(len);
    u8 buf[65536];
    int rc;
    do {
        s.next_out = buf;
        s.avail_out = sizeof buf;
        rc = inflate(&s, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            *why = s.msg ? s.msg : "corrupt gzip data";
            if (rc == Z_BUF_ERROR) *why = "gzip data truncated";
            inflateEnd(&s);
            return false;
        }
        out->insert(out->end(), buf, buf + (sizeof buf - s.avail_out));
        if (out->size() > kMaxGunzip) {
            *why = "decompressed data larger than 64 MiB";
            inflateEnd(&s);
            return false;
        }
    } while (rc != Z_STREAM_END);
    inflateEnd(&s);
    return true;
#else
    (void)src;
    (void)len;
    (void)out;
    *why = "gzip-compressed uImage not supported (built without zlib)";
    return false;
#endif
}

const char* comp_name(u8 c) {
    switch (c) {
        case IH_COMP_NONE: return "none";
        case IH_COMP_GZIP: return "gzip";
        case IH_COMP_BZIP2: return "bzip2";
        case IH_COMP_LZMA: return "lzma";
        case 4: return "lzo";
        case 5: return "lz4";
        case 6: return "zstd";
        default: return "unknown";
    }
}

}  // namespace

bool uimage_has_magic(const std::vector<u8>& data) {
    return data.size() >= kUImageHeaderSize && be32(data.data()) == kUImageMagic;
}

u32 uimage_header_crc(const std::vector<u8>& data) {
    u8 h[kUImageHeaderSize];
    std::memcpy(h, data.data(), kUImageHeaderSize);
    std::memset(h + 4, 0, 4);  // ih_hcrc is computed with itself zeroed
    return crc32(h, sizeof h);
}

bool uimage_decode(const std::vector<u8>& data, const std::string& name, UImage* out,
                   std::string* error) {
    auto fail = [&](const std::string& what) {
        if (error) *error = name + ": " + what;
        return false;
    };
    if (data.size() < kUImageHeaderSize) {
        return fail("truncated uImage header (" + std::to_string(data.size()) + " bytes, need 64)");
    }
    const u8* p = data.data();
    UImageHeader h;
    h.ih_magic = be32(p);
    if (h.ih_magic != kUImageMagic) {
        return fail("bad uImage magic " + hex32(h.ih_magic) + " (expected 0x27051956)");
    }
    h.ih_hcrc = be32(p + 4);
    h.ih_time = be32(p + 8);
    h.ih_size = be32(p + 12);
    h.ih_load = be32(p + 16);
    h.ih_ep = be32(p + 20);
    h.ih_dcrc = be32(p + 24);
    h.ih_os = p[28];
    h.ih_arch = p[29];
    h.ih_type = p[30];
    h.ih_comp = p[31];
    h.ih_name.assign(reinterpret_cast<const char*>(p + 32),
                     strnlen(reinterpret_cast<const char*>(p + 32), 32));
    u32 hcrc = uimage_header_crc(data);
    if (hcrc != h.ih_hcrc) {
        return fail("bad uImage header CRC (" + hex32(h.ih_hcrc) + " in header, computed " +
                    hex32(hcrc) + ")");
    }
    size_t avail = data.size() - kUImageHeaderSize;
    if (h.ih_size > avail) {
        return fail("uImage data truncated (header says " + std::to_string(h.ih_size) +
                    " bytes, file has " + std::to_string(avail) + ")");
    }
    u32 dcrc = crc32(p + kUImageHeaderSize, h.ih_size);
    if (dcrc != h.ih_dcrc) {
        return fail("bad uImage data CRC (" + hex32(h.ih_dcrc) + " in header, computed " +
                    hex32(dcrc) + ")");
    }
    UImage img;
    img.header = h;
    const u8* payload = p + kUImageHeaderSize;
    switch (h.ih_comp) {
        case IH_COMP_NONE: img.payload.assign(payload, payload + h.ih_size); break;
        case IH_COMP_GZIP: {
            std::string why;
            if (!gunzip(payload, h.ih_size, &img.payload, &why)) return fail(why);
            break;
        }
        default:
            return fail(std::string("uImage compression '") + comp_name(h.ih_comp) + "' (" +
                        std::to_string(h.ih_comp) + ") is not supported");
    }
    *out = std::move(img);
    return true;
}

bool uimage_kernel(const std::vector<u8>& data, const std::string& name, u32 noload_base,
                   UImageKernel* out, std::string* error) {
    UImage img;
    if (!uimage_decode(data, name, &img, error)) return false;
    const UImageHeader& h = img.header;
    UImageKernel k;
    if (h.ih_type == IH_TYPE_KERNEL) {
        k.load = h.ih_load;
        k.entry = h.ih_ep;
    } else if (h.ih_type == IH_TYPE_KERNEL_NOLOAD) {
        // Position-independent kernel: QEMU puts it where the header would
        // have been followed by the data, and makes the entry relative.
        k.load = noload_base + u32(kUImageHeaderSize);
        k.entry = k.load + h.ih_ep;
    } else {
        if (error) {
            *error = name + ": uImage type " + std::to_string(h.ih_type) +
                     " is not a kernel (expected 2, or 14 for kernel_noload)";
        }
        return false;
    }
    k.is_linux = h.ih_os == IH_OS_LINUX;
    k.data = std::move(img.payload);
    *out = std::move(k);
    return true;
}

}  // namespace bw
