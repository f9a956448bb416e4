#include "kamscore/score/table_builder.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include <fmt/format.h>

#include "kamscore/edit_distance.hpp"
#include "kamscore/error.hpp"
#include "kamscore/io/record_reader.hpp"
#include "kamscore/table/kept_columns.hpp"
#include "kamscore/table/column_name.hpp"
#include "kamscore/table/parse_value.hpp"

namespace kamscore {
namespace {

constexpr std::size_t rows_to_sample = 1000;



/// Lower case letters and digits only: "Revenue 2025" and "revenue_2025" look alike.
std::string normalized_name(std::string_view name) {
    std::string plain;
    for (char c : name)
        if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80)
            plain += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return plain;
}

}  // namespace

/// "closest: 'Revenue 2025'" for plausible typos and for names that contain the wanted one or
/// are contained in it ("Umsatz 2025" is close to "Umsatz 2025 hochgerechnet"), those first;
/// else the first header names.
std::string closest_headers(const std::vector<std::string>& header, std::string_view wanted) {
    const std::string plain_wanted = normalized_name(wanted);
    const int limit = std::max<int>(2, static_cast<int>(plain_wanted.size()) / 3);
    constexpr std::size_t shortest_part = 4;   // "id" is in too many names to mean anything
    std::vector<std::pair<std::pair<int, int>, std::string>> ranked;   // (group, distance), name
    for (const auto& name : header) {
        const std::string plain = normalized_name(name);
        const std::string& shorter = plain.size() < plain_wanted.size() ? plain : plain_wanted;
        const std::string& longer = plain.size() < plain_wanted.size() ? plain_wanted : plain;
        const int size_gap = static_cast<int>(longer.size() - shorter.size());
        int distance = edit_distance(plain_wanted, plain);
        if (shorter.size() >= shortest_part && longer.find(shorter) != std::string::npos)
            ranked.push_back({{0, size_gap}, name});
        else if (distance <= limit)
            ranked.push_back({{1, distance}, name});
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string list;
    for (std::size_t i = 0; i < ranked.size() && i < 3; ++i)
        list += fmt::format("{}'{}'", i ? ", " : "closest: ", ranked[i].second);
    if (!list.empty()) return list;
    constexpr std::size_t shown = 8;
    for (std::size_t i = 0; i < header.size() && i < shown; ++i)
        list += fmt::format("{}'{}'", i ? ", " : "", header[i]);
    if (header.size() > shown) list += fmt::format(", ... ({} columns)", header.size());
    return "the header has " + list;
}

namespace {

std::string quoted_cell(std::string_view cell) {
    constexpr std::size_t shown = 60;
    // Control bytes are shown as \xNN: a NUL would cut the message short where it is printed,
    // and an escape sequence from a hostile export must not reach the user's terminal.
    std::string quoted = "\"";
    for (char c : cell.substr(0, shown)) {
        auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) quoted += fmt::format("\\x{:02x}", byte);
        else quoted += c;
    }
    quoted += cell.size() <= shown ? "\"" : "...\"";
    return quoted;
}

}  // namespace

ColumnBinding bind_columns(const std::vector<std::string>& header, const RuleSet& rules,
                           const std::string& display_name) {
    ColumnBinding binding;
    binding.header_size = header.size();
    std::vector<std::string> missing;
    // What the rule file calls the column comes first: that is the line to fix.
    auto bind = [&](const std::string& column, const std::string& needed_by) {
        int index = find_column(header, column);
        if (index < 0)
            missing.push_back(fmt::format("{}: column '{}' is not in the file {} ({})", needed_by, column, display_name,
                                          closest_headers(header, column)));
        return index;
    };
    binding.id_index = bind(rules.input.id_column, "input.id");
    if (!rules.input.label_column.empty()) binding.label_index = bind(rules.input.label_column, "input.label");
    for (std::size_t f = 0; f < rules.fields.size(); ++f) {
        const FieldSpec& field = rules.fields[f];
        binding.field_indices.push_back(field.source.empty() ? bind(field.column, "field " + field.name)
                                                             : -1 - static_cast<int>(f));
    }
    if (!missing.empty()) {
        // One error line per missing column and a hint after them: the details say everything.
        std::string details;
        for (const auto& line : missing) details += format_error(Error(ExitCode::BadData, line));
        details += "kamscore: check the column names under 'fields:' and 'input:' of " + rules.path +
                   " against the header line of " + display_name + "\n";
        throw Error(ExitCode::BadData, "", {}, details);
    }
    return binding;
}

TableBuilder::TableBuilder(Frame& frame, const ScoringPlan& plan) : frame_(frame), plan_(plan) {
    if (!plan_.rules) return;
    const RuleSet& rules = *plan_.rules;
    missing_words_ = missing_words_of(rules);
    made_missing_.resize(rules.fields.size());
    decimal_evidence_.resize(rules.fields.size());
}

