#pragma once

#include <string>
#include <vector>

namespace kamscore::rule_keys {

// The keys the rule loader accepts in each map of a rule file, in one place: the loaders read
// with them, and rule_schema_test.cpp checks that the JSON Schema (rule_schema.cpp, printed by
// `kamscore schema`) lists exactly these, so that the two cannot drift apart. A new key goes
// into its list here and into the schema's definition of the same name.

/// The supported top-level sections (load_rules.cpp's table, without the refused ones).
std::vector<std::string> top_level();

inline const std::vector<std::string> input{"id",    "label",         "delimiter", "decimal",   "encoding",
                                            "group", "missing_words", "sheet",     "header_row"};
/// The long form of a field, { column: ..., type: ... }.
inline const std::vector<std::string> field{"column",  "type",   "format", "true",     "false",
                                            "aggregate", "missing_words", "invalid", "source", "where",
                                            "count_if", "share_if", "by",     "pivot"};
/// A field's `pivot:`, { column: year, values: [2024, 2025] }.
inline const std::vector<std::string> pivot{"column", "values"};
/// A secondary source under `sources:` (load_sources.cpp).
inline const std::vector<std::string> source{"file",  "delimiter", "decimal", "encoding", "key",   "normalize", "pattern",
                                             "match_pattern", "map", "match", "rows", "where", "types"};
/// The words of a source's `normalize:` list.
inline const std::vector<std::string> key_normalizations{"trim", "lower", "upper", "strip_zeros"};
/// A sourced field's `aggregate:` words (count_if and share_if are keys of their own).
inline const std::vector<std::string> source_aggregates{"value", "sum", "mean", "min", "max", "count", "first", "last"};
inline const std::vector<std::string> strategic_criterion{"id", "label", "when"};
inline const std::vector<std::string> metric{"id", "label", "value", "weight", "scale", "missing"};
/// A scale is one of these: `percentile` written alone, the others as { kind: ... }.
inline const std::vector<std::string> scale{"percentile", "linear", "log", "bands", "map"};
inline const std::vector<std::string> tier{"id", "label", "when", "max", "stay"};
/// A tier's `max:` as seats per group of customers.
inline const std::vector<std::string> capacity_groups{"by", "seats", "default"};
inline const std::vector<std::string> pareto_segment{"pareto", "classes"};
inline const std::vector<std::string> grid_segment{"x", "y", "split", "cells"};
inline const std::vector<std::string> grid_split{"x", "y"};
inline const std::vector<std::string> grid_cells{"high_high", "high_low", "low_high", "low_low"};
inline const std::vector<std::string> cases_segment{"cases"};
inline const std::vector<std::string> segment_case{"when", "label"};
inline const std::vector<std::string> summary{"revenue"};
inline const std::vector<std::string> guards{"allow_empty", "min_rows", "max_disappeared", "max_new",
                                             "require_final_newline"};
/// The long form of an `output:` entry, { name: ..., decimals: ... }.
inline const std::vector<std::string> output_value{"name", "decimals"};
inline const std::vector<std::string> test{"name", "rows", "expect", "scores", "tolerance", "set", "previous", "today"};

// Words the loader accepts as values (compared as written).
inline const std::vector<std::string> field_types{"number", "bool", "text", "date"};
inline const std::vector<std::string> missing_policies{"zero", "skip", "error"};
/// A field's `invalid:` words (load_fields.cpp's read_invalid).
inline const std::vector<std::string> invalid_policies{"reject", "missing", "error"};
/// A field's `aggregate:` words (load_groups.cpp's table).
std::vector<std::string> aggregates();

}  // namespace kamscore::rule_keys
