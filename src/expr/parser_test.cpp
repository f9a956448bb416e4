#include "kamscore/expr/parser.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace kamscore::expr;

namespace {

std::string tree(std::string_view source) {
    ParseResult parsed = parse(source);
    if (parsed.error) return "error: " + parsed.error->message;
    return format_ast(parsed.ast);
}

struct SyntaxErrorCase {
    std::string_view source;
    std::string_view message;
    std::size_t offset;
    std::size_t length;
};

void check_error(const SyntaxErrorCase& c, int max_depth = 200) {
    ParseResult parsed = parse(c.source, max_depth);
    REQUIRE(parsed.error);
    CHECK(parsed.error->message == c.message);
    CHECK(parsed.error->offset == c.offset);
    CHECK(parsed.error->length == c.length);
}

}  // namespace

TEST_SUITE("expr") {

TEST_CASE("operators bind from or (loosest) to unary minus (tightest)") {
    CHECK(tree("a or b and c") == "(or a (and b c))");
    CHECK(tree("a and b or c") == "(or (and a b) c)");
    CHECK(tree("not a and b") == "(and (not a) b)");
    CHECK(tree("not a == b") == "(not (== a b))");
    CHECK(tree("a + b < c * d") == "(< (+ a b) (* c d))");
    CHECK(tree("a + b * c - d") == "(- (+ a (* b c)) d)");
    CHECK(tree("-a * b") == "(* (- a) b)");
    CHECK(tree("a - -b") == "(- a (- b))");
    CHECK(tree("a % b / c") == "(/ (% a b) c)");
    CHECK(tree("x in [1, 2] and y") == "(and (in x 1 2) y)");
    CHECK(tree("x + 1 in [1, -2]") == "(in (+ x 1) 1 (- 2))");
    CHECK(tree("not not x") == "(not (not x))");
}

TEST_CASE("binary operators associate to the left") {
    CHECK(tree("a - b - c") == "(- (- a b) c)");
    CHECK(tree("a / b / c") == "(/ (/ a b) c)");
    CHECK(tree("a or b or c") == "(or (or a b) c)");
}

TEST_CASE("parentheses, calls and literals parse as primaries") {
    CHECK(tree("(a + b) * c") == "(* (+ a b) c)");
    CHECK(tree("max(wallet - revenue, 0)") == "(max (- wallet revenue) 0)");
    CHECK(tree("f()") == "(f)");
    CHECK(tree("if(x, \"a\", missing)") == "(if x \"a\" missing)");
    CHECK(tree("true or false") == "(or true false)");
    CHECK(tree("strategic.lighthouse") == "strategic.lighthouse");
}

TEST_CASE("a node covers its source, parentheses included") {
    ParseResult parsed = parse("max( (a + b) , 1)");
    REQUIRE(!parsed.error);
    const Node& call = parsed.ast.nodes[static_cast<std::size_t>(parsed.ast.root)];
    CHECK(call.offset == 0);
    CHECK(call.length == 17);
    CHECK(call.op_length == 3);
    const Node& sum = parsed.ast.nodes[static_cast<std::size_t>(parsed.ast.children_of(call)[0])];
    CHECK(sum.offset == 5);
    CHECK(sum.length == 7);
    CHECK(sum.op_offset == 8);
}

TEST_CASE("syntax errors say what was expected and what was found") {
    for (const SyntaxErrorCase& c : {
             SyntaxErrorCase{"(a + 1", "expected ')' but found end of expression", 6, 1},
             {"(a + 1 b", "expected ')' but found 'b'", 7, 1},
             {"(a, b)", "expected ')' but found ','", 2, 1},
             {"max(a, )", "unexpected ')'", 7, 1},
             {"max(a b)", "expected ',' or ')' but found 'b'", 6, 1},
             {"max(a", "expected ',' or ')' but found end of expression", 5, 1},
             {"a + , b", "unexpected ','", 4, 1},
             {"a, b", "unexpected ','", 1, 1},
             {"a b", "unexpected 'b'", 2, 1},
             {"a +", "unexpected end of expression", 3, 1},
             {"", "unexpected end of expression", 0, 1},
             {"   ", "unexpected end of expression", 3, 1},
             {"* a", "unexpected '*'", 0, 1},
             {"a < b < c", "comparisons cannot be chained (combine them with 'and')", 6, 1},
             {"a == b in [1]", "comparisons cannot be chained (combine them with 'and')", 7, 2},
             {"a in 1", "expected '[' after 'in' but found '1'", 5, 1},
             {"a in [1 2]", "expected ',' or ']' but found '2'", 8, 1},
             {"a in [1,]", "unexpected ']'", 8, 1},
             {"a in []", "the list after 'in' is empty", 5, 2},
             {"t == \"high", "unterminated string", 5, 5},
             {"a # b", "unexpected character '#'", 2, 1},
             {"(a + #", "unexpected character '#'", 5, 1},
             {"- not a", "unexpected 'not'", 2, 3},
         }) {
        INFO(c.source);
        check_error(c);
    }
}

TEST_CASE("deep nesting is an error, not a stack overflow") {
    constexpr std::size_t deep = 100000;
    std::string parens = std::string(deep, '(') + "a" + std::string(deep, ')');
    check_error({parens, "expression nested too deeply (more than 200 levels)", 200, 1});

    std::string nots;
    for (std::size_t i = 0; i < deep; ++i) nots += "not ";
    check_error({nots + "a", "expression nested too deeply (more than 200 levels)", 800, 3});

    check_error({std::string(deep, '-') + "x", "expression nested too deeply (more than 200 levels)", 200, 1});

    std::string sum = "1";
    for (std::size_t i = 0; i < deep; ++i) sum += "+1";
    check_error({sum, "expression nested too deeply (more than 200 levels)", 399, 1});

    std::string calls;
    for (int i = 0; i < 300; ++i) calls += "abs(";
    calls += "x" + std::string(300, ')');
    check_error({calls, "expression nested too deeply (more than 200 levels)", 803, 1});

    std::string lists = "x";
    for (int i = 0; i < 300; ++i) lists += " in [x";
    check_error({lists, "expression nested too deeply (more than 200 levels)", 1205, 1});
}

TEST_CASE("nesting up to the limit is fine and the limit can be set") {
    std::string parens = std::string(199, '(') + "a" + std::string(199, ')');
    CHECK(tree(parens) == "a");
    check_error({"((((((a))))))", "expression nested too deeply (more than 5 levels)", 5, 1}, 5);
    check_error({"-----a", "expression nested too deeply (more than 5 levels)", 0, 1}, 5);
}

}  // TEST_SUITE
