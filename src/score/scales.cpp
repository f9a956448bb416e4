#include "kamscore/score/scales.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <utility>
#include <string>
#include <unordered_map>

namespace kamscore {
namespace {

double clamp_percent(double fraction) { return std::clamp(fraction, 0.0, 1.0) * 100.0; }

void apply_percentile(const std::vector<double>& raw, std::vector<double>& scaled) {
    // Sort (value, row) pairs once and sweep: ranks come out in order, without a binary
    // search per row (which missed the cache on every step for a million rows).
    std::vector<std::pair<double, std::uint32_t>> sorted;
    sorted.reserve(raw.size());
    for (std::size_t row = 0; row < raw.size(); ++row)
        if (!is_missing(raw[row])) sorted.emplace_back(raw[row], static_cast<std::uint32_t>(row));
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    if (sorted.size() == 1) {
        scaled[sorted[0].second] = 100.0;
        return;
    }
    const double denominator = static_cast<double>(sorted.size()) - 1.0;
    std::size_t below = 0;   // rank − 1 of the current run of ties (SQL PERCENT_RANK)
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        if (i > 0 && sorted[i].first != sorted[i - 1].first) below = i;
        scaled[sorted[i].second] = 100.0 * static_cast<double>(below) / denominator;
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

void apply_scale(const ScaleSpec& scale, const Column& raw, std::vector<double>& scaled) {
    scaled.assign(raw.size(), missing_number);
    switch (scale.kind) {
    case ScaleKind::Percentile: apply_percentile(raw.numbers, scaled); return;
    case ScaleKind::Map: apply_map(scale, raw, scaled); return;
    default:
        for (std::size_t row = 0; row < raw.numbers.size(); ++row) scaled[row] = scale_number(scale, raw.numbers[row]);
    }
}

}  // namespace kamscore