void TableBuilder::begin_file(const std::string& display_name, const ColumnBinding& binding,
                              std::optional<std::uint64_t> file_bytes, InputFormat format) {
    files_.push_back(display_name);
    first_row_of_file_.push_back(rows_added_);
    is_workbook_ = format == InputFormat::Workbook;
    binding_ = binding;
    file_bytes_ = file_bytes;
    sampled_bytes_ = 0;
    sampled_rows_ = 0;
}

const std::vector<std::string_view> TableBuilder::no_joined_cells;

std::string TableBuilder::describe_unreadable(std::size_t f, std::string_view cell, DecimalHint hint,
                                              std::uint64_t line) const {
    const FieldSpec& field = plan_.rules->fields[f];
    // A workbook's messages name the cell too ("cell C7, column ..."), as Excel shows it.
    const std::string cell_name =
        is_workbook_ ? fmt::format("cell {}, ", sheet_cell_name(binding_.field_indices[f], line)) : std::string();
    switch (field.type) {
    case Type::Number: {
        const char decimal =
            CellContext{plan_.rules->input.decimal, is_workbook_}.decimal_for(binding_.field_indices[f] < 0);
        std::string problem =
            fmt::format("{}column \"{}\": {} is not a number", cell_name, field.column, quoted_cell(cell));
        if (hint == DecimalHint::Other)   // 1.234.567 under decimal ".": say what would read it
            problem += fmt::format(" with decimal \"{}\" (it is one with \"{}\")", decimal, decimal == ',' ? '.' : ',');
        return problem;
    }
    case Type::Date:
        // Serial 60 of the 1900 date system: a day Excel counts and the calendar does not.
        if (is_workbook_ && trim_spaces_and_tabs(cell) == "1900-02-29")
            return fmt::format("{}column \"{}\": 1900-02-29 is not a date (Excel's serial 60, a 29 February 1900 "
                               "that did not exist)",
                               cell_name, field.column);
        return fmt::format("{}column \"{}\": {} is not a date{}", cell_name, field.column, quoted_cell(cell),
                           field.date_format.empty() ? " (2024-12-31 or 31.12.2024)"
                                                     : " in the format " + field.date_format);
    case Type::Bool:
        return fmt::format("{}column \"{}\": {} is not a yes/no value", cell_name, field.column, quoted_cell(cell));
    case Type::Text: break;
    }
    return "";
}

