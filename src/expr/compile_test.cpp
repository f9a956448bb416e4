#include <doctest/doctest.h>

#include "test_frame.hpp"

using namespace kamscore;
using namespace kamscore::expr;
using namespace kamscore::expr::testing;

namespace {

void check_errors(std::initializer_list<ErrorCase> cases, std::optional<Type> expected = std::nullopt) {
    TestFrame data;
    for (const ErrorCase& c : cases) {
        INFO(c.source);
        CompileResult result = data.compile(c.source, expected);
        CHECK(!result.program);
        REQUIRE(result.errors.size() == 1);
        CHECK(result.errors[0].message == c.message);
        CHECK(result.errors[0].offset == c.offset);
        CHECK(result.errors[0].length == c.length);
    }
}

}  // namespace

TEST_SUITE("expr") {

TEST_CASE("a scope finds slots, constants and unavailable names, and suggests only usable ones") {
    Scope scope;
    scope.add_slot("revenue", Type::Number, 3);
    scope.add_constant("min_score", Value::of_number(70));
    scope.add_unavailable("score", Type::Number, "'score' is not known yet in derived values");
    REQUIRE(scope.find("revenue"));
    CHECK(scope.find("revenue")->slot == 3);
    CHECK(scope.find("min_score")->constant->number == 70);
    CHECK(scope.find("score")->unavailable == "'score' is not known yet in derived values");
    CHECK(!scope.find("scor"));
    CHECK(scope.usable_names() == std::vector<std::string>{"min_score", "revenue"});
    CompileResult result = compile("scor > 1", scope);
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0].message == "unknown name 'scor'");
}

TEST_CASE("an unknown name is an error that suggests the closest known name") {
    check_errors({
        {"revenu + 1", "unknown name 'revenu' (did you mean 'revenue'?)", 0, 6},
        {"a + zzzzzz", "unknown name 'zzzzzz'", 4, 6},
        {"max(wallet, 0)", "unknown name 'wallet'", 4, 6},
        {"strategic.lighthous", "unknown name 'strategic.lighthous'", 0, 19},
    });
}

TEST_CASE("a known name that cannot be used here gives its reason") {
    check_errors({
        {"score >= 70", "'score' is not known yet in derived values", 0, 5},
        {"a + (score)", "'score' is not known yet in derived values", 5, 5},
        {"score", "'score' is not known yet in derived values", 0, 5},
    });
}

TEST_CASE("unknown functions and wrong argument counts are errors at the function name") {
    check_errors({
        {"maxx(a, b)", "unknown function 'maxx' (did you mean 'max'?)", 0, 4},
        {"a + frobnicate(1)", "unknown function 'frobnicate'", 4, 10},
        {"uper(t)", "unknown function 'uper' (did you mean 'upper'?)", 0, 4},
        {"clamp(a, 1)", "'clamp' takes 3 arguments, found 2", 0, 5},
        {"abs()", "'abs' takes 1 argument, found 0", 0, 3},
        {"abs(a, b)", "'abs' takes 1 argument, found 2", 0, 3},
        {"min(a)", "'min' takes at least 2 arguments, found 1", 0, 3},
        {"coalesce(a)", "'coalesce' takes at least 2 arguments, found 1", 0, 8},
        {"round(a, 1, 2)", "'round' takes 1 or 2 arguments, found 3", 0, 5},
        {"if(flag, 1)", "'if' takes 3 arguments, found 2", 0, 2},
    });
}

TEST_CASE("an argument of the wrong type is an error at that argument") {
    check_errors({
        {"abs(t)", "'abs' needs a number, found text", 4, 1},
        {"max(a, b, t, 1)", "'max' needs a number, found text", 10, 1},
        {"lower(a)", "'lower' needs text, found number", 6, 1},
        {"contains(t, 1)", "'contains' needs text, found number", 12, 1},
        {"year(a)", "'year' needs a date, found number", 5, 1},
        {"days_since(\"2024-01-01\")", "'days_since' needs a date, found text", 11, 12},
        {"if(a, 1, 2)", "'if' needs a condition (bool), found number", 3, 1},
        {"if(flag, 1, t)", "'if' needs both branches of one type, found number and text", 12, 1},
        {"if(flag, missing, d) + if(flag, t, d)", "'if' needs both branches of one type, found text and date", 35, 1},
        {"coalesce(n, t)", "'coalesce' needs arguments of one type, found number and text", 12, 1},
        {"coalesce(missing, u, 1)", "'coalesce' needs arguments of one type, found text and number", 21, 1},
        {"round(a, (t))", "'round' needs a number, found text", 9, 3},
    });
}

TEST_CASE("operators name themselves and the types they found") {
    check_errors({
        {"t + 1", "operator '+' needs numbers, found text and number", 2, 1},
        {"flag * 2", "operator '*' needs numbers, found bool and number", 5, 1},
        {"a % t", "operator '%' needs numbers, found number and text", 2, 1},
        {"d + d", "operator '+' needs a date and a number, found date and date", 2, 1},
        {"a - d", "operator '-' needs a date and a number, or two dates, found number and date", 2, 1},
        {"d - t", "operator '-' needs a date and a number, or two dates, found date and text", 2, 1},
        {"d * 2", "operator '*' needs numbers, found date and number", 2, 1},
        {"d / missing", "operator '/' needs numbers, found date and number", 2, 1},
        {"-t", "operator '-' needs a number, found text", 0, 1},
        {"- d", "operator '-' needs a number, found date", 0, 1},
        {"not a", "operator 'not' needs a bool, found number", 0, 3},
        {"a and flag", "operator 'and' needs bools, found number and bool", 2, 3},
        {"flag or t", "operator 'or' needs bools, found bool and text", 5, 2},
    });
}

