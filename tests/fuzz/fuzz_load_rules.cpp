// libFuzzer target: the rule-file loader (YAML text to RuleSet and diagnostics).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kamscore/diagnostic.hpp"
#include "kamscore/rules/load_rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    kamscore::LoadedRules loaded = kamscore::load_rules(text, "fuzz.yaml");
    for (const auto& diagnostic : loaded.diagnostics) (void)kamscore::format_diagnostic(diagnostic);
    return 0;
}
