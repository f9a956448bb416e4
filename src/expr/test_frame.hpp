// A small frame with every column type, some cells missing, shared by the expr tests.
//
//  row  a    b  n        t       u         flag   maybe    d           e
//  0    10   4  5        "high"  "Äpfel"   true   true     2024-01-15  2024-03-01
//  1    -3   0  missing  "low"   missing   false  missing  2023-12-31  missing
//  2    2.5  2  0        ""      "Straße"  true   false    2000-02-29  1999-12-31
//
// params: big = 1000000, label = "high", none = missing number, cutoff = 2024-01-01, on = true;
// `score` is known but unavailable; today is 2024-06-30.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "kamscore/expr/compile.hpp"
#include "kamscore/table/parse_value.hpp"

namespace kamscore::expr::testing {

inline double date(int year, unsigned month, unsigned day) { return days_from_civil(year, month, day); }

struct TestFrame {
    Frame frame;
    Scope scope;
    CompileOptions options;

    TestFrame() {
        frame.rows = 3;
        add_numbers("a", Type::Number, {10, -3, 2.5});
        add_numbers("b", Type::Number, {4, 0, 2});
        add_numbers("n", Type::Number, {5, missing_number, 0});
        add_numbers("revenue", Type::Number, {1, 2, 3});
        add_texts("t", {"high", "low", ""}, {true, true, true});
        add_texts("u", {"Äpfel", "", "Straße"}, {true, false, true});
        add_bools("flag", {bool_true, bool_false, bool_true});
        add_bools("maybe", {bool_true, bool_missing, bool_false});
        add_numbers("d", Type::Date, {date(2024, 1, 15), date(2023, 12, 31), date(2000, 2, 29)});
        add_numbers("e", Type::Date, {date(2024, 3, 1), missing_number, date(1999, 12, 31)});
        scope.add_constant("big", Value::of_number(1000000));
        scope.add_constant("label", Value::of_text("high"));
        scope.add_constant("none", Value::missing_of(Type::Number));
        scope.add_constant("cutoff", Value::of_date(date(2024, 1, 1)));
        scope.add_constant("on", Value::of_bool(true));
        scope.add_unavailable("score", Type::Number, "'score' is not known yet in derived values");
        options.today = date(2024, 6, 30);
    }

    int add(std::string name, Type type) {
        int slot = frame.add_column(name, type);
        scope.add_slot(std::move(name), type, slot);
        return slot;
    }
    void add_numbers(std::string name, Type type, std::vector<double> values) {
        frame.columns[static_cast<std::size_t>(add(std::move(name), type))].numbers = std::move(values);
    }
    void add_bools(std::string name, std::vector<Bool3> values) {
        frame.columns[static_cast<std::size_t>(add(std::move(name), Type::Bool))].bools = std::move(values);
    }
    void add_texts(std::string name, std::vector<std::string_view> values, std::vector<bool> present) {
        auto& texts = frame.columns[static_cast<std::size_t>(add(std::move(name), Type::Text))].texts;
        for (std::size_t i = 0; i < values.size(); ++i)
            texts[i] = present[i] ? frame.arena.store(values[i]) : std::string_view();
    }

    CompileResult compile(std::string_view source, std::optional<Type> expected = std::nullopt) const {
        return expr::compile(source, scope, expected, options);
    }
};

/// A value as the test tables write it: 14, 2.5, true, "high", 2024-01-15, missing.
inline std::string show(const Value& value) {
    if (value.missing) return "missing";
    switch (value.type) {
    case Type::Number: return fmt::format("{}", value.number);
    case Type::Bool: return value.boolean ? "true" : "false";
    case Type::Text: return fmt::format("\"{}\"", value.text);
    case Type::Date: return format_date(value.number);
    }
    return "?";
}

/// Compiles `source` and evaluates it at `row`; "error: ..." with the first message if it
/// does not compile.
inline std::string evaluate(const TestFrame& data, std::string_view source, std::size_t row) {
    CompileResult result = data.compile(source);
    if (!result.program) return "error: " + (result.errors.empty() ? std::string("?") : result.errors[0].message);
    return show(result.program->evaluate_row(data.frame, row));
}

struct EvaluationCase {
    std::string_view source;
    std::size_t row;
    std::string_view expected;
};

/// Checks each {source, row, expected} of a table against a fresh TestFrame (doctest).
inline void check_table(std::initializer_list<EvaluationCase> cases) {
    TestFrame data;
    for (const EvaluationCase& c : cases) {
        INFO(c.source, " at row ", c.row);
        CHECK(evaluate(data, c.source, c.row) == std::string(c.expected));
    }
}

struct ErrorCase {
    std::string_view source;
    std::string_view message;
    std::size_t offset;
    std::size_t length;
};

}  // namespace kamscore::expr::testing
