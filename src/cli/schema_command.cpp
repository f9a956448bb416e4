// kamscore schema: print the JSON Schema of the rule file, for editors (yaml-language-server).
#include <memory>

#include "cli/commands.hpp"
#include "cli/output_target.hpp"
#include "kamscore/rules/rule_schema.hpp"

namespace kamscore {

void register_schema_command(CLI::App& app, CommandAction& action) {
    auto output_path = std::make_shared<std::string>();
    CLI::App* schema = app.add_subcommand("schema", "Print the JSON Schema of the rule file, for editors");
    schema->footer("The schema (JSON Schema draft-07) lists every key a rule file may hold, with its type\n"
                   "and allowed words, and refuses unknown keys. Editors with a YAML language server\n"
                   "(VS Code's YAML extension, Neovim, Helix, ...) then complete keys and mark mistakes in\n"
                   "a rule file whose first line is the comment that 'kamscore init' writes:\n"
                   "  # yaml-language-server: $schema=kamscore.schema.json\n"
                   "(a path relative to the rule file). 'kamscore check' stays the judge of what needs\n"
                   "the data: columns, expressions, names.\n"
                   "Examples:\n"
                   "  kamscore schema > kamscore.schema.json\n"
                   "  kamscore schema -o rules/kamscore.schema.json\n"
                   "Exit codes: 0 ok, 2 bad command line, 4 I/O failure.");
    schema->add_option("-o,--output", *output_path, "Write the schema here instead of standard output");
    schema->callback([output_path, &action] {
        action = [output_path](const Environment&) {
            write_output_text(*output_path, rule_file_schema());
            return ExitCode::Ok;
        };
    });
}

}  // namespace kamscore
