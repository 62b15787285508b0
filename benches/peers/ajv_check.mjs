// Validate every line of a JSONL file with ajv (draft 2020-12, allErrors,
// ajv-formats), collecting every error. Usage: node ajv_check.mjs SCHEMA FILE.jsonl
import fs from "node:fs";
import readline from "node:readline";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const schema = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);
let records = 0;
let errors = 0;
const lines = readline.createInterface({ input: fs.createReadStream(process.argv[3]), crlfDelay: Infinity });
for await (const line of lines) {
  if (!line) continue;
  if (!validate(JSON.parse(line))) errors += validate.errors.length;
  records += 1;
}
console.log(JSON.stringify({ records, errors }));
