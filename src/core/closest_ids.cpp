#include "kamscore/closest_ids.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include <fmt/format.h>

#include "kamscore/edit_distance.hpp"

namespace kamscore {
namespace {

std::string lower(std::string_view text) {
    std::string lowered(text);
    for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lowered;
}

/// The id without its leading zeros ("0000010058" and "10058" are one number to a person;
/// one system pads ids that another does not). An id of zeros only stays as it is.
std::string_view without_leading_zeros(std::string_view id) {
    const std::size_t first = id.find_first_not_of('0');
    return first == std::string_view::npos ? id : id.substr(first);
}

}  // namespace

std::vector<std::string> closest_ids(std::string_view wanted, const std::vector<std::string_view>& ids,
                                     std::size_t limit) {
    const std::string plain = lower(wanted);
    const int within = std::max<int>(2, static_cast<int>(plain.size()) / 3);
    std::vector<std::pair<int, std::string_view>> ranked;
    const std::string_view unpadded = without_leading_zeros(wanted);
    for (std::string_view id : ids) {
        // The same id but for leading zeros comes before any typo.
        if (id != wanted && without_leading_zeros(id) == unpadded) {
            ranked.emplace_back(-1, id);
            continue;
        }
        // Ids of very different length cannot be close: skip the distance for them.
        if (std::abs(static_cast<int>(id.size()) - static_cast<int>(plain.size())) > within) continue;
        int distance = edit_distance(plain, lower(id));
        if (distance <= within) ranked.emplace_back(distance, id);
    }
    std::sort(ranked.begin(), ranked.end());
    std::vector<std::string> closest;
    for (std::size_t i = 0; i < ranked.size() && closest.size() < limit; ++i)
        if (i == 0 || ranked[i].second != ranked[i - 1].second) closest.emplace_back(ranked[i].second);
    return closest;
}

std::string closest_ids_text(std::string_view wanted, const std::vector<std::string_view>& ids) {
    std::vector<std::string> closest = closest_ids(wanted, ids);
    if (closest.empty()) return "";
    return fmt::format("closest: '{}'", fmt::join(closest, "', '"));
}

}  // namespace kamscore
