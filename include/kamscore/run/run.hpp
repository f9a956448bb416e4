// The one scoring run. Every subcommand that scores customers (score, explain, summary,
// check --against, test and the rule file's own tests) builds a RunRequest and calls
// run_scoring(); none of them repeats a step of it. See docs/architecture.md.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kamscore/classify/classify.hpp"
#include "kamscore/classify/overrides.hpp"
#include "kamscore/classify/segments.hpp"
#include "kamscore/explain/summary.hpp"
#include "kamscore/expr/compile.hpp"
#include "kamscore/io/record_reader.hpp"
#include "kamscore/io/progress.hpp"
#include "kamscore/io/sha256.hpp"
#include "kamscore/io/transcode.hpp"
#include "kamscore/output/writer.hpp"
#include "kamscore/rules/rule_set.hpp"
#include "kamscore/run/result_view.hpp"
#include "kamscore/score/plan.hpp"
#include "kamscore/score/row_stage.hpp"
#include "kamscore/table/column.hpp"
#include "kamscore/score/table_builder.hpp"
#include "kamscore/table/kept_columns.hpp"

namespace kamscore {

class CustomerRows;
class SecondPass;
class SourceJoin;

/// Where bytes come from: a file ("-" is standard input) or, for tests, text in memory.
struct InputSource {
    std::string path;                   ///< "" for text in memory
    std::string name;                   ///< shown in messages; "<stdin>" for "-"
    std::optional<std::string> bytes;   ///< the bytes themselves, instead of a file

