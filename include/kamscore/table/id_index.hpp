#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace kamscore {

/// Finds duplicate ids while rows are read. An open-addressing table of row numbers (the ids
/// themselves stay in the id column), 8 bytes per slot, no allocation per row: std's node-based
/// unordered_map spent a quarter of a million-row run here.
class IdIndex {
public:
    /// If `ids[r] == id` for a row r registered before, returns r; otherwise registers
    /// `row` (whose id must be `id` once the caller appends it) and returns nullopt.
    std::optional<std::uint32_t> find_or_add(std::string_view id, std::uint32_t row,
                                             const std::vector<std::string_view>& ids);

    /// The registered row whose id is `id`, if any.
    std::optional<std::uint32_t> find(std::string_view id, const std::vector<std::string_view>& ids) const;

private:
    void grow(const std::vector<std::string_view>& ids);

    static constexpr std::uint64_t empty = ~std::uint64_t{0};
    std::vector<std::uint64_t> slots_;   ///< (hash high 32 bits << 32) | row, or empty
    std::size_t used_ = 0;
};

}  // namespace kamscore
