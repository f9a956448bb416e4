// What a run tells the user on standard error while it works: warnings and skipped rows
// (unless -q), the progress line on a terminal, and with -v each stage's time and the counts.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/progress_line.hpp"
#include "kamscore/run/run.hpp"

namespace kamscore {

class StderrReport final : public RunObserver {
public:
    /// `show_progress`: the progress line may be shown (stderr is a terminal and rows are not
    /// being reported as they are skipped). `total_bytes`: the inputs' size, when known.
    StderrReport(bool quiet, bool verbose, bool show_progress, std::optional<std::uint64_t> total_bytes);
    ~StderrReport() override;

    void warning(const std::string& line) override;
    void row_rejected(const RejectedRow& row) override;
    void stage_done(const std::string& what) override;
    void file_read(const FileCounts& counts) override;
    ReadCounter* reading(const std::string& name, std::optional<std::uint64_t> bytes) override;

    /// With -v: the changes against --previous and the row account.
    void run_finished(const ScoredRun& run);
    /// With -v: "what (0.123 s)" for a step the command itself did (writing).
    void step_done(const std::string& what) { stage_done(what); }

private:
    bool quiet_;
    bool verbose_;
    ProgressLine progress_;
    bool reading_started_ = false;
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

}  // namespace kamscore
