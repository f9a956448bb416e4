#include <doctest/doctest.h>

#include "scalar_functions.hpp"
#include "test_frame.hpp"

using namespace kamscore;
using namespace kamscore::expr;
using namespace kamscore::expr::testing;

TEST_SUITE("expr") {

TEST_CASE("min and max take two or more numbers and are missing if any is") {
    check_table({
        {"min(a, b)", 0, "4"}, {"max(a, b)", 0, "10"}, {"max(a, b, 20)", 0, "20"}, {"min(a, b, -20, 3)", 0, "-20"},
        {"min(a, n)", 1, "missing"}, {"max(n, a)", 1, "missing"}, {"max(a - b, 0)", 1, "0"},
        {"max(1, big)", 0, "1000000"}, {"min(a, missing)", 0, "missing"},
    });
}

TEST_CASE("abs, sqrt and log give missing outside their domain") {
    check_table({
        {"abs(a)", 1, "3"}, {"abs(a)", 0, "10"}, {"abs(n)", 1, "missing"},
        {"sqrt(16)", 0, "4"}, {"sqrt(a)", 1, "missing"}, {"sqrt(n)", 1, "missing"}, {"sqrt(0)", 0, "0"},
        {"log(1)", 0, "0"}, {"round(log(a), 4)", 0, "2.3026"}, {"log(1000, 10)", 0, "3"}, {"log(8, 2)", 0, "3"},
        {"log(81, 3)", 0, "4"}, {"log(0)", 0, "missing"}, {"log(-1)", 0, "missing"}, {"log(n)", 2, "missing"},
        {"log(10, 1)", 0, "missing"}, {"log(10, 0)", 0, "missing"}, {"log(10, n)", 1, "missing"},
    });
}

TEST_CASE("pow and exp write growth and discounting; overflow and unreal results are missing") {
    check_table({
        {"pow(2, 10)", 0, "1024"}, {"pow(a, 2)", 0, "100"}, {"pow(1.1, -2)", 0, "0.8264462809917354"},
        {"round(a / pow(1 + 0.08, 3), 2)", 0, "7.94"}, {"pow(-8, 1 / 3)", 0, "missing"}, {"pow(0, -1)", 0, "missing"},
        {"pow(n, 0)", 1, "missing"}, {"pow(1, n)", 1, "missing"}, {"pow(10, 400)", 0, "missing"},
        {"exp(0)", 0, "1"}, {"round(exp(1), 5)", 0, "2.71828"}, {"exp(1000)", 0, "missing"}, {"exp(n)", 1, "missing"},
        {"exp(-1000)", 0, "0"},
    });
}

TEST_CASE("floor and ceil round down and up, also below zero") {
    check_table({
        {"floor(2.7)", 0, "2"}, {"floor(-2.2)", 0, "-3"}, {"ceil(2.2)", 0, "3"}, {"ceil(-2.7)", 0, "-2"},
        {"floor(a / 3)", 0, "3"}, {"ceil(a / 3)", 0, "4"}, {"floor(n)", 1, "missing"}, {"ceil(n)", 1, "missing"},
    });
}

TEST_CASE("round goes half away from zero, also at a number of digits") {
    check_table({
        {"round(2.5)", 0, "3"}, {"round(-2.5)", 0, "-3"}, {"round(2.4999)", 0, "2"}, {"round(a)", 2, "3"},
        {"round(2.675, 2)", 0, "2.68"}, {"round(-1.005, 2)", 0, "-1.01"}, {"round(1.005, 2)", 0, "1.01"},
        {"round(a / 3, 1)", 0, "3.3"}, {"round(1234.5, -2)", 0, "1200"}, {"round(1250, -2)", 0, "1300"},
        {"round(0.125, 2)", 0, "0.13"}, {"round(a, 0)", 2, "3"}, {"round(1.23456, 20)", 0, "1.23456"},
        {"round(n, 2)", 1, "missing"}, {"round(1.5, n)", 1, "missing"},
    });
}

TEST_CASE("clamp limits a number to a range") {
    check_table({
        {"clamp(a, 0, 5)", 0, "5"}, {"clamp(a, 0, 5)", 1, "0"}, {"clamp(a, 0, 5)", 2, "2.5"},
        {"clamp(n, 0, 1)", 1, "missing"}, {"clamp(a, n, 1)", 1, "missing"}, {"clamp(a, b, 100)", 0, "10"},
    });
}

TEST_CASE("if takes the second branch when its condition is false or missing") {
    check_table({
        {"if(flag, a, b)", 0, "10"}, {"if(flag, a, b)", 1, "0"}, {"if(maybe, 1, 2)", 1, "2"},
        {"if(maybe, 1, 2)", 0, "1"}, {"if(true, t, u)", 0, "\"high\""}, {"if(flag, d, e)", 1, "missing"},
        {"if(flag, d, e)", 0, "2024-01-15"}, {"if(flag, maybe, true)", 1, "true"}, {"if(flag, maybe, true)", 2, "false"},
        {"if(a > 5, \"big\", \"small\")", 0, "\"big\""}, {"if(a > 5, \"big\", \"small\")", 1, "\"small\""},
        {"if(n > 1, 1, if(n > 0, 2, 3))", 1, "3"},
    });
}

TEST_CASE("coalesce gives the first argument that is not missing") {
    check_table({
        {"coalesce(n, 0)", 1, "0"}, {"coalesce(n, 0)", 0, "5"}, {"coalesce(u, t)", 1, "\"low\""},
        {"coalesce(u, t)", 0, "\"Äpfel\""}, {"coalesce(e, d)", 1, "2023-12-31"}, {"coalesce(maybe, false)", 1, "false"},
        {"coalesce(n, none, a)", 1, "-3"}, {"coalesce(1, n)", 1, "1"}, {"coalesce(none, none)", 0, "missing"},
        {"coalesce(u, \"\")", 1, "\"\""},
    });
}

TEST_CASE("is_missing tells missing from present for every type and is never missing") {
    check_table({
        {"is_missing(n)", 1, "true"}, {"is_missing(n)", 0, "false"}, {"is_missing(u)", 1, "true"},
        {"is_missing(t)", 2, "false"}, {"is_missing(maybe)", 1, "true"}, {"is_missing(flag)", 1, "false"},
        {"is_missing(e)", 1, "true"}, {"is_missing(a / b)", 1, "true"}, {"is_missing(none)", 0, "true"},
        {"is_missing(label)", 0, "false"}, {"not is_missing(n)", 1, "false"},
    });
}

TEST_CASE("days_since counts from today and year gives the calendar year") {
    check_table({
        {"days_since(d)", 0, "167"}, {"days_since(d)", 1, "182"}, {"days_since(e)", 1, "missing"},
        {"days_since(cutoff)", 0, "181"}, {"year(d)", 0, "2024"}, {"year(d)", 2, "2000"}, {"year(e)", 2, "1999"},
        {"year(e)", 1, "missing"}, {"year(d - 15)", 0, "2023"},
    });
}

TEST_CASE("lower and upper change ASCII and Latin-1 letters and keep ß") {
    check_table({
        {"lower(u)", 0, "\"äpfel\""}, {"upper(u)", 0, "\"ÄPFEL\""}, {"upper(u)", 2, "\"STRAßE\""},
        {"lower(u)", 2, "\"straße\""}, {"lower(u)", 1, "missing"}, {"upper(t)", 2, "\"\""},
        {"lower(\"ÀÉÎÕÜ×Þ\")", 0, "\"àéîõü×þ\""}, {"upper(\"àéîõüÿ÷þ\")", 0, "\"ÀÉÎÕÜÿ÷Þ\""},
        {"upper(\"öl Öl\")", 0, "\"ÖL ÖL\""}, {"lower(\"ÖL €\")", 0, "\"öl €\""},
        {"lower(upper(u)) == lower(u)", 0, "true"}, {"upper(label)", 0, "\"HIGH\""},
    });
}

TEST_CASE("contains and starts_with look for text and are missing on missing text") {
    check_table({
        {"contains(t, \"ig\")", 0, "true"}, {"contains(t, \"ig\")", 1, "false"}, {"contains(u, \"x\")", 1, "missing"},
        {"contains(t, \"\")", 2, "true"}, {"contains(u, \"pfe\")", 0, "true"},
        {"starts_with(u, \"Äp\")", 0, "true"}, {"starts_with(t, \"lo\")", 1, "true"},
        {"starts_with(t, \"ow\")", 1, "false"}, {"starts_with(lower(u), \"str\")", 2, "true"},
        {"starts_with(u, t)", 2, "true"}, {"starts_with(\"x\", u)", 1, "missing"},
    });
}

TEST_CASE("only valid ISO dates are date literals") {
    CHECK(parse_iso_date("2024-02-29") == date(2024, 2, 29));
    CHECK(parse_iso_date("1970-01-01") == 0);
    CHECK(!parse_iso_date("2023-02-29"));
    CHECK(!parse_iso_date("2024-04-31"));
    CHECK(!parse_iso_date("2024-00-10"));
    CHECK(!parse_iso_date("2024-1-10"));
    CHECK(!parse_iso_date("2024-01-10T00:00"));
    CHECK(!parse_iso_date("20240110"));
    CHECK(!parse_iso_date("2024-01-1x"));
}

TEST_CASE("every function has a name for messages and lint") {
    CHECK(function_names().size() == 20);
    CHECK(function_names().front() == "min");
}

}  // TEST_SUITE
