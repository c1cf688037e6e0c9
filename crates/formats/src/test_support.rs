//! What the JSON and TOML tests share: the dump the oracle's results were recorded in,
//! and a small generator of documents.

use crate::data::Data;
use crate::json::{to_json, write_json_string};

/// What Nix makes of a document, in the notation the oracle's results were recorded in:
/// ints as `i:N`, floats as `f:` and Nix's `%g` text, strings and keys through `toJSON`,
/// objects as attribute sets (sorted names, the last of duplicate keys). The Nix side is
/// `show = v: if list … "[" + concatStringsSep "," (map show v) + "]" …`.
pub fn show(d: &Data) -> String {
    match d {
        Data::Int(v) => format!("i:{v}"),
        // The dumps were recorded with 2.8's `%g` float text.
        Data::Float(f) => format!("f:{}", nixvm_value::fmt::format_float(*f)),
        Data::List(items) => {
            let parts: Vec<String> = items.iter().map(show).collect();
            format!("[{}]", parts.join(","))
        }
        Data::Object(entries) => {
            let mut attrs = std::collections::BTreeMap::new();
            for (k, v) in entries {
                attrs.insert(k.clone(), v);
            }
            let parts: Vec<String> = attrs
                .iter()
                .map(|(k, v)| {
                    let mut key = Vec::new();
                    write_json_string(&mut key, k).unwrap();
                    format!("{}:{}", String::from_utf8_lossy(&key), show(v))
                })
                .collect();
            format!("{{{}}}", parts.join(","))
        }
        _ => String::from_utf8_lossy(&to_json(d).unwrap()).into_owned(),
    }
}

/// A small deterministic generator (xorshift64*), for reproducible documents.
pub struct Gen(pub u64);

impl Gen {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// Up to five pieces of `alphabet`, joined.
    pub fn text(&mut self, alphabet: &[&str]) -> Vec<u8> {
        (0..self.below(6))
            .flat_map(|_| alphabet[self.below(alphabet.len() as u64) as usize].bytes())
            .collect()
    }
}

/// Runs `f` on a thread with the usual 2 MiB main-thread-sized stack.
pub fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}
