// --previous: the earlier results a run compares with, for stickiness (`stay:`) and `change`.
#pragma once

#include <functional>
#include <string>

#include "kamscore/classify/stickiness.hpp"
#include "kamscore/io/transcode.hpp"
#include "kamscore/run/run.hpp"
#include "kamscore/score/plan.hpp"
#include "kamscore/table/column.hpp"

namespace kamscore {

/// Reads the earlier results (csv, tsv, json, jsonl; the id column named as the rules'
/// input.id, and `tier`), decoded from `encoding` like the input, into the previous_tier column
/// and adds the change column. Warns about previous tiers the rules do not define. Returns
/// how the rows met the previous results.
PreviousMatch read_previous_results(const InputSource& source, TextEncoding encoding, ScoringPlan& plan, Frame& frame,
                           const std::function<void(const std::string&)>& warn);

}  // namespace kamscore
