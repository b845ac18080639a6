#!/usr/bin/env bash
# Bundle format 2 against format 1 in the same run: the gridbook from just before format 2 (a
# commit of this repository, built in a temporary worktree) and this one each write the same
# deterministic demo, export it in full and import it into an empty database, timed as whole
# processes with their peak memory. Bundles are unencrypted in both, so the difference is the
# format (chains, signed heads and provenance checks against trust on first use); this
# gridbook is also timed with its compressed, encrypted bundle.
#
#   benches/format1.sh            (env: GRIDBOOK_BENCH_HOUSEHOLDS, default 50000, ~950k ops;
#                                  GRIDBOOK_FORMAT1_REV, default 6d2ff82, the last format-1 commit)
set -euo pipefail
cd "$(dirname "$0")/.."
households=${GRIDBOOK_BENCH_HOUSEHOLDS:-50000}
rev=${GRIDBOOK_FORMAT1_REV:-6d2ff82}
work=$(mktemp -d)
cleanup() {
  git worktree remove --force "$work/old" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "building $rev (format 1) and this tree (format 2), release..." >&2
git worktree add --detach "$work/old" "$rev" >/dev/null 2>&1
(cd "$work/old" && CARGO_TARGET_DIR="$work/old-target" cargo build --release --locked --quiet)
cargo build --release --locked --quiet
old="$work/old-target/release/gridbook"
new="$PWD/target/release/gridbook"

export GRIDBOOK_NOW=2026-11-23T10:00:00 LANG=en_US.UTF-8
unset LC_ALL LANGUAGE

# timed LABEL CMD... : runs CMD, prints "LABEL seconds peak-KiB"
timed() {
  local label=$1
  shift
  /usr/bin/time -f "$label %e %M" -o "$work/time" "$@" >/dev/null
  cat "$work/time"
}

# one BINARY NAME FORMAT: demo, export, import into an empty database
one() {
  local bin=$1 name=$2 format=$3 d="$work/$2"
  mkdir -p "$d/w" "$d/o"
  echo 'worker = "worker"' >"$d/w/config.toml"
  echo 'worker = "office"' >"$d/o/config.toml"
  GRIDBOOK_CONFIG_DIR="$d/w" "$bin" demo --no-tui --households "$households" --db "$d/w.db" >/dev/null
  local allow=()
  if [ "$format" = 2 ]; then
    GRIDBOOK_CONFIG_DIR="$d/o" "$bin" --db "$d/o.db" team init --name bench >/dev/null
    GRIDBOOK_CONFIG_DIR="$d/w" "$bin" --db "$d/w.db" team request --out "$d/req" >/dev/null
    GRIDBOOK_CONFIG_DIR="$d/o" "$bin" --db "$d/o.db" team enrol "$d/req" --office --out "$d/cert" >/dev/null
    GRIDBOOK_CONFIG_DIR="$d/w" "$bin" --db "$d/w.db" team join "$d/cert" --yes >/dev/null
    cp "$d/o.db" "$d/o2.db"
    allow=(--allow-plain)
  fi
  local ops
  ops=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM ops").fetchone()[0])' "$d/w.db")
  GRIDBOOK_CONFIG_DIR="$d/w" timed "$name export (plain) $ops ops" \
    "$bin" --db "$d/w.db" export --full --no-encrypt --out "$d/plain.gbx"
  GRIDBOOK_CONFIG_DIR="$d/o" timed "$name import (plain)" \
    "$bin" --db "$d/o.db" import "${allow[@]}" "$d/plain.gbx"
  echo "$name plain bundle $(stat -c %s "$d/plain.gbx") bytes"
  if [ "$format" = 2 ]; then
    GRIDBOOK_CONFIG_DIR="$d/w" timed "$name export (compressed, encrypted)" \
      "$bin" --db "$d/w.db" export --full --out "$d/sealed.gbx"
    GRIDBOOK_CONFIG_DIR="$d/o" timed "$name import (compressed, encrypted)" \
      "$bin" --db "$d/o2.db" import "$d/sealed.gbx"
    echo "$name sealed bundle $(stat -c %s "$d/sealed.gbx") bytes"
  fi
  rm -rf "$d"
}

one "$old" format1 1
one "$new" format2 2
