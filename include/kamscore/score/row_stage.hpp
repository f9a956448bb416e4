#pragma once

#include <cstddef>
#include <vector>

#include "kamscore/score/plan.hpp"
#include "kamscore/table/column.hpp"

namespace kamscore {

/// The row stage computed batch by batch while rows are read, instead of over the whole frame
/// afterwards: fields, derived values, strategic criteria and their count, metric raw values
/// depend on their own row only. Of those columns, only the ones a later stage reads are held
/// for every row (`held`); the rest live for one batch. A million-row export then keeps, say,
/// 2 of 9 field columns and none of the derived ones, and each batch is computed while its
/// cells are still in the cache.
struct RowStage {
    /// Per frame slot: filled by the row stage (field, label, derived, criterion, count, raw).
    std::vector<bool> computed;
    /// Per frame slot: a row-stage column held for every row. The id is always held.
    std::vector<bool> held;
    /// Per frame slot: a metric's points column that nothing reads (no --breakdown, no JSON,
    /// no --where on it). It stays empty and compute_scores() skips it.
    std::vector<bool> unread_points;
    /// Per frame slot: a column that reading leaves empty because a later step sizes it as it
    /// fills it (scaled metrics, the score, the tier and its label): sizing it at the end of
    /// reading would touch (zero-fill) memory long before it is needed, and raise the peak.
    std::vector<bool> sized_later;
    /// Per frame slot: a metric's raw value that nothing reads once it is scaled (no
    /// --breakdown, no --where on it); compute_scores() frees it right after scaling, so the
    /// raw values and the scaled ones of a metric are not all held at once.
    std::vector<bool> released_after_scaling;
    /// Columns added to the frame after planning (--keep's): true when reading leaves them
    /// empty, as a two-pass run's first pass does (it keeps their cells in its temporary file).
    bool later_columns_left_empty = false;
    /// Per frame slot: read after the row stage (by tiers, segments, the summary's revenue, the
    /// output or --where).
    std::vector<bool> read_later;
    /// Rows per batch: large enough that per-batch costs vanish, small enough to stay in L2.
    std::size_t batch_rows = 4096;
};

/// Plans the row stage of `plan` over `frame`'s layout. Held: the id, the label, every metric's
/// raw value (scales and `missing: error` read them), the strategic count, every slot a tier
/// (`when`, `stay`) or a segment reads, and `also_read` (output columns, --where). Points
/// columns outside `also_read` are marked unread.
RowStage plan_row_stage(const ScoringPlan& plan, const Frame& frame, const std::vector<int>& also_read);

/// True for a column that stays empty: computed by the row stage but not held, or unread points.
bool is_dropped(const RowStage& stage, std::size_t slot);

/// True for a column that reading leaves empty: dropped, or sized later (see `sized_later`).
bool is_left_empty_by_reading(const RowStage& stage, std::size_t slot);

/// Stops sizing the --previous tier column at the end of reading: for a run without previous
/// results, without `stay` and without the previous tier in its output, where it would be
/// a column of missing values that nothing reads.
void leave_previous_tier_empty(const ScoringPlan& plan, RowStage& stage);

/// The first pass of a two-pass run with ids as hashes: the id column is not held.
void leave_ids_out(const ScoringPlan& plan, RowStage& stage);
/// The first pass of a two-pass run: the label is not held (only the output shows it).
void leave_label_out(const ScoringPlan& plan, RowStage& stage);

/// True when something after the row stage (a tier, a segment, the output) reads `slot`.
bool is_read_later(const RowStage& stage, int slot);

/// Computes the row stage of `batch` (a frame of the plan's layout whose field, id and label
/// columns are filled) and appends the held columns to `whole`. Text cells are copied into
/// `whole`'s arena, as `batch` is cleared for the next rows. Does not change whole.rows.
void finish_batch(const ScoringPlan& plan, const RowStage& stage, Frame& batch, Frame& whole);

}  // namespace kamscore
