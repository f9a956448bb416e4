// Reading the inputs of a run: every record of every file into the frame's field columns,
// bad rows to a RejectSink, report footers skipped and counted.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kamscore/io/atomic_file.hpp"
#include "kamscore/io/csv_reader.hpp"
#include "kamscore/io/record_reader.hpp"
#include "kamscore/run/run.hpp"
#include "kamscore/score/plan.hpp"
#include "kamscore/score/table_builder.hpp"

namespace kamscore {

class SourceJoin;

/// Collects bad rows. Each goes to the run's reject list and, with a rejects file, its
/// original bytes there; with skip_bad_rows the observer hears of it at once.
class RejectSink {
public:
    RejectSink(const RunRequest& request, std::vector<RejectedRow>& rejects, RunObserver* observer);
    RejectSink(bool skip_bad_rows, std::string rejects_path, std::vector<RejectedRow>& rejects, RunObserver* observer);
    /// Starts the rejects file (if any) with the input's header record, so that it can be fixed
    /// and scored again; a byte-order mark first when the input was converted to UTF-8 or had
    /// one (it then overrides an `encoding:` of the rule file when the file is read back).
    void begin(std::string_view header_raw, bool with_byte_order_mark);
    void add(const Reject& reject);
    std::size_t count() const { return rejects_.size(); }
    /// Without skip_bad_rows and with bad rows: commits the rejects file (if any), then throws
    /// Error(BadData) listing the first bad rows and naming the rejects file.
    void check();
    /// Puts the rejects file (if any) in place. After a skip_bad_rows run only once the run has
    /// passed its guards, so that a run that fails them leaves none.
    void commit();
    /// Named in check()'s message too: where the secondary sources' bad rows went.
    void also_written_to(std::string paths) { other_paths_ = std::move(paths); }

private:
    std::string other_paths_;
    bool skip_;
    std::string rejects_path_;
    std::vector<RejectedRow>& rejects_;
    RunObserver* observer_;
    std::unique_ptr<AtomicFile> rejects_file_;
};

/// A report footer line, skipped: its line number and its text.
struct FooterLine {
    std::uint64_t line = 0;
    std::string text;
};

/// True for a record that holds no data: every field empty or spaces and tabs, as in the
/// `;;;;;` lines Excel writes for rows that once held values. A lone quoted empty field (`""`)
/// is not one: Salesforce writes those inside its report footer.
bool is_blank_record(const CsvRecord& record);

/// Feeds one file's records to a TableBuilder, bad rows to `on_reject`. Blank records (see
/// is_blank_record), wherever they are in the file, are skipped and counted. A report footer
/// (Salesforce's "Confidential Information - Do Not Distribute", copyright and "Generated
/// By" lines) is the run of records with a single field, when the header has more, that
/// ends a file: such records are held back until the next record shows they are not one.
/// Then they are bad rows, and so is a run of more than 20.
class RecordFeeder {
public:
    /// With `join`, each record gets its joined cells from the secondary sources.
    RecordFeeder(std::size_t header_fields, TableBuilder& builder, std::function<void(const Reject&)> on_reject,
                 SourceJoin* join = nullptr);
    /// `prepared`: the record's cells read ahead (see PreparedCells), if they were;
    /// `found_keys`: its keys in the secondary sources found ahead (see FoundKeys), if they were.
    void add(const CsvRecord& record, PreparedRecord prepared = {}, const std::int32_t* found_keys = nullptr);
    /// At the end of the file: the records still held back, which are its footer.
    std::vector<FooterLine> finish();
    /// Records given to add().
    std::uint64_t records() const { return records_; }
    std::uint64_t rejected() const { return rejected_; }
    /// Blank records skipped (they are among records()).
    std::uint64_t blank_lines() const { return blank_lines_; }

private:
    void reject(const Reject& reject);
    void release_held(std::string_view why);
    bool add_row(const CsvRecord& record, PreparedRecord prepared, const std::int32_t* found_keys);

    bool may_have_footer_;
    TableBuilder& builder_;
    std::function<void(const Reject&)> on_reject_;
    SourceJoin* join_;
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
    std::uint64_t blank_lines_ = 0;
};

/// Opens a source of the request: its file, or its bytes in memory.
std::unique_ptr<ByteSource> open_input(const InputSource& source);

/// Opens the records of a source: a CSV file, or a sheet of an .xlsx/.xlsm workbook (by its
/// content; see open_record_reader). The one way every data file of a run is read: the
/// customer list, the secondary sources and their key maps. `hashing`, when given, gets a
/// source that hashes a CSV file's bytes as the reader reads them (the reader owns it), for
/// the provenance record.
std::unique_ptr<RecordReader> open_records(const InputSource& source, const CsvDialect& dialect,
                                           const WorkbookOptions& workbook = {},
                                           HashingByteSource** hashing = nullptr);

/// A side file of the run (previous results, overrides) decoded to UTF-8. The declared encoding
/// describes the CRM export, but kamscore writes its own results in UTF-8, and an overrides
/// file may come from either world: a file that is valid UTF-8 is read as UTF-8, any other in
/// the declared encoding (a byte-order mark wins over both). Text that is valid in neither
/// throws InvalidTextError when read.
std::unique_ptr<ByteSource> open_side_file(const InputSource& source, TextEncoding declared);

/// Reads every input (in order) into the frame's field columns. Headers of later files must
/// bind like the first. Report footers (see RecordFeeder) are skipped, each with a warning
/// line, and counted. With `max_rows`, at most that many records are read from each file.
/// `delimiter_origin` says where a given delimiter comes from ("--delimiter", "delimiter:"),
/// empty when it is detected: a given one that leaves the header one column where another
/// splits it is named in the error, with the one that fits. With `hash_inputs` every file's
/// bytes are hashed as they are read (FileCounts::digest; a workbook's file is hashed after
/// its sheet was read, as libzip reads it by random access). With `read_ahead`, a file read to
/// its end has its records split and its cells read on a second thread (see reads_ahead()).
InputCounts read_inputs(const std::vector<InputSource>& inputs, const CsvDialect& dialect,
                        const WorkbookOptions& workbook, const ScoringPlan& plan, TableBuilder& builder,
                        RejectSink& rejects, std::optional<std::uint64_t> max_rows,
                        const std::function<void(const std::string&)>& warn, RunObserver* observer,
                        std::string_view delimiter_origin = {}, bool hash_inputs = false,
                        SourceJoin* join = nullptr, bool read_ahead = false);

}  // namespace kamscore
