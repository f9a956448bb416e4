// Which decimal mark a number column is really written with. A German export read with
// decimal "." turns 1.200 into 1.2 without a word; these functions collect what the cells of
// one column say, so that the run can stop and name the `decimal:` to set instead.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kamscore {

/// What one number cell says about the decimal mark of its column.
enum class DecimalHint : std::uint8_t {
    None,        ///< nothing: no '.' or ',', or read alike (or not at all) with both marks
    Declared,    ///< only the declared mark reads it: 1.5, 1,234.5, 0.500 (decimal ".")
    Other,       ///< only the other mark reads it: 1.234.567, 2.500,50, 1,5 (decimal ".")
    Ambiguous,   ///< the declared mark reads a fraction, the other grouped thousands: 1.200
};

/// The hint of `cell` for a column read with `decimal` ('.' or ','); `parsed` says whether
/// parse_number read the cell with `decimal`. A value whose digits start with 0 (0.500) is
/// never grouped thousands, so it counts for the declared mark.
DecimalHint decimal_hint(std::string_view cell, char decimal, bool parsed);

/// decimal_hint(cell, decimal, true) for a cell that parse_plain_decimal read, from the
/// fraction digits it counted: such a cell has no other mark and at most one `decimal`, so only
/// a fraction of exactly three digits (1.200) needs a second look.
DecimalHint decimal_hint_of_plain(std::string_view cell, char decimal, int fraction_digits);

/// One cell shown in the error: where it is and what it is.
struct DecimalExample {
    std::uint64_t line = 0;
    std::string cell;
    DecimalHint hint = DecimalHint::None;
};

/// The hints of one column of one file, and the verdict on them.
///
/// The column is written with the other mark when
///   (a) more of its values can only be read with the other mark than only with the declared
///       one (1.234.567 or 2.500,50 against 1.5 under decimal "."), or
///   (b) it has ambiguous values (1.200), none that only the declared mark reads, and the
///       file's delimiter is the one that goes with the other mark (';' with decimal ",",
///       ',' with decimal ".").
/// The verdict is taken once the whole column of the file has been seen, so it does not
/// depend on the order of the rows or on the batches they are computed in.
class DecimalEvidence {
public:
    static constexpr std::size_t shown = 3;   ///< examples kept of each kind

    /// Inline for the common cases: it runs for every number cell.
    void add(DecimalHint hint, std::string_view cell, std::uint64_t line) {
        if (hint == DecimalHint::None) return;
        if (hint == DecimalHint::Declared) ++declared;
        else add_example(hint, cell, line);
    }
    bool is_other_mark(char delimiter, char decimal) const;
    /// Up to `shown` cells for the message: those only the other mark reads first.
    std::vector<DecimalExample> examples() const;
    void clear() { *this = DecimalEvidence(); }

    std::uint64_t declared = 0, other = 0, ambiguous = 0;

private:
    void add_example(DecimalHint hint, std::string_view cell, std::uint64_t line);

    std::vector<DecimalExample> other_examples_, ambiguous_examples_;
};

/// The example as the error shows it, with both readings:
///   "1.234.567" is a number only with decimal "," (1234567)
///   "1.200" is 1.2 with decimal "." but 1200 with ","
std::string describe_decimal_example(const DecimalExample& example, char decimal);

}  // namespace kamscore
