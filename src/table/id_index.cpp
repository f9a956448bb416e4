#include "kamscore/table/id_index.hpp"

#include <functional>

namespace kamscore {
namespace {

std::uint64_t hash_of(std::string_view id) { return std::hash<std::string_view>{}(id); }

}  // namespace

std::optional<std::uint32_t> IdIndex::find_or_add(std::string_view id, std::uint32_t row,
                                                  const std::vector<std::string_view>& ids) {
    if ((used_ + 1) * 2 > slots_.size()) grow(ids);
    const std::uint64_t hash = hash_of(id);
    const std::uint64_t tag = hash & 0xFFFFFFFF00000000ull;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        std::uint64_t slot = slots_[i];
        if (slot == empty) {
            slots_[i] = tag | row;
            ++used_;
            return std::nullopt;
        }
        auto other = static_cast<std::uint32_t>(slot);
        if ((slot & 0xFFFFFFFF00000000ull) == tag && ids[other] == id) return other;
    }
}

void IdIndex::grow(const std::vector<std::string_view>& ids) {
    std::vector<std::uint64_t> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, empty);
    const std::size_t mask = slots_.size() - 1;
    for (std::uint64_t slot : old) {
        if (slot == empty) continue;
        auto row = static_cast<std::uint32_t>(slot);
        std::size_t i = hash_of(ids[row]) & mask;
        while (slots_[i] != empty) i = (i + 1) & mask;
        slots_[i] = slot;
    }
}

}  // namespace kamscore
