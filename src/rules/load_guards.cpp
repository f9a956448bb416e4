// The `guards:` section: limits that make a run fail on an export that looks broken (empty,
// cut off, much smaller than the previous results) instead of publishing it.
#include <cmath>

#include <fmt/format.h>

#include "rules/load_sections.hpp"
#include "rules/rule_keys.hpp"

namespace kamscore {
namespace {

std::optional<bool> read_bool(RuleReader& reader, const YamlNode& node, std::string_view what) {
    if (node.is_scalar() && !node.quoted) {
        if (node.text == "true" || node.text == "True" || node.text == "TRUE") return true;
        if (node.text == "false" || node.text == "False" || node.text == "FALSE") return false;
    }
    reader.expected(node, "true or false", what);
    return std::nullopt;
}

std::optional<double> read_percent(RuleReader& reader, const YamlNode& node, std::string_view what,
                                   bool at_most_100) {
    const std::optional<double> value = reader.number(node, what);
    if (!value) return std::nullopt;
    if (*value < 0 || (at_most_100 && *value > 100)) {
        reader.error(node, fmt::format("{} is a percentage of the previous results: expected {}, found {}", what,
                                       at_most_100 ? "0 to 100" : "0 or more", node.text));
        return std::nullopt;
    }
    return value;
}

std::optional<std::uint64_t> read_count(RuleReader& reader, const YamlNode& node, std::string_view what) {
    const std::optional<double> value = reader.number(node, what);
    if (!value) return std::nullopt;
    if (*value < 0 || *value != std::floor(*value) || *value > 1e15) {
        reader.error(node, fmt::format("expected a whole number of customers (0 or more) for {}, found {}", what,
                                       node.text));
        return std::nullopt;
    }
    return static_cast<std::uint64_t>(*value);
}

}  // namespace

void load_guards(RuleReader& reader, const YamlEntry& section, RuleSet& rules) {
    const YamlNode& node = section.value;
    if (node.is_null()) return;
    if (!node.is_map()) {
        reader.expected(node, "a map like { min_rows: 1000, max_disappeared: 10 }", "'guards'");
        return;
    }
    KeyedEntries keys = reader.entries(node, rule_keys::guards);
    GuardsSpec& guards = rules.guards;
    if (const YamlNode* value = keys.value("allow_empty")) guards.allow_empty = read_bool(reader, *value, "'allow_empty'");
    if (const YamlNode* value = keys.value("min_rows")) guards.min_rows = read_count(reader, *value, "'min_rows'");
    if (const YamlNode* value = keys.value("max_disappeared"))
        guards.max_disappeared = read_percent(reader, *value, "'max_disappeared'", true);
    if (const YamlNode* value = keys.value("max_new")) guards.max_new = read_percent(reader, *value, "'max_new'", false);
    if (const YamlNode* value = keys.value("require_final_newline"))
        guards.require_final_newline = read_bool(reader, *value, "'require_final_newline'");
}

}  // namespace kamscore
