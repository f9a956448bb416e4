#include "kamscore/run/run.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "kamscore/error.hpp"
#include "kamscore/rules/load_rules.hpp"
#include "kamscore/table/parse_value.hpp"
#include "run/customer_rows.hpp"

using namespace kamscore;

namespace {

// score = (3 * revenue points + 1 * margin points) / 4, where
//   revenue points = revenue / 1000 (derived revenue_k) on linear 0..1000 = revenue / 10,000
//   margin points  = margin on linear 0..40                                = 2.5 * margin
// key_account: score >= 60 with an agreement, at most 2 (stays down to 45 with --previous);
// large_customer: score >= 30; standard: the rest.
const char* rules_yaml = R"(kamscore: 1
input: { id: id, label: name }
params:
  min_score: 60
fields:
  revenue: revenue
  margin: margin
  agreement: { column: agreement, type: bool }
derived:
  revenue_k: revenue / 1000
metrics:
  - { id: revenue, value: revenue_k, weight: 3, scale: { linear: [0, 1000] } }
  - { id: margin, value: margin, weight: 1, scale: { linear: [0, 40] } }
tiers:
  - id: key_account
    when: score >= min_score and agreement
    stay: score >= min_score - 15 and agreement
    max: 2
  - { id: large_customer, when: score >= 30 }
  - { id: standard }
)";

// The expected scores, by hand from the formula above:
//   A: (3 * 90 + 75) / 4    = 86.25   key_account
//   B: (3 * 50 + 50) / 4    = 50      large_customer
//   C: (3 * 80 + 25) / 4    = 66.25   large_customer (no agreement)
//   D: (3 * 10 + 31.25) / 4 = 15.3125, kept as 15.31 (two decimals, see shown_score) standard
//   E: (3 * 70 + 100) / 4   = 77.5    key_account
const char* customers_csv =
    "id,name,revenue,margin,agreement\n"
    "A,Alpha AG,900000,30,yes\n"
    "B,Beta GmbH,500000,20,yes\n"
    "C,Gamma SE,800000,10,no\n"
    "D,Delta KG,100000,12.5,yes\n"
    "E,Epsilon AG,700000,40,yes\n";

// The same customers as a German Windows-1252 export: ';' between fields, ',' as decimal mark,
// '.' between thousands, B is called "Müller" and E's name has an 'Ä'.
const char* customers_1252 =
    "id;name;revenue;margin;agreement\r\n"
    "A;Alpha AG;900.000,00;30;ja\r\n"
    "M\xfcller;M\xfcller GmbH;500.000,00;20;ja\r\n"
    "C;Gamma SE;800.000,00;10;nein\r\n"
    "D;Delta KG;100.000,00;12,5;ja\r\n"
    "E;\xc4rger AG;700.000,00;40;ja\r\n";

std::shared_ptr<const RuleSet> rules_from(std::string_view yaml) {
    LoadedRules loaded = load_rules(yaml, "r.yaml");
    for (const Diagnostic& diagnostic : loaded.diagnostics) INFO(format_diagnostic(diagnostic));
    REQUIRE_FALSE(loaded.has_errors());
    return std::make_shared<const RuleSet>(std::move(loaded.rules));
}

RunRequest request_for(std::string_view yaml, std::string csv, std::string name = "t.csv") {
    RunRequest request;
    request.rules = rules_from(yaml);
    request.inputs = {InputSource::text(std::move(name), std::move(csv))};
    request.today = *parse_date("2026-06-01");
    return request;
}

std::uint32_t row(const ScoredRun& run, std::string_view id) {
    const auto found = run.row_of(id);
    REQUIRE_MESSAGE(found.has_value(), "no scored row for " << id);
    return *found;
}

/// A text cell (tier, label, previous_tier, change, override) of customer `id`.
std::string text_of(const ScoredRun& run, int slot, std::string_view id) {
    REQUIRE(slot >= 0);
    const std::string_view text = run.frame.columns[static_cast<std::size_t>(slot)].texts[row(run, id)];
    return text.data() ? std::string(text) : "<missing>";
}

std::string tier_of(const ScoredRun& run, std::string_view id) { return text_of(run, run.plan->tier_slot, id); }

double score_of(const ScoredRun& run, std::string_view id) {
    return run.frame.columns[static_cast<std::size_t>(run.plan->score_slot)].numbers[row(run, id)];
}

/// Writes down everything a run tells its observer.
struct Recorder : RunObserver {
    std::vector<std::string> warnings, stages;
    std::vector<RejectedRow> rejected;
    std::vector<FileCounts> files;

    void warning(const std::string& line) override { warnings.push_back(line); }
    void row_rejected(const RejectedRow& row) override { rejected.push_back(row); }
    void stage_done(const std::string& what) override { stages.push_back(what); }
    void file_read(const FileCounts& counts) override { files.push_back(counts); }
};

/// The error run_scoring throws for `request` (fails the test when it throws none).
Error error_of(const RunRequest& request, RunObserver* observer = nullptr) {
    try {
        run_scoring(request, observer);
    } catch (const Error& error) {
        return error;
    }
    FAIL("run_scoring threw no error");
    return Error(ExitCode::Ok, "");
}

// Row 3 is bad (revenue "12a"), the last line is a report footer.
const char* with_bad_row_csv =
    "id,name,revenue,margin,agreement\n"
    "A,Alpha AG,900000,30,yes\n"
    "X,Broken Ltd,12a,20,yes\n"
    "B,Beta GmbH,500000,20,yes\n"
    "Confidential Information - Do Not Distribute\n";

}  // namespace

