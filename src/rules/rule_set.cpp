#include "kamscore/rules/rule_set.hpp"

#include <algorithm>

namespace kamscore {

std::optional<std::size_t> CapacityGroups::seats_of(std::string_view group) const {
    for (const GroupSeats& listed : seats)
        if (listed.group == group) return listed.seats;
    if (default_seats) return default_seats->seats;
    return std::nullopt;
}

Diagnostic diagnostic_in_expression(const ExpressionText& expression, std::size_t offset, std::size_t length,
                                    std::string message, Severity severity) {
    Diagnostic diagnostic{severity, expression.origin, std::move(message), expression.source_line};
    if (!expression.exact_positions) return diagnostic;
    std::string_view text = expression.text;
    offset = std::min(offset, text.size());
    length = std::min(length, text.size() - offset);
    diagnostic.location.column = expression.origin.column + count_characters(text.substr(0, offset));
    diagnostic.location.length = std::max(1, count_characters(text.substr(offset, length)));
    return diagnostic;
}

}  // namespace kamscore
