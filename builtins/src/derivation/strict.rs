//! `derivationStrict`: from a set of attributes to a derivation, its `.drv` path and its
//! output paths, as Nix's `derivationStrict` computes them. The `.drv` file is written if
//! the store writes (see `store/mod.rs`); what later derivations need of this one is
//! remembered either way.

use std::collections::BTreeSet;

use nixvm_value::expect::{expect_attrs, expect_bool, expect_list, expect_string};
use nixvm_value::fmt::print_identifier;
use nixvm_value::symbol::well_known;
use nixvm_value::{
    Attr, Coercion, ContextElem, Error, ErrorKind, GenCo, NixAttrs, NixContext, NixString, Pos,
    Span, Symbol, TraceFrame, Value,
};

use super::model::{Derivation, EnvName, Method, Output};
use super::paths::{
    Known, KnownDerivations, downstream_placeholder, fill_in_output_paths, hash_modulo,
    output_path_of,
};
use crate::files::access::string_without_context;
use crate::store::{self, Contents, check_name};
use crate::support::args::{forced, in_context};
use crate::support::coerce::coerce_now;
use nixvm_hash::{HashAlgo, make_text_path, placeholder};
use nixvm_value::coerce::cannot_coerce;

/// How attribute values become environment variables: like `toString`, with paths copied.
const TO_ENV: Coercion = Coercion {
    more: true,
    copy_to_store: true,
    path: None,
};

/// The attributes that have a meaning for Nix but are ignored (with a warning) when the
/// attributes are structured.
const LEGACY_CHECKS: &[&str] = &[
    "allowedReferences",
    "allowedRequisites",
    "disallowedReferences",
    "disallowedRequisites",
    "maxSize",
    "maxClosureSize",
];

fn frame(span: Option<Span>, message: impl Into<String>) -> TraceFrame {
    TraceFrame {
        span,
        message: message.into(),
        always: false,
    }
}

fn feature_disabled(feature: &str) -> Error {
    Error::eval(format!(
        "experimental Nix feature '{feature}' is disabled; add '--extra-experimental-features {feature}' to enable it"
    ))
}

/// Where an attribute's value is evaluated, for the context lines of its errors. Errors of
/// the values it evaluates are handed back to this builtin, which adds the lines as it does
/// to its own: they are written out only for an error, not for each attribute.
struct Here<'a> {
    pos: Option<Pos>,
    key: Symbol,
    drv: &'a str,
}

impl Here<'_> {
    /// Where the attribute is, looked up only for an error or a warning.
    async fn span(&self, co: &GenCo) -> Option<Span> {
        let pos = self.pos?;
        co.host(move |h| h.span_at(pos)).await
    }

    /// "while evaluating attribute 'KEY' of derivation 'NAME'", at the attribute.
    async fn line(&self, co: &GenCo) -> TraceFrame {
        frame(
            self.span(co).await,
            format!(
                "while evaluating attribute '{}' of derivation '{}'",
                print_identifier(self.key.as_bytes()),
                self.drv
            ),
        )
    }

    /// Nix's warning about an attribute: at the attribute, in this derivation.
    async fn warn(&self, co: &GenCo, message: String) -> Result<(), Error> {
        let mut w = Error::new(ErrorKind::Eval(message));
        if let Some(span) = self.span(co).await {
            w = w.with_span(span);
        }
        let w = w.with_trace(None, format!("while evaluating derivation '{}'", self.drv));
        co.host(move |h| {
            h.nix_warning_at(w);
            Ok(())
        })
        .await
    }
}

/// A derivation being assembled from its attributes.
struct Builder {
    store_dir: String,
    features: Vec<String>,
    drv: Derivation,
    /// The environment, in the order of the attributes (their names are distinct): put
    /// in `drv` at once when complete.
    env: Vec<(EnvName, NixString)>,
    context: NixContext,
    structured: bool,
    ignore_nulls: bool,
    json: Vec<(Vec<u8>, NixString)>,
    content_addressed: bool,
    impure: bool,
    output_hash: Option<String>,
    output_hash_algo: Option<HashAlgo>,
    method: Option<Method>,
    outputs: BTreeSet<String>,
}

/// Whether coercing `v` (forced) can only fail: it is neither coercible nor a set that
/// might be.
fn surely_not_coercible(v: &Value) -> bool {
    match v {
        Value::Attrs(a) => {
            !a.contains(well_known::to_string()) && !a.contains(well_known::out_path())
        }
        _ => v.is_function(),
    }
}

