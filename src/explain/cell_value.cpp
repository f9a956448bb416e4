#include "explain/cell_value.hpp"

#include "kamscore/table/parse_value.hpp"
#include "kamscore/output/cell_format.hpp"

namespace kamscore {

Value cell_value(const Column& column, std::size_t row) {
    if (column.is_missing_at(row)) return Value::missing_of(column.type);
    switch (column.type) {
    case Type::Number: return Value::of_number(column.numbers[row]);
    case Type::Date: return Value::of_date(column.numbers[row]);
    case Type::Bool: return Value::of_bool(column.bools[row] == bool_true);
    case Type::Text: return Value::of_text(std::string(column.texts[row]));
    }
    return Value::missing_of(column.type);
}

std::vector<NamedValue> values_read(const expr::Program& program, const expr::Scope& scope, const Frame& frame,
                                    std::size_t row) {
    std::vector<NamedValue> values;
    for (const std::string& name : program.names_read()) {
        const expr::Binding* binding = scope.find(name);
        if (!binding) continue;
        if (binding->constant) values.emplace_back(name, *binding->constant);
        else if (binding->slot >= 0) values.emplace_back(name, cell_value(frame.columns[static_cast<std::size_t>(binding->slot)], row));
    }
    return values;
}

std::string format_number_text(double value, int decimals) {
    if (is_missing(value)) return "missing";
    char buffer[max_cell_chars];
    return std::string(buffer, format_number(buffer, value, decimals));
}

std::string format_value(const Value& value) {
    if (value.missing) return "missing";
    switch (value.type) {
    case Type::Number: return format_number_text(value.number);
    case Type::Date: return format_date(value.number);
    case Type::Bool: return value.boolean ? "true" : "false";
    case Type::Text: {
        std::string quoted = "\"";
        quoted += value.text;
        quoted += '"';
        return quoted;
    }
    }
    return "";
}

}  // namespace kamscore
