#include "kamscore/table/id_hash_set.hpp"

#include <algorithm>
#include <bit>

namespace kamscore {

void IdHashSet::reserve(std::size_t ids) {
    // A partition gets ids / 256 on average, give or take its square root: 5 % more and a
    // few keep nearly every partition inside the block for a million ids.
    const std::size_t each = ids / partitions;
    const std::size_t capacity = each + each / 20 + 16;
    if (capacity <= block_capacity_) return;
    std::vector<std::uint64_t> block(capacity * partitions);
    for (std::size_t p = 0; p < partitions; ++p) {
        std::uint64_t* to = block.data() + p * capacity;
        const std::uint64_t* from = block_.data() + p * block_capacity_;
        to = std::copy(from, from + block_sizes_[p], to);
        const std::size_t moved = std::min(overflow_[p].size(), capacity - block_sizes_[p]);
        std::copy(overflow_[p].begin(), overflow_[p].begin() + static_cast<std::ptrdiff_t>(moved), to);
        overflow_[p].erase(overflow_[p].begin(), overflow_[p].begin() + static_cast<std::ptrdiff_t>(moved));
        block_sizes_[p] += moved;
    }
    block_ = std::move(block);
    block_capacity_ = capacity;
}

std::size_t IdHashSet::size() const {
    std::size_t count = 0;
    for (std::size_t p = 0; p < partitions; ++p) count += block_sizes_[p] + overflow_[p].size();
    return count;
}

bool IdHashSet::has_repeat() const {
    // One open-addressing table, reused for every partition, at most half full. Within a
    // partition the top bits are alike, so the slot is taken from the low bits. 0 marks an
    // empty slot; a hash of 0 is looked for as 1 (1 then stands for both: a repeat only
    // makes the caller decide exactly).
    constexpr std::uint64_t empty = 0;
    std::vector<std::uint64_t> slots;
    const auto is_repeat = [&](std::uint64_t hash, std::uint64_t mask) {
        if (hash == empty) hash = 1;
        for (std::uint64_t i = hash & mask;; i = (i + 1) & mask) {
            if (slots[i] == hash) return true;
            if (slots[i] == empty) {
                slots[i] = hash;
                return false;
            }
        }
    };
    for (std::size_t p = 0; p < partitions; ++p) {
        const std::uint64_t* in_block = block_.data() + p * block_capacity_;
        const std::vector<std::uint64_t>& overflow = overflow_[p];
        const std::size_t size = block_sizes_[p] + overflow.size();
        if (size < 2) continue;
        const std::size_t count = std::bit_ceil(size * 2);
        slots.assign(count, empty);
        const std::uint64_t mask = count - 1;
        for (std::size_t i = 0; i < block_sizes_[p]; ++i)
            if (is_repeat(in_block[i], mask)) return true;
        for (std::uint64_t hash : overflow)
            if (is_repeat(hash, mask)) return true;
    }
    return false;
}

}  // namespace kamscore
