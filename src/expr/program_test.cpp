#include <doctest/doctest.h>

#include <random>

#include "test_frame.hpp"

using namespace kamscore;
using namespace kamscore::expr;
using namespace kamscore::expr::testing;

TEST_SUITE("expr") {

TEST_CASE("arithmetic follows the usual rules and missing propagates") {
    check_table({
        {"a + b", 0, "14"}, {"a - b", 0, "6"}, {"a * b", 0, "40"}, {"a / b", 0, "2.5"}, {"a % b", 0, "2"},
        {"a % 4", 1, "-3"}, {"-a", 0, "-10"}, {"--a", 0, "10"}, {"- - -a", 1, "3"},
        {"1e6", 0, "1000000"}, {"1000000", 0, "1000000"}, {".5 + 0.5", 0, "1"}, {"2.5E-1", 0, "0.25"},
        {"big / 1e6", 0, "1"},
        {"a + n", 1, "missing"}, {"n * 0", 1, "missing"}, {"-n", 1, "missing"}, {"a + none", 0, "missing"},
        {"missing + 1", 0, "missing"}, {"missing", 0, "missing"},
    });
}

TEST_CASE("division or remainder by zero is missing") {
    check_table({
        {"a / b", 1, "missing"}, {"a % b", 1, "missing"}, {"1 / 0", 0, "missing"}, {"0 / 0", 0, "missing"},
        {"a / n", 2, "missing"},
    });
}

TEST_CASE("operators bind by precedence and associate to the left") {
    check_table({
        {"1 + 2 * 3", 0, "7"}, {"(1 + 2) * 3", 0, "9"}, {"10 - 4 - 3", 0, "3"}, {"100 / 10 / 5", 0, "2"},
        {"-2 * 3", 0, "-6"}, {"2 - -3", 0, "5"}, {"7 % 4 * 2", 0, "6"}, {"-a + b", 0, "-6"},
        {"2 * (3 + (4 - 1)) / 3", 0, "4"},
        {"1 + 2 > 2 and 3 < 4 or false", 0, "true"}, {"not a > 5", 1, "true"}, {"not flag and flag", 0, "false"},
        {"not (flag and false)", 0, "true"}, {"true or false and false", 0, "true"},
        {"(true or false) and false", 0, "false"}, {"not not flag", 0, "true"},
        {"a > 5 == true", 0, "error: comparisons cannot be chained (combine them with 'and')"},
    });
}

TEST_CASE("numbers compare by value and a comparison with missing is false") {
    check_table({
        {"a > 5", 0, "true"}, {"a >= 10", 0, "true"}, {"a < 10", 0, "false"}, {"a <= 10", 0, "true"},
        {"a == 10", 0, "true"}, {"a != 10", 0, "false"}, {"a != 10", 1, "true"},
        {"n == 5", 1, "false"}, {"n != 5", 1, "false"}, {"n < 5", 1, "false"}, {"n > 5", 1, "false"},
        {"n <= 5", 1, "false"}, {"n >= 0", 2, "true"}, {"n != n", 1, "false"},
        {"big > 999999", 0, "true"}, {"none == 1", 0, "false"},
    });
}

TEST_CASE("texts compare bytewise and a missing text equals nothing, not even the empty text") {
    check_table({
        {"t == \"high\"", 0, "true"}, {"t == 'high'", 0, "true"}, {"t == label", 0, "true"},
        {"t < \"low\"", 0, "true"}, {"t > \"low\"", 0, "false"}, {"t != \"x\"", 1, "true"},
        {"t >= \"low\"", 1, "true"}, {"t <= \"\"", 2, "true"},
        {"u == \"x\"", 1, "false"}, {"u != \"x\"", 1, "false"}, {"u < \"x\"", 1, "false"},
        {"t == \"\"", 2, "true"}, {"u == \"\"", 1, "false"}, {"u > \"Z\"", 0, "true"},
        {"\"High\" == t", 0, "false"}, {"t == u", 1, "false"},
    });
}

TEST_CASE("bools compare with == and !=") {
    check_table({
        {"flag == true", 0, "true"}, {"flag == on", 1, "false"}, {"maybe == true", 1, "false"},
        {"maybe != false", 1, "false"}, {"flag != maybe", 2, "true"}, {"flag == maybe", 0, "true"},
    });
}

TEST_CASE("dates compare with dates and with ISO date literals") {
    check_table({
        {"d < e", 0, "true"}, {"d > e", 2, "true"}, {"d == \"2024-01-15\"", 0, "true"},
        {"\"2024-01-01\" < d", 0, "true"}, {"d >= cutoff", 1, "false"}, {"d >= cutoff", 0, "true"},
        {"e > \"2000-01-01\"", 1, "false"}, {"e != \"2000-01-01\"", 1, "false"}, {"d == '2000-02-29'", 2, "true"},
        {"d", 0, "2024-01-15"}, {"cutoff", 0, "2024-01-01"},
    });
}

TEST_CASE("date minus date is days, date plus or minus a number is a date") {
    check_table({
        {"e - d", 0, "46"}, {"d - e", 0, "-46"}, {"d + 30", 0, "2024-02-14"}, {"30 + d", 0, "2024-02-14"},
        {"d - 1", 2, "2000-02-28"}, {"d + 1", 2, "2000-03-01"}, {"d + 1", 1, "2024-01-01"},
        {"e - d", 1, "missing"}, {"e + 1", 1, "missing"}, {"d - cutoff", 0, "14"},
        {"d + missing", 0, "missing"}, {"(d + 10) - d", 0, "10"}, {"missing - d", 0, "missing"},
    });
}

TEST_CASE("and, or and not follow Kleene's three-valued logic") {
    check_table({
        {"maybe and true", 1, "missing"}, {"maybe and false", 1, "false"}, {"maybe or true", 1, "true"},
        {"maybe or false", 1, "missing"}, {"not maybe", 1, "missing"}, {"maybe and flag", 1, "false"},
        {"maybe or flag", 1, "missing"}, {"maybe and maybe", 1, "missing"}, {"maybe or maybe", 1, "missing"},
        {"flag and maybe", 0, "true"}, {"flag or maybe", 2, "true"}, {"flag and maybe", 2, "false"},
        {"not missing", 0, "missing"}, {"false and missing", 0, "false"}, {"missing and false", 0, "false"},
        {"true or missing", 0, "true"}, {"missing or true", 0, "true"}, {"true and missing", 0, "missing"},
        {"missing or missing", 0, "missing"}, {"false or missing", 0, "missing"},
        {"flag and not flag", 1, "false"}, {"on and flag", 1, "false"}, {"on or maybe", 1, "true"},
    });
}

TEST_CASE("in tests membership in a list of constants, and missing is in no list") {
    check_table({
        {"a in [1, 10, 100]", 0, "true"}, {"a in [1, 10, 100]", 1, "false"}, {"a in [-3]", 1, "true"},
        {"n in [5]", 1, "false"}, {"n in [5]", 0, "true"}, {"a in [big, 10]", 0, "true"},
        {"t in [\"high\", \"medium\"]", 0, "true"}, {"t in ['high', 'medium']", 2, "false"},
        {"t in [\"\"]", 2, "true"}, {"u in [\"\"]", 1, "false"}, {"t in [label]", 0, "true"},
        {"d in [\"2024-01-15\", \"2023-12-31\"]", 1, "true"}, {"d in [\"2024-01-15\", cutoff]", 2, "false"},
        {"e in [\"2024-03-01\"]", 1, "false"}, {"flag in [true]", 0, "true"}, {"flag in [true]", 1, "false"},
        {"maybe in [true, false]", 1, "false"}, {"not a in [1]", 0, "true"}, {"a + 1 in [11]", 0, "true"},
        {"3 in [1, 2, 3]", 0, "true"}, {"\"x\" in ['y']", 0, "false"}, {"none in [1]", 0, "false"},
    });
}

TEST_CASE("the missing literal takes the type its context needs") {
    check_table({
        {"if(a > 0, a, missing)", 1, "missing"}, {"if(a > 0, a, missing)", 0, "10"},
        {"if(a > 0, missing, t)", 0, "missing"}, {"if(a > 0, missing, t)", 1, "\"low\""},
        {"if(a > 0, missing, missing)", 0, "missing"}, {"if(flag, missing, missing) + 1", 0, "missing"},
        {"coalesce(missing, n, a)", 1, "-3"}, {"coalesce(missing, missing)", 0, "missing"},
        {"is_missing(missing)", 0, "true"}, {"missing and flag", 0, "missing"}, {"-missing", 0, "missing"},
    });
}

TEST_CASE("a program over many rows gives what evaluate_row gives for each row") {
    Frame frame;
    constexpr std::size_t rows = 10000;
    frame.rows = rows;
    int x = frame.add_column("x", Type::Number);
    int y = frame.add_column("y", Type::Number);
    int name = frame.add_column("name", Type::Text);
    int active = frame.add_column("active", Type::Bool);
    int since = frame.add_column("since", Type::Date);
    std::mt19937 random(42);
    const std::string_view words[] = {"high", "Medium", "LOW", "Über", ""};
    for (std::size_t row = 0; row < rows; ++row) {
        auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
        frame.columns[x].numbers[row] = pick(10) == 0 ? missing_number : pick(2000) - 1000;
        frame.columns[y].numbers[row] = pick(10) == 0 ? missing_number : pick(20) - 10;
        frame.columns[name].texts[row] = pick(8) == 0 ? std::string_view() : frame.arena.store(words[pick(5)]);
        frame.columns[active].bools[row] = static_cast<Bool3>(pick(3) - 1);
        frame.columns[since].numbers[row] = pick(10) == 0 ? missing_number : date(2020, 1, 1) + pick(1500);
    }
    Scope scope;
    for (std::size_t slot = 0; slot < frame.columns.size(); ++slot)
        scope.add_slot(frame.names[slot], frame.columns[slot].type, static_cast<int>(slot));
    scope.add_constant("limit", Value::of_number(100));
    CompileOptions options;
    options.today = date(2024, 6, 30);

    for (std::string_view source : {
             "max(x - y, 0) * 2 > 10 and name == \"high\"",
             "if(active, lower(name), upper(name))",
             "coalesce(name, \"none\")",
             "if(x > limit, \"big\", if(x > 0, name, missing))",
             "round(x / y, 1) + clamp(y, -5, 5) % 3",
             "not active or x in [1, 2, 3] or starts_with(lower(name), \"me\")",
             "days_since(since) + year(since)",
             "if(active, since + 30, since - y)",
             "coalesce(x / y, sqrt(x), log(x, 10), -1)",
         }) {
        INFO(source);
        CompileResult compiled = compile(source, scope, std::nullopt, options);
        REQUIRE(compiled.program);
        const Program& program = *compiled.program;
        Column out(program.type());
        out.resize(rows);
        TextArena storage;
        program.run(frame, 0, rows, out, storage);
        std::size_t mismatches = 0;
        for (std::size_t row = 0; row < rows; ++row) {
            Value expected = program.evaluate_row(frame, row);
            Value actual;
            switch (program.type()) {
            case Type::Number: actual = Value::of_number(out.numbers[row]); break;
            case Type::Date: actual = Value::of_date(out.numbers[row]); break;
            case Type::Bool:
                actual = out.bools[row] == bool_missing ? Value::missing_of(Type::Bool) : Value::of_bool(out.bools[row] == 1);
                break;
            case Type::Text:
                actual = out.texts[row].data() ? Value::of_text(std::string(out.texts[row])) : Value::missing_of(Type::Text);
                break;
            }
            if (show(actual) != show(expected)) ++mismatches;
        }
        CHECK(mismatches == 0);
    }
}

TEST_CASE("run fills exactly the requested range of rows") {
    TestFrame data;
    CompileResult compiled = data.compile("a * 2");
    REQUIRE(compiled.program);
    Column out(Type::Number);
    out.resize(3);
    TextArena storage;
    compiled.program->run(data.frame, 1, 3, out, storage);
    CHECK(is_missing(out.numbers[0]));
    CHECK(out.numbers[1] == -6);
    CHECK(out.numbers[2] == 5);
}

TEST_CASE("text results outlive the program that made them") {
    TestFrame data;
    Column out(Type::Text);
    out.resize(3);
    TextArena storage;
    {
        CompileResult compiled = data.compile("if(flag, upper(u), \"none\")");
        REQUIRE(compiled.program);
        compiled.program->run(data.frame, 0, 3, out, storage);
    }
    CHECK(out.texts[0] == "ÄPFEL");
    CHECK(out.texts[1] == "none");
    CHECK(out.texts[2] == "STRAßE");
    Column constant(Type::Text);
    constant.resize(2);
    {
        CompileResult compiled = data.compile("lower(label)");
        REQUIRE(compiled.program);
        compiled.program->run(data.frame, 0, 2, constant, storage);
    }
    CHECK(constant.texts[1] == "high");
}

TEST_CASE("a text column read as is stays a view of the frame") {
    TestFrame data;
    CompileResult compiled = data.compile("t");
    REQUIRE(compiled.program);
    Column out(Type::Text);
    out.resize(3);
    TextArena storage;
    compiled.program->run(data.frame, 0, 3, out, storage);
    CHECK(out.texts[0].data() == data.frame.columns[4].texts[0].data());
    CHECK(storage.bytes() == 0);
}

TEST_CASE("params and constant sub-expressions are folded into the instructions") {
    TestFrame data;
    auto listing = [&](std::string_view source) {
        CompileResult compiled = data.compile(source);
        return compiled.program ? compiled.program->listing() : compiled.errors.at(0).message;
    };
    CHECK(listing("a + big * 2") == "n1 = add a, 2000000\nreturn n1\n");
    CHECK(listing("a") == "return a\n");
    CHECK(listing("true or flag") == "return true\n");
    CHECK(listing("flag and on") == "return flag\n");
    CHECK(listing("lower(\"ÄB\") == t") == "b1 = equal_text \"äb\", t\nreturn b1\n");
    CHECK(listing("if(on, a, b)") == "return a\n");
    CHECK(listing("d > \"2024-01-01\"") == fmt::format("b1 = greater_number d, {}\nreturn b1\n", date(2024, 1, 1)));
    CHECK(listing("a in [1, big]") == "b1 = in_number a [1, 1000000]\nreturn b1\n");
}

TEST_CASE("a program reports the slots and names it reads") {
    TestFrame data;
    CompileResult compiled = data.compile("a + b + a < big and flag");
    REQUIRE(compiled.program);
    CHECK(compiled.program->slots_read() == std::vector<int>{0, 1, 6});
    CHECK(compiled.program->names_read() == std::vector<std::string>{"a", "b", "big", "flag"});
    CHECK(compiled.program->type() == Type::Bool);
    Program moved = std::move(*compiled.program);
    CHECK(show(moved.evaluate_row(data.frame, 0)) == "true");
}

}  // TEST_SUITE
