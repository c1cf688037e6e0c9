//! Calls a function written in Nix with Rust data, and reads its result back into Rust:
//! no printing and parsing on the way.
//!
//! `cargo run --example call_function`

use serde::{Deserialize, Serialize};

#[derive(Serialize)]
pub struct Order {
    pub customer: String,
    pub items: Vec<Item>,
}

#[derive(Serialize)]
pub struct Item {
    pub name: String,
    pub price: u32,
    pub quantity: u32,
}

#[derive(Deserialize, Debug, PartialEq)]
pub struct Invoice {
    pub customer: String,
    pub total: u32,
    pub lines: Vec<String>,
}

/// The pricing rules, as a user might write them in Nix.
const RULES: &str = r#"
order:
let
  line = i: "${toString i.quantity} x ${i.name}";
  subtotal = builtins.foldl' (sum: i: sum + i.price * i.quantity) 0 order.items;
in {
  inherit (order) customer;
  # Ten percent off from 100 on.
  total = if subtotal >= 100 then subtotal - subtotal / 10 else subtotal;
  lines = map line order.items;
}
"#;

pub fn invoice(order: &Order) -> Result<Invoice, nixvm::Error> {
    let ev = nixvm::Evaluator::new();
    let rules = ev.eval_expr(RULES)?;
    let order = ev.to_value(order)?;
    rules.call([order])?.deserialize()
}

pub fn example_order() -> Order {
    Order {
        customer: "Ada".into(),
        items: vec![
            Item {
                name: "tea".into(),
                price: 30,
                quantity: 3,
            },
            Item {
                name: "cake".into(),
                price: 25,
                quantity: 1,
            },
        ],
    }
}

#[allow(dead_code)]
fn main() {
    match invoice(&example_order()) {
        Ok(invoice) => println!("{invoice:#?}"),
        Err(e) => {
            eprintln!("{}", e.rendered());
            std::process::exit(1);
        }
    }
}
