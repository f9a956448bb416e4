#include "kamscore/table/column.hpp"

namespace kamscore {

std::size_t Column::size() const {
    switch (type) {
    case Type::Number:
    case Type::Date: return numbers.size();
    case Type::Bool: return bools.size();
    case Type::Text: return texts.size();
    }
    return 0;
}

void Column::resize(std::size_t rows) {
    switch (type) {
    case Type::Number:
    case Type::Date: numbers.resize(rows, missing_number); break;
    case Type::Bool: bools.resize(rows, bool_missing); break;
    case Type::Text: texts.resize(rows); break;
    }
}

void Column::reserve(std::size_t rows) {
    switch (type) {
    case Type::Number:
    case Type::Date: numbers.reserve(rows); break;
    case Type::Bool: bools.reserve(rows); break;
    case Type::Text: texts.reserve(rows); break;
    }
}

bool Column::is_missing_at(std::size_t row) const {
    switch (type) {
    case Type::Number:
    case Type::Date: return is_missing(numbers[row]);
    case Type::Bool: return bools[row] == bool_missing;
    case Type::Text: return texts[row].data() == nullptr;
    }
    return true;
}

int Frame::add_column(std::string name, Type type) {
    columns.emplace_back(type);
    columns.back().resize(rows);
    names.push_back(std::move(name));
    return static_cast<int>(columns.size() - 1);
}

Frame Frame::empty_like() const {
    Frame frame;
    for (std::size_t slot = 0; slot < columns.size(); ++slot) frame.add_column(names[slot], columns[slot].type);
    return frame;
}

}  // namespace kamscore
