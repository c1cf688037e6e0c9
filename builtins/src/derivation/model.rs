//! A store derivation as Nix writes it to a `.drv` file, and its ATerm serialisation.
//!
//! ```text
//! Derive([("out","/nix/store/…-x","",""),…],   outputs: name, path, method+algo, hash
//!        [("/nix/store/…-y.drv",["out"]),…],   input derivations and their outputs
//!        ["/nix/store/…-src",…],              input sources
//!        "x86_64-linux","/bin/sh",["-c","…"], platform, builder, arguments
//!        [("name","value"),…])                 environment
//! ```
//!
//! Everything is sorted (Nix keeps these in ordered maps and sets). The builder, arguments
//! and environment are escaped; paths, output fields and the platform are written as they
//! are.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use nixvm_hash::{Hash, HashAlgo, HashFormat};
use nixvm_value::NixString;

/// How a content-addressed output's contents are hashed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// The file itself (`outputHashMode = "flat"`).
    Flat,
    /// Its NAR serialisation (`"recursive"` or `"nar"`).
    Nar,
    /// A text file, which may refer to other store paths (`"text"`).
    Text,
}

impl Method {
    /// Nix's prefix before the algorithm name in a `.drv` (`r:sha256`).
    pub fn prefix(self) -> &'static str {
        match self {
            Method::Flat => "",
            Method::Nar => "r:",
            Method::Text => "text:",
        }
    }
}

/// One output of a derivation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    /// Its path follows from the derivation's inputs.
    InputAddressed(String),
    /// Its contents are known in advance (a fixed-output derivation); `path` follows from
    /// them, and is kept as it is written several times.
    Fixed {
        method: Method,
        hash: Hash,
        path: String,
    },
    /// Content-addressed, path known only after the build (`__contentAddressed`).
    Floating { method: Method, algo: HashAlgo },
    /// Input-addressed, but the path is not known yet (it depends on a floating output).
    Deferred,
    /// Built without a sandbox, never cached (`__impure`).
    Impure { method: Method, algo: HashAlgo },
}

/// A derivation. Strings are bytes, as Nix strings are.
#[derive(Clone, Debug, Default)]
pub struct Derivation {
    pub name: String,
    pub outputs: BTreeMap<String, Output>,
    pub input_drvs: BTreeMap<String, BTreeSet<String>>,
    pub input_srcs: BTreeSet<String>,
    pub platform: Vec<u8>,
    pub builder: Vec<u8>,
    pub args: Vec<Vec<u8>>,
    /// The environment. A variable named after an attribute has the name's interned text,
    /// and the attribute's string as its value: neither is copied.
    pub env: BTreeMap<EnvName, NixString>,
    /// The JSON text of the structured attributes, written as the `__json` variable.
    pub structured_attrs: Option<Vec<u8>>,
}

/// The name of an environment variable: an attribute's (borrowed from the interned name)
/// or one made here.
pub type EnvName = Cow<'static, [u8]>;

/// The name of an output's store path: the derivation's name, with `-OUTPUT` unless the
/// output is `out`.
pub fn output_path_name(drv_name: &str, output: &str) -> String {
    if output == "out" {
        drv_name.to_string()
    } else {
        format!("{drv_name}-{output}")
    }
}

fn quoted(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    out.extend_from_slice(s);
    out.push(b'"');
}

/// Flags (the high bit of a byte) on the bytes of `w` that may need escaping: `"`, `\` and
/// those below 14 (`\t`, `\n`, `\r`, and a few written as they are). No flag when there is
/// no such byte, and the lowest flag is always on one: a borrow can set a wrong flag only
/// above a right one.
fn candidates(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH;
    below(w, 14) | below(w ^ (ONES * u64::from(b'"')), 1) | below(w ^ (ONES * u64::from(b'\\')), 1)
}

