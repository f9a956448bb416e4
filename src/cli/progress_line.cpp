#include "cli/progress_line.hpp"

#include <chrono>
#include <cstdio>

#include <sys/stat.h>

#include "cli/terminal.hpp"
#include "kamscore/io/progress.hpp"

namespace kamscore {

ProgressLine::ProgressLine(bool enabled, std::optional<std::uint64_t> total_bytes) {
    if (enabled) thread_ = std::thread([this, total_bytes] { run(total_bytes); });
}

ProgressLine::~ProgressLine() { finish(); }

ReadCounter& ProgressLine::new_counter() {
    std::lock_guard lock(mutex_);
    return counters_.emplace_back();   // a deque never moves its elements
}

void ProgressLine::finish() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void ProgressLine::run(std::optional<std::uint64_t> total_bytes) {
    using clock = std::chrono::steady_clock;
    const auto start = clock::now();
    ProgressMeter meter(total_bytes);
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::milliseconds(250), [this] { return stopping_; })) {
        std::uint64_t rows = 0, bytes = 0;
        for (const ReadCounter& counter : counters_) {
            rows += counter.rows.load(std::memory_order_relaxed);
            bytes += counter.bytes.load(std::memory_order_relaxed);
        }
        const double elapsed = std::chrono::duration<double>(clock::now() - start).count();
        if (auto line = meter.update(elapsed, rows, bytes)) {
            std::fprintf(stderr, "\r%s\033[K", line->c_str());
            std::fflush(stderr);
        }
    }
    if (meter.has_shown()) {
        std::fputs("\r\033[K", stderr);
        std::fflush(stderr);
    }
}

bool progress_wanted(bool quiet) { return !quiet && is_terminal(stderr); }

std::optional<std::uint64_t> total_file_size(const std::vector<std::string>& paths) {
    std::uint64_t total = 0;
    for (const auto& path : paths) {
        struct stat info {};
        if (path == "-" || ::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return std::nullopt;
        total += static_cast<std::uint64_t>(info.st_size);
    }
    return total;
}

}  // namespace kamscore
