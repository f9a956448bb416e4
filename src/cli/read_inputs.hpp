#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kamscore/io/atomic_file.hpp"
#include "kamscore/io/csv_reader.hpp"
#include "kamscore/score/plan.hpp"
#include "kamscore/table/convert.hpp"

namespace kamscore {

class ProgressLine;

/// How bad rows are handled (DESIGN §7).
struct BadRowPolicy {
    bool skip = false;            ///< --skip-bad-rows: report and continue
    std::string rejects_path;     ///< --rejects FILE: original bytes of every bad record
    bool quiet = false;
};

/// Collects bad rows: by default the first 20 are kept for the final error; with skip, each
/// is reported on stderr at once and its original bytes go to the rejects file.
class RejectSink {
public:
    explicit RejectSink(BadRowPolicy policy);
    void add(const Reject& reject);
    std::size_t count() const { return count_; }
    /// Without skip and with rejects: throws Error(BadData) listing them. Otherwise commits
    /// the rejects file.
    void finish();

private:
    BadRowPolicy policy_;
    std::unique_ptr<AtomicFile> rejects_file_;
    std::vector<std::string> first_messages_;
    std::size_t count_ = 0;
};

struct InputCounts {
    std::uint64_t records = 0;    ///< data records read (rows in)
    std::uint64_t rejected = 0;
    bool two_threads = false;     ///< read by read_file_in_parallel
};

/// Reads every input file (in order; "-" is stdin) into the frame's field columns.
/// Headers of later files must bind like the first. Returns the counts.
/// With `progress`, each reader publishes its rows and bytes to a counter of it.
InputCounts read_inputs(const std::vector<std::string>& paths, const CsvDialect& dialect,
                        const ScoringPlan& plan, TableBuilder& builder, RejectSink& rejects,
                        ProgressLine* progress = nullptr);

}  // namespace kamscore
