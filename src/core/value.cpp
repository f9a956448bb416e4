#include "kamscore/value.hpp"

namespace kamscore {

std::string_view type_name(Type type) {
    switch (type) {
    case Type::Number: return "number";
    case Type::Bool: return "bool";
    case Type::Text: return "text";
    case Type::Date: return "date";
    }
    return "?";
}

}  // namespace kamscore
