// Funnel steps 1 and 3: strategic criteria, and the tiers, a decision list whose last entry
// takes everyone the others did not.

#include "rules/load_sections.hpp"
#include "rules/rule_keys.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "kamscore/edit_distance.hpp"
#include "rules/rule_reader.hpp"
#include "rules/source_text.hpp"

namespace kamscore {

void load_strategic(RuleReader& reader, const YamlEntry& section, RuleSet& rules) {
    IdRegistry ids("strategic criterion");
    for (const ListItem& item : list_items(reader, section, "strategic criterion")) {
        KeyedEntries keys = reader.entries(*item.node, rule_keys::strategic_criterion);
        ItemIdentity identity = read_identity(reader, *item.node, keys, "strategic criterion", item.index, ids, true);
        StrategicSpec criterion;
        criterion.id = identity.id;
        criterion.label = identity.label;
        criterion.location = identity.location;
        bool ok = identity.has_valid_id;
        if (const YamlNode* when = keys.value("when")) {
            auto expression = reader.expression(*when, "'when'");
            if (expression) criterion.when = std::move(*expression); else ok = false;
        } else {
            const YamlNode& anchor = keys.value("id") ? *keys.value("id") : *item.node;
            reader.error(anchor, fmt::format("{} needs 'when' (the condition that meets it)", identity.name));
            ok = false;
        }
        if (ok) rules.strategic.push_back(std::move(criterion));
    }
}

namespace {

bool is_whole_capacity(double number) {
    // 2^53: beyond it doubles skip whole numbers, and no export has that many customers.
    return number >= 1 && number == std::floor(number) && number <= 9007199254740992.0;
}

bool is_name(std::string_view text) {
    if (text.empty() || !(std::isalpha(static_cast<unsigned char>(text.front())) || text.front() == '_')) return false;
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

/// A param's value as a message shows it: "2.5", "the text 'viele'", "a bool".
std::string described(const Value& value) {
    if (value.type == Type::Number) return fmt::format("{}", value.number);
    if (value.type == Type::Text) return fmt::format("the text '{}'", value.text);
    return fmt::format("a {}", type_name(value.type));
}

bool is_param_name(const YamlNode& node) {
    return node.is_scalar() && !node.quoted && is_name(node.text) && !parse_plain_number(node.text);
}

/// The seats of a group: a whole number of 0 or more, or the name of a param (resolved with
/// the tier's other params).
std::optional<GroupSeats> read_seats(RuleReader& reader, const YamlNode& node, std::string group) {
    GroupSeats seats;
    seats.group = std::move(group);
    seats.location = reader.location(node);
    if (is_param_name(node)) {
        seats.param = node.text;
        return seats;
    }
    auto number = reader.number(node, "seats");
    if (!number) return std::nullopt;
    if (!(*number == 0 || is_whole_capacity(*number))) {
        reader.error(node, fmt::format("seats must be a whole number of 0 or more, or a param, found {}", node.text));
        return std::nullopt;
    }
    seats.seats = static_cast<std::size_t>(*number);
    return seats;
}

/// `max: { by: region, seats: { north: 5, south: 3 }, default: 0 }`.
bool read_capacity_groups(RuleReader& reader, const YamlNode& node, TierSpec& tier) {
    KeyedEntries keys = reader.entries(node, rule_keys::capacity_groups);
    CapacityGroups groups;
    bool ok = true;
    if (const YamlNode* by = keys.value("by")) {
        auto expression = reader.expression(*by, "'by'");
        if (expression) groups.by = std::move(*expression); else ok = false;
    } else {
        reader.error(node, "seats per group need 'by': the value that groups the customers, e.g. 'by: region'");
        ok = false;
    }
    if (const YamlNode* seats = keys.value("seats")) {
        if (!seats->is_map()) {
            reader.expected(*seats, "a map of group: seats, like { north: 5, south: 3 }", "'seats'");
            ok = false;
        } else if (seats->entries.empty()) {
            reader.error(*seats, "'seats' lists no group: write the seats of each group, like { north: 5, south: 3 }");
            ok = false;
        } else {
            for (const YamlEntry* entry : reader.entries(*seats, {})) {
                auto read = read_seats(reader, entry->value, entry->key.text);
                if (read) groups.seats.push_back(std::move(*read)); else ok = false;
            }
        }
    } else {
        reader.error(node, "seats per group need 'seats': the seats of each group, e.g. 'seats: { north: 5, south: 3 }'");
        ok = false;
    }
    if (const YamlNode* fallback = keys.value("default")) {
        auto read = read_seats(reader, *fallback, "");
        if (read) groups.default_seats = std::move(*read); else ok = false;
    }
    tier.max_location = reader.location(node);
    if (ok) tier.max_groups = std::move(groups);
    return ok;
}

/// A capacity: a whole number of at least 1, written as such, or the name of a param
/// (resolved by resolve_tier_capacities once every section is read), or seats per group.
bool read_capacity(RuleReader& reader, const YamlNode& node, TierSpec& tier) {
    if (node.is_map()) return read_capacity_groups(reader, node, tier);
    if (is_param_name(node)) {
        tier.max_param = node.text;
        tier.max_location = reader.location(node);
        return true;
    }
    // Neither a number nor a name: an expression over params, worked out once every section is read.
    if (node.is_scalar() && !node.quoted && !parse_plain_number(node.text)) {
        auto expression = reader.expression(node, "'max'");
        if (!expression) return false;
        tier.max_expression = std::move(*expression);
        tier.max_location = reader.location(node);
        return true;
    }
    auto number = reader.number(node, "'max'");
    if (!number) return false;
    if (!is_whole_capacity(*number)) {
        reader.error(node, fmt::format("'max' must be a whole number of 1 or more, found {}", node.text));
        return false;
    }
    tier.max = static_cast<std::size_t>(*number);
    return true;
}

}  // namespace

void load_tiers(RuleReader& reader, const YamlEntry& section, RuleSet& rules) {
    const YamlNode& list = section.value;
    if (list.is_null() || (list.is_sequence() && list.items.empty())) {
        reader.error(list, "'tiers' needs at least one tier (the last one, without 'when', takes everyone else)");
        return;
    }
    IdRegistry ids("tier");
    for (const ListItem& item : list_items(reader, section, "tier")) {
        KeyedEntries keys = reader.entries(*item.node, rule_keys::tier);
        ItemIdentity identity = read_identity(reader, *item.node, keys, "tier", item.index, ids, false);
        const YamlNode& anchor = keys.value("id") ? *keys.value("id") : *item.node;
        bool is_last = item.index + 1 == list.items.size();
        TierSpec tier;
        tier.id = identity.id;
        tier.label = identity.label;
        tier.location = identity.location;
        bool ok = identity.has_valid_id;

        if (const YamlEntry* when = keys.find("when")) {
            if (is_last) {
                reader.error(when->key, "the last tier is the fallback and takes no 'when'");
                ok = false;
            } else if (auto expression = reader.expression(when->value, "'when'")) {
                tier.when = std::move(*expression);
            } else {
                ok = false;
            }
        } else if (!is_last) {
            reader.error(anchor, fmt::format("{} needs 'when': only the last tier is the fallback without a condition",
                                             identity.name));
            ok = false;
        }
        if (const YamlEntry* max = keys.find("max")) {
            if (is_last) {
                // Customers turned away by a capacity fall through to the next tier; the last
                // has none, so a capacity there would leave customers without a tier.
                reader.error(max->key, "the last tier is the fallback and takes no 'max'");
                ok = false;
            } else {
                read_capacity(reader, max->value, tier);
            }
        }
        if (const YamlNode* stay = keys.value("stay")) {
            auto expression = reader.expression(*stay, "'stay'");
            if (expression) tier.stay = std::move(*expression); else ok = false;
        }
        // A bad 'max' is reported where it stands; the tier is still known by its id, so that
        // the tests and the board's overrides naming it get no second, misleading error.
        if (ok) rules.tiers.push_back(std::move(tier));
    }
}

void resolve_tier_capacities(RuleSet& rules, const SourceText& source, std::vector<Diagnostic>& diagnostics) {
    std::vector<std::string> params;
    for (const auto& param : rules.params) params.push_back(param.name);
    // `name` at `location` (a tier's max or a group's seats) as a whole number from the params.
    auto resolve = [&](const TierSpec& tier, const std::string& name, const SourceLocation& location,
                       bool allow_zero, std::string_view what) -> std::optional<std::size_t> {
        auto error = [&](std::string message) {
            diagnostics.push_back(
                Diagnostic{Severity::Error, location, std::move(message), std::string(source.line(location.line))});
        };
        const auto param = std::find_if(rules.params.begin(), rules.params.end(),
                                        [&](const ParamSpec& p) { return p.name == name; });
        if (param == rules.params.end()) {
            if (params.empty())
                error(fmt::format("tier '{}': '{}: {}' names no param, and the rule file declares none: write a whole "
                                  "number, or declare '{}' under 'params:'",
                                  tier.id, what, name, name));
            else
                error(fmt::format("tier '{}': '{}: {}' names no param{}; the params are {} (or write a whole number)",
                                  tier.id, what, name, did_you_mean(name, params), fmt::join(params, ", ")));
            return std::nullopt;
        }
        const bool is_whole = param->value.type == Type::Number &&
                              (is_whole_capacity(param->value.number) || (allow_zero && param->value.number == 0));
        if (!is_whole) {
            error(fmt::format("tier '{}': '{}: {}' needs a whole number of {} or more, and param '{}' is {}", tier.id,
                              what, name, allow_zero ? 0 : 1, name, described(param->value)));
            return std::nullopt;
        }
        return static_cast<std::size_t>(param->value.number);
    };
    for (TierSpec& tier : rules.tiers) {
        if (!tier.max_param.empty()) tier.max = resolve(tier, tier.max_param, tier.max_location, false, "max");
        if (tier.max_expression) {
            const CapacityValue value = evaluate_capacity(*tier.max_expression, rules.params);
            tier.max = value.seats;
            if (!value.seats)
                diagnostics.push_back(diagnostic_in_expression(*tier.max_expression, value.offset, value.length,
                                                               fmt::format("tier '{}': {}", tier.id, value.problem)));
        }
        if (!tier.max_groups) continue;
        for (GroupSeats& seats : tier.max_groups->seats)
            if (!seats.param.empty())
                seats.seats = resolve(tier, seats.param, seats.location, true, seats.group).value_or(0);
        if (GroupSeats* fallback = tier.max_groups->default_seats ? &*tier.max_groups->default_seats : nullptr;
            fallback && !fallback->param.empty())
            fallback->seats = resolve(tier, fallback->param, fallback->location, true, "default").value_or(0);
    }
}

}  // namespace kamscore
