#include "kamscore/table/id_index.hpp"

#include <cstring>

namespace kamscore {
namespace {

/// Ids are short: mixing 8 bytes at a time is several times cheaper than std::hash's
/// general-purpose hash. The seed differs per process, so ids crafted to collide in one run
/// (hash flooding) do not collide in the next.
std::uint64_t hash_of(std::string_view id) {
    static const std::uint64_t seed = 0x9E3779B97F4A7C15ull ^ reinterpret_cast<std::uintptr_t>(&seed);
    std::uint64_t hash = seed ^ (id.size() * 0xFF51AFD7ED558CCDull);
    const char* p = id.data();
    std::size_t n = id.size();
    for (; n >= 8; p += 8, n -= 8) {
        std::uint64_t word;
        std::memcpy(&word, p, 8);
        hash = (hash ^ word) * 0xBF58476D1CE4E5B9ull;
        hash ^= hash >> 31;
    }
    std::uint64_t tail = 0;
    std::memcpy(&tail, p, n);
    hash = (hash ^ tail) * 0x94D049BB133111EBull;
    hash ^= hash >> 29;
    hash *= 0xBF58476D1CE4E5B9ull;
    return hash ^ (hash >> 32);
}

}  // namespace

std::uint64_t IdIndex::hash(std::string_view id) { return hash_of(id); }

void IdIndex::reserve(std::size_t ids) {
    std::size_t wanted = 1024;
    while (wanted < ids * 2) wanted *= 2;
    if (wanted > slots_.size()) resize(wanted);
}

void IdIndex::prepare(std::uint64_t hash) {
    if ((used_ + 1) * 2 > slots_.size()) resize(slots_.empty() ? 1024 : slots_.size() * 2);
    __builtin_prefetch(&slots_[home(hash)]);
}

std::optional<std::uint32_t> IdIndex::find_or_add(std::string_view id, std::uint64_t hash, std::uint32_t row,
                                                  const std::vector<std::string_view>& ids) {
    const std::uint64_t tag = hash & tag_bits;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = home(hash);; i = (i + 1) & mask) {
        const std::uint64_t slot = slots_[i];
        if (slot == empty) {
            slots_[i] = tag | row;
            ++used_;
            return std::nullopt;
        }
        const auto other = static_cast<std::uint32_t>(slot);
        if ((slot & tag_bits) == tag && ids[other] == id) return other;
    }
}

std::optional<std::uint32_t> IdIndex::find_or_add(std::string_view id, std::uint32_t row,
                                                  const std::vector<std::string_view>& ids) {
    const std::uint64_t h = hash_of(id);
    prepare(h);
    return find_or_add(id, h, row, ids);
}

std::optional<std::uint32_t> IdIndex::find(std::string_view id, std::uint64_t hash,
                                           const std::vector<std::string_view>& ids) const {
    if (slots_.empty()) return std::nullopt;
    const std::uint64_t tag = hash & tag_bits;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = home(hash);; i = (i + 1) & mask) {
        const std::uint64_t slot = slots_[i];
        if (slot == empty) return std::nullopt;
        const auto row = static_cast<std::uint32_t>(slot);
        if ((slot & tag_bits) == tag && ids[row] == id) return row;
    }
}

void IdIndex::resize(std::size_t slot_count) {
    std::vector<std::uint64_t> old = std::move(slots_);
    slots_.assign(slot_count, empty);
    const std::size_t mask = slot_count - 1;
    for (std::uint64_t slot : old) {
        if (slot == empty) continue;
        std::size_t i = home(slot);
        while (slots_[i] != empty) i = (i + 1) & mask;
        slots_[i] = slot;
    }
}

}  // namespace kamscore