TEST_SUITE("run") {
TEST_CASE("run: an in-memory export is scored and classified as the rules say") {
    auto run = run_scoring(request_for(rules_yaml, customers_csv));
    CHECK(run->frame.rows == 5);
    CHECK(score_of(*run, "A") == doctest::Approx(86.25));
    CHECK(score_of(*run, "B") == doctest::Approx(50));
    CHECK(score_of(*run, "C") == doctest::Approx(66.25));
    CHECK(score_of(*run, "D") == doctest::Approx(15.31));
    CHECK(score_of(*run, "E") == doctest::Approx(77.5));
    CHECK(tier_of(*run, "A") == "key_account");
    CHECK(tier_of(*run, "B") == "large_customer");
    CHECK(tier_of(*run, "C") == "large_customer");   // the score, but no agreement
    CHECK(tier_of(*run, "D") == "standard");
    CHECK(tier_of(*run, "E") == "key_account");
    CHECK(text_of(*run, run->plan->label_slot, "E") == "Epsilon AG");
    REQUIRE(run->outcomes.size() == 3);
    CHECK(run->outcomes[0].assigned == 2);
    CHECK(run->outcomes[2].assigned == 1);
    CHECK(run->counts.records == 5);
    CHECK(run->counts.rejected == 0);
    CHECK(run->rejects.empty());
    CHECK(run->warnings.empty());
    CHECK_FALSE(run->row_of("Z").has_value());
}

TEST_CASE("run: rules can come from a file path instead of loaded rules") {
    char path[] = "/tmp/kamscore-run-rules-XXXXXX";
    const int fd = ::mkstemp(path);
    REQUIRE(fd >= 0);
    const std::string yaml = rules_yaml;
    REQUIRE(::write(fd, yaml.data(), yaml.size()) == static_cast<ssize_t>(yaml.size()));
    ::close(fd);
    RunRequest request = request_for(rules_yaml, customers_csv);
    request.rules = nullptr;
    request.rules_path = path;
    auto run = run_scoring(request);
    ::unlink(path);
    CHECK(run->rules->path == path);
    CHECK(tier_of(*run, "E") == "key_account");
    CHECK(score_of(*run, "D") == doctest::Approx(15.31));

    request.rules_path = "/nonexistent/rules.yaml";
    CHECK(error_of(request).code() == ExitCode::IoFailure);
}

TEST_CASE("run: without skip_bad_rows a bad row stops the run with BadData naming its file and line") {
    RunRequest request = request_for(rules_yaml, with_bad_row_csv);
    Recorder recorder;
    const Error error = error_of(request, &recorder);
    CHECK(error.code() == ExitCode::BadData);
    CHECK(error.details() == "t.csv:3: column \"revenue\": \"12a\" is not a number\n");
    CHECK(error.message().find("1 bad row.") == 0);
    CHECK(format_error(error).find("t.csv:3: ") == 0);
    CHECK(recorder.rejected.empty());   // heard of only when skipped
}

TEST_CASE("run: without skip_bad_rows the rejects file is still written, and the error names it") {
    char path[] = "/tmp/kamscore-rejects-test-XXXXXX";
    const int fd = ::mkstemp(path);
    REQUIRE(fd >= 0);
    ::close(fd);
    RunRequest request = request_for(rules_yaml, with_bad_row_csv);
    request.rejects_path = path;
    const Error error = error_of(request);
    CHECK(error.code() == ExitCode::BadData);
    CHECK(error.message() == "1 bad row, written to '" + std::string(path) +
                                 "'. Fix the input, or score the rest with --skip-bad-rows");
    std::FILE* in = std::fopen(path, "rb");
    REQUIRE(in != nullptr);
    std::string written(4096, '\0');
    written.resize(std::fread(written.data(), 1, written.size(), in));
    std::fclose(in);
    ::unlink(path);
    CHECK(written == "id,name,revenue,margin,agreement\nX,Broken Ltd,12a,20,yes\n");
}

TEST_CASE("run: with skip_bad_rows a bad row is rejected, counted and left out of the scored rows") {
    RunRequest request = request_for(rules_yaml, with_bad_row_csv);
    request.skip_bad_rows = true;
    Recorder recorder;
    auto run = run_scoring(request, &recorder);

    REQUIRE(run->rejects.size() == 1);
    const RejectedRow& reject = run->rejects[0];
    CHECK(reject.file == "t.csv");
    CHECK(reject.line == 3);
    CHECK(reject.id == "X");
    CHECK(reject.message == "column \"revenue\": \"12a\" is not a number");
    CHECK(run->rejected("X") == &reject);
    CHECK(run->rejected("A") == nullptr);
    CHECK_FALSE(run->row_of("X").has_value());

    // rows in = rows scored + rows rejected + report footer lines
    CHECK(run->frame.rows == 2);
    CHECK(run->counts.records == 4);
    CHECK(run->counts.rejected == 1);
    CHECK(run->counts.footer_lines == 1);
    CHECK(run->counts.records == run->frame.rows + run->counts.rejected + run->counts.footer_lines);
    REQUIRE(run->counts.files.size() == 1);
    CHECK(run->counts.files[0].rejected == 1);
    CHECK(run->counts.files[0].footer_lines == 1);

    // The others are scored as without the bad row.
    CHECK(tier_of(*run, "A") == "key_account");
    CHECK(score_of(*run, "B") == doctest::Approx(50));

    REQUIRE(recorder.rejected.size() == 1);
    CHECK(recorder.rejected[0].id == "X");
    CHECK(recorder.rejected[0].line == 3);
    CHECK(run->warnings ==
          std::vector<std::string>{"t.csv:5: skipped report footer \"Confidential Information - Do Not Distribute\""});
    CHECK(recorder.warnings == run->warnings);
}

TEST_CASE("run: a ';' Windows-1252 export with decimal ',' is read as the dialect choice says") {
    RunRequest request = request_for(rules_yaml, customers_1252);
    request.dialect.delimiter = ';';
    request.dialect.decimal = ',';
    request.dialect.encoding = TextEncoding::Windows1252;
    auto run = run_scoring(request);

    CHECK(run->frame.rows == 5);
    CHECK(text_of(*run, run->plan->label_slot, "Müller") == "Müller GmbH");
    CHECK(text_of(*run, run->plan->label_slot, "E") == "Ärger AG");
    CHECK(score_of(*run, "Müller") == doctest::Approx(50));
    CHECK(score_of(*run, "A") == doctest::Approx(86.25));
    CHECK(score_of(*run, "D") == doctest::Approx(15.31));   // 12,5 is 12.5
    CHECK(tier_of(*run, "C") == "large_customer");              // "nein"
    CHECK(tier_of(*run, "E") == "key_account");
    REQUIRE(run->counts.files.size() == 1);
    CHECK(run->counts.files[0].encoding == "Windows-1252");
    CHECK(run->counts.files[0].delimiter == ';');
    CHECK(run->rules->input.decimal == ',');

    // Read as UTF-8 (the default), the same bytes are not valid text.
    request.dialect.encoding.reset();
    CHECK(error_of(request).code() == ExitCode::BadData);
}

TEST_CASE("run: the dialect declared in the rule file's input section is used without a choice") {
    std::string yaml = rules_yaml;
    const std::string from = "input: { id: id, label: name }";
    yaml.replace(yaml.find(from), from.size(),
                 "input: { id: id, label: name, delimiter: \";\", decimal: \",\", encoding: windows-1252 }");
    auto run = run_scoring(request_for(yaml, customers_1252));
    CHECK(text_of(*run, run->plan->label_slot, "Müller") == "Müller GmbH");
    CHECK(score_of(*run, "D") == doctest::Approx(15.31));
    CHECK(tier_of(*run, "E") == "key_account");
    CHECK(run->counts.files[0].encoding == "Windows-1252");
    CHECK(run->counts.files[0].delimiter == ';');
}

TEST_CASE("run: text_encoding takes the choice over the rule file over UTF-8") {
    RuleSet rules;
    DialectChoice choice;
    CHECK(text_encoding(rules, choice) == TextEncoding::Utf8);
    rules.input.encoding = "windows-1252";
    CHECK(text_encoding(rules, choice) == TextEncoding::Windows1252);
    choice.encoding = TextEncoding::Latin1;
    CHECK(text_encoding(rules, choice) == TextEncoding::Latin1);
    choice.encoding = TextEncoding::Utf8;
    CHECK(text_encoding(rules, choice) == TextEncoding::Utf8);
}

TEST_CASE("run: Windows-1252 previous results are decoded, and stay keeps a previous key account") {
    RunRequest request = request_for(rules_yaml, customers_1252);
    request.dialect = {';', ',', TextEncoding::Windows1252, std::nullopt, std::nullopt};
    // Müller (50 points) meets key_account's stay (45) but not its when (60); A was one too.
    request.previous = InputSource::text("previous.csv", "id;tier\r\nA;key_account\r\nM\xfcller;key_account\r\n"
                                                         "E;large_customer\r\nD;standard\r\n");
    Recorder recorder;
    auto run = run_scoring(request, &recorder);

    CHECK(text_of(*run, run->plan->previous_tier_slot, "Müller") == "key_account");
    CHECK(tier_of(*run, "Müller") == "key_account");
    // The two seats go to the incumbents first: E, a newcomer with more points, is turned away.
    CHECK(tier_of(*run, "A") == "key_account");
    CHECK(tier_of(*run, "E") == "large_customer");
    CHECK(run->outcomes[0].stayed == 1);
    CHECK(text_of(*run, run->plan->change_slot, "Müller") == "kept");   // held by stay alone
    CHECK(text_of(*run, run->plan->change_slot, "A") == "same");     // the best score: its seat by when alone
    CHECK(text_of(*run, run->plan->change_slot, "E") == "same");
    CHECK(text_of(*run, run->plan->change_slot, "C") == "new");
    CHECK(std::find(recorder.stages.begin(), recorder.stages.end(), "read the previous results") !=
          recorder.stages.end());

    // Without the previous results Müller is no key account.
    request.previous.reset();
    CHECK(tier_of(*run_scoring(request), "Müller") == "large_customer");
}

TEST_CASE("run: Windows-1252 previous results read as UTF-8 are a BadData error naming the file") {
    RunRequest request = request_for(rules_yaml, customers_csv);
    request.previous = InputSource::text("previous.csv", "id,tier,name\nA,key_account,M\xfcller\n");
    const Error error = error_of(request);
    CHECK(error.code() == ExitCode::BadData);
    CHECK(error.location().file == "previous.csv");
    CHECK(error.message().find("invalid UTF-8") == 0);
    request.dialect.encoding = TextEncoding::Windows1252;
    CHECK(tier_of(*run_scoring(request), "A") == "key_account");
}

TEST_CASE("run: previous results and overrides in UTF-8 are read as UTF-8 beside a Windows-1252 export") {
    // kamscore writes its results in UTF-8: last night's output must match tonight's
    // Windows-1252 export, non-ASCII ids included.
    RunRequest request = request_for(rules_yaml, customers_1252);
    request.dialect = {';', ',', TextEncoding::Windows1252, std::nullopt, std::nullopt};
    request.previous = InputSource::text("previous.csv", "id,tier\nA,key_account\nM\xc3\xbcller,key_account\n");
    auto run = run_scoring(request);
    CHECK(text_of(*run, run->plan->previous_tier_slot, "Müller") == "key_account");
    CHECK(tier_of(*run, "Müller") == "key_account");

    request.overrides = InputSource::text("overrides.csv", "id,tier\nM\xc3\xbcller,standard\n");
    run = run_scoring(request);
    CHECK(tier_of(*run, "Müller") == "standard");
    for (const std::string& warning : run->warnings) CHECK(warning.find("override") == std::string::npos);
}

TEST_CASE("run: an override forces a tier; the tier by the rules alone is kept beside it") {
    RunRequest request = request_for(rules_yaml, customers_csv);
    request.overrides = InputSource::text("overrides.csv", "id,tier,reason\nD,key_account,Board decision\n");
    auto run = run_scoring(request);

    const std::uint32_t d = row(*run, "D");
    CHECK(tier_of(*run, "D") == "key_account");
    REQUIRE(run->rules_tier.size() == run->frame.rows);
    CHECK(run->rules_tier[d] == 2);   // standard
    CHECK(run->overrides.entries.size() == 1);
    CHECK(run->overrides.applied.forced[d] == 0);
    CHECK(text_of(*run, run->plan->override_slot, "D") == "Board decision");
    // D takes a seat of the two: A keeps one, E falls through.
    CHECK(tier_of(*run, "A") == "key_account");
    CHECK(tier_of(*run, "E") == "large_customer");
    CHECK(run->rules_tier[row(*run, "E")] == 0);
    CHECK(run->outcomes[0].forced == 1);
}

TEST_CASE("run: an override for a rejected row is ignored with a warning saying the row was rejected") {
    RunRequest request = request_for(rules_yaml, with_bad_row_csv);
    request.skip_bad_rows = true;
    request.overrides =
        InputSource::text("overrides.csv", "id,tier,reason\nX,key_account,Lighthouse\nB,key_account,Board\n");
    Recorder recorder;
    auto run = run_scoring(request, &recorder);

    const std::string expected = "kamscore: warning: override for X: its row was rejected (t.csv:3: column "
                                 "\"revenue\": \"12a\" is not a number); ignored";
    CHECK(std::find(run->warnings.begin(), run->warnings.end(), expected) != run->warnings.end());
    CHECK(std::find(recorder.warnings.begin(), recorder.warnings.end(), expected) != recorder.warnings.end());
    CHECK(recorder.warnings == run->warnings);
    // Not also "no customer with this id in the input".
    for (const std::string& warning : run->warnings) CHECK(warning.find("no customer with this id") == std::string::npos);
    REQUIRE(run->overrides.entries.size() == 1);
    CHECK(run->overrides.entries[0].id == "B");
    CHECK(tier_of(*run, "B") == "key_account");
}

TEST_CASE("run: row batches of 2 give the same tiers and scores as the whole frame") {
    auto scored_with = [](std::size_t batch_rows) {
        RunRequest request = request_for(rules_yaml, customers_csv);
        request.wanted.all = false;   // only what `score -f csv` writes: the row stage applies
        request.wanted.format = Format::Csv;
        request.row_batch_rows = batch_rows;
        return run_scoring(request);
    };
    auto whole = scored_with(0);
    auto batched = scored_with(2);
    CHECK(whole->rows->builder().row_stage() == nullptr);
    REQUIRE(batched->rows->builder().row_stage() != nullptr);
    CHECK(batched->rows->builder().row_stage()->batch_rows == 2);
    REQUIRE(batched->frame.rows == whole->frame.rows);
    for (const char* id : {"A", "B", "C", "D", "E"}) {
        CAPTURE(id);
        CHECK(tier_of(*batched, id) == tier_of(*whole, id));
        CHECK(score_of(*batched, id) == doctest::Approx(score_of(*whole, id)));
    }
    CHECK(tier_of(*batched, "E") == "key_account");
    CHECK(score_of(*batched, "D") == doctest::Approx(15.31));
}

TEST_CASE("run: row batches see previous_tier in derived values as the whole frame does") {
    // A bonus for last night's key accounts, computed per row: it must see the previous results.
    std::string yaml = rules_yaml;
    const std::string from = "  revenue_k: revenue / 1000\n";
    yaml.replace(yaml.find(from), from.size(),
                 "  revenue_k: revenue / 1000 + if(previous_tier == \"key_account\", 200, 0)\n");
    auto scored_with = [&](std::size_t batch_rows) {
        RunRequest request = request_for(yaml, customers_csv);
        request.wanted.all = false;
        request.row_batch_rows = batch_rows;
        request.previous = InputSource::text("previous.csv", "id,tier\nB,key_account\n");
        return run_scoring(request);
    };
    auto whole = scored_with(0);
    auto batched = scored_with(2);
    // B: (3 * 70 + 50) / 4 = 65 with the bonus.
    CHECK(score_of(*whole, "B") == doctest::Approx(65));
    CHECK(score_of(*batched, "B") == doctest::Approx(65));
    for (const char* id : {"A", "B", "C", "D", "E"}) {
        CAPTURE(id);
        CHECK(tier_of(*batched, id) == tier_of(*whole, id));
    }
}

TEST_CASE("run: max_rows limits the records read from each file") {
    RunRequest request = request_for(rules_yaml, customers_csv);
    request.max_rows = 2;
    auto run = run_scoring(request);
    CHECK(run->counts.records == 2);
    CHECK(run->frame.rows == 2);
    CHECK(run->row_of("A").has_value());
    CHECK(run->row_of("B").has_value());
    CHECK_FALSE(run->row_of("C").has_value());

    request.inputs.push_back(InputSource::text("u.csv", "id,name,revenue,margin,agreement\n"
                                                        "F,F AG,1,1,no\nG,G AG,2,2,no\nH,H AG,3,3,no\n"));
    auto two = run_scoring(request);
    CHECK(two->counts.records == 4);
    REQUIRE(two->counts.files.size() == 2);
    CHECK(two->counts.files[1].records == 2);
    CHECK(two->row_of("G").has_value());
    CHECK_FALSE(two->row_of("H").has_value());
}

TEST_CASE("run: a sample of max_rows makes room for its rows, not for the whole file's") {
    // check --against reads the first 1,000 rows of an export of any size: room for a million
    // rows (the file's size over the sampled rows' average) was 33 MiB it never used.
    std::string csv = "id,name,revenue,margin,agreement\n";
    for (int row = 0; row < 20000; ++row) csv += fmt::format("C{},Customer {},{},{},yes\n", row, row, 1000 + row, row % 40);
    RunRequest request = request_for(rules_yaml, csv);
    request.max_rows = 1000;
    auto run = run_scoring(request);
    CHECK(run->frame.rows == 1000);
    const int revenue_slot = run->plan->field_slots[0];
    REQUIRE(revenue_slot >= 0);
    CHECK(run->frame.columns[static_cast<std::size_t>(revenue_slot)].numbers.capacity() < 2000);

    request.max_rows.reset();   // the whole file: room for all its rows made once, up front
    auto whole = run_scoring(request);
    CHECK(whole->frame.rows == 20000);
}

TEST_CASE("run: describe_row_counts accounts for every record read") {
    InputCounts counts;
    counts.records = 1203;
    counts.rejected = 10;
    counts.footer_lines = 3;
    CHECK(describe_row_counts(counts, 1190) ==
          "rows in 1203 = rows scored 1190 + rows rejected 10 + report footer lines 3");
    CHECK(describe_row_counts(InputCounts{}, 0) ==
          "rows in 0 = rows scored 0 + rows rejected 0 + report footer lines 0");
}

TEST_CASE("run: the observer hears each stage and each file read") {
    RunRequest request = request_for(rules_yaml, customers_csv);
    request.inputs.push_back(InputSource::text("more.csv", "id,name,revenue,margin,agreement\nF,F AG,1,1,no\n"));
    Recorder recorder;
    auto run = run_scoring(request, &recorder);
    CHECK(recorder.stages ==
          std::vector<std::string>{"rules loaded and compiled", "read 6 rows", "scored and classified"});
    REQUIRE(recorder.files.size() == 2);
    CHECK(recorder.files[0].name == "t.csv");
    CHECK(recorder.files[0].records == 5);
    CHECK(recorder.files[0].encoding == "UTF-8");
    CHECK(recorder.files[0].delimiter == ',');
    CHECK(recorder.files[1].name == "more.csv");
    CHECK(recorder.files[1].records == 1);
    CHECK(run->counts.files.size() == 2);
    CHECK(tier_of(*run, "F") == "standard");
}
}

