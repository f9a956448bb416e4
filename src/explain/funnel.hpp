#pragma once

#include <cstdint>
#include <vector>

#include "kamscore/explain/summary.hpp"

namespace kamscore {

/// The funnel of the first tier (see FunnelSummary): `revenue` per row (missing as 0),
/// `rules_tier` per row the tier by the rules before overrides (empty: read the tier column).
FunnelSummary work_out_funnel(const ScoringPlan& plan, Frame& frame, const std::vector<TierOutcome>& outcomes,
                              const std::vector<double>& revenue, double revenue_total, bool has_revenue,
                              const std::vector<std::uint16_t>& rules_tier, const expr::CompileOptions& options);

}  // namespace kamscore
