#include "kamscore/score/row_stage.hpp"

#include "kamscore/score/evaluate.hpp"

namespace kamscore {
namespace {

void hold_slots_of(const expr::Program& program, std::vector<bool>& held) {
    for (int slot : program.slots_read()) held[static_cast<std::size_t>(slot)] = true;
}

void hold_slots_of(const std::optional<expr::Program>& program, std::vector<bool>& held) {
    if (program) hold_slots_of(*program, held);
}

template <typename T>
void append(std::vector<T>& to, const std::vector<T>& from) {
    to.insert(to.end(), from.begin(), from.end());
}

}  // namespace

RowStage plan_row_stage(const ScoringPlan& plan, const Frame& frame, const std::vector<int>& also_read) {
    RowStage stage;
    const std::size_t slots = frame.columns.size();
    stage.computed.assign(slots, false);
    auto computed = [&](int slot) {
        if (slot >= 0) stage.computed[static_cast<std::size_t>(slot)] = true;
    };
    computed(plan.id_slot);
    computed(plan.label_slot);
    for (int slot : plan.field_slots) computed(slot);
    for (const auto& derived : plan.derived) computed(derived.slot);
    for (const auto& criterion : plan.strategic) computed(criterion.slot);
    computed(plan.strategic_count_slot);
    for (const auto& metric : plan.metrics) computed(metric.raw_slot);

    // Everything read after the row stage; only computed slots are affected by `held`.
    std::vector<bool> read(slots, false);
    auto mark = [&](int slot) {
        if (slot >= 0 && static_cast<std::size_t>(slot) < slots) read[static_cast<std::size_t>(slot)] = true;
    };
    for (const auto& tier : plan.tiers) {
        hold_slots_of(tier.when, read);
        hold_slots_of(tier.stay, read);
        hold_slots_of(tier.capacity_by, read);
    }
    for (const auto& segment : plan.segments) {
        hold_slots_of(segment.value, read);
        hold_slots_of(segment.y, read);
        for (const auto& when : segment.cases) hold_slots_of(when, read);
    }
    hold_slots_of(plan.summary_revenue, read);
    for (int slot : also_read) mark(slot);
    // Read only to be scaled (by compute_scores(), which frees them then) unless marked above,
    // or scaled by two metrics (`value: revenue` twice reads one column).
    std::vector<int> scaled_by(slots, 0);
    for (const auto& metric : plan.metrics) ++scaled_by[static_cast<std::size_t>(metric.raw_slot)];
    stage.released_after_scaling.assign(slots, false);
    for (const auto& metric : plan.metrics) {
        const auto raw = static_cast<std::size_t>(metric.raw_slot);
        stage.released_after_scaling[raw] = !read[raw] && scaled_by[raw] == 1;
    }
    mark(plan.id_slot);
    mark(plan.label_slot);
    mark(plan.strategic_count_slot);
    for (const auto& metric : plan.metrics) mark(metric.raw_slot);
    stage.read_later = read;

    stage.held.assign(slots, false);
    for (std::size_t slot = 0; slot < slots; ++slot) stage.held[slot] = stage.computed[slot] && read[slot];
    stage.unread_points.assign(slots, false);
    for (const auto& metric : plan.metrics)
        stage.unread_points[static_cast<std::size_t>(metric.points_slot)] = !read[static_cast<std::size_t>(metric.points_slot)];
    stage.sized_later.assign(slots, false);
    auto sized_later = [&](int slot) {
        if (slot >= 0) stage.sized_later[static_cast<std::size_t>(slot)] = true;
    };
    for (const auto& metric : plan.metrics) sized_later(metric.scaled_slot);
    sized_later(plan.score_slot);
    sized_later(plan.tier_slot);
    sized_later(plan.tier_label_slot);
    return stage;
}

bool is_dropped(const RowStage& stage, std::size_t slot) {
    return slot < stage.held.size() && ((stage.computed[slot] && !stage.held[slot]) || stage.unread_points[slot]);
}

bool is_left_empty_by_reading(const RowStage& stage, std::size_t slot) {
    if (slot >= stage.held.size()) return stage.later_columns_left_empty;
    return is_dropped(stage, slot) || (slot < stage.sized_later.size() && stage.sized_later[slot]);
}

bool is_read_later(const RowStage& stage, int slot) {
    return slot >= 0 && static_cast<std::size_t>(slot) < stage.read_later.size() &&
           stage.read_later[static_cast<std::size_t>(slot)];
}

void leave_ids_out(const ScoringPlan& plan, RowStage& stage) {
    stage.held[static_cast<std::size_t>(plan.id_slot)] = false;
}

void leave_label_out(const ScoringPlan& plan, RowStage& stage) {
    if (plan.label_slot >= 0) stage.held[static_cast<std::size_t>(plan.label_slot)] = false;
}

void leave_previous_tier_empty(const ScoringPlan& plan, RowStage& stage) {
    if (plan.previous_tier_slot >= 0) stage.sized_later[static_cast<std::size_t>(plan.previous_tier_slot)] = true;
}

void finish_batch(const ScoringPlan& plan, const RowStage& stage, Frame& batch, Frame& whole) {
    for (auto& column : batch.columns) column.resize(batch.rows);
    compute_row_values(plan, batch);
    for (std::size_t slot = 0; slot < batch.columns.size(); ++slot) {
        // The id goes into the whole frame as each row is read: duplicates are found there.
        if (!stage.held[slot] || static_cast<int>(slot) == plan.id_slot) continue;
        const Column& from = batch.columns[slot];
        Column& to = whole.columns[slot];
        switch (from.type) {
        case Type::Number:
        case Type::Date: append(to.numbers, from.numbers); break;
        case Type::Bool: append(to.bools, from.bools); break;
        case Type::Text:
            for (std::string_view text : from.texts)
                to.texts.push_back(text.data() == nullptr ? text : whole.arena.store(text));
            break;
        }
    }
}

}  // namespace kamscore
