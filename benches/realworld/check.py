#!/usr/bin/env python3
"""The real-world correctness check: real test suites and real evaluations, run with each
evaluator as `nix-instantiate`, their results side by side.

    benches/realworld/check.py prepare [--trees DIR] [--mirror DIR]
    benches/realworld/check.py run --eval nix-instantiate --eval target/release/nixvm \\
        [--names cppnix,nixvm] [--only NAME,...] [--trees DIR] [--json FILE] [--markdown]

`prepare` fetches the trees the checks read: those of `run.py prepare`, and nixpkgs.lib at
the end of 2022 (so that the library's tests are checked at two ages).

`run` runs every check once with every evaluator: nixpkgs.lib's test files with
`nix-instantiate --eval --strict`, its shell suites with the evaluator as the
`nix-instantiate` on `PATH`, and the drvPaths of nixpkgs and NixOS 19.09. Each runs from its
tree's directory with `NIX_PATH` empty and `NIX_REMOTE=daemon` (some suites write to the
store). The table gives each evaluator's result (the value printed, a suite's pass and fail
counts or "tests ok", or the error) and wall time, and whether the results agree. A check
whose file the tree does not have is shown as such.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import run as bench  # noqa: E402  (the trees and how they are fetched)

TREES = bench.TREES + [
    # nixpkgs' lib with its test suites, as of the end of 2022.
    bench.Tree("nixpkgs.lib-2022", "nix-community/nixpkgs.lib",
               "e289432dd74e2397ca63aec51592cb35a1add3c4"),
]

# The seed of lib/path/tests/prop.sh's random paths, so that every evaluator gets the same.
PROP_SEED = "12345"


@dataclass(frozen=True)
class Check:
    """One evaluation (`argv`, after the evaluator) or one shell suite (`script`, with
    `script_args`), run in `tree`. `needs` is the file it reads, relative to the tree."""

    name: str
    tree: str
    needs: str
    argv: list[str] = field(default_factory=list)
    script: str | None = None
    script_args: list[str] = field(default_factory=list)


def lib_checks(tree: str, label: str) -> list[Check]:
    """nixpkgs' library tests in `tree` (a nixpkgs or nixpkgs.lib checkout, or a folder of
    one: `TREE/DIR`)."""
    checks = [
        Check(f"{label} {f}", tree, f"lib/tests/{f}", argv=["--eval", "--strict", f"lib/tests/{f}"])
        for f in ["misc.nix", "systems.nix", "check-eval.nix"]
    ]
    checks += [
        Check(f"{label} {s}", tree, s, script=s,
              script_args=[PROP_SEED] if s.endswith("prop.sh") else [])
        for s in ["lib/tests/modules.sh", "lib/tests/filesystem.sh", "lib/tests/network.sh",
                  "lib/path/tests/prop.sh"]
    ]
    return checks


CHECKS = lib_checks("nixpkgs.lib-2025", "lib-2025") + lib_checks("nixpkgs.lib-2022", "lib-2022") + [
    # nixpkgs.lib of 2022 lacks the rest of nixpkgs, which misc.nix imports (`import ../..`
    # for `hello`): a whole nixpkgs of 2020 has its library tests run too.
    *lib_checks("nixcon-video-infra/nixpkgs", "nixpkgs-20.09 lib"),
    Check("nixpkgs-19.09 hello.drvPath", "nixos-on-arm", "nixpkgs/default.nix",
          argv=["--eval", "-E", f"(import ./nixpkgs {bench.PKGS_ARGS}).hello.drvPath"]),
    Check("nixos-19.09 toplevel.drvPath", "nixos-on-arm", "nixpkgs/nixos/default.nix",
          argv=["--eval", "-E",
                f'(import ./nixpkgs/nixos {{ system = "x86_64-linux"; configuration = {bench.NIXOS_MINIMAL}; }})'
                ".config.system.build.toplevel.drvPath"]),
]

SUITE_COUNTS = re.compile(r"(\d+) Pass\s+(\d+) Fail")


@dataclass
class Outcome:
    result: str
    ok: bool
    wall: float
    detail: str


def last_error(stderr: str) -> str:
    lines = [l.strip() for l in stderr.splitlines() if l.strip()]
    errors = [l for l in lines if l.startswith("error") or "failed" in l]
    return (errors[-1] if errors else lines[-1] if lines else "")[:200]


def awk_writes_nul() -> bool:
    """Whether `awk` can print a NUL byte, as lib/path/tests/generate.awk must to separate
    the paths it makes (mawk cannot: prop.sh would then check nothing and pass)."""
    p = subprocess.run(["awk", 'BEGIN { printf "a\\x00b" }'], capture_output=True)
    return p.stdout == b"a\x00b"


def run_check(c: Check, shim: Path, trees: Path, timeout: float) -> Outcome:
    cwd = trees / c.tree
    env = dict(os.environ)
    env["NIX_PATH"] = ""
    env["NIX_REMOTE"] = "daemon"
    env["PATH"] = f"{shim}:{env.get('PATH', '')}"
    if c.script is None:
        argv = [str(shim / "nix-instantiate"), *c.argv]
    else:
        argv = ["bash", c.script, *c.script_args]
    t0 = time.perf_counter()
    try:
        p = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True,
                           stdin=subprocess.DEVNULL, timeout=timeout, errors="replace")
    except subprocess.TimeoutExpired:
        return Outcome("TIMEOUT", False, time.perf_counter() - t0, "")
    wall = time.perf_counter() - t0
    if c.script is None:
        if p.returncode == 0:
            return Outcome(p.stdout.strip(), True, wall, "")
        return Outcome(f"error (exit {p.returncode})", False, wall, last_error(p.stderr))
    counts = SUITE_COUNTS.search(p.stdout + p.stderr)
    if counts:
        return Outcome(f"{counts[1]} pass, {counts[2]} fail", p.returncode == 0, wall,
                       "" if p.returncode == 0 else last_error(p.stderr))
    if p.returncode == 0 and "tests ok" in p.stderr:
        return Outcome("tests ok", True, wall, "")
    return Outcome(f"fails (exit {p.returncode})", False, wall, last_error(p.stderr))


def short(result: str) -> str:
    return result if len(result) <= 72 else result[:69] + "..."


def run(args: argparse.Namespace) -> None:
    trees = Path(args.trees).resolve()
    names, binaries = bench.evaluators(args)
    chosen = [c for c in CHECKS if not args.only or any(o in c.name for o in args.only.split(","))]
    shims = bench.make_shims(binaries, "nixvm-check-")
    rows = []
    try:
        for c in chosen:
            if not (trees / c.tree).exists():
                sys.exit(f"{c.tree} is missing under {trees}; run `{sys.argv[0]} prepare` first")
            if not (trees / c.tree / c.needs).exists():
                rows.append((c, None))
                continue
            if c.needs.endswith("prop.sh") and not awk_writes_nul():
                sys.exit("lib/path/tests/prop.sh needs an awk that prints NUL bytes (gawk)")
            outcomes = []
            for n, shim in zip(names, shims):
                o = run_check(c, shim, trees, args.timeout)
                outcomes.append(o)
                if not args.quiet:
                    print(f"  {c.name} / {n}: {o.wall:.2f}s {short(o.result)} {o.detail}",
                          file=sys.stderr)
            rows.append((c, outcomes))
    finally:
        for d in shims:
            shutil.rmtree(d)

    header = ["workload"] + [f"{n} result and time" for n in names] + ["same"]
    table = []
    for c, outcomes in rows:
        if outcomes is None:
            table.append([c.name] + [f"(no {c.needs} in this tree)"] * len(names) + ["-"])
            continue
        cells = [f"{short(o.result)}, {o.wall:.2f}s" for o in outcomes]
        same = all(o.result == outcomes[0].result for o in outcomes)
        table.append([c.name] + cells + ["yes" if same else "NO"])
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for r in table:
            print("| " + " | ".join(r) + " |")
    else:
        widths = [max(len(h), *(len(r[i]) for r in table)) for i, h in enumerate(header)]
        print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
        for r in table:
            print("  ".join(x.ljust(w) for x, w in zip(r, widths)))
    for c, outcomes in rows:
        for n, o in zip(names, outcomes or []):
            if o.detail:
                print(f"  {c.name} / {n}: {o.detail}")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(
            [{"check": c.name, "results": None if o is None else
              [{"evaluator": n, "result": x.result, "ok": x.ok, "seconds": x.wall,
                "detail": x.detail} for n, x in zip(names, o)]} for c, o in rows], indent=2))


def main() -> None:
    def options(pr: argparse.ArgumentParser) -> None:
        pr.add_argument("--only", help="comma-separated parts of check names")
        pr.add_argument("--timeout", type=float, default=1800.0)
        pr.add_argument("--markdown", action="store_true", help="print the table as Markdown")

    bench.command_line(__doc__, TREES, "checks", [f"{c.name:40} {c.tree}" for c in CHECKS],
                       options, run)


if __name__ == "__main__":
    main()
