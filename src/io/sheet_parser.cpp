#include "io/sheet_parser.hpp"

#include <charconv>

#include <fmt/format.h>

#include "io/xml_parser.hpp"

namespace kamscore {

bool parse_cell_reference(std::string_view reference, std::uint32_t& column, std::uint64_t& row) {
    std::size_t i = 0;
    std::uint64_t letters = 0;
    while (i < reference.size() && i < 4) {
        char c = reference[i];
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (c < 'A' || c > 'Z') break;
        letters = letters * 26 + static_cast<std::uint64_t>(c - 'A' + 1);
        ++i;
    }
    if (i == 0 || letters - 1 > max_sheet_column) return false;
    const std::string_view digits = reference.substr(i);
    if (digits.empty() || digits.size() > 12 || digits.front() == '0') return false;
    std::uint64_t number = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (error != std::errc() || end != digits.data() + digits.size()) return false;
    column = static_cast<std::uint32_t>(letters - 1);
    row = number;
    return true;
}

std::string column_letters(std::uint32_t column) {
    std::string letters;
    std::uint64_t n = std::uint64_t{column} + 1;
    while (n > 0) {
        letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
        n = (n - 1) / 26;
    }
    return letters;
}

namespace {

bool parse_row_number(const char* text, std::uint64_t& row) {
    const std::string_view digits(text);
    if (digits.empty() || digits.size() > 12) return false;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), row);
    return error == std::errc() && end == digits.data() + digits.size() && row > 0;
}

enum class CellType { Number, SharedString, InlineString, FormulaString, Boolean, Error, IsoDate };

CellType cell_type(const char* t) {
    if (!t) return CellType::Number;
    const std::string_view type(t);
    if (type == "s") return CellType::SharedString;
    if (type == "inlineStr") return CellType::InlineString;
    if (type == "str") return CellType::FormulaString;
    if (type == "b") return CellType::Boolean;
    if (type == "e") return CellType::Error;
    if (type == "d") return CellType::IsoDate;
    return CellType::Number;
}

}  // namespace

struct SheetParser::Handler : XmlHandler {
    SheetContext context;
    XmlParser* parser = nullptr;
    bool collect_merges = false;
    std::vector<MergedRange> merges;
    std::optional<std::uint32_t> dimension_last_column;
    std::string failure;     ///< non-empty: the sheet is broken, parsing stopped
    SheetRow row;            ///< the row being read
    bool row_done = false;   ///< `row` is complete (the parse is suspended after it)
    std::uint64_t last_row = 0;
    std::size_t row_bytes = 0;

    bool in_sheet_data = false, in_row = false, in_cell = false;
    bool in_value = false, in_inline = false, in_text = false;
    int in_phonetic = 0;
    std::uint32_t next_column = 0, cell_column = 0;
    CellType type = CellType::Number;
    NumberStyle style = NumberStyle::Number;
    std::string value;

    void fail(std::string message) {
        if (!failure.empty()) return;
        failure = std::move(message);
        parser->suspend();
    }

