#include "tools/monitor/json.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace bw::monitor {

const Json& Json::operator[](const std::string& key) const {
    static const Json kNull;
    for (const auto& [k, v] : members_) {
        if (k == key) return v;
    }
    return kNull;
}

bool Json::has(const std::string& key) const {
    for (const auto& m : members_) {
        if (m.first == key) return true;
    }
    return false;
}

Json& Json::set(const std::string& key, Json value) {
    for (auto& [k, v] : members_) {
        if (k == key) {
            v = std::move(value);
            return *this;
        }
    }
    members_.emplace_back(key, std::move(value));
    return *this;
}

Json& Json::push(Json value) {
    items_.push_back(std::move(value));
    return *this;
}

namespace {

void dump_string(const std::string& s, std::string& out) {
    out += '"';
    for (unsigned char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += char(c);
                }
        }
    }
    out += '"';
}

void dump_value(const Json& v, std::string& out) {
    switch (v.type()) {
        case Json::Type::Null: out += "null"; break;
        case Json::Type::Bool: out += v.as_bool() ? "true" : "false"; break;
        case Json::Type::Number: {
            double n = v.as_number();
            char buf[32];
            if (std::nearbyint(n) == n && std::fabs(n) < 9e15) {
                std::snprintf(buf, sizeof buf, "%lld", (long long)n);
            } else {
                std::snprintf(buf, sizeof buf, "%.17g", n);
            }
            out += buf;
            break;
        }
        case Json::Type::String: dump_string(v.as_string(), out); break;
        case Json::Type::Array: {
            out += '[';
            bool first = true;
            for (const Json& i : v.items()) {
                if (!first) out += ", ";
                first = false;
                dump_value(i, out);
            }
            out += ']';
            break;
        }
        case Json::Type::Object: {
            out += '{';
            bool first = true;
            for (const auto& [k, m] : v.members()) {
                if (!first) out += ", ";
                first = false;
                dump_string(k, out);
                out += ": ";
                dump_value(m, out);
            }
            out += '}';
            break;
        }
    }
}

class Parser {
  public:
    explicit Parser(const std::string& s) : s_(s) {}

    bool value(Json* out, int depth) {
        if (depth > 64) return fail("nesting too deep");
        skip_ws();
        if (pos_ >= s_.size()) return fail("unexpected end of input");
        char c = s_[pos_];
        if (c == '{') return object(out, depth);
        if (c == '[') return array(out, depth);
        if (c == '"' || c == '\'') {  // QEMU's parser also takes single quotes
            std::string str;
            if (!string(&str)) return false;
            *out = Json(std::move(str));
            return true;
        }
        if (literal("true")) return *out = Json(true), true;
        if (literal("false")) return *out = Json(false), true;
        if (literal("null")) return *out = Json(), true;
        return number(out);
    }

    bool at_end() {
        skip_ws();
        return pos_ == s_.size();
    }
    std::string error;

    bool fail(const std::string& what) {
        if (error.empty()) {
            error = what + " at offset " + std::to_string(pos_);
            at_end_of_input = pos_ >= s_.size();
        }
        return false;
    }
    bool at_end_of_input = false;

