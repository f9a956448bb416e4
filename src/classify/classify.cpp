#include "kamscore/classify/classify.hpp"

#include <algorithm>

#include "kamscore/classify/stickiness.hpp"

namespace kamscore {
namespace {

constexpr std::uint16_t unassigned = UINT16_MAX;

/// Orders candidates for a capped tier: higher score first, then smaller id.
struct BetterCandidate {
    const std::vector<double>& score;
    const std::vector<std::string_view>& id;
    bool operator()(std::uint32_t a, std::uint32_t b) const {
        double sa = is_missing(score[a]) ? -1.0 : score[a];
        double sb = is_missing(score[b]) ? -1.0 : score[b];
        if (sa != sb) return sa > sb;
        return id[a] < id[b];
    }
};

}  // namespace

std::vector<TierOutcome> classify(const ScoringPlan& plan, Frame& frame, const std::vector<std::int32_t>& forced) {
    const auto& tiers = plan.rules->tiers;
    const std::size_t rows = frame.rows;
    std::vector<std::uint16_t> tier_of(rows, unassigned);
    std::vector<TierOutcome> outcomes(tiers.size());
    Column condition(Type::Bool);
    condition.resize(rows);
    std::vector<std::uint32_t> candidates;
    Stickiness stickiness(plan, frame);
    // The sales board's word comes first, and a forced key account takes a manager's seat.
    for (std::uint32_t row = 0; row < forced.size(); ++row) {
        if (forced[row] < 0) continue;
        tier_of[row] = static_cast<std::uint16_t>(forced[row]);
        ++outcomes[static_cast<std::size_t>(forced[row])].forced;
    }

    for (std::size_t t = 0; t < tiers.size(); ++t) {
        const auto& when = plan.tiers[t].when;
        if (when) when->run(frame, 0, rows, condition, frame.arena);
        stickiness.begin_tier(t, frame);
        candidates.clear();
        for (std::uint32_t row = 0; row < rows; ++row)
            if (tier_of[row] == unassigned && (!when || condition.bools[row] == bool_true || stickiness.stays(row)))
                candidates.push_back(row);

        TierOutcome& outcome = outcomes[t];
        outcome.candidates = candidates.size();
        outcome.capacity = tiers[t].max;
        std::optional<std::size_t> seats = tiers[t].max;
        if (seats) *seats -= std::min(*seats, outcome.forced);
        // Candidates whose `when` holds but that the capacity would turn away by score alone:
        // if they keep a seat, it is `stay` that gives it to them (incumbents first).
        std::vector<std::uint32_t> beyond_by_score;
        if (seats && candidates.size() > *seats) {
            BetterCandidate better{frame.columns[plan.score_slot].numbers, frame.columns[plan.id_slot].texts};
            std::sort(candidates.begin(), candidates.end(), better);
            std::size_t holding = 0;
            for (std::uint32_t row : candidates) {
                bool holds = !when || condition.bools[row] == bool_true;
                if (holds && ++holding > *seats) beyond_by_score.push_back(row);
            }
            std::sort(beyond_by_score.begin(), beyond_by_score.end());
            stickiness.put_incumbents_first(candidates);
            outcome.turned_away.assign(candidates.begin() + static_cast<std::ptrdiff_t>(*seats), candidates.end());
            candidates.resize(*seats);
        }
        for (std::uint32_t row : candidates) {
            tier_of[row] = static_cast<std::uint16_t>(t);
            if (when && condition.bools[row] != bool_true) {
                ++outcome.stayed;
                outcome.kept_by_stay.push_back(row);
            } else if (std::binary_search(beyond_by_score.begin(), beyond_by_score.end(), row)) {
                outcome.kept_by_stay.push_back(row);
            }
        }
        std::sort(outcome.kept_by_stay.begin(), outcome.kept_by_stay.end());
        outcome.assigned = candidates.size() + outcome.forced;
    }

    auto& tier_ids = frame.columns[plan.tier_slot].texts;
    auto& tier_labels = frame.columns[plan.tier_label_slot].texts;
    for (std::size_t row = 0; row < rows; ++row) {
        // The last tier has no `when`, so every row is assigned by now.
        const auto& tier = tiers[tier_of[row]];
        tier_ids[row] = tier.id;
        tier_labels[row] = tier.label;
    }
    return outcomes;
}

std::vector<std::uint16_t> tier_indices(const ScoringPlan& plan, const Frame& frame) {
    const auto& tiers = plan.rules->tiers;
    const auto& ids = frame.columns[plan.tier_slot].texts;
    std::vector<std::uint16_t> indices(frame.rows, 0);
    for (std::size_t row = 0; row < frame.rows; ++row)
        for (std::size_t t = 0; t < tiers.size(); ++t)
            if (ids[row].data() == tiers[t].id.data()) indices[row] = static_cast<std::uint16_t>(t);
    return indices;
}

}  // namespace kamscore
