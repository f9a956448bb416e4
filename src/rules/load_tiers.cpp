// Funnel steps 1 and 3: strategic criteria, and the tiers, a decision list whose last entry
// takes everyone the others did not.

#include "rules/load_sections.hpp"
#include "rules/rule_keys.hpp"

#include <cmath>

#include <fmt/format.h>

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

/// A capacity: a whole number of at least 1, written as such.
std::optional<std::size_t> read_capacity(RuleReader& reader, const YamlNode& node) {
    auto number = reader.number(node, "'max'");
    if (!number) return std::nullopt;
    // 2^53: beyond it doubles skip whole numbers, and no export has that many customers.
    if (*number < 1 || *number != std::floor(*number) || *number > 9007199254740992.0) {
        reader.error(node, fmt::format("'max' must be a whole number of 1 or more, found {}", node.text));
        return std::nullopt;
    }
    return static_cast<std::size_t>(*number);
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
            } else if (auto capacity = read_capacity(reader, max->value)) {
                tier.max = *capacity;
            } else {
                ok = false;
            }
        }
        if (const YamlNode* stay = keys.value("stay")) {
            auto expression = reader.expression(*stay, "'stay'");
            if (expression) tier.stay = std::move(*expression); else ok = false;
        }
        if (ok) rules.tiers.push_back(std::move(tier));
    }
}

}  // namespace kamscore
