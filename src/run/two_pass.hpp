// Two passes over the input where memory matters (docs/architecture.md, "Two passes"): the
// first pass holds only what the population steps need, the second reads the input again and
// hands the rows to the writer in batches.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kamscore/io/file_stat.hpp"
#include "kamscore/run/run.hpp"
#include "kamscore/score/row_stage.hpp"
#include "kamscore/score/table_builder.hpp"

namespace kamscore {

/// Inputs of at least this many bytes in all are scored in two passes under TwoPass::Auto:
/// below it the whole run fits in a few dozen MiB anyway, and one pass is faster.
constexpr std::uint64_t two_pass_min_bytes = std::uint64_t{64} << 20;

/// True when the request can be run in two passes at all: a caller that takes its rows in
/// batches (score writing csv, tsv, json or jsonl, in input order, without --top), inputs that
/// can be read twice (files or text, not standard input), no corporate groups and no
/// secondary sources. With TwoPass::Auto the inputs must also be two_pass_min_bytes or more.
bool runs_in_two_passes(const RunRequest& request, const RuleSet& rules);

/// How the first pass holds ids: only as hashes, unless a step after reading looks customers
/// up or orders them by id (capacity, Pareto segments, --previous, --overrides) or a
/// `missing: error` metric may need the lines of rows to name them.
IdKeeping first_pass_ids(const RunRequest& request, const RuleSet& rules);

/// What the first pass holds for the second beyond what ranking and classifying read: the
/// scaled values of scales that rank the whole population (the second pass scales the others
/// itself, and adds them up to the score again).
std::vector<int> slots_for_second_pass(const ScoringPlan& plan);

/// Stands between the run and its observer while the first pass reads with ids as hashes:
/// a hash read twice makes the run read again with ids held (IdHashReadTwice), and the
/// observer must not hear of the same file, warning or bad row twice. Progress goes through
/// at once; the rest is held until replay().
class HeldBackObserver : public RunObserver {
public:
    explicit HeldBackObserver(RunObserver* observer) : observer_(observer) {}
    void warning(const std::string& line) override;
    void row_rejected(const RejectedRow& row) override;
    void stage_done(const std::string& what) override;
    void file_read(const FileCounts& counts) override;
    ReadCounter* reading(const std::string& name, std::optional<std::uint64_t> bytes) override;
    /// Tells the observer everything held back, in order.
    void replay();

private:
    RunObserver* observer_;
    std::vector<std::function<void(RunObserver&)>> held_;
};

/// The first pass's result as the second pass needs it, and the second pass itself.
class SecondPass {
public:
    /// `run` is a first pass that has scored and classified every row; `also_read` the slots
    /// the caller reads (slots_read_by_output). Frees every column of run.frame that the
    /// second pass does not take from it.
    SecondPass(ScoredRun& run, const RunRequest& request, CsvDialect dialect, WorkbookOptions workbook,
               std::string delimiter_origin, const std::vector<int>& also_read);
    ~SecondPass();

    /// Reads the inputs again and calls `consume` with a frame that holds one batch of rows
    /// at a time, every column the caller reads filled as in a one-pass run; once with no rows
    /// when the inputs have none. Throws Error(BadData) when an input changed since the first
    /// pass (other size or time, or other rows).
    void for_each_batch(const std::function<void(Frame&)>& consume);

    /// --keep / --keep-all of the second pass (its slots are the batch frame's).
    KeptColumns* kept() const { return kept_.get(); }

private:
    void fill_batch(Frame& batch);

    ScoredRun& run_;
    RunRequest request_;
    CsvDialect dialect_;
    WorkbookOptions workbook_;
    std::string delimiter_origin_;
    std::vector<std::optional<FileStat>> first_pass_files_;
    Frame batch_frame_;
    RowStage stage_;
    std::unique_ptr<KeptColumns> kept_;
    std::vector<int> taken_slots_;      ///< columns copied from the first pass, batch by batch
    std::vector<bool> scaled_given_;    ///< per metric: its scaled column is among them
    bool labels_read_ = false;          ///< the caller reads tier_label: label_tiers() per batch
    std::uint64_t rows_handed_ = 0;
};

}  // namespace kamscore
