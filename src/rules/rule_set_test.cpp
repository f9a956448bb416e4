#include "kamscore/rules/rule_set.hpp"

#include <doctest/doctest.h>

#include "kamscore/rules/load_rules.hpp"

using namespace kamscore;

namespace {

/// The expression of the only derived value of `derived_section`.
ExpressionText derived_expression(std::string_view derived_section) {
    std::string yaml = "kamscore: 1\ninput: { id: id }\nderived:\n" + std::string(derived_section) +
                       "tiers: [{ id: all }]\n";
    LoadedRules loaded = load_rules(yaml, "r.yaml");
    REQUIRE(loaded.diagnostics.empty());
    REQUIRE(loaded.rules.derived.size() == 1);
    return loaded.rules.derived[0].expression;
}

}  // namespace

TEST_SUITE("rules") {
TEST_CASE("an error inside a plain expression points at its token") {
    ExpressionText expression = derived_expression("  potential: max(wallet - revenu, 0)\n");
    CHECK(expression.exact_positions);
    CHECK(format_diagnostic(diagnostic_in_expression(expression, 13, 6, "unknown name 'revenu' (did you mean 'revenue'?)")) ==
          "r.yaml:4:27: error: unknown name 'revenu' (did you mean 'revenue'?)\n"
          "    4 |   potential: max(wallet - revenu, 0)\n"
          "      |                           ^~~~~~\n");
}

TEST_CASE("in a quoted expression, positions start after the quote and count characters") {
    ExpressionText expression = derived_expression("  fit: \"größe == 'groß' and x\"\n");
    CHECK(expression.exact_positions);
    CHECK(expression.origin.column == 9);
    std::size_t offset = expression.text.find("and");
    CHECK(format_diagnostic(diagnostic_in_expression(expression, offset, 3, "expected a bool", Severity::Warning)) ==
          "r.yaml:4:25: warning: expected a bool\n"
          "    4 |   fit: \"größe == 'groß' and x\"\n"
          "      |                         ^~~\n");
    ExpressionText single = derived_expression("  fit: 'a == \"b\"'\n");
    CHECK(single.exact_positions);
    CHECK(single.origin.column == 9);
}

TEST_CASE("escapes and block scalars point at the start of the expression") {
    ExpressionText escaped = derived_expression("  a: \"x == \\\"y\\\"\"\n");
    CHECK(escaped.text == "x == \"y\"");
    CHECK_FALSE(escaped.exact_positions);
    CHECK(format_diagnostic(diagnostic_in_expression(escaped, 5, 3, "bad")) ==
          "r.yaml:4:7: error: bad\n"
          "    4 |   a: \"x == \\\"y\\\"\"\n"
          "      |       ^~~~~~~~~~\n");

    ExpressionText block = derived_expression("  a: |\n    x +\n      y\n");
    CHECK(block.text == "x +\n  y");
    CHECK_FALSE(block.exact_positions);
    CHECK(format_diagnostic(diagnostic_in_expression(block, 7, 1, "unknown name 'y'")) ==
          "r.yaml:5:5: error: unknown name 'y'\n"
          "    5 |     x +\n"
          "      |     ^\n");

    ExpressionText folded = derived_expression("  a: x +\n    y\n");
    CHECK(folded.text == "x + y");
    CHECK_FALSE(folded.exact_positions);
    CHECK(folded.origin.line == 4);
    CHECK(folded.origin.column == 6);
}

TEST_CASE("offsets beyond the expression are clamped to its end") {
    ExpressionText expression = derived_expression("  a: x +\n");
    CHECK(expression.exact_positions);
    Diagnostic diagnostic = diagnostic_in_expression(expression, 3, 10, "expected a value after '+'");
    CHECK(diagnostic.location.column == 9);
    CHECK(diagnostic.location.length == 1);
}
}
