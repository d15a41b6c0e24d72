// A small JSON value for QMP: parse one value from text, build values, and
// serialize them compactly (QMP's wire format). Numbers are doubles, which
// holds every integer QMP carries here exactly (< 2^53).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace bw::monitor {

class Json {
  public:
    enum class Type { Null, Bool, Number, String, Array, Object };

    Json() = default;
    Json(bool b) : type_(Type::Bool), bool_(b) {}
    Json(double n) : type_(Type::Number), number_(n) {}
    Json(int n) : Json(double(n)) {}
    Json(long long n) : Json(double(n)) {}
    Json(unsigned long long n) : Json(double(n)) {}
    Json(const char* s) : type_(Type::String), string_(s) {}
    Json(std::string s) : type_(Type::String), string_(std::move(s)) {}
    static Json array() { return Json(Type::Array); }
    static Json object() { return Json(Type::Object); }

    Type type() const { return type_; }
    bool is_null() const { return type_ == Type::Null; }
    bool is_bool() const { return type_ == Type::Bool; }
    bool is_number() const { return type_ == Type::Number; }
    bool is_string() const { return type_ == Type::String; }
    bool is_array() const { return type_ == Type::Array; }
    bool is_object() const { return type_ == Type::Object; }

    bool as_bool() const { return bool_; }
    double as_number() const { return number_; }
    const std::string& as_string() const { return string_; }
    const std::vector<Json>& items() const { return items_; }
    const std::vector<std::pair<std::string, Json>>& members() const { return members_; }

    // Object member (a null value if absent or not an object).
    const Json& operator[](const std::string& key) const;
    bool has(const std::string& key) const;
    // Builders.
    Json& set(const std::string& key, Json value);
    Json& push(Json value);

    std::string dump() const;

    // Parses exactly one value (surrounding whitespace allowed). On failure
    // returns false with a one-line |error| naming the position.
    // |incomplete| (optional) tells an input that stopped short (more text could
    // still make it valid) from one that is wrong.
    static bool parse(const std::string& text, Json* out, std::string* error,
                      bool* incomplete = nullptr);

  private:
    explicit Json(Type t) : type_(t) {}
    Type type_ = Type::Null;
    bool bool_ = false;
    double number_ = 0;
    std::string string_;
    std::vector<Json> items_;
    std::vector<std::pair<std::string, Json>> members_;  // insertion order, as QEMU prints
};

}  // namespace bw::monitor