bool TableBuilder::add(const CsvRecord& record, Reject& reject, const std::vector<std::string_view>& joined,
                       PreparedRecord prepared) {
    auto fail = [&](std::string message) {
        reject.file = files_.back();
        reject.line = record.line;
        reject.id.clear();
        if (binding_.id_index >= 0 && static_cast<std::size_t>(binding_.id_index) < record.fields.size())
            reject.id.assign(trim_spaces_and_tabs(record.fields[binding_.id_index]));
        reject.message = std::move(message);
        reject.raw.assign(record.raw);
        return false;
    };
    // A cell that is not a value of its field's type: true when the field reads it as
    // missing; false when the row is a bad row; the run stops under `invalid: error`.
    auto is_read_as_missing = [&](std::size_t f, const std::string& problem) {
        const FieldSpec& field = plan_.rules->fields[f];
        switch (field.invalid) {
        case InvalidPolicy::Reject: return false;
        case InvalidPolicy::Missing: pending_missing_[f] = MissingCause::Unreadable; return true;
        case InvalidPolicy::Error:
            throw Error(ExitCode::BadData,
                        fmt::format("{}; field '{}' has 'invalid: error', so the run stops: fix the cell, or read such "
                                    "cells as missing with 'invalid: missing'",
                                    problem, field.name),
                        ErrorLocation{files_.back(), record.line});
        }
        return false;
    };
    if (!record.problem.empty()) return fail(record.problem);
    if (record.fields.size() != binding_.header_size)
        return fail(fmt::format("has {} fields, the header has {}", record.fields.size(), binding_.header_size));

    const auto& rules = *plan_.rules;
    std::string_view id = trim_spaces_and_tabs(record.fields[binding_.id_index]);
    if (id.empty()) return fail(fmt::format("column \"{}\": the id is empty", rules.input.id_column));

    // The id's slot in the duplicate index is fetched from memory while the fields convert.
    const std::uint64_t id_hash = prepared.is_prepared ? prepared.id_hash : IdIndex::hash(id);
    if (id_keeping_ == IdKeeping::Held) seen_ids_.prepare(id_hash);

    // Convert every field before appending anything, so that a bad row leaves no trace.
    const CellContext context{rules.input.decimal, is_workbook_};
    pending_numbers_.resize(rules.fields.size());
    pending_bools_.resize(rules.fields.size());
    pending_missing_.resize(rules.fields.size());
    for (std::size_t f = 0; f < rules.fields.size(); ++f) {
        const FieldSpec& field = rules.fields[f];
        const int index = binding_.field_indices[f];
        // A joined cell (secondary source) is canonical: '.' decimals, ISO dates, no evidence.
        const bool is_joined = index < 0;
        std::string_view cell = is_joined ? joined[static_cast<std::size_t>(-1 - index)] : record.fields[index];
        const CellReading reading = prepared.is_prepared && !is_joined
                                        ? prepared.cells[f]
                                        : read_cell(field, cell, *missing_words_[f], context, is_joined);
        pending_numbers_[f] = reading.number;
        pending_bools_[f] = reading.flag;
        pending_missing_[f] = reading.is_missing_word ? MissingCause::Word : MissingCause::None;
        decimal_evidence_[f].add(reading.hint, cell, record.line);   // no hint but for an export's numbers
        if (!reading.is_unreadable) continue;
        std::string problem = describe_unreadable(f, cell, reading.hint, record.line);
        if (!is_read_as_missing(f, problem)) return fail(std::move(problem));
    }

    Frame& rows = rows_frame();
    switch (id_keeping_) {
    case IdKeeping::Held: {
        // The ids of every row are in the frame (not a batch) from the start: duplicates are
        // looked up there, by row number (the number of rows accepted so far).
        const auto& ids = frame_.columns[plan_.id_slot].texts;
        if (auto first = seen_ids_.find_or_add(id, id_hash, static_cast<std::uint32_t>(rows_added_), ids))
            return fail(fmt::format("duplicate id \"{}\" (first seen in {} line {}; ids must be unique)", id,
                                    files_[file_of(*first)], lines_[*first]));
        // Registered only now that the row is accepted: the index refers to rows by number.
        std::string_view stored_id = frame_.arena.store(id);
        frame_.columns[plan_.id_slot].texts.push_back(stored_id);
        if (batch_) rows.columns[plan_.id_slot].texts.push_back(stored_id);
        break;
    }
    case IdKeeping::HashedOnly:
        id_hashes_.add(id_hash);   // a hash added twice is looked for once reading is over
        rows.columns[plan_.id_slot].texts.push_back(rows.arena.store(id));   // for the batch's watcher
        break;
    }
    // The label passes through as written: it is shown, never compared, and edge spaces or a
    // leading tab may be what the export holds (the writers quote or neutralise them).
    if (plan_.label_slot >= 0)
        rows.columns[plan_.label_slot].texts.push_back(rows.arena.store(record.fields[binding_.label_index]));
    for (std::size_t f = 0; f < rules.fields.size(); ++f) {
        Column& column = rows.columns[plan_.field_slots[f]];
        switch (rules.fields[f].type) {
        case Type::Number:
        case Type::Date: column.numbers.push_back(pending_numbers_[f]); break;
        case Type::Bool: column.bools.push_back(pending_bools_[f]); break;
        case Type::Text: {
            const int index = binding_.field_indices[f];
            std::string_view cell = pending_missing_[f] == MissingCause::Word ? std::string_view()
                                    : index < 0 ? trim_spaces_and_tabs(joined[static_cast<std::size_t>(-1 - index)])
                                                : trim_spaces_and_tabs(record.fields[index]);
            column.texts.push_back(cell.empty() ? std::string_view() : rows.arena.store(cell));
            break;
        }
        }
    }
    for (std::size_t f = 0; f < rules.fields.size(); ++f) {
        if (pending_missing_[f] == MissingCause::Word) ++made_missing_[f].words;
        else if (pending_missing_[f] == MissingCause::Unreadable) ++made_missing_[f].unreadable;
    }
    if (kept_) kept_->add(record.fields);
    if (id_keeping_ == IdKeeping::Held) lines_.push_back(record.line);
    ++rows_added_;
    if (file_bytes_ && sampled_rows_ < rows_to_sample) {
        sampled_bytes_ += record.raw.size();
        if (++sampled_rows_ == rows_to_sample) reserve_for_file();
    }
    ++rows.rows;
    if (batch_ && batch_->rows == stage_->batch_rows) finish_batch();
    return true;
}

void TableBuilder::prefetch_id(std::uint64_t id_hash) const {
    if (id_keeping_ == IdKeeping::Held) seen_ids_.prefetch(id_hash);   // hashes only are appended
}

