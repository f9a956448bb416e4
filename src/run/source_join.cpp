#include "run/source_join.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <glob.h>
#include <limits>
#include <unordered_map>

#include <fmt/format.h>

#include "kamscore/io/read_ahead.hpp"
#include "kamscore/error.hpp"
#include "kamscore/io/atomic_file.hpp"
#include "kamscore/table/column_name.hpp"
#include "kamscore/table/id_index.hpp"
#include "kamscore/text_arena.hpp"
#include "kamscore/table/join_key.hpp"
#include "kamscore/table/parse_value.hpp"
#include "kamscore/row_ranges.hpp"
#include "run/held_back_observer.hpp"
#include "run/read_inputs.hpp"

namespace kamscore {

std::string path_for_source(const std::string& path, const std::string& name) {
    const std::filesystem::path given(path);
    const std::string extension = given.extension().string();
    if (extension.empty() || given.stem().empty()) return fmt::format("{}.{}", path, name);
    return fmt::format("{}.{}{}", path.substr(0, path.size() - extension.size()), name, extension);
}

namespace {

constexpr std::size_t sample_records = 1000;   // the rows column types are inferred from
constexpr std::size_t batch_rows = 4096;
constexpr std::size_t shown_lines = 10;        // lines listed by explain per field

bool is_name(std::string_view text) {
    if (text.empty() || (text.front() >= '0' && text.front() <= '9')) return false;
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
               static_cast<unsigned char>(c) >= 0x80;
    });
}

/// A record copied out of the reader (the sample read before the column types are known).
struct OwnedRecord {
    std::vector<std::string> fields;
    std::string raw, problem;
    std::uint64_t line = 0;
};

/// Per key and field: what the rows so far add up to. A million keys of two fields hold two
/// million of these, fetched at random: the text a `value:`, `first:` or `last:` text field
/// keeps lives beside them (Source::kept_texts), 32 bytes less here for every other field.
struct Accumulator {
    double sum = 0;
    double low = std::numeric_limits<double>::infinity();
    double high = -std::numeric_limits<double>::infinity();
    std::uint64_t values = 0;   ///< rows with a value
    std::uint64_t rows = 0;     ///< rows that passed the field's filters
    std::uint64_t hits = 0;     ///< count_if / share_if: rows for which the condition holds
    double order = missing_number;   ///< first/last by a date: the date of the value kept
    double number = missing_number;  ///< first/last/value: the value kept (number, date)
    Bool3 flag = bool_missing;
};

struct RowRef {
    std::uint32_t file = 0;
    std::uint64_t line = 0;
    std::uint64_t fields = 0;   ///< bit i: the source's field i (i < 64) took the row (where, pivot)
};

constexpr std::size_t tracked_fields = 64;

}  // namespace

struct SourceJoin::Source {
    const SourceSpec* spec = nullptr;
    KeyNormalizer normalizer;
    std::unordered_map<std::string, std::string> key_map;   ///< map: old -> new (normalised)
    struct Field {
        std::size_t index = 0;            ///< into the rules' fields
        const FieldSpec* spec = nullptr;
        int column = -1, order_column = -1, pivot_column = -1;
        std::optional<expr::Program> where, condition;
        Column where_out{Type::Bool}, condition_out{Type::Bool};
        std::vector<double> numbers;      ///< per batch row
        std::vector<Bool3> flags;
        std::vector<std::string_view> texts;
        std::vector<double> orders;
    };
    std::vector<Field> fields;
    std::vector<std::string> header;
    std::string header_raw;
    bool header_bom = false;
    int key_column = -1;
    std::optional<expr::Program> where;
    Column where_out{Type::Bool};
    Frame frame;                          ///< a batch of rows: the columns expressions read
    std::vector<int> slot_of_column;      ///< per header column: its frame slot, or -1
    std::vector<std::size_t> column_of_slot;   ///< per frame slot: its header column
    std::vector<int> read_slots;          ///< slots some expression reads
    char decimal = '.';
    // The batch.
    struct Pending {
        std::string key;                  ///< normalised ("" with a problem)
        std::string raw, problem;
        std::uint64_t line = 0;
    };
    std::vector<Pending> pending;
    // Per key.
    // An open-addressing index over `keys` (a million keys: std's node-based map took a
    // third of the three-source job in cache misses); the key bytes live in key_text.
    IdIndex key_index;
    std::vector<std::string_view> keys;
    TextArena key_text;
    std::vector<Accumulator> accumulators;   ///< key * fields.size() + field
    bool keeps_texts = false;                ///< some text field keeps a value (value, first, last)
    std::vector<std::string> kept_texts;     ///< as accumulators, when keeps_texts
    std::vector<std::uint64_t> rows_of_key;
    std::vector<std::uint64_t> first_line_of_key;
    std::vector<std::uint32_t> first_file_of_key;
    std::vector<std::vector<RowRef>> lines_of_key;
    std::vector<std::uint8_t> matched;
    std::vector<std::string> cells;          ///< key * fields.size() + field, after reading
    // The customer list.
    int match_column = -1;
    std::int64_t current = -1;               ///< the key of the record last looked up
    std::vector<std::int32_t> key_of_row;    ///< per scored customer (with keep_lines)
    std::uint64_t customers_without_rows = 0;
    SourceCounts counts;
    std::unique_ptr<RejectSink> rejects;
    /// The bad rows of a source read on the second thread (read()), until they join the run's.
    std::vector<RejectedRow> rejects_of_its_own;

