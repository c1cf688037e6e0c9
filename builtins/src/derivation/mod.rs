//! Derivations: `derivation`, `derivationStrict`, `placeholder` and `outputOf`.
//!
//! nixvm computes `.drv` paths and output paths exactly as Nix does, writes the `.drv`
//! files if the evaluator's store writes, and remembers, per evaluator, what later
//! derivations need of each (its hash modulo, outputs and references).

mod json;
pub mod model;
pub mod paths;
mod strict;

use std::sync::OnceLock;

use nixvm_value::expect::{expect_attrs, expect_list, expect_string};
use nixvm_value::symbol::well_known;
use nixvm_value::{
    Attr, ContextElem, Error, ErrorKind, GenCo, Host, NixAttrs, NixContext, NixLambda, NixList,
    NixString, Span, Symbol, Thunk, TraceFrame, Value,
};

use crate::files::access::string_without_context;
use crate::support::args::{arg_context, forced, in_context};
use nixvm_hash::placeholder;
use paths::{KnownDerivations, downstream_placeholder};

/// The names `derivation` adds, interned once.
fn sym(cell: &'static OnceLock<Symbol>, text: &str) -> Symbol {
    *cell.get_or_init(|| Symbol::new(text))
}
static ALL_SYM: OnceLock<Symbol> = OnceLock::new();
static DRV_ATTRS_SYM: OnceLock<Symbol> = OnceLock::new();
static OUTPUT_NAME_SYM: OnceLock<Symbol> = OnceLock::new();

/// `strict.${name}`, unevaluated, made by the call at `site`.
fn select_lazily(set: &Value, name: &str, site: Option<Span>) -> Value {
    let select = Value::Thunk(Thunk::new_apply(
        Value::Builtin(&crate::attrs::GET_ATTR),
        Value::string(name),
        site,
    ));
    Value::Thunk(Thunk::new_apply(select, set.clone(), site))
}

/// `v` forced; an error on the way gets the context line `message`, which is made only
/// when `v` needs forcing.
async fn force_in_frame(co: &GenCo, v: &Value, message: &str) -> Value {
    if let Some(v) = v.evaluated() {
        return v;
    }
    let frame = TraceFrame {
        span: None,
        message: message.to_string(),
        always: false,
    };
    co.force_in(v.clone(), vec![frame]).await
}

/// `derivation attrs`: `derivationStrict` wrapped lazily, as Nix's own `derivation` does.
/// The result is the first output's set: the attributes, plus `outPath`, `drvPath`,
/// `type = "derivation"`, `outputName`, each output by name, `all` and `drvAttrs`.
async fn derivation(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let drv_attrs = a[0].clone();
    let attrs = co.force(drv_attrs.clone()).await;
    let attrs = expect_attrs(&attrs)?;
    let outputs = match attrs.get(well_known::outputs()) {
        Some(v) => {
            let v = force_in_frame(
                &co,
                v,
                "while evaluating the second argument passed to builtins.map",
            )
            .await;
            in_context(
                expect_list(&v),
                "while evaluating the second argument passed to builtins.map",
            )?
        }
        None => NixList::new(vec![Value::string("out")]),
    };
    let name_context = "while evaluating the `name` attribute of an element of the list passed to builtins.listToAttrs";
    let mut names = Vec::with_capacity(outputs.len());
    for o in outputs.iter() {
        let o = force_in_frame(&co, o, name_context).await;
        let o = in_context(expect_string(&o), name_context)?;
        names.push(o.to_str_lossy().into_owned());
    }
    if names.is_empty() {
        return Err(Error::eval("'builtins.head' called on an empty list"));
    }
    // `derivationStrict`'s errors surface when the printer forces `drvPath` or
    // `outPath`, from no place: they are located at this call of `derivation` (Nix, at the
    // call of `derivationStrict` in its own derivation.nix).
    let site = co.call_site().await;
    let strict = Value::Thunk(Thunk::new_apply(
        Value::Builtin(&DERIVATION_STRICT),
        drv_attrs.clone(),
        site,
    ));
    // Each output's set refers to the others through `commonAttrs`: tie the knot with
    // blank thunks filled in below.
    let knots: Vec<Thunk> = names.iter().map(|_| Thunk::knot()).collect();
    let mut common: Vec<Attr> = names
        .iter()
        .zip(&knots)
        .map(|(n, k)| Attr::new(Symbol::new(n), Value::Thunk(k.clone())))
        .collect();
    common.push(Attr::new(
        sym(&ALL_SYM, "all"),
        Value::List(NixList::new(
            knots.iter().map(|k| Value::Thunk(k.clone())).collect(),
        )),
    ));
    common.push(Attr::new(sym(&DRV_ATTRS_SYM, "drvAttrs"), drv_attrs));
    let drv_path = select_lazily(&strict, "drvPath", site);
    for (n, k) in names.iter().zip(&knots) {
        // `attrs // common // own` as one update of `attrs`: the output's own attributes
        // come first, so that they win over an output of the same name, as `//` would.
        let mut top = Vec::with_capacity(4 + common.len());
        top.extend([
            Attr::new(well_known::out_path(), select_lazily(&strict, n, site)),
            Attr::new(well_known::drv_path(), drv_path.clone()),
            Attr::new(well_known::type_(), Value::string("derivation")),
            Attr::new(sym(&OUTPUT_NAME_SYM, "outputName"), Value::string(n)),
        ]);
        top.extend(common.iter().cloned());
        if k.value().is_none() {
            k.finish(Value::Attrs(
                attrs.update(&NixAttrs::from_unsorted_first_wins(top)),
            ));
        }
    }
    Ok(Value::Thunk(knots[0].clone()))
}

