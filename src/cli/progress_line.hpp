// The progress line of long reads on a terminal, so that a long run does not look hung;
// never in a pipe or under cron, whose mail must stay quiet (README "Command line").
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "kamscore/io/progress.hpp"

namespace kamscore {


/// Shows "kamscore: reading: N rows, X MB, Y MB/s, P %" on standard error, rewritten in place,
/// when standard error is a terminal and reading takes more than a second; never in a pipe or
/// under cron. A thread wakes every 0.25 s and sums the counters; finish() (or the destructor)
/// stops it and clears the line.
class ProgressLine {
public:
    /// `enabled` false (quiet, or stderr not a terminal): counters work, nothing is shown.
    ProgressLine(bool enabled, std::optional<std::uint64_t> total_bytes);
    ~ProgressLine();
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

    /// A counter for one reader; its totals add to the earlier ones' (files read one by one).
    ReadCounter& new_counter();
    void finish();

private:
    void run(std::optional<std::uint64_t> total_bytes);

    std::deque<ReadCounter> counters_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

/// True when progress may be shown: standard error is a terminal and not quiet.
bool progress_wanted(bool quiet);

/// The total size of the files, when all are regular files ("-" is not).
std::optional<std::uint64_t> total_file_size(const std::vector<std::string>& paths);

}  // namespace kamscore