    explicit Source(const SourceSpec& s) : spec(&s), normalizer(s.normalize) {}
};

SourceJoin::SourceJoin(const RuleSet& rules, SourceOptions options, std::vector<RejectedRow>& rejects,
                       RunObserver* observer)
    : rules_(rules), options_(std::move(options)), rejects_(rejects), observer_(observer) {
    source_of_field_.assign(rules.fields.size(), -1);
    joined_.assign(rules.fields.size(), std::string_view());
    for (const SourceSpec& spec : rules.sources) {
        auto source = std::make_unique<Source>(spec);
        for (std::size_t f = 0; f < rules.fields.size(); ++f) {
            if (rules.fields[f].source != spec.name) continue;
            source_of_field_[f] = static_cast<int>(sources_.size());
            Source::Field field;
            field.index = f;
            field.spec = &rules.fields[f];
            const SourceAggregate aggregate = field.spec->source_aggregate;
            if (field.spec->type == Type::Text && (aggregate == SourceAggregate::Value || aggregate == SourceAggregate::First ||
                                                   aggregate == SourceAggregate::Last))
                source->keeps_texts = true;   // the others of a text field count rows
            source->fields.push_back(std::move(field));
        }
        source->counts.name = spec.name;
        source->decimal = spec.decimal.value_or(rules.input.decimal);
        sources_.push_back(std::move(source));
    }
}

SourceJoin::~SourceJoin() = default;

namespace {

std::string resolve_path(const std::string& directory, const std::string& path) {
    if (path == "-" || directory.empty() || std::filesystem::path(path).is_absolute()) return path;
    return (std::filesystem::path(directory) / path).lexically_normal().string();
}

/// The files of a `file:` pattern, sorted; a pattern without wildcards is the file itself.
std::vector<std::string> expand_files(const std::string& pattern, const std::string& source_name) {
    if (pattern.find_first_of("*?[") == std::string::npos) return {pattern};
    glob_t found{};
    const int status = ::glob(pattern.c_str(), 0, nullptr, &found);
    std::vector<std::string> files;
    for (std::size_t i = 0; status == 0 && i < found.gl_pathc; ++i) files.emplace_back(found.gl_pathv[i]);
    ::globfree(&found);
    if (files.empty())
        throw Error(ExitCode::IoFailure, fmt::format("source '{}': no file matches '{}'", source_name, pattern));
    std::sort(files.begin(), files.end());
    return files;
}

Type infer_type(const std::vector<OwnedRecord>& sample, std::size_t column, char decimal) {
    bool numbers = true, dates = true, any = false;
    for (const OwnedRecord& record : sample) {
        if (!record.problem.empty() || column >= record.fields.size() || is_blank(record.fields[column])) continue;
        any = true;
        const std::string_view cell = trim_spaces_and_tabs(record.fields[column]);
        numbers = numbers && parse_number(cell, NumberFormat{decimal}).has_value();
        dates = dates && parse_date(cell).has_value();
        if (!numbers && !dates) break;
    }
    if (!any) return Type::Text;
    if (numbers) return Type::Number;
    return dates ? Type::Date : Type::Text;
}

std::string shown_cell(std::string_view cell) {
    std::string shown(cell.substr(0, 40));
    return fmt::format("\"{}{}\"", shown, cell.size() > 40 ? "..." : "");
}

}  // namespace

void SourceJoin::read() {
    // Reading a source is bound by the thread that aggregates its rows (its reading thread idles
    // two thirds of the time), so with two threads the first source is read here while the
    // others are read on a second thread; what those tell is held back and told after the
    // first's. Three-source job: the ERP (3M lines) and the NPS (2M) 2.6 -> 1.6 s.
    const bool at_once = options_.read_ahead && sources_.size() >= 2;
    HeldBackObserver later_observer(observer_, false);
    for (std::size_t s = 0; s < sources_.size(); ++s) {
        auto& source = sources_[s];
        const std::string& name = source->spec->name;
        std::string rejects_path;
        if (!options_.rejects_path.empty()) rejects_path = path_for_source(options_.rejects_path, name);
        const bool later = at_once && s > 0;
        source->rejects = std::make_unique<RejectSink>(options_.skip_bad_rows, rejects_path,
                                                       later ? source->rejects_of_its_own : rejects_,
                                                       later ? &later_observer : observer_);
        if (!at_once) read_source(*source, observer_);
    }
    if (!at_once) return;
    // The first source's error wins (run_both waits for the second thread, then rethrows it);
    // the others' is told after what they told before it, as one thread would have.
    std::exception_ptr later_failed;
    run_both([&] { read_source(*sources_.front(), observer_); },
             [&] {
                 try {
                     for (std::size_t s = 1; s < sources_.size(); ++s) read_source(*sources_[s], &later_observer);
                 } catch (...) {
                     later_failed = std::current_exception();
                 }
             });
    for (std::size_t s = 1; s < sources_.size(); ++s) {
        auto& own = sources_[s]->rejects_of_its_own;
        rejects_.insert(rejects_.end(), own.begin(), own.end());
    }
    later_observer.replay();
    if (later_failed) std::rethrow_exception(later_failed);
}

