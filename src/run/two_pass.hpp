// Two passes where memory matters (docs/architecture.md, "Two passes"): the first pass holds
// only what the population steps need and keeps what only the output reads in a temporary
// file; the second reads that back and hands the rows to the writer in batches.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kamscore/run/run.hpp"
#include "kamscore/score/row_stage.hpp"
#include "kamscore/score/table_builder.hpp"
#include "run/row_spill.hpp"

namespace kamscore {

/// Inputs of at least this many bytes in all are scored in two passes under TwoPass::Auto:
/// below it the whole run fits in a few dozen MiB anyway. Standard input, whose size is not
/// known, is scored in one pass unless TwoPass::Always: a pipeline that worked without a
/// temporary file keeps working without one.
constexpr std::uint64_t two_pass_min_bytes = std::uint64_t{64} << 20;

/// True when the request can be run in two passes at all: a caller that takes its rows in
/// batches (score writing csv, tsv, json or jsonl, in input order, without --top) and no
/// corporate groups. With TwoPass::Auto the inputs must also be two_pass_min_bytes or more.
bool runs_in_two_passes(const RunRequest& request, const RuleSet& rules);

/// How the first pass holds ids: only as hashes, unless a step after reading looks customers
/// up or orders them by id (capacity, Pareto segments, --previous, --overrides), a
/// `missing: error` metric may need the lines of rows to name them, or an input cannot be
/// read twice (standard input, a pipe), which a hash read twice would need.
IdKeeping first_pass_ids(const RunRequest& request, const RuleSet& rules);

/// True when the second pass scores each batch again: the caller (`output_slots`) reads a
/// metric's points, or the scaled value of a metric whose scale does not rank the population.
/// Otherwise the second pass takes the score from the first, and no metric's raw values go to
/// the temporary file (the reference job's writes only the id's cells and the strategic count).
bool second_pass_scores_again(const ScoringPlan& plan, const std::vector<int>& output_slots);

/// What the first pass holds for the second beyond what ranking and classifying read: the
/// scaled values of scales that rank the whole population, and the score unless the second
/// pass `scores_again` (then it scales the other metrics itself and adds them up again).
std::vector<int> slots_for_second_pass(const ScoringPlan& plan, bool scores_again);

/// What the first pass keeps in its temporary file, batch by batch: the row-stage columns the
/// caller reads (the id, the label, fields and derived values it writes or --where reads, the
/// strategic count) and, when the second pass `scores_again`, the raw values of metrics whose
/// scale does not rank the population (it scales them again), sorted.
std::vector<int> spilled_slots(const ScoringPlan& plan, const RowStage& stage, const std::vector<int>& output_slots,
                               bool scores_again);

/// The second pass: the first pass's rows back from its temporary file, batch by batch, with
/// what the first pass decided for the population.
class SecondPass {
public:
    /// `run` is a first pass that has scored and classified every row, `spill` holds its rows'
    /// `spilled` columns (then the `kept` ones, when there are any) batch by batch;
    /// `also_read` are the slots the caller reads (slots_read_by_output after the first pass;
    /// columns added after reading, such as the change, are among them); `scores_again` is
    /// what second_pass_scores_again() said when the first pass began, which decided what it
    /// held and spilled; `threads` (1 or 2) score each batch, as compute_scores() takes them.
    /// Frees every column of run.frame that the second pass does not take from it.
    SecondPass(ScoredRun& run, std::unique_ptr<RowSpill> spill, std::vector<int> spilled, std::vector<int> kept,
               const std::vector<int>& also_read, bool scores_again, int threads);
    ~SecondPass();

    /// Calls `consume` with a frame that holds one batch of rows at a time (the same frame,
    /// refilled), every column the caller reads filled as in a one-pass run; once with no rows
    /// when there are none. Throws Error(IoFailure) when the temporary file cannot be read.
    void for_each_batch(const std::function<void(Frame&)>& consume);

private:
    void fill_batch(Frame& batch);

    ScoredRun& run_;
    std::unique_ptr<RowSpill> spill_;
    std::vector<int> spilled_;
    std::vector<int> kept_;
    Frame batch_frame_;
    RowStage stage_;
    std::vector<int> taken_slots_;      ///< columns copied from the first pass, batch by batch
    std::vector<bool> scaled_given_;    ///< per metric: its scaled column is among them
    bool scores_again_ = true;          ///< scores each batch again; else the score is taken
    bool labels_read_ = false;          ///< the caller reads tier_label: label_tiers() per batch
    std::uint64_t rows_handed_ = 0;
    int threads_ = 1;
};

}  // namespace kamscore
