#include "kamscore/table/decimal_sniff.hpp"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <string_view>

#include "kamscore/table/parse_value.hpp"

using namespace kamscore;

namespace {

DecimalHint hint(std::string_view cell, char decimal) {
    return decimal_hint(cell, decimal, parse_number(cell, NumberFormat{decimal}).has_value());
}

DecimalEvidence evidence_of(std::initializer_list<std::string_view> cells, char decimal) {
    DecimalEvidence evidence;
    std::uint64_t line = 2;
    for (std::string_view cell : cells) evidence.add(hint(cell, decimal), cell, line++);
    return evidence;
}

}  // namespace

TEST_CASE("a cell tells which decimal mark reads it") {
    // Declared ".": German values are read only with ",", or differently.
    CHECK(hint("1.234.567", '.') == DecimalHint::Other);
    CHECK(hint("2.500,50", '.') == DecimalHint::Other);
    CHECK(hint("1,5", '.') == DecimalHint::Other);
    CHECK(hint("12,50 %", '.') == DecimalHint::Other);
    CHECK(hint("1.200", '.') == DecimalHint::Ambiguous);
    CHECK(hint("-12.345 EUR", '.') == DecimalHint::Ambiguous);
    CHECK(hint("1.5", '.') == DecimalHint::Declared);
    CHECK(hint("1,234.5", '.') == DecimalHint::Declared);
    CHECK(hint("1,234,567", '.') == DecimalHint::Declared);
    CHECK(hint("1234.567", '.') == DecimalHint::Declared);   // four digits cannot be one group
    CHECK(hint("0.500", '.') == DecimalHint::Declared);      // grouped thousands never start with 0
    CHECK(hint("1.500e3", '.') == DecimalHint::Declared);
    CHECK(hint("1,200", '.') == DecimalHint::None);          // read as thousands: never a misread
    CHECK(hint("1200", '.') == DecimalHint::None);
    CHECK(hint("n/a", '.') == DecimalHint::None);
    CHECK(hint("1.2.3", '.') == DecimalHint::None);          // not a number either way
    // The mirror under ",".
    CHECK(hint("1,234,567", ',') == DecimalHint::Other);
    CHECK(hint("2,500.50", ',') == DecimalHint::Other);
    CHECK(hint("1,200", ',') == DecimalHint::Ambiguous);
    CHECK(hint("1.200", ',') == DecimalHint::None);
    CHECK(hint("1.234,5", ',') == DecimalHint::Declared);
    CHECK(hint("12,5", ',') == DecimalHint::Declared);
}

TEST_CASE("the hint of a plain decimal, from its fraction digits, is the hint of a second look at the cell") {
    // Wherever the fast path reads a cell, its count of fraction digits is right and the hint
    // from it is the one decimal_hint finds by scanning again.
    int plain_cells = 0;
    const auto check_cell = [&](std::string_view cell, char decimal) {
        int fraction_digits = -1;
        double value = 0;
        if (!parse_plain_decimal(cell, decimal, value, fraction_digits)) return;
        ++plain_cells;
        INFO(cell, " with decimal ", decimal);
        const std::size_t mark = cell.find(decimal);
        CHECK(fraction_digits == (mark == std::string_view::npos ? 0 : static_cast<int>(cell.size() - mark - 1)));
        CHECK(decimal_hint_of_plain(cell, decimal, fraction_digits) == decimal_hint(cell, decimal, true));
    };
    // Cells of digits, signs and both marks, short and long, leading zeros and all.
    std::mt19937 random(20261205);
    const std::string_view alphabet = "0123456789-.,";
    for (char decimal : {'.', ','}) {
        for (int i = 0; i < 200000; ++i) {
            std::string cell(1 + random() % 17, '0');
            for (char& c : cell) c = alphabet[random() % (random() % 4 == 0 ? alphabet.size() : 10)];
            check_cell(cell, decimal);
        }
    }
    CHECK(plain_cells > 50000);   // the generator makes enough cells the fast path reads
    // The three-digit fractions that need the second look: ambiguous, or not because of a 0.
    plain_cells = 0;
    for (std::string_view cell : {"1.200", "0.500", "-1.200", "12.345", "1.5", "1200"}) check_cell(cell, '.');
    CHECK(plain_cells == 6);
}

TEST_CASE("a column is judged on all its cells: values only the other mark reads outnumber the others") {
    CHECK(evidence_of({"850", "1.234.567", "1.200"}, '.').is_other_mark('\t', '.'));
    CHECK(evidence_of({"2.500,50"}, '.').is_other_mark(',', '.'));
    // Two against one: the column is written with ".", the German value is a bad cell.
    CHECK_FALSE(evidence_of({"1.5", "2.25", "1.234.567"}, '.').is_other_mark(';', '.'));
    // One against one is no majority either.
    CHECK_FALSE(evidence_of({"1.5", "1.234.567"}, '.').is_other_mark('\t', '.'));
    CHECK(evidence_of({"1,234,567", "1,200"}, ',').is_other_mark(';', ','));
}

TEST_CASE("ambiguous values count against the declared mark only with the other mark's delimiter") {
    CHECK(evidence_of({"1.200", "12.345", "850"}, '.').is_other_mark(';', '.'));
    CHECK_FALSE(evidence_of({"1.200", "12.345", "850"}, '.').is_other_mark(',', '.'));
    CHECK_FALSE(evidence_of({"1.200", "12.345", "850"}, '.').is_other_mark('\t', '.'));
    // A value that only "." reads shows the column's mark: 1.200 is then 1.2.
    CHECK_FALSE(evidence_of({"1.200", "3.75"}, '.').is_other_mark(';', '.'));
    CHECK(evidence_of({"1,200"}, ',').is_other_mark(',', ','));
    CHECK_FALSE(evidence_of({"1,200"}, ',').is_other_mark(';', ','));
}

TEST_CASE("the examples show the other mark's values first, at most three, with both readings") {
    const DecimalEvidence evidence = evidence_of({"1.200", "1.234.567", "5", "12.345", "2.500,50", "7.000.000"}, '.');
    const auto examples = evidence.examples();
    REQUIRE(examples.size() == 3);
    CHECK(examples[0].line == 3);
    CHECK(describe_decimal_example(examples[0], '.') == R"("1.234.567" is a number only with decimal "," (1234567))");
    CHECK(describe_decimal_example(examples[1], '.') == R"("2.500,50" is a number only with decimal "," (2500.5))");
    CHECK(describe_decimal_example(examples[2], '.') == R"("7.000.000" is a number only with decimal "," (7000000))");
    const auto ambiguous = evidence_of({"1.200"}, '.').examples();
    REQUIRE(ambiguous.size() == 1);
    CHECK(describe_decimal_example(ambiguous[0], '.') == R"("1.200" is 1.2 with decimal "." but 1200 with ",")");
    const auto mirror = evidence_of({"1,200"}, ',').examples();
    CHECK(describe_decimal_example(mirror[0], ',') == R"("1,200" is 1.2 with decimal "," but 1200 with ".")");
}