void SourceJoin::read_key_map(Source& source) {
    if (source.spec->map_file.empty()) return;
    const std::string& name = source.spec->name;
    const std::string path = resolve_path(options_.rules_directory, source.spec->map_file);
    CsvDialect dialect = options_.input_dialect;
    dialect.delimiter = 0;
    dialect.invalid_utf8 = InvalidUtf8::Stop;
    auto reader = open_records(InputSource::file(path), dialect);
    if (reader->header().size() < 2)
        throw Error(ExitCode::BadData,
                    fmt::format("the key map of source '{}' needs two columns, the old key and the new one", name),
                    ErrorLocation{path, 1});
    CsvRecord record;
    std::string scratch_old, scratch_new;
    while (reader->next(record)) {
        if (is_blank_record(record)) continue;
        if (!record.problem.empty() || record.fields.size() < 2)
            throw Error(ExitCode::BadData,
                        fmt::format("{}: expected two columns, the old key and the new one", record.problem),
                        ErrorLocation{path, record.line});
        // Old keys as the source writes them (the pattern applies), or already normalised;
        // new keys as the customer list writes them.
        auto from = source.normalizer.normalize(record.fields[0], scratch_old);
        if (!from) from = source.normalizer.normalize(record.fields[0], scratch_old, false);
        const auto to = source.normalizer.normalize(record.fields[1], scratch_new, false);
        if (from && to) source.key_map.emplace(std::string(*from), std::string(*to));
    }
}

