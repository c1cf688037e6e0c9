#!/usr/bin/env bash
# Runs one fuzz target: fuzz/run.sh TARGET [SECONDS] [libFuzzer options...]
#
# Needs a nightly toolchain and cargo-fuzz. The working corpus grows in fuzz/corpus/TARGET
# (not committed), or in $FUZZ_CORPUS if set; the seeds are fuzz/seeds/TARGET and, for the
# targets that read program text, the programs of tests/lang. Findings land in
# fuzz/artifacts/TARGET. It runs niced, one process, so that it shares the machine.
# FUZZ_SANITIZER=address builds with AddressSanitizer, whose leak checker then reports any
# input after which memory was left unreachable (slower: allow a larger -timeout).
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: fuzz/run.sh TARGET [SECONDS] [libFuzzer options...]}
seconds=${2:-60}
shift $(( $# < 2 ? $# : 2 ))

corpus=${FUZZ_CORPUS:-corpus/$target}
mkdir -p "$corpus" "seeds/$target"
dirs=("$corpus" "seeds/$target")
if [[ $target != generated ]]; then
  # The corpus's programs, without notyetpassing/ (known failures, which would stop the
  # run at once): libFuzzer reads directories recursively, so link the files one by one.
  lang=target/lang-seeds
  rm -rf "$lang"
  mkdir -p "$lang"
  for f in ../tests/lang/*.nix; do ln -s "$(realpath "$f")" "$lang/"; done
  dirs+=("$lang")
fi

# -max_len: programs beyond a few KiB add little and slow every run down.
# -timeout: an input slower than this is a finding (the limits should have stopped it). It
#   is wall-clock time on a shared machine, so it leaves room: the slowest of the corpus's
#   programs (a 4 MB fromJSON) takes 2 s of CPU and took 10 s on a loaded machine.
# -rss_limit_mb: the memory ceiling should stop a hungry input long before this.
exec nice -n 19 cargo +nightly fuzz run -s "${FUZZ_SANITIZER:-none}" -O "$target" "${dirs[@]}" -- \
  -dict=nix.dict -max_len=4096 -timeout=60 -rss_limit_mb=3072 \
  -max_total_time="$seconds" -print_final_stats=1 "$@"
