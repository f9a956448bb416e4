#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kamscore/io/atomic_file.hpp"
#include "kamscore/io/csv_reader.hpp"
#include "kamscore/score/plan.hpp"
#include "kamscore/table/convert.hpp"

namespace kamscore {

class ProgressLine;

/// How bad rows are handled (DESIGN §7).
struct BadRowPolicy {
    bool skip = false;            ///< --skip-bad-rows: report and continue
    std::string rejects_path;     ///< --rejects FILE: original bytes of every bad record
    bool quiet = false;
};

/// Collects bad rows: by default the first 20 are kept for the final error; with skip, each
/// is reported on stderr at once and its original bytes go to the rejects file.
class RejectSink {
public:
    explicit RejectSink(BadRowPolicy policy);
    /// Starts the rejects file (if any) with the input's header record, so that it can be fixed
    /// and scored again; a byte-order mark first when the input was converted to UTF-8 or had
    /// one (it then overrides an `encoding:` of the rule file when the file is read back).
    void begin(std::string_view header_raw, bool with_byte_order_mark);
    void add(const Reject& reject);
    std::size_t count() const { return count_; }
    /// Without skip and with rejects: throws Error(BadData) listing them. Otherwise commits
    /// the rejects file.
    void finish();

private:
    BadRowPolicy policy_;
    std::unique_ptr<AtomicFile> rejects_file_;
    std::vector<std::string> first_messages_;
    std::size_t count_ = 0;
};

/// A report footer line, skipped: its line number and its text.
struct FooterLine {
    std::uint64_t line = 0;
    std::string text;
};

/// What one input file gave, for the notices and -v.
struct FileCounts {
    std::string name;
    std::string encoding;          ///< as CsvReader::encoding() says
    char delimiter = ',';
    std::uint64_t records = 0;     ///< records read, footer lines included
    std::uint64_t rejected = 0;
    std::vector<FooterLine> footer;
};

struct InputCounts {
    std::uint64_t records = 0;        ///< data records read (rows in), footer lines included
    std::uint64_t rejected = 0;
    std::uint64_t footer_lines = 0;   ///< report footer lines skipped
    bool two_threads = false;         ///< read by read_file_in_parallel
    std::vector<FileCounts> files;
};

/// Feeds one file's records to a TableBuilder, bad rows to `on_reject`. A report footer
/// (Salesforce's "Confidential Information - Do Not Distribute", copyright and "Generated
/// By" lines) is the run of records with a single field, when the header has more, that
/// ends a file: such records are held back until the next record shows they are not one.
/// Then they are bad rows, and so is a run of more than 20.
class RecordFeeder {
public:
    RecordFeeder(std::size_t header_fields, TableBuilder& builder, std::function<void(const Reject&)> on_reject);
    void add(const CsvRecord& record);
    /// At the end of the file: the records still held back, which are its footer.
    std::vector<FooterLine> finish();
    /// Records given to add().
    std::uint64_t records() const { return records_; }
    std::uint64_t rejected() const { return rejected_; }

private:
    void reject(const Reject& reject);
    void release_held(std::string_view why);

    bool may_have_footer_;
    TableBuilder& builder_;
    std::function<void(const Reject&)> on_reject_;
    Reject reject_;
    /// A one-field record held back while it may be a footer line.
    struct Held {
        FooterLine footer;
        std::string raw;
        std::uint64_t end_line = 0;
    };
    std::vector<Held> held_;
    bool is_long_run_ = false;
    std::uint64_t records_ = 0;
    std::uint64_t rejected_ = 0;
};

/// What read_inputs prints on stderr besides bad rows.
struct InputNotices {
    bool quiet = false;     ///< no report-footer notices
    bool verbose = false;   ///< per file: encoding, delimiter and counts
};

/// Reads every input file (in order; "-" is stdin) into the frame's field columns.
/// Headers of later files must bind like the first. Returns the counts. Report footers (see
/// RecordFeeder) are skipped with a notice per line (unless `notices.quiet`) and counted.
/// With `progress`, each reader publishes its rows and bytes to a counter of it.
InputCounts read_inputs(const std::vector<std::string>& paths, const CsvDialect& dialect,
                        const ScoringPlan& plan, TableBuilder& builder, RejectSink& rejects,
                        const InputNotices& notices = {}, ProgressLine* progress = nullptr);

/// The -v line accounting for every record read:
///   "rows in 1203 = rows scored 1190 + rows rejected 10 + report footer lines 3"
std::string describe_row_counts(const InputCounts& counts, std::uint64_t scored, std::uint64_t rejected);

/// The input encoding: --encoding when given (`option` non-empty), else the rule file's
/// (normalised by the loader). Throws Error(BadCommandLine) for an unknown --encoding.
TextEncoding input_encoding(const std::string& rule_file_encoding, const std::string& option);

/// Parses --max-record-size: bytes, or a number with K, M or G (KiB, MiB, GiB; "64M",
/// "1GiB"). Throws Error(BadCommandLine) for anything else, and for 0.
std::size_t parse_record_size(const std::string& text);

}  // namespace kamscore