void SourceJoin::read_source(Source& source, RunObserver* observer) {
    read_key_map(source);
    const SourceSpec& spec = *source.spec;
    // The file: --source NAME=FILE, else a text given by a test, else `file:`.
    std::vector<InputSource> inputs;
    std::string pattern = spec.file;
    bool from_command_line = false;
    for (const auto& [name, file] : options_.file_overrides)
        if (name == spec.name) {
            pattern = file;
            from_command_line = true;
        }
    for (const auto& [name, bytes] : options_.texts)
        if (name == spec.name && !from_command_line) inputs.push_back(InputSource::text(name + ".csv", bytes));
    if (inputs.empty()) {
        if (pattern.empty())
            throw Error(ExitCode::BadCommandLine,
                        fmt::format("source '{}' has no file: give 'file:' under it in {}, or --source {}=FILE",
                                    spec.name, rules_.path, spec.name));
        // Relative to the rule file, so that a cron job finds them from any directory; a
        // --source given on the command line is relative to the current directory, as paths there are.
        const std::string resolved = from_command_line ? pattern : resolve_path(options_.rules_directory, pattern);
        for (const std::string& file : expand_files(resolved, spec.name)) inputs.push_back(InputSource::file(file));
    }

    CsvDialect dialect = options_.input_dialect;
    dialect.delimiter = spec.delimiter.value_or(0);
    if (spec.encoding) dialect.encoding = text_encoding_from_name(*spec.encoding).value_or(TextEncoding::Utf8);

    CsvRecord record;
    for (std::size_t file = 0; file < inputs.size(); ++file) {
        const InputSource& input = inputs[file];
        auto reader = open_records(input, dialect);
        source.counts.files.push_back(input.name);
        ReadCounter* counter = observer ? observer->reading(input.name, std::nullopt) : nullptr;
        if (file == 0) {
            source.header = reader->header();
            source.header_raw = reader->header_raw();
            source.header_bom = reader->is_converted() || reader->has_byte_order_mark();
            source.rejects->begin(source.header_raw, source.header_bom);
            std::vector<std::string> missing;
            const auto bind = [&](const std::string& column, const std::string& needed_by) {
                const int index = find_column(source.header, column);
                if (index < 0)
                    missing.push_back(fmt::format("{}: column '{}' is not in {} (source '{}'; {})", needed_by, column,
                                                  input.name, spec.name, closest_headers(source.header, column)));
                return index;
            };
            source.key_column = bind(spec.key_column, fmt::format("'key' of source '{}'", spec.name));
            for (Source::Field& field : source.fields) {
                const std::string who = fmt::format("field {}", field.spec->name);
                if (!field.spec->column.empty()) field.column = bind(field.spec->column, who);
                if (!field.spec->order_by.empty()) field.order_column = bind(field.spec->order_by, who + " ('by')");
                if (!field.spec->pivot_column.empty())
                    field.pivot_column = bind(field.spec->pivot_column, who + " ('pivot')");
            }
            if (!missing.empty()) {
                std::string details;
                for (const auto& line : missing) details += format_error(Error(ExitCode::BadData, line));
                throw Error(ExitCode::BadData, "", {}, details);
            }
        } else if (reader->header() != source.header) {
            throw Error(ExitCode::BadData,
                        fmt::format("{} has another header than {}: the files of source '{}' must have the same "
                                    "columns",
                                    input.name, inputs.front().name, spec.name));
        }
        const std::size_t header_size = source.header.size();

        // The rows of one batch: checked and typed, then filtered and aggregated together.
        std::vector<OwnedRecord> sample;
        std::vector<std::uint64_t> hashes;
        const auto flush = [&] {
            const std::size_t n = source.pending.size();
            if (n == 0) return;
            source.frame.rows = n;
            TextArena scratch_texts;
            const auto run = [&](const std::optional<expr::Program>& program, Column& out) {
                if (!program) return;
                out = Column(Type::Bool);
                out.resize(n);
                program->run(source.frame, 0, n, out, scratch_texts);
            };
            run(source.where, source.where_out);
            for (Source::Field& field : source.fields) {
                run(field.where, field.where_out);
                run(field.condition, field.condition_out);
            }
            const std::size_t width = source.fields.size();
            // A million keys do not fit the cache, and a lookup and its aggregation wait for
            // memory four times (the slot, the key's view, its bytes, its accumulators). So the
            // batch's keys are hashed first, and each one's memory is fetched in steps, some rows
            // before its lookup: the slot, then what the row in that slot points to (most often
            // the key's own row), then the key's bytes.
            constexpr std::size_t slot_distance = 16, row_distance = 10, bytes_distance = 5;
            hashes.resize(n);
            for (std::size_t r = 0; r < n; ++r) hashes[r] = IdIndex::hash(source.pending[r].key);
            const auto guessed_row = [&](std::size_t r) -> std::optional<std::uint32_t> {
                const auto row = source.key_index.home_row(hashes[r]);
                if (row && *row < source.keys.size()) return row;
                return std::nullopt;
            };
            for (std::size_t r = 0; r < n; ++r) {
                if (r + slot_distance < n) source.key_index.prefetch(hashes[r + slot_distance]);
                if (r + row_distance < n)
                    if (const auto row = guessed_row(r + row_distance)) {
                        __builtin_prefetch(&source.keys[*row]);
                        __builtin_prefetch(&source.rows_of_key[*row]);
                        const Accumulator* accumulators = &source.accumulators[std::size_t{*row} * width];
                        for (std::size_t i = 0; i < width; ++i) __builtin_prefetch(&accumulators[i].rows);
                    }
                if (r + bytes_distance < n)
                    if (const auto row = guessed_row(r + bytes_distance)) __builtin_prefetch(source.keys[*row].data());
                Source::Pending& row = source.pending[r];
                const auto reject = [&](std::string id, std::string message) {
                    source.rejects->add(Reject{input.name, row.line, std::move(id), std::move(message), row.raw});
                };
                if (!row.problem.empty()) {
                    reject("", fmt::format("source '{}': {}", spec.name, row.problem));
                    ++source.counts.rejected;
                    continue;
                }
                if (source.where && source.where_out.bools[r] != bool_true) {
                    ++source.counts.filtered;
                    continue;
                }
                source.key_index.prepare(hashes[r]);
                const auto known = source.key_index.find_or_add(row.key, hashes[r],
                                                                static_cast<std::uint32_t>(source.keys.size()), source.keys);
                const bool added = !known;
                const std::uint32_t key = known ? *known : static_cast<std::uint32_t>(source.keys.size());
                if (added) {
                    source.keys.push_back(source.key_text.store(row.key));
                    source.rows_of_key.push_back(0);
                    source.first_line_of_key.push_back(row.line);
                    source.first_file_of_key.push_back(static_cast<std::uint32_t>(file));
                    source.accumulators.resize(source.accumulators.size() + width);
                    if (source.keeps_texts) source.kept_texts.resize(source.kept_texts.size() + width);
                    if (options_.keep_lines) source.lines_of_key.emplace_back();
                } else if (!spec.many_rows) {
                    const std::uint32_t first_file = source.first_file_of_key[key];
                    reject(row.key, fmt::format("source '{}': duplicate key \"{}\" (first seen {}line {}; the source "
                                                "has 'rows: one')",
                                                spec.name, row.key,
                                                first_file == file ? "on " : fmt::format("in {} ", inputs[first_file].name),
                                                source.first_line_of_key[key]));
                    ++source.counts.rejected;
                    continue;
                }
                ++source.rows_of_key[key];
                ++source.counts.used;
                RowRef* ref = nullptr;
                if (options_.keep_lines) {
                    source.lines_of_key[key].push_back({static_cast<std::uint32_t>(file), row.line, 0});
                    ref = &source.lines_of_key[key].back();
                }
                for (std::size_t i = 0; i < width; ++i) {
                    Source::Field& field = source.fields[i];
                    if (field.where && field.where_out.bools[r] != bool_true) continue;
                    // -inf marks a row of another pivot value (see add): not this field's row.
                    if (field.numbers[r] == -std::numeric_limits<double>::infinity()) continue;
                    Accumulator& acc = source.accumulators[static_cast<std::size_t>(key) * width + i];
                    if (ref && i < tracked_fields) ref->fields |= std::uint64_t{1} << i;
                    ++acc.rows;
                    if (field.condition && field.condition_out.bools[r] == bool_true) ++acc.hits;
                    const double number = field.numbers[r];
                    const bool has_value = field.spec->type == Type::Text   ? field.texts[r].data() != nullptr
                                           : field.spec->type == Type::Bool ? field.flags[r] != bool_missing
                                                                            : !std::isnan(number);
                    if (!has_value) continue;
                    switch (field.spec->source_aggregate) {
                    case SourceAggregate::Sum:
                    case SourceAggregate::Mean:
                    case SourceAggregate::Min:
                    case SourceAggregate::Max:
                        acc.sum += number;
                        acc.low = std::min(acc.low, number);
                        acc.high = std::max(acc.high, number);
                        break;
                    case SourceAggregate::Value:
                    case SourceAggregate::First:
                    case SourceAggregate::Last: {
                        const bool first = field.spec->source_aggregate != SourceAggregate::Last;
                        bool take = acc.values == 0 || !first;
                        if (field.order_column >= 0) {
                            const double order = field.orders[r];
                            if (std::isnan(order)) continue;   // rows without a date cannot be ordered
                            take = std::isnan(acc.order) || (first ? order < acc.order : order >= acc.order);
                            if (take) acc.order = order;
                        }
                        if (take) {
                            acc.number = number;
                            acc.flag = field.flags[r];
                            if (field.spec->type == Type::Text)
                                source.kept_texts[static_cast<std::size_t>(key) * width + i].assign(field.texts[r]);
                        }
                        break;
                    }
                    case SourceAggregate::Count:
                    case SourceAggregate::CountIf:
                    case SourceAggregate::ShareIf: break;
                    }
                    ++acc.values;
                }
            }
            source.pending.clear();
            source.frame.arena.clear();
            for (Column& column : source.frame.columns) column.resize(0);
            for (Source::Field& field : source.fields) {
                field.numbers.clear();
                field.flags.clear();
                field.texts.clear();
                field.orders.clear();
            }
        };
        // Checks and types one record into the batch.
        const auto add = [&](const CsvRecord& rec) {
            ++source.counts.records;
            if (is_blank_record(rec)) {
                ++source.counts.blank_lines;
                return;
            }
            Source::Pending row;
            row.line = rec.line;
            std::string problem = rec.problem;
            if (problem.empty() && rec.fields.size() != header_size)
                problem = fmt::format("has {} fields, the header has {}", rec.fields.size(), header_size);
            if (problem.empty()) {
                std::string scratch;
                const auto key = source.normalizer.normalize(rec.fields[source.key_column], scratch);
                if (!key) {
                    problem = is_blank(rec.fields[source.key_column])
                                  ? fmt::format("column \"{}\": the key is empty", spec.key_column)
                                  : fmt::format("column \"{}\": the key {} does not match the pattern '{}'",
                                                spec.key_column, shown_cell(rec.fields[source.key_column]),
                                                spec.normalize.pattern);
                } else {
                    row.key.assign(*key);
                    if (!source.key_map.empty())
                        if (auto mapped = source.key_map.find(row.key); mapped != source.key_map.end())
                            row.key = mapped->second;
                }
            }
            const std::size_t r = source.pending.size();
            // The columns expressions read, typed.
            for (int slot : source.read_slots) {
                Column& column = source.frame.columns[slot];
                column.resize(r + 1);
                if (!problem.empty()) continue;
                const std::size_t c = source.column_of_slot[static_cast<std::size_t>(slot)];
                const std::string_view cell = trim_spaces_and_tabs(rec.fields[c]);
                if (cell.empty() || is_missing_word(cell, rules_.input.missing_words)) continue;
                switch (column.type) {
                case Type::Number:
                case Type::Date: {
                    const auto value = column.type == Type::Number ? parse_number(cell, NumberFormat{source.decimal})
                                                                   : parse_date(cell);
                    if (value) column.numbers[r] = *value;
                    else problem = fmt::format("column \"{}\": {} is not a {}", source.header[c], shown_cell(cell),
                                               column.type == Type::Number ? "number" : "date");
                    break;
                }
                case Type::Bool:
                    if (auto flag = parse_bool(cell, BoolWords{})) column.bools[r] = *flag ? bool_true : bool_false;
                    else problem = fmt::format("column \"{}\": {} is not a yes/no value", source.header[c], shown_cell(cell));
                    break;
                case Type::Text: column.texts[r] = source.frame.arena.store(cell); break;
                }
            }
            // The columns fields aggregate, typed by the field.
            for (Source::Field& field : source.fields) {
                field.numbers.push_back(missing_number);
                field.flags.push_back(bool_missing);
                field.texts.emplace_back();
                field.orders.push_back(missing_number);
                if (!problem.empty()) continue;
                const FieldSpec& fs = *field.spec;
                if (field.pivot_column >= 0 && trim_spaces_and_tabs(rec.fields[field.pivot_column]) != fs.pivot_value) {
                    field.numbers.back() = -std::numeric_limits<double>::infinity();   // not this field's rows
                    continue;
                }
                if (field.order_column >= 0) {
                    const std::string_view cell = trim_spaces_and_tabs(rec.fields[field.order_column]);
                    if (!cell.empty()) {
                        if (auto date = parse_date(cell)) field.orders.back() = *date;
                        else problem = fmt::format("column \"{}\": {} is not a date (2024-12-31 or 31.12.2024)",
                                                   fs.order_by, shown_cell(cell));
                    }
                }
                if (field.column < 0) continue;
                const std::string_view cell = trim_spaces_and_tabs(rec.fields[field.column]);
                const std::vector<std::string>& words = fs.missing_words ? *fs.missing_words : rules_.input.missing_words;
                if (cell.empty() || (!words.empty() && is_missing_word(cell, words))) continue;
                std::string bad;
                switch (fs.type) {
                case Type::Number:
                    if (auto number = parse_number(cell, NumberFormat{source.decimal})) field.numbers.back() = *number;
                    else bad = fmt::format("column \"{}\": {} is not a number", fs.column, shown_cell(cell));
                    break;
                case Type::Date:
                    if (auto date = parse_date(cell, fs.date_format)) field.numbers.back() = *date;
                    else bad = fmt::format("column \"{}\": {} is not a date", fs.column, shown_cell(cell));
                    break;
                case Type::Bool:
                    if (auto flag = parse_bool(cell, fs.bool_words)) field.flags.back() = *flag ? bool_true : bool_false;
                    else bad = fmt::format("column \"{}\": {} is not a yes/no value", fs.column, shown_cell(cell));
                    break;
                case Type::Text: field.texts.back() = source.frame.arena.store(cell); break;
                }
                if (bad.empty()) continue;
                if (fs.invalid == InvalidPolicy::Error)
                    throw Error(ExitCode::BadData,
                                fmt::format("source '{}': {}; field '{}' has 'invalid: error', so the run stops", spec.name,
                                            bad, fs.name),
                                ErrorLocation{input.name, rec.line});
                if (fs.invalid == InvalidPolicy::Reject) problem = std::move(bad);
            }
            // The original bytes only where a reject may need them: a bad row, or a key that may
            // repeat in a `rows: one` source (found when the batch is aggregated).
            if (!problem.empty() || !spec.many_rows) row.raw.assign(rec.raw);
            row.problem = std::move(problem);
            source.pending.push_back(std::move(row));
            if (source.pending.size() == batch_rows) flush();
        };

        // The first file's first records fix the types of the columns expressions read.
        if (file == 0) {
            while (sample.size() < sample_records && reader->next(record)) {
                OwnedRecord owned;
                for (std::string_view field : record.fields) owned.fields.emplace_back(field);
                owned.raw.assign(record.raw);
                owned.problem = record.problem;
                owned.line = record.line;
                sample.push_back(std::move(owned));
            }
            expr::Scope scope;
            source.slot_of_column.assign(header_size, -1);
            for (std::size_t c = 0; c < header_size; ++c) {
                if (!is_name(source.header[c])) continue;
                Type type = infer_type(sample, c, source.decimal);
                for (const auto& [column, declared] : spec.types)
                    if (same_column_name(column, source.header[c])) type = declared;
                const int slot = source.frame.add_column(source.header[c], type);
                source.slot_of_column[c] = slot;
                source.column_of_slot.resize(static_cast<std::size_t>(slot) + 1);
                source.column_of_slot[static_cast<std::size_t>(slot)] = c;
                scope.add_slot(source.header[c], type, slot);
            }
            for (const auto& [column, declared] : spec.types)
                if (find_column(source.header, column) < 0)
                    throw Error(ExitCode::BadData,
                                fmt::format("'types' of source '{}' names column '{}', which is not in {} ({})",
                                            spec.name, column, input.name, closest_headers(source.header, column)));
            std::vector<Diagnostic> errors;
            const auto compile = [&](const ExpressionText& text) -> std::optional<expr::Program> {
                expr::CompileResult result = expr::compile(text.text, scope, Type::Bool, options_.compile_options);
                for (const expr::CompileError& error : result.errors)
                    errors.push_back(diagnostic_in_expression(
                        text, error.offset, error.length,
                        fmt::format("{} (an expression over the columns of source '{}'; their types are inferred "
                                    "from the first rows, or declared under its 'types:')",
                                    error.message, spec.name)));
                if (result.program)
                    for (int slot : result.program->slots_read())
                        if (std::find(source.read_slots.begin(), source.read_slots.end(), slot) == source.read_slots.end())
                            source.read_slots.push_back(slot);
                return std::move(result.program);
            };
            if (spec.where) source.where = compile(*spec.where);
            for (Source::Field& field : source.fields) {
                if (field.spec->where) field.where = compile(*field.spec->where);
                if (field.spec->condition) field.condition = compile(*field.spec->condition);
            }
            if (!errors.empty())
                throw Error(ExitCode::BadRules, "", {}, format_diagnostics(errors, rules_.path));
            for (const OwnedRecord& owned : sample) {
                record.fields.assign(owned.fields.begin(), owned.fields.end());
                record.raw = owned.raw;
                record.problem = owned.problem;
                record.line = owned.line;
                add(record);
            }
            if (counter) counter->publish(source.counts.records, reader->bytes_read());
        }
        std::uint64_t records = 0;
        if (options_.read_ahead && reader->input_size()) {
            // A file (not a pipe, whose read could block the stop): split on the second core.
            // A source's lines are short (about 40 bytes an ERP line): in batches of the default
            // 1,024 records, 3 million lines were 3,000 hand-overs, each waking the other
            // thread (a tenth of the ERP's time in futex calls). The batch's byte cap still
            // bounds the memory.
            constexpr std::size_t source_batch_records = 4096;
            ReadAhead ahead(*reader, nullptr, source_batch_records);
            while (ahead.next(record)) {
                add(record);
                if (counter) counter->tick(++records, [&] { return ahead.bytes_read(); });
            }
        } else {
            while (reader->next(record)) {
                add(record);
                if (counter) counter->tick(++records, [&] { return reader->bytes_read(); });
            }
        }
        flush();
        if (counter) counter->publish(records, reader->bytes_read());
    }

    // One cell per key and field, as the TableBuilder reads them: numbers with '.', ISO dates.
    const std::size_t width = source.fields.size();
    source.cells.assign(source.keys.size() * width, std::string());
    for (std::size_t key = 0; key < source.keys.size(); ++key) {
        for (std::size_t i = 0; i < width; ++i) {
            const Source::Field& field = source.fields[i];
            const Accumulator& acc = source.accumulators[key * width + i];
            std::string& cell = source.cells[key * width + i];
            const auto number = [&](double value) { cell = fmt::format("{}", value); };
            const auto value = [&](double value) {
                if (field.spec->type == Type::Date) cell = format_date(value);
                else number(value);
            };
            switch (field.spec->source_aggregate) {
            case SourceAggregate::Sum: if (acc.values) number(acc.sum); break;
            case SourceAggregate::Mean: if (acc.values) number(acc.sum / static_cast<double>(acc.values)); break;
            case SourceAggregate::Min: if (acc.values) value(acc.low); break;
            case SourceAggregate::Max: if (acc.values) value(acc.high); break;
            case SourceAggregate::Count: number(static_cast<double>(acc.rows)); break;
            case SourceAggregate::CountIf: number(static_cast<double>(acc.hits)); break;
            case SourceAggregate::ShareIf:
                if (acc.rows) number(100.0 * static_cast<double>(acc.hits) / static_cast<double>(acc.rows));
                break;
            case SourceAggregate::Value:
            case SourceAggregate::First:
            case SourceAggregate::Last:
                if (!acc.values) break;
                switch (field.spec->type) {
                case Type::Number:
                case Type::Date: value(acc.number); break;
                case Type::Bool:
                    if (acc.flag != bool_missing)
                        cell = acc.flag == bool_true ? field.spec->bool_words.true_words.front()
                                                     : field.spec->bool_words.false_words.front();
                    break;
                case Type::Text: cell = std::move(source.kept_texts[key * width + i]); break;
                }
                break;
            }
        }
    }
    source.accumulators.clear();
    source.accumulators.shrink_to_fit();
    source.kept_texts.clear();
    source.kept_texts.shrink_to_fit();
    source.matched.assign(source.keys.size(), 0);
    source.counts.keys = source.keys.size();
    if (observer)
        observer->stage_done(fmt::format("read source {}: {} rows, {} keys", spec.name, source.counts.records,
                                         source.counts.keys));
}

