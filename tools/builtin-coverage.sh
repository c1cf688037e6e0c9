#!/usr/bin/env bash
# Counts, for every builtin nixvm has, the language tests that use it, and lists those used by
# fewer than three.
#
#   tools/builtin-coverage.sh [-a]
#
# The names are `builtins.attrNames builtins` as nixvm evaluates it (`$NIXVM`, or this
# worktree's debug build). A test is a `.nix` file of tests/lang or tests/lang/notyetpassing
# whose name starts with `eval-` or `parse-`; it uses NAME when it mentions `builtins.NAME`,
# `__NAME`, or the bare NAME where it is not an attribute selection (`x.map`) nor part of a
# longer identifier, for a name in scope without `builtins.` (`map`, `toString`, `throw`, ...)
# or in a file that opens `with builtins;`. Comments do not count.
#
#   -a  print every name with its count, not only those under three
#   -q  count only qualified uses (`builtins.NAME`, `__NAME`, a global NAME), not the bare
#       names of files under `with builtins;`
#
# Each line is NAME, the number of tests using it, and how many of those are eval-fail tests.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
nixvm=${NIXVM:-$here/target/debug/nixvm}
[[ -x "$nixvm" ]] || { echo "no nixvm at $nixvm (build it, or set NIXVM)" >&2; exit 2; }
all=0
qualified_only=0
while getopts "aq" opt; do
  case "$opt" in
    a) all=1 ;;
    q) qualified_only=1 ;;
    *) echo "usage: $0 [-a] [-q]" >&2; exit 2 ;;
  esac
done

mapfile -t names < <("$nixvm" --eval --strict --json -E 'builtins.attrNames builtins' |
  tr -d '[]"' | tr ',' '\n' | sed '/^$/d')

mapfile -t tests < <(find "$here/tests/lang" "$here/tests/lang/notyetpassing" -maxdepth 1 \
  \( -name 'eval-*.nix' -o -name 'parse-*.nix' \) 2>/dev/null | sort -u)

# Which names are in scope without `builtins.`: those compile as variables, others do not.
globals=()
for n in "${names[@]}"; do
  "$nixvm" --eval -E "let x = $n; in true" >/dev/null 2>&1 && globals+=("$n")
done

# Comments are left out (a test naming a builtin in its comment does not use it). A use is
# not preceded by an identifier character or a dot (`x.map` selects an attribute), nor
# followed by an identifier character.
NAMES="${names[*]}" GLOBALS="${globals[*]}" ALL=$all QONLY=$qualified_only perl -e '
  my %global = map { $_ => 1 } split " ", $ENV{GLOBALS};
  my @files;
  for my $f (@ARGV) {
    open my $fh, "<", $f or die "$f: $!";
    local $/; my $text = <$fh>;
    $text =~ s/(^|[ \t])#[^\n]*//mg;
    $text =~ s{/\*.*?\*/}{}sg;
    my $fail = $f =~ m{/eval-fail-[^/]*\z};
    my $with = !$ENV{QONLY} && $text =~ /\bwith builtins;/;
    push @files, [$text, $with, $fail];
  }
  my ($below, $total) = (0, 0);
  for my $n (split " ", $ENV{NAMES}) {
    $total++;
    my $q = quotemeta $n;
    my $qualified = qr/(?:builtins\.|__)$q(?![A-Za-z0-9_\x27-])/;
    my $bare = qr/(?<![A-Za-z0-9_\x27.-])$q(?![A-Za-z0-9_\x27-])/;
    my @using = grep {
      $_->[0] =~ $qualified || (($global{$n} || $_->[1]) && $_->[0] =~ $bare)
    } @files;
    my $count = @using;
    my $fails = grep { $_->[2] } @using;
    $below++ if $count < 3;
    printf "%-32s %3d %3d\n", $n, $count, $fails if $count < 3 || $ENV{ALL};
  }
  printf "total: %d builtins, %d with fewer than 3 tests (%d test files)\n",
    $total, $below, scalar @files;
' "${tests[@]}"
