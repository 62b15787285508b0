"""Validate every line of a JSONL file with Python jsonschema
(Draft202012Validator, formats asserted), collecting every error, as a CI
script would. Usage: python_jsonschema.py SCHEMA FILE.jsonl [LIMIT]"""

import json
import sys

from jsonschema import Draft202012Validator

schema = json.load(open(sys.argv[1]))
validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
limit = int(sys.argv[3]) if len(sys.argv) > 3 else None
records = errors = 0
with open(sys.argv[2], encoding="utf-8") as lines:
    for line in lines:
        if limit is not None and records >= limit:
            break
        errors += sum(1 for _ in validator.iter_errors(json.loads(line)))
        records += 1
print(json.dumps({"records": records, "errors": errors}))
