#!/usr/bin/env bash
# Runs Nix's own language test corpus against nixvm, the way Nix's `lang.sh` runs it against
# `nix-instantiate`, and counts what passes.
#
#   tools/nix-corpus.sh [-v] [-k KEEPDIR] [-f FILTER] [CORPUS]
#
# CORPUS is the directory holding `lang/` (default /work/nixsrc/tests/functional): the tests
# are read from there and never copied. nixvm is `$NIXVM`, or this worktree's debug build.
#
#   -v          list every failing test, and show the diff of the first few
#   -k KEEPDIR  keep each test's output (and a `.diff` per failure) in KEEPDIR
#   -f FILTER   run only the tests whose name contains FILTER
#
# As in `lang.sh`, every test runs from CORPUS with NIX_PATH=lang/dir3:lang/dir4,
# HOME=/fake-home, TEST_VAR=foo and NIX_STORE_DIR=/nix/store; Nix's test setup also turns
# `show-trace` and the nix-command and flakes features on in its configuration, which
# NIX_CONFIG does here. A missing expected file means "no output"; `NAME.postprocess`
# scripts run on the output before comparing.
#
#   parse-okay  `--parse - < NAME.nix`, status 0, stdout == NAME.exp, stderr == NAME.err.exp
#   parse-fail  `--parse - < NAME.nix`, status 1, stderr == NAME.err.exp
#   eval-okay   `FLAGS --eval --strict NAME.nix` (FLAGS: first line of NAME.flags), status 0,
#               stdout == NAME.exp and stderr == NAME.err.exp; with NAME.exp.xml,
#               `--eval --xml --no-location --strict`; NAME.exp-disabled skips the test
#   eval-fail   `FLAGS NAME.nix` (FLAGS: NAME.flags without comments, or
#               `--eval --strict --show-trace`), status 1, stderr == NAME.err.exp
#
# For failing tests (eval-fail, parse-fail) it also counts those whose final `error:` line
# (the message; the last `error:` line when there is a trace) matches.
set -uo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
verbose=0
keep=""
filter=""
while getopts "vk:f:" opt; do
  case "$opt" in
    v) verbose=1 ;;
    k) keep=$OPTARG ;;
    f) filter=$OPTARG ;;
    *) echo "usage: $0 [-v] [-k KEEPDIR] [-f FILTER] [CORPUS]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
