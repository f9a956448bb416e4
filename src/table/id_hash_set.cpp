#include "kamscore/table/id_hash_set.hpp"

#include <bit>

namespace kamscore {

void IdHashSet::reserve(std::size_t ids) {
    // A partition gets ids / 256 on average, give or take its square root: 5 % more and a
    // few keep nearly every partition from growing (and copying) for a million ids.
    const std::size_t each = ids / partitions_.size();
    for (auto& partition : partitions_) partition.reserve(each + each / 20 + 16);
}

std::size_t IdHashSet::size() const {
    std::size_t count = 0;
    for (const auto& partition : partitions_) count += partition.size();
    return count;
}

bool IdHashSet::has_repeat() const {
    // One open-addressing table, reused for every partition, at most half full. Within a
    // partition the top bits are alike, so the slot is taken from the low bits. 0 marks an
    // empty slot; a hash of 0 is looked for as 1 (1 then stands for both: a repeat only
    // makes the caller decide exactly).
    constexpr std::uint64_t empty = 0;
    std::vector<std::uint64_t> slots;
    for (const auto& partition : partitions_) {
        if (partition.size() < 2) continue;
        const std::size_t count = std::bit_ceil(partition.size() * 2);
        slots.assign(count, empty);
        const std::uint64_t mask = count - 1;
        for (std::uint64_t hash : partition) {
            if (hash == empty) hash = 1;
            for (std::uint64_t i = hash & mask;; i = (i + 1) & mask) {
                if (slots[i] == hash) return true;
                if (slots[i] == empty) {
                    slots[i] = hash;
                    break;
                }
            }
        }
    }
    return false;
}

}  // namespace kamscore
