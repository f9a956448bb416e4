#include "kamscore/classify/overrides.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "kamscore/closest_ids.hpp"
#include "kamscore/edit_distance.hpp"
#include "kamscore/table/parse_value.hpp"

namespace kamscore {
namespace {

std::string ascii_lower(std::string_view text) {
    std::string lowered(text);
    for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lowered;
}

/// The tier an override names: by id, else by label (the board writes what it reads in the
/// results, "Großkunde" as often as large_customer), the label ignoring ASCII case.
std::optional<std::size_t> named_tier(const std::vector<TierSpec>& tiers, std::string_view name) {
    for (std::size_t t = 0; t < tiers.size(); ++t)
        if (tiers[t].id == name) return t;
    for (std::size_t t = 0; t < tiers.size(); ++t)
        if (ascii_lower(tiers[t].label) == ascii_lower(name)) return t;
    return std::nullopt;
}

/// " (did you mean 'large_customer'?)" for a near miss of an id or a label (always naming
/// the id), else the list of tiers with their labels.
std::string unknown_tier_hint(const std::vector<TierSpec>& tiers, std::string_view name) {
    std::vector<std::string> names;
    for (const auto& tier : tiers) {
        names.push_back(tier.id);
        names.push_back(tier.label);
    }
    const std::string closest = closest_name(name, names);
    if (!closest.empty())
        if (auto tier = named_tier(tiers, closest)) return fmt::format(" (did you mean '{}'?)", tiers[*tier].id);
    std::vector<std::string> listed;
    for (const auto& tier : tiers)
        listed.push_back(tier.label == tier.id ? tier.id : fmt::format("{} ({})", tier.id, tier.label));
    return fmt::format(" (the tiers are {}; an id or a label)", fmt::join(listed, ", "));
}

}  // namespace

AppliedOverrides apply_overrides(const std::vector<Override>& overrides, const ScoringPlan& plan, const Frame& frame,
                                 double today, const std::unordered_map<std::string, std::string>* group_of_member) {
    AppliedOverrides applied;
    applied.forced.assign(frame.rows, -1);
    applied.entry.assign(frame.rows, -1);
    const auto& ids = frame.columns[plan.id_slot].texts;
    std::unordered_map<std::string_view, std::uint32_t> row_of;
    row_of.reserve(frame.rows);
    for (std::uint32_t row = 0; row < frame.rows; ++row) row_of.emplace(ids[row], row);
    const std::vector<TierSpec>& tiers = plan.rules->tiers;

    for (std::size_t i = 0; i < overrides.size(); ++i) {
        const Override& entry = overrides[i];
        auto warn = [&](const std::string& why) {
            applied.warnings.push_back(fmt::format("kamscore: warning: override for {}{}; ignored", entry.id, why));
        };
        if (entry.expires && *entry.expires < today) {
            warn(" expired on " + format_date(*entry.expires));
            continue;
        }
        auto found = row_of.find(entry.id);
        if (found == row_of.end()) {
            const std::string* group = nullptr;
            if (group_of_member)
                if (auto member = group_of_member->find(entry.id); member != group_of_member->end()) group = &member->second;
            if (group) {
                warn(fmt::format(": {} is a member of group {}, and rows are groups (write the group's id)", entry.id,
                                 *group));
            } else {
                std::string closest = closest_ids_text(entry.id, ids);
                warn(fmt::format(": no customer with this id in the input{}", closest.empty() ? "" : " (" + closest + ")"));
            }
            continue;
        }
        const std::optional<std::size_t> tier = named_tier(tiers, entry.tier);
        if (!tier) {
            warn(fmt::format(": unknown tier '{}'{}", entry.tier, unknown_tier_hint(tiers, entry.tier)));
            continue;
        }
        const std::uint32_t row = found->second;
        if (applied.entry[row] >= 0) {
            const Override& earlier = overrides[static_cast<std::size_t>(applied.entry[row])];
            applied.warnings.push_back(fmt::format("kamscore: warning: override for {} on {}:{} replaces the one on line {}",
                                                   entry.id, entry.file, entry.line, earlier.line));
        }
        applied.entry[row] = static_cast<std::int32_t>(i);
        applied.forced[row] = static_cast<std::int32_t>(*tier);
    }
    return applied;
}

}  // namespace kamscore
