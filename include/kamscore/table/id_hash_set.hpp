#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kamscore {

/// The 64-bit hashes of the ids read so far, without the ids: the first pass of a two-pass
/// run holds no id text (see docs/architecture.md, "Two passes"). insert() says whether the
/// hash was there. Two different ids share a hash with a chance of about n²/2⁶⁵ (3·10⁻⁸ for
/// a million ids), so a hash seen twice is not called a duplicate here: the caller falls back
/// to the run that holds the ids and decides exactly.
class IdHashSet {
public:
    /// Sizes the table for `ids` hashes at once, so that it need not grow later (8 bytes a
    /// slot, at most three quarters of them used).
    void reserve(std::size_t ids);
    /// Makes room for one more hash and starts fetching its slot from memory: for a million
    /// ids nearly every insert misses the cache, so a caller with other work to do (converting
    /// the row's fields) calls this first and insert() after.
    void prepare(std::uint64_t hash);
    /// Starts fetching the slot of `hash` for an insert some rows later (hashes worked out
    /// ahead); a hint only: the table may still grow before that insert.
    void prefetch(std::uint64_t hash) const;
    /// Adds `hash`; false when it was there already.
    bool insert(std::uint64_t hash);
    std::size_t size() const { return used_; }

private:
    void resize(std::size_t slot_count);
    static constexpr std::uint64_t empty = 0;   // a hash of 0 is stored as 1 (see insert)
    std::vector<std::uint64_t> slots_;
    std::size_t used_ = 0;
};

}  // namespace kamscore
