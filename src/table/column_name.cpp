#include "kamscore/table/column_name.hpp"

#include <algorithm>
#include <cctype>

namespace kamscore {

std::string_view trim_spaces_and_tabs(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

bool same_column_name(std::string_view a, std::string_view b) {
    if (a == b) return true;
    a = trim_spaces_and_tabs(a);
    b = trim_spaces_and_tabs(b);
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

int find_column(const std::vector<std::string>& header, std::string_view wanted) {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == wanted) return static_cast<int>(i);
    for (std::size_t i = 0; i < header.size(); ++i)
        if (same_column_name(header[i], wanted)) return static_cast<int>(i);
    return -1;
}

}  // namespace kamscore
