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

use std::collections::{BTreeMap, BTreeSet};

use nixvm_hash::{Hash, HashAlgo, HashFormat};

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
    /// Its contents are known in advance (a fixed-output derivation).
    Fixed { method: Method, hash: Hash },
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
    pub env: BTreeMap<Vec<u8>, Vec<u8>>,
    /// The JSON text of the structured attributes, written as the `__json` variable.
    pub structured_attrs: Option<Vec<u8>>,
}

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

fn escaped(out: &mut Vec<u8>, s: &[u8]) {
    // Copied in runs between the bytes that need escaping: environments hold whole scripts,
    // and a push per byte was most of the time spent writing a derivation.
    out.reserve(s.len() + 2);
    out.push(b'"');
    let mut run = 0;
    for (i, &c) in s.iter().enumerate() {
        let escape: &[u8] = match c {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            _ => continue,
        };
        out.extend_from_slice(&s[run..i]);
        out.extend_from_slice(escape);
        run = i + 1;
    }
    out.extend_from_slice(&s[run..]);
    out.push(b'"');
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

impl Derivation {
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
        store_dir: &str,
        mask_outputs: bool,
        input_hashes: Option<&BTreeMap<String, BTreeSet<String>>>,
    ) -> Vec<u8> {
        let mut s = Vec::with_capacity(1024);
        s.extend_from_slice(b"Derive(");
        list(&mut s, &self.outputs, |s, (name, out)| {
            let (path, algo, hash) = match out {
                Output::InputAddressed(p) => (p.clone(), String::new(), String::new()),
                Output::Fixed { method, hash } => (
                    self.fixed_output_path(store_dir, name, *method, hash),
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
        let json_key: &[u8] = b"__json";
        let mut env: Vec<(&[u8], &[u8])> = self
            .env
            .iter()
            .map(|(k, v)| (k.as_slice(), v.as_slice()))
            .collect();
        if let Some(json) = &self.structured_attrs {
            env.retain(|(k, _)| *k != json_key);
            env.push((json_key, json));
            env.sort_unstable();
        }
        list(&mut s, env, |s, (k, v)| {
            let blank =
                mask_outputs && std::str::from_utf8(k).is_ok_and(|k| self.outputs.contains_key(k));
            s.push(b'(');
            escaped(s, k);
            s.push(b',');
            escaped(s, if blank { b"" } else { v });
            s.push(b')');
        });
        s.push(b')');
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
        d.env.insert(b"out".to_vec(), b"/nix/store/p-x".to_vec());
        d.env.insert(b"k".to_vec(), b"t\tv".to_vec());
        let text = String::from_utf8(d.unparse("/nix/store", false, None)).unwrap();
        assert_eq!(
            text,
            r#"Derive([("out","/nix/store/p-x","","")],[],[],"sys","/bin/\"sh\"",["a\nb"],[("k","t\tv"),("out","/nix/store/p-x")])"#
        );
        let masked = String::from_utf8(d.unparse("/nix/store", true, None)).unwrap();
        assert!(masked.starts_with(r#"Derive([("out","","","")]"#));
        assert!(masked.ends_with(r#"("out","")])"#));
    }
}
