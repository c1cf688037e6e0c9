//! A minimal interactive session: each line is evaluated and its value printed.

use std::io::{BufRead, Write};

use nixvm::Evaluator;

pub fn run(ev: &mut Evaluator) -> i32 {
    let stdin = std::io::stdin();
    let cwd = super::cli::current_dir();
    println!(
        "nixvm {} — type an expression, or :q to quit.",
        env!("CARGO_PKG_VERSION")
    );
    loop {
        print!("nixvm> ");
        let _ = std::io::stdout().flush();
        let mut line = String::new();
        match stdin.lock().read_line(&mut line) {
            Ok(0) => {
                println!();
                return 0;
            }
            Ok(_) => {}
            Err(e) => {
                eprintln!("error: reading input: {e}");
                return 1;
            }
        }
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line == ":q" || line == ":quit" {
            return 0;
        }
        let result = ev
            .eval_source(line, "«string»", &cwd)
            .and_then(|v| ev.print(&v, false));
        match result {
            Ok(s) => println!("{s}"),
            Err(e) => eprintln!("{}", e.rendered()),
        }
    }
}
