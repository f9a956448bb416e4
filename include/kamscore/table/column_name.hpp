#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kamscore {

/// `text` without the spaces and tabs around it: how ids, names and text cells are compared.
std::string_view trim_spaces_and_tabs(std::string_view text);

/// The one rule by which a name in a rule file meets a CSV header name: equal, or equal
/// ignoring ASCII case and surrounding spaces and tabs. Used for fields, the id, the label,
/// --keep and the rows of rule-file tests.
bool same_column_name(std::string_view a, std::string_view b);

/// The index of the header name `wanted`: an exact match first, then same_column_name;
/// -1 when absent.
int find_column(const std::vector<std::string>& header, std::string_view wanted);

}  // namespace kamscore