corpus=$(cd "${1:-/work/nixsrc/tests/functional}" && pwd) || exit 2
nixvm=${NIXVM:-$here/target/debug/nixvm}
[[ -x "$nixvm" ]] || { echo "no nixvm at $nixvm (build it, or set NIXVM)" >&2; exit 2; }
[[ "$nixvm" == /* ]] || nixvm="$here/$nixvm"

out=${keep:-$(mktemp -d)}
mkdir -p "$out"
[[ -n "$keep" ]] || trap 'rm -rf "$out"' EXIT

cd "$corpus" || exit 2
export NIX_PATH=lang/dir3:lang/dir4 HOME=/fake-home TEST_VAR=foo NIX_STORE_DIR=/nix/store
export NIX_CONFIG="show-trace = true
experimental-features = nix-command flakes"
timeout_s=${NIX_CORPUS_TIMEOUT:-60}

declare -A pass total first
failures=()
shown=0

# nixvm with a time limit; a test that hangs fails.
nv() { timeout "$timeout_s" "$nixvm" "$@"; }

# Compares FILE with the expected file EXP ("no file" means empty output).
same() {
  local exp=$2
  [[ -e "$exp" ]] || exp=/dev/null
  cmp -s "$exp" "$1"
}

# The final `error:` line of a file, without its indentation.
final_error() {
  grep -E '^[[:space:]]*error:' "$1" 2>/dev/null | tail -n 1 | sed -E 's/^[[:space:]]+//'
}

postprocess() {
  [[ -e "lang/$1.postprocess" ]] && bash "lang/$1.postprocess" "$out/$1" >/dev/null 2>&1
  return 0
}

# Records the outcome of test $2 of category $1; $3 is 1 if it passed, then pairs of
# (actual, expected) files for the diff.
record() {
  local cat=$1 name=$2 ok=$3
  shift 3
  total[$cat]=$((${total[$cat]:-0} + 1))
  if [[ $ok == 1 ]]; then
    pass[$cat]=$((${pass[$cat]:-0} + 1))
    rm -f "$out/$name.diff"
    return
  fi
  failures+=("$cat $name")
  local d="$out/$name.diff"
  : >"$d"
  while [[ $# -ge 2 ]]; do
    local exp=$2
    [[ -e "$exp" ]] || exp=/dev/null
    diff -u --label "expected ${2#"$corpus"/}" --label actual "$exp" "$1" >>"$d"
    shift 2
  done
  if [[ $verbose == 1 && $shown -lt 5 ]]; then
    shown=$((shown + 1))
    echo "FAIL $name"
    head -n 40 "$d"
  fi
}

# Counts a failing test whose final error line matches.
first_line() {
  local cat=$1 actual=$2 expected=$3
  if [[ -e "$expected" && "$(final_error "$actual")" == "$(final_error "$expected")" &&
    -n "$(final_error "$expected")" ]]; then
    first[$cat]=$((${first[$cat]:-0} + 1))
  fi
}

matches() { [[ -z "$filter" || "$1" == *"$filter"* ]]; }

# Judges succeeding test $2 of category $1, which exited with $3 and wrote $out/$2.out and
# $out/$2.err: it must exit with 0 and write the expected output and errors.
judge_okay() {
  local cat=$1 i=$2 code=$3 ok=0
  sed -i "s!$corpus!/pwd!g" "$out/$i.out" "$out/$i.err"
  postprocess "$i"
  [[ $code == 0 ]] && same "$out/$i.out" "lang/$i.exp" && same "$out/$i.err" "lang/$i.err.exp" && ok=1
  record "$cat" "$i" $ok "$out/$i.out" "$corpus/lang/$i.exp" "$out/$i.err" "$corpus/lang/$i.err.exp"
}

# Judges failing test $2 of category $1, which exited with $3 and wrote its errors to
# $out/$2.err: it must fail with status 1 and the expected errors.
judge_fail() {
  local cat=$1 i=$2 code=$3 ok=0
  postprocess "$i"
  [[ $code == 1 ]] && same "$out/$i.err" "lang/$i.err.exp" && ok=1
  [[ $code == 1 ]] && first_line "$cat" "$out/$i.err" "lang/$i.err.exp"
  record "$cat" "$i" $ok "$out/$i.err" "$corpus/lang/$i.err.exp"
}

for f in lang/parse-fail-*.nix; do
  i=$(basename "$f" .nix)
  matches "$i" || continue
  nv --parse - <"$f" >/dev/null 2>"$out/$i.err"
  judge_fail parse-fail "$i" $?
done

for f in lang/parse-okay-*.nix; do
  i=$(basename "$f" .nix)
  matches "$i" || continue
  nv --parse - <"$f" >"$out/$i.out" 2>"$out/$i.err"
  judge_okay parse-okay "$i" $?
done

for f in lang/eval-fail-*.nix; do
  i=$(basename "$f" .nix)
  matches "$i" || continue
  if [[ -e "lang/$i.flags" ]]; then
    flags=$(sed -e 's/#.*//' <"lang/$i.flags")
  else
    flags="--eval --strict --show-trace"
  fi
  # shellcheck disable=SC2086 # the flags are split into words, as lang.sh does
  nv $flags "$f" 2>&1 >/dev/null | sed "s!$corpus!/pwd!g" >"$out/$i.err"
  judge_fail eval-fail "$i" "${PIPESTATUS[0]}"
done

for f in lang/eval-okay-*.nix; do
  i=$(basename "$f" .nix)
  matches "$i" || continue
  if [[ -e "lang/$i.exp.xml" ]]; then
    nv --eval --xml --no-location --strict "$f" >"$out/$i.out.xml" 2>/dev/null
    code=$?
    postprocess "$i"
    ok=0
    [[ $code == 0 ]] && same "$out/$i.out.xml" "lang/$i.exp.xml" && ok=1
    record eval-okay "$i" $ok "$out/$i.out.xml" "$corpus/lang/$i.exp.xml"
  elif [[ ! -e "lang/$i.exp-disabled" ]]; then
    flags=()
    [[ -e "lang/$i.flags" ]] && read -r -a flags <"lang/$i.flags"
    nv "${flags[@]}" --eval --strict "$f" >"$out/$i.out" 2>"$out/$i.err"
    judge_okay eval-okay "$i" $?
  fi
done

if [[ $verbose == 1 && ${#failures[@]} -gt 0 ]]; then
  echo "failing tests:"
  printf '  %s\n' "${failures[@]}"
fi
for cat in parse-okay parse-fail eval-okay eval-fail; do
  t=${total[$cat]:-0}
  p=${pass[$cat]:-0}
  line=$(printf '%-11s %4d / %-4d passed' "$cat" "$p" "$t")
  if [[ $cat == *-fail ]]; then
    fl=${first[$cat]:-0}
    pct=0
    [[ $t -gt 0 ]] && pct=$((100 * fl / t))
    line+=$(printf '   final error line matches: %d / %d (%d%%); whole stderr: %d / %d' \
      "$fl" "$t" "$pct" "$p" "$t")
  fi
  echo "$line"
done
