#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kamscore/diagnostic.hpp"

namespace kamscore {

/// A key and its text in a test, with where the key stands in the rule file.
struct TestEntry {
    std::string key;
    std::string value;
    SourceLocation location;   ///< of the key
    SourceLocation value_location;
};

/// A row of a test: CSV cells by column name, as in the export (a column not given is an
/// empty cell).
struct TestRow {
    std::vector<TestEntry> cells;
    SourceLocation location;
};

/// A test case of the `tests:` section (README "Testing rules"), run by `kamscore test`:
///   - name: declined partnership makes a large customer
///     rows: [ { customer_id: A, revenue_2025: 5000000, kam_agreement: "no" } ]
///     expect: { A: large_customer }        # tiers by id
///     scores: { A: 71.5 }                  # optional, within `tolerance` (default 0.005)
///     set: { min_score: 60 }               # optional, like --set
///     previous: { A: key_account }         # optional, like --previous
///     today: 2025-01-31                    # optional, like --today
struct RuleTest {
    std::string name;
    SourceLocation location;          ///< of the name
    std::vector<TestRow> rows;
    std::vector<TestEntry> expect;    ///< id -> tier id
    std::vector<TestEntry> scores;    ///< id -> score (text of a number)
    double tolerance = 0.005;
    std::vector<TestEntry> set;       ///< param -> value
    std::vector<TestEntry> previous;  ///< id -> tier id
    std::optional<std::string> today;
    SourceLocation today_location;
};

}  // namespace kamscore
