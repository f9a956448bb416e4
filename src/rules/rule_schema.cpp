// The JSON Schema of the rule file, in one place. Each "definitions" entry that is a map
// mirrors one key list of rules/rule_keys.hpp under the same name; rule_schema_test.cpp fails
// when a key is in one and not in the other. To add a key: add it to its list in rule_keys.hpp
// and a property with its type here (a new map: a new definition, and a line in the test's
// table of definitions).
#include "kamscore/rules/rule_schema.hpp"

namespace kamscore {

namespace {

constexpr std::string_view schema_text = R"json({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "kamscore rule file",
  "description": "Rules that score customers of a CRM/ERP export into key account, large customer and standard customer (kamscore: 1). Print this schema with: kamscore schema > kamscore.schema.json",
  "type": "object",
  "required": ["kamscore", "input", "tiers"],
  "additionalProperties": false,
  "properties": {
    "kamscore": { "description": "The rule-file format version.", "enum": [1] },
    "name": { "description": "A title for the rules.", "$ref": "#/definitions/text" },
    "input": { "$ref": "#/definitions/input" },
    "sources": {
      "description": "Further exports joined onto the customer list by a key: name: { file: ..., key: ... }. Fields read them with 'source: name'.",
      "type": ["object", "null"],
      "propertyNames": { "$ref": "#/definitions/name" },
      "additionalProperties": { "$ref": "#/definitions/source" }
    },
    "params": {
      "description": "Named constants for expressions, changed per run with --set name=value.",
      "type": ["object", "null"],
      "propertyNames": { "$ref": "#/definitions/name" },
      "additionalProperties": { "$ref": "#/definitions/scalar" }
    },
    "fields": {
      "description": "The columns the rules use: name: column, or name: { column: ..., type: ... }.",
      "type": ["object", "null"],
      "propertyNames": { "$ref": "#/definitions/name" },
      "additionalProperties": {
        "anyOf": [ { "$ref": "#/definitions/column" }, { "$ref": "#/definitions/field" } ]
      }
    },
    "derived": {
      "description": "Values computed per customer, in this order: name: expression.",
      "type": ["object", "null"],
      "propertyNames": { "$ref": "#/definitions/name" },
      "additionalProperties": { "$ref": "#/definitions/expression" }
    },
    "strategic": {
      "description": "Funnel step 1: qualitative criteria; 'strategic' counts those a customer meets.",
      "type": ["array", "null"],
      "items": { "$ref": "#/definitions/strategic_criterion" }
    },
    "metrics": {
      "description": "Funnel step 2: values scaled to 0..100 points and weighted into 'score'.",
      "type": ["array", "null"],
      "items": { "$ref": "#/definitions/metric" }
    },
    "tiers": {
      "description": "Funnel step 3: the first tier whose 'when' holds wins; the last has no 'when' and takes everyone else.",
      "type": "array",
      "minItems": 1,
      "items": { "$ref": "#/definitions/tier" }
    },
    "segments": {
      "description": "Further views of the customers: ABC by Pareto share, a portfolio grid, or labels by cases.",
      "type": ["object", "null"],
      "propertyNames": { "$ref": "#/definitions/name" },
      "additionalProperties": {
        "oneOf": [
          { "$ref": "#/definitions/pareto_segment" },
          { "$ref": "#/definitions/grid_segment" },
          { "$ref": "#/definitions/cases_segment" }
        ]
      }
    },
    "summary": { "$ref": "#/definitions/summary" },
    "guards": { "$ref": "#/definitions/guards" },
    "output": {
      "description": "Fields and derived values written as columns of their own, after the fixed columns (with --columns: replaced, or added to with +name).",
      "type": ["array", "null"],
      "items": {
        "anyOf": [ { "$ref": "#/definitions/name" }, { "$ref": "#/definitions/output_value" } ]
      }
    },
    "tests": {
      "description": "Test cases run by 'kamscore test': rows in, tiers or scores expected.",
      "type": ["array", "null"],
      "items": { "$ref": "#/definitions/test" }
    }
  },
  "definitions": {
    "scalar": { "type": ["string", "number", "boolean"] },
    "text": { "type": ["string", "number", "boolean"] },
    "expression": {
      "description": "An expression over fields, derived values and params, e.g. revenue >= big_revenue and agreement.",
      "type": ["string", "number", "boolean"]
    },
    "name": {
      "description": "An identifier: letters, digits and _, not starting with a digit.",
      "type": "string",
      "pattern": "^[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*$"
    },
    "column": {
      "description": "A column name as the CSV header writes it (case and spaces do not matter).",
      "type": ["string", "number"],
      "minLength": 1
    },
    "points": { "description": "Points from 0 to 100.", "type": "number", "minimum": 0, "maximum": 100 },
    "words": { "type": "array", "minItems": 1, "items": { "type": ["string", "number", "boolean"] } },
    "missing_words": {
      "description": "Cells that mean no value (k.A., n/a, -), compared trimmed and ignoring A-Z case; [] turns the input's list off for a field.",
      "type": "array",
      "items": { "type": ["string", "number", "boolean"] }
    },
    "input": {
      "description": "How to read the CSV export.",
      "type": "object",
      "required": ["id"],
      "additionalProperties": false,
      "properties": {
        "id": { "description": "The column holding the customer id.", "$ref": "#/definitions/column" },
        "label": { "description": "A column shown next to the id (the customer's name).", "$ref": "#/definitions/column" },
        "delimiter": {
          "description": "The field separator: auto (the default), ',', ';', tab or '|'.",
          "anyOf": [
            { "enum": ["auto", ",", ";", "tab", "|"] },
            { "type": "string", "pattern": "^(?:[Aa][Uu][Tt][Oo]|[Tt][Aa][Bb]|,|;|\\||\\t|\\\\t)$" }
          ]
        },
        "decimal": { "description": "The decimal mark: '.' (1,234.5) or ',' (1.234,5).", "enum": [".", ","] },
        "encoding": {
          "description": "The file's encoding: utf-8 (the default), windows-1252 or latin-1; a BOM wins.",
          "anyOf": [
            { "enum": ["utf-8", "windows-1252", "latin-1", "utf8", "cp1252", "latin1", "iso-8859-1", "iso8859-1"] },
            { "type": "string",
              "pattern": "^(?:[Uu][Tt][Ff]-?8|[Ww][Ii][Nn][Dd][Oo][Ww][Ss]-1252|[Cc][Pp]1252|[Ll][Aa][Tt][Ii][Nn]-?1|[Ii][Ss][Oo]-?8859-1)$" }
          ]
        },
        "group": { "description": "A column naming each customer's corporate group: the groups are scored.", "$ref": "#/definitions/column" },
        "missing_words": { "$ref": "#/definitions/missing_words" },
        "sheet": { "description": "For an .xlsx/.xlsm input: the sheet to read (default: the first).", "type": "string", "minLength": 1 },
        "header_row": { "description": "For an .xlsx/.xlsm input: the sheet row holding the header (default: the first row with a value).", "type": "integer", "minimum": 1, "maximum": 1048576 }
      }
    },
    "source": {
      "description": "A secondary source: its file, how it is written, and the key that joins its rows to the customers.",
      "type": "object",
      "required": ["key"],
      "additionalProperties": false,
      "properties": {
        "file": { "description": "A path or glob, relative to the rule file's directory; --source NAME=FILE overrides it.", "type": "string", "minLength": 1 },
        "delimiter": { "description": "As under input (detected when not given).", "$ref": "#/definitions/input/properties/delimiter" },
        "decimal": { "description": "The decimal mark of its numbers (the input's when not given).", "enum": [".", ","] },
        "encoding": { "description": "As under input (the input's when not given).", "$ref": "#/definitions/input/properties/encoding" },
        "key": { "description": "Its column holding the customer key.", "$ref": "#/definitions/column" },
        "normalize": {
          "description": "How keys are normalised on both sides: trim (always), lower, upper, strip_zeros.",
          "anyOf": [
            { "enum": ["trim", "lower", "upper", "strip_zeros"] },
            { "type": "array", "items": { "enum": ["trim", "lower", "upper", "strip_zeros"] } }
          ]
        },
        "pattern": { "description": "A regular expression matched against the whole key; its first group is the key, e.g. ^0*(\\d+)$.", "type": "string", "minLength": 1 },
        "match_pattern": { "description": "The same for the customer list's keys (the match column), e.g. ^C0*(\\d+)$ for C0000123.", "type": "string", "minLength": 1 },
        "map": { "description": "A CSV file of two columns, old key and new key (relative to the rule file's directory).", "type": "string", "minLength": 1 },
        "match": { "description": "The customer list's column the key matches (input.id when not given).", "$ref": "#/definitions/column" },
        "rows": { "description": "one (a repeated key is a bad row) or many (the default: rows are aggregated per key).", "enum": ["one", "many"] },
        "where": { "description": "Only rows for which this holds are used (the others are counted).", "$ref": "#/definitions/expression" },
        "types": {
          "description": "Types of the columns its expressions read (inferred from the first rows when not given).",
          "type": "object",
          "additionalProperties": { "enum": ["number", "bool", "text", "date"] }
        }
      }
    },
    "pivot": {
      "description": "One field per value of a column: <field>_<value>.",
      "type": "object",
      "required": ["column", "values"],
      "additionalProperties": false,
      "properties": {
        "column": { "$ref": "#/definitions/column" },
        "values": { "type": "array", "minItems": 1, "items": { "type": ["string", "number"] } }
      }
    },
    "field": {
      "description": "A typed column, of the customer list or (with 'source') of a secondary source.",
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "column": { "$ref": "#/definitions/column" },
        "type": { "description": "number (the default), bool, text or date.", "enum": ["number", "bool", "text", "date"] },
        "format": { "description": "A date format with %Y, %m and %d, e.g. \"%d/%m/%Y\" (date fields).", "type": "string" },
        "true": { "description": "Words meaning true (bool fields).", "$ref": "#/definitions/words" },
        "false": { "description": "Words meaning false (bool fields).", "$ref": "#/definitions/words" },
        "aggregate": {
          "description": "How a group combines its members' values (with input.group); with 'source': how the source's rows of a customer combine (value, sum, mean, min, max, count, first, last).",
          "enum": ["sum", "max", "min", "mean", "count_distinct", "any", "all", "first", "value", "count", "last"]
        },
        "source": { "description": "The secondary source (under 'sources:') the field reads.", "$ref": "#/definitions/name" },
        "where": { "description": "Only the source's rows for which this holds (an expression over the source's columns).", "$ref": "#/definitions/expression" },
        "count_if": { "description": "The number of the customer's source rows for which this holds.", "$ref": "#/definitions/expression" },
        "share_if": { "description": "The percentage (0 to 100) of the customer's source rows for which this holds.", "$ref": "#/definitions/expression" },
        "by": { "description": "A date column of the source that orders the rows for aggregate first and last.", "$ref": "#/definitions/column" },
        "pivot": { "$ref": "#/definitions/pivot" },
        "missing_words": { "$ref": "#/definitions/missing_words" },
        "invalid": {
          "description": "A cell that is not a value of the field's type: reject (the default: a bad row), missing (the row is scored) or error (the run stops).",
          "enum": ["reject", "missing", "error"]
        }
      }
    },
    "strategic_criterion": {
      "type": "object",
      "required": ["id", "when"],
      "additionalProperties": false,
      "properties": {
        "id": { "$ref": "#/definitions/name" },
        "label": { "$ref": "#/definitions/text" },
        "when": { "$ref": "#/definitions/expression" }
      }
    },
    "metric": {
      "type": "object",
      "required": ["id", "value", "weight", "scale"],
      "additionalProperties": false,
      "properties": {
        "id": { "$ref": "#/definitions/name" },
        "label": { "$ref": "#/definitions/text" },
        "value": { "$ref": "#/definitions/expression" },
        "weight": { "description": "Its share of the score (0 or more).", "type": "number", "minimum": 0 },
        "scale": { "$ref": "#/definitions/scale" },
        "missing": { "description": "A missing value: zero points, skip (weights shared out) or error.", "enum": ["zero", "skip", "error"] }
      }
    },
    "scale": {
      "description": "percentile, { linear: [low, high] }, { log: [low, high] }, { bands: [[upper, points], ..., [null, points]] } or { map: { value: points } }.",
      "oneOf": [
        { "const": "percentile" },
        { "type": "object", "required": ["linear"], "additionalProperties": false,
          "properties": { "linear": { "$ref": "#/definitions/range" } } },
        { "type": "object", "required": ["log"], "additionalProperties": false,
          "properties": { "log": { "$ref": "#/definitions/range" } } },
        { "type": "object", "required": ["bands"], "additionalProperties": false,
          "properties": { "bands": { "type": "array", "minItems": 1, "items": {
            "type": "array", "minItems": 2, "maxItems": 2,
            "items": [ { "type": ["number", "null"] }, { "$ref": "#/definitions/points" } ] } } } },
        { "type": "object", "required": ["map"], "additionalProperties": false,
          "properties": { "map": { "type": "object", "minProperties": 1,
                                   "additionalProperties": { "$ref": "#/definitions/points" } } } }
      ]
    },
    "range": { "type": "array", "minItems": 2, "maxItems": 2, "items": { "type": "number" } },
    "tier": {
      "type": "object",
      "required": ["id"],
      "additionalProperties": false,
      "properties": {
        "id": { "$ref": "#/definitions/name" },
        "label": { "$ref": "#/definitions/text" },
        "when": { "description": "Who gets the tier (not on the last tier).", "$ref": "#/definitions/expression" },
        "max": {
          "description": "Capacity: at most this many, the best by score; the rest fall through. A whole number, a param's name, an expression over params, or seats per group of customers.",
          "anyOf": [
            { "type": "integer", "minimum": 1 },
            { "$ref": "#/definitions/name" },
            { "description": "An expression over params, e.g. round(seats * 1.1).", "type": "string" },
            { "$ref": "#/definitions/capacity_groups" }
          ]
        },
        "stay": { "description": "Who keeps the tier they had in --previous.", "$ref": "#/definitions/expression" }
      }
    },
    "seats": {
      "description": "A whole number of seats (0 or more), or the name of a param that gives it.",
      "anyOf": [ { "type": "integer", "minimum": 0 }, { "$ref": "#/definitions/name" } ]
    },
    "capacity_groups": {
      "description": "Seats per group of customers: the best by score within each group.",
      "type": "object",
      "required": ["by", "seats"],
      "additionalProperties": false,
      "properties": {
        "by": { "description": "The group of a customer, a text: region, owner, segment.abc.", "$ref": "#/definitions/expression" },
        "seats": { "description": "group value: seats.", "type": "object", "minProperties": 1,
                   "additionalProperties": { "$ref": "#/definitions/seats" } },
        "default": { "description": "The seats of each group not listed under seats (also no value); without it such a candidate stops the run.", "$ref": "#/definitions/seats" }
      }
    },
    "pareto_segment": {
      "type": "object",
      "required": ["pareto"],
      "additionalProperties": false,
      "properties": {
        "pareto": { "description": "The value whose cumulative share makes the classes.", "$ref": "#/definitions/expression" },
        "classes": {
          "description": "class: cumulative share, ascending, the last 100 (default { A: 80, B: 95, C: 100 }).",
          "type": "object", "minProperties": 1,
          "additionalProperties": { "type": "number", "exclusiveMinimum": 0, "maximum": 100 }
        }
      }
    },
    "grid_segment": {
      "type": "object",
      "required": ["x", "y"],
      "additionalProperties": false,
      "properties": {
        "x": { "$ref": "#/definitions/expression" },
        "y": { "$ref": "#/definitions/expression" },
        "split": { "anyOf": [ { "$ref": "#/definitions/split" }, { "$ref": "#/definitions/grid_split" } ] },
        "cells": { "$ref": "#/definitions/grid_cells" }
      }
    },
    "split": {
      "description": "median, percentile N (0..100) or a number.",
      "anyOf": [ { "type": "number" }, { "type": "string", "pattern": "^(?:median|percentile *[0-9.]+)$" } ]
    },
    "grid_split": {
      "type": "object",
      "additionalProperties": false,
      "properties": { "x": { "$ref": "#/definitions/split" }, "y": { "$ref": "#/definitions/split" } }
    },
    "grid_cells": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "high_high": { "$ref": "#/definitions/text" },
        "high_low": { "$ref": "#/definitions/text" },
        "low_high": { "$ref": "#/definitions/text" },
        "low_low": { "$ref": "#/definitions/text" }
      }
    },
    "cases_segment": {
      "type": "object",
      "required": ["cases"],
      "additionalProperties": false,
      "properties": {
        "cases": { "type": "array", "minItems": 1, "items": { "$ref": "#/definitions/segment_case" } }
      }
    },
    "segment_case": {
      "type": "object",
      "required": ["label"],
      "additionalProperties": false,
      "properties": {
        "when": { "$ref": "#/definitions/expression" },
        "label": { "$ref": "#/definitions/text" }
      }
    },
    "summary": {
      "type": ["object", "null"],
      "additionalProperties": false,
      "properties": {
        "revenue": { "description": "The revenue 'kamscore summary' shares out per tier.", "$ref": "#/definitions/expression" }
      }
    },
    "guards": {
      "description": "Limits that make a run fail on an export that looks broken.",
      "type": ["object", "null"],
      "additionalProperties": false,
      "properties": {
        "allow_empty": { "type": "boolean" },
        "min_rows": { "type": "integer", "minimum": 0 },
        "max_disappeared": { "description": "Percent of --previous customers.", "type": "number", "minimum": 0, "maximum": 100 },
        "max_new": { "description": "Percent of --previous customers.", "type": "number", "minimum": 0 },
        "require_final_newline": { "type": "boolean" }
      }
    },
    "output_value": {
      "type": "object",
      "required": ["name"],
      "additionalProperties": false,
      "properties": {
        "name": { "description": "A field or derived value.", "$ref": "#/definitions/name" },
        "decimals": { "description": "Fixed decimals for a number (default: the shortest exact form).", "type": "integer", "minimum": 0, "maximum": 15 }
      }
    },
    "test_values": {
      "type": ["object", "null"],
      "additionalProperties": { "type": ["string", "number", "boolean", "null"] }
    },
    "test": {
      "type": "object",
      "required": ["name", "rows"],
      "additionalProperties": false,
      "properties": {
        "name": { "$ref": "#/definitions/text" },
        "rows": { "description": "Customers by column name.", "type": "array", "minItems": 1,
                  "items": { "$ref": "#/definitions/test_values" } },
        "expect": { "description": "id: tier.", "$ref": "#/definitions/test_values" },
        "scores": { "description": "id: score.", "$ref": "#/definitions/test_values" },
        "tolerance": { "type": "number", "minimum": 0 },
        "set": { "description": "param: value for this test.", "$ref": "#/definitions/test_values" },
        "previous": { "description": "id: tier of the previous results.", "$ref": "#/definitions/test_values" },
        "today": { "description": "The date 'today' stands for, e.g. 2025-01-31.", "type": "string" }
      }
    }
  }
}
)json";

}  // namespace

std::string_view rule_file_schema() { return schema_text; }

}  // namespace kamscore
