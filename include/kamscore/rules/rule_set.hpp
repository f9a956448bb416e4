#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kamscore/diagnostic.hpp"
#include "kamscore/rules/rule_test.hpp"
#include "kamscore/table/join_key.hpp"
#include "kamscore/table/parse_value.hpp"
#include "kamscore/value.hpp"

namespace kamscore {

/// An expression as written in the rule file, with where it stands.
struct ExpressionText {
    std::string text;
    SourceLocation origin;      ///< where text[0] is in the rule file
    bool exact_positions = false;  ///< true: byte offset k of text is on origin.line at
                                   ///< origin.column + (characters before k); false: report at origin
    std::string source_line;    ///< the rule-file line of origin, for carets
};

struct InputSpec {
    std::string id_column;        ///< required
    std::string label_column;     ///< optional ("" = none)
    char delimiter = 0;           ///< 0 = auto, else ',' ';' '\t' '|'
    char decimal = '.';           ///< '.' or ','
    std::string encoding = "utf-8";   ///< normalised: "utf-8", "windows-1252" or "iso-8859-1"
    SourceLocation location;          ///< of the id column's name
    SourceLocation label_location;    ///< of the label column's name (line 0 when none)
    std::string group_column;         ///< input.group: rows roll up to this id ("" = no groups)
    SourceLocation group_location;
    /// input.missing_words: cells that mean "no value" (k.A., n/a, -), for every field without
    /// its own list. Empty: only blank cells are missing.
    std::vector<std::string> missing_words;
    /// For workbook inputs: the sheet to read ("" = the first) and the 1-based row holding
    /// the header (0 = the first row with a value).
    std::string sheet;
    std::uint64_t header_row = 0;
};

/// What a field does with a cell that is not a value of its type (README "Bad input").
enum class InvalidPolicy {
    Reject,    ///< the row is a bad row (the default)
    Missing,   ///< the value is missing; the row is scored
    Error,     ///< the run stops at this cell, even with --skip-bad-rows
};

struct ParamSpec {
    std::string name;
    Value value;
    SourceLocation location;
};

/// How the member rows of a corporate group combine into one value (input.group).
enum class Aggregate { Default, Sum, Max, Min, Mean, CountDistinct, Any, All, First };

/// How a field takes its value from the rows of a secondary source that share a customer's key
/// (README "Sources"). `Value` is the one row's cell (a source of one row per key).
enum class SourceAggregate { Value, Sum, Mean, Min, Max, Count, CountIf, ShareIf, First, Last };

/// "value", "sum", ..., "count_if", "share_if", "first", "last".
std::string_view source_aggregate_name(SourceAggregate aggregate);

/// A secondary source of the `sources:` section: another export joined onto the customer list
/// (the primary source, the files on the command line) by a key.
struct SourceSpec {
    std::string name;                     ///< an identifier; fields name it with `source:`
    SourceLocation location;              ///< of the name
    std::string file;                     ///< a path or glob as written ("" = given by --source)
    SourceLocation file_location;
    std::optional<char> delimiter;        ///< unset: detected; 0 too
    std::optional<char> decimal;          ///< unset: the input's
    std::optional<std::string> encoding;  ///< normalised like input.encoding; unset: the input's
    std::string key_column;               ///< required
    SourceLocation key_location;
    KeyNormalization normalize;           ///< applied to this source's keys and the customers'
    std::string map_file;                 ///< a CSV of old,new keys (after normalising); "" = none
    SourceLocation map_location;
    std::string match_column;             ///< the customer list's column; "" = input.id
    SourceLocation match_location;
    bool many_rows = true;                ///< `rows: many` (the default) or `rows: one`
    std::optional<ExpressionText> where;  ///< rows for which it does not hold are left out (counted)
    /// `types:` column -> type for the columns expressions read; others are inferred from the data.
    std::vector<std::pair<std::string, Type>> types;
};

struct FieldSpec {
    std::string name;
    std::string column;           ///< header name in the CSV
    Type type = Type::Number;     ///< in expressions; with input.group, after aggregation
    std::string date_format;      ///< for dates: "" = ISO or 31.12.2024
    BoolWords bool_words;         ///< for bools; words are lower case
    SourceLocation location;          ///< of the field's name
    SourceLocation column_location;   ///< of the column's name, for "no such column" errors
    Type column_type = Type::Number;   ///< as read from the CSV (differs for count_distinct)
    Aggregate aggregate = Aggregate::Default;   ///< resolved when input.group is set
    SourceLocation aggregate_location{};        ///< line 0 when not written
    /// The field's own missing_words:, which replace input.missing_words (unset: those apply).
    std::optional<std::vector<std::string>> missing_words{};
    InvalidPolicy invalid = InvalidPolicy::Reject;
    /// `source:` the secondary source the field reads ("" = the customer list itself).
    std::string source{};
    SourceLocation source_location{};
    SourceAggregate source_aggregate = SourceAggregate::Value;
    SourceLocation source_aggregate_location{};   ///< line 0 when not written
    std::optional<ExpressionText> condition{};   ///< count_if / share_if
    std::optional<ExpressionText> where{};       ///< only the source's rows for which it holds
    std::string order_by{};                      ///< first/last: by this date column ("" = file order)
    /// A field made by `pivot:`: only rows whose `pivot_column` cell is `pivot_value`.
    std::string pivot_column{};
    std::string pivot_value{};
};

struct DerivedSpec {
    std::string name;
    ExpressionText expression;
    SourceLocation location;      ///< of the name
};

struct StrategicSpec {
    std::string id;
    std::string label;            ///< the id when not given
    ExpressionText when;
    SourceLocation location;      ///< of the id
};

enum class ScaleKind { Percentile, Linear, Log, Bands, Map };

/// Values below `upper` (and not below an earlier band) score `score`; upper is +inf for null.
struct Band {
    double upper = 0;
    double score = 0;
};

struct ScaleSpec {
    ScaleKind kind = ScaleKind::Percentile;
    double low = 0, high = 0;                          ///< linear, log (low != high; log: both > 0)
    std::vector<Band> bands;                           ///< bands, strictly ascending upper bounds,
                                                       ///< the last +inf; scores 0..100
    std::vector<std::pair<std::string, double>> map;   ///< map: value -> score, in file order
    SourceLocation location;                           ///< of the scale's value
};

enum class MissingPolicy { Zero, Skip, Error };

struct MetricSpec {
    std::string id;
    std::string label;            ///< the id when not given
    ExpressionText value;
    double weight = 0;            ///< >= 0
    ScaleSpec scale;
    MissingPolicy missing = MissingPolicy::Zero;
    SourceLocation location;      ///< of the id
};

/// The seats of one group of customers under a tier's `max: { by: ..., seats: {...} }`.
struct GroupSeats {
    std::string group;            ///< a value of `by` ("" for `default:`)
    std::size_t seats = 0;
    std::string param;            ///< `north: north_seats`: the param that gives them ("" = a number)
    SourceLocation location;      ///< of the seats' value
};

/// A capacity per group of customers (README "tiers"): the best by score within each group.
struct CapacityGroups {
    ExpressionText by;                        ///< a text: region, owner, segment.abc
    std::vector<GroupSeats> seats;            ///< in file order, groups unique
    std::optional<GroupSeats> default_seats;  ///< of each group not listed (also a missing value);
                                              ///< unset: a candidate of such a group stops the run
    /// The seats of `group`: listed, else the default, else nullopt.
    std::optional<std::size_t> seats_of(std::string_view group) const;
};

struct TierSpec {
    std::string id;
    std::string label;            ///< the id when not given
    std::optional<ExpressionText> when;    ///< absent only for the last tier
    std::optional<std::size_t> max;        ///< capacity
    std::string max_param;        ///< `max: seats`: the param that gives the capacity ("" = a number)
    SourceLocation max_location;  ///< of the value of `max`
    std::optional<CapacityGroups> max_groups;   ///< `max: { by: ..., seats: ... }` (then `max` is unset)
    std::optional<ExpressionText> max_expression;   ///< `max: round(seats * 1.1)`: over params only
    std::optional<ExpressionText> stay;    ///< stickiness with --previous (later issue)
    SourceLocation location;      ///< of the id
};

/// How a segment's cut-off between "low" and "high" is found: values >= the cut-off are high.
struct SplitSpec {
    enum Kind { Median, Percentile, Fixed } kind = Median;
    double value = 50;            ///< Percentile: 0..100; Fixed: the cut-off itself
};

enum class SegmentKind { Pareto, Grid, Cases };

/// A further view of the customers (`segments:`, README "Segments"), one text column each,
/// usable in tiers as `segment.<name>`.
struct SegmentSpec {
    std::string name;
    SegmentKind kind = SegmentKind::Pareto;
    ExpressionText value;         ///< pareto: the value whose cumulative share ranks; grid: x
    ExpressionText y;             ///< grid only
    /// pareto: class label and the cumulative share (percent) it reaches, ascending, last 100.
    std::vector<std::pair<std::string, double>> classes;
    SplitSpec x_split, y_split;   ///< grid
    /// grid: labels of high_high, high_low, low_high, low_low (x level first).
    std::vector<std::string> cells;
    struct Case {
        std::optional<ExpressionText> when;   ///< absent: the default case (the last one)
        std::string label;
    };
    std::vector<Case> cases;      ///< cases: the first whose `when` holds gives the label
    SourceLocation location;      ///< of the name
};

/// An entry of `output:` (or of `--columns`): a field or derived value written as a column of
/// its own, after the fixed columns (README "Output").
struct OutputValueSpec {
    std::string name;             ///< a field or a derived value
    int decimals = -1;            ///< numbers: fixed decimals (0..15); -1: the shortest exact form
    SourceLocation location;      ///< of the name (line 0 for --columns)
};

/// The `summary:` section: which value the revenue shares of `kamscore summary` add up.
struct SummarySpec {
    std::optional<ExpressionText> revenue;
};

/// The `guards:` section: checks that stop a run on an export that looks broken (README,
/// "Nightly runs"). Unset members keep the default; the command line overrides each of them.
struct GuardsSpec {
    std::optional<bool> allow_empty;             ///< zero customers scored is not an error
    std::optional<std::uint64_t> min_rows;       ///< fewer customers scored is an error
    std::optional<double> max_disappeared;       ///< percent of the previous results, 0..100
    std::optional<double> max_new;               ///< percent of the previous results, >= 0
    std::optional<bool> require_final_newline;   ///< a last record without a line break is an error
};

/// A cell of a test row that names a column the rules do not read: an error of the rule file.
/// When the file is loaded to score an export, these errors wait for the export's header, as
/// a field pointed at the wrong column is their usual cause and is reported first.
struct UnknownTestColumn {
    std::string column;
    Diagnostic diagnostic;
};

/// A loaded rule file (README "Rule file reference"). Expressions are still text; compiling
/// them is the next stage.
struct RuleSet {
    std::string path;
    std::string text;                    ///< the file as read ("" when built in code), for the provenance record
    int version = 1;
    std::string name;
    InputSpec input;
    std::vector<ParamSpec> params;
    std::vector<FieldSpec> fields;
    std::vector<DerivedSpec> derived;
    std::vector<StrategicSpec> strategic;
    std::vector<MetricSpec> metrics;
    std::vector<TierSpec> tiers;
    std::vector<RuleTest> tests;         ///< run by `kamscore test`, ignored when scoring
    /// Also among the load's diagnostics; kept here only when load_rule_file defers them.
    std::vector<UnknownTestColumn> unknown_test_columns;
    std::vector<SegmentSpec> segments;   ///< evaluated after the score, before the tiers
    SummarySpec summary;
    GuardsSpec guards;
    std::vector<OutputValueSpec> output;   ///< `output:` columns, in file order
    std::vector<SourceSpec> sources;     ///< secondary sources, joined onto the input by key

    const SourceSpec* find_source(std::string_view name) const;
};

/// Why `name` cannot be an output column of `rules` (README "Output"): it names no field or
/// derived value (with the closest such name), or its column name is one the output already
/// has (`score`, `revenue_score`, a segment, ...). Empty when it can be.
std::string output_name_problem(const RuleSet& rules, std::string_view name);

/// What `max: <expression>` gives with these params: a whole number of 1 or more, or why not
/// (with the byte range of the expression it concerns, for a caret).
struct CapacityValue {
    std::optional<std::size_t> seats;
    std::string problem;
    std::size_t offset = 0, length = 0;
};
CapacityValue evaluate_capacity(const ExpressionText& expression, const std::vector<ParamSpec>& params);

/// "sum", "max", ..., "count_distinct", "first" ("default" before resolution).
std::string_view aggregate_name(Aggregate aggregate);

/// A diagnostic for bytes [offset, offset+length) of an expression, mapped to the rule file:
/// at the exact line and column (counted in characters) when exact_positions, otherwise at
/// the expression's origin.
Diagnostic diagnostic_in_expression(const ExpressionText& expression, std::size_t offset,
                                    std::size_t length, std::string message,
                                    Severity severity = Severity::Error);

}  // namespace kamscore