fn escaped(out: &mut Vec<u8>, s: &[u8]) {
    // Copied in runs between the bytes that need escaping, found eight bytes at a time:
    // environments hold whole scripts, and writing them was most of the time spent writing
    // a derivation.
    out.reserve(s.len() + 2);
    out.push(b'"');
    let mut run = 0;
    let mut i = 0;
    loop {
        let at = loop {
            if let Some(word) = s[i..].first_chunk::<8>() {
                match candidates(u64::from_le_bytes(*word)) {
                    0 => i += 8,
                    flags => break i + (flags.trailing_zeros() / 8) as usize,
                }
            } else {
                match s[i..]
                    .iter()
                    .position(|&c| c < 14 || c == b'"' || c == b'\\')
                {
                    Some(p) => break i + p,
                    None => {
                        out.extend_from_slice(&s[run..]);
                        out.push(b'"');
                        return;
                    }
                }
            }
        };
        let escape: &[u8] = match s[at] {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            _ => b"",
        };
        if !escape.is_empty() {
            out.extend_from_slice(&s[run..at]);
            out.extend_from_slice(escape);
            run = at + 1;
        }
        i = at + 1;
    }
}

/// Writes `[a,b,…]`, each item with `item`.
fn list<T>(
    out: &mut Vec<u8>,
    items: impl IntoIterator<Item = T>,
    mut item: impl FnMut(&mut Vec<u8>, T),
) {
    out.push(b'[');
    for (i, x) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        item(out, x);
    }
    out.push(b']');
}

/// The environment as the ATerm writes it, escaped once for the three texts made of one
/// derivation (its hash modulo with the outputs masked, its `.drv`, its hash modulo): only
/// the variables named after outputs change between them, and they are written each time.
pub struct EnvText {
    /// The entries `("name","value")` separated by commas, with nothing where an output's
    /// variable goes.
    text: Vec<u8>,
    /// Where in `text` each output's variable goes, and its name.
    outputs: Vec<(usize, Vec<u8>)>,
    /// How many variables there are, to check that only values changed since.
    len: usize,
}

impl Derivation {
    /// The environment's text. Until it is used, only the values of the variables named
    /// after outputs may change.
    pub fn env_text(&self) -> EnvText {
        let json_key: &[u8] = b"__json";
        let mut env: Vec<(&[u8], &[u8])> = self
            .env
            .iter()
            .map(|(k, v)| (k.as_ref(), v.as_bytes()))
            .collect();
        if let Some(json) = &self.structured_attrs {
            env.retain(|(k, _)| *k != json_key);
            env.push((json_key, json));
            env.sort_unstable();
        }
        let mut text = Vec::with_capacity(env.iter().map(|(k, v)| k.len() + v.len() + 6).sum());
        let mut outputs = Vec::new();
        for (i, (k, v)) in env.iter().enumerate() {
            if i > 0 {
                text.push(b',');
            }
            if std::str::from_utf8(k).is_ok_and(|k| self.outputs.contains_key(k)) {
                outputs.push((text.len(), k.to_vec()));
                continue;
            }
            text.push(b'(');
            escaped(&mut text, k);
            text.push(b',');
            escaped(&mut text, v);
            text.push(b')');
        }
        EnvText {
            text,
            outputs,
            len: self.env.len(),
        }
    }

    /// The path of a fixed output, given how to compute it.
    pub fn fixed_output_path(
        &self,
        store_dir: &str,
        output: &str,
        method: Method,
        hash: &Hash,
    ) -> String {
        super::paths::fixed_output_path(
            store_dir,
            &output_path_name(&self.name, output),
            method,
            hash,
        )
    }

    /// The ATerm text. With `mask_outputs`, output paths and the environment variables
    /// named after outputs are blanked (the form hashed to compute input-addressed paths);
    /// `input_hashes` replaces the input derivations by their hashes modulo.
    pub fn unparse(
        &self,
        mask_outputs: bool,
        input_hashes: Option<&BTreeMap<String, BTreeSet<String>>>,
    ) -> Vec<u8> {
        self.unparse_with(mask_outputs, input_hashes, &self.env_text())
    }

