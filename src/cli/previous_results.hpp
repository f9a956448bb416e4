#pragma once

#include <string>

#include "kamscore/score/plan.hpp"
#include "kamscore/table/column.hpp"

namespace kamscore {

/// --previous FILE: reads the earlier results (csv, tsv, json, jsonl; the id column named as the
/// rules' input.id, and `tier`) into the previous_tier column and adds the change column.
/// Warns (unless quiet) about previous tiers the rules do not define.
void read_previous_results(const std::string& path, ScoringPlan& plan, Frame& frame, bool quiet);

/// After classify(): fills the change column; with verbose prints one line of counts.
void finish_previous_results(const ScoringPlan& plan, Frame& frame, bool verbose);

}  // namespace kamscore
