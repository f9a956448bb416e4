// A small JSON emitter for the explain and summary reports: keys, values and brackets in
// order, with the commas placed for the caller.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "explain/cell_value.hpp"
#include "kamscore/value.hpp"
#include "kamscore/output/json_writer.hpp"

namespace kamscore {

class JsonOut {
public:
    /// With `on_new_line`, the key starts a new line (after its comma), for readable reports.
    void key(std::string_view name, bool on_new_line = false) {
        comma();
        if (on_new_line) out_ += '\n';
        append_json_string(out_, name);
        out_ += ':';
        fresh_ = true;
    }
    void text(std::string_view value) { comma(); append_json_string(out_, value); }
    /// Missing and infinite numbers are null.
    void number(double value) {
        comma();
        if (is_missing(value) || !std::isfinite(value)) out_ += "null";
        else out_ += format_number_text(value);
    }
    void integer(std::uint64_t value) { comma(); fmt::format_to(std::back_inserter(out_), "{}", value); }
    void null() { comma(); out_ += "null"; }
    void boolean(Bool3 value) { comma(); out_ += value == bool_true ? "true" : value == bool_false ? "false" : "null"; }
    void value(const Value& value) {
        if (value.missing) {
            null();
        } else if (value.type == Type::Number) {
            number(value.number);
        } else if (value.type == Type::Bool) {
            boolean(value.boolean ? bool_true : bool_false);
        } else {
            text(value.type == Type::Date ? format_value(value) : value.text);
        }
    }
    /// With `on_new_line`, the object or array starts a new line (after its comma).
    void open(char bracket, bool on_new_line = false) {
        comma();
        if (on_new_line) out_ += '\n';
        out_ += bracket;
        fresh_ = true;
    }
    void close(char bracket) { out_ += bracket; fresh_ = false; }
    std::string take() { return std::move(out_); }

private:
    void comma() {
        if (!fresh_) out_ += ',';
        fresh_ = false;
    }
    std::string out_;
    bool fresh_ = true;
};

}  // namespace kamscore