impl Builder {
    /// Coerces an attribute value (forced) for the environment, merging its context. Its
    /// caller adds the context lines to an error.
    async fn coerce(&mut self, co: &GenCo, v: Value) -> Result<NixString, Error> {
        if surely_not_coercible(&v) {
            return Err(cannot_coerce(&v));
        }
        let s = match v {
            Value::String(s) => s,
            // Lists of flags and inputs, and derivations, mostly need no evaluation; what
            // does, or fails, is left to the VM and its messages.
            v => match coerce_now(&v, TO_ENV) {
                Ok(Some(s)) => s,
                _ => co.coerce_catching(v, TO_ENV).await?,
            },
        };
        if let Some(c) = s.context() {
            self.context.extend(c.iter().cloned());
        }
        Ok(s)
    }

    fn require(&self, feature: &str) -> Result<(), Error> {
        if self.features.iter().any(|f| f == feature) {
            Ok(())
        } else {
            Err(feature_disabled(feature))
        }
    }

    fn set_hash_mode(&mut self, mode: &str) -> Result<(), Error> {
        let method = match mode {
            "recursive" | "nar" => Method::Nar,
            "flat" => Method::Flat,
            "text" => {
                self.require("dynamic-derivations")?;
                Method::Text
            }
            "git" => {
                self.require("git-hashing")?;
                return Err(Error::new(ErrorKind::Unsupported(
                    "outputHashMode = \"git\" is not supported yet".into(),
                )));
            }
            _ => {
                return Err(Error::eval(format!(
                    "invalid value '{mode}' for 'outputHashMode' attribute"
                )));
            }
        };
        self.method = Some(method);
        Ok(())
    }

    fn set_outputs(&mut self, names: Vec<String>) -> Result<(), Error> {
        self.outputs.clear();
        for n in names {
            if self.outputs.contains(&n) {
                return Err(Error::eval(format!("duplicate derivation output '{n}'")));
            }
            if n == "drvPath" {
                return Err(Error::eval("invalid derivation output name 'drvPath'"));
            }
            self.outputs.insert(n);
        }
        if self.outputs.is_empty() {
            return Err(Error::eval(
                "derivation cannot have an empty set of outputs",
            ));
        }
        Ok(())
    }

    /// Handles one attribute.
    async fn attribute(&mut self, co: &GenCo, value: Value, here: &Here<'_>) -> Result<(), Error> {
        let key = here.key.as_bytes();
        let v = co.force_or_error(value).await?;
        if self.ignore_nulls && matches!(v, Value::Null) {
            return Ok(());
        }
        match key {
            b"__contentAddressed" => {
                if expect_bool(&v)? {
                    self.require("ca-derivations")?;
                    self.content_addressed = true;
                }
            }
            b"__impure" => {
                if expect_bool(&v)? {
                    self.require("impure-derivations")?;
                    self.impure = true;
                }
            }
            b"args" => {
                let list = expect_list(&v)?;
                for item in list.iter() {
                    let s = match co.force_or_error(item.clone()).await {
                        Ok(item) => self.coerce(co, item).await,
                        Err(e) => Err(e),
                    };
                    let s = s.map_err(|e| {
                        e.with_trace(None, "while evaluating an element of the argument list")
                    })?;
                    self.drv.args.push(s.as_bytes().to_vec());
                }
            }
            _ if self.structured => {
                if key == b"__structuredAttrs" {
                    return Ok(());
                }
                let json = super::json::to_json(co, v.clone()).await?;
                if let Some(c) = json.context() {
                    self.context.extend(c.iter().cloned());
                }
                self.json.push((key.to_vec(), json));
                self.structured_special(co, key, v).await?;
                if let Some(k) = LEGACY_CHECKS.iter().find(|k| k.as_bytes() == key) {
                    let msg = format!(
                        "'structuredAttrs' disables the effect of the derivation attribute '{k}'; use 'outputChecks.<output>.{k}' instead"
                    );
                    here.warn(co, msg).await?;
                }
            }
            _ => {
                let s = self.coerce(co, v).await?;
                if key == b"__json" {
                    here.warn(co, "setting structured attributes via '__json' is deprecated, and may be disallowed in future versions of Nix. Set '__structuredAttrs = true' instead.".into()).await?;
                    self.drv.structured_attrs = Some(s.as_bytes().to_vec());
                    return Ok(());
                }
                // As text only for the few attributes read as such: the others can be whole
                // scripts.
                let text = || s.to_str_lossy().into_owned();
                match key {
                    b"builder" => self.drv.builder = s.as_bytes().to_vec(),
                    b"system" => self.drv.platform = s.as_bytes().to_vec(),
                    b"outputHash" => self.output_hash = Some(text()),
                    b"outputHashAlgo" => self.output_hash_algo = HashAlgo::parse(&text()).ok(),
                    b"outputHashMode" => self.set_hash_mode(&text())?,
                    b"outputs" => self.set_outputs(
                        text()
                            .split([' ', '\t', '\n', '\r'])
                            .filter(|w| !w.is_empty())
                            .map(String::from)
                            .collect(),
                    )?,
                    _ => {}
                }
                self.env.push((EnvName::Borrowed(key), s));
            }
        }
        Ok(())
    }

