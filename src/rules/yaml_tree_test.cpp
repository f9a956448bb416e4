#include "rules/yaml_tree.hpp"

#include <chrono>

#include <doctest/doctest.h>
#include <fmt/format.h>

using namespace kamscore;

namespace {

YamlDocument parse(std::string_view text) { return parse_yaml(SourceText(text, "r.yaml")); }

std::string only_error(std::string_view text) {
    YamlDocument document = parse(text);
    REQUIRE(document.diagnostics.size() == 1);
    return format_diagnostic(document.diagnostics.front());
}

}  // namespace

TEST_SUITE("rules") {
TEST_CASE("scalars keep their text, quoting and 1-based position in characters") {
    std::string text = "name: \"Key accounts\"\nlabel: Großkunde\nwhen: 'it''s'\nü: x y  # comment\n";
    YamlDocument document = parse(text);
    REQUIRE(document.diagnostics.empty());
    REQUIRE(document.root);
    const YamlNode& root = *document.root;
    REQUIRE(root.is_map());
    REQUIRE(root.entries.size() == 4);

    const YamlNode& name = root.entries[0].value;
    CHECK(name.text == "Key accounts");
    CHECK(name.quoted);
    CHECK(name.line == 1);
    CHECK(name.column == 7);
    CHECK(name.length == 14);
    CHECK(name.verbatim_offset == std::optional<std::size_t>(7));

    const YamlNode& label = root.entries[1].value;
    CHECK(label.text == "Großkunde");
    CHECK_FALSE(label.quoted);
    CHECK(label.length == 9);

    const YamlNode& escaped = root.entries[2].value;
    CHECK(escaped.text == "it's");
    CHECK(escaped.length == 7);
    CHECK_FALSE(escaped.verbatim_offset);

    const YamlNode& umlaut_key = root.entries[3].key;
    CHECK(umlaut_key.text == "ü");
    const YamlNode& after_umlaut = root.entries[3].value;
    CHECK(after_umlaut.line == 4);
    CHECK(after_umlaut.column == 4);
    CHECK(after_umlaut.text == "x y");
}

TEST_CASE("null, empty values, lists and block scalars are told apart") {
    YamlDocument document = parse("a: ~\nb:\nc: [null, 1]\nd: |\n  text\n");
    REQUIRE(document.root);
    const auto& entries = document.root->entries;
    REQUIRE(entries.size() == 4);
    CHECK(entries[0].value.is_null());
    CHECK(entries[1].value.is_null());
    REQUIRE(entries[2].value.is_sequence());
    CHECK(entries[2].value.items[0].is_null());
    CHECK(entries[2].value.items[1].text == "1");
    CHECK(entries[3].value.text == "text\n");
    CHECK(entries[3].value.quoted);
    CHECK_FALSE(entries[3].value.verbatim_offset);
}

TEST_CASE("duplicate keys stay visible in file order") {
    YamlDocument document = parse("a: 1\nb: 2\na: 3\n");
    REQUIRE(document.root);
    REQUIRE(document.root->entries.size() == 3);
    CHECK(document.root->entries[2].key.text == "a");
    CHECK(document.root->entries[2].key.line == 3);
}

TEST_CASE("a byte-order mark and CRLF line ends do not shift positions") {
    YamlDocument document = parse("\xEF\xBB\xBF" "a: 1\r\nbb: 2\r\n");
    REQUIRE(document.root);
    CHECK(document.root->entries[1].value.line == 2);
    CHECK(document.root->entries[1].value.column == 5);
}

TEST_CASE("an empty file has no root and no error") {
    YamlDocument document = parse("# nothing here\n");
    CHECK_FALSE(document.root);
    CHECK(document.diagnostics.empty());
}

TEST_CASE("a billion-laughs file is rejected at its first anchor, at once") {
    std::string text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (int i = 1; i < 10; ++i) {
        std::string alias = "*a" + std::to_string(i - 1);
        text += fmt::format("a{0}: &a{0} [{1}, {1}, {1}, {1}, {1}, {1}, {1}, {1}, {1}]\n", i, alias);
    }
    auto start = std::chrono::steady_clock::now();
    YamlDocument document = parse(text);
    auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(elapsed < std::chrono::seconds(1));
    CHECK_FALSE(document.root);
    REQUIRE(document.diagnostics.size() == 1);
    CHECK(format_diagnostic(document.diagnostics[0]) ==
          "r.yaml:1:5: error: YAML aliases and anchors are not supported in rule files\n"
          "    1 | a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
          "      |     ^~~\n");
}

TEST_CASE("an alias is rejected at its position") {
    // yaml-cpp announces an alias only after its anchor, which is refused first; an alias of
    // an unknown anchor comes as a yaml-cpp error and gets the same answer.
    CHECK(only_error("base: &b 5\nother: *b\n") ==
          "r.yaml:1:7: error: YAML aliases and anchors are not supported in rule files\n"
          "    1 | base: &b 5\n"
          "      |       ^~\n");
    CHECK(only_error("x: *nowhere\n") ==
          "r.yaml:1:4: error: YAML aliases and anchors are not supported in rule files\n"
          "    1 | x: *nowhere\n"
          "      |    ^~~~~~~~\n");
}

TEST_CASE("invalid UTF-8 is reported with line and column before parsing") {
    CHECK(only_error("name: ok\nlabel: Gro\xDF" "kunde\n") ==
          "r.yaml:2:11: error: invalid UTF-8 (byte 0xDF): rule files must be saved as UTF-8, not "
          "Windows-1252 or Latin-1\n"
          "    2 | label: Gro\xEF\xBF\xBDkunde\n"
          "      |           ^\n");
    CHECK(only_error("\xFF\xFEk") ==
          "r.yaml:1:1: error: the rule file is UTF-16: save it as UTF-8\n"
          "    1 | \xEF\xBF\xBD\xEF\xBF\xBDk\n"
          "      | ^\n");
}

TEST_CASE("overlong forms and surrogates are not UTF-8") {
    CHECK(find_invalid_utf8("abc") == std::nullopt);
    CHECK(find_invalid_utf8("Großkunde €😀") == std::nullopt);
    CHECK(find_invalid_utf8("a\xC0\xAF") == std::optional<std::size_t>(1));
    CHECK(find_invalid_utf8("a\xED\xA0\x80") == std::optional<std::size_t>(1));
    CHECK(find_invalid_utf8("ab\xF4\x90\x80\x80") == std::optional<std::size_t>(2));
    CHECK(find_invalid_utf8("\xE2\x82") == std::optional<std::size_t>(0));
}

TEST_CASE("a YAML syntax error carries yaml-cpp's mark, counted from 1") {
    CHECK(only_error("metrics:\n  - id: a\n  weight: 3\n") ==
          "r.yaml:3:3: error: invalid YAML: end of map not found\n"
          "    3 |   weight: 3\n"
          "      |   ^\n");
    CHECK(only_error("a: [1, 2\nb: 3\n") ==
          "r.yaml:2:2: error: invalid YAML: end of sequence flow not found\n"
          "    2 | b: 3\n"
          "      |  ^\n");
}

TEST_CASE("deep nesting stops at the depth limit, not in a stack overflow") {
    std::string text = "a: " + std::string(100'000, '[') + std::string(100'000, ']') + "\n";
    YamlDocument document = parse(text);
    CHECK_FALSE(document.root);
    REQUIRE(document.diagnostics.size() == 1);
    // The root map is the first level, so the 64th bracket (column 67) opens level 65.
    CHECK(format_diagnostic(document.diagnostics[0]) ==
          "r.yaml:1:67: error: YAML nested more than 64 levels deep: a rule file needs far fewer\n"
          "    1 | " + text.substr(0, text.size() - 1) + "\n"
          "      | " + std::string(66, ' ') + "^\n");
}

TEST_CASE("unbalanced brackets hit the depth limit too") {
    YamlDocument document = parse(std::string(100'000, '['));
    CHECK_FALSE(document.root);
    REQUIRE(document.diagnostics.size() == 1);
    CHECK(document.diagnostics[0].message == "YAML nested more than 64 levels deep: a rule file needs far fewer");
}

TEST_CASE("the node budget bounds a huge flat file") {
    std::string text = "[1";
    for (int i = 0; i < 200; ++i) text += ", 1";
    text += "]\n";
    YamlDocument document = parse_yaml(SourceText(text, "r.yaml"), YamlLimits{100, 64});
    CHECK_FALSE(document.root);
    REQUIRE(document.diagnostics.size() == 1);
    CHECK(document.diagnostics[0].message == "rule file too large: more than 100 YAML nodes");
    CHECK(document.diagnostics[0].location.column == 299);
}

TEST_CASE("a second document is an error, but the first is kept") {
    YamlDocument document = parse("a: 1\n---\nb: 2\n");
    REQUIRE(document.root);
    CHECK(document.root->entries.size() == 1);
    REQUIRE(document.diagnostics.size() == 1);
    CHECK(format_diagnostic(document.diagnostics[0]) ==
          "r.yaml:2:1: error: a rule file holds one YAML document, but a second one starts here\n"
          "    2 | ---\n"
          "      | ^~~\n");
}

TEST_CASE("describe names what was found") {
    YamlDocument document = parse("a: [1]\nb: {c: 1}\nc: text\nd:\n");
    REQUIRE(document.root);
    CHECK(describe(document.root->entries[0].value) == "a list");
    CHECK(describe(document.root->entries[1].value) == "a map");
    CHECK(describe(document.root->entries[2].value) == "'text'");
    CHECK(describe(document.root->entries[3].value) == "nothing");
}
}
