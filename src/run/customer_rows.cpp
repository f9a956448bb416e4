#include "run/customer_rows.hpp"

#include "kamscore/error.hpp"

namespace kamscore {

CustomerRows::CustomerRows(const ScoringPlan& plan, Frame& frame) : plan_(plan), frame_(frame) {
    if (plan.rules->input.group_column.empty()) {
        builder_ = std::make_unique<TableBuilder>(frame, plan);
        return;
    }
    layout_ = std::make_unique<MemberLayout>();
    lay_out_members(*plan.rules, members_, *layout_);
    builder_ = std::make_unique<TableBuilder>(members_, layout_->plan);
}

void CustomerRows::finish() {
    if (!layout_) {
        for (std::size_t slot = 0; slot < frame_.columns.size(); ++slot)
            if (!builder_->is_left_empty(slot)) frame_.columns[slot].resize(frame_.rows);
        return;
    }
    for (auto& column : members_.columns) column.resize(members_.rows);
    rollup_ = roll_up(plan_, *layout_, members_, frame_);
    for (const auto& rows : rollup_.members) {
        group_lines_.push_back(builder_->lines()[rows.front()]);
        group_files_.push_back(builder_->file_of(rows.front()));
    }
}

std::vector<std::string_view> CustomerRows::member_ids(std::uint32_t row) const {
    std::vector<std::string_view> ids;
    if (!layout_ || row >= rollup_.members.size()) return ids;
    for (std::uint32_t member : rollup_.members[row]) ids.push_back(members_.columns[layout_->plan.id_slot].texts[member]);
    return ids;
}

void CustomerRows::add_members_column(ScoringPlan& plan) {
    if (!layout_)
        throw Error(ExitCode::BadCommandLine,
                    "--members lists the members of corporate groups: the rules need "
                    "'group' under 'input:' (e.g. input: { id: customer_id, group: parent_account_id })");
    plan.members_slot = frame_.add_column("members", Type::Text);
    fill_member_ids(rollup_, *layout_, members_, frame_, plan.members_slot);
}

}  // namespace kamscore
