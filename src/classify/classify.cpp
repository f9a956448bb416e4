#include "kamscore/classify/classify.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "kamscore/classify/stickiness.hpp"
#include "kamscore/error.hpp"

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

/// One capped pool of a tier (the whole tier, or one group of `max: { by: ... }`): keeps the
/// best `seats` of `candidates` (incumbents first with `stay`), appends the others to
/// `turned_away`, and those that keep a seat only thanks to `stay` to `beyond_by_score`.
void take_seats(std::vector<std::uint32_t>& candidates, std::size_t seats, const std::optional<expr::Program>& when,
                const Column& condition, const Stickiness& stickiness, const BetterCandidate& better,
                std::vector<std::uint32_t>& turned_away, std::vector<std::uint32_t>& beyond_by_score) {
    if (candidates.size() <= seats) return;
    std::sort(candidates.begin(), candidates.end(), better);
    std::size_t holding = 0;
    for (std::uint32_t row : candidates) {
        bool holds = !when || condition.bools[row] == bool_true;
        if (holds && ++holding > seats) beyond_by_score.push_back(row);
    }
    stickiness.put_incumbents_first(candidates);
    turned_away.insert(turned_away.end(), candidates.begin() + static_cast<std::ptrdiff_t>(seats), candidates.end());
    candidates.resize(seats);
}

/// "'east' (2: C017, C023)" for the error about groups that `seats` does not list.
std::string unlisted_groups_text(const std::map<std::string_view, std::vector<std::uint32_t>>& unlisted,
                                 const std::vector<std::string_view>& ids) {
    std::string text;
    for (const auto& [group, rows] : unlisted) {
        if (!text.empty()) text += ", ";
        text += group.data() ? fmt::format("'{}'", group) : std::string("no value");
        std::vector<std::string_view> some;
        for (std::size_t i = 0; i < rows.size() && i < 3; ++i) some.push_back(ids[rows[i]]);
        text += fmt::format(" ({} candidate{}: {}{})", rows.size(), rows.size() == 1 ? "" : "s", fmt::join(some, ", "),
                            rows.size() > 3 ? ", ..." : "");
    }
    return text;
}

/// Seats per group: splits the tier's candidates by group and takes seats in each. Throws
/// Error(BadData) when a candidate's group is neither listed nor covered by `default:`.
void take_group_seats(const TierSpec& tier, const std::vector<std::string_view>& group_of,
                      const std::vector<std::uint16_t>& tier_of, std::size_t t,
                      std::vector<std::uint32_t>& candidates, const std::optional<expr::Program>& when,
                      const Column& condition, const Stickiness& stickiness, const BetterCandidate& better,
                      TierOutcome& outcome, std::vector<std::uint32_t>& beyond_by_score) {
    const CapacityGroups& groups = *tier.max_groups;
    std::map<std::string_view, std::vector<std::uint32_t>> by_group, unlisted;
    std::map<std::string_view, std::size_t> forced;
    for (std::uint32_t row : candidates) by_group[group_of[row]].push_back(row);
    for (std::uint32_t row = 0; row < tier_of.size(); ++row)
        if (tier_of[row] == t) ++forced[group_of[row]];   // only forced rows are in the tier yet
    for (const auto& [group, rows] : by_group)
        if (!groups.seats_of(group)) unlisted[group] = rows;
    if (!unlisted.empty())
        throw Error(ExitCode::BadData,
                    fmt::format("tier '{}': 'max' has seats per '{}', but not for {}: list {} under 'seats:', or give "
                                "'default:' (the seats of each group not listed; 0 for none)",
                                tier.id, groups.by.text, unlisted_groups_text(unlisted, better.id),
                                unlisted.size() == 1 ? "it" : "them"));

    // Listed groups in file order, then the others met (by value), so that summaries line up.
    std::vector<std::string_view> order;
    for (const GroupSeats& listed : groups.seats) order.push_back(listed.group);
    std::vector<std::string_view> others;
    for (const auto& [group, rows] : by_group) others.push_back(group);
    for (const auto& [group, count] : forced) others.push_back(group);
    std::sort(others.begin(), others.end());
    others.erase(std::unique(others.begin(), others.end()), others.end());
    for (std::string_view group : others)
        if (std::find(order.begin(), order.end(), group) == order.end()) order.push_back(group);

    candidates.clear();
    outcome.capacity = 0;
    for (std::string_view group : order) {
        std::vector<std::uint32_t>& pool = by_group[group];
        TierOutcome::Group counts;
        counts.value = std::string(group);
        counts.is_missing = group.data() == nullptr;
        counts.seats = groups.seats_of(group).value_or(0);   // unlisted: only overrides put rows there
        counts.candidates = pool.size();
        counts.forced = forced.count(group) ? forced[group] : 0;
        const std::size_t free = counts.seats - std::min(counts.seats, counts.forced);
        const std::size_t before = outcome.turned_away.size();
        take_seats(pool, free, when, condition, stickiness, better, outcome.turned_away, beyond_by_score);
        counts.turned_away = outcome.turned_away.size() - before;
        counts.assigned = pool.size() + counts.forced;
        *outcome.capacity += counts.seats;
        candidates.insert(candidates.end(), pool.begin(), pool.end());
        outcome.groups.push_back(std::move(counts));
    }
    std::sort(outcome.turned_away.begin(), outcome.turned_away.end(), better);
}

}  // namespace

