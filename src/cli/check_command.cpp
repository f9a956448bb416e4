// kamscore check: validate a rule file (and its fit to a CSV file) without scoring.
#include <fstream>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/customer_rows.hpp"
#include "cli/read_inputs.hpp"
#include "cli/rule_file.hpp"
#include "kamscore/error.hpp"
#include "kamscore/io/csv_reader.hpp"
#include "kamscore/lint/lint_rules.hpp"
#include "kamscore/table/convert.hpp"

namespace kamscore {
namespace {

constexpr std::size_t sample_rows = 1000;
constexpr std::size_t listed_bad_rows = 10;

struct CheckOptions {
    std::string rules_path;
    std::string against;
    bool quiet = false;
    std::string encoding;
};

std::string rule_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return std::move(text).str();
}

/// Binds the header of `path` and converts its first rows as `score` would; prints the first
/// bad rows. Returns false when a row cannot be converted.
bool check_sample(const std::string& path, const std::string& encoding, const RuleSet& rules, const ScoringPlan& plan,
                  Frame& frame) {
    CsvDialect dialect;
    dialect.delimiter = rules.input.delimiter;
    dialect.encoding = input_encoding(rules.input.encoding, encoding);
    const std::string name = path == "-" ? "<stdin>" : path;
    CsvReader reader(open_byte_source(path), name, dialect);
    CustomerRows input(plan, frame);
    TableBuilder& builder = input.builder();
    builder.begin_file(name, bind_columns(reader.header(), *input.reading_plan().rules, name));
    CsvRecord record;
    Reject reject;
    std::size_t rows = 0, bad = 0;
    for (; rows < sample_rows && reader.next(record); ++rows) {
        if (builder.add(record, reject)) continue;
        if (bad++ < listed_bad_rows) std::fprintf(stderr, "%s:%llu: %s\n", reject.file.c_str(),
                                                  static_cast<unsigned long long>(reject.line), reject.message.c_str());
    }
    if (bad > listed_bad_rows) std::fprintf(stderr, "kamscore: ... and %zu more bad rows\n", bad - listed_bad_rows);
    if (bad > 0)
        std::fprintf(stderr, "kamscore: error: %zu of the first %zu rows of %s cannot be converted\n", bad, rows,
                     name.c_str());
    return bad == 0;
}

ExitCode run_check(const CheckOptions& options) {
    std::unique_ptr<RuleSet> rules = load_rule_file(options.rules_path);
    Frame frame;
    expr::CompileOptions compile_options;
    compile_options.today = today_from_option("");
    ScoringPlan plan = compile_rule_file(*rules, frame, {}, compile_options);

    std::vector<Diagnostic> lints = lint_rules(*rules, plan, rule_text(options.rules_path));
    for (const auto& lint : lints) std::fputs(format_diagnostic(lint).c_str(), stderr);
    if (!lints.empty())
        std::fprintf(stderr, "kamscore: %zu warning%s in %s\n", lints.size(), lints.size() == 1 ? "" : "s",
                     options.rules_path.c_str());

    if (!options.against.empty() && !check_sample(options.against, options.encoding, *rules, plan, frame)) return ExitCode::BadData;
    if (!lints.empty()) return ExitCode::TestFailures;
    if (!options.quiet)
        std::fprintf(stderr, "%s: ok (%zu fields, %zu metrics, %zu tiers)\n", options.rules_path.c_str(),
                     rules->fields.size(), rules->metrics.size(), rules->tiers.size());
    return ExitCode::Ok;
}

}  // namespace

void register_check_command(CLI::App& app, CommandAction& action) {
    auto options = std::make_shared<CheckOptions>();
    CLI::App* check = app.add_subcommand("check", "Validate a rule file, optionally against a CSV export");
    check->footer(
        "Reports every error of the rule file (exit 3), then warnings about rules that are\n"
        "probably not meant: zero weights, bands never reached, tiers that never match, a capacity\n"
        "that never limits, stay conditions without effect, unused fields, derived values and\n"
        "params (exit 5). With --against, the file's header must have every column the rules use\n"
        "and its first 1000 rows must convert (exit 1 otherwise).\n"
        "Examples:\n"
        "  kamscore check rules/kam-funnel.yaml\n"
        "  kamscore check rules/kam-funnel.yaml --against examples/crm-export.csv\n"
        "Exit codes: 0 ok, 1 the file does not fit, 2 bad command line, 3 the rule file has errors,\n"
        "4 I/O failure, 5 warnings.");
    check->add_option("rules", options->rules_path, "YAML rule file")->required();
    check->add_option("--against", options->against,
                      "A CSV export: its header must have every column the rules use, its first 1000 rows must convert");
    check->add_flag("-q,--quiet", options->quiet, "Print nothing when all is well");
    check->add_option("--encoding", options->encoding, "Encoding of the --against file: utf-8, windows-1252 or latin-1");
    check->callback([options, &action] { action = [options] { return run_check(*options); }; });
}

}  // namespace kamscore
