#!/usr/bin/python3
"""Validate YAML configs against `dpagen schema` output with the standard
jsonschema package (Draft 2020-12), as an editor's language server would.

YAML is read as YAML 1.2 reads it: yes/no/NO stay strings (Norway is "NO"),
dates stay strings; only true/false are booleans."""
import json
import re
import sys

import jsonschema
import yaml


class Yaml12Loader(yaml.SafeLoader):
    pass


# Drop YAML 1.1's implicit resolvers for bool and timestamp, then add back
# YAML 1.2's booleans.
Yaml12Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def main():
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.FormatChecker())
    bad = 0
    for path in sys.argv[2:]:
        doc = yaml.load(open(path, encoding="utf-8"), Loader=Yaml12Loader)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        for e in errors:
            print("%s: %s: %s" % (path, "/".join(map(str, e.path)), e.message))
        bad += len(errors)
    sys.exit(1 if bad else 0)


main()
