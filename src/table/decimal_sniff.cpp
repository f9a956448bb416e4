#include "kamscore/table/decimal_sniff.hpp"

#include <fmt/format.h>

#include "kamscore/table/parse_value.hpp"

namespace kamscore {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

char other_mark(char decimal) { return decimal == ',' ? '.' : ','; }

/// The cell shown in quotes, cut after 40 bytes; control bytes as \xNN so that nothing from
/// the export reaches the terminal as an escape sequence.
std::string quoted(std::string_view cell) {
    constexpr std::size_t shown = 40;
    std::string text = "\"";
    for (char c : cell.substr(0, shown)) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) text += fmt::format("\\x{:02x}", byte);
        else text += c;
    }
    return text + (cell.size() > shown ? "...\"" : "\"");
}

}  // namespace

DecimalHint decimal_hint(std::string_view cell, char decimal, bool parsed) {
    // Called for every number cell: one pass with plain compares (find_first_of would call
    // memchr once per byte of the cell).
    const char other = other_mark(decimal);
    std::size_t marks = 0, mark_at = 0;
    for (std::size_t i = 0; i < cell.size(); ++i) {
        if (cell[i] != '.' && cell[i] != ',') continue;
        if (marks++ == 0) mark_at = i;
    }
    if (marks == 0) return DecimalHint::None;
    if (!parsed) return parse_number(cell, NumberFormat{other}) ? DecimalHint::Other : DecimalHint::None;
    // Read with the declared mark, a cell is also a number with the other one only when its
    // single mark is followed by exactly three digits (1.200, 1,200): the other mark takes
    // it for a thousands separator. Any other mark (1.5, 1,234.5, 1.234.567 with ",") is not.
    if (marks != 1) return DecimalHint::Declared;
    std::size_t digits_after = 0;
    while (mark_at + 1 + digits_after < cell.size() && is_digit(cell[mark_at + 1 + digits_after])) ++digits_after;
    if (digits_after != 3) return DecimalHint::Declared;
    // 1,200 with decimal ".": the declared mark reads thousands, which is never a misread.
    if (cell[mark_at] != decimal) return DecimalHint::None;
    std::size_t first_digit = 0;
    while (first_digit < cell.size() && !is_digit(cell[first_digit])) ++first_digit;
    if (first_digit < cell.size() && cell[first_digit] == '0') return DecimalHint::Declared;   // 0.500 is no 500
    return parse_number(cell, NumberFormat{other}) ? DecimalHint::Ambiguous : DecimalHint::Declared;
}

DecimalHint decimal_hint_of_plain(std::string_view cell, char decimal, int fraction_digits) {
    if (fraction_digits == 0) return DecimalHint::None;
    if (fraction_digits != 3) return DecimalHint::Declared;
    return decimal_hint(cell, decimal, true);
}

void DecimalEvidence::add_example(DecimalHint hint, std::string_view cell, std::uint64_t line) {
    if (hint == DecimalHint::Other) {
        ++other;
        if (other_examples_.size() < shown) other_examples_.push_back({line, std::string(cell), hint});
    } else {
        ++ambiguous;
        if (ambiguous_examples_.size() < shown) ambiguous_examples_.push_back({line, std::string(cell), hint});
    }
}

bool DecimalEvidence::is_other_mark(char delimiter, char decimal) const {
    if (other > declared) return true;
    // Excel writes ';' between cells exactly where the decimal mark is ',' (and ',' where it is '.').
    const bool delimiter_fits_other = delimiter == (decimal == '.' ? ';' : ',');
    return ambiguous > 0 && declared == 0 && delimiter_fits_other;
}

std::vector<DecimalExample> DecimalEvidence::examples() const {
    std::vector<DecimalExample> shown_examples;
    for (const auto* kind : {&other_examples_, &ambiguous_examples_})
        for (const DecimalExample& example : *kind)
            if (shown_examples.size() < shown) shown_examples.push_back(example);
    return shown_examples;
}

std::string describe_decimal_example(const DecimalExample& example, char decimal) {
    const char other = other_mark(decimal);
    const auto as_other = parse_number(example.cell, NumberFormat{other});
    const std::string with_other = as_other ? fmt::format("{}", *as_other) : "?";
    if (example.hint == DecimalHint::Ambiguous) {
        const auto as_declared = parse_number(example.cell, NumberFormat{decimal});
        return fmt::format("{} is {} with decimal \"{}\" but {} with \"{}\"", quoted(example.cell),
                           as_declared ? fmt::format("{}", *as_declared) : "?", decimal, with_other, other);
    }
    return fmt::format("{} is a number only with decimal \"{}\" ({})", quoted(example.cell), other, with_other);
}

}  // namespace kamscore
