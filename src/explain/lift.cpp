// The smallest change to one metric that lifts a customer into a better tier: what an analyst
// is asked before the sales board about a customer just below the bar (README "Why a customer
// got its tier").
//
// A candidate value of the metric is tried on the customer's row: its scaled score comes from
// the scale (a percentile among the other customers' values, which stay as they are), the
// score is re-weighed, and the tiers above the customer's are run in order, capacity
// included. Monotone scales (linear, log, percentile) are searched by bisection over the
// doubles between the current value and one that lands, so the answer is the exact
// threshold (then rounded outwards for people, if that still lands); bands try each band's
// nearest edge, maps each key. Everything else about the customer, and every other
// customer, stays as it is.

#include "kamscore/explain/explanation.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <functional>
#include <limits>

#include <fmt/format.h>

#include "explain/cell_value.hpp"
#include "kamscore/score/evaluate.hpp"
#include "kamscore/score/scales.hpp"

namespace kamscore {
namespace {

std::uint64_t to_ordered(double x) {
    auto bits = std::bit_cast<std::uint64_t>(x);
    return bits >> 63 ? ~bits : bits | (std::uint64_t{1} << 63);
}

double from_ordered(std::uint64_t ordered) {
    return std::bit_cast<double>(ordered >> 63 ? ordered & ~(std::uint64_t{1} << 63) : ~ordered);
}

/// The value next to `no` (where `lands` is false) on the way to `yes` (where it is true) at
/// which `lands` turns true, assuming it turns only once.
double threshold(double no, double yes, const std::function<bool(double)>& lands) {
    std::uint64_t a = to_ordered(no), b = to_ordered(yes);
    while ((a > b ? a - b : b - a) > 1) {
        std::uint64_t mid = a < b ? a + (b - a) / 2 : b + (a - b) / 2;
        if (lands(from_ordered(mid))) b = mid;
        else a = mid;
    }
    return from_ordered(b);
}

/// `value` rounded outwards (up for `direction` > 0) to 2 decimals, or 4 significant digits
/// below 1, when the rounded value still lands.
double rounded_for_people(double value, int direction, const std::function<bool(double)>& lands) {
    if (value == 0 || !std::isfinite(value)) return value;
    int decimals = std::fabs(value) >= 1 ? 2 : std::min(10, 3 - static_cast<int>(std::floor(std::log10(std::fabs(value)))));
    const double factor = std::pow(10.0, decimals);
    double rounded = (direction > 0 ? std::ceil(value * factor) : std::floor(value * factor)) / factor;
    return lands(rounded) ? rounded : value;
}

struct Seat {
    std::optional<std::size_t> seats;   ///< free and taken seats by the rules (capacity − overrides)
    std::size_t taken = 0;
    double weakest_score = missing_number;
    std::string_view weakest_id;
};

class LiftSearch {
public:
    LiftSearch(const ScoringPlan& plan, Frame& frame, std::uint32_t row, std::size_t current, const ExplainContext& context)
        : plan_(plan), frame_(frame), row_(row), current_(current) {
        const auto& tiers = plan.rules->tiers;
        const auto& tier_ids = frame.columns[plan.tier_slot].texts;
        const auto& scores = frame.columns[plan.score_slot].numbers;
        const auto& ids = frame.columns[plan.id_slot].texts;
        const bool has_forced = context.forced && !context.forced->empty();
        for (std::size_t k = 0; k < current; ++k) {
            Seat seat;
            // With seats per group, the customer competes within its own group only.
            const std::vector<std::string_view> group_of = capacity_group_of_rows(plan, frame, k);
            std::optional<std::size_t> capacity = tiers[k].max;
            std::size_t forced = context.outcomes ? (*context.outcomes)[k].forced : 0;
            if (!group_of.empty()) {
                capacity = tiers[k].max_groups->seats_of(group_of[row]).value_or(0);
                forced = 0;
                if (context.outcomes)
                    for (const TierOutcome::Group& group : (*context.outcomes)[k].groups)
                        if (group.value == group_of[row]) forced = group.forced;
            }
            if (capacity) {
                seat.seats = *capacity - std::min(*capacity, forced);
                for (std::uint32_t other = 0; other < frame.rows; ++other) {
                    if (other == row || tier_ids[other].data() != tiers[k].id.data()) continue;
                    if (!group_of.empty() && group_of[other] != group_of[row]) continue;
                    if (has_forced && (*context.forced)[other] >= 0) continue;
                    ++seat.taken;
                    double score = is_missing(scores[other]) ? -1.0 : scores[other];
                    if (seat.taken == 1 || score < seat.weakest_score ||
                        (score == seat.weakest_score && ids[other] > seat.weakest_id)) {
                        seat.weakest_score = score;
                        seat.weakest_id = ids[other];
                    }
                }
            }
            seats_.push_back(seat);
        }
    }

