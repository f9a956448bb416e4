// The audit record of a run (README "Provenance"): which rules, params, inputs and date made a
// result, so that a board can tell what it is looking at and a result can be made again.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kamscore/run/run.hpp"

namespace kamscore {

/// A file the run read.
struct ProvenanceFile {
    std::string role;                       ///< "input", "previous" or "overrides"
    std::string name;                       ///< as given on the command line; "standard input" for "-"
    std::optional<std::uint64_t> bytes;
    std::optional<std::int64_t> modified;   ///< seconds since 1970 (UTC); none for standard input
    std::string sha256;                     ///< 64 hex digits; "" when the file was not hashed
};

/// A param of the rule file with the value the run used.
struct ProvenanceParam {
    std::string name;
    std::string value;                      ///< as the rule file or --set wrote it
    bool is_set = false;                    ///< given with --set
};

struct Provenance {
    std::string kamscore_version;
    std::vector<std::string> command_line;  ///< the arguments, program name first
    std::string today;                      ///< the run's today, 2024-12-31
    std::string rules_path, rules_name, rules_sha256, rules_text;
    std::vector<ProvenanceParam> params;
    std::vector<ProvenanceFile> files;
    std::uint64_t rows_in = 0, rows_scored = 0, rows_rejected = 0, footer_lines = 0, blank_lines = 0;
};

/// What the command layer knows and the run does not.
struct ProvenanceContext {
    std::string kamscore_version;
    std::vector<std::string> command_line;
};

/// The record of a finished run. The inputs' digests come from the run (RunRequest::hash_inputs,
/// hashed while they were read, standard input included); the previous results and the
/// overrides file are hashed here, from their files. Throws Error(IoFailure) when one of
/// those cannot be read again.
Provenance describe_provenance(const RunRequest& request, const ScoredRun& run, const ProvenanceContext& context);

/// One JSON object, keys in a fixed order, ending with a line break.
std::string render_provenance_json(const Provenance& provenance);

/// The arguments as one shell line, each quoted with '...' where the shell would split or
/// expand it: kamscore score -r rules.yaml 'my export.csv'
std::string shell_command_line(const std::vector<std::string>& arguments);

}  // namespace kamscore
