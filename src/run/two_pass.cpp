#include "run/two_pass.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "kamscore/classify/classify.hpp"
#include "kamscore/error.hpp"
#include "kamscore/score/evaluate.hpp"
#include "kamscore/score/scales.hpp"
#include "run/read_inputs.hpp"

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

Error changed_between_passes(const std::string& what) {
    return Error(ExitCode::BadData,
                 fmt::format("{} changed while kamscore read it (it reads large inputs twice: once to rank every "
                             "customer, once to write them); nothing was written. Score a copy that is not being "
                             "written to, or run again once the export is complete",
                             what));
}

}  // namespace

bool runs_in_two_passes(const RunRequest& request, const RuleSet& rules) {
    if (request.two_pass == TwoPass::Never || request.wanted.all || request.row_batch_rows == std::size_t{0})
        return false;
    const Format format = request.wanted.format;
    if (format != Format::Csv && format != Format::Tsv && format != Format::Json && format != Format::Jsonl)
        return false;
    const ResultSelection& selection = request.wanted.selection;
    if (selection.sort != SortOrder::Input || selection.top) return false;
    if (!rules.input.group_column.empty() || !rules.sources.empty() || request.wanted.members) return false;
    std::uint64_t bytes = 0;
    for (const InputSource& input : request.inputs) {
        if (!input.bytes && input.path == "-") return false;   // standard input is read once
        bytes += input_bytes(input).value_or(0);
    }
    return request.two_pass == TwoPass::Always || bytes >= two_pass_min_bytes;
}

IdKeeping first_pass_ids(const RunRequest& request, const RuleSet& rules) {
    if (request.previous || request.overrides) return IdKeeping::Held;   // matched by id
    for (const TierSpec& tier : rules.tiers)
        if (tier.max || tier.max_groups) return IdKeeping::Held;   // ties broken by id
    for (const SegmentSpec& segment : rules.segments)
        if (segment.kind == SegmentKind::Pareto) return IdKeeping::Held;   // ties broken by id
    for (const MetricSpec& metric : rules.metrics)
        if (metric.missing == MissingPolicy::Error) return IdKeeping::Held;   // names the rows' lines
    return IdKeeping::HashedOnly;
}

std::vector<int> slots_for_second_pass(const ScoringPlan& plan) {
    std::vector<int> slots;
    for (std::size_t m = 0; m < plan.metrics.size(); ++m)
        if (scales_the_population(plan.rules->metrics[m].scale)) slots.push_back(plan.metrics[m].scaled_slot);
    return slots;
}

void HeldBackObserver::warning(const std::string& line) {
    held_.push_back([line](RunObserver& observer) { observer.warning(line); });
}
void HeldBackObserver::row_rejected(const RejectedRow& row) {
    held_.push_back([row](RunObserver& observer) { observer.row_rejected(row); });
}
void HeldBackObserver::stage_done(const std::string& what) {
    held_.push_back([what](RunObserver& observer) { observer.stage_done(what); });
}
void HeldBackObserver::file_read(const FileCounts& counts) {
    held_.push_back([counts](RunObserver& observer) { observer.file_read(counts); });
}
ReadCounter* HeldBackObserver::reading(const std::string& name, std::optional<std::uint64_t> bytes) {
    return observer_ ? observer_->reading(name, bytes) : nullptr;
}
void HeldBackObserver::replay() {
    if (observer_)
        for (const auto& tell : held_) tell(*observer_);
    held_.clear();
}

