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
}
