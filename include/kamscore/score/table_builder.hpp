#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <string_view>
#include <vector>

#include "kamscore/io/csv_reader.hpp"
#include "kamscore/io/record.hpp"
#include "kamscore/rules/rule_set.hpp"
#include "kamscore/score/cell_reading.hpp"
#include "kamscore/score/plan.hpp"
#include "kamscore/score/row_stage.hpp"
#include "kamscore/table/column.hpp"
#include "kamscore/table/column_name.hpp"
#include "kamscore/table/decimal_sniff.hpp"
#include "kamscore/table/id_hash_set.hpp"
#include "kamscore/table/id_index.hpp"

namespace kamscore {

class KeptColumns;

/// Which CSV column feeds the id, the label and each field. Indices into the header; a field
/// of a secondary source (`source:`) has -1 - f: its cell is the f-th of the joined cells
/// handed to TableBuilder::add (canonical: numbers with '.', ISO dates).
struct ColumnBinding {
    std::size_t header_size = 0;
    int id_index = -1;
    int label_index = -1;
    std::vector<int> field_indices;   ///< parallel to RuleSet::fields
};

/// "closest: 'Revenue 2025', 'revenue_2024'" (or "the header has ...") for a missing column.
std::string closest_headers(const std::vector<std::string>& header, std::string_view wanted);

/// Matches rule-file columns to header names: exactly first, then ignoring case and
/// surrounding spaces. A missing column throws Error(BadData) listing the closest headers:
///   kamscore: error: crm.csv has no column 'revenue_2025' (needed by field 'revenue');
///   closest: 'Revenue 2025', 'revenue_2024'
ColumnBinding bind_columns(const std::vector<std::string>& header, const RuleSet& rules,
                           const std::string& display_name);

/// A row that could not be used, with its original bytes.
struct Reject {
    std::string file;
    std::uint64_t line = 0;
    std::string id;        ///< the row's id, when it has one (explain and overrides name it)
    std::string message;   ///< e.g. column "revenue_2025": "12a" is not a number
    std::string raw;       ///< the record's original bytes (several lines for multi-line records)
};

/// The cells of one field read as missing although they were not blank, in accepted rows.
struct MadeMissing {
    std::uint64_t words = 0;        ///< equal to one of the field's missing_words
    std::uint64_t unreadable = 0;   ///< not a value of the field's type, with invalid: missing
    std::uint64_t total() const { return words + unreadable; }
};

/// How a TableBuilder holds ids and finds duplicates (docs/architecture.md, "Two passes").
enum class IdKeeping {
    Held,         ///< in the frame's id column, duplicates decided exactly
    HashedOnly,   ///< a two-pass run's first pass: a 64-bit hash per id in the builder, the id
                  ///< itself in the batch only (for watch_batches); a hash read twice makes
                  ///< finish_reading() throw IdHashReadTwice, and the run reads again holding
                  ///< the ids
};

/// Thrown by a HashedOnly builder's finish_reading() when a hash was read twice (a duplicate
/// id, or two ids that share a hash). Not an Error: the run catches it and reads again with
/// ids held.
struct IdHashReadTwice {};

/// Converts records into the typed field columns of the frame (only the columns rules use).
/// Bad rows become Rejects; whether they stop the run is the caller's decision.
class TableBuilder {
public:
    TableBuilder(Frame& frame, const ScoringPlan& plan);

    /// Starts a new input file (several files are concatenated; headers must agree).
    /// `file_bytes`, when known, lets the builder size its columns once, from the average
    /// record size of the first rows, instead of growing them by doubling (which left up to
    /// half of every column unused and copied each one several times).
    /// A workbook's cells (`format` Workbook) hold numbers with '.' and dates in ISO form
    /// whatever the rule file's `decimal:` and `format:` say for CSV exports: its numbers are
    /// read with '.', without decimal-mark evidence, and a date cell that the field's format
    /// does not read is read as ISO.
    void begin_file(const std::string& display_name, const ColumnBinding& binding,
                    std::optional<std::uint64_t> file_bytes = std::nullopt, InputFormat format = InputFormat::Csv);
    /// Adds one record as a row, or returns false and fills `reject`. A cell that is not a
    /// value of a field with `invalid: error` throws Error(BadData) naming file, line and cell.
    /// `joined`: the cells of fields read from secondary sources, parallel to the rules'
    /// fields (see ColumnBinding); empty without sources.
    /// `prepared`: the record's cells read ahead (PreparedCells), else they are read here.
    bool add(const CsvRecord& record, Reject& reject, const std::vector<std::string_view>& joined = no_joined_cells,
             PreparedRecord prepared = {});
    static const std::vector<std::string_view> no_joined_cells;
    /// Starts fetching from memory where the id hashed `id_hash` goes, for a record to be added
    /// a few records later (its cells read ahead): for a million held ids nearly every lookup
    /// misses the cache, and the conversions that used to hide that now run on another core.
    /// Nothing to fetch under IdKeeping::HashedOnly, whose hashes are only appended.
    void prefetch_id(std::uint64_t id_hash) const;
    /// The current file has been read (`delimiter` is the one it was split with): throws
    /// Error(BadData) when a number column of it is written with the other decimal mark
    /// (see DecimalEvidence), showing up to three of its cells and the `decimal:` to set.
    /// Returns a warning line per column whose values with a mark were all read as fractions
    /// that the other mark reads as thousands (1.200 in a tab-separated file): nothing in the
    /// file tells which is meant, but the reading must not go unsaid.
    std::vector<std::string> finish_file(char delimiter);
    /// Per field (parallel to the rules' fields): the cells read as missing by missing_words
    /// or `invalid: missing`.
    const std::vector<MadeMissing>& made_missing() const { return made_missing_; }