    /// The attributes that mean something to Nix, when they come as structured values.
    async fn structured_special(&mut self, co: &GenCo, key: &[u8], v: Value) -> Result<(), Error> {
        let no_ctx = |v: &Value| -> Result<String, Error> {
            Ok(string_without_context(v, "")?.to_str_lossy().into_owned())
        };
        match key {
            b"builder" => {
                let s = expect_string(&v)?;
                if let Some(c) = s.context() {
                    self.context.extend(c.iter().cloned());
                }
                self.drv.builder = s.as_bytes().to_vec();
            }
            b"system" => self.drv.platform = no_ctx(&v)?.into_bytes(),
            b"outputHash" => self.output_hash = Some(no_ctx(&v)?),
            b"outputHashAlgo" => self.output_hash_algo = HashAlgo::parse(&no_ctx(&v)?).ok(),
            b"outputHashMode" => {
                let mode = no_ctx(&v)?;
                self.set_hash_mode(&mode)?;
            }
            b"outputs" => {
                let list = expect_list(&v)?;
                let mut names = Vec::with_capacity(list.len());
                for item in list.iter() {
                    let item = co.force(item.clone()).await;
                    names.push(no_ctx(&item)?);
                }
                self.set_outputs(names)?;
            }
            _ => {}
        }
        Ok(())
    }
}

/// The store paths `path` refers to, transitively (with itself), as far as nixvm knows
/// them: the objects it made itself.
fn closure(h: &mut dyn nixvm_value::Host, path: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![path.to_string()];
    while let Some(p) = todo.pop() {
        if !seen.insert(p.clone()) {
            continue;
        }
        if let Some(refs) = store::references_of(h, &p) {
            todo.extend(refs.into_iter().filter(|r| !seen.contains(r)));
        }
    }
    seen.into_iter().collect()
}

/// `derivationStrict attrs`.
pub async fn derivation_strict(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let attrs = forced(
        &co,
        a[0].clone(),
        expect_attrs,
        "while evaluating the argument passed to builtins.derivationStrict",
    )
    .await?;
    let Some(name_attr) = attrs.get_attr(well_known::name()).cloned() else {
        return Err(Error::new(ErrorKind::AttributeMissing {
            name: "name".into(),
            suggestions: Vec::new(),
        })
        .with_trace(
            None,
            "in the attrset passed as argument to builtins.derivationStrict",
        ));
    };
    let sorted: Vec<Attr> = attrs.sorted().into_iter().cloned().collect();
    let name_pos = name_attr.pos;
    // The settings and the name's span, in one visit; the attributes' spans and the name's
    // location are looked up only for an error's context lines.
    let (settings, name_span) = co
        .host(move |h| {
            let settings = h.settings();
            (
                (
                    settings.store_dir.clone(),
                    settings.experimental_features.clone(),
                ),
                name_pos.and_then(|p| h.span_at(p)),
            )
        })
        .await;
    let name_frames = vec![
        frame(
            None,
            "while evaluating the `name` attribute passed to builtins.derivationStrict",
        ),
        frame(
            name_span,
            "while evaluating the derivation attribute 'name'",
        ),
    ];
    let name = co
        .force_in(name_attr.value.clone(), name_frames.clone())
        .await;
    let name = string_without_context(&name, "").map_err(|mut e| {
        for f in name_frames {
            e.add_trace(f.span, f.message);
        }
        e
    })?;
    let name = name.to_str_lossy().into_owned();
    match instantiate(&co, name.clone(), &attrs, &sorted, settings).await {
        Ok(v) => Ok(v),
        Err(e) => {
            let name_at = co
                .host(move |h| {
                    name_pos
                        .and_then(|p| h.resolve_pos(p))
                        .map(|p| format!("{}:{}:{}", p.file, p.line, p.column))
                        .unwrap_or_else(|| "«none»".into())
                })
                .await;
            Err(e.with_trace(
                None,
                format!(
                    "while evaluating derivation '{name}'\n  whose name attribute is located at {name_at}"
                ),
            ))
        }
    }
}

