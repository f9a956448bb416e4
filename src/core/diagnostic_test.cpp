#include "kamscore/diagnostic.hpp"

#include <doctest/doctest.h>

using namespace kamscore;

namespace {

Diagnostic make(Severity severity, int line, int column, int length, std::string message,
                std::string source_line) {
    return Diagnostic{severity, SourceLocation{"rules/kam.yaml", line, column, length}, std::move(message),
                      std::move(source_line)};
}

}  // namespace

TEST_SUITE("core") {
TEST_CASE("a diagnostic shows file, line, column, the source line and a caret under the token") {
    auto diagnostic = make(Severity::Error, 14, 27, 6, "unknown name 'revenu' (did you mean 'revenue'?)",
                           "  potential: max(wallet - revenu, 0)");
    CHECK(format_diagnostic(diagnostic) ==
          "rules/kam.yaml:14:27: error: unknown name 'revenu' (did you mean 'revenue'?)\n"
          "   14 |   potential: max(wallet - revenu, 0)\n"
          "      |                           ^~~~~~\n");
}

TEST_CASE("warnings and notes name their severity") {
    CHECK(format_diagnostic(make(Severity::Warning, 3, 1, 1, "unused field 'x'", "x: 1")) ==
          "rules/kam.yaml:3:1: warning: unused field 'x'\n"
          "    3 | x: 1\n"
          "      | ^\n");
    CHECK(format_diagnostic(make(Severity::Note, 2, 3, 2, "first defined here", "a: 1")) ==
          "rules/kam.yaml:2:3: note: first defined here\n"
          "    2 | a: 1\n"
          "      |   ^~\n");
}

TEST_CASE("the caret counts characters, not bytes, and copies tabs") {
    CHECK(format_diagnostic(make(Severity::Error, 5, 12, 5, "unknown tier", "- { label: Großkunde }")) ==
          "rules/kam.yaml:5:12: error: unknown tier\n"
          "    5 | - { label: Großkunde }\n"
          "      |            ^~~~~\n");
    CHECK(format_diagnostic(make(Severity::Error, 2, 6, 3, "bad", "\tä:\t xyz")) ==
          "rules/kam.yaml:2:6: error: bad\n"
          "    2 | \tä:\t xyz\n"
          "      | \t  \t ^~~\n");
}

TEST_CASE("the underline stops at the end of the line and is at least a caret") {
    CHECK(format_diagnostic(make(Severity::Error, 1, 4, 50, "too long", "a: bc")) ==
          "rules/kam.yaml:1:4: error: too long\n"
          "    1 | a: bc\n"
          "      |    ^~\n");
    CHECK(format_diagnostic(make(Severity::Error, 1, 7, 0, "at the end", "a: bc")) ==
          "rules/kam.yaml:1:7: error: at the end\n"
          "    1 | a: bc\n"
          "      |       ^\n");
}

TEST_CASE("without a position there is no caret and no column") {
    CHECK(format_diagnostic(make(Severity::Error, 0, 0, 1, "the rule file is empty", "")) ==
          "rules/kam.yaml: error: the rule file is empty\n");
    CHECK(format_diagnostic(make(Severity::Error, 4, 0, 1, "no column", "x: 1")) ==
          "rules/kam.yaml:4: error: no column\n"
          "    4 | x: 1\n");
    CHECK(format_diagnostic(make(Severity::Error, 4, 2, 1, "no source", "")) ==
          "rules/kam.yaml:4:2: error: no source\n");
    Diagnostic without_file;
    without_file.message = "cannot read 'x.yaml'";
    CHECK(format_diagnostic(without_file) == "kamscore: error: cannot read 'x.yaml'\n");
}

TEST_CASE("line numbers beyond five digits widen the gutter") {
    CHECK(format_diagnostic(make(Severity::Error, 123456, 1, 1, "far", "x")) ==
          "rules/kam.yaml:123456:1: error: far\n"
          "123456 | x\n"
          "       | ^\n");
}

TEST_CASE("a list of diagnostics ends with the counts") {
    std::vector<Diagnostic> diagnostics{make(Severity::Error, 1, 1, 1, "one", "a"),
                                        make(Severity::Warning, 2, 1, 1, "two", "b"),
                                        make(Severity::Error, 3, 1, 1, "three", "c")};
    CHECK(format_diagnostics(diagnostics, "rules/x.yaml") ==
          "rules/kam.yaml:1:1: error: one\n"
          "    1 | a\n"
          "      | ^\n"
          "rules/kam.yaml:2:1: warning: two\n"
          "    2 | b\n"
          "      | ^\n"
          "rules/kam.yaml:3:1: error: three\n"
          "    3 | c\n"
          "      | ^\n"
          "kamscore: 2 errors, 1 warning in rules/x.yaml\n");
    CHECK(format_diagnostics({make(Severity::Error, 0, 0, 1, "one", "")}, "r.yaml") ==
          "rules/kam.yaml: error: one\nkamscore: 1 error in r.yaml\n");
    CHECK(format_diagnostics({make(Severity::Warning, 0, 0, 1, "w", ""), make(Severity::Warning, 0, 0, 1, "v", "")},
                             "r.yaml") ==
          "rules/kam.yaml: warning: w\nrules/kam.yaml: warning: v\nkamscore: 2 warnings in r.yaml\n");
    CHECK(format_diagnostics({}, "r.yaml").empty());
}

TEST_CASE("line_of returns one line without its line break") {
    std::string_view text = "first\r\nsecond\nthird";
    CHECK(line_of(text, 1) == "first");
    CHECK(line_of(text, 2) == "second");
    CHECK(line_of(text, 3) == "third");
    CHECK(line_of(text, 4).empty());
    CHECK(line_of(text, 0).empty());
    CHECK(line_of("", 1).empty());
}

TEST_CASE("count_characters counts UTF-8 code points") {
    CHECK(count_characters("") == 0);
    CHECK(count_characters("abc") == 3);
    CHECK(count_characters("Großkunde") == 9);
    CHECK(count_characters("€ 5") == 3);
    CHECK(count_characters("😀") == 1);
}
}
