//! Prints the program the generator makes of each file given (a crash the `generated`
//! target found, say: `--huge` makes them as that target does), or with `--random N`, of N
//! random inputs, each ended by a NUL byte.

#![forbid(unsafe_code)]

use std::io::Write as _;

use nixvm_fuzz::program::{Options, generate};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    // As the `generated` target makes them, huge sizes included.
    let huge = args.first().is_some_and(|a| a == "--huge");
    if huge {
        args.remove(0);
    }
    let opts = Options {
        huge,
        ..Options::default()
    };
    let mut out = std::io::stdout().lock();
    if let [flag, n] = args.as_slice()
        && flag == "--random"
    {
        let n: u64 = n.parse().expect("--random N");
        let mut rng = nixvm_fuzz::source::Rng::new(n);
        for _ in 0..n {
            let len = 64 + rng.below(1000) as usize;
            let data = rng.bytes(len);
            let _ = write!(out, "{}\0", generate(&data, &opts));
        }
        return;
    }
    for path in args {
        let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let _ = writeln!(out, "{}", generate(&data, &opts));
    }
}
