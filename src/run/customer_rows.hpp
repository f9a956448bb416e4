// The rows that get scored: the export's rows, or with `input.group` its rows (legal
// entities) rolled up into corporate groups.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kamscore/score/group_rollup.hpp"
#include "kamscore/score/plan.hpp"
#include "kamscore/table/column.hpp"
#include "kamscore/score/table_builder.hpp"

namespace kamscore {

/// Reading goes through builder() with reading_plan(); finish() then makes `frame` ready to
/// score. Without groups this is a plain TableBuilder on `frame`.
class CustomerRows {
public:
    CustomerRows(const ScoringPlan& plan, Frame& frame);

    bool is_grouped() const { return layout_ != nullptr; }
    const ScoringPlan& reading_plan() const { return layout_ ? layout_->plan : plan_; }
    TableBuilder& builder() { return *builder_; }

    /// After read_inputs(): rolls the members up into the frame when grouped, and sizes every
    /// column of the frame to its rows.
    void finish();

    /// Where each scored row came from (a group: its first member), parallel to the frame's
    /// rows; shaped like TableBuilder's, for messages about rows.
    const std::vector<std::uint64_t>& lines() const { return layout_ ? group_lines_ : builder_->lines(); }
    std::uint32_t file_of(std::size_t row) const { return layout_ ? group_files_[row] : builder_->file_of(row); }
    /// See TableBuilder::release_lines (not for groups, whose lines are their own copy).
    void release_lines() {
        if (!layout_) builder_->release_lines();
    }
    const std::vector<std::string>& files() const { return builder_->files(); }

    /// Groups only (else null / empty).
    const GroupRollup* rollup() const { return layout_ ? &rollup_ : nullptr; }
    /// The member ids of a group row, in input order.
    std::vector<std::string_view> member_ids(std::uint32_t row) const;

    /// --members: adds the `members` column (';'-joined member ids) and sets plan.members_slot.
    /// Throws Error(BadCommandLine) when the rules have no input.group.
    void add_members_column(ScoringPlan& plan);

private:
    const ScoringPlan& plan_;
    Frame& frame_;
    std::unique_ptr<MemberLayout> layout_;
    Frame members_;
    std::unique_ptr<TableBuilder> builder_;
    GroupRollup rollup_;
    std::vector<std::uint64_t> group_lines_;
    std::vector<std::uint32_t> group_files_;
};

}  // namespace kamscore