std::vector<std::string> TableBuilder::finish_file(char delimiter) {
    const RuleSet& rules = *plan_.rules;
    const char decimal = rules.input.decimal;
    const char other = decimal == ',' ? '.' : ',';
    const std::string& file = files_.back();
    std::vector<std::string> warnings;
    if (is_workbook_) {   // no evidence was collected: a workbook's numbers carry no mark
        for (DecimalEvidence& evidence : decimal_evidence_) evidence.clear();
        return warnings;
    }
    for (std::size_t f = 0; f < rules.fields.size(); ++f) {
        DecimalEvidence& evidence = decimal_evidence_[f];
        const std::string& column = rules.fields[f].column;
        if (!evidence.is_other_mark(delimiter, decimal)) {
            if (evidence.ambiguous > 0 && evidence.declared == 0 && evidence.other == 0) {
                const DecimalExample example = evidence.examples().front();
                warnings.push_back(fmt::format(
                    "{}warning: {}:{}: column \"{}\": {}; {} value{} like it {} read with decimal \"{}\", and nothing in "
                    "the column tells the marks apart: if they are thousands, set 'decimal: \"{}\"' under 'input:' in {}",
                    program_prefix, file, example.line, column, describe_decimal_example(example, decimal),
                    evidence.ambiguous, evidence.ambiguous == 1 ? "" : "s", evidence.ambiguous == 1 ? "is" : "are",
                    decimal, other, rules.path));
            }
            evidence.clear();
            continue;
        }
        std::string details;
        const auto examples = evidence.examples();
        for (const DecimalExample& example : examples)
            details += fmt::format("{}:{}: column \"{}\": {}\n", file, example.line, column,
                                   describe_decimal_example(example, decimal));
        const std::uint64_t telling = evidence.other + evidence.ambiguous;
        if (const std::uint64_t more = telling - examples.size(); more > 0)
            details += fmt::format("{}... and {} more value{} like these in column \"{}\"\n", program_prefix, more,
                                   more == 1 ? "" : "s", column);
        throw Error(ExitCode::BadData,
                    fmt::format("column \"{}\" is written with decimal \"{}\", not \"{}\": set 'decimal: \"{}\"' "
                                "under 'input:' in {}, or pass --decimal {}",
                                column, other, decimal, other, rules.path, other),
                    ErrorLocation{file}, details);
    }
    return warnings;
}

void TableBuilder::stage_rows(const RowStage& stage) {
    stage_ = stage;
    batch_ = std::make_unique<Frame>(frame_.empty_like());
    for (auto& column : batch_->columns) column.reserve(stage.batch_rows);
}

bool TableBuilder::is_left_empty(std::size_t slot) const {
    return stage_ && kamscore::is_left_empty_by_reading(*stage_, slot);
}

void TableBuilder::finish_batch() {
    if (!batch_ || batch_->rows == 0) return;
    kamscore::finish_batch(plan_, *stage_, *batch_, frame_);
    frame_.rows += batch_->rows;
    if (watch_) watch_(*batch_, frame_);
    for (auto& column : batch_->columns) column.resize(0);
    batch_->rows = 0;
    batch_->arena.clear();
}

void TableBuilder::reserve_for_file() {
    // 3 % more than the estimate: record sizes vary, and a second doubling costs more.
    const double average = static_cast<double>(sampled_bytes_) / static_cast<double>(sampled_rows_);
    const auto expected = static_cast<std::size_t>(static_cast<double>(*file_bytes_) / average * 1.03);
    const std::size_t rows = rows_added_ + (expected > sampled_rows_ ? expected - sampled_rows_ : 0);
    if (id_keeping_ == IdKeeping::HashedOnly) id_hashes_.reserve(rows);
    if (stage_) {
        for (std::size_t slot = 0; slot < stage_->held.size(); ++slot)
            if (stage_->held[slot]) frame_.columns[slot].reserve(rows);
    } else {
        frame_.columns[plan_.id_slot].reserve(rows);
        if (plan_.label_slot >= 0) frame_.columns[plan_.label_slot].reserve(rows);
        for (int slot : plan_.field_slots) frame_.columns[slot].reserve(rows);
    }
    if (id_keeping_ != IdKeeping::Held) return;
    seen_ids_.reserve(rows);
    lines_.reserve(rows);
}

std::uint32_t TableBuilder::file_of(std::size_t row) const {
    const auto after = std::upper_bound(first_row_of_file_.begin(), first_row_of_file_.end(), row);
    return static_cast<std::uint32_t>(after - first_row_of_file_.begin()) - 1;
}

void TableBuilder::release_lines() { std::vector<std::uint64_t>().swap(lines_); }

void TableBuilder::finish_reading() {
    finish_batch();
    if (id_keeping_ == IdKeeping::HashedOnly && id_hashes_.has_repeat()) throw IdHashReadTwice{};
    seen_ids_ = IdIndex();
    id_hashes_ = IdHashSet();
}

}  // namespace kamscore
