#!/usr/bin/env bash
# scripts/compile-contract.sh [--out DIR] — compile specs/contracts/LedgerAnchor.sol with the pinned solcjs and write
# LedgerAnchor.abi.json (pretty-printed) and LedgerAnchor.bin (hex, no 0x) into DIR, by default specs/contracts.
# The committed artifacts are this script's output; a test compiles again into a temporary directory and compares.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/specs/contracts"
while [ $# -gt 0 ]; do
  case "$1" in
    --out) [ $# -ge 2 ] || { echo "--out needs a directory" >&2; exit 2; }; out="$2"; shift 2 ;;
    *) echo "usage: $0 [--out DIR]" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
out="$(cd "$out" && pwd)"

solcjs="$root/node_modules/.bin/solcjs"
[ -x "$solcjs" ] || { echo "$solcjs is missing: run npm ci in $root" >&2; exit 1; }

raw="$(mktemp -d)"
trap 'rm -rf "$raw"' EXIT

# The source is named by its path relative to specs/contracts ("LedgerAnchor.sol"), never by an absolute path: the
# name goes into the metadata whose hash ends the bytecode, so the bytecode is the same wherever the clone lives.
(cd "$root/specs/contracts" &&
  "$solcjs" --optimize --optimize-runs 200 --abi --bin --base-path . --output-dir "$raw" LedgerAnchor.sol)

node -e '
  const fs = require("fs");
  const [raw, out] = process.argv.slice(1);
  const abi = JSON.parse(fs.readFileSync(`${raw}/LedgerAnchor_sol_LedgerAnchor.abi`, "utf8"));
  const bin = fs.readFileSync(`${raw}/LedgerAnchor_sol_LedgerAnchor.bin`, "utf8").trim();
  if (!/^[0-9a-f]+$/.test(bin)) throw new Error("solcjs wrote no bytecode");
  fs.writeFileSync(`${out}/LedgerAnchor.abi.json`, JSON.stringify(abi, null, 2) + "\n");
  fs.writeFileSync(`${out}/LedgerAnchor.bin`, bin + "\n");
' "$raw" "$out"
