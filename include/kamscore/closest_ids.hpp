#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kamscore {

/// Up to `limit` of `ids` closest to `wanted` by edit distance (ignoring case), when close
/// enough to be a typo (distance at most max(2, size/3)); nearest first, then by id. An id
/// that differs only in leading zeros ("0000010058" for "10058", and the reverse) comes first.
std::vector<std::string> closest_ids(std::string_view wanted, const std::vector<std::string_view>& ids,
                                     std::size_t limit = 3);

/// "closest: 'C0000187', 'C0000178'" or "" when none is close.
std::string closest_ids_text(std::string_view wanted, const std::vector<std::string_view>& ids);

}  // namespace kamscore
