#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace kamscore {

/// The static types of the expression language and of rule-file fields.
enum class Type : std::uint8_t { Number, Bool, Text, Date };

/// "number", "bool", "text", "date".
std::string_view type_name(Type type);

/// Numbers and dates are doubles; NaN means missing. Dates are whole days since 1970-01-01.
inline constexpr double missing_number = std::numeric_limits<double>::quiet_NaN();
inline bool is_missing(double value) { return std::isnan(value); }

/// Booleans are three-valued: true, false or missing (Kleene logic, as SQL).
using Bool3 = std::int8_t;
inline constexpr Bool3 bool_false = 0;
inline constexpr Bool3 bool_true = 1;
inline constexpr Bool3 bool_missing = -1;

/// A single typed value: a param, a literal, a value in a test row.
struct Value {
    Type type = Type::Number;
    bool missing = false;
    double number = 0;   ///< Number, or Date as days since 1970-01-01
    bool boolean = false;
    std::string text;

    static Value of_number(double v) { return Value{Type::Number, is_missing(v), v, false, {}}; }
    static Value of_bool(bool v) { return Value{Type::Bool, false, 0, v, {}}; }
    static Value of_text(std::string v) { return Value{Type::Text, false, 0, false, std::move(v)}; }
    static Value of_date(double days) { return Value{Type::Date, is_missing(days), days, false, {}}; }
    static Value missing_of(Type t) { return Value{t, true, missing_number, false, {}}; }
};

}  // namespace kamscore
