#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

namespace kamscore {

/// Decides when a long read shows a progress line and what it says (README "Command line"):
/// nothing during the first `delay` seconds, so that short runs stay silent, then at most one
/// line every `interval` seconds.
/// Pure logic, no clock and no printing: the caller passes the time and prints.
class ProgressMeter {
public:
    explicit ProgressMeter(std::optional<std::uint64_t> total_bytes, double delay = 1.0, double interval = 0.25)
        : total_bytes_(total_bytes), delay_(delay), interval_(interval) {}

    /// The line to show at `elapsed` seconds after the start, or nullopt when it is too early
    /// or too soon after the last one.
    std::optional<std::string> update(double elapsed, std::uint64_t rows, std::uint64_t bytes);
    /// True once a line was shown (so that it must be cleared at the end).
    bool has_shown() const { return last_shown_ >= 0; }

private:
    std::optional<std::uint64_t> total_bytes_;
    double delay_;
    double interval_;
    double last_shown_ = -1;
};

/// "kamscore: reading: 1,234,567 rows, 612.4 MB, 85.3 MB/s, 42 %" (the percentage only when
/// the total is known).
std::string progress_text(std::uint64_t rows, std::uint64_t bytes, double elapsed,
                          std::optional<std::uint64_t> total_bytes);

/// What one reader has done so far. Readers publish every few thousand records (relaxed
/// stores on a cache line of their own), so the hot loop pays next to nothing.
struct alignas(64) ReadCounter {
    std::atomic<std::uint64_t> rows{0};
    std::atomic<std::uint64_t> bytes{0};

    /// Call once per record; publishes `rows` and `bytes()` every 4096 records.
    template <typename BytesRead>
    void tick(std::uint64_t rows_so_far, BytesRead&& bytes_read) {
        if ((rows_so_far & 4095) == 0) publish(rows_so_far, bytes_read());
    }
    void publish(std::uint64_t rows_so_far, std::uint64_t bytes_so_far) {
        rows.store(rows_so_far, std::memory_order_relaxed);
        bytes.store(bytes_so_far, std::memory_order_relaxed);
    }
};

}  // namespace kamscore
