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
    /// compile against the source's columns), IoFailure.
    void read();
    /// Binds a file of the customer list: the columns the sources' keys match.
    void bind_customers(const std::vector<std::string>& header, const std::string& name);
    /// The joined cells of a customer record, parallel to the rules' fields (a blank view for
    /// the fields of the customer list and for missing values). Valid until the next call.
    const std::vector<std::string_view>& look_up(const CsvRecord& record);
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
    void read_source(Source& source);
};

}  // namespace kamscore