    /// [`Derivation::unparse`], with the environment's text made before.
    pub fn unparse_with(
        &self,
        mask_outputs: bool,
        input_hashes: Option<&BTreeMap<String, BTreeSet<String>>>,
        env: &EnvText,
    ) -> Vec<u8> {
        debug_assert_eq!(env.len, self.env.len(), "variables added since the text");
        let mut s = Vec::with_capacity(env.text.len() + 1024);
        s.extend_from_slice(b"Derive(");
        list(&mut s, &self.outputs, |s, (name, out)| {
            let (path, algo, hash) = match out {
                Output::InputAddressed(p) => (p.clone(), String::new(), String::new()),
                Output::Fixed { method, hash, path } => (
                    path.clone(),
                    format!("{}{}", method.prefix(), hash.algo.name()),
                    hash.to_string(HashFormat::Base16, false),
                ),
                Output::Floating { method, algo } => (
                    String::new(),
                    format!("{}{}", method.prefix(), algo.name()),
                    String::new(),
                ),
                Output::Deferred => (String::new(), String::new(), String::new()),
                Output::Impure { method, algo } => (
                    String::new(),
                    format!("{}{}", method.prefix(), algo.name()),
                    "impure".to_string(),
                ),
            };
            s.push(b'(');
            quoted(s, name.as_bytes());
            s.push(b',');
            quoted(s, if mask_outputs { b"" } else { path.as_bytes() });
            s.push(b',');
            quoted(s, algo.as_bytes());
            s.push(b',');
            quoted(s, hash.as_bytes());
            s.push(b')');
        });
        s.push(b',');
        let inputs = input_hashes.unwrap_or(&self.input_drvs);
        list(&mut s, inputs, |s, (path, outputs)| {
            s.push(b'(');
            quoted(s, path.as_bytes());
            s.push(b',');
            list(s, outputs, |s, o| quoted(s, o.as_bytes()));
            s.push(b')');
        });
        s.push(b',');
        list(&mut s, &self.input_srcs, |s, p| quoted(s, p.as_bytes()));
        s.push(b',');
        quoted(&mut s, &self.platform);
        s.push(b',');
        escaped(&mut s, &self.builder);
        s.push(b',');
        list(&mut s, &self.args, |s, a| escaped(s, a));
        s.push(b',');
        s.push(b'[');
        let mut copied = 0;
        for (at, k) in &env.outputs {
            s.extend_from_slice(&env.text[copied..*at]);
            copied = *at;
            let v = match (&self.structured_attrs, self.env.get(k.as_slice())) {
                _ if mask_outputs => &[][..],
                (Some(json), _) if k == b"__json" => json.as_slice(),
                (_, v) => v.map_or(&[][..], |v| v.as_bytes()),
            };
            s.push(b'(');
            escaped(&mut s, k);
            s.push(b',');
            escaped(&mut s, v);
            s.push(b')');
        }
        s.extend_from_slice(&env.text[copied..]);
        s.extend_from_slice(b"])");
        s
    }

