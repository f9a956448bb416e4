// Secondary sources (README "Sources"): each is read whole before the customer list, its rows
// aggregated per normalised key into one cell per field; while the customer list is read, a
// customer's cells are handed to the TableBuilder beside its record, like columns of its own.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kamscore/expr/compile.hpp"
#include "kamscore/io/csv_reader.hpp"
#include "kamscore/io/read_ahead.hpp"
#include "kamscore/io/sha256.hpp"
#include "kamscore/rules/rule_set.hpp"
#include "kamscore/run/run.hpp"

namespace kamscore {

/// `path` with `name` before its extension: ("bad.csv", "erp") -> "bad.erp.csv".
std::string path_for_source(const std::string& path, const std::string& name);

/// What reading the secondary sources needs from the run.
struct SourceOptions {
    std::string rules_directory;          ///< relative `file:` and `map:` paths start here
    std::vector<std::pair<std::string, std::string>> file_overrides;   ///< --source NAME=FILE
    std::vector<std::pair<std::string, std::string>> texts;            ///< tests: NAME -> bytes
    CsvDialect input_dialect;             ///< the customer list's (encoding, invalid UTF-8, caps)
    bool keep_lines = false;              ///< per key, the lines of its rows (explain, --unmatched)
    bool skip_bad_rows = false;
    std::string rejects_path;             ///< --rejects: per source path_for_source(it, name)
    expr::CompileOptions compile_options;
    bool read_ahead = false;              ///< split a file's records on a second thread (ReadAhead)
};

class SourceJoin {
public:
    SourceJoin(const RuleSet& rules, SourceOptions options, std::vector<RejectedRow>& rejects,
               RunObserver* observer);
    ~SourceJoin();
    SourceJoin(const SourceJoin&) = delete;
    SourceJoin& operator=(const SourceJoin&) = delete;

    /// Reads every source. Throws Error: BadData (a missing column, a bad row without
    /// skip_bad_rows is only collected: see check), BadRules (an expression that does not
    /// compile against the source's columns), IoFailure. With read_ahead and two sources or
    /// more, the first is read on this thread while the others are read on a second one; the
    /// observer and `rejects` hear of them in the sources' order, and an error is the one that
    /// reading them one after the other would have met first.
    void read();
    /// Binds a file of the customer list: the columns the sources' keys match.
    void bind_customers(const std::vector<std::string>& header, const std::string& name);
    /// The joined cells of a customer record, parallel to the rules' fields (a blank view for
    /// the fields of the customer list and for missing values). Valid until the next call.
    /// `found`: the record's keys found ahead (FoundKeys::at), if they were.
    const std::vector<std::string_view>& look_up(const CsvRecord& record, const std::int32_t* found = nullptr);
    /// Starts fetching the joined cells of a record some records ahead, whose keys were found
    /// ahead (a hint: nothing changes).
    void prefetch_cells(const std::int32_t* found) const;
    /// How many sources there are: FoundKeys holds as many keys per record.
    std::size_t source_count() const { return sources_.size(); }
    /// The index of the key of `record` in source `source` (-1: none). Only reads the join,
    /// once read() is done: FoundKeys calls it on the reading thread.
    std::int32_t find_key(std::size_t source, const CsvRecord& record, std::string& scratch) const;
    /// The record last given to look_up() became a scored row.
    void accepted();
    /// After the customer list: the counts of every source.
    std::vector<SourceCounts> counts(std::uint64_t customers) const;
    /// Writes, per source, the rows whose key matched no customer (atomically).
    void write_unmatched(const std::string& path) const;
    /// Puts the sources' rejects files in place.
    void commit_rejects();
    /// Where the value of `field` (a sourced one) of customer row `row` came from.
    std::string origin(std::size_t field, std::uint32_t row) const;

    struct Source;

private:
    const RuleSet& rules_;
    SourceOptions options_;
    std::vector<RejectedRow>& rejects_;
    RunObserver* observer_;
    std::vector<std::unique_ptr<Source>> sources_;
    std::vector<int> source_of_field_;   ///< per field of the rules: index into sources_, or -1
    std::vector<std::string_view> joined_;
    std::string look_up_scratch_;   ///< a customer's key normalised (reused: no allocation per record)
    /// Reads `source` (its key map first), telling `observer`; its bad rows go to its RejectSink.
    void read_source(Source& source, RunObserver* observer);
    void read_key_map(Source& source);
};

/// The customers' keys, found on the reading thread of a ReadAhead: normalising a key (a
/// `match_pattern` is a regex) and finding it in a source's index (three cache misses for a
/// million keys) ran on the caller's thread while the other one waited. The sources' indexes
/// are complete and only read by then.
class FoundKeys final : public RecordWork {
public:
    explicit FoundKeys(const SourceJoin& join, std::size_t batch_records = ReadAhead::default_batch_records);
    void on_record(const CsvRecord& record, std::size_t batch, std::size_t index) override;
    void skipped(std::size_t batch, std::size_t index) override { slots_[batch].is_found[index] = 0; }
    /// Per source, the key's index (-1: none); nullptr when they were left to the caller.
    const std::int32_t* at(RecordPlace place) const;

private:
    const SourceJoin& join_;
    std::size_t sources_;
    std::string scratch_;
    struct Slot {
        std::vector<std::int32_t> keys;         ///< batch_records × sources
        std::vector<std::uint8_t> is_found;     ///< per record
    };
    Slot slots_[ReadAhead::batches_in_flight];
};

}  // namespace kamscore