    static InputSource file(const std::string& path) { return {path, path == "-" ? "<stdin>" : path, std::nullopt}; }
    static InputSource text(std::string name, std::string bytes) { return {"", std::move(name), std::move(bytes)}; }
};

/// How the inputs are written, where the command line overrides the rule file's `input:`.
/// Unset members keep the rule file's choice. The previous results and the overrides file are
/// decoded with the same encoding (a byte-order mark overrides it, as for the input).
struct DialectChoice {
    std::optional<char> delimiter;            ///< ',' ';' '\t' '|', or 0 to detect
    std::optional<char> decimal;              ///< '.' or ','
    std::optional<TextEncoding> encoding;
    std::optional<std::size_t> max_record_bytes;
    std::optional<std::string> sheet;         ///< --sheet: the sheet of workbook inputs
};

/// The columns the caller reads after the run. With `all` (explain, summary, tests) every
/// column of every row is kept; otherwise only what `format` writes for `selection` (and
/// --where reads) is held for every row, which is what keeps `score` small on large files.
struct WantedColumns {
    bool all = true;
    Format format = Format::Csv;
    ResultSelection selection;
    std::vector<std::string> keep;   ///< --keep: input columns passed through
    bool keep_all = false;           ///< --keep-all
    bool members = false;            ///< --members: the member ids of each group
    /// --columns: the run's output values instead of, or added to, the rule file's `output:`
    /// (ScoredRun::rules then has them in `output`).
    std::optional<ColumnsChoice> columns;
};

/// Whether `score` works in two passes to hold less (docs/architecture.md, "Two passes";
/// KAMSCORE_TWO_PASS): never, for inputs of 64 MiB and more (the default), or whenever the
/// run allows it (for tests, which compare both ways on small files).
enum class TwoPass { Never, Auto, Always };

/// --max-disappeared when neither the command line nor the rule file's `guards:` sets it: a
/// nightly job stops when more than this share (percent) of yesterday's customers is missing.
constexpr double default_max_disappeared = 10;

/// Everything one run needs. Nothing in it is read from the environment or the clock by the
/// run itself: the command line reads those once and fills them in.
struct RunRequest {
    std::vector<InputSource> inputs{InputSource::file("-")};
    std::string rules_path;                       ///< the rule file, loaded by the run ...
    std::shared_ptr<const RuleSet> rules;         ///< ... unless given already loaded
    DialectChoice dialect;
    ParamOverrides params;                        ///< --set NAME=VALUE
    double today = 0;                             ///< days since 1970, for days_since()
    bool skip_bad_rows = false;                   ///< false: any bad row stops the run
    std::string rejects_path;                     ///< the original lines of bad rows go here
    std::optional<std::uint64_t> max_rows;        ///< read only this many records per file (check)
    std::optional<InputSource> previous;          ///< --previous: earlier results
    std::optional<InputSource> overrides;         ///< --overrides: the sales board's forced tiers
    WantedColumns wanted;
    std::optional<std::size_t> row_batch_rows;    ///< rows per row-stage batch (0: none); unset: default
    TwoPass two_pass = TwoPass::Auto;             ///< see TwoPass and runs_in_two_passes()
    std::string temp_directory = "/tmp";          ///< where two passes keep rows between them (TMPDIR)
    /// Use a second thread: a file's records and their cells are read on it (ReadAhead,
    /// PreparedCells) while this one builds the rows, and the population's scales and scores
    /// are split between the two (split_rows). False: everything on this thread
    /// (KAMSCORE_THREADS=1).
    bool two_threads = true;
    /// Guards against a bad export (README, "Nightly runs"). Each set member overrides the rule
    /// file's `guards:` key; unset ones take the rule file's value, else the default.
    GuardsSpec guards;
    /// false: no guard applies (a sample read by check --against, the rule file's own tests).
    bool apply_guards = true;
    /// previous_tier and change are output columns even without `previous` (empty then), as
    /// they are whenever a tier has `stay:`, so that the columns do not change between nights.
    bool previous_columns = false;
    /// Hash every input while reading it, for the provenance record (FileCounts::digest). Off by
    /// default: only an audit trail needs it.
    bool hash_inputs = false;
    /// --source NAME=FILE: the file (or glob) of a secondary source, instead of its `file:`.
    std::vector<std::pair<std::string, std::string>> source_files;
    /// --unmatched FILE: the rows of secondary sources whose key matched no customer, per
    /// source in FILE with the source's name before the extension (unmatched.erp.csv).
    std::string unmatched_path;
    /// Secondary sources given as text, for tests: name -> bytes (instead of any file).
    std::vector<std::pair<std::string, std::string>> source_texts;
};


/// "source erp: rows in 5838 = used 5790 (of keys matched 5712, unmatched 78) + filtered 40 +
/// rejected 8; keys 1203: matched 1190, unmatched 13"
std::string describe_source_counts(const SourceCounts& counts);

/// The encoding of the inputs: the choice's, else the rule file's, else UTF-8.
TextEncoding text_encoding(const RuleSet& rules, const DialectChoice& choice);

/// The sheet and header row of workbook inputs: --sheet, else the rule file's `sheet:`; the
/// rule file's `header_row:`. A path "book.xlsx#Sheet" names its own sheet (open_record_reader).
WorkbookOptions workbook_options(const RuleSet& rules, const DialectChoice& choice);

/// A bad row: where it was, its id when it had one, and why it was not scored.
struct RejectedRow {
    std::string file;
    std::uint64_t line = 0;
    std::string id;
    std::string message;
};

/// What one input file gave.
struct FileCounts {
    std::string name;
    std::string encoding;          ///< as read: "UTF-8", "Windows-1252", "UTF-16 LE", ...; "xlsx"
    char delimiter = ',';          ///< 0 for a workbook's sheet
    std::uint64_t records = 0;     ///< records read, report footer lines included
    std::uint64_t rejected = 0;
    std::uint64_t footer_lines = 0;
    std::uint64_t blank_lines = 0;  ///< records of only delimiters and spaces, skipped
    /// The line where the last record starts, when the file ended without a line break after
    /// it (as a file cut off in transfer does); unset otherwise or when not read to the end.
    std::optional<std::uint64_t> unterminated_line;
    /// With RunRequest::hash_inputs: the SHA-256 and size of the bytes read (as they came, before
    /// any decoding), the whole file even when max_rows stopped reading early.
    std::optional<FileDigest> digest{};
};

/// Rows in = rows scored + rows rejected + report footer lines + blank lines.
struct InputCounts {
    std::uint64_t records = 0;
    std::uint64_t rejected = 0;
    std::uint64_t footer_lines = 0;
    std::uint64_t blank_lines = 0;
    std::vector<FileCounts> files;
};

/// The overrides of one run: the file's entries and how they apply to the rows.
struct OverridesInEffect {
    std::vector<Override> entries;
    AppliedOverrides applied;       ///< applied.forced is empty without overrides
};

/// Hears what happens during a run, as it happens. The run prints nothing itself.
class RunObserver {
public:
    virtual ~RunObserver() = default;
    /// A whole line for the user: a rule-file warning, a skipped report footer, an override
    /// that does not apply. Also kept in ScoredRun::warnings.
    virtual void warning(const std::string& /*line*/) {}
    /// A bad row left out (only when skip_bad_rows), at the moment it is found.
    virtual void row_rejected(const RejectedRow& /*row*/) {}
    /// A stage finished: "rules loaded and compiled", "read 1000 rows", ...
    virtual void stage_done(const std::string& /*what*/) {}
    /// A file has been read.
    virtual void file_read(const FileCounts& /*counts*/) {}
    /// A file is about to be read; a counter returned here is kept up to date while reading.
    virtual ReadCounter* reading(const std::string& /*name*/, std::optional<std::uint64_t> /*bytes*/) { return nullptr; }
};

/// A scored and classified run, kept whole for the caller to render or inspect.
struct ScoredRun {
    ScoredRun();
    ~ScoredRun();
    ScoredRun(const ScoredRun&) = delete;
    ScoredRun& operator=(const ScoredRun&) = delete;

