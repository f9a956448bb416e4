#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kamscore/run/run.hpp"

namespace kamscore {

/// Stands between a part of the run and its observer, and holds what it hears until replay():
/// - while the first pass reads with ids as hashes: a hash read twice makes the run read again
///   with ids held (IdHashReadTwice), and the observer must not hear of the same file, warning
///   or bad row twice;
/// - while a secondary source is read on a second thread: the observer hears of it after the
///   source read on the first, as if one thread had read them one after the other.
/// Progress goes through at once when `with_progress`; otherwise reading() gives no counter
/// (the observer's progress line is not made for two threads).
class HeldBackObserver : public RunObserver {
public:
    explicit HeldBackObserver(RunObserver* observer, bool with_progress = true)
        : observer_(observer), with_progress_(with_progress) {}
    void warning(const std::string& line) override;
    void row_rejected(const RejectedRow& row) override;
    void stage_done(const std::string& what) override;
    void file_read(const FileCounts& counts) override;
    ReadCounter* reading(const std::string& name, std::optional<std::uint64_t> bytes) override;
    /// Tells the observer everything held back, in order.
    void replay();

private:
    RunObserver* observer_;
    bool with_progress_;
    std::vector<std::function<void(RunObserver&)>> held_;
};

}  // namespace kamscore
