// The `tests:` section: test cases written inside the rule file, run by `kamscore test`.
#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "kamscore/edit_distance.hpp"
#include "kamscore/table/column_name.hpp"
#include "kamscore/table/parse_value.hpp"
#include "rules/load_sections.hpp"
#include "rules/rule_keys.hpp"

namespace kamscore {
namespace {

/// A map of scalars (nothing for an empty value) as entries; other shapes are reported.
std::vector<TestEntry> read_entries(RuleReader& reader, const YamlNode& node, std::string_view what) {
    std::vector<TestEntry> entries;
    if (node.is_null()) return entries;
    if (!node.is_map()) {
        reader.expected(node, "a map like { key: value, ... }", what);
        return entries;
    }
    for (const YamlEntry* entry : reader.entries(node, {})) {
        if (!entry->value.is_scalar() && !entry->value.is_null()) {
            reader.expected(entry->value, "a single value", fmt::format("'{}' in {}", entry->key.text, what));
            continue;
        }
        entries.push_back(TestEntry{entry->key.text, entry->value.is_null() ? std::string() : entry->value.text,
                                    reader.location(entry->key), reader.location(entry->value)});
    }
    return entries;
}

std::vector<TestRow> read_rows(RuleReader& reader, const YamlNode& node, std::string_view what) {
    std::vector<TestRow> rows;
    if (!node.is_sequence() || node.items.empty()) {
        reader.expected(node, "a list of rows like [ { customer_id: A, revenue: 100 } ]", what);
        return rows;
    }
    for (std::size_t i = 0; i < node.items.size(); ++i) {
        const YamlNode& item = node.items[i];
        std::string row_what = fmt::format("row {} of {}", i + 1, what);
        if (!item.is_map()) {
            reader.expected(item, "a map of column: value", row_what);
            continue;
        }
        rows.push_back(TestRow{read_entries(reader, item, row_what), reader.location(item)});
    }
    return rows;
}

/// Checks one test against the rest of the rule file.
class TestChecker {
public:
    TestChecker(const RuleSet& rules, const SourceText& source, std::vector<Diagnostic>& diagnostics,
                std::vector<UnknownTestColumn>& unknown_columns)
        : rules_(rules), source_(source), diagnostics_(diagnostics), unknown_columns_(unknown_columns) {
        columns_.push_back(rules.input.id_column);
        if (!rules.input.label_column.empty()) columns_.push_back(rules.input.label_column);
        if (!rules.input.group_column.empty()) columns_.push_back(rules.input.group_column);
        // A field of a secondary source is given in a test row by its name: its value after aggregation.
        for (const auto& field : rules.fields) columns_.push_back(field.source.empty() ? field.column : field.name);
        for (const auto& tier : rules.tiers) tiers_.push_back(tier.id);
        for (const auto& param : rules.params) params_.push_back(param.name);
    }

    void check(const RuleTest& test) {
        const std::string name = fmt::format("test '{}'", test.name);
        std::set<std::string> ids;
        std::set<std::string> groups;   // with input.group the scored rows are the groups
        for (std::size_t r = 0; r < test.rows.size(); ++r) {
            const TestRow& row = test.rows[r];
            const TestEntry* id = nullptr;
            for (const TestEntry& cell : row.cells) {
                bool known = std::any_of(columns_.begin(), columns_.end(),
                                         [&](const std::string& column) { return same_column_name(column, cell.key); });
                if (!known) {
                    std::string suggestion = did_you_mean(cell.key, columns_);
                    if (suggestion.empty()) suggestion = field_reading_part_of(cell.key);
                    error(cell.location, fmt::format("{}: no column '{}' is read by the rules{}", name, cell.key,
                                                     suggestion.empty() ? " (only the id, label and field columns)"
                                                                        : suggestion));
                    unknown_columns_.push_back({cell.key, diagnostics_.back()});
                }
                if (same_column_name(cell.key, rules_.input.id_column)) id = &cell;
                if (!rules_.input.group_column.empty() && same_column_name(cell.key, rules_.input.group_column))
                    groups.insert(cell.value);
            }
            if (!id || id->value.empty()) {
                error(row.location, fmt::format("{}: row {} needs an id in '{}'", name, r + 1, rules_.input.id_column));
            } else if (!ids.insert(id->value).second) {
                error(id->value_location, fmt::format("{}: id '{}' is in two rows", name, id->value));
            }
        }
        const bool grouped = !rules_.input.group_column.empty();
        const std::set<std::string>& scored = grouped ? groups : ids;
        auto check_id = [&](const TestEntry& entry, std::string_view what) {
            if (!scored.empty() && !scored.count(entry.key))
                error(entry.location, fmt::format("{}: '{}' in '{}' is not the {} of a row of the test", name, entry.key,
                                                  what, grouped ? fmt::format("group ('{}')", rules_.input.group_column)
                                                                : std::string("id")));
        };
        auto check_tier = [&](const TestEntry& entry) {
            if (std::find(tiers_.begin(), tiers_.end(), entry.value) == tiers_.end()) {
                std::string suggestion = did_you_mean(entry.value, tiers_);
                error(entry.value_location, fmt::format("{}: unknown tier '{}'{}", name, entry.value,
                                                        suggestion.empty() ? fmt::format(" (the tiers are {})",
                                                                                         fmt::join(tiers_, ", "))
                                                                           : suggestion));
            }
        };
        for (const TestEntry& entry : test.expect) {
            check_id(entry, "expect");
            check_tier(entry);
        }
        for (const TestEntry& entry : test.previous) {
            check_id(entry, "previous");
            check_tier(entry);
        }
        for (const TestEntry& entry : test.scores) {
            check_id(entry, "scores");
            if (!parse_plain_number(entry.value))
                error(entry.value_location, fmt::format("{}: the score of '{}' must be a number, found '{}'", name,
                                                        entry.key, entry.value));
        }
        for (const TestEntry& entry : test.set) check_param(name, entry);
    }

private:
    /// " (field revenue reads 'Umsatz 2025': ...)" when a field's column is part of `key` or
    /// the reverse: the test was written from the export, and the field's column is the
    /// likelier mistake.
    std::string field_reading_part_of(std::string_view key) const {
        constexpr std::size_t shortest_part = 4;
        const std::string wanted = lowered(key);
        for (const auto& field : rules_.fields) {
            const std::string column = lowered(field.column);
            const bool related = column.size() >= shortest_part && wanted.size() >= shortest_part &&
                                 (wanted.find(column) != std::string::npos || column.find(wanted) != std::string::npos);
            if (related)
                return fmt::format(" (field {} reads column '{}': if the export calls it '{}', fix the field)",
                                   field.name, field.column, key);
        }
        return "";
    }

