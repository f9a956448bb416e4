#include "kamscore/score/cell_reading.hpp"

#include "kamscore/score/table_builder.hpp"
#include "kamscore/table/column_name.hpp"
#include "kamscore/table/id_index.hpp"
#include "kamscore/table/parse_value.hpp"

namespace kamscore {

CellReading read_cell(const FieldSpec& field, std::string_view cell, const std::vector<std::string>& missing_words,
                      CellContext context, bool is_joined) {
    CellReading reading;
    const bool is_canonical = context.is_canonical(is_joined);
    const char decimal = context.decimal_for(is_joined);
    // Most cells of a number column are plain decimals ("-1234.56"): never blank, and a missing
    // word only when one is spelt as a number. Read at once, they skip the blank and missing
    // word checks; the reading is that of the long way below.
    if (field.type == Type::Number) {
        int fraction_digits = 0;
        if (double plain = 0; parse_plain_decimal(cell, decimal, plain, fraction_digits) &&
                              (missing_words.empty() || !is_missing_word(cell, missing_words))) {
            reading.number = plain;
            if (!is_canonical) reading.hint = decimal_hint_of_plain(cell, decimal, fraction_digits);
            return reading;
        }
    }
    if (is_blank(cell)) return reading;
    if (!missing_words.empty() && is_missing_word(cell, missing_words)) {
        reading.is_missing_word = true;
        return reading;
    }
    switch (field.type) {
    case Type::Number: {
        const auto number = parse_number(cell, NumberFormat{decimal});
        if (!is_canonical) reading.hint = decimal_hint(cell, decimal, number.has_value());
        if (number) reading.number = *number;
        else reading.is_unreadable = true;
        break;
    }
    case Type::Date: {
        // Canonical dates are ISO, whatever `format:` the export has.
        const std::string_view trimmed = trim_spaces_and_tabs(cell);
        if (auto days = parse_date(trimmed, is_joined ? std::string_view() : field.date_format);
            days || (is_canonical && !field.date_format.empty() && (days = parse_date(trimmed))))
            reading.number = *days;
        else
            reading.is_unreadable = true;
        break;
    }
    case Type::Bool:
        if (auto flag = parse_bool(trim_spaces_and_tabs(cell), field.bool_words))
            reading.flag = *flag ? bool_true : bool_false;
        else
            reading.is_unreadable = true;
        break;
    case Type::Text: break;
    }
    return reading;
}

std::vector<const std::vector<std::string>*> missing_words_of(const RuleSet& rules) {
    std::vector<const std::vector<std::string>*> words;
    for (const FieldSpec& field : rules.fields)
        words.push_back(field.missing_words ? &*field.missing_words : &rules.input.missing_words);
    return words;
}

PreparedCells::PreparedCells(const RuleSet& rules, const ColumnBinding& binding, CellContext context,
                             std::size_t batch_records)
    : rules_(rules), binding_(binding), context_(context), field_count_(rules.fields.size()),
      missing_words_(missing_words_of(rules)) {
    for (Slot& slot : slots_) {
        slot.cells.resize(batch_records * field_count_);
        slot.id_hashes.resize(batch_records);
        slot.is_prepared.resize(batch_records);
    }
}

void PreparedCells::on_record(const CsvRecord& record, std::size_t batch, std::size_t index) {
    Slot& slot = slots_[batch];
    // What TableBuilder::add refuses before reading any cell is left to it, with its message.
    slot.is_prepared[index] = record.problem.empty() && record.fields.size() == binding_.header_size;
    if (!slot.is_prepared[index]) return;
    slot.id_hashes[index] = IdIndex::hash(trim_spaces_and_tabs(record.fields[binding_.id_index]));
    CellReading* cells = &slot.cells[index * field_count_];
    for (std::size_t f = 0; f < field_count_; ++f) {
        const int column = binding_.field_indices[f];
        if (column < 0) continue;   // a secondary source's: joined on the caller's thread
        cells[f] = read_cell(rules_.fields[f], record.fields[column], *missing_words_[f], context_, false);
    }
}

PreparedRecord PreparedCells::at(RecordPlace place) const {
    const Slot& slot = slots_[place.batch];
    if (!slot.is_prepared[place.index]) return {};
    return {true, slot.id_hashes[place.index], &slot.cells[place.index * field_count_]};
}

}  // namespace kamscore
