"""Validate every line of a JSONL file with fastjsonschema (compiled once;
stops at the first error of each record, the tool's only mode).
Usage: fastjsonschema_check.py SCHEMA FILE.jsonl"""

import json
import sys

import fastjsonschema

validate = fastjsonschema.compile(json.load(open(sys.argv[1])))
records = invalid = 0
with open(sys.argv[2], encoding="utf-8") as lines:
    for line in lines:
        try:
            validate(json.loads(line))
        except fastjsonschema.JsonSchemaException:
            invalid += 1
        records += 1
print(json.dumps({"records": records, "invalid": invalid}))