fn placeholder_builtin(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let name = string_without_context(&a[0], &arg_context(0, "placeholder"))?;
    Ok(Value::string(placeholder(&name.to_str_lossy())))
}

/// `outputOf drv output`: a string standing for an output of the derivation `drv` names.
async fn output_of(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let drv = forced(
        &co,
        a[0].clone(),
        expect_string,
        "while evaluating the first argument to builtins.outputOf",
    )
    .await?;
    let shown = drv.to_str_lossy().into_owned();
    let ctx: Vec<ContextElem> = drv.context().into_iter().flatten().cloned().collect();
    let drv_path = match ctx.as_slice() {
        [ContextElem::Opaque(p)] => p.to_string(),
        [ContextElem::DrvDeep(_)] => {
            return Err(Error::eval(format!(
                "string '{shown}' has a context which refers to a complete source and binary closure. This is not supported at this time"
            ))
            .with_trace(None, "while evaluating the first argument to builtins.outputOf"));
        }
        [ContextElem::Built { .. }] => {
            return Err(Error::new(ErrorKind::Unsupported(
                "outputOf of a derivation that is itself an output is not supported yet".into(),
            )));
        }
        _ => {
            return Err(Error::eval(format!(
                "string '{shown}' has {} entries in its context. It should only have exactly one entry",
                ctx.len()
            ))
            .with_trace(None, "while evaluating the first argument to builtins.outputOf"));
        }
    };
    let output = co.force(a[1].clone()).await;
    let output = string_without_context(
        &output,
        "while evaluating the second argument to builtins.outputOf",
    )?
    .to_str_lossy()
    .into_owned();
    let (dp, out) = (drv_path.clone(), output.clone());
    let outputs = co
        .host(move |h| {
            h.extensions()
                .get::<KnownDerivations>()
                .and_then(|k| k.0.get(&dp))
                .map(|k| k.outputs.clone())
        })
        .await;
    // Nix reads the derivation from its store; nixvm knows those it instantiated.
    let Some(outputs) = outputs else {
        return Err(Error::new(ErrorKind::Unsupported(format!(
            "cannot read derivation '{drv_path}': nixvm knows only the derivations it instantiated itself"
        ))));
    };
    let Some(path) = outputs.get(&out) else {
        return Err(Error::eval(format!(
            "derivation '{drv_path}' does not have output '{output}'"
        )));
    };
    let text = match path {
        Some(p) => p.clone(),
        None => {
            let base = drv_path.rsplit('/').next().unwrap_or(&drv_path);
            let drv_name = base
                .strip_suffix(".drv")
                .unwrap_or(base)
                .get(33..)
                .unwrap_or("");
            downstream_placeholder(&drv_path, drv_name, &output)
        }
    };
    let mut ctx = NixContext::new();
    ctx.insert(ContextElem::Built {
        drv: drv_path.into(),
        output: output.into(),
    });
    Ok(Value::String(NixString::with_context(
        text.into_bytes(),
        ctx,
    )))
}

/// Nix's `derivation` is not a primop but the function of its derivation.nix,
/// `drvAttrs@{ outputs ? [ "out" ], ... }: …`, and shows as such.
static DERIVATION_LAMBDA: NixLambda = NixLambda {
    shown_file: "«nix-internal»/derivation-internal.nix",
    path: "/derivation-internal.nix",
    line: 29,
    column: 1,
    bind: Some("drvAttrs"),
    formals: &[("outputs", true)],
    ellipsis: true,
};

builtins! {
    /// Describe a derivation (what to build and how) by its attributes; returns a set with
    /// its `drvPath`, `outPath` and outputs (nixvm computes them; it builds nothing).
    DERIVATION = "derivation"(attrs) => gen derivation, global, written_in_nix(DERIVATION_LAMBDA);
    /// The strict core of `derivation`: return `{ drvPath; <output> …; }` for the
    /// derivation the attributes describe.
    DERIVATION_STRICT = "derivationStrict"(attrs) => gen strict::derivation_strict, global;
    /// Return a placeholder for the output `output` of the derivation being built, which
    /// the builder sees as that output's path.
    PLACEHOLDER = "placeholder"(output: strict) => placeholder_builtin, global;
    /// Return a string standing for the output `output` of the derivation `drv` (which
    /// may itself be an output); needs the dynamic-derivations feature.
    OUTPUT_OF = "outputOf"(drv, output) => gen output_of, needs(DynamicDerivations);
}