void SourceJoin::bind_customers(const std::vector<std::string>& header, const std::string& name) {
    for (auto& source : sources_) {
        const std::string& column = source->spec->match_column.empty() ? rules_.input.id_column : source->spec->match_column;
        source->match_column = find_column(header, column);
        if (source->match_column < 0)
            throw Error(ExitCode::BadData,
                        fmt::format("{} has no column '{}', which source '{}' matches its keys with ('match:'); {}", name,
                                    column, source->spec->name, closest_headers(header, column)));
    }
}

std::int32_t SourceJoin::find_key(std::size_t s, const CsvRecord& record, std::string& scratch) const {
    const Source& source = *sources_[s];
    if (static_cast<std::size_t>(source.match_column) >= record.fields.size()) return -1;
    const auto key = source.normalizer.normalize(record.fields[source.match_column], scratch, false);
    if (!key) return -1;
    const auto found = source.key_index.find(*key, source.keys);
    return found ? static_cast<std::int32_t>(*found) : -1;
}

const std::vector<std::string_view>& SourceJoin::look_up(const CsvRecord& record, const std::int32_t* found) {
    for (std::size_t s = 0; s < sources_.size(); ++s) {
        Source& source = *sources_[s];
        source.current = found ? found[s] : find_key(s, record, look_up_scratch_);
        const std::size_t width = source.fields.size();
        for (std::size_t i = 0; i < width; ++i)
            joined_[source.fields[i].index] =
                source.current < 0 ? std::string_view()
                                   : std::string_view(source.cells[static_cast<std::size_t>(source.current) * width + i]);
    }
    return joined_;
}

