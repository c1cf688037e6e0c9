#!/usr/bin/env python3
"""The real-world benchmark: real Nix code, evaluated side by side by several evaluators.

    benches/realworld/run.py prepare [--trees DIR] [--mirror DIR]
    benches/realworld/run.py run --eval nix-instantiate --eval target/release/nixvm \\
        [--names cppnix,nixvm] [--runs 3] [--only NAME,...] [--trees DIR] [--json FILE]

`prepare` fetches the pinned public trees the workloads read (NixOS and nixpkgs at several
ages, home-manager, nixpkgs' lib) into the trees directory (default: `trees/` next to this
script, which git ignores). By default it clones from GitHub; `--mirror DIR` clones
`OWNER/REPO` from the local bare copy `DIR/OWNER+REPO/repo` instead. A copy that lacks some
file contents (some mirrors leave out files of several MiB) is checked out without those
files, with a warning; no workload here reads them.

`run` evaluates every workload with every evaluator, interleaved run by run (the order of
the evaluators rotates every run, so machine noise falls evenly on all), and prints the
median wall time, the peak memory (the largest resident set of the process and of every
process it waited for), the ratio of each to the first evaluator's, and whether the output
is the first evaluator's. The first evaluator is the reference. Workloads are evaluated as
`nix-instantiate` evaluates them (`--eval` for a value, `--eval --strict` for a test file),
with `NIX_PATH` empty; a shell suite runs with a `nix-instantiate` on `PATH` that is the
evaluator under test. The summary's geometric means count only the workloads whose output
every evaluator agrees on.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORKLOADS = HERE / "workloads"


@dataclass(frozen=True)
class Tree:
    """A public repository at a pinned commit."""

    name: str
    repo: str  # OWNER/REPO on GitHub
    commit: str


TREES = [
    # A NixOS configuration repository that vendors a complete nixpkgs 19.09pre.
    Tree("nixos-on-arm", "rajivr/nixos-on-arm", "e2bf5def1ce725e310d8facdd66501cbad82c35c"),
    # NixCon 2020's video infrastructure: real NixOS 20.09 hosts, with nixpkgs 20.09 vendored.
    Tree("nixcon-video-infra", "nixcon/nixcon-video-infra", "13b5fc1e4cd12c1ce99defc60ee59e6cd3631880"),
    # home-manager's release-19.09 branch, which matches nixpkgs 19.09.
    Tree("home-manager-19.09", "nix-community/home-manager", "b78b5fa4a073dfcdabdf0deb9a8cfd56050113be"),
    # nixpkgs' lib with its test suites, as of the end of 2025.
    Tree("nixpkgs.lib-2025", "nix-community/nixpkgs.lib", "ae162d84301e66aa4530f5212c745a06beda4e82"),
]


@dataclass(frozen=True)
class Workload:
    """One evaluation. `argv` follows the evaluator's command; `script` instead runs a shell
    suite with the evaluator as `nix-instantiate`. `{trees}` and `{workloads}` are
    substituted. `summary` picks the part of the output that must match (default: all)."""

    name: str
    what: str
    cwd: str
    argv: list[str] = field(default_factory=list)
    script: str | None = None
    summary: str | None = None


NIXOS_MINIMAL = ('{ boot.loader.grub.enable = false; fileSystems."/".device = "x"; }')
PKGS_ARGS = '{ config = { }; overlays = [ ]; system = "x86_64-linux"; }'

WORKLOAD_LIST = [
    Workload(
        "nixos-19.09-toplevel",
        "NixOS 19.09pre: a minimal system's toplevel drvPath",
        "{trees}/nixos-on-arm",
        ["--eval", "-E",
         f'(import ./nixpkgs/nixos {{ system = "x86_64-linux"; configuration = {NIXOS_MINIMAL}; }})'
         ".config.system.build.toplevel.drvPath"],
    ),
    Workload(
        "nixpkgs-19.09-hello",
        "nixpkgs 19.09pre: hello's drvPath (the standard environment's bootstrap)",
        "{trees}/nixos-on-arm",
        ["--eval", "-E", f"(import ./nixpkgs {PKGS_ARGS}).hello.drvPath"],
    ),
    Workload(
        "nixos-20.09-jitsi",
        "NixOS 20.09: a real host's toplevel drvPath (Jitsi, Prometheus, Grafana, nginx, ACME)",
        "{trees}/nixcon-video-infra",
        ["--eval", "-E",
         '(import ./nixpkgs/nixos { system = "x86_64-linux"; configuration = ./sys/jitsi.nix; })'
         ".config.system.build.toplevel.drvPath"],
    ),
    Workload(
        "home-manager-19.09",
        "home-manager 19.09: a user environment's activation package drvPath",
        "{trees}",
        ["-I", "nixpkgs={trees}/nixos-on-arm/nixpkgs", "--eval", "-E",
         "import {workloads}/home-manager-19.09.nix { homeManager = ./home-manager-19.09; "
         "nixpkgs = ./nixos-on-arm/nixpkgs; }"],
    ),
    Workload(
        "nixpkgs-20.09-package-names",
        "nixpkgs 20.09: names of every package in four large sets, as nix-env -qa lists them",
        "{trees}",
        ["--eval", "-E",
         "import {workloads}/package-names.nix { nixpkgs = ./nixcon-video-infra/nixpkgs; "
         'sets = [ "perlPackages" "xorg" "ocamlPackages" "rPackages" ]; }'],
    ),
    Workload(
        "lib-2020-misc",
        "nixpkgs 20.09 lib/tests/misc.nix",
        "{trees}/nixcon-video-infra/nixpkgs",
        ["--eval", "--strict", "lib/tests/misc.nix"],
    ),
    Workload(
        "lib-2025-misc",
        "nixpkgs.lib 2025 lib/tests/misc.nix (needs builtins newer than CppNix 2.8)",
        "{trees}/nixpkgs.lib-2025",
        ["--eval", "--strict", "lib/tests/misc.nix"],
    ),
    Workload(
        "lib-2025-systems",
        "nixpkgs.lib 2025 lib/tests/systems.nix",
        "{trees}/nixpkgs.lib-2025",
        ["--eval", "--strict", "lib/tests/systems.nix"],
    ),
    Workload(
        "lib-2025-modules-sh",
        "nixpkgs.lib 2025 lib/tests/modules.sh: about 400 module-system evaluations",
        "{trees}/nixpkgs.lib-2025",
        script="lib/tests/modules.sh",
        summary=r"(\d+) Pass\s+(\d+) Fail",
    ),
]


# ----------------------------------------------------------------------------- preparing trees

def git(*args: str, cwd: Path | None = None, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, check=check, text=True, capture_output=True)


def missing_blobs(repo: Path, commit: str) -> list[str]:
    """Paths of the commit whose contents the clone lacks."""
    listing = git("ls-tree", "-r", "-z", commit, cwd=repo).stdout.split("\0")
    entries = [e.split("\t", 1) for e in listing if e]
    blobs = [(meta.split()[2], path) for meta, path in entries if meta.split()[1] == "blob"]
    check = subprocess.run(["git", "cat-file", "--batch-check"], cwd=repo, text=True,
                           input="".join(f"{h}\n" for h, _ in blobs), capture_output=True)
    return [path for (_, path), line in zip(blobs, check.stdout.splitlines()) if line.endswith("missing")]


def prepare_tree(tree: Tree, trees: Path, mirror: Path | None) -> None:
    dest = trees / tree.name
    if dest.exists():
        head = git("rev-parse", "HEAD", cwd=dest, check=False).stdout.strip()
        if head == tree.commit:
            print(f"{tree.name}: ready at {tree.commit[:10]}")
            return
        shutil.rmtree(dest)
    source = f"https://github.com/{tree.repo}.git"
    if mirror is not None:
        local = mirror / tree.repo.replace("/", "+") / "repo"
        if local.exists():
            source = str(local)
    print(f"{tree.name}: cloning {source} at {tree.commit[:10]}")
    git("clone", "--quiet", "--no-checkout", source, str(dest))
    absent = missing_blobs(dest, tree.commit)
    if absent:
        print(f"{tree.name}: the source lacks {len(absent)} file(s); checking out without them:")
        for path in absent:
            print(f"    {path}")
        git("sparse-checkout", "init", "--no-cone", cwd=dest)
        patterns = ["/*"] + ["!/" + p for p in absent]
        (dest / ".git" / "info" / "sparse-checkout").write_text("\n".join(patterns) + "\n")
    git("-c", "advice.detachedHead=false", "checkout", "--quiet", tree.commit, cwd=dest)


# ----------------------------------------------------------------------------- running

@dataclass
class Sample:
    status: str
    wall: float
    rss_kb: int
    output: str
    error: str


def run_once(argv: list[str], cwd: Path, env: dict[str, str], timeout: float) -> Sample:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=err,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = t0 + timeout
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                os.killpg(proc.pid, 9)
                timed_out = True
            time.sleep(0.002)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    rc = proc.returncode
    state = "TIMEOUT" if timed_out else "ok" if rc == 0 else f"rc={rc}"
    errors = [l.strip() for l in stderr.splitlines() if l.strip().startswith("error")]
    return Sample(state, wall, usage.ru_maxrss, stdout,
                  errors[-1][:160] if errors else "")


def resolve_binary(cmd: str) -> str:
    found = shutil.which(cmd)
    if found is None:
        sys.exit(f"evaluator not found: {cmd}")
    # Not resolved further: `nix-instantiate` is a link to a program that reads its name.
    return str(Path(found).absolute())


def expand(s: str, trees: Path) -> str:
    return s.replace("{trees}", str(trees)).replace("{workloads}", str(WORKLOADS))


def workload_command(w: Workload, binary: str, shim: Path, trees: Path) -> tuple[list[str], dict]:
    env = dict(os.environ)
    env["NIX_PATH"] = ""
    if w.script is None:
        return [binary, *(expand(a, trees) for a in w.argv)], env
    env["PATH"] = f"{shim}:{env.get('PATH', '')}"
    return ["bash", expand(w.script, trees)], env


def comparable(w: Workload, s: Sample) -> str:
    if w.summary is None:
        return s.output
    found = re.search(w.summary, s.output + "\n")
    return " ".join(found.groups()) if found else s.output


COLLECTED = re.compile(r"^==\d+==\s+Collected\s*:\s*(\d+)", re.M)


def instructions(w: Workload, binary: str, shim: Path, trees: Path, timeout: float) -> int | None:
    """Instructions executed, counted by callgrind: the same on a busy machine as on an idle one."""
    argv, env = workload_command(w, binary, shim, trees)
    argv = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
            "--trace-children=yes", "--main-stacksize=67108864", *argv]
    with tempfile.TemporaryFile() as err:
        subprocess.run(argv, cwd=expand(w.cwd, trees), env=env, stdout=subprocess.DEVNULL,
                       stderr=err, stdin=subprocess.DEVNULL, timeout=timeout * 40)
        err.seek(0)
        counts = [int(c) for c in COLLECTED.findall(err.read().decode("utf-8", "replace"))]
    return sum(counts) if counts else None


def geomean(xs: list[float]) -> float | None:
    xs = [x for x in xs if x > 0]
    return math.exp(sum(map(math.log, xs)) / len(xs)) if xs else None


def evaluators(args: argparse.Namespace) -> tuple[list[str], list[str]]:
    """The names (`--names`, or the programs' own) and programs of the `--eval` evaluators."""
    names = args.names.split(",") if args.names else [Path(e).name for e in args.evals]
    if len(names) != len(args.evals):
        sys.exit("--names needs one name per --eval")
    return names, [resolve_binary(e) for e in args.evals]


def make_shims(binaries: list[str], prefix: str) -> list[Path]:
    """For each evaluator, a new directory where it is `nix-instantiate`: a shell suite finds
    it first on `PATH`. The caller removes them."""
    shims = []
    for b in binaries:
        d = Path(tempfile.mkdtemp(prefix=prefix))
        (d / "nix-instantiate").symlink_to(b)
        shims.append(d)
    return shims


def run(args: argparse.Namespace) -> None:
    trees = Path(args.trees).resolve()
    names, binaries = evaluators(args)
    chosen = [w for w in WORKLOAD_LIST if not args.only or w.name in args.only.split(",")]
    if not chosen:
        sys.exit("no workload chosen")
    for w in chosen:
        if not Path(expand(w.cwd, trees)).exists():
            sys.exit(f"{w.name}: {expand(w.cwd, trees)} is missing; run `{sys.argv[0]} prepare` first")
    if args.runs < 1 and not args.callgrind:
        sys.exit("--runs 0 measures nothing without --callgrind")
    shims = make_shims(binaries, "nixvm-realworld-")

    samples: dict[tuple[str, int], list[Sample]] = {}
    for r in range(args.runs):
        for w in chosen:
            order = list(range(len(binaries)))
            order = order[r % len(order):] + order[:r % len(order)]
            for i in order:
                argv, env = workload_command(w, binaries[i], shims[i], trees)
                s = run_once(argv, Path(expand(w.cwd, trees)), env, args.timeout)
                if w.summary is not None and s.status.startswith("rc=") and re.search(w.summary, s.output):
                    # A suite with failing cases exits 1; its counts are its result.
                    s.status = "ok"
                samples.setdefault((w.name, i), []).append(s)
                if not args.quiet:
                    print(f"  run {r + 1}/{args.runs} {w.name} {names[i]}: {s.wall:.2f}s "
                          f"{s.rss_kb / 1024:.0f} MiB {s.status}", file=sys.stderr)
    counted: dict[tuple[str, int], int | None] = {}
    if args.callgrind:
        for w in chosen:
            for i, b in enumerate(binaries):
                counted[(w.name, i)] = instructions(w, b, shims[i], trees, args.timeout)
                if not args.quiet:
                    print(f"  callgrind {w.name} {names[i]}: {counted[(w.name, i)]}", file=sys.stderr)
    for d in shims:
        shutil.rmtree(d)
    if args.runs < 1:
        print_counts(chosen, names, counted)
        return

    header = ["workload"]
    for i, n in enumerate(names):
        header += [f"{n} s", f"{n} MiB"] + ([f"{n} Ginstr"] if args.callgrind else [])
        header += [f"{n} time", f"{n} mem", f"{n} out"] if i else []
    rows = []
    time_ratios: dict[int, list[float]] = {i: [] for i in range(1, len(names))}
    mem_ratios: dict[int, list[float]] = {i: [] for i in range(1, len(names))}
    results = []
    for w in chosen:
        row = [w.name]
        ref = samples[(w.name, 0)]
        ref_t = statistics.median(s.wall for s in ref)
        ref_m = max(s.rss_kb for s in ref) / 1024
        ref_out = comparable(w, ref[-1])
        entry = {"workload": w.name, "what": w.what, "evaluators": []}
        for i, n in enumerate(names):
            ss = samples[(w.name, i)]
            t = statistics.median(s.wall for s in ss)
            m = max(s.rss_kb for s in ss) / 1024
            out = comparable(w, ss[-1])
            status = ss[-1].status
            row += [f"{t:.3f}", f"{m:.0f}"]
            if args.callgrind:
                c = counted[(w.name, i)]
                row.append("-" if c is None else f"{c / 1e9:.2f}")
            same = out == ref_out and status == "ok" and ref[-1].status == "ok"
            if i:
                verdict = ("same" if same else "ref fails" if ref[-1].status != "ok"
                           else "fails" if status != "ok" else "differs")
                row += [f"{t / ref_t:.2f}x", f"{m / ref_m:.2f}x", verdict]
                if same:
                    time_ratios[i].append(t / ref_t)
                    mem_ratios[i].append(m / ref_m)
            entry["evaluators"].append({"name": n, "median_s": t, "peak_mib": m, "status": status,
                                        "same_output": same, "output": out[-400:],
                                        "error": ss[-1].error})
        rows.append(row)
        results.append(entry)

    widths = [max(len(h), *(len(r[c]) for r in rows)) for c, h in enumerate(header)]
    print("  ".join(h.ljust(wd) if c == 0 else h.rjust(wd) for c, (h, wd) in enumerate(zip(header, widths))))
    for r in rows:
        print("  ".join(x.ljust(wd) if c == 0 else x.rjust(wd) for c, (x, wd) in enumerate(zip(r, widths))))
    for i in range(1, len(names)):
        gt, gm = geomean(time_ratios[i]), geomean(mem_ratios[i])
        if gt is not None:
            print(f"{names[i]} / {names[0]}: geomean time {gt:.2f}x, geomean peak memory {gm:.2f}x, "
                  f"over {len(time_ratios[i])} workloads with matching output; "
                  f"worst time {max(time_ratios[i]):.2f}x, worst memory {max(mem_ratios[i]):.2f}x")
    for entry in results:
        for e in entry["evaluators"]:
            if e["status"] != "ok" or not e["same_output"]:
                print(f"  {entry['workload']} / {e['name']}: {e['status']} {e['error']}")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(results, indent=2))


