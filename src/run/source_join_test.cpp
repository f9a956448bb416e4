// Secondary sources end to end through the run: key normalisation on both sides, each
// aggregation, pivot, where, the left join and the accounting of every source row.
#include "run/source_join.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "kamscore/error.hpp"
#include "kamscore/rules/load_rules.hpp"

using namespace kamscore;

namespace {

std::shared_ptr<const RuleSet> rules_from(const std::string& text) {
    LoadedRules loaded = load_rules(text, "rules.yaml");
    std::string problems;
    for (const Diagnostic& diagnostic : loaded.diagnostics) problems += diagnostic.message + "\n";
    INFO(problems);
    REQUIRE_FALSE(loaded.has_errors());
    return std::make_shared<RuleSet>(std::move(loaded.rules));
}

std::unique_ptr<ScoredRun> run_with(const std::string& rules, const std::string& customers,
                                    std::vector<std::pair<std::string, std::string>> sources, bool skip = false) {
    RunRequest request;
    request.rules = rules_from(rules);
    request.inputs = {InputSource::text("crm.csv", customers)};
    request.source_texts = std::move(sources);
    request.skip_bad_rows = skip;
    request.apply_guards = false;
    return run_scoring(request);
}

double number(const ScoredRun& run, std::string_view id, const std::string& field) {
    const auto row = run.row_of(id);
    REQUIRE(row);
    for (std::size_t f = 0; f < run.rules->fields.size(); ++f)
        if (run.rules->fields[f].name == field) return run.frame.columns[run.plan->field_slots[f]].numbers[*row];
    FAIL("no field " << field);
    return 0;
}

const std::string tail = R"(metrics:
  - { id: m, value: 1, weight: 1, scale: { linear: [0, 1] } }
tiers:
  - { id: all }
)";

}  // namespace

TEST_SUITE("sources") {
TEST_CASE("a long source is aggregated per normalised key and left-joined") {
    const std::string rules = R"(kamscore: 1
input: { id: id }
sources:
  erp: { key: debtor, normalize: [strip_zeros] }
fields:
  total: { source: erp, column: amount, aggregate: sum }
  average: { source: erp, column: amount, aggregate: mean }
  smallest: { source: erp, column: amount, aggregate: min }
  largest: { source: erp, column: amount, aggregate: max }
  lines: { source: erp, aggregate: count }
  big: { source: erp, count_if: amount >= 100 }
  big_share: { source: erp, share_if: amount >= 100 }
  latest: { source: erp, column: amount, aggregate: last, by: day }
  earliest: { source: erp, column: amount, aggregate: first, by: day }
  of_2025: { source: erp, column: amount, aggregate: sum, where: year == 2025 }
  rev: { source: erp, column: amount, aggregate: sum, pivot: { column: year, values: [2024, 2025] } }
)" + tail;
    const std::string erp = "debtor,year,day,amount\n"
                            "00042,2024,2024-05-01,100\n"
                            "42,2025,2025-01-01,50\n"
                            "0042,2025,2023-12-31,300\n"
                            "0099,2025,2025-01-01,7\n"
                            ",,,\n";
    auto run = run_with(rules, "id\n42\n43\n", {{"erp", erp}});
    CHECK(number(*run, "42", "total") == 450);
    CHECK(number(*run, "42", "average") == 150);
    CHECK(number(*run, "42", "smallest") == 50);
    CHECK(number(*run, "42", "largest") == 300);
    CHECK(number(*run, "42", "lines") == 3);
    CHECK(number(*run, "42", "big") == 2);
    CHECK(number(*run, "42", "big_share") == doctest::Approx(200.0 / 3));
    CHECK(number(*run, "42", "latest") == 50);     // 2025-01-01 is the latest day
    CHECK(number(*run, "42", "earliest") == 300);  // 2023-12-31 the earliest
    CHECK(number(*run, "42", "of_2025") == 350);
    CHECK(number(*run, "42", "rev_2024") == 100);
    CHECK(number(*run, "42", "rev_2025") == 350);
    // 43 has no rows: every value is missing, counts included (the metric's missing: decides).
    CHECK(std::isnan(number(*run, "43", "total")));
    CHECK(std::isnan(number(*run, "43", "lines")));
    REQUIRE(run->sources.size() == 1);
    const SourceCounts& counts = run->sources[0];
    CHECK(counts.records == 5);
    CHECK(counts.blank_lines == 1);
    CHECK(counts.used == 4);
    CHECK(counts.keys == 2);
    CHECK(counts.keys_matched == 1);
    CHECK(counts.keys_unmatched() == 1);
    CHECK(counts.rows_unmatched == 1);
    CHECK(counts.customers_without_rows == 1);
    const auto origins = run->field_origins(*run->row_of("42"));
    CHECK(origins[0] == "erp: 3 rows of key \"42\", lines 2, 3, 4");
    CHECK(origins[9] == "erp: 2 of the 3 rows of key \"42\", lines 3, 4");   // of_2025: where year == 2025
    CHECK(origins[10] == "erp: 1 of the 3 rows of key \"42\", line 2");      // rev_2024
    CHECK(run->field_origins(*run->row_of("43"))[0] == "erp: no rows for this customer");
}

