#include "kamscore/run/run.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <fmt/format.h>

#include "kamscore/classify/stickiness.hpp"
#include "kamscore/error.hpp"
#include "kamscore/score/evaluate.hpp"
#include "kamscore/score/row_stage.hpp"
#include "kamscore/table/parse_value.hpp"
#include "run/customer_rows.hpp"
#include "run/guards.hpp"
#include "run/overrides_file.hpp"
#include "run/previous_results.hpp"
#include "run/read_inputs.hpp"
#include "run/source_join.hpp"
#include "run/held_back_observer.hpp"
#include "run/two_pass.hpp"
#include "kamscore/run/rule_file.hpp"

namespace kamscore {
namespace {

/// Gives the heap's free pages back to the system. Called once reading is over: the
/// read-ahead's batches and the readers' buffers lie free in the middle of the heap, where
/// glibc keeps them, while scoring's columns are mappings of their own that cannot use them.
void release_free_heap() {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

/// The params with the numbers --set gives them (other values are left to the plan, which
/// names a value of the wrong type).
std::vector<ParamSpec> params_set(const std::vector<ParamSpec>& params, const ParamOverrides& overrides) {
    std::vector<ParamSpec> set = params;
    for (ParamSpec& param : set) {
        const auto given = overrides.find(param.name);
        if (given == overrides.end() || param.value.type != Type::Number) continue;
        if (const auto number = parse_number(given->second, NumberFormat{})) param.value = Value::of_number(*number);
    }
    return set;
}

/// `--set seats=30` also moves the capacity of a tier written `max: seats`, and the seats of a
/// group written `north: north_seats`. A value that is no number at all is left to the plan,
/// which names the param's type.
std::shared_ptr<const RuleSet> with_capacities_set(std::shared_ptr<const RuleSet> rules, const ParamOverrides& params) {
    std::shared_ptr<RuleSet> changed;
    // The number --set gives `param`, checked as seats (`allow_zero`) or a tier's whole capacity.
    auto number_set = [&](const TierSpec& tier, const std::string& param, bool allow_zero) -> std::optional<std::size_t> {
        const auto given = param.empty() ? params.end() : params.find(param);
        if (given == params.end()) return std::nullopt;
        const auto number = parse_number(given->second, NumberFormat{});
        if (!number) return std::nullopt;
        if (*number < (allow_zero ? 0 : 1) || *number != std::floor(*number) || *number > 9007199254740992.0)
            throw Error(ExitCode::BadCommandLine,
                        fmt::format("--set {}={}: tier '{}' takes '{}' as {}, a whole number of {} or more",
                                    given->first, given->second, tier.id, param,
                                    allow_zero ? "seats of a group" : "its 'max'", allow_zero ? 0 : 1));
        if (!changed) changed = std::make_shared<RuleSet>(*rules);
        return static_cast<std::size_t>(*number);
    };
    for (std::size_t t = 0; t < rules->tiers.size(); ++t) {
        const TierSpec& tier = rules->tiers[t];
        if (auto number = number_set(tier, tier.max_param, false)) changed->tiers[t].max = *number;
        if (tier.max_expression) {
            const std::vector<ParamSpec> set = params_set(rules->params, params);
            const CapacityValue value = evaluate_capacity(*tier.max_expression, set);
            if (!value.seats) {
                std::string_view problem = value.problem;
                if (problem.rfind("'max' ", 0) == 0) problem.remove_prefix(6);   // "'max' gives 0, ..."
                throw Error(ExitCode::BadCommandLine, fmt::format("--set: tier '{}': 'max: {}' {}", tier.id,
                                                                  tier.max_expression->text, problem));
            }
            if (value.seats != tier.max) {
                if (!changed) changed = std::make_shared<RuleSet>(*rules);
                changed->tiers[t].max = value.seats;
            }
        }
        if (!tier.max_groups) continue;
        for (std::size_t g = 0; g < tier.max_groups->seats.size(); ++g)
            if (auto number = number_set(tier, tier.max_groups->seats[g].param, true))
                changed->tiers[t].max_groups->seats[g].seats = *number;
        if (tier.max_groups->default_seats)
            if (auto number = number_set(tier, tier.max_groups->default_seats->param, true))
                changed->tiers[t].max_groups->default_seats->seats = *number;
    }
    return changed ? changed : rules;
}

/// The rule set of the request, with the request's decimal mark in place of its own.
std::shared_ptr<const RuleSet> rules_of(const RunRequest& request, std::vector<std::string>& warnings) {
    std::shared_ptr<const RuleSet> rules = request.rules;
    if (!rules) rules = load_rule_file(request.rules_path, warnings, true);   // see read_inputs
    if (request.dialect.decimal && *request.dialect.decimal != rules->input.decimal) {
        auto changed = std::make_shared<RuleSet>(*rules);
        changed->input.decimal = *request.dialect.decimal;
        rules = std::move(changed);
    }
    if (request.wanted.columns) {
        auto changed = std::make_shared<RuleSet>(*rules);
        changed->output = output_values_chosen(*rules, *request.wanted.columns);
        rules = std::move(changed);
    }
    return with_capacities_set(std::move(rules), request.params);
}

CsvDialect csv_dialect(const RuleSet& rules, const DialectChoice& choice) {
    CsvDialect dialect;
    dialect.delimiter = choice.delimiter.value_or(rules.input.delimiter);
    dialect.encoding = text_encoding(rules, choice);
    if (choice.max_record_bytes) dialect.max_record_bytes = *choice.max_record_bytes;
    return dialect;
}

void check_wanted(const WantedColumns& wanted, const CustomerRows& rows) {
    if (rows.is_grouped() && (wanted.keep_all || !wanted.keep.empty()))
        throw Error(ExitCode::BadCommandLine, "--keep and --keep-all pass input rows through, but the rules roll rows "
                                              "up into groups (input.group): drop them");
    if (wanted.keep_all && !wanted.keep.empty())
        throw Error(ExitCode::BadCommandLine, "--keep-all already keeps every column: drop --keep");
}

/// Stops the run when a metric with `missing: error` has no value. Such a row passed
/// reading, so it cannot be skipped like a bad record (its original bytes are gone and the
/// percentile scales already counted it): even with --skip-bad-rows the run stops, listing
/// the rows, so that rows in = rows out + rows rejected stays true.
void check_required_metrics(const ScoringPlan& plan, const Frame& frame, const CustomerRows& rows) {
    constexpr std::size_t listed = 20;
    const auto missing = find_missing_required(plan, frame);
    if (missing.empty()) return;
    std::string details;
    for (std::size_t i = 0; i < missing.size() && i < listed; ++i) {
        const MetricSpec& metric = plan.rules->metrics[missing[i].metric];
        details += fmt::format("{}:{}: metric '{}': the value is missing and the metric says 'missing: error'\n",
                               rows.files()[rows.file_of(missing[i].row)], rows.lines()[missing[i].row],
                               metric.id);
    }
    if (missing.size() > listed) details += fmt::format("{}... and {} more\n", program_prefix, missing.size() - listed);
    throw Error(ExitCode::BadData,
                fmt::format("{} row{} without a required metric value. Fill the values, or "
                            "give the metric 'missing: zero' or 'missing: skip'",
                            missing.size(), missing.size() == 1 ? "" : "s"),
                {}, details);
}

/// True when a value the row stage computes while reading (a derived value, a strategic
/// criterion, a metric's value) reads previous_tier. The previous results are read after the
/// input, so such values must be computed after reading, on the whole frame.
bool row_values_read_previous_tier(const ScoringPlan& plan) {
    const auto reads = [&](const expr::Program& program) {
        const std::vector<int>& slots = program.slots_read();
        return std::find(slots.begin(), slots.end(), plan.previous_tier_slot) != slots.end();
    };
    for (const auto& derived : plan.derived)
        if (reads(derived.program)) return true;
    for (const auto& criterion : plan.strategic)
        if (reads(criterion.when)) return true;
    for (const auto& metric : plan.metrics)
        if (reads(metric.value)) return true;
    return false;
}

bool has_stay(const RuleSet& rules) {
    return std::any_of(rules.tiers.begin(), rules.tiers.end(), [](const TierSpec& tier) { return tier.stay.has_value(); });
}

}  // namespace

TextEncoding text_encoding(const RuleSet& rules, const DialectChoice& choice) {
    if (choice.encoding) return *choice.encoding;
    return text_encoding_from_name(rules.input.encoding).value_or(TextEncoding::Utf8);
}

WorkbookOptions workbook_options(const RuleSet& rules, const DialectChoice& choice) {
    WorkbookOptions options;
    options.sheet = choice.sheet.value_or(rules.input.sheet);
    options.header_row = rules.input.header_row;
    return options;
}

ScoredRun::ScoredRun() = default;
ScoredRun::~ScoredRun() = default;

std::optional<std::uint32_t> ScoredRun::row_of(std::string_view id) const {
    const auto& ids = frame.columns[plan->id_slot].texts;
    for (std::uint32_t row = 0; row < frame.rows; ++row)
        if (ids[row] == id) return row;
    return std::nullopt;
}

const RejectedRow* ScoredRun::rejected(std::string_view id) const {
    for (const RejectedRow& row : rejects)
        if (row.id == id) return &row;
    return nullptr;
}

const std::string* ScoredRun::group_of_member(const std::string& id) const {
    const GroupRollup* rollup = rows->rollup();
    if (!rollup) return nullptr;
    auto group = rollup->group_of_member.find(id);
    return group == rollup->group_of_member.end() ? nullptr : &group->second;
}

const KeptColumns* ScoredRun::kept_columns() const { return kept.get(); }

void ScoredRun::for_each_batch(const std::function<void(Frame&)>& consume) {
    if (second_pass) second_pass->for_each_batch(consume);
    else consume(frame);
}

std::vector<std::string_view> ScoredRun::member_ids(std::uint32_t row) const { return rows->member_ids(row); }

std::vector<std::string> ScoredRun::field_origins(std::uint32_t row) const {
    std::vector<std::string> origins(rules->fields.size());
    if (rows->is_grouped() || row >= rows->lines().size()) return origins;
    const std::string& file = rows->files()[rows->file_of(row)];
    for (std::size_t f = 0; f < origins.size(); ++f)
        origins[f] = rules->fields[f].source.empty() ? fmt::format("{} line {}", file, rows->lines()[row])
                     : join                          ? join->origin(f, row)
                                                     : std::string();
    return origins;
}

std::unique_ptr<ScoredRun> run_scoring(const RunRequest& request, RunObserver* observer) {
    auto run = std::make_unique<ScoredRun>();
    const auto warn = [&](const std::string& line) {
        run->warnings.push_back(line);
        if (observer) observer->warning(line);
    };
    const auto done = [&](const std::string& what) {
        if (observer) observer->stage_done(what);
    };

    std::vector<std::string> load_warnings, compile_warnings;
    run->rules = rules_of(request, load_warnings);
    for (const auto& line : load_warnings) warn(line);
    run->compile_options.today = request.today;
    run->plan = std::make_unique<ScoringPlan>(
        compile_rule_file(*run->rules, run->frame, request.params, run->compile_options, compile_warnings));
    for (const auto& line : compile_warnings) warn(line);
    ScoringPlan& plan = *run->plan;
    Frame& frame = run->frame;
    const RuleSet& rules = *run->rules;
    done("rules loaded and compiled");

    const WantedColumns& wanted = request.wanted;
    const std::size_t batch_rows = request.row_batch_rows.value_or(RowStage{}.batch_rows);
    // What the caller reads; with two passes only the second pass holds it (see two_pass.hpp).
    const std::vector<int> output_slots =
        wanted.all ? std::vector<int>{}
                   : slots_read_by_output(plan, frame, wanted.selection, wanted.format, run->compile_options);
    const bool has_row_stage = !wanted.all && batch_rows > 0 && rules.input.group_column.empty() &&
                               !(request.previous && row_values_read_previous_tier(plan));
    const bool two_passes = has_row_stage && runs_in_two_passes(request, rules);
    // Decided once, here: what the first pass holds and spills depends on it.
    const bool scores_again = two_passes && second_pass_scores_again(plan, output_slots);
    std::optional<RowStage> stage;   // holds only what the caller reads: see WantedColumns
    // Two passes: what only the output reads goes to a temporary file, batch by batch.
    std::unique_ptr<RowSpill> spill;
    std::vector<int> spilled;
    TextArena kept_texts;   // the kept cells of one batch, until they are in the file
    const auto spill_batch = [&](const Frame& batch, Frame& whole) {
        spill->write(batch, spilled, 0, batch.rows);
        const std::vector<int> kept_slots = run->kept->slots();
        if (kept_slots.empty()) return;
        spill->write(whole, kept_slots, 0, batch.rows);
        for (int slot : kept_slots) whole.columns[static_cast<std::size_t>(slot)].texts.clear();
        kept_texts.clear();
    };
    // (Re)starts reading: a first pass that read an id's hash twice reads again with ids held.
    const auto start_reading = [&](IdKeeping ids) {
        for (auto& column : frame.columns) column = Column(column.type);
        frame.rows = 0;
        frame.arena.clear();
        run->rows = std::make_unique<CustomerRows>(plan, frame);
        TableBuilder& builder = run->rows->builder();
        check_wanted(wanted, *run->rows);
        if (has_row_stage) {
            stage = plan_row_stage(plan, frame, two_passes ? slots_for_second_pass(plan, scores_again) : output_slots);
            stage->batch_rows = batch_rows;
            if (!request.previous && !request.previous_columns && !has_stay(rules) &&
                !is_read_later(*stage, plan.previous_tier_slot))
                leave_previous_tier_empty(plan, *stage);
            if (ids == IdKeeping::HashedOnly) leave_ids_out(plan, *stage);
            if (two_passes) {
                leave_label_out(plan, *stage);
                stage->later_columns_left_empty = true;   // --keep's columns: in the file
                spill = std::make_unique<RowSpill>(request.temp_directory);
                spilled = spilled_slots(plan, *stage, output_slots, scores_again);
                builder.watch_batches(spill_batch);
            }
            builder.keep_ids(ids);
            builder.stage_rows(*stage);
        }
        run->kept = std::make_unique<KeptColumns>(frame, wanted.keep, wanted.keep_all,
                                                  std::vector<std::string>{rules.input.id_column, rules.input.label_column});
        if (two_passes) run->kept->store_texts_in(kept_texts);
        if (!run->kept->is_empty_request()) builder.keep_columns(run->kept.get());
    };
    const IdKeeping first_ids = two_passes ? first_pass_ids(request, rules) : IdKeeping::Held;
    start_reading(first_ids);

    CsvDialect dialect = csv_dialect(rules, request.dialect);
    // A row with bytes that are not UTF-8 is a bad row like any other under --skip-bad-rows;
    // without it the first such byte stops the run, saying that it could be skipped.
    dialect.invalid_utf8 = request.skip_bad_rows ? InvalidUtf8::BadRecord : InvalidUtf8::StopSuggestingSkip;
    // A first pass with ids as hashes may read again (IdHashReadTwice): until it is through,
    // what the observer hears is held back, so that nothing reaches it twice.
    HeldBackObserver held_back(observer);
    RunObserver* const reading_observer = first_ids == IdKeeping::HashedOnly ? &held_back : observer;
    std::optional<RejectSink> rejects(std::in_place, request, run->rejects, reading_observer);
    const Guards guards = guards_in_effect(request.guards, rules.guards);
    const std::string_view delimiter_origin = request.dialect.delimiter && *request.dialect.delimiter != 0 ? "--delimiter"
                                              : rules.input.delimiter != 0                              ? "delimiter:"
                                                                                                       : "";
    if (!rules.sources.empty()) {
        SourceOptions options;
        options.rules_directory = std::filesystem::path(request.rules_path.empty() ? rules.path : request.rules_path)
                                      .parent_path()
                                      .string();
        options.file_overrides = request.source_files;
        options.texts = request.source_texts;
        options.input_dialect = dialect;
        options.keep_lines = wanted.all || !request.unmatched_path.empty();
        options.skip_bad_rows = request.skip_bad_rows;
        options.rejects_path = request.rejects_path;
        options.compile_options = run->compile_options;
        options.read_ahead = request.two_threads;
        if (!request.rejects_path.empty()) {
            std::string paths;
            for (const SourceSpec& source : rules.sources)
                paths += fmt::format("{}'{}'", paths.empty() ? "" : ", ", path_for_source(request.rejects_path, source.name));
            rejects->also_written_to(paths);
        }
        run->join = std::make_unique<SourceJoin>(rules, std::move(options), run->rejects, observer);
        run->join->read();
    } else {
        for (const auto& [name, file] : request.source_files)
            throw Error(ExitCode::BadCommandLine,
                        fmt::format("--source {}={}: the rule file {} has no 'sources:'", name, file, rules.path));
        if (!request.unmatched_path.empty())
            throw Error(ExitCode::BadCommandLine,
                        fmt::format("--unmatched writes the unmatched rows of secondary sources, but {} has no "
                                    "'sources:'",
                                    rules.path));
    }
    for (const auto& [name, file] : request.source_files)
        if (!rules.find_source(name))
            throw Error(ExitCode::BadCommandLine,
                        fmt::format("--source {}={}: the rule file {} has no source '{}'", name, file, rules.path, name));
    const auto read_customers = [&](RunObserver* reading_observer) {
        const auto warn_to = [&](const std::string& line) {
            run->warnings.push_back(line);
            if (reading_observer) reading_observer->warning(line);
        };
        return read_inputs(request.inputs, dialect, workbook_options(rules, request.dialect),
                           run->rows->reading_plan(), run->rows->builder(), *rejects, request.max_rows, warn_to,
                           reading_observer, delimiter_origin, request.hash_inputs, run->join.get(),
                           request.two_threads);
    };
    if (first_ids == IdKeeping::HashedOnly) {
        const std::size_t warnings_before = run->warnings.size();
        try {
            run->counts = read_customers(&held_back);
            held_back.replay();
        } catch (const IdHashReadTwice&) {
            run->warnings.resize(warnings_before);
            run->rejects.clear();
            rejects.emplace(request, run->rejects, observer);
            start_reading(IdKeeping::Held);
            run->counts = read_customers(observer);
        } catch (...) {
            held_back.replay();   // the warnings that came before the error
            throw;
        }
    } else {
        run->counts = read_customers(observer);
    }
    CustomerRows& rows = *run->rows;
    TableBuilder& builder = rows.builder();
    if (run->join) run->sources = run->join->counts(frame.rows);
    run->made_missing = builder.made_missing();
    run->made_missing.resize(rules.fields.size());   // with groups the members' builder also reads the group column
    // First: a file cut off in transfer explains the bad rows and counts checked below.
    check_final_line_breaks(run->counts, request.apply_guards && guards.require_final_newline, warn);
    rows.finish();
    release_free_heap();
    if (wanted.members) rows.add_members_column(plan);
    done(fmt::format("read {} rows", run->counts.records));
    if (request.previous) {
        const PreviousMatch match = read_previous_results(*request.previous, dialect.encoding, plan, frame, warn);
        const auto missing = [](std::uint64_t all, std::uint64_t matched) { return all > matched ? all - matched : 0; };
        run->previous = ScoredRun::PreviousCounts{match.customers, missing(match.customers, match.matched),
                                                  missing(frame.rows, match.matched)};
        done("read the previous results");
    } else if (request.previous_columns || has_stay(rules)) {
        add_change_column(plan, frame);   // the same columns on the first night as on the next ones
    }

    if (!builder.row_stage()) compute_row_values(plan, frame);   // else computed while reading
    check_required_metrics(plan, frame, rows);
    if (stage) rows.release_lines();   // the last message naming a row's line is behind us
    if (run->join && !request.skip_bad_rows && !run->rejects.empty()) run->join->commit_rejects();
    rejects->check();
    if (request.apply_guards) {
        check_row_count(guards, run->counts, frame.rows);
        if (run->previous) check_previous(guards, *run->previous, request.previous->name, frame.rows, warn);
    }
    rejects->commit();
    if (run->join) {
        run->join->commit_rejects();
        if (!request.unmatched_path.empty()) run->join->write_unmatched(request.unmatched_path);
    }
    const int threads = request.two_threads ? 2 : 1;   // for the population steps
    compute_scores(plan, frame, stage ? &*stage : nullptr, nullptr, threads);
    run->segments = compute_segments(plan, frame);
    if (request.overrides)
        run->overrides = read_overrides_file(*request.overrides, dialect.encoding, plan, frame, request.today, rows,
                                             run->rejects, warn);
    const std::vector<std::int32_t>& forced = run->overrides.applied.forced;
    // explain tells "the rules said X, the board said Y": classify once without the overrides.
    if (wanted.all && !forced.empty()) {
        classify(plan, frame);
        run->rules_tier = tier_indices(plan, frame);
    }
    run->outcomes = classify(plan, frame, forced, !two_passes);   // a second pass labels its batches
    if (wanted.all && run->rules_tier.empty()) run->rules_tier = tier_indices(plan, frame);
    if (request.previous) fill_changes(plan, frame, run->outcomes);
    run->row_stage = std::move(stage);
    done("scored and classified");
    if (two_passes) {
        // Read now: columns added after reading (change, override) are among them.
        run->second_pass = std::make_unique<SecondPass>(
            *run, std::move(spill), std::move(spilled), run->kept->slots(),
            slots_read_by_output(plan, frame, wanted.selection, wanted.format, run->compile_options), scores_again,
            threads);
    }
    return run;
}

}  // namespace kamscore
