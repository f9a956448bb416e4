#include "kamscore/table/id_hash_set.hpp"

namespace kamscore {

void IdHashSet::reserve(std::size_t ids) {
    std::size_t wanted = 1024;
    while (wanted < ids * 2) wanted *= 2;
    if (wanted > slots_.size()) resize(wanted);
}

bool IdHashSet::insert(std::uint64_t hash) {
    if (hash == empty) hash = 1;   // 0 marks an empty slot; 1 then stands for both
    if ((used_ + 1) * 2 > slots_.size()) resize(slots_.empty() ? 1024 : slots_.size() * 2);
    const std::size_t mask = slots_.size() - 1;
    // The high bits pick the home slot: IdIndex::hash mixes them best.
    for (std::size_t i = static_cast<std::size_t>(hash >> 32) & mask;; i = (i + 1) & mask) {
        if (slots_[i] == hash) return false;
        if (slots_[i] == empty) {
            slots_[i] = hash;
            ++used_;
            return true;
        }
    }
}

void IdHashSet::resize(std::size_t slot_count) {
    std::vector<std::uint64_t> old = std::move(slots_);
    slots_.assign(slot_count, empty);
    const std::size_t mask = slot_count - 1;
    for (std::uint64_t hash : old) {
        if (hash == empty) continue;
        std::size_t i = static_cast<std::size_t>(hash >> 32) & mask;
        while (slots_[i] != empty) i = (i + 1) & mask;
        slots_[i] = hash;
    }
}

}  // namespace kamscore