TEST_CASE("text fields of a source keep the text of the first, the last or the one row") {
    const std::string rules = R"(kamscore: 1
input: { id: id }
sources:
  crm2: { key: customer }
  master: { key: customer, rows: one }
fields:
  first_owner: { source: crm2, column: owner, type: text, aggregate: first, by: day }
  last_owner: { source: crm2, column: owner, type: text, aggregate: last, by: day }
  visits: { source: crm2, aggregate: count }
  branch: { source: master, column: branch, type: text }
)" + tail;
    const std::string crm2 = "customer,day,owner\n"
                             "A,2025-03-01,Meier\n"
                             "A,2024-01-15,Schulz\n"
                             "B,2025-01-01,Nowak\n"
                             "A,2025-07-01,\"Yilmaz, the long name of a long-serving account owner\"\n";
    const std::string master = "customer,branch\nA,Nord\nB,\"Süd, Filiale 12\"\n";
    auto run = run_with(rules, "id\nA\nB\nC\n", {{"crm2", crm2}, {"master", master}});
    const auto text = [&](std::string_view id, std::size_t field) {
        const std::string_view cell = run->frame.columns[run->plan->field_slots[field]].texts[*run->row_of(id)];
        return cell.data() ? std::string(cell) : std::string("(missing)");
    };
    CHECK(text("A", 0) == "Schulz");
    CHECK(text("A", 1) == "Yilmaz, the long name of a long-serving account owner");
    CHECK(number(*run, "A", "visits") == 3);
    CHECK(text("B", 0) == "Nowak");
    CHECK(text("B", 1) == "Nowak");
    CHECK(text("A", 3) == "Nord");
    CHECK(text("B", 3) == "Süd, Filiale 12");
    CHECK(text("C", 0) == "(missing)");
    CHECK(text("C", 3) == "(missing)");
}

TEST_CASE("NPS from 0-10 answers takes two fields and a derived value") {
    const std::string rules = R"(kamscore: 1
input: { id: id }
sources:
  survey: { key: customer }
fields:
  promoters: { source: survey, share_if: score >= 9 }
  detractors: { source: survey, share_if: score <= 6 }
derived:
  nps: promoters - detractors
)" + tail;
    auto run = run_with(rules, "id\nA\nB\n",
                        {{"survey", "customer,score\nA,10\nA,9\nA,8\nA,3\nB,6\nB,7\n"}});
    CHECK(number(*run, "A", "promoters") == 50);
    CHECK(number(*run, "A", "detractors") == 25);
    CHECK(number(*run, "B", "promoters") == 0);
    CHECK(number(*run, "B", "detractors") == 50);
}

