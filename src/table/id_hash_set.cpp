#include "kamscore/table/id_hash_set.hpp"

namespace kamscore {
namespace {

/// Slots for `ids` hashes at most three quarters full: linear probing stays short (2.5 probes
/// for an insert on average at the fullest), and a million ids take 10.7 MB rather than the
/// 16.8 MB of the next power of two. The home slot is the hash scaled to the table (Lemire's
/// multiply-shift on the hash's high half), which works for any table size.
std::size_t slots_for(std::size_t ids) { return ids < 768 ? 1024 : ids / 3 * 4 + 4; }

std::size_t home_of(std::uint64_t hash, std::size_t slot_count) {
    // The high 32 bits of the hash times the table size, over 2^32: tables stay below 2^32 slots.
    return static_cast<std::size_t>(((hash >> 32) * static_cast<std::uint64_t>(slot_count)) >> 32);
}

}  // namespace

void IdHashSet::reserve(std::size_t ids) {
    if (slots_for(ids) > slots_.size()) resize(slots_for(ids));
}

void IdHashSet::prepare(std::uint64_t hash) {
    if ((used_ + 1) * 4 > slots_.size() * 3) resize(slots_for((used_ + 1) * 2));
    __builtin_prefetch(&slots_[home_of(hash == empty ? 1 : hash, slots_.size())]);
}

void IdHashSet::prefetch(std::uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[home_of(hash == empty ? 1 : hash, slots_.size())]);
}

bool IdHashSet::insert(std::uint64_t hash) {
    if (hash == empty) hash = 1;   // 0 marks an empty slot; 1 then stands for both
    if ((used_ + 1) * 4 > slots_.size() * 3) resize(slots_for((used_ + 1) * 2));
    const std::size_t count = slots_.size();
    for (std::size_t i = home_of(hash, count);; i = i + 1 == count ? 0 : i + 1) {
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
    for (std::uint64_t hash : old) {
        if (hash == empty) continue;
        std::size_t i = home_of(hash, slot_count);
        while (slots_[i] != empty) i = i + 1 == slot_count ? 0 : i + 1;
        slots_[i] = hash;
    }
}

}  // namespace kamscore
