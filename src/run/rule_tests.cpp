#include "kamscore/run/rule_tests.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "kamscore/error.hpp"
#include "kamscore/run/run.hpp"
#include "kamscore/table/column_name.hpp"
#include "kamscore/table/parse_value.hpp"

namespace kamscore {
namespace {

std::string quoted(std::string_view cell) {
    std::string out = "\"";
    for (char c : cell) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

/// The columns the rules read, once each (the header of a test's CSV).
std::vector<std::string> test_header(const RuleSet& rules) {
    std::vector<std::string> header;
    auto add = [&](const std::string& column) {
        if (column.empty()) return;
        for (const auto& known : header)
            if (same_column_name(known, column)) return;
        header.push_back(column);
    };
    add(rules.input.id_column);
    add(rules.input.label_column);
    add(rules.input.group_column);
    for (const auto& field : rules.fields) add(field.column);
    return header;
}

std::string test_csv(const std::vector<std::string>& header, const RuleTest& test) {
    std::string csv;
    for (std::size_t c = 0; c < header.size(); ++c) {
        if (c) csv += ',';
        csv += quoted(header[c]);
    }
    csv += '\n';
    for (const TestRow& row : test.rows) {
        for (std::size_t c = 0; c < header.size(); ++c) {
            std::string_view value;
            for (const TestEntry& cell : row.cells)
                if (same_column_name(cell.key, header[c])) value = cell.value;
            if (c) csv += ',';
            csv += quoted(value);
        }
        csv += '\n';
    }
    return csv;
}

std::string where(const SourceLocation& location) {
    return fmt::format("{}:{}:{}", location.file, location.line, location.column);
}

std::string yes_no(const Value& value) {
    if (value.missing) return "missing";
    return value.boolean ? "yes" : "no";
}

std::string points_text(double value) {
    return is_missing(value) ? std::string("missing") : fmt::format("{:.2f}", value);
}

/// The test's `previous:` entries as a result file, read like --previous.
std::string previous_csv(const RuleSet& rules, const RuleTest& test) {
    std::string csv = quoted(rules.input.id_column) + ",tier\n";
    for (const TestEntry& entry : test.previous) csv += quoted(entry.key) + ',' + quoted(entry.value) + '\n';
    return csv;
}

/// The rules a test runs: a field of a secondary source is a column of the test's rows named
/// like the field (its value after aggregation), and no source is read.
std::shared_ptr<const RuleSet> without_sources(const std::shared_ptr<const RuleSet>& rules) {
    if (rules->sources.empty()) return rules;
    auto flat = std::make_shared<RuleSet>(*rules);
    flat->sources.clear();
    for (FieldSpec& field : flat->fields) {
        if (field.source.empty()) continue;
        field.source.clear();
        field.column = field.name;
        field.date_format.clear();   // a test row writes a date as 2024-12-31
        field.missing_words.reset();
    }
    return flat;
}

/// One test, scored by the one run, as `score` scores an export.
class TestRun {
public:
    TestRun(const std::shared_ptr<const RuleSet>& rules, const RuleTest& test, double today)
        : flat_(without_sources(rules)), rules_(*flat_), test_(test) {
        RunRequest request;
        request.rules = flat_;
        request.inputs = {InputSource::text(fmt::format("test '{}'", test.name), test_csv(test_header(rules_), test))};
        request.dialect.delimiter = ',';
        request.dialect.encoding = TextEncoding::Utf8;   // the rows are YAML text, UTF-8 whatever the export is
        for (const TestEntry& entry : test.set) request.params[entry.key] = entry.value;
        request.today = test.today ? parse_date(*test.today).value_or(today) : today;
        request.skip_bad_rows = true;   // a bad row fails the test, at the row's place in the rule file
        request.apply_guards = false;   // a test's few rows are no export that could be cut off
        if (!test.previous.empty())
            request.previous = InputSource::text(fmt::format("test '{}' previous", test.name), previous_csv(rules_, test));
        try {
            run_ = run_scoring(request);
        } catch (const Error& error) {
            if (error.code() == ExitCode::BadRules) {
                fail(test.location, "the rules do not compile with this test's 'set'");
                return;
            }
            throw;
        }
        for (const RejectedRow& reject : run_->rejects) {
            // The header is line 1; test row i is line i + 2.
            const std::size_t row = reject.line >= 2 ? reject.line - 2 : 0;
            fail(row < test.rows.size() ? test.rows[row].location : test.location,
                 fmt::format("row {}: {}", row + 1, reject.message));
        }
        check_expectations();
    }

    const std::vector<std::string>& failures() const { return failures_; }

private:
    void fail(const SourceLocation& location, const std::string& message) {
        failures_.push_back(fmt::format("{}: test '{}': {}", where(location), test_.name, message));
    }

    std::optional<std::size_t> row_of(std::string_view id) const { return run_->row_of(id); }

    void check_expectations() {
        const ScoringPlan& plan = *run_->plan;
        const Frame& frame = run_->frame;
        for (const TestEntry& entry : test_.expect) {
            auto row = row_of(entry.key);
            if (!row) {
                fail(entry.location, fmt::format("'{}' was not scored (see the rows' problems above)", entry.key));
                continue;
            }
            std::string_view tier = frame.columns[plan.tier_slot].texts[*row];
            if (tier != entry.value)
                fail(entry.location,
                     fmt::format("'{}' is {}, expected {} ({})", entry.key, tier, entry.value, trace(*row)));
        }
        for (const TestEntry& entry : test_.scores) {
            auto row = row_of(entry.key);
            if (!row) {
                fail(entry.location, fmt::format("'{}' was not scored (see the rows' problems above)", entry.key));
                continue;
            }
            const double expected = parse_plain_score(entry.value);
            const double actual = frame.columns[plan.score_slot].numbers[*row];
            if (is_missing(actual) || std::fabs(actual - expected) > test_.tolerance + 1e-9)
                fail(entry.location, fmt::format("'{}' scores {}, expected {} ± {} (points: {})", entry.key,
                                                 points_text(actual), entry.value, test_.tolerance, points(*row)));
        }
    }

    static double parse_plain_score(const std::string& text) {
        return parse_number(text, NumberFormat{}).value_or(missing_number);
    }

    std::string points(std::size_t row) const {
        const Frame& frame = run_->frame;
        std::string text;
        for (std::size_t m = 0; m < rules_.metrics.size(); ++m)
            text += fmt::format("{}{} {}", m ? ", " : "", rules_.metrics[m].id,
                                points_text(frame.columns[run_->plan->metrics[m].points_slot].numbers[row]));
        return text;
    }

    /// Which tier conditions held for a row, up to the tier it got.
    std::string trace(std::size_t row) const {
        const ScoringPlan& plan = *run_->plan;
        const Frame& frame = run_->frame;
        std::string text = fmt::format("score {}, strategic {}", points_text(frame.columns[plan.score_slot].numbers[row]),
                                       frame.columns[plan.strategic_count_slot].numbers[row]);
        std::string_view actual = frame.columns[plan.tier_slot].texts[row];
        std::string_view previous = frame.columns[plan.previous_tier_slot].texts[row];
        for (std::size_t t = 0; t < rules_.tiers.size(); ++t) {
            const TierSpec& tier = rules_.tiers[t];
            text += fmt::format("; {}: ", tier.id);
            if (!plan.tiers[t].when) {
                text += "fallback";
            } else {
                Value when = plan.tiers[t].when->evaluate_row(frame, row);
                text += "when " + yes_no(when);
                if (plan.tiers[t].stay && previous == tier.id)
                    text += ", stay " + yes_no(plan.tiers[t].stay->evaluate_row(frame, row));
                const auto& away = run_->outcomes[t].turned_away;
                if (std::find(away.begin(), away.end(), row) != away.end())
                    text += fmt::format(", over capacity (max {})", *tier.max);
            }
            if (tier.id == actual) break;
        }
        return text + fmt::format(" -> {}", actual);
    }

    std::shared_ptr<const RuleSet> flat_;
    const RuleSet& rules_;
    const RuleTest& test_;
    std::unique_ptr<ScoredRun> run_;
    std::vector<std::string> failures_;
};

}  // namespace

RuleTestReport run_rule_tests(const std::shared_ptr<const RuleSet>& rules, double today) {
    RuleTestReport report;
    for (const RuleTest& test : rules->tests) {
        std::vector<std::string> failures;
        try {
            failures = TestRun(rules, test, today).failures();
        } catch (const Error& error) {
            std::string message = error.details() + located_message(error);
            while (!message.empty() && message.back() == '\n') message.pop_back();
            std::replace(message.begin(), message.end(), '\n', ' ');
            failures.push_back(fmt::format("{}: test '{}': {}", where(test.location), test.name, message));
        }
        if (failures.empty()) {
            ++report.passed;
            report.passes.push_back(fmt::format("{}: test '{}': ok", where(test.location), test.name));
        } else {
            ++report.failed;
            for (auto& line : failures) report.failures.push_back(std::move(line));
        }
    }
    return report;
}

}  // namespace kamscore
