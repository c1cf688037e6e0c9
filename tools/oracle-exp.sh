#!/usr/bin/env bash
# Writes the expected output of language tests by running the reference implementation,
# `nix-instantiate` (CppNix), exactly as tests/lang/runner.rs runs nixvm.
#
#   tools/oracle-exp.sh [--force] [NAME...]
#
# Without names it fills in every eval-okay-*.exp and parse-okay-*.exp that is missing
# (--force rewrites existing ones too). eval-fail tests are only checked to fail under the
# oracle, since CppNix 2.8's error layout differs from current Nix's.
#
# CppNix recurses on the C stack, so it runs under `ulimit -s unlimited` (deep tests).
#
# A test with a line `# oracle: local-store` reads back what it puts in the store (which
# nixvm keeps in memory): it runs against a fresh local store in read-write mode instead of
# the dummy store.
set -euo pipefail
cd "$(dirname "$0")/../tests"
force=0
if [[ "${1:-}" == "--force" ]]; then force=1; shift; fi
export NIX_PATH=lang/dir3:lang/dir4 HOME=/fake-home TEST_VAR=foo NIX_REMOTE=dummy://
unset NIX_STORE_DIR
names=("$@")
if [[ ${#names[@]} -eq 0 ]]; then
  for f in lang/eval-okay-*.nix lang/parse-okay-*.nix lang/eval-fail-*.nix; do
    names+=("$(basename "$f" .nix)")
  done
fi
for n in "${names[@]}"; do
  f="lang/$n.nix"
  case "$n" in
    eval-okay-*)
      exp="lang/$n.exp"
      [[ -e "lang/$n.exp.xml" ]] && continue
      [[ -e "$exp" && $force -eq 0 ]] && continue
      flags=()
      [[ -e "lang/$n.flags" ]] && read -r -a flags < "lang/$n.flags"
      store=""
      if grep -q '^# oracle: local-store' "$f"; then
        store=$(mktemp -d)
        flags+=(--store "$store" --read-write-mode)
      fi
      if (ulimit -s unlimited 2>/dev/null; NIX_REMOTE=${store:-dummy://} exec nix-instantiate "${flags[@]}" --eval --strict "$f") > "$exp.tmp" 2> "lang/$n.oracle-err"; then
        sed -i "s!$(pwd)!/pwd!g" "$exp.tmp"
        mv "$exp.tmp" "$exp"; rm -f "lang/$n.oracle-err"
        echo "wrote $exp"
      else
        rm -f "$exp.tmp"; echo "ORACLE FAILED on $n:"; cat "lang/$n.oracle-err"; rm -f "lang/$n.oracle-err"
      fi
      if [[ -n "$store" ]]; then chmod -R u+w "$store"; rm -rf "$store"; fi ;;
    parse-okay-*)
      exp="lang/$n.exp"
      [[ -e "$exp" && $force -eq 0 ]] && continue
      if nix-instantiate --parse - < "$f" > "$exp.tmp" 2>/dev/null; then
        sed -i "s!$(pwd)!/pwd!g" "$exp.tmp"; mv "$exp.tmp" "$exp"; echo "wrote $exp"
      else
        rm -f "$exp.tmp"; echo "ORACLE FAILED to parse $n"
      fi ;;
    eval-fail-*)
      flags=(--eval --strict)
      [[ -e "lang/$n.flags" ]] && read -r -a flags < <(sed -e 's/#.*//' "lang/$n.flags")
      if nix-instantiate "${flags[@]}" "$f" > /dev/null 2>&1; then
        echo "ORACLE SUCCEEDED on $n (expected failure)"
      fi ;;
  esac
done
