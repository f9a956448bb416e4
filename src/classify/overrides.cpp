#include "kamscore/classify/overrides.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "kamscore/closest_ids.hpp"
#include "kamscore/edit_distance.hpp"
#include "kamscore/table/parse_value.hpp"

namespace kamscore {

AppliedOverrides apply_overrides(const std::vector<Override>& overrides, const ScoringPlan& plan, const Frame& frame,
                                 double today, const std::unordered_map<std::string, std::string>* group_of_member) {
    AppliedOverrides applied;
    applied.forced.assign(frame.rows, -1);
    applied.entry.assign(frame.rows, -1);
    const auto& ids = frame.columns[plan.id_slot].texts;
    std::unordered_map<std::string_view, std::uint32_t> row_of;
    row_of.reserve(frame.rows);
    for (std::uint32_t row = 0; row < frame.rows; ++row) row_of.emplace(ids[row], row);
    std::vector<std::string> tier_ids;
    for (const auto& tier : plan.rules->tiers) tier_ids.push_back(tier.id);

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
        auto tier = std::find(tier_ids.begin(), tier_ids.end(), entry.tier);
        if (tier == tier_ids.end()) {
            std::string hint = did_you_mean(entry.tier, tier_ids);
            if (hint.empty()) hint = fmt::format(" (the tiers are {})", fmt::join(tier_ids, ", "));
            warn(fmt::format(": unknown tier '{}'{}", entry.tier, hint));
            continue;
        }
        const std::uint32_t row = found->second;
        if (applied.entry[row] >= 0) {
            const Override& earlier = overrides[static_cast<std::size_t>(applied.entry[row])];
            applied.warnings.push_back(fmt::format("kamscore: warning: override for {} on {}:{} replaces the one on line {}",
                                                   entry.id, entry.file, entry.line, earlier.line));
        }
        applied.entry[row] = static_cast<std::int32_t>(i);
        applied.forced[row] = static_cast<std::int32_t>(tier - tier_ids.begin());
    }
    return applied;
}

}  // namespace kamscore
