// What a cell of a field reads as, worked out once per cell: by TableBuilder::add, or ahead of
// it on the reading thread (PreparedCells), so that converting numbers runs on the second core.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kamscore/io/read_ahead.hpp"
#include "kamscore/io/record.hpp"
#include "kamscore/rules/rule_set.hpp"
#include "kamscore/table/decimal_sniff.hpp"
#include "kamscore/value.hpp"

namespace kamscore {

struct ColumnBinding;

/// One cell of a field, read. A cell that is not a value of the field's type is `unreadable`:
/// what then happens (a bad row, a missing value, the run stopping) is the builder's decision,
/// by the field's `invalid:` policy.
struct CellReading {
    double number = missing_number;   ///< Number and Date (days since 1970-01-01)
    Bool3 flag = bool_missing;        ///< Bool
    bool is_missing_word = false;     ///< the cell is one of the field's missing words
    bool is_unreadable = false;
    DecimalHint hint = DecimalHint::None;   ///< Number cells of an export: which mark it shows
};

/// How the cells of one input are read: its decimal mark, and whether it is a workbook (whose
/// numbers carry '.' and dates are ISO whatever the rule file says).
struct CellContext {
    char decimal = '.';
    bool is_workbook = false;

    /// A joined cell (a secondary source's) and a workbook's are canonical: '.' decimals, ISO
    /// dates, and no decimal-mark evidence to weigh.
    bool is_canonical(bool is_joined) const { return is_joined || is_workbook; }
    char decimal_for(bool is_joined) const { return is_canonical(is_joined) ? '.' : decimal; }
};

/// Reads `cell` as a value of `field`. `is_joined`: a cell of a secondary source (canonical:
/// '.' decimals, ISO dates, no decimal-mark evidence). Blank cells read as missing.
CellReading read_cell(const FieldSpec& field, std::string_view cell, const std::vector<std::string>& missing_words,
                      CellContext context, bool is_joined);

/// The cells of a record read ahead, on the reading thread: its id's hash and each field's
/// reading (fields of secondary sources are joined later, on the caller's thread: not here).
struct PreparedRecord {
    bool is_prepared = false;   ///< false: a malformed record, or one with the wrong field count
    std::uint64_t id_hash = 0;
    const CellReading* cells = nullptr;   ///< parallel to the rules' fields
};

/// RecordWork that reads every field's cell of each record (see ReadAhead): the conversions
/// that TableBuilder::add would do, a batch ahead, on the reading thread.
class PreparedCells final : public RecordWork {
public:
    PreparedCells(const RuleSet& rules, const ColumnBinding& binding, CellContext context,
                  std::size_t batch_records = ReadAhead::default_batch_records);
    void on_record(const CsvRecord& record, std::size_t batch, std::size_t index) override;
    void skipped(std::size_t batch, std::size_t index) override { slots_[batch].is_prepared[index] = 0; }
    PreparedRecord at(RecordPlace place) const;

private:
    const RuleSet& rules_;
    const ColumnBinding& binding_;
    CellContext context_;
    std::size_t field_count_;
    std::vector<const std::vector<std::string>*> missing_words_;
    struct Slot {
        std::vector<CellReading> cells;        ///< batch_records × fields
        std::vector<std::uint64_t> id_hashes;  ///< per record
        std::vector<std::uint8_t> is_prepared;  ///< per record
    };
    Slot slots_[ReadAhead::batches_in_flight];
};

/// Per field: its missing_words, else the input's.
std::vector<const std::vector<std::string>*> missing_words_of(const RuleSet& rules);

}  // namespace kamscore