    /// The input line of every accepted row, parallel to the frame's rows.
    const std::vector<std::uint64_t>& lines() const { return lines_; }
    /// The file index (order of begin_file calls) of a row. A file's rows are contiguous, so
    /// only the first row of each file is kept, not 4 bytes for every row.
    std::uint32_t file_of(std::size_t row) const;
    /// Frees the line numbers once nothing will name a row's line any more (the row stage of
    /// `score`, after the last check that could): 8 bytes a row. lines() is empty afterwards.
    void release_lines();
    const std::vector<std::string>& files() const { return files_; }
    const Frame& frame() const { return frame_; }

    /// Frees what only reading needs (the duplicate-id index); no records are added after.
    /// HashedOnly: throws IdHashReadTwice when a hash was read twice.
    void finish_reading();

    /// Computes the row stage batch by batch while reading (see RowStage): rows go into a
    /// batch frame first, and only the held columns reach the frame. Without it the frame
    /// gets every field of every row, and the caller runs compute_row_values() afterwards.
    void stage_rows(const RowStage& stage);
    const RowStage* row_stage() const { return stage_ ? &*stage_ : nullptr; }
    /// True for a column that reading leaves empty under the row stage (see
    /// kamscore::is_left_empty_by_reading).
    bool is_left_empty(std::size_t slot) const;
    /// See IdKeeping; before the first record. HashedOnly keeps no line numbers (lines() stays
    /// empty) and needs the row stage, whose plan must not hold the id.
    void keep_ids(IdKeeping keeping) { id_keeping_ = keeping; }
    /// Calls `watch` with each batch once its row values are computed and its held columns are
    /// in the frame (`whole`), before the batch is cleared: a two-pass run's first pass keeps
    /// what only the output reads in a temporary file from there. Needs the row stage.
    void watch_batches(std::function<void(const Frame& batch, Frame& whole)> watch) { watch_ = std::move(watch); }
    /// Input columns to pass through (--keep): their cells are stored for every accepted row.
    void keep_columns(KeptColumns* kept) { kept_ = kept; }
    KeptColumns* kept_columns() const { return kept_; }

private:
    Frame& frame_;
    const ScoringPlan& plan_;
    ColumnBinding binding_;
    std::vector<std::uint64_t> lines_;
    std::vector<std::size_t> first_row_of_file_;   ///< parallel to files_
    std::vector<std::string> files_;
    IdIndex seen_ids_;
    IdHashSet id_hashes_;
    IdKeeping id_keeping_ = IdKeeping::Held;
    std::function<void(const Frame&, Frame&)> watch_;
    std::uint64_t rows_added_ = 0;   ///< accepted rows
    std::vector<double> pending_numbers_;   ///< per field, reused: converted before any append
    std::vector<Bool3> pending_bools_;
    enum class MissingCause : std::uint8_t { None, Word, Unreadable };
    std::vector<MissingCause> pending_missing_;   ///< per field: why a non-blank cell became missing
    std::vector<MadeMissing> made_missing_;
    /// Per field: its missing_words, else the input's (never null once constructed).
    std::vector<const std::vector<std::string>*> missing_words_;
    std::vector<DecimalEvidence> decimal_evidence_;   ///< per field, for the current file
    KeptColumns* kept_ = nullptr;
    std::optional<std::uint64_t> file_bytes_;   ///< size of the current file, when known
    bool is_workbook_ = false;                  ///< the current file is a workbook sheet
    std::uint64_t sampled_bytes_ = 0;           ///< raw bytes of the rows sampled so far
    std::size_t sampled_rows_ = 0;
    std::optional<RowStage> stage_;
    std::unique_ptr<Frame> batch_;          ///< with a row stage: the rows not yet computed
    void reserve_for_file();
    /// Why the cell of field `f` on `line` is not a value of the field's type: the message.
    std::string describe_unreadable(std::size_t f, std::string_view cell, DecimalHint hint, std::uint64_t line) const;
    /// With a row stage: computes the batch's rows and moves the held columns to the frame.
    void finish_batch();
    Frame& rows_frame() { return batch_ ? *batch_ : frame_; }
};

}  // namespace kamscore