    /// The store paths a `.drv` file refers to: its sources and input derivations.
    pub fn references(&self) -> Vec<String> {
        self.input_srcs
            .iter()
            .chain(self.input_drvs.keys())
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(n: &'static [u8]) -> EnvName {
        Cow::Borrowed(n)
    }

    #[test]
    fn escaped_writes_each_special_byte_and_the_runs_between() {
        let mut out = Vec::new();
        escaped(&mut out, b"\"a\\b\n\r\tc\"\"");
        assert_eq!(out, br#""\"a\\b\n\r\tc\"\"""#);
        out.clear();
        escaped(&mut out, b"");
        assert_eq!(out, b"\"\"");
        out.clear();
        escaped(&mut out, "plain \u{e9}t\u{e9}".as_bytes());
        assert_eq!(out, "\"plain \u{e9}t\u{e9}\"".as_bytes());
    }

    #[test]
    fn escaped_matches_a_byte_by_byte_escape_at_every_offset() {
        const ESCAPES: [(u8, &[u8]); 5] = [
            (b'"', b"\\\""),
            (b'\\', b"\\\\"),
            (b'\n', b"\\n"),
            (b'\r', b"\\r"),
            (b'\t', b"\\t"),
        ];
        let naive = |s: &[u8]| {
            let mut out = vec![b'"'];
            for &c in s {
                match ESCAPES.iter().find(|(e, _)| *e == c) {
                    Some((_, e)) => out.extend_from_slice(e),
                    None => out.push(c),
                }
            }
            out.push(b'"');
            out
        };
        // Runs of every length between specials, and low bytes written as they are.
        let mut s = Vec::new();
        let mut x: u32 = 1;
        for _ in 0..4000 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            s.push(b"ab\"\\\n\r\t\x01\x0b\x0e\x8a\xdc\xe2\xff"[(x >> 16) as usize % 14]);
            if x.is_multiple_of(7) {
                s.extend_from_slice(&b"0123456789abcdefghij"[..(x >> 8) as usize % 20]);
            }
        }
        let mut out = Vec::new();
        escaped(&mut out, &s);
        assert_eq!(out, naive(&s));
        // Every byte value, each at every position within a word, among plain bytes.
        for c in 0..=255u8 {
            for at in 0..20 {
                let mut s = b"abcdefghijklmnopqrstuvwxyz".to_vec();
                s[at] = c;
                s.push(c);
                let mut out = Vec::new();
                escaped(&mut out, &s);
                assert_eq!(out, naive(&s), "byte {c} at {at}");
            }
        }
    }

    #[test]
    fn aterm_escapes_only_builder_args_and_env() {
        let mut d = Derivation {
            name: "x".into(),
            platform: b"sys".to_vec(),
            builder: b"/bin/\"sh\"".to_vec(),
            args: vec![b"a\nb".to_vec()],
            ..Derivation::default()
        };
        d.outputs.insert(
            "out".into(),
            Output::InputAddressed("/nix/store/p-x".into()),
        );
        d.env
            .insert(name(b"out"), NixString::new(b"/nix/store/p-x"));
        d.env.insert(name(b"k"), NixString::new(b"t\tv"));
        let text = String::from_utf8(d.unparse(false, None)).unwrap();
        assert_eq!(
            text,
            r#"Derive([("out","/nix/store/p-x","","")],[],[],"sys","/bin/\"sh\"",["a\nb"],[("k","t\tv"),("out","/nix/store/p-x")])"#
        );
        let masked = String::from_utf8(d.unparse(true, None)).unwrap();
        assert!(masked.starts_with(r#"Derive([("out","","","")]"#));
        assert!(masked.ends_with(r#"("out","")])"#));
    }

    #[test]
    fn an_environment_text_made_early_sees_the_outputs_filled_in_later() {
        let mut d = Derivation {
            name: "x".into(),
            platform: b"sys".to_vec(),
            builder: b"/bin/sh".to_vec(),
            ..Derivation::default()
        };
        d.outputs.insert("dev".into(), Output::Deferred);
        d.outputs.insert("out".into(), Output::Deferred);
        d.env.insert(name(b"a"), NixString::new(b"line\n\"q\""));
        d.env.insert(name(b"dev"), NixString::new(b""));
        d.env.insert(name(b"m"), NixString::new(b"v"));
        d.env.insert(name(b"out"), NixString::new(b""));
        d.env.insert(name(b"z"), NixString::new(b"w"));
        let env = d.env_text();
        assert_eq!(d.unparse_with(true, None, &env), d.unparse(true, None));
        for o in ["dev", "out"] {
            let path = format!("/nix/store/p-x-{o}");
            d.env
                .insert(o.as_bytes().to_vec().into(), NixString::from(path.as_str()));
            d.outputs.insert(o.into(), Output::InputAddressed(path));
        }
        for mask in [false, true] {
            assert_eq!(d.unparse_with(mask, None, &env), d.unparse(mask, None));
        }
        d.structured_attrs = Some(b"{}".to_vec());
        let env = d.env_text();
        let text = String::from_utf8(d.unparse_with(false, None, &env)).unwrap();
        assert!(
            text.contains(r#"("__json","{}"),("a","line\n\"q\""),("dev","/nix/store/p-x-dev")"#)
        );
    }
}