TEST_CASE("a source's where filters rows out, counted; the pattern reads the source's keys, the case both sides") {
    const std::string rules = R"(kamscore: 1
input: { id: id }
sources:
  s: { key: k, pattern: '^(?:crm-)?([A-Za-z0-9]+)$', normalize: upper, where: v > 0 }
fields:
  total: { source: s, column: v, aggregate: sum }
)" + tail;
    auto run = run_with(rules, "id\nAB1\ncd2\n", {{"s", "k,v\ncrm-ab1,5\nab1,-3\nCD2,4\nx y,1\n"}}, true);
    CHECK(number(*run, "AB1", "total") == 5);
    CHECK(number(*run, "cd2", "total") == 4);
    const SourceCounts& counts = run->sources.at(0);
    CHECK(counts.filtered == 1);
    CHECK(counts.rejected == 1);   // "x y" does not match the pattern
    CHECK(counts.used == 2);
    REQUIRE(run->rejects.size() == 1);
    CHECK(run->rejects[0].line == 5);
    CHECK(run->counts.rejected == 0);   // the customer list's own rows are all scored
}

TEST_CASE("bad source rows stop the run without --skip-bad-rows; rows: one refuses a repeated key") {
    const std::string rules = R"(kamscore: 1
input: { id: id }
sources:
  s: { key: k, rows: one }
fields:
  v: { source: s, column: v }
)" + tail;
    CHECK_THROWS_AS(run_with(rules, "id\nA\n", {{"s", "k,v\nA,1\nA,2\n"}}), Error);
    auto run = run_with(rules, "id\nA\n", {{"s", "k,v\nA,1\nA,2\nB,zz\n"}}, true);
    CHECK(number(*run, "A", "v") == 1);
    REQUIRE(run->rejects.size() == 2);
    CHECK(run->rejects[0].message.find("duplicate key \"A\"") != std::string::npos);
    CHECK(run->rejects[1].message.find("not a number") != std::string::npos);
}

TEST_CASE("joined numbers are canonical whatever the customer list's decimal mark") {
    const std::string rules = R"(kamscore: 1
input: { id: id, decimal: "," }
sources:
  s: { key: k, decimal: "." }
fields:
  local: amount
  total: { source: s, column: v, aggregate: sum }
)" + tail;
    auto run = run_with(rules, "id;amount\nA;1.234,5\n", {{"s", "k,v\nA,1234.5\nA,0.25\n"}});
    CHECK(number(*run, "A", "local") == 1234.5);
    CHECK(number(*run, "A", "total") == 1234.75);
}

TEST_CASE("an expression over a source's columns that does not compile is a rule-file error") {
    const std::string rules = R"(kamscore: 1
input: { id: id }
sources:
  s: { key: k }
fields:
  n: { source: s, count_if: colour > 3 }
)" + tail;
    try {
        run_with(rules, "id\nA\n", {{"s", "k,colour\nA,red\n"}});
        FAIL("no error");
    } catch (const Error& error) {
        CHECK(error.code() == ExitCode::BadRules);
        CHECK(error.details().find("rules.yaml:6:") != std::string::npos);
    }
}

TEST_CASE("a source has its own dialect: Windows-1252, ';' and decimal commas under a UTF-8 customer list") {
    const std::string rules = R"(kamscore: 1
input: { id: id }
sources:
  s: { key: Kunde, delimiter: ";", decimal: ",", encoding: windows-1252, normalize: lower }
fields:
  total: { source: s, column: Betrag, aggregate: sum }
)" + tail;
    auto run = run_with(rules, "id\nm\xc3\xbcller\n", {{"s", "Kunde;Betrag\nM\xfcller;1.234,5\nM\xfcller;0,5\n"}});
    CHECK(number(*run, "m\xc3\xbcller", "total") == 1235);   // ASCII case only: the Umlaut is the same
}

