//! The store paths of a derivation: its outputs' and its own, from its *hash modulo*.
//!
//! An input-addressed output's path is a hash of the derivation with its output paths
//! blanked and every input derivation replaced by that input's own hash modulo, so that
//! the path does not change when a fixed-output input changes only in how it is fetched.
//! Input derivations must therefore be known: nixvm remembers the hash modulo of every
//! derivation it instantiates ([`KnownDerivations`]), where Nix would read the `.drv` back
//! from its store.

use std::collections::{BTreeMap, BTreeSet};

use nixvm_value::{Error, NixString};
use rustc_hash::FxHashMap;

use super::model::{Derivation, EnvText, Method, Output, output_path_name};
use nixvm_hash::{
    Hash, HashAlgo, HashFormat, make_fixed_output_path, make_path_type, make_store_path,
};

/// The hash modulo of a derivation, per output.
#[derive(Clone, Debug)]
pub struct DrvHash {
    pub hashes: BTreeMap<String, Hash>,
    /// Whether the paths depend on an output known only after a build (content-addressed).
    pub deferred: bool,
}

/// What nixvm remembers of a derivation it instantiated.
#[derive(Clone, Debug)]
pub struct Known {
    pub hash: DrvHash,
    /// Each output's hash modulo in base 16, as the derivations that take it as an input
    /// write it in the text they hash: encoded once here, not for each of them.
    pub base16: BTreeMap<String, String>,
    /// Each output, with its path if it is known before building.
    pub outputs: BTreeMap<String, Option<String>>,
}

/// The derivations this evaluator instantiated, by `.drv` path.
#[derive(Default)]
pub struct KnownDerivations(pub FxHashMap<String, Known>);

impl Known {
    /// What to remember of a derivation with this hash modulo and these outputs.
    pub fn new(hash: DrvHash, outputs: BTreeMap<String, Option<String>>) -> Known {
        let base16 = hash
            .hashes
            .iter()
            .map(|(o, h)| (o.clone(), h.to_string(HashFormat::Base16, false)))
            .collect();
        Known {
            hash,
            base16,
            outputs,
        }
    }
}

/// The path of a fixed output named `name`.
pub fn fixed_output_path(store_dir: &str, name: &str, method: Method, hash: &Hash) -> String {
    match method {
        Method::Text => make_store_path(store_dir, &make_path_type("text", &[], false), hash, name),
        Method::Flat | Method::Nar => {
            // Without references this cannot fail.
            make_fixed_output_path(store_dir, name, method == Method::Nar, hash, &[])
                .unwrap_or_default()
        }
    }
}

/// The path of an input-addressed output.
pub fn output_path(store_dir: &str, drv_name: &str, output: &str, hash: &Hash) -> String {
    make_store_path(
        store_dir,
        &format!("output:{output}"),
        hash,
        &output_path_name(drv_name, output),
    )
}

/// What stands for an output whose path is known only after the build.
pub fn downstream_placeholder(drv_path: &str, drv_name: &str, output: &str) -> String {
    let base = drv_path.rsplit('/').next().unwrap_or(drv_path);
    let hash_part = base.get(..32).unwrap_or(base);
    let clear = format!(
        "nix-upstream-output:{hash_part}:{}",
        output_path_name(drv_name, output)
    );
    format!(
        "/{}",
        Hash::digest(HashAlgo::Sha256, clear.as_bytes()).to_string(HashFormat::Nix32, false)
    )
}

fn unknown_input(path: &str) -> Error {
    Error::new(nixvm_value::ErrorKind::Unsupported(format!(
        "cannot compute the hash of derivation '{path}': nixvm knows only the derivations \
         it instantiated itself (it has no store to read others from)"
    )))
}

/// Nix's `hashDerivationModulo`; `env` is the text of `drv`'s environment.
pub fn hash_modulo(
    drv: &Derivation,
    mask_outputs: bool,
    known: &KnownDerivations,
    env: &EnvText,
) -> Result<DrvHash, Error> {
    let all = |f: fn(&Output) -> bool| drv.outputs.values().all(f);
    if all(|o| matches!(o, Output::Fixed { .. })) {
        let mut hashes = BTreeMap::new();
        for (name, out) in &drv.outputs {
            if let Output::Fixed { method, hash, path } = out {
                let text = format!(
                    "fixed:out:{}{}:{}:{path}",
                    method.prefix(),
                    hash.algo.name(),
                    hash.to_string(HashFormat::Base16, false)
                );
                hashes.insert(
                    name.clone(),
                    Hash::digest(HashAlgo::Sha256, text.as_bytes()),
                );
            }
        }
        return Ok(DrvHash {
            hashes,
            deferred: false,
        });
    }
    if all(|o| matches!(o, Output::Impure { .. })) {
        let h = Hash::digest(HashAlgo::Sha256, b"impure");
        return Ok(DrvHash {
            hashes: drv.outputs.keys().map(|k| (k.clone(), h.clone())).collect(),
            deferred: true,
        });
    }
    let mut deferred = drv
        .outputs
        .values()
        .any(|o| matches!(o, Output::Floating { .. }));
    let mut inputs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, outputs) in &drv.input_drvs {
        let input = known.0.get(path).ok_or_else(|| unknown_input(path))?;
        deferred |= input.hash.deferred;
        for o in outputs {
            let h = input.base16.get(o).ok_or_else(|| {
                Error::eval(format!(
                    "no hash for output '{o}' of derivation '{}'",
                    drv.name
                ))
            })?;
            inputs.entry(h.clone()).or_default().insert(o.clone());
        }
    }
    let text = drv.unparse_with(mask_outputs, Some(&inputs), env);
    let h = Hash::digest(HashAlgo::Sha256, &text);
    Ok(DrvHash {
        hashes: drv.outputs.keys().map(|k| (k.clone(), h.clone())).collect(),
        deferred,
    })
}

/// Gives the deferred outputs of an input-addressed derivation their paths, in the outputs
/// and in the environment, unless they depend on a content-addressed input.
pub fn fill_in_output_paths(
    drv: &mut Derivation,
    store_dir: &str,
    known: &KnownDerivations,
    env: &EnvText,
) -> Result<(), Error> {
    let h = hash_modulo(drv, true, known, env)?;
    if h.deferred {
        return Ok(());
    }
    let names: Vec<String> = drv.outputs.keys().cloned().collect();
    for name in names {
        let hash = h.hashes.get(&name).ok_or_else(|| {
            Error::eval(format!("derivation produced no hash for output '{name}'"))
        })?;
        let path = output_path(store_dir, &drv.name, &name, hash);
        drv.env.insert(
            name.as_bytes().to_vec().into(),
            NixString::from(path.as_str()),
        );
        drv.outputs.insert(name, Output::InputAddressed(path));
    }
    Ok(())
}

/// The path an output has (`None` if it is known only after the build).
pub fn output_path_of(drv: &Derivation, name: &str) -> Option<String> {
    match drv.outputs.get(name)? {
        Output::InputAddressed(p) => Some(p.clone()),
        Output::Fixed { path, .. } => Some(path.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nixvm_hash::nix32;

    #[test]
    fn placeholders_are_nix32_sha256() {
        let p = downstream_placeholder(
            "/nix/store/00000000000000000000000000000000-x.drv",
            "x",
            "out",
        );
        assert_eq!(p.len(), 53);
        assert!(p[1..].bytes().all(|c| nix32::ALPHABET.contains(&c)));
    }
}