  private:
    void skip_ws() {
        while (pos_ < s_.size() &&
               (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
            pos_++;
    }
    bool literal(const char* word) {
        size_t n = std::char_traits<char>::length(word);
        if (s_.compare(pos_, n, word) != 0) return false;
        pos_ += n;
        return true;
    }
    bool number(Json* out) {
        const char* start = s_.c_str() + pos_;
        char* end = nullptr;
        double d = std::strtod(start, &end);
        if (end == start || !(start[0] == '-' || (start[0] >= '0' && start[0] <= '9')))
            return fail("invalid token");
        pos_ += size_t(end - start);
        *out = Json(d);
        return true;
    }
    bool hex4(unsigned* v) {
        if (pos_ + 4 > s_.size()) return fail("short \\u escape");
        *v = 0;
        for (int i = 0; i < 4; i++) {
            char c = s_[pos_++];
            unsigned d = (c >= '0' && c <= '9')   ? unsigned(c - '0')
                         : (c >= 'a' && c <= 'f') ? unsigned(c - 'a' + 10)
                         : (c >= 'A' && c <= 'F') ? unsigned(c - 'A' + 10)
                                                  : 16;
            if (d == 16) return fail("bad \\u escape");
            *v = *v << 4 | d;
        }
        return true;
    }
    static void utf8(unsigned cp, std::string* out) {
        if (cp < 0x80) {
            *out += char(cp);
        } else if (cp < 0x800) {
            *out += char(0xc0 | cp >> 6);
            *out += char(0x80 | (cp & 0x3f));
        } else if (cp < 0x10000) {
            *out += char(0xe0 | cp >> 12);
            *out += char(0x80 | ((cp >> 6) & 0x3f));
            *out += char(0x80 | (cp & 0x3f));
        } else {
            *out += char(0xf0 | cp >> 18);
            *out += char(0x80 | ((cp >> 12) & 0x3f));
            *out += char(0x80 | ((cp >> 6) & 0x3f));
            *out += char(0x80 | (cp & 0x3f));
        }
    }
    bool string(std::string* out) {
        char quote = s_[pos_++];
        while (pos_ < s_.size()) {
            char c = s_[pos_++];
            if (c == quote) return true;
            if (c != '\\') {
                *out += c;
                continue;
            }
            if (pos_ >= s_.size()) break;
            char e = s_[pos_++];
            switch (e) {
                case '"': *out += '"'; break;
                case '\'': *out += '\''; break;
                case '\\': *out += '\\'; break;
                case '/': *out += '/'; break;
                case 'b': *out += '\b'; break;
                case 'f': *out += '\f'; break;
                case 'n': *out += '\n'; break;
                case 'r': *out += '\r'; break;
                case 't': *out += '\t'; break;
                case 'u': {
                    unsigned cp = 0;
                    if (!hex4(&cp)) return false;
                    if (cp >= 0xd800 && cp < 0xdc00 && s_.compare(pos_, 2, "\\u") == 0) {
                        pos_ += 2;
                        unsigned lo = 0;
                        if (!hex4(&lo)) return false;
                        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                    }
                    utf8(cp, out);
                    break;
                }
                default: return fail("bad escape");
            }
        }
        return fail("unterminated string");
    }
    bool array(Json* out, int depth) {
        pos_++;
        *out = Json::array();
        skip_ws();
        if (pos_ < s_.size() && s_[pos_] == ']') return pos_++, true;
        for (;;) {
            Json item;
            if (!value(&item, depth + 1)) return false;
            out->push(std::move(item));
            skip_ws();
            if (pos_ >= s_.size()) return fail("unterminated array");
            char c = s_[pos_++];
            if (c == ']') return true;
            if (c != ',') return fail("expected ',' or ']'");
        }
    }
    bool object(Json* out, int depth) {
        pos_++;
        *out = Json::object();
        skip_ws();
        if (pos_ < s_.size() && s_[pos_] == '}') return pos_++, true;
        for (;;) {
            skip_ws();
            if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\''))
                return fail("expected a member name");
            std::string key;
            if (!string(&key)) return false;
            skip_ws();
            if (pos_ >= s_.size() || s_[pos_] != ':') return fail("expected ':'");
            pos_++;
            Json v;
            if (!value(&v, depth + 1)) return false;
            out->set(key, std::move(v));
            skip_ws();
            if (pos_ >= s_.size()) return fail("unterminated object");
            char c = s_[pos_++];
            if (c == '}') return true;
            if (c != ',') return fail("expected ',' or '}'");
        }
    }

    const std::string& s_;
    size_t pos_ = 0;
};

}  // namespace

std::string Json::dump() const {
    std::string out;
    dump_value(*this, out);
    return out;
}

bool Json::parse(const std::string& text, Json* out, std::string* error, bool* incomplete) {
    Parser p(text);
    if (!p.value(out, 0) || (!p.at_end() && !p.fail("trailing characters"))) {
        *error = "JSON parse error, " + p.error;
        if (incomplete) *incomplete = p.at_end_of_input;
        return false;
    }
    return true;
}

}  // namespace bw::monitor