async fn instantiate(
    co: &GenCo,
    name: String,
    attrs: &NixAttrs,
    sorted: &[Attr],
    (store_dir, features): (String, Vec<String>),
) -> Result<Value, Error> {
    if let Err(reason) = check_name(&name) {
        return Err(Error::eval(format!(
            "invalid derivation name: {reason}. Please pass a different 'name'."
        )));
    }
    let flag = |sym: &str, what: &'static str| {
        let v = attrs.get(Symbol::new(sym)).cloned();
        async move {
            match v {
                Some(v) => {
                    let v = co.force_or_error(v).await;
                    in_context(v.and_then(|v| expect_bool(&v)), what)
                }
                None => Ok(false),
            }
        }
    };
    let structured = flag(
        "__structuredAttrs",
        "while evaluating the `__structuredAttrs` attribute passed to builtins.derivationStrict",
    )
    .await?;
    let ignore_nulls = flag(
        "__ignoreNulls",
        "while evaluating the `__ignoreNulls` attribute passed to builtins.derivationStrict",
    )
    .await?;
    let mut b = Builder {
        store_dir,
        features,
        drv: Derivation {
            name: name.clone(),
            ..Derivation::default()
        },
        env: Vec::with_capacity(sorted.len()),
        context: NixContext::new(),
        structured,
        ignore_nulls,
        json: Vec::new(),
        content_addressed: false,
        impure: false,
        output_hash: None,
        output_hash_algo: None,
        method: None,
        outputs: ["out".to_string()].into(),
    };
    for attr in sorted {
        if attr.name.as_bytes() == b"__ignoreNulls" {
            continue;
        }
        let here = Here {
            pos: attr.pos,
            key: attr.name,
            drv: &name,
        };
        // Errors raised here or handed back by the VM get the attribute's context line,
        // then the derivation's (from the caller).
        if let Err(e) = b.attribute(co, attr.value.clone(), &here).await {
            let line = here.line(co).await;
            return Err(e.with_trace(line.span, line.message));
        }
    }
    finish(co, b).await
}

/// The structured attributes as one JSON object, keys in order.
fn json_object(parts: &[(Vec<u8>, NixString)]) -> Vec<u8> {
    let mut out = vec![b'{'];
    for (i, (k, v)) in parts.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        super::json::escape_into(&mut out, k);
        out.push(b':');
        out.extend_from_slice(v.as_bytes());
    }
    out.push(b'}');
    out
}

async fn finish(co: &GenCo, mut b: Builder) -> Result<Value, Error> {
    b.drv.env = std::mem::take(&mut b.env).into_iter().collect();
    if b.structured {
        b.drv.structured_attrs = Some(json_object(&b.json));
    }
    let store_dir = b.store_dir.clone();
    let context = std::mem::take(&mut b.context);
    let deep: Vec<String> = context
        .iter()
        .filter_map(|c| match c {
            ContextElem::DrvDeep(p) => Some(p.to_string()),
            _ => None,
        })
        .collect();
    let (closures, known_outputs): (Vec<String>, Vec<(String, Vec<String>)>) = co
        .host(move |h| {
            let closures: Vec<String> = deep.iter().flat_map(|p| closure(h, p)).collect();
            let known = h.extensions().get_or_default::<KnownDerivations>();
            let outputs: Vec<(String, Vec<String>)> = closures
                .iter()
                .filter_map(|p| {
                    Some((p.clone(), known.0.get(p)?.outputs.keys().cloned().collect()))
                })
                .collect();
            (closures, outputs)
        })
        .await;
    for elem in &context {
        match elem {
            ContextElem::Opaque(p) => {
                b.drv.input_srcs.insert(p.to_string());
            }
            ContextElem::Built { drv, output } => {
                b.drv
                    .input_drvs
                    .entry(drv.to_string())
                    .or_default()
                    .insert(output.to_string());
            }
            ContextElem::DrvDeep(_) => {}
        }
    }
    for p in closures {
        b.drv.input_srcs.insert(p);
    }
    for (p, outs) in known_outputs {
        b.drv.input_drvs.entry(p).or_default().extend(outs);
    }
    if b.drv.builder.is_empty() {
        return Err(Error::eval("required attribute 'builder' missing"));
    }
    if b.drv.platform.is_empty() {
        return Err(Error::eval("required attribute 'system' missing"));
    }
    let only_out = b.outputs.len() == 1 && b.outputs.contains("out");
    if b.drv.name.ends_with(".drv") && !(b.method == Some(Method::Text) && only_out) {
        return Err(Error::eval(
            "derivation names are allowed to end in '.drv' only if they produce a single derivation file",
        ));
    }
    if let Some(h) = &b.output_hash {
        if !only_out {
            return Err(Error::eval(
                "multiple outputs are not supported in fixed-output derivations",
            ));
        }
        let hash =
            crate::store::builtins::parse_hash_allow_empty(co, h, b.output_hash_algo).await?;
        let method = b.method.unwrap_or(Method::Flat);
        let path = b.drv.fixed_output_path(&store_dir, "out", method, &hash);
        b.drv
            .env
            .insert(b"out"[..].into(), NixString::from(path.as_str()));
        b.drv
            .outputs
            .insert("out".into(), Output::Fixed { method, hash, path });
    } else if b.content_addressed || b.impure {
        if b.content_addressed && b.impure {
            return Err(Error::eval(
                "derivation cannot be both content-addressed and impure",
            ));
        }
        let algo = b.output_hash_algo.unwrap_or(HashAlgo::Sha256);
        let method = b.method.unwrap_or(Method::Nar);
        for o in &b.outputs {
            b.drv
                .env
                .insert(o.as_bytes().to_vec().into(), placeholder(o).into());
            let out = if b.impure {
                Output::Impure { method, algo }
            } else {
                Output::Floating { method, algo }
            };
            b.drv.outputs.insert(o.clone(), out);
        }
    } else {
        for o in &b.outputs {
            b.drv
                .env
                .insert(o.as_bytes().to_vec().into(), NixString::new(b""));
            b.drv.outputs.insert(o.clone(), Output::Deferred);
        }
    }
    let drv = b.drv;
    co.host(move |h| record(h, drv, &store_dir)).await
}