    void start_element(std::string_view name, const char** attributes) override {
        if (!failure.empty()) return;
        if (name == "sheetData") {
            in_sheet_data = true;
        } else if (name == "dimension") {
            const char* ref = xml_attribute(attributes, "ref");
            const std::string_view range = ref ? ref : "";
            std::uint32_t column = 0;
            std::uint64_t row = 0;
            if (parse_cell_reference(range.substr(range.find(':') == std::string_view::npos ? 0 : range.find(':') + 1),
                                     column, row))
                dimension_last_column = column;
        } else if (name == "row" && in_sheet_data) {
            std::uint64_t number = last_row + 1;
            if (const char* r = xml_attribute(attributes, "r"); r && !parse_row_number(r, number))
                return fail(fmt::format("row r=\"{}\" is no row number", r));
            row.number = number;
            row.cells.clear();
            row_bytes = 0;
            next_column = 0;
            in_row = true;
        } else if (name == "c" && in_row) {
            cell_column = next_column;
            if (const char* r = xml_attribute(attributes, "r")) {
                std::uint64_t cell_row = 0;
                if (!parse_cell_reference(r, cell_column, cell_row))
                    return fail(fmt::format("row {}: cell r=\"{}\" is no cell reference", row.number, r));
            }
            if (cell_column > max_sheet_column)
                return fail(fmt::format("row {} has more than {} columns", row.number, max_sheet_column + 1));
            type = cell_type(xml_attribute(attributes, "t"));
            style = NumberStyle::Number;
            if (const char* s = xml_attribute(attributes, "s")) {
                unsigned index = 0;
                const std::string_view text(s);
                const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), index);
                if (error == std::errc() && context.styles && index < context.styles->size())
                    style = (*context.styles)[index];
            }
            value.clear();
            in_cell = true;
        } else if (in_cell) {
            if (name == "v") in_value = true;
            else if (name == "is") in_inline = true;
            else if (name == "rPh") ++in_phonetic;
            else if (name == "t" && in_inline && in_phonetic == 0) in_text = true;
        } else if (name == "mergeCell" && collect_merges) {
            const char* ref = xml_attribute(attributes, "ref");
            if (!ref) return;
            const std::string_view range(ref);
            const std::size_t colon = range.find(':');
            MergedRange merged;
            if (colon == std::string_view::npos ||
                !parse_cell_reference(range.substr(0, colon), merged.first_column, merged.first_row) ||
                !parse_cell_reference(range.substr(colon + 1), merged.last_column, merged.last_row))
                return;
            merges.push_back(merged);
        }
    }

    void end_element(std::string_view name) override {
        if (!failure.empty()) return;
        if (name == "sheetData") {
            in_sheet_data = false;
        } else if (name == "row" && in_row) {
            in_row = false;
            last_row = row.number;
            row_done = true;
            parser->suspend();
        } else if (name == "c" && in_cell) {
            in_cell = false;
            in_value = in_inline = in_text = false;
            in_phonetic = 0;
            finish_cell();
            next_column = cell_column + 1;
        } else if (name == "v") {
            in_value = false;
        } else if (name == "is") {
            in_inline = false;
        } else if (name == "rPh") {
            if (in_phonetic > 0) --in_phonetic;
        } else if (name == "t") {
            in_text = false;
        }
    }

    void text(std::string_view piece) override {
        if (!failure.empty() || !(in_value || in_text)) return;
        row_bytes += piece.size();
        if (row_bytes > context.max_row_bytes)
            return fail(fmt::format("row {} holds more than {} bytes of text", row.number, context.max_row_bytes));
        value.append(piece);
    }

    void finish_cell() {
        std::string text;
        switch (type) {
        case CellType::SharedString: {
            if (value.empty()) return;
            std::size_t index = 0;
            const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), index);
            const std::size_t count = context.shared_strings ? context.shared_strings->size() : 0;
            if (error != std::errc() || end != value.data() + value.size() || index >= count)
                return fail(fmt::format("cell {}{} refers to shared string \"{}\", and the workbook has {}",
                                        column_letters(cell_column), row.number, value, count));
            text = (*context.shared_strings)[index];
            row_bytes += text.size();
            if (row_bytes > context.max_row_bytes)
                return fail(fmt::format("row {} holds more than {} bytes of text", row.number, context.max_row_bytes));
            break;
        }
        case CellType::InlineString:
        case CellType::FormulaString:
            // A formula cell with t="str" holds its result in <v>; an inline string its text in <is><t>.
            text = std::move(value);
            decode_ooxml_escapes(text);
            break;
        case CellType::Boolean:
            if (value == "1") text = "TRUE";
            else if (value == "0") text = "FALSE";
            else text = std::move(value);
            break;
        case CellType::Error: return;   // #N/A, #DIV/0!: no value
        case CellType::IsoDate: text = std::move(value); break;
        case CellType::Number:
            if (value.empty()) return;
            text = style == NumberStyle::Number ? canonical_number(value)
                                                : serial_date_text(value, context.date1904, style);
            break;
        }
        if (text.empty()) return;
        row.cells.push_back({cell_column, std::move(text)});
    }
};

SheetParser::SheetParser(SheetContext context, std::string part, bool collect_merges)
    : handler_(std::make_unique<Handler>()) {
    handler_->context = context;
    handler_->collect_merges = collect_merges;
    parser_ = std::make_unique<XmlParser>(*handler_, std::move(part));
    handler_->parser = parser_.get();
}

SheetParser::~SheetParser() = default;

void SheetParser::after_parse(bool finished) {
    suspended_ = !finished;
    if (!handler_->failure.empty()) throw SheetError{handler_->failure};
    if (handler_->row_done) {
        handler_->row_done = false;
        std::swap(row_, handler_->row);
        has_row_ = true;
    }
}

void SheetParser::feed(const char* data, std::size_t size, bool is_final) {
    after_parse(parser_->feed(data, size, is_final));
}

void SheetParser::next() {
    has_row_ = false;
    if (suspended_) after_parse(parser_->resume());
}

const std::vector<MergedRange>& SheetParser::merged_ranges() const { return handler_->merges; }

std::optional<std::uint32_t> SheetParser::dimension_last_column() const { return handler_->dimension_last_column; }

}  // namespace kamscore