void SourceJoin::prefetch_cells(const std::int32_t* found) const {
    for (std::size_t s = 0; s < sources_.size(); ++s) {
        const Source& source = *sources_[s];
        if (found[s] >= 0) __builtin_prefetch(&source.cells[static_cast<std::size_t>(found[s]) * source.fields.size()]);
    }
}

FoundKeys::FoundKeys(const SourceJoin& join, std::size_t batch_records) : join_(join), sources_(join.source_count()) {
    for (Slot& slot : slots_) {
        slot.keys.resize(batch_records * sources_);
        slot.is_found.resize(batch_records);
    }
}

void FoundKeys::on_record(const CsvRecord& record, std::size_t batch, std::size_t index) {
    Slot& slot = slots_[batch];
    for (std::size_t s = 0; s < sources_; ++s) slot.keys[index * sources_ + s] = join_.find_key(s, record, scratch_);
    slot.is_found[index] = 1;
}

const std::int32_t* FoundKeys::at(RecordPlace place) const {
    const Slot& slot = slots_[place.batch];
    return slot.is_found[place.index] ? slot.keys.data() + place.index * sources_ : nullptr;
}

void SourceJoin::accepted() {
    for (auto& source : sources_) {
        if (source->current >= 0) source->matched[static_cast<std::size_t>(source->current)] = 1;
        else ++source->customers_without_rows;
        if (options_.keep_lines) source->key_of_row.push_back(static_cast<std::int32_t>(source->current));
    }
}

