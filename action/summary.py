#!/usr/bin/env python3
"""Turns docket's JSON report into a GitHub job summary (Markdown).

GitHub shows at most 10 error annotations per step and 50 per job; past
that, problems are only in the log. The summary always gives the counts by
code, and lists every problem (file, line, code, message and how to fix it)
when there are more than GitHub shows as annotations.

Usage: summary.py REPORT.json  (Markdown on stdout)
"""

import json
import sys

# Error annotations GitHub shows for one step.
ANNOTATIONS_PER_STEP = 10


def cell(text):
    """A Markdown table cell: pipes escaped, line breaks as <br>."""
    text = "" if text is None else str(text)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def place(issue):
    where = issue["file"]
    if issue.get("line") is not None:
        where += f":{issue['line']}"
        if issue.get("column") is not None:
            where += f":{issue['column']}"
    return where


def render(report):
    summary = report["summary"]
    lines = []
    if report["valid"]:
        lines.append(
            f"### docket validate: {summary['records']} records in "
            f"{summary['collections']} collections are valid"
        )
        return "\n".join(lines) + "\n"
    total = summary["issues"]
    lines.append(
        f"### docket validate: {total} problem{'s' if total != 1 else ''} "
        f"in {summary['files_with_issues']} of {summary['files']} files"
    )
    lines.append("")
    lines.append("| code | problems |")
    lines.append("|---|---:|")
    for code, count in summary["by_code"].items():
        lines.append(f"| `{cell(code)}` | {count} |")
    issues = report["issues"]
    if total > ANNOTATIONS_PER_STEP:
        lines.append("")
        lines.append(
            f"GitHub shows {ANNOTATIONS_PER_STEP} of these as annotations; "
            "every problem is listed here."
        )
        lines.append("")
        lines.append("| where | code | problem | how to fix it |")
        lines.append("|---|---|---|---|")
        for issue in issues:
            lines.append(
                f"| `{cell(place(issue))}` | `{cell(issue['code'])}` "
                f"| {cell(issue['message'])} | {cell(issue.get('help'))} |"
            )
        omitted = summary.get("omitted", 0)
        if omitted:
            lines.append("")
            lines.append(f"… and {omitted} more not listed (`--max-errors`).")
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as f:
            report = json.load(f)
    except (OSError, ValueError) as e:
        print(f"summary.py: cannot read the report {argv[1]}: {e}", file=sys.stderr)
        return 2
    sys.stdout.write(render(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