    /// Tries `metric` at a number; returns the tier it would land in, or nullopt.
    std::optional<std::size_t> try_number(std::size_t m, double value) { return land(m, [&](Column& raw) {
        raw.numbers[row_] = value;
        return scale_of(m, value);
    }); }

    /// Tries a map metric at one of its keys.
    std::optional<std::size_t> try_key(std::size_t m, const std::string& key, double score) {
        return land(m, [&](Column& raw) {
            if (raw.type == Type::Bool) raw.bools[row_] = key == "true" ? bool_true : bool_false;
            else raw.texts[row_] = key;
            return score;
        });
    }

    double last_score() const { return last_score_; }
    double last_scaled() const { return last_scaled_; }

    /// The other customers' raw values of a percentile metric, sorted.
    const std::vector<double>& others(std::size_t m) {
        auto& sorted = others_[m];
        if (sorted.empty() && !others_ready_[m]) {
            const auto& raw = frame_.columns[plan_.metrics[m].raw_slot].numbers;
            for (std::size_t other = 0; other < frame_.rows; ++other)
                if (other != row_ && !is_missing(raw[other])) sorted.push_back(raw[other]);
            std::sort(sorted.begin(), sorted.end());
            others_ready_[m] = true;
        }
        return sorted;
    }

    double scale_of(std::size_t m, double value) {
        const ScaleSpec& scale = plan_.rules->metrics[m].scale;
        if (scale.kind != ScaleKind::Percentile) return scale_number(scale, value);
        if (is_missing(value)) return missing_number;
        const auto& sorted = others(m);
        if (sorted.empty()) return 100.0;
        auto below = static_cast<double>(std::lower_bound(sorted.begin(), sorted.end(), value) - sorted.begin());
        return 100.0 * below / static_cast<double>(sorted.size());
    }

private:
    /// Puts the candidate in place (set_raw writes the raw cell and returns the scaled score),
    /// re-weighs the score, runs the better tiers, and restores the row.
    template <class SetRaw>
    std::optional<std::size_t> land(std::size_t m, SetRaw set_raw) {
        const auto& specs = plan_.rules->metrics;
        Column& raw = frame_.columns[plan_.metrics[m].raw_slot];
        Column& scaled = frame_.columns[plan_.metrics[m].scaled_slot];
        Column& score = frame_.columns[plan_.score_slot];
        const int direct = direct_slot(m);
        Column* direct_column = direct >= 0 ? &frame_.columns[static_cast<std::size_t>(direct)] : nullptr;
        const Cell saved_raw = save(raw), saved_direct = direct_column ? save(*direct_column) : Cell{};
        const double saved_scaled = scaled.numbers[row_];
        const double saved_score = score.numbers[row_];

        double s = set_raw(raw);
        if (is_missing(s) && specs[m].missing == MissingPolicy::Zero) s = 0;
        s = shown_score(s);   // as compute_scores keeps it
        scaled.numbers[row_] = s;
        if (direct_column) restore(*direct_column, save(raw));
        double sum = 0, weights = 0;
        for (std::size_t j = 0; j < specs.size(); ++j) {
            double sj = frame_.columns[plan_.metrics[j].scaled_slot].numbers[row_];
            if (is_missing(sj)) continue;   // skipped (missing: skip); zero was filled in
            sum += specs[j].weight * sj;
            weights += specs[j].weight;
        }
        score.numbers[row_] = weights > 0 ? shown_score(sum / weights) : missing_number;
        last_score_ = score.numbers[row_];
        last_scaled_ = s;
        std::optional<std::size_t> landed = landing_tier();

        score.numbers[row_] = saved_score;
        scaled.numbers[row_] = saved_scaled;
        restore(raw, saved_raw);
        if (direct_column) restore(*direct_column, saved_direct);
        return landed;
    }

