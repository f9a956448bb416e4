// kamscore check: validate a rule file (and its fit to a CSV header) without scoring.
#include <memory>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/rule_file.hpp"
#include "kamscore/io/csv_reader.hpp"
#include "kamscore/table/convert.hpp"

namespace kamscore {
namespace {

struct CheckOptions {
    std::string rules_path;
    std::string against;
};

ExitCode run_check(const CheckOptions& options) {
    std::unique_ptr<RuleSet> rules = load_rule_file(options.rules_path);
    Frame frame;
    expr::CompileOptions compile_options;
    compile_options.today = today_from_option("");
    ScoringPlan plan = compile_rule_file(*rules, frame, {}, compile_options);
    if (!options.against.empty()) {
        CsvDialect dialect;
        dialect.delimiter = rules->input.delimiter;
        CsvReader reader(open_byte_source(options.against), options.against, dialect);
        bind_columns(reader.header(), *rules, options.against);
    }
    std::fprintf(stderr, "%s: ok (%zu fields, %zu metrics, %zu tiers)\n", options.rules_path.c_str(),
                 rules->fields.size(), rules->metrics.size(), rules->tiers.size());
    return ExitCode::Ok;
}

}  // namespace

void register_check_command(CLI::App& app, CommandAction& action) {
    auto options = std::make_shared<CheckOptions>();
    CLI::App* check = app.add_subcommand("check", "Validate a rule file, optionally against a CSV header");
    check->footer("Example:\n  kamscore check rules/kam-funnel.yaml --against examples/crm-export.csv\n"
                  "Exit codes: 0 ok, 1 a column is missing, 3 the rule file has errors, 4 I/O failure.");
    check->add_option("rules", options->rules_path, "YAML rule file")->required();
    check->add_option("--against", options->against, "A CSV file whose header must have every column the rules use");
    check->callback([options, &action] { action = [options] { return run_check(*options); }; });
}

}  // namespace kamscore
