#pragma once

#include <string>
#include <vector>

#include "kamscore/explain/explanation.hpp"

namespace kamscore {

/// One customer's decision trace for a terminal: criteria, metrics, tiers, the next tier.
std::string render_explanation_text(const Explanation& explanation);

/// A JSON array with one object per customer (the same content as data).
std::string render_explanations_json(const std::vector<Explanation>& explanations);

}  // namespace kamscore
