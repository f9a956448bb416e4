// Corporate groups (`input.group`): the group, not each legal entity, is the account that
// gets key account management (README "Corporate groups: input.group"). Here: how each
// field's member values combine into the group's value.

#include "rules/load_sections.hpp"
#include "rules/rule_keys.hpp"

#include <array>

#include <fmt/format.h>

#include "kamscore/edit_distance.hpp"

namespace kamscore {
namespace {

struct AggregateInfo {
    Aggregate aggregate;
    std::string_view name;
    std::string_view types;   ///< the field types it takes, for messages
    bool (*takes)(Type);
};

bool numbers_only(Type type) { return type == Type::Number; }
bool numbers_and_dates(Type type) { return type == Type::Number || type == Type::Date; }
bool bools_only(Type type) { return type == Type::Bool; }
bool every_type(Type) { return true; }

constexpr std::array<AggregateInfo, 8> aggregates{{
    {Aggregate::Sum, "sum", "number", numbers_only},
    {Aggregate::Max, "max", "number or date", numbers_and_dates},
    {Aggregate::Min, "min", "number or date", numbers_and_dates},
    {Aggregate::Mean, "mean", "number", numbers_only},
    {Aggregate::CountDistinct, "count_distinct", "any", every_type},
    {Aggregate::Any, "any", "bool", bools_only},
    {Aggregate::All, "all", "bool", bools_only},
    {Aggregate::First, "first", "any", every_type},
}};

const AggregateInfo& info_of(Aggregate aggregate) {
    for (const AggregateInfo& info : aggregates)
        if (info.aggregate == aggregate) return info;
    return aggregates.back();
}

/// Without a declared aggregation: amounts add up, flags hold when one member's does, the
/// latest date counts, and text comes from the first member that has one.
Aggregate default_aggregate(Type type) {
    switch (type) {
    case Type::Number: return Aggregate::Sum;
    case Type::Date: return Aggregate::Max;
    case Type::Bool: return Aggregate::Any;
    case Type::Text: return Aggregate::First;
    }
    return Aggregate::First;
}

}  // namespace

std::string_view aggregate_name(Aggregate aggregate) {
    return aggregate == Aggregate::Default ? "default" : info_of(aggregate).name;
}

std::vector<std::string> rule_keys::aggregates() {
    std::vector<std::string> names;
    for (const AggregateInfo& info : kamscore::aggregates) names.emplace_back(info.name);
    return names;
}

std::optional<Aggregate> read_aggregate(RuleReader& reader, const YamlNode& node, Type type, std::string_view what) {
    auto word = reader.text(node, "'aggregate'");
    if (!word) return std::nullopt;
    for (const AggregateInfo& info : aggregates) {
        if (info.name != *word) continue;
        if (info.takes(type)) return info.aggregate;
        reader.error(node, fmt::format("'{}' combines {} values, but {} is a {} field", info.name, info.types, what,
                                       type_name(type)));
        return std::nullopt;
    }
    const std::vector<std::string> names = rule_keys::aggregates();
    std::string hint = did_you_mean(*word, names);
    if (hint.empty()) hint = fmt::format(": expected {}", fmt::join(names, ", "));
    reader.error(node, fmt::format("unknown aggregation '{}'{}", *word, hint));
    return std::nullopt;
}

void resolve_group_fields(RuleSet& rules, const SourceText& source, std::vector<Diagnostic>& diagnostics) {
    for (FieldSpec& field : rules.fields) {
        field.column_type = field.type;
        if (rules.input.group_column.empty()) {
            if (field.aggregate_location.line > 0)
                diagnostics.push_back(Diagnostic{
                    Severity::Warning, field.aggregate_location,
                    fmt::format("'aggregate' of field '{}' has no effect without 'group' under 'input:'", field.name),
                    std::string(source.line(field.aggregate_location.line))});
            continue;
        }
        if (field.aggregate == Aggregate::Default) field.aggregate = default_aggregate(field.type);
        if (field.aggregate == Aggregate::CountDistinct) field.type = Type::Number;
    }
}

}  // namespace kamscore
