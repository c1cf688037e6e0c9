#!/usr/bin/env bash
# Counts, for every builtin nixvm has, the language tests that use it, and lists those used by
# fewer than three.
#
#   tools/builtin-coverage.sh [-a]
#
# The names are `builtins.attrNames builtins` as nixvm evaluates it (`$NIXVM`, or this
# worktree's debug build). A test is a `.nix` file of tests/lang or tests/lang/notyetpassing
# whose name starts with `eval-` or `parse-`; it uses NAME when it mentions `builtins.NAME`,
# `__NAME`, or, for a name in scope without `builtins.` (`map`, `toString`, `throw`, ...), the
# bare NAME where it is not an attribute selection (`x.map`) nor part of a longer identifier.
#
#   -a  print every name with its count, not only those under three
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
nixvm=${NIXVM:-$here/target/debug/nixvm}
[[ -x "$nixvm" ]] || { echo "no nixvm at $nixvm (build it, or set NIXVM)" >&2; exit 2; }
all=0
[[ "${1:-}" == "-a" ]] && all=1

mapfile -t names < <("$nixvm" --eval --strict --json -E 'builtins.attrNames builtins' |
  tr -d '[]"' | tr ',' '\n' | sed '/^$/d')

mapfile -t tests < <(find "$here/tests/lang" "$here/tests/lang/notyetpassing" -maxdepth 1 \
  \( -name 'eval-*.nix' -o -name 'parse-*.nix' \) 2>/dev/null | sort -u)

# Identifier characters of Nix: a use is not preceded or followed by one of these.
id="A-Za-z0-9_'-"
below=0
for n in "${names[@]}"; do
  q=$(printf '%s' "$n" | sed "s/'/\\\\x27/g")
  pattern="(builtins\\.$q|__$q)(?![$id])"
  # A name in scope without `builtins.` compiles as a variable; any other is undefined.
  if "$nixvm" --eval -E "let x = $n; in true" >/dev/null 2>&1; then
    pattern="$pattern|(?<![$id.])$q(?![$id])"
  fi
  count=$(grep -lP -- "$pattern" "${tests[@]}" | wc -l)
  if ((count < 3)); then
    below=$((below + 1))
    printf '%-32s %d\n' "$n" "$count"
  elif ((all)); then
    printf '%-32s %d\n' "$n" "$count"
  fi
done
echo "total: ${#names[@]} builtins, $below with fewer than 3 tests (${#tests[@]} test files)"