namespace {

const char* header_only_csv = "id,name,revenue,margin,agreement\n";

/// The rules above without `stay:`: previous_tier and change only with --previous (or asked for).
std::string rules_without_stay() {
    std::string yaml = rules_yaml;
    const std::string stay = "    stay: score >= min_score - 15 and agreement\n";
    yaml.erase(yaml.find(stay), stay.size());
    return yaml;
}

/// The rules above with a `guards:` section.
std::string rules_with_guards(std::string_view guards) { return rules_yaml + std::string("guards: ") + std::string(guards) + "\n"; }

std::vector<std::string> column_names(const ScoredRun& run) {
    std::vector<std::string> names;
    for (const OutputColumn& column : result_columns(*run.plan, run.frame, false)) names.push_back(column.name);
    return names;
}

bool has_column(const ScoredRun& run, const std::string& name) {
    const auto names = column_names(run);
    return std::find(names.begin(), names.end(), name) != names.end();
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_SUITE("run") {
TEST_CASE("guards: zero customers scored is BadData unless allowed") {
    RunRequest request = request_for(rules_yaml, header_only_csv);
    const Error error = error_of(request);
    CHECK(error.code() == ExitCode::BadData);
    CHECK(error.message().find("no customers scored: t.csv has a header but no records.") == 0);
    CHECK(contains(error.message(), "--allow-empty"));

    request.guards.allow_empty = true;
    CHECK(run_scoring(request)->frame.rows == 0);
    request.guards.allow_empty.reset();
    request.rules = rules_from(rules_with_guards("{ allow_empty: true }"));
    CHECK(run_scoring(request)->frame.rows == 0);
    // The command line wins over the rule file.
    request.guards.allow_empty = false;
    CHECK(error_of(request).code() == ExitCode::BadData);
}

TEST_CASE("guards: every row rejected is zero customers too, and the rejects file is not written") {
    const std::string rejects = "/tmp/kamscore-run-test-rejects-" + std::to_string(::getpid()) + ".csv";
    RunRequest request = request_for(rules_yaml, "id,name,revenue,margin,agreement\nX,Broken,12a,1,yes\n");
    request.skip_bad_rows = true;
    request.rejects_path = rejects;
    const Error error = error_of(request);
    CHECK(error.message().find("no customers scored: the only record read was a bad row.") == 0);
    CHECK(std::fopen(rejects.c_str(), "r") == nullptr);
    // The same run allowed to be empty writes its rejects file.
    request.guards.allow_empty = true;
    run_scoring(request);
    CHECK(std::remove(rejects.c_str()) == 0);
}

TEST_CASE("guards: fewer customers than min_rows is BadData; the command line overrides the rule file") {
    RunRequest request = request_for(rules_yaml, customers_csv);
    request.guards.min_rows = 6;
    const Error error = error_of(request);
    CHECK(error.code() == ExitCode::BadData);
    CHECK(error.message().find("only 5 customers scored, fewer than the 6 required (--min-rows or guards: "
                               "min_rows)") == 0);
    request.guards.min_rows = 5;
    CHECK(run_scoring(request)->frame.rows == 5);

    request.rules = rules_from(rules_with_guards("{ min_rows: 6 }"));
    request.guards.min_rows.reset();
    CHECK(error_of(request).message().find("only 5 customers scored") == 0);
    request.guards.min_rows = 0;
    CHECK(run_scoring(request)->frame.rows == 5);
}

TEST_CASE("guards: more disappeared customers than max_disappeared (default 10 %) is BadData") {
    RunRequest request = request_for(rules_yaml, customers_csv);
    // A to E plus five customers this run does not have: half of them disappeared.
    request.previous = InputSource::text("previous.csv", "id,tier\nA,key_account\nB,standard\nC,standard\n"
                                                         "D,standard\nE,standard\nP,standard\nQ,standard\n"
                                                         "R,standard\nS,standard\nT,standard\n");
    const Error error = error_of(request);
    CHECK(error.code() == ExitCode::BadData);
    CHECK(error.message() ==
          "5 of the 10 customers in the previous results (previous.csv) are not in this run: 50 % disappeared, more "
          "than the 10 % allowed (5 customers scored). Is the export cut off? If they did leave, raise the limit "
          "with --max-disappeared PCT (or guards: max_disappeared); 100 turns the check off");

    request.guards.max_disappeared = 49.9;
    CHECK(error_of(request).message().find("more than the 49.9 % allowed") != std::string::npos);
    request.guards.max_disappeared = 50;   // not more than the limit
    auto run = run_scoring(request);
    REQUIRE(run->previous.has_value());
    CHECK(run->previous->customers == 10);
    CHECK(run->previous->disappeared == 5);
    CHECK(run->previous->added == 0);
    request.guards.max_disappeared = 100;
    CHECK(run_scoring(request)->frame.rows == 5);

    request.guards.max_disappeared.reset();
    request.rules = rules_from(rules_with_guards("{ max_disappeared: 60 }"));
    CHECK(run_scoring(request)->frame.rows == 5);
}

TEST_CASE("guards: more new customers than max_new is BadData; there is no default limit") {
    RunRequest request = request_for(rules_yaml, customers_csv);
    request.previous = InputSource::text("previous.csv", "id,tier\nA,key_account\nB,standard\nC,standard\nD,standard\n");
    auto run = run_scoring(request);   // E is new: 25 % of 4, and no limit is set
    REQUIRE(run->previous.has_value());
    CHECK(run->previous->added == 1);
    CHECK(run->previous->disappeared == 0);

    request.guards.max_new = 20;
    const Error error = error_of(request);
    CHECK(error.code() == ExitCode::BadData);
    CHECK(error.message() ==
          "1 customer of this run is not in the previous results (previous.csv, 4 customers): 25 % of their count, "
          "more than the 20 % allowed: is it the right previous file? If so many are new, raise --max-new PCT (or "
          "guards: max_new)");
    request.guards.max_new = 25;
    CHECK(run_scoring(request)->frame.rows == 5);
}

TEST_CASE("guards: empty or much smaller previous results are a warning naming both counts") {
    RunRequest request = request_for(rules_yaml, customers_csv);
    request.previous = InputSource::text("previous.csv", "id,tier\n");
    Recorder recorder;
    auto run = run_scoring(request, &recorder);
    REQUIRE(recorder.warnings.size() == 1);
    CHECK(recorder.warnings[0] ==
          "kamscore: warning: previous.csv: the previous results have no customers, this run has 5: every customer "
          "counts as new and none keeps its tier by 'stay:'");
    CHECK(run->warnings == recorder.warnings);

    request.previous = InputSource::text("previous.csv", "id,tier\nA,key_account\nB,standard\n");
    request.guards.max_new = 1000;
    run = run_scoring(request);
    REQUIRE(run->warnings.size() == 1);
    CHECK(run->warnings[0] ==
          "kamscore: warning: previous.csv: the previous results have 2 customers, fewer than half of the 5 of this "
          "run: is the previous file cut off? Customers missing from it count as new and keep no tier by 'stay:'");

    // Three of five is not fewer than half: no warning.
    request.previous = InputSource::text("previous.csv", "id,tier\nA,key_account\nB,standard\nC,standard\n");
    CHECK(run_scoring(request)->warnings.empty());
}

TEST_CASE("guards: a last record without a line break is a warning, an error when a final line break is required") {
    std::string cut = customers_csv;
    cut.resize(cut.size() - std::string("0,40,yes\n").size());   // E's revenue cut to 70000 mid-field
    RunRequest request = request_for(rules_yaml, cut);
    request.skip_bad_rows = true;   // the cut record has too few fields
    Recorder recorder;
    auto run = run_scoring(request, &recorder);
    REQUIRE(recorder.warnings.size() == 1);
    CHECK(recorder.warnings[0] ==
          "kamscore: warning: t.csv:6: the file ends without a line break after its last record: if it was cut off in "
          "transfer, the last value is cut short too (--require-final-newline makes this an error)");
    CHECK(run->warnings == recorder.warnings);
    REQUIRE(run->counts.files.size() == 1);
    CHECK(run->counts.files[0].unterminated_line == std::optional<std::uint64_t>(6));

    request.guards.require_final_newline = true;
    Error error = error_of(request);
    CHECK(error.code() == ExitCode::BadData);
    CHECK(error.location().file == "t.csv");
    CHECK(error.location().line == 6);
    CHECK(error.message().find("the file ends without a line break after its last record, and one is required") == 0);

    request.guards.require_final_newline.reset();
    request.rules = rules_from(rules_with_guards("{ require_final_newline: true }"));
    CHECK(error_of(request).location().line == 6);

    // A file that ends with its line break gives neither.
    request.inputs = {InputSource::text("t.csv", customers_csv)};
    run = run_scoring(request);
    CHECK(run->warnings.empty());
    CHECK_FALSE(run->counts.files[0].unterminated_line.has_value());
}

TEST_CASE("guards: apply_guards false (check's sample, the rule file's tests) lets every guard pass") {
    RunRequest request = request_for(rules_yaml, header_only_csv);
    request.apply_guards = false;
    CHECK(run_scoring(request)->frame.rows == 0);
    request.inputs = {InputSource::text("t.csv", customers_csv)};
    request.guards.min_rows = 100;
    request.previous = InputSource::text("previous.csv", "id,tier\nP,standard\nQ,standard\n");
    auto run = run_scoring(request);
    CHECK(run->frame.rows == 5);
    CHECK(run->warnings.empty());
}

TEST_CASE("stable columns: with stay rules previous_tier and change are there, empty, without previous results") {
    RunRequest request = request_for(rules_yaml, customers_csv);
    auto night1 = run_scoring(request);
    CHECK(text_of(*night1, night1->plan->previous_tier_slot, "A") == "<missing>");
    CHECK(text_of(*night1, night1->plan->change_slot, "A") == "<missing>");
    request.previous = InputSource::text("previous.csv", "id,tier\nA,key_account\nB,standard\nC,standard\n"
                                                         "D,standard\nE,key_account\n");
    auto night2 = run_scoring(request);
    CHECK(text_of(*night2, night2->plan->change_slot, "A") == "same");
    CHECK(column_names(*night1) == column_names(*night2));
    CHECK(has_column(*night1, "previous_tier"));
    CHECK(has_column(*night1, "change"));
}

TEST_CASE("stable columns: without stay rules only with previous_columns (or previous results)") {
    RunRequest request = request_for(rules_without_stay(), customers_csv);
    CHECK_FALSE(has_column(*run_scoring(request), "change"));
    CHECK_FALSE(has_column(*run_scoring(request), "previous_tier"));
    request.previous_columns = true;
    auto run = run_scoring(request);
    CHECK(has_column(*run, "previous_tier"));
    CHECK(has_column(*run, "change"));
    CHECK(text_of(*run, run->plan->change_slot, "E") == "<missing>");
}

namespace {

/// rules_yaml with `input:` and the fields replaced, for the cell-reading cases below.
std::string rules_with(std::string_view input, std::string_view fields) {
    std::string yaml = rules_yaml;
    const auto replace = [&](std::string_view from, std::string_view to) {
        const std::size_t at = yaml.find(from);
        REQUIRE(at != std::string::npos);
        yaml.replace(at, from.size(), to);
    };
    replace("input: { id: id, label: name }\n", input);
    replace("fields:\n  revenue: revenue\n  margin: margin\n  agreement: { column: agreement, type: bool }\n", fields);
    return yaml;
}

const char* plain_fields = "fields:\n  revenue: revenue\n  margin: margin\n  agreement: { column: agreement, type: bool }\n";

double number_of(const ScoredRun& run, std::string_view field, std::string_view id) {
    const auto& fields = run.rules->fields;
    for (std::size_t f = 0; f < fields.size(); ++f)
        if (fields[f].name == field)
            return run.frame.columns[static_cast<std::size_t>(run.plan->field_slots[f])].numbers[row(run, id)];
    FAIL("no field " << field);
    return 0;
}

}  // namespace

TEST_CASE("decimal sniff: dot-grouped thousands in a ';' file stop the run naming the column and the decimal to set") {
    RunRequest request = request_for(rules_with("input: { id: id, label: name }\n", plain_fields),
                                     "id;name;revenue;margin;agreement\n"
                                     "A;Alpha AG;1.200;30;ja\n"
                                     "B;Beta GmbH;850;20;ja\n"
                                     "C;Gamma SE;12.345;10;nein\n");
    const Error error = error_of(request);
    CHECK(error.code() == ExitCode::BadData);
    CHECK(format_error(error) ==
          "t.csv:2: column \"revenue\": \"1.200\" is 1.2 with decimal \".\" but 1200 with \",\"\n"
          "t.csv:4: column \"revenue\": \"12.345\" is 12.345 with decimal \".\" but 12345 with \",\"\n"
          "kamscore: error: t.csv: column \"revenue\" is written with decimal \",\", not \".\": set 'decimal: \",\"' "
          "under 'input:' in r.yaml, or pass --decimal ,\n");
}

TEST_CASE("decimal sniff: the verdict holds for the whole column, whatever the row order and the batches") {
    // German values after a first ambiguous one, and more such values than the three shown.
    const std::string csv = "id,name,revenue,margin,agreement\n"
                            "A,Alpha AG,1.200,30,yes\n"
                            "B,Beta GmbH,850,20,yes\n"
                            "C,Gamma SE,1.234.567,10,no\n"
                            "D,Delta KG,\"2.500,50\",10,no\n"
                            "E,Epsilon AG,7.000.000,10,no\n";
    for (std::size_t batch_rows : {0, 2}) {
        CAPTURE(batch_rows);
        RunRequest request = request_for(rules_with("input: { id: id, label: name }\n", plain_fields), csv);
        request.wanted.all = false;
        request.row_batch_rows = batch_rows;
        request.skip_bad_rows = true;   // the unreadable cells are no mere bad rows here
        const Error error = error_of(request);
        CHECK(error.details() ==
              "t.csv:4: column \"revenue\": \"1.234.567\" is a number only with decimal \",\" (1234567)\n"
              "t.csv:5: column \"revenue\": \"2.500,50\" is a number only with decimal \",\" (2500.5)\n"
              "t.csv:6: column \"revenue\": \"7.000.000\" is a number only with decimal \",\" (7000000)\n"
              "kamscore: ... and 1 more value like these in column \"revenue\"\n");
        CHECK(error.location().file == "t.csv");
    }
    // The same cells after values only "." reads: the column is written with ".", and the
    // German values are bad rows, whichever comes first.
    for (const char* csv_mixed : {"id,name,revenue,margin,agreement\nA,Alpha AG,1.234.567,30,yes\n"
                                  "B,Beta GmbH,850.5,20,yes\nC,Gamma SE,12.25,10,no\n",
                                  "id,name,revenue,margin,agreement\nB,Beta GmbH,850.5,20,yes\n"
                                  "C,Gamma SE,12.25,10,no\nA,Alpha AG,1.234.567,30,yes\n"}) {
        RunRequest request = request_for(rules_yaml, csv_mixed);
        request.skip_bad_rows = true;
        auto run = run_scoring(request);
        CHECK(run->frame.rows == 2);
        REQUIRE(run->rejects.size() == 1);
        CHECK(run->rejects[0].message ==
              "column \"revenue\": \"1.234.567\" is not a number with decimal \".\" (it is one with \",\")");
    }
}

TEST_CASE("decimal sniff: the mirror under decimal ',' and a file whose delimiter does not tell") {
    RunRequest request = request_for(rules_yaml, "id,name,revenue,margin,agreement\n"
                                                 "A,Alpha AG,\"1,200\",30,yes\n"
                                                 "B,Beta GmbH,\"1,234,567\",20,yes\n");
    request.dialect.decimal = ',';
    CHECK(format_error(error_of(request)) ==
          "t.csv:3: column \"revenue\": \"1,234,567\" is a number only with decimal \".\" (1234567)\n"
          "t.csv:2: column \"revenue\": \"1,200\" is 1.2 with decimal \",\" but 1200 with \".\"\n"
          "kamscore: error: t.csv: column \"revenue\" is written with decimal \".\", not \",\": set 'decimal: \".\"' "
          "under 'input:' in r.yaml, or pass --decimal .\n");
    // Tab-separated with only ambiguous values: nothing tells, 1.200 is read with the declared
    // mark, and a warning says so.
    auto run = run_scoring(request_for(rules_yaml, "id\tname\trevenue\tmargin\tagreement\nA\tAlpha AG\t1.200\t30\tyes\n"));
    CHECK(number_of(*run, "revenue", "A") == 1.2);
    CHECK(run->warnings == std::vector<std::string>{
                               "kamscore: warning: t.csv:2: column \"revenue\": \"1.200\" is 1.2 with decimal \".\" but "
                               "1200 with \",\"; 1 value like it is read with decimal \".\", and nothing in the column "
                               "tells the marks apart: if they are thousands, set 'decimal: \",\"' under 'input:' in r.yaml"});
    // One value that only "." reads (3.5) shows the column's mark: no warning.
    run = run_scoring(request_for(rules_yaml, "id\tname\trevenue\tmargin\tagreement\nA\tAlpha AG\t1.200\t30\tyes\n"
                                              "B\tBeta GmbH\t3.5\t30\tyes\n"));
    CHECK(run->warnings.empty());
}

TEST_CASE("missing_words: matching cells are missing in every field type, counted per field") {
    RunRequest request = request_for(
        rules_with("input: { id: id, label: name, missing_words: [\"k.A.\", \"-\"] }\n",
                   "fields:\n  revenue: revenue\n  margin: { column: margin, missing_words: [\"n/a\"] }\n"
                   "  agreement: { column: agreement, type: bool }\n  region: { column: region, type: text }\n"),
        "id,name,revenue,margin,agreement,region\n"
        "A,Alpha AG,K.A.,30,-,Nord\n"
        "B,Beta GmbH,500000, N/A ,yes,-\n"
        "C,Gamma SE,800000,-,no,Süd\n");
    request.skip_bad_rows = true;
    auto run = run_scoring(request);
    CHECK(run->frame.rows == 2);   // C: "-" is no missing word of margin, whose list replaces the input's
    REQUIRE(run->rejects.size() == 1);
    CHECK(run->rejects[0].message == "column \"margin\": \"-\" is not a number");
    CHECK(is_missing(number_of(*run, "revenue", "A")));
    CHECK(is_missing(number_of(*run, "margin", "B")));
    REQUIRE(run->made_missing.size() == 4);
    CHECK(run->made_missing[0].words == 1);   // revenue
    CHECK(run->made_missing[1].words == 1);   // margin
    CHECK(run->made_missing[2].words == 1);   // agreement
    CHECK(run->made_missing[3].words == 1);   // region
    CHECK(run->made_missing[0].unreadable == 0);
    CHECK(run->frame.columns[static_cast<std::size_t>(run->plan->field_slots[3])].texts[row(*run, "B")].data() == nullptr);
    CHECK(score_of(*run, "A") == doctest::Approx(0.25 * 75));   // revenue missing: zero points
}

TEST_CASE("missing_words: a word spelt as a number is still a missing word, with or without reading ahead") {
    for (const bool two_threads : {false, true}) {
        RunRequest request = request_for(
            rules_with("input: { id: id, label: name }\n",
                       "fields:\n  revenue: { column: revenue, missing_words: [\"-1\", \"999.0\"] }\n  margin: margin\n"
                       "  agreement: { column: agreement, type: bool }\n"),
            "id,name,revenue,margin,agreement\n"
            "A,Alpha AG,-1,30,yes\n"
            "B,Beta GmbH,999.0,-1,no\n"
            "C,Gamma SE,999,20,no\n");
        request.two_threads = two_threads;
        auto run = run_scoring(request);
        REQUIRE(run->frame.rows == 3);
        CHECK(is_missing(number_of(*run, "revenue", "A")));
        CHECK(is_missing(number_of(*run, "revenue", "B")));
        CHECK(number_of(*run, "revenue", "C") == 999);    // "999" is not the word "999.0"
        CHECK(number_of(*run, "margin", "B") == -1);      // the word is revenue's alone
        CHECK(run->made_missing[0].words == 2);
    }
}

TEST_CASE("invalid: missing keeps the customer with the value missing; reject makes a bad row; error stops") {
    const char* csv = "id,name,revenue,margin,agreement\n"
                      "A,Alpha AG,900000,ca. 12,yes\n"
                      "B,Beta GmbH,500000,20,vielleicht\n";
    RunRequest missing = request_for(rules_with("input: { id: id, label: name }\n",
                                                "fields:\n  revenue: revenue\n  margin: { column: margin, invalid: missing }\n"
                                                "  agreement: { column: agreement, type: bool, invalid: missing }\n"),
                                     csv);
    auto run = run_scoring(missing);
    CHECK(run->frame.rows == 2);
    CHECK(is_missing(number_of(*run, "margin", "A")));
    CHECK(score_of(*run, "A") == doctest::Approx(0.75 * 90));
    CHECK(run->made_missing[1].unreadable == 1);
    CHECK(run->made_missing[2].unreadable == 1);
    CHECK(run->made_missing[0].total() == 0);

    RunRequest reject = request_for(rules_yaml, csv);   // the default
    reject.skip_bad_rows = true;
    reject.apply_guards = false;   // no customer is left
    auto rejected = run_scoring(reject);
    CHECK(rejected->frame.rows == 0);
    REQUIRE(rejected->rejects.size() == 2);
    CHECK(rejected->rejects[0].message == "column \"margin\": \"ca. 12\" is not a number");
    CHECK(rejected->rejects[1].message == "column \"agreement\": \"vielleicht\" is not a yes/no value");

    RunRequest stop = request_for(rules_with("input: { id: id, label: name }\n",
                                             "fields:\n  revenue: revenue\n  margin: { column: margin, invalid: error }\n"
                                             "  agreement: { column: agreement, type: bool }\n"),
                                  csv);
    stop.skip_bad_rows = true;   // error means stop, skipping or not
    const Error error = error_of(stop);
    CHECK(error.code() == ExitCode::BadData);
    CHECK(format_error(error) ==
          "kamscore: error: t.csv:2: column \"margin\": \"ca. 12\" is not a number; field 'margin' has 'invalid: error', "
          "so the run stops: fix the cell, or read such cells as missing with 'invalid: missing'\n");
}

TEST_CASE("invalid: missing never hides a column written with the other decimal mark") {
    RunRequest request = request_for(rules_with("input: { id: id, label: name }\n",
                                                "fields:\n  revenue: { column: revenue, invalid: missing }\n  margin: margin\n"
                                                "  agreement: { column: agreement, type: bool }\n"),
                                     "id,name,revenue,margin,agreement\nA,Alpha AG,1.234.567,30,yes\n");
    CHECK(error_of(request).message().find("column \"revenue\" is written with decimal \",\"") == 0);
}

TEST_CASE("run: reading ahead on a second thread gives the run of one thread, rejects and counts included") {
    // 30,000 rows, several batches of the reader thread, with what takes another way through
    // TableBuilder::add: bad numbers and yes/no values, missing words, duplicate ids, a row
    // with too few fields, a quoted line break, blank lines, a Windows line end, a footer.
    std::string csv = "id,name,revenue,margin,agreement\r\n";
    for (int i = 0; i < 30'000; ++i) {
        csv += 'C';
        csv += std::to_string(i % 29'989);   // the last 11 ids repeat earlier ones
        switch (i % 997) {
        case 5: csv += ",Bad number,12x,10,yes\n"; break;
        case 6: csv += ",Bad flag,1000,10,vielleicht\n"; break;
        case 7: csv += ",Missing word,k.A.,10,yes\n"; break;
        case 8: csv += ",Too few,1000\n"; break;
        case 9: csv += ",\"Two\nlines\",2000,20,no\n\n"; break;
        default:
            csv += ",Customer,";
            csv += std::to_string(i * 37 % 1'000'000);
            csv += ',';
            csv += std::to_string(i % 41);
            csv += i % 3 ? ",yes\n" : ",no\r\n";
        }
    }
    csv += "Confidential\n";
    const std::string yaml = rules_with("input: { id: id, label: name, missing_words: [\"k.A.\"] }\n",
                                        "fields:\n  revenue: revenue\n  margin: margin\n"
                                        "  agreement: { column: agreement, type: bool }\n");
    auto run_with = [&](bool two_threads) {
        RunRequest request = request_for(yaml, csv);
        request.skip_bad_rows = true;
        request.two_threads = two_threads;
        Recorder recorder;
        auto run = run_scoring(request, &recorder);
        return std::pair(std::move(run), std::move(recorder));
    };
    const auto [ahead, ahead_heard] = run_with(true);
    const auto [alone, alone_heard] = run_with(false);
    REQUIRE(alone->frame.rows == ahead->frame.rows);
    CHECK(alone->frame.rows > 29'000);
    for (const int slot : {alone->plan->id_slot, alone->plan->tier_slot})
        CHECK(alone->frame.columns[slot].texts == ahead->frame.columns[slot].texts);
    for (const int slot : {alone->plan->score_slot, alone->plan->field_slots[0], alone->plan->field_slots[1]}) {
        const auto& a = alone->frame.columns[slot].numbers;
        const auto& b = ahead->frame.columns[slot].numbers;
        REQUIRE(a.size() == b.size());
        for (std::size_t i = 0; i < a.size(); ++i)
            if (!(a[i] == b[i] || (is_missing(a[i]) && is_missing(b[i])))) FAIL("row " << i << ": " << a[i] << " vs " << b[i]);
    }
    REQUIRE(alone->rejects.size() == ahead->rejects.size());
    CHECK(alone->rejects.size() > 100);
    for (std::size_t i = 0; i < alone->rejects.size(); ++i) {
        CHECK(alone->rejects[i].line == ahead->rejects[i].line);
        CHECK(alone->rejects[i].message == ahead->rejects[i].message);
    }
    CHECK(alone->made_missing[0].words == ahead->made_missing[0].words);
    CHECK(alone->made_missing[0].words > 20);
    CHECK(alone->counts.records == ahead->counts.records);
    CHECK(alone->counts.blank_lines == ahead->counts.blank_lines);
    CHECK(alone->counts.footer_lines == 1);
    CHECK(ahead->counts.footer_lines == 1);
    CHECK(alone->warnings == ahead->warnings);
    CHECK(alone_heard.rejected.size() == ahead_heard.rejected.size());
}
}

TEST_SUITE("run") {
TEST_CASE("run: score holds the output values it writes, and --columns replaces them in the run's rules") {
    std::string yaml = std::string(rules_yaml) + "output: [revenue_k]\n";
    const std::string from = "  revenue_k: revenue / 1000\n";
    yaml.replace(yaml.find(from), from.size(), from + "  margin_share: margin / 100\n");
    auto scored_with = [&](std::optional<ColumnsChoice> columns) {
        RunRequest request = request_for(yaml, customers_csv);
        request.wanted.all = false;   // as `score -f csv`: only the written columns are held
        request.wanted.format = Format::Csv;
        request.wanted.columns = std::move(columns);
        request.row_batch_rows = 2;
        return run_scoring(request);
    };
    auto slot_of = [](const ScoredRun& run, const std::string& name) {
        return static_cast<std::size_t>(output_value_slot(*run.plan, name));
    };
    auto run = scored_with(std::nullopt);
    const RowStage* stage = run->rows->builder().row_stage();
    REQUIRE(stage != nullptr);
    CHECK(stage->held[slot_of(*run, "revenue_k")]);
    CHECK(is_dropped(*stage, slot_of(*run, "margin_share")));   // no rule and no column reads it
    const std::vector<OutputColumn> columns = written_columns(*run->plan, run->frame, false, Format::Csv);
    REQUIRE_FALSE(columns.empty());
    CHECK(columns.back().name == "revenue_k");
    CHECK(columns.back().json_path == std::vector<std::string>{"values", "revenue_k"});

    auto replaced = scored_with(parse_columns_option({"margin_share:1"}));
    REQUIRE(replaced->rules->output.size() == 1);
    CHECK(replaced->rules->output[0].name == "margin_share");
    CHECK(replaced->rules->output[0].decimals == 1);
    const RowStage* replaced_stage = replaced->rows->builder().row_stage();
    REQUIRE(replaced_stage != nullptr);
    CHECK(replaced_stage->held[slot_of(*replaced, "margin_share")]);
    CHECK(replaced->frame.columns[slot_of(*replaced, "margin_share")].numbers.size() == replaced->frame.rows);

    auto added = scored_with(parse_columns_option({"+margin_share,+margin"}));
    REQUIRE(added->rules->output.size() == 3);
    CHECK(added->rules->output[0].name == "revenue_k");
    CHECK(added->rules->output[2].name == "margin");
    CHECK(scored_with(parse_columns_option({""}))->rules->output.empty());
    CHECK_THROWS_WITH_AS(scored_with(parse_columns_option({"revenue_kk"})),
                         "--columns: 'revenue_kk' is no field or derived value (did you mean 'revenue_k'?); output "
                         "columns are one of: revenue, margin, agreement, revenue_k, margin_share",
                         Error);
}
TEST_CASE("run: scales and scores split between two threads give the scores of one thread") {
    // More rows than split_min_rows, so that every population step splits: a percentile (its
    // sort and sweep), linear and bands scales, a metric with `missing: skip` (the weight sums
    // of each row), points and tiers.
    std::string csv = "id,revenue,margin,growth\n";
    std::uint64_t state = 7;
    auto next = [&] { return (state = state * 6364136223846793005ull + 1442695040888963407ull) >> 11; };
    for (int i = 0; i < 100000; ++i) {
        const std::uint64_t r = next();
        ((csv += "C") += std::to_string(i)) += ",";
        if (r % 40 != 0) csv += std::to_string(r % 5000000);   // missing, and many ties
        ((csv += ",") += std::to_string(static_cast<int>(r % 60) - 10)) += ",";
        if (r % 7 != 0) csv += std::to_string(static_cast<double>(r % 100) / 100.0 - 0.3);
        csv += "\n";
    }
    const std::string yaml = "kamscore: 1\ninput: { id: id }\n"
                             "fields:\n  revenue: revenue\n  margin: margin\n  growth: growth\n"
                             "metrics:\n"
                             "  - { id: revenue, value: revenue, weight: 5, scale: percentile }\n"
                             "  - { id: margin, value: margin, weight: 2, scale: { bands: [[10, 0], [25, 50], [null, 100]] } }\n"
                             "  - { id: growth, value: growth, weight: 3, missing: skip, scale: { linear: [-0.25, 0.25] } }\n"
                             "tiers:\n  - { id: top, when: score >= 70, max: 5000 }\n  - { id: rest }\n";
    const auto run_with = [&](bool two_threads) {
        RunRequest request = request_for(yaml, csv);
        request.two_threads = two_threads;
        return run_scoring(request);
    };
    const auto alone = run_with(false);
    const auto split = run_with(true);
    REQUIRE(alone->frame.rows == 100000);
    REQUIRE(split->frame.rows == 100000);
    std::vector<int> slots{alone->plan->score_slot};
    for (const auto& metric : alone->plan->metrics) {
        slots.push_back(metric.scaled_slot);
        slots.push_back(metric.points_slot);
    }
    for (const int slot : slots) {
        const auto& a = alone->frame.columns[static_cast<std::size_t>(slot)].numbers;
        const auto& b = split->frame.columns[static_cast<std::size_t>(slot)].numbers;
        CAPTURE(slot);
        REQUIRE(a.size() == b.size());
        std::size_t differ = 0;
        for (std::size_t i = 0; i < a.size(); ++i) differ += !(a[i] == b[i] || (is_missing(a[i]) && is_missing(b[i])));
        CHECK(differ == 0);
    }
    CHECK(alone->frame.columns[static_cast<std::size_t>(alone->plan->tier_slot)].texts ==
          split->frame.columns[static_cast<std::size_t>(split->plan->tier_slot)].texts);
}
}
