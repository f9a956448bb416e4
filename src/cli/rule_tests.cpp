#include "cli/rule_tests.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "cli/customer_rows.hpp"
#include "kamscore/classify/classify.hpp"
#include "kamscore/classify/segments.hpp"
#include "kamscore/error.hpp"
#include "kamscore/io/csv_reader.hpp"
#include "kamscore/score/evaluate.hpp"
#include "kamscore/table/convert.hpp"
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

/// One test, scored.
class TestRun {
public:
    TestRun(const RuleSet& rules, const RuleTest& test, double today) : rules_(rules), test_(test) {
        ParamOverrides set;
        for (const TestEntry& entry : test.set) set[entry.key] = entry.value;
        options_.today = test.today ? parse_date(*test.today).value_or(today) : today;
        PlanResult built = build_plan(rules, frame_, set, options_);
        if (!built.plan) {
            fail(test.location, "the rules do not compile with this test's 'set'");
            return;
        }
        plan_.emplace(std::move(*built.plan));
        score();
    }

    const std::vector<std::string>& failures() const { return failures_; }

private:
    void fail(const SourceLocation& location, const std::string& message) {
        failures_.push_back(fmt::format("{}: test '{}': {}", where(location), test_.name, message));
    }

    void score() {
        ScoringPlan& plan = *plan_;
        const std::string name = fmt::format("test '{}'", test_.name);
        CustomerRows input(plan, frame_);
        TableBuilder& builder = input.builder();
        CsvDialect dialect;
        dialect.delimiter = ',';
        CsvReader reader(string_byte_source(test_csv(test_header(rules_), test_)), name, dialect);
        builder.begin_file(name, bind_columns(reader.header(), *input.reading_plan().rules, name));
        CsvRecord record;
        Reject reject;
        for (std::size_t row = 0; reader.next(record); ++row) {
            if (!builder.add(record, reject))
                fail(test_.rows[row].location, fmt::format("row {}: {}", row + 1, reject.message));
        }
        builder.finish_reading();
        input.finish();
        for (const TestEntry& entry : test_.previous) {
            auto row = row_of(entry.key);
            auto tier = std::find_if(rules_.tiers.begin(), rules_.tiers.end(),
                                     [&](const TierSpec& t) { return t.id == entry.value; });
            if (row && tier != rules_.tiers.end()) frame_.columns[plan.previous_tier_slot].texts[*row] = tier->id;
        }
        compute_row_values(plan, frame_);
        for (const auto& missing : find_missing_required(plan, frame_)) {
            const std::string id(frame_.columns[plan.id_slot].texts[missing.row]);
            fail(test_.location, fmt::format("'{}': metric '{}' has no value and says 'missing: error'", id,
                                             rules_.metrics[missing.metric].id));
        }
        compute_scores(plan, frame_);
        compute_segments(plan, frame_);
        outcomes_ = classify(plan, frame_);
        check_expectations();
    }

    std::optional<std::size_t> row_of(std::string_view id) const {
        const auto& ids = frame_.columns[plan_->id_slot].texts;
        for (std::size_t row = 0; row < frame_.rows; ++row)
            if (ids[row] == id) return row;
        return std::nullopt;
    }

    void check_expectations() {
        const ScoringPlan& plan = *plan_;
        for (const TestEntry& entry : test_.expect) {
            auto row = row_of(entry.key);
            if (!row) {
                fail(entry.location, fmt::format("'{}' was not scored (see the rows' problems above)", entry.key));
                continue;
            }
            std::string_view tier = frame_.columns[plan.tier_slot].texts[*row];
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
            const double actual = frame_.columns[plan.score_slot].numbers[*row];
            if (is_missing(actual) || std::fabs(actual - expected) > test_.tolerance + 1e-9)
                fail(entry.location, fmt::format("'{}' scores {}, expected {} ± {} (points: {})", entry.key,
                                                 points_text(actual), entry.value, test_.tolerance, points(*row)));
        }
    }

    static double parse_plain_score(const std::string& text) {
        return parse_number(text, NumberFormat{}).value_or(missing_number);
    }

    std::string points(std::size_t row) const {
        std::string text;
        for (std::size_t m = 0; m < rules_.metrics.size(); ++m)
            text += fmt::format("{}{} {}", m ? ", " : "", rules_.metrics[m].id,
                                points_text(frame_.columns[plan_->metrics[m].points_slot].numbers[row]));
        return text;
    }

    /// Which tier conditions held for a row, up to the tier it got.
    std::string trace(std::size_t row) const {
        const ScoringPlan& plan = *plan_;
        std::string text = fmt::format("score {}, strategic {}", points_text(frame_.columns[plan.score_slot].numbers[row]),
                                       frame_.columns[plan.strategic_count_slot].numbers[row]);
        std::string_view actual = frame_.columns[plan.tier_slot].texts[row];
        std::string_view previous = frame_.columns[plan.previous_tier_slot].texts[row];
        for (std::size_t t = 0; t < rules_.tiers.size(); ++t) {
            const TierSpec& tier = rules_.tiers[t];
            text += fmt::format("; {}: ", tier.id);
            if (!plan.tiers[t].when) {
                text += "fallback";
            } else {
                Value when = plan.tiers[t].when->evaluate_row(frame_, row);
                text += "when " + yes_no(when);
                if (plan.tiers[t].stay && previous == tier.id)
                    text += ", stay " + yes_no(plan.tiers[t].stay->evaluate_row(frame_, row));
                const auto& away = outcomes_[t].turned_away;
                if (std::find(away.begin(), away.end(), row) != away.end())
                    text += fmt::format(", over capacity (max {})", *tier.max);
            }
            if (tier.id == actual) break;
        }
        return text + fmt::format(" -> {}", actual);
    }

    const RuleSet& rules_;
    const RuleTest& test_;
    expr::CompileOptions options_;
    Frame frame_;
    std::optional<ScoringPlan> plan_;
    std::vector<TierOutcome> outcomes_;
    std::vector<std::string> failures_;
};

}  // namespace

RuleTestReport run_rule_tests(const RuleSet& rules, double today) {
    RuleTestReport report;
    for (const RuleTest& test : rules.tests) {
        std::vector<std::string> failures;
        try {
            failures = TestRun(rules, test, today).failures();
        } catch (const Error& error) {
            std::string message = error.what();
            while (!message.empty() && message.back() == '\n') message.pop_back();
            if (message.starts_with("kamscore: error: ")) message.erase(0, 17);
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
