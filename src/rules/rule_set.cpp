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

namespace kamscore {

std::string_view source_aggregate_name(SourceAggregate aggregate) {
    switch (aggregate) {
    case SourceAggregate::Value: return "value";
    case SourceAggregate::Sum: return "sum";
    case SourceAggregate::Mean: return "mean";
    case SourceAggregate::Min: return "min";
    case SourceAggregate::Max: return "max";
    case SourceAggregate::Count: return "count";
    case SourceAggregate::CountIf: return "count_if";
    case SourceAggregate::ShareIf: return "share_if";
    case SourceAggregate::First: return "first";
    case SourceAggregate::Last: return "last";
    }
    return "value";
}

const SourceSpec* RuleSet::find_source(std::string_view name) const {
    for (const SourceSpec& source : sources)
        if (source.name == name) return &source;
    return nullptr;
}

}  // namespace kamscore
