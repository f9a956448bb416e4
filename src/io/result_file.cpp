#include "kamscore/io/result_file.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "io/json_records.hpp"
#include "kamscore/error.hpp"
#include "kamscore/io/csv_reader.hpp"
#include "kamscore/io/record_reader.hpp"

namespace kamscore {
namespace {

/// Gives back bytes already read (to look at the format), then the rest of the source.
class ReplaySource final : public ByteSource {
public:
    ReplaySource(std::string prefix, std::unique_ptr<ByteSource> rest)
        : prefix_(std::move(prefix)), rest_(std::move(rest)) {}

    std::size_t read(char* buffer, std::size_t capacity) override {
        if (used_ < prefix_.size()) {
            std::size_t count = std::min(capacity, prefix_.size() - used_);
            std::memcpy(buffer, prefix_.data() + used_, count);
            used_ += count;
            return count;
        }
        return rest_->read(buffer, capacity);
    }
    std::optional<std::uint64_t> size() const override { return rest_->size(); }

private:
    std::string prefix_;
    std::size_t used_ = 0;
    std::unique_ptr<ByteSource> rest_;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/// The first byte that is not whitespace (after a UTF-8 byte-order mark), or 0 for an empty
/// input; `prefix` receives every byte read to find it.
char first_significant_byte(ByteSource& source, std::string& prefix) {
    char chunk[4096];
    auto read_more = [&] {
        std::size_t count = source.read(chunk, sizeof chunk);
        prefix.append(chunk, count);
        return count > 0;
    };
    while (prefix.size() < 3 && read_more()) {}
    std::size_t at = prefix.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    for (;;) {
        for (; at < prefix.size(); ++at)
            if (!is_space(prefix[at])) return prefix[at];
        // A megabyte of blanks: not a result file; the CSV reader says what it finds.
        if (prefix.size() > (std::size_t{1} << 20) || !read_more()) return prefix.empty() ? 0 : ' ';
    }
}

std::string lower_trimmed(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    std::string lower(text);
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return lower;
}

std::string list_columns(const std::vector<std::string>& header) {
    std::string list;
    const std::size_t shown = std::min<std::size_t>(header.size(), 8);
    for (std::size_t i = 0; i < shown; ++i) list += fmt::format("{}'{}'", i ? ", " : "", header[i]);
    if (header.size() > shown) list += fmt::format(", ... ({} columns)", header.size());
    return list.empty() ? "no columns" : list;
}

std::string list_wanted(const std::vector<ResultColumnRequest>& wanted) {
    std::string list;
    for (const auto& request : wanted)
        if (request.required && !request.name.empty()) list += fmt::format("{}'{}'", list.empty() ? "" : " and ", request.name);
    return list;
}

[[noreturn]] void missing_column(const ResultFile& file, const ResultColumnRequest& request) {
    if (request.name.empty())
        throw Error(ExitCode::BadData, fmt::format("{} has no column {} (expected a kamscore result file)",
                                                   file.display_name, request.position + 1));
    throw Error(ExitCode::BadData,
                fmt::format("{} has no column '{}' (expected a kamscore result file); its columns: {}",
                            file.display_name, request.name, list_columns(file.header)));
}

/// The score command writes "'=x" for a text cell "=x" so that spreadsheets show it as text;
/// read back, the quote is not part of the value.
std::string_view unneutralised(std::string_view cell) {
    if (cell.size() >= 2 && cell.front() == '\'') {
        switch (cell[1]) {
        case '=': case '+': case '-': case '@': case '\t': case '\r': case '\n': return cell.substr(1);
        default: break;
        }
    }
    return cell;
}

bool has_required_columns(const std::vector<std::string>& header, const std::vector<ResultColumnRequest>& wanted) {
    for (const auto& request : wanted)
        if (request.required && !request.name.empty() && find_result_column(header, request.name) < 0) return false;
    return true;
}

/// Every required named column spelled exactly: a row of column ids, not of labels.
bool has_exact_columns(const std::vector<std::string>& row, const std::vector<ResultColumnRequest>& wanted) {
    for (const auto& request : wanted)
        if (request.required && !request.name.empty() && std::find(row.begin(), row.end(), request.name) == row.end())
            return false;
    return true;
}

void read_records(RecordReader& reader, ResultFile& file, const std::vector<ResultColumnRequest>& wanted) {
    file.header = reader.header();
    CsvRecord record;
    // kamscore's workbook heads its Customers sheet with the labels ("Tier") and puts the column
    // ids ("tier") in a second header row: then that row is the header. Otherwise the second
    // row is the first row of data.
    bool is_record_pending = false;
    if (reader.format() == InputFormat::Workbook && !has_exact_columns(file.header, wanted) && reader.next(record)) {
        std::vector<std::string> second(record.fields.begin(), record.fields.end());
        if (has_exact_columns(second, wanted) ||
            (!has_required_columns(file.header, wanted) && has_required_columns(second, wanted))) {
            file.header = std::move(second);
        } else if (has_required_columns(file.header, wanted)) {
            is_record_pending = true;
        } else {
            throw Error(ExitCode::BadData,
                        fmt::format("{} has the columns of a kamscore result in neither of its first two rows "
                                    "(expected {}); the first has {}",
                                    reader.display_name(), list_wanted(wanted), list_columns(file.header)));
        }
    }
    std::vector<int> indices;
    for (const auto& request : wanted) {
        int index = !request.name.empty()                       ? find_result_column(file.header, request.name)
                    : request.position < file.header.size() ? static_cast<int>(request.position)
                                                             : -1;
        if (index < 0 && request.required) missing_column(file, request);
        indices.push_back(index);
        file.names.push_back(index < 0 ? std::string() : file.header[static_cast<std::size_t>(index)]);
    }
    file.columns.assign(wanted.size(), {});
    while (is_record_pending || reader.next(record)) {
        is_record_pending = false;
        if (!record.problem.empty())
            throw Error(ExitCode::BadData, record.problem, ErrorLocation{file.display_name, record.line});
        for (std::size_t c = 0; c < indices.size(); ++c) {
            std::string_view cell;
            int index = indices[c];
            if (index >= 0 && static_cast<std::size_t>(index) < record.fields.size() && !record.fields[index].empty())
                cell = file.arena.store(unneutralised(record.fields[index]));
            file.columns[c].push_back(cell);
        }
        file.lines.push_back(record.line);
        ++file.rows;
    }
}

const JsonField* find_json_field(const JsonRecord& record, std::string_view name) {
    for (const auto& field : record.fields)
        if (field.key == name) return &field;
    const std::string wanted = lower_trimmed(name);
    for (const auto& field : record.fields)
        if (lower_trimmed(field.key) == wanted) return &field;
    return nullptr;
}

void read_json(std::unique_ptr<ByteSource> source, ResultFile& file, const std::vector<ResultColumnRequest>& wanted) {
    JsonRecordReader reader(std::move(source), file.display_name);
    file.columns.assign(wanted.size(), {});
    JsonRecord record;
    std::vector<std::string> keys(wanted.size());
    while (reader.next(record)) {
        if (file.rows == 0) {
            for (const auto& field : record.fields) file.header.push_back(field.key);
            for (std::size_t c = 0; c < wanted.size(); ++c) {
                const JsonField* found = !wanted[c].name.empty() ? find_json_field(record, wanted[c].name)
                                         : wanted[c].position < record.fields.size() ? &record.fields[wanted[c].position]
                                                                                     : nullptr;
                if (!found && wanted[c].required) missing_column(file, wanted[c]);
                keys[c] = found ? found->key : std::string();
                file.names.push_back(keys[c]);
            }
        }
        for (std::size_t c = 0; c < wanted.size(); ++c) {
            std::string_view cell;
            if (!keys[c].empty()) {
                const JsonField* field = find_json_field(record, keys[c]);
                if (field && field->value && !field->value->empty()) cell = file.arena.store(*field->value);
            }
            file.columns[c].push_back(cell);
        }
        file.lines.push_back(record.line);
        ++file.rows;
    }
    if (file.rows == 0)
        for (const auto& request : wanted) file.names.push_back(request.name);
}

}  // namespace

int find_result_column(const std::vector<std::string>& header, std::string_view name) {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return static_cast<int>(i);
    const std::string wanted = lower_trimmed(name);
    for (std::size_t i = 0; i < header.size(); ++i)
        if (lower_trimmed(header[i]) == wanted) return static_cast<int>(i);
    return -1;
}

ResultFile read_result_file(std::unique_ptr<ByteSource> source, std::string display_name,
                            const std::vector<ResultColumnRequest>& wanted) {
    ResultFile file;
    file.display_name = std::move(display_name);
    std::string prefix;
    const char first = first_significant_byte(*source, prefix);
    const bool is_zip = starts_like_zip(prefix);
    auto replay = std::make_unique<ReplaySource>(std::move(prefix), std::move(source));
    if (first == '[' || first == '{') {
        read_json(std::move(replay), file, wanted);
    } else if (is_zip) {
        // kamscore's own -f xlsx: its sheet Customers (else the first). A zip is read from memory.
        std::string bytes;
        char chunk[1 << 16];
        while (std::size_t got = replay->read(chunk, sizeof chunk)) bytes.append(chunk, got);
        WorkbookOptions options;
        options.preferred_sheet = "Customers";
        const auto reader = open_record_reader({"", file.display_name, &bytes, {}}, CsvDialect{}, options);
        read_records(*reader, file, wanted);
    } else {
        CsvReader reader(std::move(replay), file.display_name);
        read_records(reader, file, wanted);
    }
    return file;
}

}  // namespace kamscore
