#include "run/two_pass.hpp"

#include <algorithm>

#include "kamscore/classify/classify.hpp"
#include "kamscore/error.hpp"
#include "kamscore/io/file_stat.hpp"
#include "kamscore/score/evaluate.hpp"
#include "kamscore/score/scales.hpp"

namespace kamscore {
namespace {

/// The bytes of an input, when they can be known before reading it.
std::optional<std::uint64_t> input_bytes(const InputSource& input) {
    if (input.bytes) return input.bytes->size();
    if (const auto stat = stat_file(input.path)) return stat->bytes;
    return std::nullopt;
}

/// Copies rows [first, first + count) of `from` into `to`, which becomes that long.
void copy_rows(const Column& from, std::size_t first, std::size_t count, Column& to) {
    to.type = from.type;
    const auto slice = [&](const auto& cells, auto& into) {
        into.assign(cells.begin() + static_cast<std::ptrdiff_t>(first),
                    cells.begin() + static_cast<std::ptrdiff_t>(first + count));
    };
    switch (from.type) {
    case Type::Number:
    case Type::Date: slice(from.numbers, to.numbers); break;
    case Type::Bool: slice(from.bools, to.bools); break;
    case Type::Text: slice(from.texts, to.texts); break;   // views into the first pass's arena
    }
}

/// Rows handed over at a time: enough for CsvWriter to format on two threads, few enough
/// (about 10 MB for the reference job) not to matter beside the first pass.
constexpr std::size_t hand_over_rows = 65536;

}  // namespace

bool runs_in_two_passes(const RunRequest& request, const RuleSet& rules) {
    if (request.two_pass == TwoPass::Never || request.wanted.all || request.row_batch_rows == std::size_t{0})
        return false;
    const Format format = request.wanted.format;
    if (format != Format::Csv && format != Format::Tsv && format != Format::Json && format != Format::Jsonl)
        return false;
    const ResultSelection& selection = request.wanted.selection;
    if (selection.sort != SortOrder::Input || selection.top) return false;
    if (!rules.input.group_column.empty() || request.wanted.members) return false;
    if (request.two_pass == TwoPass::Always) return true;
    std::uint64_t bytes = 0;
    for (const InputSource& input : request.inputs) {
        const auto size = input_bytes(input);
        if (!size) return false;   // standard input: its size is not known (KAMSCORE_TWO_PASS=1 for it)
        bytes += *size;
    }
    return bytes >= two_pass_min_bytes;
}

IdKeeping first_pass_ids(const RunRequest& request, const RuleSet& rules) {
    // A hash read twice reads the input again: standard input and pipes cannot be read twice.
    for (const InputSource& input : request.inputs)
        if (!input_bytes(input)) return IdKeeping::Held;
    if (request.previous || request.overrides) return IdKeeping::Held;   // matched by id
    for (const TierSpec& tier : rules.tiers)
        if (tier.max || tier.max_groups) return IdKeeping::Held;   // ties broken by id
    for (const SegmentSpec& segment : rules.segments)
        if (segment.kind == SegmentKind::Pareto) return IdKeeping::Held;   // ties broken by id
    for (const MetricSpec& metric : rules.metrics)
        if (metric.missing == MissingPolicy::Error) return IdKeeping::Held;   // names the rows' lines
    return IdKeeping::HashedOnly;
}

bool second_pass_scores_again(const ScoringPlan& plan, const std::vector<int>& output_slots) {
    const auto is_read = [&](int slot) {
        return std::find(output_slots.begin(), output_slots.end(), slot) != output_slots.end();
    };
    for (std::size_t m = 0; m < plan.metrics.size(); ++m) {
        if (is_read(plan.metrics[m].points_slot)) return true;
        if (!scales_the_population(plan.rules->metrics[m].scale) && is_read(plan.metrics[m].scaled_slot)) return true;
    }
    return false;
}

std::vector<int> slots_for_second_pass(const ScoringPlan& plan, bool scores_again) {
    std::vector<int> slots;
    if (!scores_again) slots.push_back(plan.score_slot);
    for (std::size_t m = 0; m < plan.metrics.size(); ++m)
        if (scales_the_population(plan.rules->metrics[m].scale)) slots.push_back(plan.metrics[m].scaled_slot);
    return slots;
}

std::vector<int> spilled_slots(const ScoringPlan& plan, const RowStage& stage, const std::vector<int>& output_slots,
                               bool scores_again) {
    std::vector<int> slots;
    for (int slot : output_slots)
        if (stage.computed[static_cast<std::size_t>(slot)]) slots.push_back(slot);
    for (std::size_t m = 0; m < plan.metrics.size(); ++m)
        if (scores_again && !scales_the_population(plan.rules->metrics[m].scale))
            slots.push_back(plan.metrics[m].raw_slot);
    std::sort(slots.begin(), slots.end());
    slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
    return slots;
}

SecondPass::SecondPass(ScoredRun& run, std::unique_ptr<RowSpill> spill, std::vector<int> spilled, std::vector<int> kept,
                       const std::vector<int>& also_read, bool scores_again, int threads)
    : run_(run),
      spill_(std::move(spill)),
      spilled_(std::move(spilled)),
      kept_(std::move(kept)),
      batch_frame_(run.frame.empty_like()),
      scores_again_(scores_again),
      threads_(threads) {
    const ScoringPlan& plan = *run.plan;
    stage_ = plan_row_stage(plan, batch_frame_, also_read);

    // What the second pass has itself: the spilled row-stage columns and kept cells, the
    // scales that do not rank the population (from the raw values spilled), the points and
    // the score. The rest that the caller reads (tiers, percentiles, segments, changes,
    // overrides) comes from the first pass.
    // Or, when the caller reads no points and no scaled value scaled here, just the score.
    std::vector<bool> here(run.frame.columns.size(), false);
    for (int slot : spilled_) here[static_cast<std::size_t>(slot)] = true;
    for (int slot : kept_) here[static_cast<std::size_t>(slot)] = true;
    here[static_cast<std::size_t>(plan.score_slot)] = scores_again_;
    scaled_given_.assign(plan.metrics.size(), false);
    std::vector<bool> taken(run.frame.columns.size(), false);
    for (std::size_t m = 0; m < plan.metrics.size() && scores_again_; ++m) {
        here[static_cast<std::size_t>(plan.metrics[m].points_slot)] = true;
        const auto scaled = static_cast<std::size_t>(plan.metrics[m].scaled_slot);
        scaled_given_[m] = scales_the_population(run.rules->metrics[m].scale);
        if (scaled_given_[m]) taken[scaled] = true;   // the score is added up from it again
        else here[scaled] = true;
    }
    // The labels come from the tiers, batch by batch (the first pass did not fill them).
    here[static_cast<std::size_t>(plan.tier_label_slot)] = true;
    labels_read_ = std::find(also_read.begin(), also_read.end(), plan.tier_label_slot) != also_read.end();
    if (labels_read_) taken[static_cast<std::size_t>(plan.tier_slot)] = true;
    for (int slot : also_read)
        if (!here[static_cast<std::size_t>(slot)]) taken[static_cast<std::size_t>(slot)] = true;
    for (std::size_t slot = 0; slot < taken.size(); ++slot) {
        if (taken[slot]) taken_slots_.push_back(static_cast<int>(slot));
        else run.frame.columns[slot] = Column(run.frame.columns[slot].type);   // frees it
    }
}

SecondPass::~SecondPass() = default;

void SecondPass::fill_batch(Frame& batch) {
    const ScoringPlan& plan = *run_.plan;
    const std::size_t rows = batch.rows;
    for (int slot : taken_slots_)
        copy_rows(run_.frame.columns[static_cast<std::size_t>(slot)], rows_handed_, rows,
                  batch.columns[static_cast<std::size_t>(slot)]);
    if (scores_again_) {
        for (const auto& metric : plan.metrics)
            if (!stage_.unread_points[static_cast<std::size_t>(metric.points_slot)])
                batch.columns[static_cast<std::size_t>(metric.points_slot)].resize(rows);
        compute_scores(plan, batch, &stage_, &scaled_given_, threads_);
    }
    if (labels_read_) label_tiers(plan, batch);
    rows_handed_ += rows;
}

void SecondPass::for_each_batch(const std::function<void(Frame&)>& consume) {
    spill_->rewind();
    rows_handed_ = 0;
    bool handed_any = false;
    while (true) {
        for (auto& column : batch_frame_.columns) column.resize(0);
        batch_frame_.arena.clear();
        // Several of the first pass's batches at once: a writer formats many rows on two threads.
        batch_frame_.rows = 0;
        while (batch_frame_.rows < hand_over_rows) {
            const std::size_t rows = spill_->read(batch_frame_, spilled_);
            if (rows == 0) break;
            if (!kept_.empty() && spill_->read(batch_frame_, kept_) != rows)
                throw Error(ExitCode::IoFailure, "kamscore's temporary file does not hold what was written to it");
            batch_frame_.rows += rows;
        }
        if (batch_frame_.rows == 0) break;
        if (rows_handed_ + batch_frame_.rows > run_.frame.rows)
            throw Error(ExitCode::IoFailure, "kamscore's temporary file holds more rows than were read");
        fill_batch(batch_frame_);
        consume(batch_frame_);
        handed_any = true;
    }
    if (rows_handed_ != run_.frame.rows)
        throw Error(ExitCode::IoFailure, "kamscore's temporary file holds fewer rows than were read");
    if (!handed_any) consume(batch_frame_);
}

}  // namespace kamscore
