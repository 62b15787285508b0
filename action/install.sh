#!/usr/bin/env bash
# Installs docket for the action into $DOCKET_HOME/bin, the quickest way
# that works, so that a job needs no Rust toolchain where a release exists:
#
#   1. what the cache already holds;
#   2. when the action is used at a release tag (vX.Y.Z), that release's
#      prebuilt archive for the runner's OS and architecture, checked
#      against the release's SHA256SUMS;
#   3. then the release's wheel from the package index (docket-opendata,
#      the same version), in a virtual environment of its own;
#   4. otherwise the light build (validation only) of the action's own
#      checkout, which the cache then keeps under a key made of the
#      checkout's sources (see `source-key`).
#
# Environment: DOCKET_HOME (the install folder), DOCKET_REF (the action's
# ref), DOCKET_REPOSITORY (the action's repository, owner/name),
# RUNNER_OS, RUNNER_ARCH; DOCKET_RELEASES (where release assets are, by
# default the repository's GitHub releases); pip's own PIP_* settings (an
# index, PIP_FIND_LINKS) apply to the wheel.
set -euo pipefail
source_dir="$(cd "$(dirname "$0")/.." && pwd)"
: "${DOCKET_HOME:?DOCKET_HOME names the install folder}"
bin="$DOCKET_HOME/bin"

if [ -x "$bin/docket" ]; then
  echo "$("$bin/docket" --version) from the cache"
  exit 0
fi

ref="${DOCKET_REF:-}"
version=""
if [[ "$ref" =~ ^v([0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?)$ ]]; then
  version="${BASH_REMATCH[1]}"
fi

# The Rust target triple a release archive is built for.
target() {
  case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
    Linux/X64) echo x86_64-unknown-linux-gnu ;;
    Linux/ARM64) echo aarch64-unknown-linux-gnu ;;
    macOS/X64) echo x86_64-apple-darwin ;;
    macOS/ARM64) echo aarch64-apple-darwin ;;
    Windows/X64) echo x86_64-pc-windows-msvc ;;
    *) return 1 ;;
  esac
}

sha256() {
  if command -v sha256sum > /dev/null; then sha256sum "$1"; else shasum -a 256 "$1"; fi
}

from_archive() {
  local triple name ext url work expected
  triple="$(target)" || { echo "no prebuilt docket for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}"; return 1; }
  ext=tar.gz
  [ "${RUNNER_OS:-}" = Windows ] && ext=zip
  name="docket-$version-$triple"
  url="${DOCKET_RELEASES:-https://github.com/${DOCKET_REPOSITORY:-}/releases/download}/v$version"
  work="$(mktemp -d)"
  if ! curl --fail --silent --show-error --location --retry 3 -o "$work/$name.$ext" "$url/$name.$ext" \
    || ! curl --fail --silent --show-error --location --retry 3 -o "$work/SHA256SUMS" "$url/SHA256SUMS"; then
    echo "the release v$version has no $name.$ext"
    rm -rf "$work"
    return 1
  fi
  expected="$(awk -v file="$name.$ext" '$2 == file || $2 == "*" file { print $1 }' "$work/SHA256SUMS")"
  if [ -z "$expected" ] || [ "$(sha256 "$work/$name.$ext" | awk '{ print $1 }')" != "$expected" ]; then
    echo "::error title=docket::$name.$ext does not match the release's SHA256SUMS"
    rm -rf "$work"
    exit 2
  fi
  # (Called in a condition, so `set -e` does not apply: each step checks.)
  if ! { tar -xf "$work/$name.$ext" -C "$work" && mkdir -p "$bin" && cp "$work/$name/docket"* "$bin/"; }; then
    echo "cannot unpack $name.$ext"
    rm -rf "$work" "$bin"
    return 1
  fi
  rm -rf "$work"
  echo "$("$bin/docket" --version) from the release v$version ($triple)"
}

from_wheel() {
  local venv="$DOCKET_HOME/venv" python
  python3 -m venv "$venv" > /dev/null 2>&1 || { echo "no python3 to install the wheel with"; return 1; }
  python="$venv/bin/python"
  [ -x "$python" ] || python="$venv/Scripts/python.exe"
  # --only-binary: a source distribution would need the toolchain that
  # step 4 uses with a cache.
  "$python" -m pip install --quiet --disable-pip-version-check --only-binary :all: \
    "docket-opendata==$version" || { echo "no docket-opendata $version wheel for this runner"; return 1; }
  mkdir -p "$bin" || return 1
  for exe in "$venv"/bin/docket "$venv"/Scripts/docket.exe; do
    if [ -e "$exe" ]; then cp "$exe" "$bin/" || return 1; fi
  done
  [ -n "$(ls "$bin")" ] || { echo "the wheel has no docket executable"; return 1; }
  echo "$("$bin/docket" --version) from the wheel"
}

if [ -n "$version" ]; then
  from_archive && exit 0
  from_wheel && exit 0
fi
echo "docket: building the light build from the action's source (a few minutes; cached afterwards)"
cargo install --locked --no-default-features --root "$DOCKET_HOME" --path "$source_dir"