std::vector<SourceCounts> SourceJoin::counts(std::uint64_t) const {
    std::vector<SourceCounts> all;
    for (const auto& source : sources_) {
        SourceCounts counts = source->counts;
        for (std::size_t key = 0; key < source->keys.size(); ++key) {
            if (source->matched[key]) ++counts.keys_matched;
            else counts.rows_unmatched += source->rows_of_key[key];
        }
        counts.customers_without_rows = source->customers_without_rows;
        all.push_back(std::move(counts));
    }
    return all;
}

void SourceJoin::write_unmatched(const std::string& path) const {
    for (const auto& source : sources_) {
        const std::string target = path_for_source(path, source->spec->name);
        AtomicFile out(target);
        const auto write = [&](std::string_view bytes) {
            if (std::fwrite(bytes.data(), 1, bytes.size(), out.stream()) != bytes.size())
                throw Error(ExitCode::IoFailure, fmt::format("cannot write '{}'", target));
        };
        if (source->header_bom) write("\xEF\xBB\xBF");
        write(source->header_raw);
        if (!source->header_raw.empty() && source->header_raw.back() != '\n') write("\n");
        // The lines of the unmatched keys, per file, then those records read again.
        std::vector<std::vector<std::uint64_t>> lines(source->counts.files.size());
        for (std::size_t key = 0; key < source->keys.size(); ++key)
            if (!source->matched[key])
                for (const RowRef& row : source->lines_of_key[key]) lines[row.file].push_back(row.line);
        for (std::size_t file = 0; file < lines.size(); ++file) {
            if (lines[file].empty()) continue;
            std::sort(lines[file].begin(), lines[file].end());
            InputSource input = InputSource::file(source->counts.files[file]);
            for (const auto& [name, bytes] : options_.texts)
                if (name == source->spec->name) input = InputSource::text(source->counts.files[file], bytes);
            CsvDialect dialect = options_.input_dialect;
            dialect.delimiter = source->spec->delimiter.value_or(0);
            if (source->spec->encoding)
                dialect.encoding = text_encoding_from_name(*source->spec->encoding).value_or(TextEncoding::Utf8);
            auto reader = open_records(input, dialect);
            CsvRecord record;
            while (reader->next(record)) {
                if (!std::binary_search(lines[file].begin(), lines[file].end(), record.line)) continue;
                write(record.raw);
                if (!record.raw.empty() && record.raw.back() != '\n' && record.raw.back() != '\r') write("\n");
            }
        }
        out.commit();
    }
}

