// Hands formatted chunks of rows from a helper thread to the writing thread, in order.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <span>
#include <stop_token>
#include <string>
#include <vector>

namespace kamscore {

/// The rows split into chunks; the helper formats some of them (give()), the writer takes
/// them in order (take()). The helper stays at most `ahead` chunks in front of the writer,
/// so memory stays bounded whatever the row count.
class ChunkHandOver {
public:
    static constexpr std::size_t chunk_rows = 16384;
    static constexpr std::size_t ahead = 4;

    explicit ChunkHandOver(std::size_t rows)
        : chunks((rows + chunk_rows - 1) / chunk_rows), texts_(chunks), ready_(chunks, false) {}

    std::span<const std::uint32_t> rows_of(std::span<const std::uint32_t> rows, std::size_t chunk) const {
        const std::size_t first = chunk * chunk_rows;
        return rows.subspan(first, std::min(chunk_rows, rows.size() - first));
    }

    /// Helper: stores chunk `chunk`; waits while it is too far ahead. False when stopped
    /// (the writer failed and is unwinding).
    bool give(std::size_t chunk, std::string text, std::stop_token stop) {
        std::unique_lock lock(mutex_);
        std::stop_callback wake(stop, [this] { changed_.notify_all(); });
        changed_.wait(lock, [&] { return stop.stop_requested() || chunk < taken_ + ahead; });
        if (stop.stop_requested()) return false;
        texts_[chunk] = std::move(text);
        ready_[chunk] = true;
        changed_.notify_all();
        return true;
    }

    /// Writer: waits for chunk `chunk` and takes its text.
    std::string take(std::size_t chunk) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return bool(ready_[chunk]); });
        taken_ = chunk + 1;
        changed_.notify_all();
        return std::move(texts_[chunk]);
    }

    const std::size_t chunks;

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<std::string> texts_;
    std::vector<bool> ready_;
    std::size_t taken_ = 0;
};

}  // namespace kamscore