TEST_CASE("a key map renames the source's old keys") {
    char directory[] = "/tmp/kamscore-map-XXXXXX";
    REQUIRE(::mkdtemp(directory));
    const std::string map = std::string(directory) + "/map.csv";
    std::FILE* file = std::fopen(map.c_str(), "w");
    REQUIRE(file);
    std::fputs("old,new\nD-0017,42\n99,43\n", file);
    std::fclose(file);
    const std::string rules = R"(kamscore: 1
input: { id: id }
sources:
  s: { key: k, pattern: '^D-0*(\d+)$', normalize: strip_zeros, map: )" + map + R"( }
fields:
  total: { source: s, column: v, aggregate: sum }
)" + tail;
    auto run = run_with(rules, "id\n42\n43\n17\n", {{"s", "k,v\nD-17,1\nD-0042,2\nD-99,4\n"}});
    CHECK(number(*run, "42", "total") == 3);   // D-17 is now 42
    CHECK(number(*run, "43", "total") == 4);   // D-99 is now 43 (the map's old key written normalised)
    CHECK(std::isnan(number(*run, "17", "total")));
    std::remove(map.c_str());
    ::rmdir(directory);
}

TEST_CASE("customers' keys found on the reading thread give the join of one thread") {
    // Enough customers for many batches of the read-ahead; keys through a match_pattern (a
    // regex, run on both threads at once), a customer without rows, one whose key the pattern
    // does not match, a bad row, and customers whose records the caller reads itself.
    const std::string rules = R"(kamscore: 1
input: { id: id }
sources:
  erp: { key: debtor, normalize: [strip_zeros, lower], match_pattern: '^C0*([0-9a-z]+)$' }
  nps: { key: customer }
fields:
  revenue: { source: erp, column: amount, aggregate: sum }
  answers: { source: nps, aggregate: count }
  size: size
)" + tail;
    std::string customers = "id,size\n", erp = "debtor,amount\n", nps = "customer,score\n";
    for (int c = 0; c < 20000; ++c) {
        // (Built with +=: GCC 12 warns wrongly about "X" + std::to_string(...).)
        std::string id(1, c % 997 == 5 ? 'X' : 'C');
        id += std::to_string(c % 997 == 5 ? c : 100000 + c);
        const std::string debtor = std::to_string(100000 + c);
        ((customers += id) += ",") += c == 777 ? "big" : std::to_string(c % 50);
        customers += "\n";
        if (c % 10 != 3) ((((erp += "000") += debtor) += ",") += std::to_string(c % 1000)) += ".5\n";
        if (c % 2 == 0) (erp += debtor) += ",1\n";
        if (c % 7 != 0) (((nps += id) += ",") += std::to_string(c % 11)) += "\n";
    }
    const auto run_threads = [&](bool two_threads) {
        RunRequest request;
        request.rules = rules_from(rules);
        request.inputs = {InputSource::text("crm.csv", customers)};
        request.source_texts = {{"erp", erp}, {"nps", nps}};
        request.skip_bad_rows = true;
        request.apply_guards = false;
        request.two_threads = two_threads;
        return run_scoring(request);
    };
    const auto alone = run_threads(false);
    const auto ahead = run_threads(true);
    REQUIRE(alone->frame.rows == 19999);   // 777's size is no number
    REQUIRE(ahead->frame.rows == alone->frame.rows);
    CHECK(number(*ahead, "C100004", "revenue") == 5.5);   // "000100004" and "100004"
    CHECK(std::isnan(number(*ahead, "C100013", "revenue")));   // no rows
    CHECK(std::isnan(number(*ahead, "X5", "revenue")));        // the pattern does not match
    CHECK(number(*ahead, "X5", "answers") == 1);
    for (std::size_t f = 0; f < 2; ++f) {
        const auto& a = alone->frame.columns[alone->plan->field_slots[f]].numbers;
        const auto& b = ahead->frame.columns[ahead->plan->field_slots[f]].numbers;
        REQUIRE(a.size() == b.size());
        for (std::size_t i = 0; i < a.size(); ++i)
            if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) FAIL("field " << f << " row " << i);
    }
    for (std::size_t s = 0; s < 2; ++s) {
        CHECK(ahead->sources[s].keys_matched == alone->sources[s].keys_matched);
        CHECK(ahead->sources[s].customers_without_rows == alone->sources[s].customers_without_rows);
        CHECK(ahead->sources[s].rows_unmatched == alone->sources[s].rows_unmatched);
    }
    CHECK(alone->sources[0].customers_without_rows > 1000);
    CHECK(alone->sources[1].customers_without_rows > 2000);
}

