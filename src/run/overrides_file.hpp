// --overrides: the sales board's forced tiers, matched to the scored rows.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "kamscore/io/transcode.hpp"
#include "kamscore/run/run.hpp"
#include "run/customer_rows.hpp"

namespace kamscore {

/// Reads the overrides file (CSV or YAML, decoded from `encoding` like the input), matches it
/// to the scored rows, passes its warnings to `warn` and adds the `override` column (each
/// row's reason). An entry for a customer whose row was rejected says so.
OverridesInEffect read_overrides_file(const InputSource& source, TextEncoding encoding, ScoringPlan& plan,
                                      Frame& frame, double today, const CustomerRows& rows,
                                      const std::vector<RejectedRow>& rejects,
                                      const std::function<void(const std::string&)>& warn);

}  // namespace kamscore
