// The `output:` section: fields and derived values written as columns of their own, after
// the fixed columns that scripts address by position (README "Output").
#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "kamscore/edit_distance.hpp"
#include "rules/load_sections.hpp"
#include "rules/rule_keys.hpp"

namespace kamscore {
namespace {

/// The most decimals a number column is written with (as cell_format caps them).
constexpr double most_decimals = 15;

/// The column names the output has whatever `output:` says (README "Output"), some only with
/// an option (--previous, --overrides, --members, --breakdown): an output value may take none.
std::vector<std::string> fixed_column_names(const RuleSet& rules) {
    std::vector<std::string> names{rules.input.id_column, "tier", "tier_label", "previous_tier", "change",
                                   "score", "strategic_met", "override", "members"};
    if (!rules.input.label_column.empty()) names.push_back(rules.input.label_column);
    for (const MetricSpec& metric : rules.metrics) {
        names.push_back(metric.id + "_score");
        names.push_back(metric.id + "_raw");
        names.push_back(metric.id + "_points");
    }
    for (const SegmentSpec& segment : rules.segments) names.push_back(segment.name);
    for (const StrategicSpec& criterion : rules.strategic) names.push_back("strategic_" + criterion.id);
    return names;
}

std::optional<int> read_decimals(RuleReader& reader, const YamlNode& node) {
    const std::optional<double> number = reader.number(node, "'decimals'");
    if (!number) return std::nullopt;
    if (*number < 0 || *number > most_decimals || *number != std::floor(*number)) {
        reader.error(node, fmt::format("'decimals' must be a whole number from 0 to 15, found {}", node.text));
        return std::nullopt;
    }
    return static_cast<int>(*number);
}

bool is_output_value(const RuleSet& rules, std::string_view name) {
    return std::any_of(rules.fields.begin(), rules.fields.end(), [&](const FieldSpec& f) { return f.name == name; }) ||
           std::any_of(rules.derived.begin(), rules.derived.end(), [&](const DerivedSpec& d) { return d.name == name; });
}

}  // namespace

std::string output_name_problem(const RuleSet& rules, std::string_view name) {
    const bool is_param =
        std::any_of(rules.params.begin(), rules.params.end(), [&](const ParamSpec& p) { return p.name == name; });
    if (is_param)
        return fmt::format("'{}' is a param, the same for every customer: output columns are fields and derived values",
                           name);
    if (!is_output_value(rules, name)) {
        std::vector<std::string> values;
        for (const FieldSpec& field : rules.fields) values.push_back(field.name);
        for (const DerivedSpec& derived : rules.derived) values.push_back(derived.name);
        if (values.empty())
            return fmt::format("'{}' is no field or derived value, and the rule file defines none", name);
        return fmt::format("'{}' is no field or derived value{}; output columns are one of: {}", name,
                           did_you_mean(name, values), fmt::join(values, ", "));
    }
    const std::vector<std::string> taken = fixed_column_names(rules);
    if (std::find(taken.begin(), taken.end(), name) != taken.end())
        return fmt::format("'{}' is already the name of an output column: give the value another name under "
                           "'derived:' (e.g. '{}_value: {}') and write that",
                           name, name, name);
    return {};
}

void load_output(RuleReader& reader, const YamlEntry& section, RuleSet& rules) {
    const YamlNode& list = section.value;
    if (list.is_null()) return;
    if (!list.is_sequence()) {
        reader.expected(list, "a list of field and derived value names, like [share_of_wallet, clv]", "'output'");
        return;
    }
    for (const YamlNode& item : list.items) {
        OutputValueSpec value;
        const YamlNode* name = &item;
        if (item.is_map()) {
            KeyedEntries keys = reader.entries(item, rule_keys::output_value);
            name = keys.value("name");
            if (!name) {
                reader.error(item, "an output column written as a map needs a 'name' (a field or derived value)");
                continue;
            }
            if (const YamlNode* decimals = keys.value("decimals")) {
                auto read = read_decimals(reader, *decimals);
                if (!read) continue;
                value.decimals = *read;
            }
        }
        if (!reader.identifier(*name, "field or derived value name", false)) continue;
        value.name = name->text;
        value.location = reader.location(*name);
        const auto earlier = std::find_if(rules.output.begin(), rules.output.end(),
                                          [&](const OutputValueSpec& o) { return o.name == value.name; });
        if (earlier != rules.output.end()) {
            reader.error(*name, fmt::format("'{}' is already an output column (line {})", value.name,
                                            earlier->location.line));
            continue;
        }
        rules.output.push_back(std::move(value));
    }
}

void resolve_output(const RuleReader& reader, RuleSet& rules, std::vector<Diagnostic>& diagnostics) {
    std::erase_if(rules.output, [&](const OutputValueSpec& value) {
        std::string problem = output_name_problem(rules, value.name);
        if (problem.empty()) return false;
        const std::string kind = reader.kind_of(value.name);
        const bool is_loaded = is_output_value(rules, value.name);
        // A field or derived value that did not load is reported where it stands.
        if (!is_loaded && (kind == "field" || kind == "derived value")) return true;
        diagnostics.push_back(Diagnostic{Severity::Error, value.location, "output: " + problem,
                                         std::string(reader.source().line(value.location.line))});
        return true;
    });
}

}  // namespace kamscore
