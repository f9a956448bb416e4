#include "kamscore/io/progress.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace kamscore {
namespace {

std::string with_thousands(std::uint64_t value) {
    std::string digits = std::to_string(value);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

}  // namespace

std::optional<std::string> ProgressMeter::update(double elapsed, std::uint64_t rows, std::uint64_t bytes) {
    if (elapsed < delay_) return std::nullopt;
    if (last_shown_ >= 0 && elapsed - last_shown_ < interval_) return std::nullopt;
    last_shown_ = elapsed;
    return progress_text(rows, bytes, elapsed, total_bytes_);
}

std::string progress_text(std::uint64_t rows, std::uint64_t bytes, double elapsed,
                          std::optional<std::uint64_t> total_bytes) {
    const double megabytes = static_cast<double>(bytes) / 1e6;
    std::string text = fmt::format("kamscore: reading: {} rows, {:.1f} MB, {:.1f} MB/s", with_thousands(rows), megabytes,
                                   elapsed > 0 ? megabytes / elapsed : 0.0);
    if (total_bytes && *total_bytes > 0) {
        const double percent = std::min(100.0, 100.0 * static_cast<double>(bytes) / static_cast<double>(*total_bytes));
        text += fmt::format(", {:.0f} %", percent);
    }
    return text;
}

}  // namespace kamscore
