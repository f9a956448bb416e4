#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "kamscore/rules/rule_set.hpp"
#include "kamscore/score/plan.hpp"
#include "kamscore/table/column.hpp"

namespace kamscore {

/// How the rows of an export (legal entities) are read when the rules say `input.group`:
/// into a frame of their own, with each field's column type and the group id as one more
/// text field, before they are rolled up into the frame that is scored.
struct MemberLayout {
    RuleSet rules;        ///< the rules' input and fields, plus the group column as a text field
    ScoringPlan plan;     ///< id, label and field slots of the member frame; no programs
    int group_slot = -1;
};

/// Lays out `members` for reading the member rows of `rules` (which must have input.group).
/// `layout.plan.rules` points at `layout.rules`: keep the layout where it is (it is not moved).
void lay_out_members(const RuleSet& rules, Frame& members, MemberLayout& layout);

/// Which member rows make up each group.
struct GroupRollup {
    std::vector<std::vector<std::uint32_t>> members;   ///< per group row: member rows, in input order
    std::unordered_map<std::string, std::string> group_of_member;   ///< member id -> group id
};

/// Rolls the member rows up into `groups` (laid out by the scoring plan, still empty): one row
/// per group id, in order of first appearance; a row without a group id is a group of its own
/// (the group id is its id). A group id is taken as written: no chains of parents are followed.
/// Each field combines its members' values by its aggregation, ignoring missing values; a
/// group whose members all lack a value has none (count_distinct gives 0). The label is the
/// one of the member whose id is the group id, else of the first member.
GroupRollup roll_up(const ScoringPlan& plan, const MemberLayout& layout, const Frame& members, Frame& groups);

/// Fills a text column of `groups` with the ids of each group's members, joined by ';'.
void fill_member_ids(const GroupRollup& rollup, const MemberLayout& layout, const Frame& members, Frame& groups,
                     int slot);

}  // namespace kamscore