def print_counts(chosen: list[Workload], names: list[str],
                 counted: dict[tuple[str, int], int | None]) -> None:
    """The instruction counts alone (`--runs 0 --callgrind`), with each one's ratio to the
    first evaluator's."""
    header = "workload".ljust(28) + f"{names[0] + ' Ginstr':>16}"
    print(header + "".join(f"{n + ' Ginstr':>16}{n + ' ratio':>12}" for n in names[1:]))
    for w in chosen:
        ref = counted[(w.name, 0)]
        line = w.name.ljust(28) + ("-" if ref is None else f"{ref / 1e9:.3f}").rjust(16)
        for i in range(1, len(names)):
            c = counted[(w.name, i)]
            line += ("-" if c is None else f"{c / 1e9:.3f}").rjust(16)
            line += ("-" if c is None or not ref else f"{c / ref:.3f}x").rjust(12)
        print(line)


def command_line(doc: str, trees: list[Tree], what: str, listing: list[str],
                 add_run_options, run_them) -> None:
    """The commands `prepare` (the `trees`), `run` (the `what`: the options every runner
    has, then `add_run_options`'s; `run_them` runs) and `list` (prints `listing`)."""
    p = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    pp = sub.add_parser("prepare", help="fetch the pinned trees")
    pp.add_argument("--trees", default=str(HERE / "trees"))
    pp.add_argument("--mirror", help="clone OWNER/REPO from DIR/OWNER+REPO/repo instead of GitHub")
    pr = sub.add_parser("run", help=f"run the {what}")
    pr.add_argument("--eval", dest="evals", action="append", required=True, metavar="CMD")
    pr.add_argument("--names")
    pr.add_argument("--trees", default=str(HERE / "trees"))
    pr.add_argument("--json", dest="json_out")
    pr.add_argument("--quiet", action="store_true")
    add_run_options(pr)
    sub.add_parser("list", help=f"list the {what}")
    args = p.parse_args()
    if args.command == "prepare":
        where = Path(args.trees).resolve()
        where.mkdir(parents=True, exist_ok=True)
        for t in trees:
            prepare_tree(t, where, Path(args.mirror) if args.mirror else None)
    elif args.command == "list":
        for line in listing:
            print(line)
    else:
        run_them(args)


def main() -> None:
    def options(pr: argparse.ArgumentParser) -> None:
        pr.add_argument("--runs", type=int, default=3)
        pr.add_argument("--only", help="comma-separated workload names")
        pr.add_argument("--timeout", type=float, default=600.0)
        pr.add_argument("--callgrind", action="store_true",
                        help="also count instructions once per workload and evaluator (slow, but stable); "
                             "with --runs 0, only count them")

    command_line(__doc__, TREES, "workloads", [f"{w.name:30} {w.what}" for w in WORKLOAD_LIST],
                 options, run)


if __name__ == "__main__":
    main()