    std::optional<std::size_t> landing_tier() const {
        const auto& ids = frame_.columns[plan_.id_slot].texts;
        double score = frame_.columns[plan_.score_slot].numbers[row_];
        double mine = is_missing(score) ? -1.0 : score;
        for (std::size_t k = 0; k < current_; ++k) {
            const auto& when = plan_.tiers[k].when;
            if (when) {
                Value held = when->evaluate_row(frame_, row_);
                if (held.missing || !held.boolean) continue;
            }
            const Seat& seat = seats_[k];
            if (!seat.seats || seat.taken < *seat.seats) return k;
            if (*seat.seats > 0 && (mine > seat.weakest_score || (mine == seat.weakest_score && ids[row_] < seat.weakest_id)))
                return k;
        }
        return std::nullopt;
    }

    /// A metric whose value is just a field or derived value moves that value too, so that a
    /// condition reading it (`revenue >= big_revenue`) sees the change.
    /// (When that value is the raw column itself, the two are one column: moving it is enough.)
    int direct_slot(std::size_t m) const {
        const expr::Binding* binding =
            bare_name_of(plan_.metrics[m].value, plan_.rules->metrics[m].value.text, plan_.final_scope);
        return binding && binding->slot >= 0 && binding->slot != plan_.metrics[m].raw_slot ? binding->slot : -1;
    }

    /// One cell of the row, whatever its column's type.
    struct Cell {
        double number = missing_number;
        Bool3 boolean = bool_missing;
        std::string_view text;
    };

    Cell save(const Column& column) const {
        Cell cell;
        if (column.type == Type::Bool) cell.boolean = column.bools[row_];
        else if (column.type == Type::Text) cell.text = column.texts[row_];
        else cell.number = column.numbers[row_];
        return cell;
    }

    void restore(Column& column, const Cell& cell) const {
        if (column.type == Type::Bool) column.bools[row_] = cell.boolean;
        else if (column.type == Type::Text) column.texts[row_] = cell.text;
        else column.numbers[row_] = cell.number;
    }