std::vector<std::string_view> capacity_group_of_rows(const ScoringPlan& plan, Frame& frame, std::size_t t) {
    const auto& by = plan.tiers[t].capacity_by;
    if (!by) return {};
    Column group(Type::Text);
    group.resize(frame.rows);
    by->run(frame, 0, frame.rows, group, frame.arena);
    return std::move(group.texts);
}

std::vector<TierOutcome> classify(const ScoringPlan& plan, Frame& frame, const std::vector<std::int32_t>& forced,
                                  bool with_labels) {
    const auto& tiers = plan.rules->tiers;
    const std::size_t rows = frame.rows;
    std::vector<std::uint16_t> tier_of(rows, unassigned);
    std::vector<TierOutcome> outcomes(tiers.size());
    Column condition(Type::Bool);
    condition.resize(rows);
    std::vector<std::uint32_t> candidates;
    Stickiness stickiness(plan, frame);
    const BetterCandidate better{frame.columns[plan.score_slot].numbers, frame.columns[plan.id_slot].texts};
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
        // Candidates whose `when` holds but that the capacity would turn away by score alone:
        // if they keep a seat, it is `stay` that gives it to them (incumbents first).
        std::vector<std::uint32_t> beyond_by_score;
        if (tiers[t].max_groups) {
            take_group_seats(tiers[t], capacity_group_of_rows(plan, frame, t), tier_of, t, candidates, when, condition,
                             stickiness, better, outcome, beyond_by_score);
        } else if (tiers[t].max) {
            const std::size_t seats = *tiers[t].max - std::min(*tiers[t].max, outcome.forced);
            take_seats(candidates, seats, when, condition, stickiness, better, outcome.turned_away, beyond_by_score);
        }
        std::sort(beyond_by_score.begin(), beyond_by_score.end());
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
    tier_ids.resize(rows);   // reading may leave it empty (see RowStage::sized_later)
    // The last tier has no `when`, so every row is assigned by now.
    for (std::size_t row = 0; row < rows; ++row) tier_ids[row] = tiers[tier_of[row]].id;
    if (with_labels) label_tiers(plan, frame);
    return outcomes;
}

void label_tiers(const ScoringPlan& plan, Frame& frame) {
    const auto& tiers = plan.rules->tiers;
    const auto& tier_ids = frame.columns[plan.tier_slot].texts;
    auto& tier_labels = frame.columns[plan.tier_label_slot].texts;
    tier_labels.resize(frame.rows);
    // A row's tier id is a view of its tier's `id` (classify() above), so the tier is found by
    // where the text is, not by comparing it.
    for (std::size_t row = 0; row < frame.rows; ++row)
        for (const TierSpec& tier : tiers)
            if (tier_ids[row].data() == tier.id.data()) {
                tier_labels[row] = tier.label;
                break;
            }
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