    std::shared_ptr<const RuleSet> rules;
    Frame frame;
    std::unique_ptr<ScoringPlan> plan;
    std::unique_ptr<CustomerRows> rows;          ///< where each row came from; group members
    expr::CompileOptions compile_options;
    InputCounts counts;
    std::vector<RejectedRow> rejects;            ///< every bad row, in input order
    /// Per field of the rules: the cells read as missing by missing_words or `invalid: missing`.
    std::vector<MadeMissing> made_missing;
    std::vector<std::string> warnings;           ///< every line given to RunObserver::warning
    /// With --previous: how many customers the previous results had, and how this run's differ.
    struct PreviousCounts {
        std::uint64_t customers = 0;     ///< ids in the previous results
        std::uint64_t disappeared = 0;   ///< of those, ids this run did not score
        std::uint64_t added = 0;         ///< ids this run scored that are not in them
    };
    std::optional<PreviousCounts> previous;
    std::vector<SegmentOutcome> segments;
    OverridesInEffect overrides;
    std::vector<TierOutcome> outcomes;
    std::vector<std::uint16_t> rules_tier;       ///< per row: the tier by the rules alone (before overrides)
    std::unique_ptr<KeptColumns> kept;           ///< --keep / --keep-all (null without)
    std::optional<RowStage> row_stage;           ///< set when rows were computed in batches while reading
    std::vector<SourceCounts> sources;           ///< per secondary source, in the rule file's order
    std::unique_ptr<SourceJoin> join;            ///< the secondary sources as joined (null without)

    /// Set when the run holds only what ranking and classifying need, and hands the rows over
    /// with the rest from its temporary file (docs/architecture.md, "Two passes"); then `frame`
    /// keeps only the columns the second pass takes from it.
    std::unique_ptr<SecondPass> second_pass;
    /// --keep / --keep-all: their slots in the frames handed out by for_each_batch().
    const KeptColumns* kept_columns() const;
    /// Hands the rows to `consume`: the whole frame at once, or with a second pass the rows
    /// from its temporary file, a batch at a time in one reused frame (at least one call, maybe with no
    /// rows). Each frame has every column the request's `wanted` reads, filled alike. Throws
    /// Error(IoFailure) when a second pass cannot read its temporary file back.
    void for_each_batch(const std::function<void(Frame&)>& consume);

    /// Per field of the rules (parallel to rules->fields): where row `row`'s value came from,
    /// "crm.csv line 5" or "erp: 3 rows, lines 12, 40, 77". Empty when not known (groups).
    std::vector<std::string> field_origins(std::uint32_t row) const;

    /// The row of customer `id`, if it was scored.
    std::optional<std::uint32_t> row_of(std::string_view id) const;
    /// The bad row of customer `id`, if its row was rejected.
    const RejectedRow* rejected(std::string_view id) const;
    /// With input.group: the group whose member `id` is (null when it is none's).
    const std::string* group_of_member(const std::string& id) const;
    /// With input.group: the member ids of a group row, in input order (else empty).
    std::vector<std::string_view> member_ids(std::uint32_t row) const;
};

/// Loads the rules, reads every input (rolling up groups), computes the row values, scores,
/// segments, applies previous results and overrides, and classifies. Throws Error: BadRules
/// for the rule file, BadData for the input (bad rows without skip_bad_rows, a missing
/// column, a required metric without a value, a guard that fails), BadCommandLine for a bad
/// request, IoFailure.
std::unique_ptr<ScoredRun> run_scoring(const RunRequest& request, RunObserver* observer = nullptr);

/// The -v line accounting for every record read:
///   "rows in 1203 = rows scored 1190 + rows rejected 10 + report footer lines 3"
/// followed by " + blank lines N" when some records were blank lines.
std::string describe_row_counts(const InputCounts& counts, std::uint64_t scored);

}  // namespace kamscore