void SourceJoin::commit_rejects() {
    for (auto& source : sources_)
        if (source->rejects) source->rejects->commit();
}

std::string SourceJoin::origin(std::size_t field, std::uint32_t row) const {
    if (field >= source_of_field_.size() || source_of_field_[field] < 0) return "";
    const Source& source = *sources_[static_cast<std::size_t>(source_of_field_[field])];
    if (row >= source.key_of_row.size()) return "";
    const std::int32_t key = source.key_of_row[row];
    if (key < 0) return fmt::format("{}: no rows for this customer", source.spec->name);
    const std::vector<RowRef>& all_rows = source.lines_of_key[static_cast<std::size_t>(key)];
    // The rows this field took (its where and pivot value), when it is one of the first 64.
    std::size_t index = 0;
    while (index < source.fields.size() && source.fields[index].index != field) ++index;
    std::vector<RowRef> rows;
    for (const RowRef& row : all_rows)
        if (index >= tracked_fields || (row.fields >> index) & 1) rows.push_back(row);
    const std::string key_text = fmt::format("key \"{}\"", source.keys[static_cast<std::size_t>(key)]);
    const std::string of = rows.size() == all_rows.size()
                               ? fmt::format("{} row{} of {}", rows.size(), rows.size() == 1 ? "" : "s", key_text)
                               : fmt::format("{} of the {} rows of {}", rows.size(), all_rows.size(), key_text);
    if (rows.empty()) return fmt::format("{}: {}", source.spec->name, of);
    std::string listed;
    const bool several_files = source.counts.files.size() > 1;
    for (std::size_t i = 0; i < rows.size() && i < shown_lines; ++i) {
        if (i) listed += ", ";
        if (several_files) listed += fmt::format("{}:{}", source.counts.files[rows[i].file], rows[i].line);
        else listed += fmt::format("{}", rows[i].line);
    }
    if (rows.size() > shown_lines) listed += fmt::format(", ... ({} more)", rows.size() - shown_lines);
    return fmt::format("{}: {}, {} {}", source.spec->name, of, several_files ? "at" : (rows.size() == 1 ? "line" : "lines"),
                       listed);
}

std::string describe_source_counts(const SourceCounts& counts) {
    std::string line = fmt::format("source {}: rows in {} = rows used {} + filtered out {} + rejected {}", counts.name,
                                   counts.records, counts.used, counts.filtered, counts.rejected);
    if (counts.blank_lines) line += fmt::format(" + blank lines {}", counts.blank_lines);
    line += fmt::format("; keys {} = matched {} + unmatched {} (with {} row{}); customers without rows {}", counts.keys,
                        counts.keys_matched, counts.keys_unmatched(), counts.rows_unmatched,
                        counts.rows_unmatched == 1 ? "" : "s", counts.customers_without_rows);
    return line;
}

}  // namespace kamscore
