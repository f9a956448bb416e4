#include "kamscore/init/sample.hpp"

#include <filesystem>
#include <memory>
#include <system_error>

#include <fmt/format.h>

#include "kamscore/error.hpp"
#include "kamscore/io/byte_source.hpp"
#include "kamscore/io/csv_reader.hpp"
#include "kamscore/io/record_reader.hpp"

namespace kamscore {

namespace {

// Windows-1252 0x80..0x9F; 0 marks the five bytes the code page leaves undefined.
constexpr char16_t windows_1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

/// Valid UTF-8, allowing a sequence cut short at the very end (the sample may stop mid-character).
bool looks_like_utf8(const std::string& bytes) {
    std::size_t i = 0;
    const std::size_t n = bytes.size();
    while (i < n) {
        const auto lead = static_cast<unsigned char>(bytes[i]);
        std::size_t length = lead < 0x80 ? 1 : lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
                                                                            : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
        if (length == 0) return false;
        for (std::size_t k = 1; k < length; ++k) {
            if (i + k >= n) return true;
            if ((static_cast<unsigned char>(bytes[i + k]) & 0xC0) != 0x80) return false;
        }
        i += length;
    }
    return true;
}

void read_rows(RecordReader& reader, CsvSample& sample, std::size_t max_rows) {
    sample.header = reader.header();
    sample.delimiter = reader.delimiter();
    CsvRecord record;
    while (sample.rows.size() < max_rows && reader.next(record)) {
        if (!record.problem.empty() || record.fields.size() != sample.header.size()) {
            ++sample.bad_rows;
            continue;
        }
        sample.rows.emplace_back(record.fields.begin(), record.fields.end());
        sample.lines.push_back(record.line);
    }
}

}  // namespace

CsvSample read_record_sample(RecordReader& reader, const std::string& display_name, std::size_t max_rows) {
    CsvSample sample;
    sample.display_name = display_name;
    sample.sheet = reader.sheet();
    read_rows(reader, sample, max_rows);
    return sample;
}

std::string windows_1252_to_utf8(const std::string& bytes) {
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 8);
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x80) out += c;
        else if (byte < 0xA0) append_utf8(out, windows_1252_high[byte - 0x80] ? windows_1252_high[byte - 0x80] : 0xFFFD);
        else append_utf8(out, byte);
    }
    return out;
}

CsvSample read_csv_sample(const std::string& bytes, bool is_cut, const std::string& display_name,
                          std::size_t max_rows) {
    if (starts_like_zip(bytes))
        throw Error(ExitCode::BadData,
                    fmt::format("{} is a zip container (an Excel .xlsx file?), not CSV: "
                                "save it as CSV (UTF-8 or Windows-1252) and run init on that",
                                display_name));
    const bool has_utf16_bom = bytes.compare(0, 2, "\xFF\xFE") == 0 || bytes.compare(0, 2, "\xFE\xFF") == 0;
    if (!has_utf16_bom && bytes.find('\0') != std::string::npos)
        throw Error(ExitCode::BadData,
                    fmt::format("{} holds binary data (NUL bytes), not CSV text: "
                                "export the customers as CSV",
                                display_name));
    CsvSample sample;
    sample.display_name = display_name;
    std::string text = bytes;
    if (!has_utf16_bom && !looks_like_utf8(bytes)) {
        sample.encoding = "windows-1252";
        text = windows_1252_to_utf8(bytes);
    }
    CsvReader reader(string_byte_source(std::move(text)), display_name);
    read_rows(reader, sample, max_rows);
    // The bytes stop somewhere in the file: the last record read may be cut short.
    if (is_cut && !sample.rows.empty() && sample.rows.size() < max_rows) {
        sample.rows.pop_back();
        sample.lines.pop_back();
    }
    return sample;
}

namespace {

constexpr std::size_t sample_bytes = std::size_t{8} << 20;   // 1000 rows of even wide exports

/// A workbook's sample: its first sheet (or FILE.xlsx#SHEET), read by its reader.
CsvSample workbook_sample(const std::string& file, const std::string& name, const std::string* bytes,
                          std::size_t max_rows) {
    const auto reader = open_record_reader({bytes ? "" : file, name, bytes, {}}, CsvDialect{});
    if (reader->format() != InputFormat::Workbook)
        throw Error(ExitCode::BadCommandLine, fmt::format("cannot open '{}': no such file", file));
    return read_record_sample(*reader, name, max_rows);
}

}  // namespace

CsvSample read_sample(const std::string& file, std::size_t max_rows) {
    const std::string name = file == "-" ? "<stdin>" : file;
    std::error_code error;
    // "book.xlsx#Sheet 2" names a sheet of book.xlsx.
    if (file != "-" && file.find('#') != std::string::npos && !std::filesystem::exists(file, error))
        return workbook_sample(file, name, nullptr, max_rows);
    std::unique_ptr<ByteSource> source = open_byte_source(file);
    std::string bytes = read_up_to(*source, sample_bytes);
    char probe;
    const bool is_cut = bytes.size() == sample_bytes && source->read(&probe, 1) == 1;

    if (starts_like_zip(bytes)) {
        if (file == "-") {   // the whole workbook: a zip is read by random access
            if (is_cut) bytes.push_back(probe);
            char chunk[1 << 16];
            while (std::size_t got = source->read(chunk, sizeof chunk)) bytes.append(chunk, got);
            return workbook_sample(file, name, &bytes, max_rows);
        }
        return workbook_sample(file, name, nullptr, max_rows);
    }
    return read_csv_sample(bytes, is_cut, name, max_rows);
}

}  // namespace kamscore