SecondPass::SecondPass(ScoredRun& run, const RunRequest& request, CsvDialect dialect, WorkbookOptions workbook,
                       std::string delimiter_origin, const std::vector<int>& also_read)
    : run_(run),
      request_(request),
      dialect_(std::move(dialect)),
      workbook_(std::move(workbook)),
      delimiter_origin_(std::move(delimiter_origin)),
      batch_frame_(run.frame.empty_like()) {
    const ScoringPlan& plan = *run.plan;
    for (const InputSource& input : request.inputs)
        first_pass_files_.push_back(input.bytes ? std::nullopt : stat_file(input.path));
    stage_ = plan_row_stage(plan, batch_frame_, also_read);
    stage_.batch_rows = request.row_batch_rows.value_or(RowStage{}.batch_rows);
    kept_ = std::make_unique<KeptColumns>(batch_frame_, request.wanted.keep, request.wanted.keep_all,
                                          std::vector<std::string>{run.rules->input.id_column,
                                                                   run.rules->input.label_column});

    // What the second pass computes itself, batch by batch: the row stage, each metric's
    // scale unless it ranks the whole population, the points and the score. The rest that the
    // caller reads (tiers, percentiles, segments, changes, overrides) comes from the first pass.
    std::vector<bool> computed_here = stage_.computed;
    computed_here[static_cast<std::size_t>(plan.score_slot)] = true;
    scaled_given_.assign(plan.metrics.size(), false);
    std::vector<bool> taken(run.frame.columns.size(), false);
    for (std::size_t m = 0; m < plan.metrics.size(); ++m) {
        computed_here[static_cast<std::size_t>(plan.metrics[m].points_slot)] = true;
        const auto scaled = static_cast<std::size_t>(plan.metrics[m].scaled_slot);
        scaled_given_[m] = scales_the_population(run.rules->metrics[m].scale);
        if (scaled_given_[m]) taken[scaled] = true;   // the score is computed from it
        else computed_here[scaled] = true;
    }
    // The labels come from the tiers, batch by batch (the first pass did not fill them).
    computed_here[static_cast<std::size_t>(plan.tier_label_slot)] = true;
    labels_read_ = std::find(also_read.begin(), also_read.end(), plan.tier_label_slot) != also_read.end();
    if (labels_read_) taken[static_cast<std::size_t>(plan.tier_slot)] = true;
    for (int slot : also_read)
        if (!computed_here[static_cast<std::size_t>(slot)]) taken[static_cast<std::size_t>(slot)] = true;
    for (std::size_t slot = 0; slot < taken.size(); ++slot) {
        if (taken[slot]) taken_slots_.push_back(static_cast<int>(slot));
        else run.frame.columns[slot] = Column(run.frame.columns[slot].type);   // frees it
    }
}

SecondPass::~SecondPass() = default;

void SecondPass::fill_batch(Frame& batch) {
    const ScoringPlan& plan = *run_.plan;
    const std::size_t rows = batch.rows;
    if (rows_handed_ + rows > run_.frame.rows)
        throw changed_between_passes(request_.inputs.size() == 1 ? request_.inputs.front().name : "an input");
    for (int slot : taken_slots_)
        copy_rows(run_.frame.columns[static_cast<std::size_t>(slot)], rows_handed_, rows,
                  batch.columns[static_cast<std::size_t>(slot)]);
    for (const auto& metric : plan.metrics)
        if (!stage_.unread_points[static_cast<std::size_t>(metric.points_slot)])
            batch.columns[static_cast<std::size_t>(metric.points_slot)].resize(rows);
    compute_scores(plan, batch, &stage_, &scaled_given_);
    if (labels_read_) label_tiers(plan, batch);
    rows_handed_ += rows;
}

void SecondPass::for_each_batch(const std::function<void(Frame&)>& consume) {
    for (std::size_t i = 0; i < request_.inputs.size(); ++i) {
        const InputSource& input = request_.inputs[i];
        const auto now = input.bytes ? std::nullopt : stat_file(input.path);
        const auto& then = first_pass_files_[i];
        if (then.has_value() != now.has_value() ||
            (then && (then->bytes != now->bytes || then->modified != now->modified)))
            throw changed_between_passes(input.name);
    }
    rows_handed_ = 0;
    TableBuilder builder(batch_frame_, *run_.plan);
    builder.keep_ids(IdKeeping::Unchecked);
    std::vector<std::pair<std::string, std::uint64_t>> rejected;
    for (const RejectedRow& row : run_.rejects) rejected.emplace_back(row.file, row.line);
    builder.reject_again(rejected);
    builder.stage_rows(stage_);
    if (!kept_->is_empty_request()) builder.keep_columns(kept_.get());
    bool handed_any = false;
    builder.hand_over_batches([&](Frame& batch) {
        fill_batch(batch);
        consume(batch);
        handed_any = true;
    });
    // The first pass has reported every warning and bad row; here they are only counted.
    std::vector<RejectedRow> rejects;
    RejectSink sink(request_.skip_bad_rows, "", rejects, nullptr);
    const auto ignore = [](const std::string&) {};
    read_inputs(request_.inputs, dialect_, workbook_, *run_.plan, builder, sink, request_.max_rows, ignore, nullptr,
                delimiter_origin_, false, nullptr);
    if (rows_handed_ != run_.frame.rows || rejects.size() != run_.rejects.size())
        throw changed_between_passes(request_.inputs.size() == 1 ? request_.inputs.front().name : "an input");
    if (!handed_any) {
        for (auto& column : batch_frame_.columns) column.resize(0);
        batch_frame_.rows = 0;
        consume(batch_frame_);
    }
}

}  // namespace kamscore
