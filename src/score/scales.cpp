#include "kamscore/score/scales.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <utility>
#include <string>
#include <unordered_map>

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

/// Sorts by key in place, most significant byte first (American flag sort): no second buffer
/// of the same size, which for a million values is 16 MB less at the run's fullest moment. A
/// byte that is the same in every key of a range (often the top ones: values of similar
/// magnitude) costs one counting pass. Not stable: equal keys rank alike, so their order does
/// not matter here.
void radix_sort(Keyed* first, Keyed* last, int shift) {
    while (true) {
        const auto size = static_cast<std::size_t>(last - first);
        if (size < 64) {   // small ranges: insertion sort
            for (Keyed* i = first + 1; i < last; ++i)
                for (Keyed* j = i; j > first && j[-1].key > j->key; --j) std::swap(j[-1], *j);
            return;
        }
        std::array<std::size_t, 257> start{};
        for (const Keyed* item = first; item != last; ++item) ++start[((item->key >> shift) & 0xFF) + 1];
        const bool one_bucket = std::find(start.begin() + 1, start.end(), size) != start.end();
        if (!one_bucket) {
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
            if (shift == 0) return;
            for (std::size_t b = 0; b < 256; ++b)
                if (start[b + 1] - start[b] > 1) radix_sort(first + start[b], first + start[b + 1], shift - 8);
            return;
        }
        if (shift == 0) return;
        shift -= 8;   // one bucket: the same range by the next byte
    }
}

/// The percentile scale of `numbers`. `release`, when given, is the column that holds them: it
/// is freed as soon as the keys are taken, before `scaled` is sized (the run's peak memory is
/// here), and `numbers` is not read after that.
void apply_percentile(const std::vector<double>& numbers, Column* release, std::vector<double>& scaled) {
    // Sort (key, row) pairs once and sweep: ranks come out in order, without a binary search
    // per row (which missed the cache on every step for a million rows).
    const std::size_t rows = numbers.size();
    std::vector<Keyed> sorted;
    sorted.reserve(static_cast<std::size_t>(
        std::count_if(numbers.begin(), numbers.end(), [](double value) { return !is_missing(value); })));
    for (std::size_t row = 0; row < rows; ++row) {
        const double value = numbers[row];
        // -0 and 0 are equal values and must tie: they get one key.
        if (!is_missing(value)) sorted.push_back({order_key(value == 0 ? 0.0 : value), static_cast<std::uint32_t>(row)});
    }
    if (release) *release = Column(release->type);
    scaled.assign(rows, missing_number);
    if (sorted.empty()) return;
    if (sorted.size() == 1) {
        scaled[sorted[0].row] = 100.0;
        return;
    }
    radix_sort(sorted.data(), sorted.data() + sorted.size(), 56);
    const double denominator = static_cast<double>(sorted.size()) - 1.0;
    std::size_t below = 0;   // rank − 1 of the current run of ties (SQL PERCENT_RANK)
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        if (i > 0 && sorted[i].key != sorted[i - 1].key) below = i;
        scaled[sorted[i].row] = 100.0 * static_cast<double>(below) / denominator;
    }
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

void apply_scale(const ScaleSpec& scale, Column& raw, bool release_raw, std::vector<double>& scaled) {
    if (scale.kind == ScaleKind::Percentile) return apply_percentile(raw.numbers, release_raw ? &raw : nullptr, scaled);
    if (release_raw && scale.kind != ScaleKind::Map) {   // scaled in place: no second column at any time
        scaled = std::move(raw.numbers);
        for (double& value : scaled) value = scale_number(scale, value);
        raw = Column(raw.type);
        return;
    }
    apply_scale(scale, std::as_const(raw), scaled);
    if (release_raw) raw = Column(raw.type);
}

void apply_scale(const ScaleSpec& scale, const Column& raw, std::vector<double>& scaled) {
    switch (scale.kind) {
    case ScaleKind::Percentile: apply_percentile(raw.numbers, nullptr, scaled); return;
    case ScaleKind::Map:
        scaled.assign(raw.size(), missing_number);
        apply_map(scale, raw, scaled);
        return;
    default:
        scaled.assign(raw.size(), missing_number);
        for (std::size_t row = 0; row < raw.numbers.size(); ++row) scaled[row] = scale_number(scale, raw.numbers[row]);
    }
}

}  // namespace kamscore
