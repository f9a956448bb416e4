#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "kamscore/rules/load_overrides.hpp"
#include "kamscore/score/plan.hpp"
#include "kamscore/table/column.hpp"

namespace kamscore {

/// The overrides that apply to a scored frame.
struct AppliedOverrides {
    std::vector<std::int32_t> forced;   ///< per row: the forced tier's index, or -1 (empty: none at all)
    std::vector<std::int32_t> entry;    ///< per row: index into the overrides, or -1
    std::vector<std::string> warnings;  ///< whole lines, "kamscore: warning: ..."
};

/// Matches overrides to rows by id. Left out, each with a warning: expired entries (expires
/// before `today`), unknown ids (with the closest ids; a member id of a group names its group),
/// unknown tiers (with the closest tier id; a tier may be named by its label too), and all but
/// the last of several entries for one id.
/// `group_of_member` maps member ids to group ids when the rows are groups (may be null).
AppliedOverrides apply_overrides(const std::vector<Override>& overrides, const ScoringPlan& plan, const Frame& frame,
                                 double today,
                                 const std::unordered_map<std::string, std::string>* group_of_member = nullptr);

}  // namespace kamscore