/// Computes the paths, remembers the derivation and returns `{ drvPath; <output> …; }`.
fn record(
    h: &mut dyn nixvm_value::Host,
    mut drv: Derivation,
    store_dir: &str,
) -> Result<Value, Error> {
    let known = h.extensions().get_or_default::<KnownDerivations>();
    let references = drv.references();
    let (drv_path, aterm, hash) = compute(&mut drv, store_dir, known, &references)?;
    let written = h.store().writes();
    if written {
        let name = format!("{}.drv", drv.name);
        store::write_text(h, &drv_path, &name, &aterm, &references)?;
    }
    let outputs: Vec<String> = drv.outputs.keys().cloned().collect();
    let paths = outputs
        .iter()
        .map(|o| (o.clone(), output_path_of(&drv, o)))
        .collect();
    h.extensions()
        .get_or_default::<KnownDerivations>()
        .0
        .insert(drv_path.clone(), Known::new(hash, paths));
    let contents = if written {
        Contents::Written
    } else {
        Contents::Derivation
    };
    store::remember(h, &drv_path, contents, &references);
    let mut attrs = Vec::with_capacity(outputs.len() + 1);
    let mut ctx = NixContext::new();
    ctx.insert(ContextElem::DrvDeep(drv_path.as_str().into()));
    attrs.push(Attr::new(
        well_known::drv_path(),
        Value::String(NixString::with_context(drv_path.as_bytes().to_vec(), ctx)),
    ));
    for o in outputs {
        let path = output_path_of(&drv, &o)
            .unwrap_or_else(|| downstream_placeholder(&drv_path, &drv.name, &o));
        let mut ctx = NixContext::new();
        ctx.insert(ContextElem::Built {
            drv: drv_path.as_str().into(),
            output: o.as_str().into(),
        });
        attrs.push(Attr::new(
            Symbol::new(&o),
            Value::String(NixString::with_context(path.into_bytes(), ctx)),
        ));
    }
    Ok(Value::Attrs(NixAttrs::from_unsorted_first_wins(attrs)))
}

/// The output paths (filled in), the `.drv` path and text, and the hash modulo to
/// remember. `references` are the derivation's inputs (`Derivation::references`), which
/// filling in the outputs does not change.
fn compute(
    drv: &mut Derivation,
    store_dir: &str,
    known: &KnownDerivations,
    references: &[String],
) -> Result<(String, Vec<u8>, super::paths::DrvHash), Error> {
    // Filling in the outputs changes only their variables: the rest is escaped once.
    let env = drv.env_text();
    if drv.outputs.values().all(|o| matches!(o, Output::Deferred)) {
        fill_in_output_paths(drv, store_dir, known, &env)?;
    }
    let aterm = drv.unparse_with(false, None, &env);
    let name = format!("{}.drv", drv.name);
    let drv_path = make_text_path(store_dir, &name, &aterm, references);
    if let Some(e) = store::invalid_store_path(&drv_path, store_dir, &name) {
        return Err(e);
    }
    let hash = hash_modulo(drv, false, known, &env)?;
    Ok((drv_path, aterm, hash))
}
