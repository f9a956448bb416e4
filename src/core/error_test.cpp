#include "kamscore/error.hpp"

#include <doctest/doctest.h>

namespace kamscore {
TEST_SUITE("error") {

TEST_CASE("the location is written as much as it is known") {
    CHECK(located_message(Error(ExitCode::BadData, "no header")) == "no header");
    CHECK(located_message(Error(ExitCode::BadData, "no header", {"x.csv"})) == "x.csv: no header");
    CHECK(located_message(Error(ExitCode::BadData, "duplicate id 'A'", {"x.csv", 4})) == "x.csv:4: duplicate id 'A'");
    CHECK(located_message(Error(ExitCode::BadData, "bad byte", {"x.csv", 4, 7})) == "x.csv:4:7: bad byte");
    // A column without a line means nothing and is left out.
    CHECK(located_message(Error(ExitCode::BadData, "bad byte", {"x.csv", 0, 7})) == "x.csv: bad byte");
}

TEST_CASE("format_error prefixes the located message and ends the line") {
    CHECK(format_error(Error(ExitCode::IoFailure, "cannot write to standard output")) ==
          "kamscore: error: cannot write to standard output\n");
    CHECK(format_error(Error(ExitCode::BadData, "duplicate id 'A' (first on line 2)", {"old.csv", 3})) ==
          "kamscore: error: old.csv:3: duplicate id 'A' (first on line 2)\n");
    CHECK(format_error(Error(ExitCode::BadData, "invalid UTF-8", {"x.csv", 2, 5})) ==
          "kamscore: error: x.csv:2:5: invalid UTF-8\n");
}

TEST_CASE("details come before the error line") {
    const Error error(ExitCode::BadData, "2 bad lines in o.csv", {},
                      "o.csv:2: the tier is empty\no.csv:3: the id is empty\n");
    CHECK(format_error(error) ==
          "o.csv:2: the tier is empty\n"
          "o.csv:3: the id is empty\n"
          "kamscore: error: 2 bad lines in o.csv\n");
    // Details without their last line break still end their line.
    CHECK(format_error(Error(ExitCode::BadData, "1 bad line", {}, "o.csv:2: x")) ==
          "o.csv:2: x\nkamscore: error: 1 bad line\n");
}

TEST_CASE("an error whose details say everything prints only the details") {
    const std::string diagnostics = "rules.yaml:3:5: error: unknown key\nkamscore: 1 error in rules.yaml\n";
    const Error error(ExitCode::BadRules, "", {}, diagnostics);
    CHECK(format_error(error) == diagnostics);
    CHECK(std::string(error.what()) == diagnostics);
}

TEST_CASE("what() is the located message without the prefix") {
    const Error error(ExitCode::BadData, "duplicate id 'A'", {"x.csv", 4});
    CHECK(std::string(error.what()) == "x.csv:4: duplicate id 'A'");
    CHECK(error.message() == "duplicate id 'A'");
    CHECK(error.location().line == 4);
    CHECK(error.code() == ExitCode::BadData);
}
}
}  // namespace kamscore
