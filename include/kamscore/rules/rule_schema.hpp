#pragma once

#include <string_view>

namespace kamscore {

/// A JSON Schema (draft-07, which editors' YAML language servers support best) of the rule
/// file format, as `kamscore schema` prints it: every key the loader accepts, with its type
/// and allowed words, and no other (additionalProperties: false), so that an editor completes
/// keys and marks a misspelt one. The loader stays the judge: the schema cannot check what
/// needs the data or other sections (expressions, unique ids, names defined once).
std::string_view rule_file_schema();

}  // namespace kamscore
