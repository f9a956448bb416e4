#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace kamscore {

/// Finds duplicate ids while rows are read. An open-addressing table of row numbers (the ids
/// themselves stay in the id column), 8 bytes per slot, no allocation per row: std's node-based
/// unordered_map spent a quarter of a million-row run here.
///
/// For a million ids the table is 16 MB, so nearly every lookup misses the cache. A caller
/// with other work to do hashes the id first, calls prepare(), does that work while the slot
/// is fetched, and only then calls find_or_add() with the hash.
class IdIndex {
public:
    /// The (per-process seeded) hash that prepare() and find_or_add() take.
    static std::uint64_t hash(std::string_view id);
    /// Sizes the table for `ids` ids at once, so that it need not grow (and rehash) later.
    void reserve(std::size_t ids);
    /// Makes room for one more id and starts fetching the slot where `hash` goes.
    void prepare(std::uint64_t hash);
    /// Starts fetching the slot where `hash` goes, for a lookup some rows ahead (a batch of
    /// keys hashed first); a hint only: the table may still grow before that lookup.
    void prefetch(std::uint64_t hash) const {
        if (!slots_.empty()) __builtin_prefetch(&slots_[home(hash)]);
    }
    /// The row in the home slot of `hash`, if its tag is the hash's: most often the row whose
    /// id has that hash. A guess, for fetching that row's data from memory ahead of its lookup
    /// (no id is compared); call it once the slot was prefetched, or it waits for memory.
    std::optional<std::uint32_t> home_row(std::uint64_t hash) const {
        if (slots_.empty()) return std::nullopt;
        const std::uint64_t slot = slots_[home(hash)];
        if (slot == empty || (slot & tag_bits) != (hash & tag_bits)) return std::nullopt;
        return static_cast<std::uint32_t>(slot);
    }
    /// If `ids[r] == id` for a row r registered before, returns r; otherwise registers
    /// `row` (whose id must be `id` once the caller appends it) and returns nullopt.
    /// `hash` is hash(id), and prepare(hash) came after the last find_or_add().
    std::optional<std::uint32_t> find_or_add(std::string_view id, std::uint64_t hash, std::uint32_t row,
                                             const std::vector<std::string_view>& ids);
    /// The same in one call.
    std::optional<std::uint32_t> find_or_add(std::string_view id, std::uint32_t row,
                                             const std::vector<std::string_view>& ids);
    /// The registered row whose id is `id`, if any.
    std::optional<std::uint32_t> find(std::string_view id, const std::vector<std::string_view>& ids) const {
        return find(id, hash(id), ids);
    }
    /// The same with `hash` = hash(id), for a caller that prefetched its slot.
    std::optional<std::uint32_t> find(std::string_view id, std::uint64_t hash,
                                      const std::vector<std::string_view>& ids) const;

private:
    void resize(std::size_t slot_count);
    std::size_t home(std::uint64_t hash) const { return static_cast<std::size_t>(hash >> 32) & (slots_.size() - 1); }
    static constexpr std::uint64_t empty = ~std::uint64_t{0};
    static constexpr std::uint64_t tag_bits = 0xFFFFFFFF00000000ull;
    // Each slot is (hash high 32 bits << 32) | row, or empty. A slot's home is taken from its
    // tag, so growing moves slots without reading a single id again.
    std::vector<std::uint64_t> slots_;
    std::size_t used_ = 0;
};

}  // namespace kamscore