namespace {

/// Every call an observer hears but progress, in order, as text.
class RecordingObserver : public RunObserver {
public:
    std::vector<std::string> heard;
    void warning(const std::string& line) override { heard.push_back("warning " + line); }
    void row_rejected(const RejectedRow& row) override {
        heard.push_back("rejected " + row.file + ":" + std::to_string(row.line) + " " + row.message);
    }
    void stage_done(const std::string& what) override { heard.push_back("done " + what); }
};

}  // namespace

TEST_CASE("sources read at once tell the observer and the rejects what one thread tells") {
    const std::string rules = R"(kamscore: 1
input: { id: id }
sources:
  erp: { key: debtor }
  nps: { key: customer }
  crm2: { key: code }
fields:
  revenue: { source: erp, column: amount, aggregate: sum }
  answers: { source: nps, column: score, aggregate: mean }
  owner: { source: crm2, column: owner, type: text, aggregate: first }
)" + tail;
    std::string customers = "id\n", erp = "debtor,amount\n", nps = "customer,score\n", crm2 = "code,owner\n";
    for (int c = 0; c < 3000; ++c) {
        std::string id = "C";   // (+=: GCC 12 warns wrongly about "C" + std::to_string(...))
        id += std::to_string(c);
        customers += id + "\n";
        erp += id + (c % 500 == 7 ? ",lots\n" : ",100\n");
        nps += id + (c % 700 == 9 ? ",ten\n" : ",8\n");
        crm2 += id + ",A. Weber\n";
    }
    const auto run_threads = [&](bool two_threads, const std::string& nps_text, RecordingObserver& observer) {
        RunRequest request;
        request.rules = rules_from(rules);
        request.inputs = {InputSource::text("crm.csv", customers)};
        request.source_texts = {{"erp", erp}, {"nps", nps_text}, {"crm2", crm2}};
        request.skip_bad_rows = true;
        request.apply_guards = false;
        request.two_threads = two_threads;
        return run_scoring(request, &observer);
    };
    RecordingObserver one, two;
    const auto alone = run_threads(false, nps, one);
    const auto at_once = run_threads(true, nps, two);
    const auto without_times = [](std::vector<std::string> heard) {
        for (std::string& line : heard) line = line.substr(0, line.find(" ("));   // "(0.012 s)"
        return heard;
    };
    CHECK(without_times(two.heard) == without_times(one.heard));
    REQUIRE(at_once->rejects.size() == 6 + 5);
    REQUIRE(alone->rejects.size() == at_once->rejects.size());
    for (std::size_t i = 0; i < alone->rejects.size(); ++i) {
        CHECK(at_once->rejects[i].file == alone->rejects[i].file);
        CHECK(at_once->rejects[i].line == alone->rejects[i].line);
    }
    CHECK(at_once->rejects.front().file == "erp.csv");
    CHECK(at_once->rejects.back().file == "nps.csv");

    // A source on the second thread that fails: its error, after what the first source told.
    RecordingObserver failed_one, failed_two;
    const std::string bad_nps = "client,score\nC1,8\n";
    std::string error_one, error_two;
    try {
        run_threads(false, bad_nps, failed_one);
    } catch (const Error& error) {
        error_one = error.details().empty() ? error.what() : error.details();
    }
    try {
        run_threads(true, bad_nps, failed_two);
    } catch (const Error& error) {
        error_two = error.details().empty() ? error.what() : error.details();
    }
    CHECK(error_two.find("'customer'") != std::string::npos);
    CHECK(error_two == error_one);
    CHECK(without_times(failed_two.heard) == without_times(failed_one.heard));
    REQUIRE_FALSE(failed_two.heard.empty());
    CHECK(failed_two.heard.back().rfind("done read source erp", 0) == 0);
}

TEST_CASE("path_for_source puts the source's name before the extension") {
    CHECK(path_for_source("bad.csv", "erp") == "bad.erp.csv");
    CHECK(path_for_source("out/bad", "erp") == "out/bad.erp");
    CHECK(path_for_source("dir.d/bad.rows.csv", "nps") == "dir.d/bad.rows.nps.csv");
}
}
