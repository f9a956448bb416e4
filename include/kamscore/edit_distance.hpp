#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kamscore {

/// Levenshtein distance between two byte strings.
int edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `name` when it is close enough to be a plausible typo
/// (distance at most max(2, name.size()/3)), compared ignoring case; "" otherwise.
std::string closest_name(std::string_view name, const std::vector<std::string>& candidates);

/// " (did you mean 'x'?)" for the closest candidate, or "" when none is close.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace kamscore
