//! Hashes as Nix values: `hashString` and `convertHash` (`hashFile` and `placeholder` are with
//! the file and derivation builtins).
//!
//! The digests and encodings live in [`nixvm_hash`]; this file only checks arguments the
//! way Nix does and picks the output format (base-16 unless asked otherwise).

use nixvm_value::expect::{expect_attrs, expect_string};
use nixvm_value::{Error, GenCo, Host, NixAttrs, Symbol, Value};

use crate::support::args::{self, in_arg, in_context, no_context};
use nixvm_hash::{Hash, HashAlgo, HashFormat};

fn hash_error(e: nixvm_hash::HashError) -> Error {
    Error::eval(e.to_string())
}

/// The algorithm named by argument 0.
fn algo_arg(a: &[Value], builtin: &str) -> Result<HashAlgo, Error> {
    let name = args::string_no_ctx_arg(a, 0, builtin)?;
    HashAlgo::parse(&name.to_str_lossy()).map_err(hash_error)
}

fn hash_string(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let algo = algo_arg(a, "hashString")?;
    // The string's context does not matter to its hash.
    let s = args::string(a, 1, "hashString")?;
    let h = Hash::digest(algo, s.as_bytes());
    Ok(Value::string(h.to_string(HashFormat::Base16, false)))
}

/// Attribute `name` of `set`, which must be there ("while locating the attribute 'hash'").
fn required<'a>(set: &'a NixAttrs, name: &str) -> Result<&'a Value, Error> {
    set.get(Symbol::new(name)).ok_or_else(|| {
        Error::eval(format!("attribute '{name}' missing"))
            .with_trace(None, format!("while locating the attribute '{name}'"))
    })
}

/// The string value of attribute `name`, without context.
async fn string_attr(co: &GenCo, v: &Value, name: &str) -> Result<String, Error> {
    let v = co.force(v.clone()).await;
    let s = in_context(
        expect_string(&v).and_then(no_context),
        &format!("while evaluating the attribute '{name}'"),
    )?;
    Ok(s.to_str_lossy().into_owned())
}

async fn convert_hash(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let set = co.force(a[0].clone()).await;
    let set = in_arg(expect_attrs(&set), 0, "convertHash")?;
    let hash = string_attr(&co, required(&set, "hash")?, "hash").await?;
    let algo = match set.get(Symbol::new("hashAlgo")) {
        Some(v) => {
            let name = string_attr(&co, v, "hashAlgo").await?;
            Some(HashAlgo::parse(&name).map_err(hash_error)?)
        }
        None => None,
    };
    let format_name = string_attr(&co, required(&set, "toHashFormat")?, "toHashFormat").await?;
    let format = HashFormat::parse(&format_name).map_err(hash_error)?;
    if let Some(warning) = HashFormat::deprecation_warning(&format_name) {
        co.host(move |h| h.nix_warning(warning)).await;
    }
    let h = Hash::parse(&hash, algo).map_err(hash_error)?;
    Ok(Value::string(
        h.to_string(format, format == HashFormat::Sri),
    ))
}

builtins! {
    /// Return the base-16 hash of the string `s` with the algorithm `algo` ("md5", "sha1",
    /// "sha256" or "sha512").
    HASH_STRING = "hashString"(algo: strict, s: strict) => hash_string;
    /// Convert the hash `args.hash` (of algorithm `args.hashAlgo`, unless the hash says) to
    /// the format `args.toHashFormat`: "base16", "nix32", "base32", "base64" or "sri".
    CONVERT_HASH = "convertHash"(args) => gen convert_hash;
}
