#include "output/table_writer.hpp"

#include <doctest/doctest.h>

#include <limits>
#include <string>

#include "output/output_test_support.hpp"

using namespace kamscore;
using kamscore::test::TableBuilder;
using kamscore::test::write_to_string;

namespace {

constexpr double missing = missing_number;

TableBuilder customers() {
    TableBuilder builder;
    builder.text("id", {"A1", "B22", "C3", "D4"})
        .text("name", {"Müller", "Muller", "東京商事", std::nullopt})
        .number("score", {91.2, 5, missing, -0.004}, 2)
        .text("tier", {"key_account", "standard", "large", "key_account"});
    return builder;
}

}  // namespace

TEST_SUITE("output") {
TEST_CASE("table columns align by display width, numbers to the right") {
    TableBuilder builder = customers();
    CHECK(write_to_string(Format::Table, builder.table()) ==
          "id   name      score  tier\n"
          "---  --------  -----  -----------\n"
          "A1   Müller    91.20  key_account\n"
          "B22  Muller     5.00  standard\n"
          "C3   東京商事         large\n"
          "D4              0.00  key_account\n");
}

TEST_CASE("table cells wider than the cap are cut with an ellipsis") {
    std::string latin;
    for (int i = 0; i < 5; ++i) latin += "abcdefghij";
    std::string cjk;
    for (int i = 0; i < 25; ++i) cjk += "東";
    TableBuilder builder;
    builder.text("name", {latin, cjk, "Mu\xCC\x88ller"}).number("n", {1, 2, 3});
    const std::string cut_latin = latin.substr(0, 39) + "…";
    std::string cut_cjk;
    for (int i = 0; i < 19; ++i) cut_cjk += "東";
    CHECK(write_to_string(Format::Table, builder.table()) ==
          "name" + std::string(36, ' ') + "  n\n" +
          std::string(40, '-') + "  -\n" +
          cut_latin + "  1\n" +
          cut_cjk + "… " + "  2\n" +
          "Mu\xCC\x88ller" + std::string(34, ' ') + "  3\n");
}

TEST_CASE("columns that do not fit the terminal are left out and counted") {
    TableBuilder builder = customers();
    WriteOptions options;
    options.terminal_width = 25;
    CHECK(write_to_string(Format::Table, builder.table(), options) ==
          "id   name      score\n"
          "---  --------  -----\n"
          "A1   Müller    91.20\n"
          "B22  Muller     5.00\n"
          "C3   東京商事       \n"
          "D4              0.00\n"
          "(1 more column: use -f csv to see all)\n");

    options.terminal_width = 33;  // exactly wide enough
    CHECK(write_to_string(Format::Table, builder.table(), options).find("more column") == std::string::npos);

    options.terminal_width = 12;
    CHECK(write_to_string(Format::Table, builder.table(), options) ==
          "id\n---\nA1\nB22\nC3\nD4\n(3 more columns: use -f csv to see all)\n");

    options.terminal_width = 2;  // the id column stays, cut
    CHECK(write_to_string(Format::Table, builder.table(), options) ==
          "id\n--\nA1\nB…\nC3\nD4\n(3 more columns: use -f csv to see all)\n");
}

TEST_CASE("tier values are coloured by first appearance, only when colour is on") {
    TableBuilder builder;
    builder.text("id", {"A", "B", "C", "D", "E"})
        .text("tier", {"key_account", "standard", "large", "key_account", std::nullopt})
        .number("n", {1, 2, 3, 4, 5});
    WriteOptions options;
    options.tier_column = "tier";
    const std::string plain = write_to_string(Format::Table, builder.table(), options);
    CHECK(plain.find('\x1b') == std::string::npos);

    options.color = true;
    CHECK(write_to_string(Format::Table, builder.table(), options) ==
          "id  tier         n\n"
          "--  -----------  -\n"
          "A   \x1b[1;32mkey_account\x1b[0m  1\n"
          "B   \x1b[33mstandard\x1b[0m     2\n"
          "C   \x1b[36mlarge\x1b[0m        3\n"
          "D   \x1b[1;32mkey_account\x1b[0m  4\n"
          "E                5\n");

    options.tier_column.clear();
    CHECK(write_to_string(Format::Table, builder.table(), options) == plain);
}

TEST_CASE("tiers named in color_order keep their colour whatever row comes first") {
    TableBuilder builder;
    builder.text("tier", {"standard", "key_account"});
    WriteOptions options;
    options.tier_column = "tier";
    options.color = true;
    options.color_order = {"key_account", "large", "standard"};
    CHECK(write_to_string(Format::Table, builder.table(), options) ==
          "tier\n"
          "-----------\n"
          "\x1b[36mstandard\x1b[0m\n"
          "\x1b[1;32mkey_account\x1b[0m\n");
}

TEST_CASE("control characters in table cells show as spaces") {
    TableBuilder builder;
    builder.text("note", {"two\nlines", "\x1b[31mred", "c1\xC2\x9B" "x", "bad\xFF"});
    CHECK(write_to_string(Format::Table, builder.table()) ==
          "note\n"
          "---------\n"
          "two lines\n"
          " [31mred\n"
          "c1 x\n"
          "bad\xEF\xBF\xBD\n");
}

TEST_CASE("table shows only flat columns and listed rows; bools and dates left-aligned") {
    TableBuilder builder;
    builder.text("id", {"A", "B", "C"})
        .number("raw", {1, 2, 3}).json_only()
        .boolean("agreement", {bool_true, bool_missing, bool_false})
        .date("since", {20088, missing, 0})
        .rows({2, 0});
    CHECK(write_to_string(Format::Table, builder.table()) ==
          "id  agreement  since\n"
          "--  ---------  ----------\n"
          "C   false      1970-01-01\n"
          "A   true       2024-12-31\n");
}

TEST_CASE("a table without rows is header and rule") {
    TableBuilder builder;
    builder.text("id", {}).number("score", {});
    CHECK(write_to_string(Format::Table, builder.table()) == "id  score\n--  -----\n");
}
}
