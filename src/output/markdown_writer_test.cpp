#include "output/markdown_writer.hpp"

#include <doctest/doctest.h>

#include "output/output_test_support.hpp"

using namespace kamscore;
using kamscore::test::TableBuilder;
using kamscore::test::write_to_string;

TEST_SUITE("output") {
TEST_CASE("markdown writes a pipe table with numbers right-aligned") {
    TableBuilder builder;
    builder.text("id", {"A1", "B2"})
        .text("name", {"Müller GmbH", std::nullopt})
        .number("score", {91.256, missing_number}, 2)
        .boolean("agreement", {bool_true, bool_missing})
        .date("since", {20088, missing_number});
    CHECK(write_to_string(Format::Markdown, builder.table()) ==
          "| id | name | score | agreement | since |\n"
          "| --- | --- | ---: | --- | --- |\n"
          "| A1 | Müller GmbH | 91.26 | true | 2024-12-31 |\n"
          "| B2 |  |  |  |  |\n");
}

TEST_CASE("markdown keeps every cell in its cell: pipes escaped, line breaks as <br>") {
    TableBuilder builder;
    builder.text("note|x", {"a|b", "two\nlines", "crlf\r\nend", "cr\rend", "tab\there\x01", "path\\|x", "trail\\"});
    CHECK(write_to_string(Format::Markdown, builder.table()) ==
          "| note\\|x |\n"
          "| --- |\n"
          "| a\\|b |\n"
          "| two<br>lines |\n"
          "| crlf<br>end |\n"
          "| cr<br>end |\n"
          "| tab here  |\n"
          "| path\\\\\\|x |\n"
          "| trail\\ |\n");
}

TEST_CASE("markdown replaces bytes that are not utf-8") {
    TableBuilder builder;
    builder.text("name", {"M\xFCller"});
    CHECK(write_to_string(Format::Markdown, builder.table()) == "| name |\n| --- |\n| M\xEF\xBF\xBDller |\n");
}

TEST_CASE("markdown leaves out json-only columns and writes only the listed rows") {
    TableBuilder builder;
    builder.text("id", {"A", "B", "C"}).number("raw", {1, 2, 3}).json_only().rows({2, 0});
    CHECK(write_to_string(Format::Markdown, builder.table()) == "| id |\n| --- |\n| C |\n| A |\n");
}
}