    static std::string lowered(std::string_view text) {
        std::string out(text);
        for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return out;
    }

    void error(const SourceLocation& location, std::string message) {
        diagnostics_.push_back(
            Diagnostic{Severity::Error, location, std::move(message), std::string(source_.line(location.line))});
    }

    void check_param(const std::string& name, const TestEntry& entry) {
        auto param = std::find_if(rules_.params.begin(), rules_.params.end(),
                                  [&](const ParamSpec& p) { return p.name == entry.key; });
        if (param == rules_.params.end()) {
            std::string suggestion = did_you_mean(entry.key, params_);
            error(entry.location, fmt::format("{}: 'set' names no param '{}'{}", name, entry.key,
                                              suggestion.empty() ? " (params are declared under 'params:')" : suggestion));
            return;
        }
        bool fits = true;
        switch (param->value.type) {
        case Type::Number: fits = parse_plain_number(entry.value).has_value(); break;
        case Type::Bool: fits = parse_bool(entry.value, BoolWords{}).has_value(); break;
        case Type::Date: fits = parse_date(entry.value).has_value(); break;
        case Type::Text: break;
        }
        if (!fits)
            error(entry.value_location, fmt::format("{}: param '{}' is a {}, found '{}'", name, entry.key,
                                                    type_name(param->value.type), entry.value));
    }

    const RuleSet& rules_;
    const SourceText& source_;
    std::vector<Diagnostic>& diagnostics_;
    std::vector<UnknownTestColumn>& unknown_columns_;
    std::vector<std::string> columns_, tiers_, params_;
};

}  // namespace

void load_tests(RuleReader& reader, const YamlEntry& section, RuleSet& rules) {
    std::set<std::string> names;
    for (const ListItem& item : list_items(reader, section, "test")) {
        KeyedEntries keys =
            reader.entries(*item.node, rule_keys::test);
        RuleTest test;
        test.name = fmt::format("#{}", item.index + 1);
        test.location = reader.location(*item.node);
        bool ok = true;
        if (const YamlNode* name = keys.value("name")) {
            if (auto text = reader.text(*name, "a test's 'name'")) {
                test.name = *text;
                test.location = reader.location(*name);
                if (!names.insert(*text).second) {
                    reader.error(*name, fmt::format("two tests are named '{}'", *text));
                    ok = false;
                }
            }
        } else {
            reader.error(*item.node, fmt::format("test #{} needs a 'name' (what it shows, in a few words)", item.index + 1));
            ok = false;
        }
        const std::string what = fmt::format("test '{}'", test.name);
        if (const YamlNode* rows = keys.value("rows")) {
            test.rows = read_rows(reader, *rows, what);
        } else {
            reader.error(*item.node, fmt::format("{} needs 'rows' (the customers, by column)", what));
            ok = false;
        }
        if (const YamlNode* expect = keys.value("expect")) test.expect = read_entries(reader, *expect, "'expect'");
        if (const YamlNode* scores = keys.value("scores")) test.scores = read_entries(reader, *scores, "'scores'");
        if (test.expect.empty() && test.scores.empty() && keys.value("rows")) {
            reader.error(*item.node, fmt::format("{} expects nothing: add 'expect: {{ id: tier }}' or 'scores: {{ id: "
                                                 "points }}'",
                                                 what));
            ok = false;
        }
        if (const YamlNode* tolerance = keys.value("tolerance")) {
            auto number = reader.number(*tolerance, "'tolerance'");
            if (number && *number >= 0) {
                test.tolerance = *number;
            } else {
                if (number) reader.error(*tolerance, "'tolerance' must be 0 or more");
                ok = false;
            }
        }
        if (const YamlNode* set = keys.value("set")) test.set = read_entries(reader, *set, "'set'");
        if (const YamlNode* previous = keys.value("previous")) test.previous = read_entries(reader, *previous, "'previous'");
        if (const YamlNode* today = keys.value("today")) {
            auto text = reader.text(*today, "'today'");
            if (text && parse_date(*text)) {
                test.today = *text;
                test.today_location = reader.location(*today);
            } else {
                if (text) reader.expected(*today, "a date like 2025-01-31", "'today'");
                ok = false;
            }
        }
        if (ok) rules.tests.push_back(std::move(test));
    }
}

void check_tests(const RuleSet& rules, const SourceText& source, std::vector<Diagnostic>& diagnostics,
                 std::vector<UnknownTestColumn>& unknown_columns) {
    TestChecker checker(rules, source, diagnostics, unknown_columns);
    for (const RuleTest& test : rules.tests) checker.check(test);
}

}  // namespace kamscore
