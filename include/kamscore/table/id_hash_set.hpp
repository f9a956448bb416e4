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
    /// Lays the partitions out for about `ids` hashes in one block, so that they need not grow
    /// later. One block, not 256 vectors: a block of megabytes gets huge pages (the binary's
    /// operator new asks for them), while 256 vectors of 32 KB each took 2,000 page faults for
    /// a million ids, a third of TableBuilder::add's time on the benchmark machine.
    void reserve(std::size_t ids);
    void add(std::uint64_t hash) {
        const std::size_t partition = hash >> (64 - partition_bits);
        std::size_t& size = block_sizes_[partition];
        if (size < block_capacity_) block_[partition * block_capacity_ + size++] = hash;
        else overflow_[partition].push_back(hash);   // past the reservation, or none was made
    }
    /// True when some hash was added more than once. Takes time linear in the hashes added.
    bool has_repeat() const;
    std::size_t size() const;

private:
    static constexpr int partition_bits = 8;
    static constexpr std::size_t partitions = std::size_t{1} << partition_bits;
    /// Partition p's first block_sizes_[p] hashes are at block_[p * block_capacity_]; the rest
    /// in overflow_[p]. A partition that fills up grows alone, so an export with one id
    /// repeated a million times costs 8 MB, not 256 times that.
    std::vector<std::uint64_t> block_;
    std::size_t block_capacity_ = 0;
    std::array<std::size_t, partitions> block_sizes_{};
    std::array<std::vector<std::uint64_t>, partitions> overflow_;
};

}  // namespace kamscore
