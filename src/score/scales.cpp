#include "kamscore/score/scales.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <string>
#include <unordered_map>

#include "kamscore/row_ranges.hpp"

namespace kamscore {
namespace {

double clamp_percent(double fraction) { return std::clamp(fraction, 0.0, 1.0) * 100.0; }

/// An unsigned key that orders like the double (NaN excluded beforehand): flip every bit of
/// a negative number, only the sign bit of a positive one.
std::uint64_t order_key(double value) {
    const auto bits = std::bit_cast<std::uint64_t>(value);
    return (bits >> 63) != 0 ? ~bits : bits | (std::uint64_t{1} << 63);
}

// Packed: 12 bytes instead of 16. A million of them are the largest block of the run while
// a percentile is sorted, and x86 reads unaligned fields at no cost.
struct [[gnu::packed]] Keyed {
    std::uint64_t key;
    std::uint32_t row;
};
static_assert(sizeof(Keyed) == 12);

/// Counts the keys of [first, last) by their byte at `shift` into start[b + 1]; true when
/// they all have the same byte there.
bool count_bytes(const Keyed* first, const Keyed* last, int shift, std::array<std::size_t, 257>& start) {
    start.fill(0);
    for (const Keyed* item = first; item != last; ++item) ++start[((item->key >> shift) & 0xFF) + 1];
    const auto size = static_cast<std::size_t>(last - first);
    return std::find(start.begin() + 1, start.end(), size) != start.end();
}

/// Moves every key of [first, last) into its byte's bucket; afterwards bucket b is
/// [first + start[b], first + start[b + 1]).
void distribute(Keyed* first, int shift, std::array<std::size_t, 257>& start) {
    for (std::size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
    std::array<std::size_t, 256> next{};
    std::copy(start.begin(), start.end() - 1, next.begin());
    for (std::size_t b = 0; b < 256; ++b)
        while (next[b] < start[b + 1]) {   // cycle each misplaced item home
            Keyed& item = first[next[b]];
            const std::size_t home = (item.key >> shift) & 0xFF;
            if (home == b) ++next[b];
            else std::swap(item, first[next[home]++]);
        }
}

/// Sorts by key in place, most significant byte first (American flag sort): no second buffer
/// of the same size, which for a million values is 16 MB less at the run's fullest moment. A
/// byte that is the same in every key of a range (often the top ones: values of similar
/// magnitude) costs one counting pass. Not stable: equal keys rank alike, so their order does
/// not matter here.
void radix_sort(Keyed* first, Keyed* last, int shift) {
    std::array<std::size_t, 257> start;
    while (true) {
        const auto size = static_cast<std::size_t>(last - first);
        if (size < 64) {   // small ranges: insertion sort
            for (Keyed* i = first + 1; i < last; ++i)
                for (Keyed* j = i; j > first && j[-1].key > j->key; --j) std::swap(j[-1], *j);
            return;
        }
        if (!count_bytes(first, last, shift, start)) {
            distribute(first, shift, start);
            if (shift == 0) return;
            for (std::size_t b = 0; b < 256; ++b)
                if (start[b + 1] - start[b] > 1) radix_sort(first + start[b], first + start[b + 1], shift - 8);
            return;
        }
        if (shift == 0) return;
        shift -= 8;   // one bucket: the same range by the next byte
    }
}

/// Writes the percentile of every key of `mine` (sorted) among the keys of `mine` and `other`
/// (sorted): 100 · (the keys below it) ÷ `denominator`. Ties rank alike, at their lowest rank.
void rank_among(std::span<const Keyed> mine, std::span<const Keyed> other, double denominator,
                std::vector<double>& scaled) {
    std::size_t below_mine = 0;    // keys of `mine` below the current run of ties
    std::size_t below_other = 0;   // keys of `other` below it
    for (std::size_t i = 0; i < mine.size(); ++i) {
        if (i > 0 && mine[i].key != mine[i - 1].key) below_mine = i;
        while (below_other < other.size() && other[below_other].key < mine[i].key) ++below_other;
        scaled[mine[i].row] = 100.0 * static_cast<double>(below_mine + below_other) / denominator;
    }
}

/// The percentile scale of `numbers`. `release`, when given, is the column that holds them: it
/// is freed as soon as the keys are taken, before `scaled` is sized (the run's peak memory is
/// here), and `numbers` is not read after that.
void apply_percentile(const std::vector<double>& numbers, Column* release, std::vector<double>& scaled, int threads) {
    // Sort (key, row) pairs once and sweep: ranks come out in order, without a binary search
    // per row (which missed the cache on every step for a million rows).
    const std::size_t rows = numbers.size();
    // The keys of the second half of the rows (see split_rows) follow those of the first.
    std::size_t present[2] = {0, 0};
    split_rows(rows, threads, [&](std::size_t first, std::size_t last) {
        present[first == 0 ? 0 : 1] = static_cast<std::size_t>(
            std::count_if(numbers.begin() + static_cast<std::ptrdiff_t>(first),
                          numbers.begin() + static_cast<std::ptrdiff_t>(last),
                          [](double value) { return !is_missing(value); }));
    });
    const std::size_t count = present[0] + present[1];
    // Not zero-filled: every key is written below.
    const std::unique_ptr<Keyed[]> keys(new Keyed[count]);
    split_rows(rows, threads, [&](std::size_t first, std::size_t last) {
        Keyed* into = keys.get() + (first == 0 ? 0 : present[0]);
        for (std::size_t row = first; row < last; ++row) {
            const double value = numbers[row];
            // -0 and 0 are equal values and must tie: they get one key.
            if (!is_missing(value)) *into++ = {order_key(value == 0 ? 0.0 : value), static_cast<std::uint32_t>(row)};
        }
    });
    const std::span<Keyed> sorted(keys.get(), count);
    if (release) *release = Column(release->type);
    scaled.assign(rows, missing_number);
    if (sorted.empty()) return;
    if (sorted.size() == 1) {
        scaled[sorted[0].row] = 100.0;
        return;
    }
    const double denominator = static_cast<double>(sorted.size()) - 1.0;
    if (!splits_rows(rows, threads)) {
        radix_sort(sorted.data(), sorted.data() + sorted.size(), 56);
        rank_among(sorted, {}, denominator, scaled);
        return;
    }
    // Each thread sorts the keys of its half of the rows, then ranks them among both halves:
    // no step on one thread alone, and no memory for a merge.
    const auto first = sorted.first(present[0]);
    const auto second = sorted.subspan(present[0]);
    run_both([&] { radix_sort(first.data(), first.data() + first.size(), 56); },
             [&] { radix_sort(second.data(), second.data() + second.size(), 56); });
    run_both([&] { rank_among(first, second, denominator, scaled); },
             [&] { rank_among(second, first, denominator, scaled); });
}

std::string ascii_lower(std::string_view text) {
    std::string lowered(text);
    for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lowered;
}

void apply_map(const ScaleSpec& scale, const Column& raw, std::vector<double>& scaled) {
    std::unordered_map<std::string_view, double> exact;
    std::unordered_map<std::string, double> folded;
    for (const auto& [key, score] : scale.map) {
        exact.emplace(key, score);
        folded.emplace(ascii_lower(key), score);
    }
    auto lookup = [&](std::string_view key) {
        if (auto hit = exact.find(key); hit != exact.end()) return hit->second;
        if (auto hit = folded.find(ascii_lower(key)); hit != folded.end()) return hit->second;
        return missing_number;
    };
    for (std::size_t row = 0; row < scaled.size(); ++row) {
        if (raw.type == Type::Bool) {
            if (raw.bools[row] != bool_missing) scaled[row] = lookup(raw.bools[row] ? "true" : "false");
        } else if (raw.texts[row].data() != nullptr) {
            scaled[row] = lookup(raw.texts[row]);
        }
    }
}

}  // namespace

double scale_number(const ScaleSpec& scale, double raw) {
    if (is_missing(raw)) return missing_number;
    switch (scale.kind) {
    case ScaleKind::Linear: return clamp_percent((raw - scale.low) / (scale.high - scale.low));
    case ScaleKind::Log:
        // Zero or negative values are below any log range: they score as the low end.
        if (raw <= 0) return scale.high > scale.low ? 0.0 : 100.0;
        return clamp_percent((std::log(raw) - std::log(scale.low)) / (std::log(scale.high) - std::log(scale.low)));
    case ScaleKind::Bands:
        for (const auto& band : scale.bands)
            if (raw < band.upper) return band.score;
        return scale.bands.empty() ? missing_number : scale.bands.back().score;
    case ScaleKind::Percentile:
    case ScaleKind::Map: break;
    }
    return missing_number;
}

bool scales_the_population(const ScaleSpec& scale) { return scale.kind == ScaleKind::Percentile; }

void apply_scale(const ScaleSpec& scale, Column& raw, bool release_raw, std::vector<double>& scaled, int threads) {
    if (scale.kind == ScaleKind::Percentile)
        return apply_percentile(raw.numbers, release_raw ? &raw : nullptr, scaled, threads);
    if (release_raw && scale.kind != ScaleKind::Map) {   // scaled in place: no second column at any time
        scaled = std::move(raw.numbers);
        split_rows(scaled.size(), threads, [&](std::size_t first, std::size_t last) {
            for (std::size_t row = first; row < last; ++row) scaled[row] = scale_number(scale, scaled[row]);
        });
        raw = Column(raw.type);
        return;
    }
    apply_scale(scale, std::as_const(raw), scaled, threads);
    if (release_raw) raw = Column(raw.type);
}

void apply_scale(const ScaleSpec& scale, const Column& raw, std::vector<double>& scaled, int threads) {
    switch (scale.kind) {
    case ScaleKind::Percentile: apply_percentile(raw.numbers, nullptr, scaled, threads); return;
    case ScaleKind::Map:
        scaled.assign(raw.size(), missing_number);
        apply_map(scale, raw, scaled);
        return;
    default:
        scaled.assign(raw.size(), missing_number);
        split_rows(raw.numbers.size(), threads, [&](std::size_t first, std::size_t last) {
            for (std::size_t row = first; row < last; ++row) scaled[row] = scale_number(scale, raw.numbers[row]);
        });
    }
}

}  // namespace kamscore