    const ScoringPlan& plan_;
    Frame& frame_;
    std::uint32_t row_;
    std::size_t current_;
    std::vector<Seat> seats_;
    std::vector<std::vector<double>> others_ = std::vector<std::vector<double>>(plan_.metrics.size());
    std::vector<bool> others_ready_ = std::vector<bool>(plan_.metrics.size(), false);
    double last_score_ = missing_number, last_scaled_ = missing_number;
};

/// +1 when a larger value scores more, -1 when less (linear, log, percentile).
int direction_of(const ScaleSpec& scale) {
    if (scale.kind == ScaleKind::Linear || scale.kind == ScaleKind::Log) return scale.high > scale.low ? 1 : -1;
    return 1;
}

/// A change found, with what it gives when tried.
struct Found {
    MetricChange change;
    std::size_t tier = 0;
    double effort = 0;   ///< how far along its own scale the metric moves, 0..1 and more
};

/// The share of the scale's range a change moves across, so that changes of metrics in
/// different units compare: a margin from 8.2 to 10 % on bands up to 25 % moves less than
/// growth from 2 % to 24 % on a scale from -25 % to +25 %.
double effort_of(const ScaleSpec& scale, const MetricChange& change, const std::vector<double>& others) {
    const bool numbers = !change.from.missing && change.from.type == Type::Number && change.to.type == Type::Number;
    switch (scale.kind) {
    case ScaleKind::Linear:
        if (numbers) return std::fabs(change.to.number - change.from.number) / std::fabs(scale.high - scale.low);
        break;
    case ScaleKind::Log:
        if (numbers && change.from.number > 0 && change.to.number > 0)
            return std::fabs(std::log(change.to.number / change.from.number) / std::log(scale.high / scale.low));
        break;
    case ScaleKind::Bands: {
        double span = 0;
        if (scale.bands.size() >= 3) span = scale.bands[scale.bands.size() - 2].upper - scale.bands.front().upper;
        if (span <= 0 && !scale.bands.empty()) span = std::fabs(scale.bands.front().upper);
        if (numbers && span > 0) return std::fabs(change.to.number - change.from.number) / span;
        break;
    }
    case ScaleKind::Percentile:
        // Across the range of the others' values: overtaking many close values is a small step.
        if (numbers && others.size() >= 2 && others.back() > others.front())
            return std::fabs(change.to.number - change.from.number) / (others.back() - others.front());
        break;
    case ScaleKind::Map: break;
    }
    double from = is_missing(change.scaled_from) ? 0 : change.scaled_from;
    return std::fabs(change.scaled_to - from) / 100;
}

/// Tries `probe` (the value itself, or just past a bound) and completes the change.
std::optional<Found> confirm_number(LiftSearch& search, std::size_t m, MetricChange change, double probe) {
    std::optional<std::size_t> tier = search.try_number(m, probe);
    if (!tier) return std::nullopt;
    change.scaled_to = search.last_scaled();
    change.score_to = search.last_score();
    return Found{std::move(change), *tier};
}

std::optional<Found> search_monotone(LiftSearch& search, const ScoringPlan& plan, std::size_t m, double from) {
    const ScaleSpec& scale = plan.rules->metrics[m].scale;
    const int direction = direction_of(scale);
    constexpr double infinity = std::numeric_limits<double>::infinity();
    double full = scale.high;   // linear, log: the value that earns 100 points
    double start = is_missing(from) ? scale.low : from;
    if (scale.kind == ScaleKind::Percentile) {
        const auto& others = search.others(m);
        full = others.empty() ? (is_missing(from) ? 0.0 : from) : std::nextafter(others.back(), infinity);
        if (is_missing(from)) start = others.empty() ? full : others.front();
    }
    auto lands = [&](double value) { return search.try_number(m, value).has_value(); };
    // Landing already means the search and classify() disagree (stickiness): say nothing.
    if (!is_missing(from) && lands(from)) return std::nullopt;
    if (direction * (full - start) < 0) full = start;   // already beyond full points
    // A condition may read the value itself (revenue >= big_revenue) beyond full points: look
    // further out, by powers of ten, before giving up.
    const double step = std::max(1.0, std::fabs(full));
    double yes = full;
    bool found = false;
    for (int k = 0; k <= 15 && !found; ++k) {
        yes = full + direction * step * (std::pow(10.0, k) - 1);
        found = lands(yes);
    }
    if (!found) return std::nullopt;

    MetricChange change;
    if (lands(start)) {   // a missing value: having one is enough
        change.bound = MetricChange::Bound::Exactly;
        change.to = Value::of_number(start);
        return confirm_number(search, m, change, start);
    }
    const double exact = threshold(start, yes, lands);
    const double just_before = std::nextafter(exact, -direction * infinity);
    if (scale.kind == ScaleKind::Percentile) {
        const auto& others = search.others(m);
        if (std::binary_search(others.begin(), others.end(), just_before)) {
            change.bound = MetricChange::Bound::Above;   // more than another customer's value
            change.to = Value::of_number(just_before);
            return confirm_number(search, m, change, exact);
        }
    }
    change.bound = direction > 0 ? MetricChange::Bound::AtLeast : MetricChange::Bound::AtMost;
    const double shown = rounded_for_people(exact, direction, lands);
    change.to = Value::of_number(shown);
    return confirm_number(search, m, change, shown);
}

/// Each band's edge nearest the current value (its lower bound when above, just under its
/// upper bound when below); the nearest that lands wins, or with no current value the band
/// with the fewest points.
std::optional<Found> search_bands(LiftSearch& search, const ScoringPlan& plan, std::size_t m, double from) {
    constexpr double infinity = std::numeric_limits<double>::infinity();
    const auto& bands = plan.rules->metrics[m].scale.bands;
    std::optional<Found> best;
    double best_distance = infinity;
    for (std::size_t i = 0; i < bands.size(); ++i) {
        const double lower = i == 0 ? -infinity : bands[i - 1].upper;
        const double upper = bands[i].upper;
        if (!is_missing(from) && from >= lower && from < upper) continue;
        const bool above = is_missing(from) ? i > 0 : from < lower;
        const double probe = above ? lower : std::nextafter(upper, -infinity);
        if (!std::isfinite(probe)) continue;
        const double distance = is_missing(from) ? bands[i].score : std::fabs(probe - from);
        if (distance >= best_distance) continue;
        MetricChange change;
        change.bound = above ? MetricChange::Bound::AtLeast : MetricChange::Bound::Below;
        change.to = Value::of_number(above ? lower : upper);
        if (auto found = confirm_number(search, m, change, probe)) {
            best_distance = distance;
            best = std::move(found);
        }
    }
    return best;
}

/// The key with the fewest points that lands (ties: the first in the rule file).
std::optional<Found> search_map(LiftSearch& search, const ScoringPlan& plan, std::size_t m, const Value& from) {
    const bool is_bool = from.type == Type::Bool;
    std::optional<Found> best;
    for (const auto& [key, points] : plan.rules->metrics[m].scale.map) {
        const bool is_current = !from.missing && (is_bool ? (from.boolean ? "true" : "false") == key : from.text == key);
        if (is_current || (best && points >= best->change.scaled_to)) continue;
        std::optional<std::size_t> tier = search.try_key(m, key, points);
        if (!tier) continue;
        MetricChange change;
        change.bound = MetricChange::Bound::Exactly;
        change.to = is_bool ? Value::of_bool(key == "true") : Value::of_text(key);
        change.scaled_to = search.last_scaled();
        change.score_to = search.last_score();
        best = Found{std::move(change), *tier};
    }
    return best;
}

/// A failing part of a condition in the customer's words, when it reads a single yes/no field:
/// such a field records an answer (agreed to the partnership, signed the contract), so false
/// is a "no" and empty means nobody has asked yet. "" for any other part.
std::string answer_reason(const ConditionTerm& term, const RuleSet& rules) {
    if (term.values.size() != 1) return "";
    // Plain references, not a structured binding: lambdas may not capture those before C++20
    // compilers caught up (clang 14 refuses it).
    const std::string& name = term.values.front().first;
    const Value& value = term.values.front().second;
    if (value.type != Type::Bool) return "";
    const bool is_field = std::any_of(rules.fields.begin(), rules.fields.end(),
                                      [&](const FieldSpec& field) { return field.name == name; });
    if (!is_field) return "";
    if (value.missing) return "the customer has not answered yet (" + name + " is empty: not asked yet)";
    if (!value.boolean) return "the customer declined (" + name + " = false)";
    return "";
}

/// What full points on every metric would still leave failing in the next better tier.
std::vector<std::string> blockers_at_full_points(const ScoringPlan& plan, Frame& frame, std::uint32_t row,
                                                 std::size_t target, const ExplainContext& context,
                                                 std::vector<std::string>& reasons) {
    std::vector<std::string> blockers;
    std::vector<double> saved;
    for (const auto& metric : plan.metrics) {
        saved.push_back(frame.columns[metric.scaled_slot].numbers[row]);
        frame.columns[metric.scaled_slot].numbers[row] = 100;
    }
    double& score = frame.columns[plan.score_slot].numbers[row];
    const double saved_score = score;
    score = 100;
    if (const auto& when = plan.rules->tiers[target].when) {
        ConditionTrace trace = trace_condition(when->text, plan, frame, row, context.compile_options);
        if (trace.holds != bool_true) {
            if (trace.joined_by == "and") {
                for (const auto& term : trace.terms)
                    if (term.holds != bool_true) {
                        blockers.push_back(term.text);
                        reasons.push_back(answer_reason(term, *plan.rules));
                    }
            } else {
                blockers.push_back(trace.text);
                reasons.push_back(trace.terms.size() == 1 ? answer_reason(trace.terms.front(), *plan.rules) : "");
            }
        }
    }
    score = saved_score;
    for (std::size_t m = 0; m < plan.metrics.size(); ++m) frame.columns[plan.metrics[m].scaled_slot].numbers[row] = saved[m];
    return blockers;
}

}  // namespace

Lift find_lift(const ScoringPlan& plan, Frame& frame, std::uint32_t row, std::size_t current, const ExplainContext& context) {
    Lift lift;
    if (current == 0) return lift;
    const auto& tiers = plan.rules->tiers;
    lift.target = tiers[current - 1].id;
    lift.target_label = tiers[current - 1].label;
    LiftSearch search(plan, frame, row, current, context);
    std::vector<Found> candidates;
    for (std::size_t m = 0; m < plan.metrics.size(); ++m) {
        const MetricSpec& spec = plan.rules->metrics[m];
        if (spec.weight <= 0) continue;
        const Value from = cell_value(frame.columns[plan.metrics[m].raw_slot], row);
        const double number = from.missing || from.type == Type::Text || from.type == Type::Bool ? missing_number : from.number;
        std::optional<Found> found;
        switch (spec.scale.kind) {
        case ScaleKind::Map: found = search_map(search, plan, m, from); break;
        case ScaleKind::Bands: found = search_bands(search, plan, m, number); break;
        default: found = search_monotone(search, plan, m, number);
        }
        if (!found) continue;
        MetricChange& change = found->change;
        change.metric = spec.id;
        change.label = spec.label;
        change.from = from;
        change.scaled_from = frame.columns[plan.metrics[m].scaled_slot].numbers[row];
        change.tier = tiers[found->tier].id;
        found->effort = effort_of(spec.scale, change,
                                  spec.scale.kind == ScaleKind::Percentile ? search.others(m) : std::vector<double>());
        candidates.push_back(std::move(*found));
    }
    // The smallest change first: the least way along its own scale.
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Found& a, const Found& b) { return a.effort < b.effort; });
    for (Found& found : candidates) lift.changes.push_back(std::move(found.change));
    if (lift.changes.empty()) {
        lift.blockers = blockers_at_full_points(plan, frame, row, current - 1, context, lift.blocker_reasons);
        // A group without seats takes nobody, whatever the points: say so rather than "several together".
        const TierSpec& target = tiers[current - 1];
        const std::vector<std::string_view> group_of = capacity_group_of_rows(plan, frame, current - 1);
        if (!group_of.empty() && target.max_groups->seats_of(group_of[row]).value_or(0) == 0) {
            const std::string by = target.max_groups->by.text;
            lift.blockers.push_back(fmt::format("{} seats", by));
            lift.blocker_reasons.resize(lift.blockers.size() - 1);
            lift.blocker_reasons.push_back(group_of[row].data() ? fmt::format("{} '{}' has no seats", by, group_of[row])
                                                                : fmt::format("customers without {} have no seats", by));
        }
    }
    return lift;
}

}  // namespace kamscore
