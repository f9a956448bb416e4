#include "kamscore/run/board_workbook.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "kamscore/io/file_stat.hpp"
#include "kamscore/table/parse_value.hpp"

namespace kamscore {
namespace {

using Style = SheetCell::Style;
using Row = std::vector<SheetCell>;

SheetCell text(std::string value, Style style = Style::Plain) { return SheetCell::of_text(std::move(value), style); }
SheetCell number(double value, Style style = Style::Plain) { return SheetCell::of_number(value, style); }
SheetCell count(std::uint64_t value) { return SheetCell::of_number(static_cast<double>(value), Style::Whole); }
/// Summary shares are 0..100; a spreadsheet's percent format wants 0..1.
SheetCell share(double percent) { return SheetCell::of_number(percent / 100, Style::Percent); }

Row header(std::initializer_list<const char*> names) {
    Row row;
    for (const char* name : names) row.push_back(text(name, Style::Header));
    return row;
}

std::string step_caption(const FunnelSummary& funnel, const FunnelStep& step) {
    switch (step.kind) {
    case FunnelStep::All: return "all customers";
    case FunnelStep::Known: return step.text + " is known";
    case FunnelStep::Capacity:
        return funnel.capacity ? fmt::format("in {} (max {})", step.text, *funnel.capacity) : "in " + step.text;
    case FunnelStep::Condition: break;
    }
    return step.text;
}

Sheet funnel_sheet(const Summary& summary) {
    Sheet sheet{"Funnel", {30, 11, 9, 18, 14, 12, 14, 19, 16, 18}, {}};
    const FunnelSummary& funnel = summary.funnel;
    if (funnel.tier.empty()) {
        sheet.rows.push_back({text("No funnel: the first tier has no 'when' to follow.", Style::Title)});
        return sheet;
    }
    sheet.rows.push_back({text(fmt::format("Funnel of {} ({})", funnel.tier_label, funnel.tier), Style::Title)});
    sheet.rows.push_back({text("when"), text(funnel.when)});
    sheet.rows.push_back({});
    sheet.rows.push_back(header({"step", "customers", "share", "revenue", "revenue share", "left: false",
                                 "left: missing", "left: over capacity", "left: other tier", "revenue left"}));
    for (const FunnelStep& step : funnel.steps)
        sheet.rows.push_back({text(step_caption(funnel, step)), count(step.row.count), share(step.row.share),
                              number(step.row.revenue, Style::Amount), share(step.row.revenue_share),
                              count(step.dropped_false), count(step.dropped_missing), count(step.over_capacity),
                              count(step.moved), number(step.dropped_revenue, Style::Amount)});
    sheet.rows.push_back({});
    sheet.rows.push_back({text(fmt::format("in {} at the end", funnel.tier)), count(funnel.tier_customers)});
    sheet.rows.push_back({text("of those, kept by stay"), count(funnel.stayed)});
    sheet.rows.push_back({text("of those, by override"), count(funnel.forced)});
    return sheet;
}

Sheet summary_sheet(const Summary& summary) {
    Sheet sheet{"Summary", {24, 24, 11, 9, 18, 14, 12, 16, 16, 16}, {}};
    sheet.rows.push_back({text(fmt::format("{} customers", summary.customers), Style::Title)});
    sheet.rows.push_back({text("revenue"), text(summary.revenue_source.empty() ? "none (summary: revenue: in the rules)"
                                                                               : summary.revenue_source)});
    sheet.rows.push_back({});
    sheet.rows.push_back(header({"tier", "label", "customers", "share", "revenue", "revenue share", "capacity"}));
    for (const TierSummary& tier : summary.tiers) {
        Row row{text(tier.row.id), text(tier.row.label), count(tier.row.count), share(tier.row.share),
                number(tier.row.revenue, Style::Amount), share(tier.row.revenue_share)};
        if (tier.capacity) row.push_back(count(*tier.capacity));
        sheet.rows.push_back(std::move(row));
    }
    sheet.rows.push_back({text("total", Style::Title), SheetCell(), count(summary.customers), share(100),
                          number(summary.revenue_total, Style::Amount),
                          share(summary.revenue_source.empty() ? missing_number : 100)});
    for (const SegmentSummary& segment : summary.segments) {
        sheet.rows.push_back({});
        sheet.rows.push_back({text(fmt::format("Segment {}", segment.name), Style::Title)});
        Row head = header({"class", "", "customers", "share", "revenue", "revenue share"});
        // The classes crossed with the tiers: customers per class and tier.
        for (const TierSummary& tier : summary.tiers) head.push_back(text(tier.row.label, Style::Header));
        sheet.rows.push_back(std::move(head));
        for (std::size_t c = 0; c < segment.classes.size(); ++c) {
            const ShareRow& row = segment.classes[c];
            Row cells{text(row.id), text(row.label == row.id ? "" : row.label), count(row.count), share(row.share),
                      number(row.revenue, Style::Amount), share(row.revenue_share)};
            if (c < segment.by_tier.size())
                for (std::size_t n : segment.by_tier[c]) cells.push_back(count(n));
            sheet.rows.push_back(std::move(cells));
        }
        if (segment.missing > 0) sheet.rows.push_back({text("(none)"), SheetCell(), count(segment.missing)});
    }
    return sheet;
}

Sheet rules_sheet(const Provenance& record) {
    Sheet sheet{"Rules", {22, 40, 14, 22, 66}, {}};
    sheet.rows.push_back({text("How this workbook was made", Style::Title)});
    sheet.rows.push_back({text("kamscore version"), text(record.kamscore_version)});
    sheet.rows.push_back({text("command line"), text(shell_command_line(record.command_line))});
    sheet.rows.push_back({text("today"), text(record.today)});
    sheet.rows.push_back({text("rule file"), text(record.rules_path)});
    sheet.rows.push_back({text("rule set name"), text(record.rules_name)});
    sheet.rows.push_back({text("rule file sha256"), text(record.rules_sha256)});
    sheet.rows.push_back({});
    sheet.rows.push_back(header({"param", "value", "from"}));
    for (const ProvenanceParam& param : record.params)
        sheet.rows.push_back({text(param.name), text(param.value), text(param.is_set ? "--set" : "rule file")});
    sheet.rows.push_back({});
    sheet.rows.push_back(header({"file", "name", "bytes", "modified (UTC)", "sha256"}));
    for (const ProvenanceFile& file : record.files)
        sheet.rows.push_back({text(file.role), text(file.name),
                              file.bytes ? count(*file.bytes) : SheetCell(),
                              file.modified ? text(format_utc_time(*file.modified)) : SheetCell(),
                              text(file.sha256)});
    sheet.rows.push_back({});
    sheet.rows.push_back(header({"rows", "count"}));
    sheet.rows.push_back({text("rows in"), count(record.rows_in)});
    sheet.rows.push_back({text("rows scored"), count(record.rows_scored)});
    sheet.rows.push_back({text("rows rejected"), count(record.rows_rejected)});
    sheet.rows.push_back({text("report footer lines"), count(record.footer_lines)});
    sheet.rows.push_back({text("blank lines"), count(record.blank_lines)});
    sheet.rows.push_back({});
    sheet.rows.push_back(header({"line", "rule file"}));
    // The file line by line, each in its own row: readable without wrapping, and a line number
    // to point at in a board meeting.
    std::size_t line_number = 0;
    std::size_t start = 0;
    const std::string& rule_text = record.rules_text;
    while (start < rule_text.size()) {
        std::size_t end = rule_text.find('\n', start);
        if (end == std::string::npos) end = rule_text.size();
        std::string line = rule_text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        sheet.rows.push_back({count(++line_number), text(std::move(line))});
        start = end + 1;
    }
    return sheet;
}

Sheet rejects_sheet(const std::vector<RejectedRow>& rejects) {
    // One sheet holds 1,048,576 rows: beyond that the rejects file (--rejects) has them all.
    constexpr std::size_t most = 1048574;
    Sheet sheet{"Rejects", {24, 8, 14, 90}, {}};
    sheet.rows.push_back(header({"file", "line", "id", "message"}));
    for (std::size_t i = 0; i < rejects.size() && i < most; ++i)
        sheet.rows.push_back({text(rejects[i].file), count(rejects[i].line), text(rejects[i].id), text(rejects[i].message)});
    if (rejects.size() > most)
        sheet.rows.push_back({text(fmt::format("... and {} more: keep them all with --rejects FILE", rejects.size() - most))});
    return sheet;
}

}  // namespace

void caption_result_columns(const RuleSet& rules, std::vector<OutputColumn>& columns) {
    std::map<std::string, std::string> captions{
        {"tier", "Tier"},          {"tier_label", "Tier name"},    {"previous_tier", "Previous tier"},
        {"change", "Change"},      {"score", "Score"},             {"strategic_met", "Strategic reasons met"},
        {"override", "Override"},  {"members", "Members"},
    };
    for (const MetricSpec& metric : rules.metrics) {
        captions[metric.id + "_score"] = metric.label;
        captions[metric.id + "_raw"] = metric.label + " (value)";
        captions[metric.id + "_points"] = metric.label + " (points)";
    }
    for (const StrategicSpec& criterion : rules.strategic) captions["strategic_" + criterion.id] = criterion.label;
    for (const SegmentSpec& segment : rules.segments) captions[segment.name] = "Segment " + segment.name;
    // The export's own headers last: an id column named "score" stays the customer's id.
    captions[rules.input.id_column] = rules.input.id_column;
    if (!rules.input.label_column.empty()) captions[rules.input.label_column] = rules.input.label_column;
    for (OutputColumn& column : columns) {
        if (!column.json_path.empty() && column.json_path.front() == "input") continue;   // kept: its input name
        const auto found = captions.find(column.name);
        if (found != captions.end()) column.caption = found->second;
    }
}

bool is_plain_amount(std::string_view value, char decimal) {
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
    if (value.empty()) return false;
    if (value.find_first_not_of("0123456789.,' -+") != std::string_view::npos) return false;
    const std::size_t first_digit = value.find_first_of("0123456789");
    if (first_digit == std::string_view::npos) return false;
    // "01234": a postal code or an account number, whose zero a number would drop.
    if (value[first_digit] == '0' && first_digit + 1 < value.size() && value[first_digit + 1] >= '0' &&
        value[first_digit + 1] <= '9')
        return false;
    return parse_number(value, NumberFormat{decimal}).has_value();
}

void type_kept_columns(const KeptColumns& kept, char decimal, Frame& frame, std::vector<OutputColumn>& columns) {
    std::vector<std::ptrdiff_t> slots;
    for (const OutputColumn& column : columns) slots.push_back(column.column - frame.columns.data());
    for (const KeptColumns::Kept& input : kept.columns()) {
        const Column& cells = frame.columns[static_cast<std::size_t>(input.slot)];
        bool is_number = false;
        bool is_all_numbers = true;
        for (const std::string_view cell : cells.texts) {
            if (cell.data() == nullptr || is_blank(cell)) continue;
            if (!is_plain_amount(cell, decimal)) {
                is_all_numbers = false;
                break;
            }
            is_number = true;
        }
        if (!is_number || !is_all_numbers) continue;
        const int slot = frame.add_column(fmt::format("keep-number:{}", input.name), Type::Number);
        Column& numbers = frame.columns[static_cast<std::size_t>(slot)];
        const Column& texts = frame.columns[static_cast<std::size_t>(input.slot)];
        for (std::size_t row = 0; row < texts.texts.size(); ++row) {
            const std::string_view cell = texts.texts[row];
            if (cell.data() != nullptr && !is_blank(cell)) numbers.numbers[row] = *parse_number(cell, NumberFormat{decimal});
        }
        for (std::ptrdiff_t& column_slot : slots)
            if (column_slot == input.slot) column_slot = slot;
    }
    for (std::size_t c = 0; c < columns.size(); ++c) columns[c].column = &frame.columns[static_cast<std::size_t>(slots[c])];
}

std::vector<Sheet> board_sheets(const Summary& summary, const Provenance& provenance,
                                const std::vector<RejectedRow>& rejects) {
    std::vector<Sheet> sheets;
    sheets.push_back(funnel_sheet(summary));
    sheets.push_back(summary_sheet(summary));
    sheets.push_back(rules_sheet(provenance));
    sheets.push_back(rejects_sheet(rejects));
    return sheets;
}

}  // namespace kamscore
