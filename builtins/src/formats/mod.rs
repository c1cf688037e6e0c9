//! Data formats: `fromJSON`, `toJSON`, `fromTOML`, `toXML`.
//!
//! The parsers (in `nixvm_formats`) produce a neutral [`Data`](nixvm_formats::Data) tree
//! that [`from_data`] turns into values; the printers ([`to_json`], [`to_xml`]) walk values
//! as generators, since printing forces what it prints.

pub mod from_data;
pub mod to_json;
pub mod to_xml;

use nixvm_value::memory;
use nixvm_value::{Error, GenCo, Host, NixString, Value};

use crate::formats::from_data::{ConvertError, Options, ValueBuilder, data_to_value};
use crate::formats::to_json::{JsonOptions, to_json};
use crate::formats::to_xml::{XmlOptions, to_xml};
use crate::support::args::{in_context, string_no_ctx};
use nixvm_formats::{json, toml};

/// The string argument of a parser, which must not refer to store paths.
fn string_no_context(v: &Value, context_line: &str) -> Result<NixString, Error> {
    in_context(string_no_ctx(v), context_line)
}

fn from_json(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let s = string_no_context(
        &a[0],
        "while evaluating the first argument passed to builtins.fromJSON",
    )?;
    let mut builder = ValueBuilder::new();
    let v = json::parse_json_with(s.as_bytes(), &mut builder).map_err(|e| {
        let err = Error::eval(e.message());
        if e.is_parse_error() {
            err.with_trace(None, "while decoding a JSON string")
        } else {
            err
        }
    })?;
    builder.finish(v)
}

fn from_toml(host: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let s = string_no_context(
        &a[0],
        "while evaluating the argument passed to builtins.fromTOML",
    )?;
    let fail = |m: &str| Error::eval(format!("while parsing TOML: {m}"));
    // The document's tree takes at most one node per byte of text.
    memory::reserve_items::<toml::Data>(s.len(), 0)?;
    let data = toml::parse_toml(s.as_bytes()).map_err(|e| fail(&e.report()))?;
    let opts = Options {
        check_nul: true,
        timestamps: host
            .settings()
            .has(nixvm_value::Feature::ParseTomlTimestamps),
    };
    data_to_value(data, opts).map_err(|e| match e {
        // Nix catches its own error and shows it whole, "error: " and all.
        ConvertError::NulByte(m) => fail(&format!("error: {m}")),
        ConvertError::Timestamp => fail(toml::TIMESTAMPS_UNSUPPORTED),
        ConvertError::Memory(e) => e,
    })
}

async fn to_json_builtin(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let opts = JsonOptions {
        strict: true,
        copy_to_store: true,
    };
    Ok(Value::String(to_json(&co, a[0].clone(), opts).await?))
}

async fn to_xml_builtin(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let opts = XmlOptions {
        strict: true,
        location: false,
    };
    Ok(Value::String(to_xml(&co, a[0].clone(), opts).await?))
}

builtins! {
    /// Convert a JSON string to a Nix value.
    FROM_JSON = "fromJSON"(e: strict) => from_json;
    /// Return a string containing a JSON representation of `e`; sets with `__toString` or
    /// `outPath` are printed as what those give, paths are copied to the store.
    TO_JSON = "toJSON"(e) => gen to_json_builtin;
    /// Convert a TOML string to a Nix value.
    FROM_TOML = "fromTOML"(e: strict) => from_toml, global;
    /// Return a string containing an XML representation of `e`.
    TO_XML = "toXML"(e) => gen to_xml_builtin;
}
