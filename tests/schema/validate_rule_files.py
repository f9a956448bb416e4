#!/usr/bin/env python3
"""`kamscore schema` against real rule files: every rule file in rules/ and examples/ (also in
sub-folders) and what `kamscore init` proposes for every CSV in examples/ and tests/cli/init/
must be valid; files with an unknown key, at the top and nested, must not be.

usage: validate_rule_files.py KAMSCORE REPOSITORY     (ctest runs it as schema/rule_files)
Exits 77 (skipped) when python3-jsonschema or python3-yaml is missing, unless CI=true: then
a missing module fails the test.
"""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

try:
    import jsonschema
    import yaml
except ImportError as missing:
    if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
        print(f"FAIL: {missing}: install python3-jsonschema and python3-yaml (make deps does)")
        sys.exit(1)
    print(f"SKIPPED: {missing}: install python3-jsonschema and python3-yaml (make deps does) to run this test")
    sys.exit(77)


class Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2 scalars, as yaml-language-server reads them: yes/no/on/off and dates stay text."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool",
                                   re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def as_json(node):
    """Map keys as JSON has them: text (`true:` is the key "true", `1:` the key "1")."""
    if isinstance(node, dict):
        return {json_key(key): as_json(value) for key, value in node.items()}
    if isinstance(node, list):
        return [as_json(item) for item in node]
    return node


def json_key(key):
    if isinstance(key, bool):
        return "true" if key else "false"
    return "null" if key is None else str(key)


def main():
    kamscore, repo = sys.argv[1], Path(sys.argv[2])
    schema = json.loads(subprocess.run([kamscore, "schema"], check=True, capture_output=True, text=True).stdout)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    failures = []

    def errors_of(text):
        return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
                for e in validator.iter_errors(as_json(yaml.load(text, Loader=Yaml12Loader)))]

    rule_files = sorted(p for folder in ("rules", "examples") for pattern in ("*.yaml", "*.yml")
                        for p in (repo / folder).rglob(pattern))
    if not rule_files:
        failures.append("no rule files found under rules/ and examples/")
    for path in rule_files:
        for error in errors_of(path.read_text(encoding="utf-8")):
            failures.append(f"{path.relative_to(repo)}: {error}")

    exports = sorted(list((repo / "examples").rglob("*.csv")) + list((repo / "tests/cli/init").rglob("*.csv")))
    proposals = 0
    for export in exports:
        run = subprocess.run([kamscore, "init", str(export)], capture_output=True)
        if run.returncode != 0:   # not every fixture is a CSV export (the xlsx and UTF-16 cases)
            continue
        proposals += 1
        proposal = run.stdout.decode("utf-8")
        if not proposal.startswith("# yaml-language-server: $schema=kamscore.schema.json\n"):
            failures.append(f"init {export.relative_to(repo)}: no yaml-language-server comment on line 1")
        for error in errors_of(proposal):
            failures.append(f"init {export.relative_to(repo)}: {error}")
    if proposals == 0:
        failures.append("kamscore init proposed nothing for the CSV files of examples/ and tests/cli/init/")

    # Unknown keys, misspelt at the top and inside each kind of map: each must be refused.
    base = (repo / "rules" / "kam-funnel.yaml").read_text(encoding="utf-8")
    minimal = "kamscore: 1\ninput: { id: customer_id }\ntiers:\n  - { id: all }\n"
    wrong = {
        "top-level key": minimal + "tier:\n  - { id: x }\n",
        "overrides in the rule file": minimal + "overrides: []\n",
        "input key": "kamscore: 1\ninput: { id: customer_id, delimeter: ';' }\ntiers:\n  - { id: all }\n",
        "field key": minimal + "fields:\n  revenue: { column: revenue, typ: number }\n",
        "metric key": minimal + "metrics:\n  - { id: r, value: revenue, weight: 1, scale: percentile, wieght: 2 }\n",
        "scale key": minimal + "metrics:\n  - { id: r, value: revenue, weight: 1, scale: { linaer: [0, 1] } }\n",
        "tier key": "kamscore: 1\ninput: { id: customer_id }\ntiers:\n  - { id: a, when: 'true', maximum: 3 }\n  - { id: b }\n",
        "segment key": minimal + "segments:\n  abc: { pareto: revenue, clases: { A: 80, C: 100 } }\n",
        "guards key": minimal + "guards: { min_row: 3 }\n",
        "test key": minimal + "tests:\n  - { name: t, rows: [ { customer_id: A } ], expect: { A: all }, expected: {} }\n",
    }
    if errors_of(minimal):
        failures.append(f"the minimal rule file is refused: {errors_of(minimal)}")
    if errors_of(base):
        failures.append("rules/kam-funnel.yaml is refused")
    for what, text in wrong.items():
        errors = errors_of(text)
        if not errors:
            failures.append(f"an unknown {what} is accepted:\n{text}")

    for failure in failures:
        print("FAIL:", failure)
    print(f"{len(rule_files)} rule files and {proposals} init proposals checked, {len(wrong)} wrong files refused")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
