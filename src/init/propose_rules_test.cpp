#include "kamscore/init/propose_rules.hpp"

#include <doctest/doctest.h>

#include "kamscore/error.hpp"

using namespace kamscore;

namespace {

CsvSample sample_of(const std::string& csv) { return read_csv_sample(csv, false, "crm.csv", 1000); }

const ColumnGuess& column(const SampleGuess& guess, const std::string& name) {
    for (const auto& c : guess.columns)
        if (c.column == name) return c;
    FAIL("no column " << name);
    return guess.columns.front();
}

}  // namespace

TEST_SUITE("init") {
TEST_CASE("common crm column names are recognised in english and german") {
    const SampleGuess guess = guess_columns(sample_of(
        "Account ID,Account Name,Annual Revenue,Umsatz 2024,Jahresumsatz (EUR),Wallet Size,Deckungsbeitrag,"
        "Länder,Standorte,Referenzkunde,KAM Agreement,Kundennummer,Branche\n"
        "A1,Acme,100,90,100,300,12.5,3,4,yes,no,K1,Chemie\n"));
    CHECK(column(guess, "Account ID").role == ColumnRole::Id);
    CHECK(column(guess, "Account Name").role == ColumnRole::Label);
    CHECK(column(guess, "Annual Revenue").role == ColumnRole::Revenue);
    CHECK(column(guess, "Umsatz 2024").role == ColumnRole::Revenue);
    CHECK(column(guess, "Umsatz 2024").year == 2024);
    CHECK(column(guess, "Jahresumsatz (EUR)").role == ColumnRole::Revenue);
    CHECK(column(guess, "Wallet Size").role == ColumnRole::Wallet);
    CHECK(column(guess, "Deckungsbeitrag").role == ColumnRole::Margin);
    CHECK(column(guess, "Länder").role == ColumnRole::Countries);
    CHECK(column(guess, "Standorte").role == ColumnRole::Sites);
    CHECK(column(guess, "Referenzkunde").role == ColumnRole::Reference);
    CHECK(column(guess, "KAM Agreement").role == ColumnRole::Agreement);
    CHECK(column(guess, "Kundennummer").role == ColumnRole::Id);
    CHECK(column(guess, "Branche").role == ColumnRole::Industry);
}

TEST_CASE("types come from the values: german numbers, yes/no words, dates, text") {
    const SampleGuess guess = guess_columns(sample_of(
        "id;umsatz;marge;ja_nein;seit;us_datum;notiz\n"
        "1;1.234.567,89;12,5;ja;31.12.2024;12/31/2024;hallo\n"
        "2;999,00;-3,0;Nein;01.02.2023;01/02/2023;\n"));
    CHECK(guess.decimal == ',');
    CHECK(column(guess, "umsatz").type == GuessedType::Number);
    CHECK(column(guess, "umsatz").numbers == std::vector<double>{1234567.89, 999});
    CHECK(column(guess, "marge").type == GuessedType::Number);
    CHECK(column(guess, "ja_nein").type == GuessedType::Bool);
    CHECK(column(guess, "seit").type == GuessedType::Date);
    CHECK(column(guess, "seit").date_format == "");
    CHECK(column(guess, "us_datum").type == GuessedType::Date);
    CHECK(column(guess, "us_datum").date_format == "%m/%d/%Y");
    CHECK(column(guess, "notiz").type == GuessedType::Text);
    CHECK(column(guess, "id").is_unique);
}

TEST_CASE("0 and 1 are numbers unless the column's name asks for a flag") {
    const SampleGuess guess = guess_columns(sample_of("id,sites,reference\nA,1,1\nB,0,0\n"));
    CHECK(column(guess, "sites").type == GuessedType::Number);
    CHECK(column(guess, "reference").type == GuessedType::Bool);
}

TEST_CASE("bytes that are not utf-8 are read as windows-1252") {
    const CsvSample sample = sample_of("Kundennummer;L\xE4nder;Umsatz\n1;3;5 \x80\n");
    CHECK(sample.encoding == "windows-1252");
    CHECK(sample.header[1] == "Länder");
    CHECK(sample.rows[0][2] == "5 €");
    CHECK(sample.delimiter == ';');
}

TEST_CASE("a sample cut off in the middle drops its last record") {
    const CsvSample sample = read_csv_sample("id,x\n1,2\n2,3\n3,4", true, "big.csv", 1000);
    CHECK(sample.rows.size() == 2);
}

TEST_CASE("an xlsx file or binary data is no csv export") {
    CHECK_THROWS_WITH_AS(sample_of(std::string("PK\x03\x04rest", 8)),
                         doctest::Contains("is a zip container (an Excel .xlsx file?)"), Error);
    CHECK_THROWS_WITH_AS(sample_of(std::string("id\n\0\0", 5)), doctest::Contains("holds binary data"), Error);
}

TEST_CASE("the proposed rules name columns as the header spells them, quoted") {
    const std::string rules = propose_rules(sample_of(
        "Customer ID,\"Revenue: \"\"net\"\"\",Wallet\nA,100,300\nB,200,250\n"));
    CHECK(rules.find("  id: \"Customer ID\"") != std::string::npos);
    CHECK(rules.find("revenue: { column: \"Revenue: \\\"net\\\"\", type: number }") != std::string::npos);
    CHECK(rules.find("potential: max(wallet - revenue, 0)") != std::string::npos);
    CHECK(rules.find("encoding: utf-8") != std::string::npos);
}

TEST_CASE("a column is numeric when 95 % of its cells read, and the others are listed with their lines") {
    std::string csv = "id;sites\n";
    for (int i = 1; i <= 20; ++i) csv += std::to_string(i) + ";" + std::to_string(i * 3) + "\n";
    csv += "21;ca. 12\n";
    const SampleGuess guess = guess_columns(sample_of(csv));
    const ColumnGuess& sites = column(guess, "sites");
    CHECK(sites.type == GuessedType::Number);
    CHECK(sites.numbers.size() == 20);
    REQUIRE(sites.unread.size() == 1);
    CHECK(sites.unread[0].text == "ca. 12");
    CHECK(sites.unread[0].line == 22);
    const std::string rules = propose_rules(sample_of(csv));
    CHECK(rules.find("# 1 value did not parse: 'ca. 12' (line 22); a row with one is a bad row (fix the export, or "
                     "--skip-bad-rows)") != std::string::npos);
    // Two in ten (80 %) is a text column.
    const SampleGuess mostly_text = guess_columns(sample_of("id,x\n1,1\n2,2\n3,3\n4,4\n5,5\n6,6\n7,7\n8,8\n9,k.A.\n10,n/a\n"));
    CHECK(column(mostly_text, "x").type == GuessedType::Text);
}

TEST_CASE("the decimal mark is the one most values are written with, grouped thousands in both conventions") {
    // One column with a dot fraction does not outvote a German amount column.
    const SampleGuess german = guess_columns(sample_of(
        "id;Umsatz;faktor\n1;394.530,53;1.5\n2;1.234.567;2\n3;12,5;3\n4;1.200;4\n"));
    CHECK(german.decimal == ',');
    CHECK(column(german, "Umsatz").numbers == std::vector<double>{394530.53, 1234567, 12.5, 1200});
    const SampleGuess english = guess_columns(sample_of("id,revenue\n1,\"1,234,567\"\n2,\"394,530.53\"\n3,1200\n"));
    CHECK(english.decimal == '.');
    CHECK(column(english, "revenue").numbers == std::vector<double>{1234567, 394530.53, 1200});
    // Only ambiguous values (1.200): a ';' file is German.
    CHECK(guess_columns(sample_of("id;x\n1;1.200\n2;3.400\n")).decimal == ',');
}

TEST_CASE("the revenue is the latest year's, a forecast before the closed figure") {
    const std::string german = propose_rules(sample_of(
        "Kundennummer;Umsatz 2024;Umsatz 2025 hochgerechnet\n1;100;120\n2;200;210\n"));
    CHECK(german.find("revenue: { column: \"Umsatz 2025 hochgerechnet\", type: number }") != std::string::npos);
    CHECK(german.find("revenue_last: { column: \"Umsatz 2024\", type: number }") != std::string::npos);
    const std::string english = propose_rules(sample_of("id,revenue_2024,revenue_2025\nA,1,2\nB,3,4\n"));
    CHECK(english.find("revenue: { column: \"revenue_2025\", type: number }") != std::string::npos);
    CHECK(english.find("revenue_last: { column: \"revenue_2024\", type: number }") != std::string::npos);
}

TEST_CASE("without a metric the key-account tier gets no capacity, and the rules say what to add") {
    const std::string rules = propose_rules(sample_of("Kundennummer,Firma,Referenzkunde\nK1,Acme,ja\nK2,Beta,nein\n"));
    CHECK(rules.find("\n    max:") == std::string::npos);
    CHECK(rules.find("  # No number column to rank by was found, so there is no score yet: add a metric under\n") !=
          std::string::npos);
    CHECK(rules.find("  - id: key_account\n") != std::string::npos);
    const std::string bare = propose_rules(sample_of("Kundennummer,Firma\nK1,Acme\nK2,Beta\n"));
    CHECK(bare.find("  # - { id: key_account, label: Key Account, when: score >= 70, max: 25 }") != std::string::npos);
}

TEST_CASE("the proposal starts with the yaml-language-server schema comment") {
    const std::string rules = propose_rules(sample_of("id,revenue\nA,1\nB,2\n"));
    CHECK(rules.starts_with("# yaml-language-server: $schema=kamscore.schema.json\n"));
}
}