TEST_CASE("comparisons need operands of one type") {
    check_errors({
        {"t == 1", "cannot compare text with number", 2, 2},
        {"1 < t", "cannot compare number with text", 2, 1},
        {"d < 5", "cannot compare date with number", 2, 1},
        {"d < t", "cannot compare date with text", 2, 1},
        {"flag == 1", "cannot compare bool with number", 5, 2},
        {"flag < true", "operator '<' cannot order bools (only == and != apply)", 5, 1},
        {"d < \"2024-13-01\"", "'2024-13-01' is not a date (expected YYYY-MM-DD)", 4, 12},
        {"\"31.12.2024\" == d", "'31.12.2024' is not a date (expected YYYY-MM-DD)", 0, 12},
        {"d >= label", "'high' is not a date (expected YYYY-MM-DD)", 5, 5},
    });
}

TEST_CASE("comparing with missing is an error that points to is_missing") {
    check_errors({
        {"a == missing", "a comparison with missing is never true (use is_missing(a))", 2, 2},
        {"missing != t", "a comparison with missing is never true (use is_missing(t))", 8, 2},
        {"a + 1 < missing", "a comparison with missing is never true (use is_missing(a + 1))", 6, 1},
        {"missing == missing", "a comparison with missing is never true (use is_missing(x))", 8, 2},
        {"missing in [1]", "a comparison with missing is never true (use is_missing(x))", 8, 2},
        {"t in [\"a\", missing]", "a comparison with missing is never true (use is_missing(t))", 11, 7},
    });
}

TEST_CASE("the list after in holds constants of the operand's type") {
    check_errors({
        {"a in [1, b]", "the list after 'in' must hold constants (literals or params)", 9, 1},
        {"a in [1, \"x\"]", "cannot compare number with text", 9, 3},
        {"t in [label, 2]", "cannot compare text with number", 13, 1},
        {"d in [\"2024-02-30\"]", "'2024-02-30' is not a date (expected YYYY-MM-DD)", 6, 12},
        {"flag in [1]", "cannot compare bool with number", 9, 1},
    });
}

TEST_CASE("an expression of the wrong type for its place is an error over the whole expression") {
    check_errors({{"a + 1", "expected a condition (bool), found number", 0, 5},
                  {"lower(t)", "expected a condition (bool), found text", 0, 8}},
                 Type::Bool);
    check_errors({{"flag", "expected a number, found bool", 0, 4}, {"d", "expected a number, found date", 0, 1}},
                 Type::Number);
    check_errors({{"a", "expected text, found number", 0, 1}}, Type::Text);
    check_errors({{"a", "expected a date, found number", 0, 1}}, Type::Date);
}

TEST_CASE("missing alone takes the expected type") {
    TestFrame data;
    CompileResult result = data.compile("missing", Type::Bool);
    REQUIRE(result.program);
    CHECK(result.program->type() == Type::Bool);
    CHECK(show(result.program->evaluate_row(data.frame, 0)) == "missing");
    CHECK(data.compile("missing").program->type() == Type::Number);
}

TEST_CASE("errors in independent sub-expressions are all reported, in source order") {
    TestFrame data;
    CompileResult result = data.compile("abs(t) + lower(a) > revenu or not a");
    REQUIRE(result.errors.size() == 4);
    CHECK(result.errors[0].message == "'abs' needs a number, found text");
    CHECK(result.errors[1].message == "'lower' needs text, found number");
    CHECK(result.errors[2].message == "unknown name 'revenu' (did you mean 'revenue'?)");
    CHECK(result.errors[3].message == "operator 'not' needs a bool, found number");
    CHECK(result.errors[3].offset == 30);
}

TEST_CASE("the branches of if are checked even when its condition is wrong") {
    TestFrame data;
    CompileResult result = data.compile("if(qqqq, 1, t)");
    REQUIRE(result.errors.size() == 2);
    CHECK(result.errors[0].message == "unknown name 'qqqq'");
    CHECK(result.errors[1].message == "'if' needs both branches of one type, found number and text");
}

TEST_CASE("a sub-expression already in error causes no further messages") {
    check_errors({
        {"qqqq + 1 > t", "unknown name 'qqqq'", 0, 4},
        {"-(t + 1)", "operator '+' needs numbers, found text and number", 4, 1},
        {"if(qqqq, 1, 2) + t", "unknown name 'qqqq'", 3, 4},
        {"qqqq in [1, t]", "unknown name 'qqqq'", 0, 4},
        {"lower(qqqq) == 1", "unknown name 'qqqq'", 6, 4},
    });
}

TEST_CASE("a syntax error is reported alone") {
    check_errors({
        {"revenu +", "unexpected end of expression", 8, 1},
        {std::string(300, '(') + "a", "expression nested too deeply (more than 200 levels)", 200, 1},
    });
}

}  // TEST_SUITE
