#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace kamscore {

/// The 64-bit hashes of the ids read, without the ids: the first pass of a two-pass run holds
/// no id text (see docs/architecture.md, "Two passes"). Whether a hash came twice is asked
/// once, after the last one (has_repeat()). Two different ids share a hash with a chance of
/// about n²/2⁶⁵ (3·10⁻⁸ for a million ids), so a hash seen twice is not called a duplicate
/// here: the caller falls back to the run that holds the ids and decides exactly.
///
/// Why not a hash table filled as the ids come: for ten million ids it is 107 MB, and nearly
/// every insert missed the cache and the TLB, which made a first pass of 10M rows 13 times as
/// long as one of 1M instead of 10 times. Here the hashes are appended to 256 partitions by
/// their top bits (appends stay in the cache), and has_repeat() looks for a repeat partition by
/// partition, each in a table small enough for the cache (1 MB for ten million ids): time
/// linear in the ids, 8 bytes an id. With 1,024 partitions the 1,024 growing ends no longer
/// stayed in the first-level cache, and the append was a third of TableBuilder::add.
class IdHashSet {
public:
    /// Sizes the partitions for about `ids` hashes at once, so that they need not grow later.
    void reserve(std::size_t ids);
    void add(std::uint64_t hash) { partitions_[hash >> (64 - partition_bits)].push_back(hash); }
    /// True when some hash was added more than once. Takes time linear in the hashes added.
    bool has_repeat() const;
    std::size_t size() const;

private:
    static constexpr int partition_bits = 8;
    std::array<std::vector<std::uint64_t>, std::size_t{1} << partition_bits> partitions_;
};

}  // namespace kamscore
