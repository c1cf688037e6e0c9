//! String context as Nix values: `getContext`, `hasContext`, `appendContext`,
//! `unsafeDiscardStringContext`, `unsafeDiscardOutputDependency`,
//! `addDrvOutputDependencies`.
//!
//! `getContext` describes a context as a set from store paths to
//! `{ path = true; allOutputs = true; outputs = [ … ]; }` (each part only if present);
//! `appendContext` takes the same form, and checks that its keys are store paths.

use nixvm_value::expect::{expect_attrs, expect_bool, expect_list, expect_string};
use nixvm_value::fmt::print_identifier;
use nixvm_value::symbol::well_known;
use nixvm_value::{
    Attr, Coercion, ContextElem, Error, GenCo, Host, NixAttrs, NixContext, NixList, NixString,
    Plan, Symbol, Value,
};

use crate::support::args::{forced, in_arg, in_context, no_context};
use crate::support::coerce::{coerce, coerce_now};

fn is_derivation(path: &str) -> bool {
    path.ends_with(".drv")
}

fn get_context(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let s = in_context(
        expect_string(&a[0]),
        "while evaluating the argument passed to builtins.getContext",
    )?;
    let Some(ctx) = s.context() else {
        return Ok(Value::Attrs(NixAttrs::empty()));
    };
    // Elements of one path are adjacent in each variant's run, not overall: gather them.
    let mut infos: Vec<(&str, bool, bool, Vec<Value>)> = Vec::new();
    for elem in ctx {
        let path = elem.path();
        let i = match infos.iter().position(|(p, ..)| *p == path) {
            Some(i) => i,
            None => {
                infos.push((path, false, false, Vec::new()));
                infos.len() - 1
            }
        };
        match elem {
            ContextElem::Opaque(_) => infos[i].1 = true,
            ContextElem::DrvDeep(_) => infos[i].2 = true,
            ContextElem::Built { output, .. } => infos[i].3.push(Value::string(&**output)),
        }
    }
    let attrs = infos
        .into_iter()
        .map(|(path, opaque, all, outputs)| {
            let mut info = Vec::new();
            if opaque {
                info.push(Attr::new(well_known::path(), Value::Bool(true)));
            }
            if all {
                info.push(Attr::new(Symbol::new("allOutputs"), Value::Bool(true)));
            }
            if !outputs.is_empty() {
                info.push(Attr::new(
                    well_known::outputs(),
                    Value::List(NixList::new(outputs)),
                ));
            }
            Attr::new(
                Symbol::new(path),
                Value::Attrs(NixAttrs::from_unsorted_first_wins(info)),
            )
        })
        .collect();
    Ok(Value::Attrs(NixAttrs::from_unsorted_first_wins(attrs)))
}

fn has_context(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let s = in_context(
        expect_string(&a[0]),
        "while evaluating the argument passed to builtins.hasContext",
    )?;
    Ok(Value::Bool(s.has_context()))
}

/// Whether `path` is a store path of `store_dir`, in its canonical form if so.
fn parse_store_path(path: &str, store_dir: &str) -> Option<String> {
    const NIX32: &[u8] = b"0123456789abcdfghijklmnpqrsvwxyz";
    let canon = nixvm_value::path::canon_path(path.as_bytes());
    let canon = canon.to_str()?;
    let (dir, base) = canon.rsplit_once('/')?;
    let dir = if dir.is_empty() { "/" } else { dir };
    if dir != store_dir || base.len() < 33 {
        return None;
    }
    // Nix does not look at the byte between the hash and the name.
    let (hash, name) = (&base.as_bytes()[..32], &base.as_bytes()[33..]);
    if !hash.iter().all(|c| NIX32.contains(c)) {
        return None;
    }
    valid_name(name).then(|| canon.to_string())
}

/// Nix's rules for the name part of a store path.
fn valid_name(b: &[u8]) -> bool {
    if b.is_empty() || b.len() > 211 {
        return false;
    }
    // ".", "..", and names starting with ".-" or "..-" are refused.
    let dots = b.iter().take_while(|&&c| c == b'.').count();
    if (dots == 1 || dots == 2) && (b.len() == dots || b[dots] == b'-') {
        return false;
    }
    b.iter()
        .all(|&c| c.is_ascii_alphanumeric() || b"+-._?=".contains(&c))
}

const APPEND_CTX: &str = "while evaluating the value of a string context";

async fn append_context(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let s = co.force(a[0].clone()).await;
    let s = in_arg(expect_string(&s), 0, "appendContext")?;
    let set = co.force(a[1].clone()).await;
    let set = in_arg(expect_attrs(&set), 1, "appendContext")?;
    let store_dir = co.host(|h| h.settings().store_dir.clone()).await;
    let mut ctx: NixContext = s.context().cloned().unwrap_or_default();
    for attr in set.iter() {
        let name = attr.name.to_str_lossy();
        let Some(path) = parse_store_path(&name, &store_dir) else {
            return Err(Error::eval(format!(
                "context key '{}' is not a store path",
                print_identifier(name.as_bytes())
            )));
        };
        let info = forced(&co, attr.value.clone(), expect_attrs, APPEND_CTX).await?;
        if let Some(v) = info.get(well_known::path()) {
            let v = co.force(v.clone()).await;
            let on = in_context(
                expect_bool(&v),
                "while evaluating the `path` attribute of a string context",
            )?;
            if on {
                ctx.insert(ContextElem::Opaque(path.clone().into()));
            }
        }
        if let Some(v) = info.get(Symbol::new("allOutputs")) {
            let v = co.force(v.clone()).await;
            let on = in_context(
                expect_bool(&v),
                "while evaluating the `allOutputs` attribute of a string context",
            )?;
            if on {
                if !is_derivation(&name) {
                    return Err(Error::eval(format!(
                        "tried to add all-outputs context of {}, which is not a derivation, to a string",
                        print_identifier(name.as_bytes())
                    )));
                }
                ctx.insert(ContextElem::DrvDeep(path.clone().into()));
            }
        }
        if let Some(v) = info.get(well_known::outputs()) {
            let v = co.force(v.clone()).await;
            let outputs = in_context(
                expect_list(&v),
                "while evaluating the `outputs` attribute of a string context",
            )?;
            if !outputs.is_empty() && !is_derivation(&name) {
                return Err(Error::eval(format!(
                    "tried to add derivation output context of {}, which is not a derivation, to a string",
                    print_identifier(name.as_bytes())
                )));
            }
            for o in outputs.iter() {
                let o = co.force(o.clone()).await;
                let o = in_context(
                    expect_string(&o).and_then(no_context),
                    "while evaluating an output name within a string context",
                )?;
                ctx.insert(ContextElem::Built {
                    drv: path.clone().into(),
                    output: o.to_str_lossy().into(),
                });
            }
        }
    }
    Ok(Value::String(NixString::with_context(
        s.as_bytes().to_vec(),
        ctx,
    )))
}

const DISCARD_CTX: &str =
    "while evaluating the argument passed to builtins.unsafeDiscardStringContext";

fn discard_string_context(_: &mut dyn Host, a: &[Value]) -> Result<Plan, Error> {
    match in_context(coerce_now(&a[0], Coercion::INTERPOLATION), DISCARD_CTX)? {
        Some(s) => Ok(Plan::Done(Value::String(s.without_context()))),
        None => Ok(Plan::Slow),
    }
}

async fn discard_string_context_gen(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let s = coerce(&co, a[0].clone(), Coercion::INTERPOLATION, DISCARD_CTX).await?;
    Ok(Value::String(s.without_context()))
}

const DISCARD_OUTPUT_CTX: &str =
    "while evaluating the argument passed to builtins.unsafeDiscardOutputDependency";

/// The string with each `allOutputs` element replaced by the plain derivation path.
fn without_output_dependency(s: NixString) -> NixString {
    let Some(ctx) = s.context() else {
        return s;
    };
    if !ctx.iter().any(|e| matches!(e, ContextElem::DrvDeep(_))) {
        return s;
    }
    let ctx = ctx
        .iter()
        .map(|e| match e {
            ContextElem::DrvDeep(p) => ContextElem::Opaque(p.clone()),
            other => other.clone(),
        })
        .collect();
    NixString::with_context(s.as_bytes().to_vec(), ctx)
}

fn discard_output_dependency(_: &mut dyn Host, a: &[Value]) -> Result<Plan, Error> {
    match in_context(
        coerce_now(&a[0], Coercion::INTERPOLATION),
        DISCARD_OUTPUT_CTX,
    )? {
        Some(s) => Ok(Plan::Done(Value::String(without_output_dependency(s)))),
        None => Ok(Plan::Slow),
    }
}

async fn discard_output_dependency_gen(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let s = coerce(
        &co,
        a[0].clone(),
        Coercion::INTERPOLATION,
        DISCARD_OUTPUT_CTX,
    )
    .await?;
    Ok(Value::String(without_output_dependency(s)))
}

const ADD_DRV_CTX: &str =
    "while evaluating the argument passed to builtins.addDrvOutputDependencies";

/// The string whose one context element, a derivation, becomes `allOutputs`.
fn with_output_dependencies(s: NixString) -> Result<NixString, Error> {
    let n = s.context().map_or(0, NixContext::len);
    let elem = match s.context().and_then(|c| c.iter().next()) {
        Some(e) if n == 1 => e,
        _ => {
            return Err(Error::eval(format!(
                "context of string '{}' must have exactly one element, but has {n}",
                s.to_str_lossy()
            )));
        }
    };
    let drv = match elem {
        ContextElem::Opaque(p) if !is_derivation(p) => {
            return Err(Error::eval(format!("path '{p}' is not a derivation")));
        }
        ContextElem::Built { output, .. } => {
            return Err(Error::eval(format!(
                "`addDrvOutputDependencies` can only act on derivations, not on a derivation output such as '{output}'"
            )));
        }
        ContextElem::Opaque(p) | ContextElem::DrvDeep(p) => p.clone(),
    };
    Ok(NixString::with_context(
        s.as_bytes().to_vec(),
        [ContextElem::DrvDeep(drv)].into(),
    ))
}

fn add_drv_output_dependencies(_: &mut dyn Host, a: &[Value]) -> Result<Plan, Error> {
    match in_context(coerce_now(&a[0], Coercion::INTERPOLATION), ADD_DRV_CTX)? {
        Some(s) => Ok(Plan::Done(Value::String(with_output_dependencies(s)?))),
        None => Ok(Plan::Slow),
    }
}

async fn add_drv_output_dependencies_gen(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let s = coerce(&co, a[0].clone(), Coercion::INTERPOLATION, ADD_DRV_CTX).await?;
    Ok(Value::String(with_output_dependencies(s)?))
}

builtins! {
    /// Return the context of the string `s` as a set from store paths to
    /// `{ path; allOutputs; outputs; }`.
    GET_CONTEXT = "getContext"(s: strict) => get_context;
    /// Return whether the string `s` has a context (refers to store paths).
    HAS_CONTEXT = "hasContext"(s: strict) => has_context;
    /// Return the string `s` with the context `ctx` (in the form `getContext` returns)
    /// added to its own.
    APPEND_CONTEXT = "appendContext"(s, ctx) => gen append_context;
    /// Return the string `s` without its context.
    UNSAFE_DISCARD_STRING_CONTEXT = "unsafeDiscardStringContext"(s: strict) => discard_string_context,
        gen discard_string_context_gen;
    /// Return the string `s` with each dependency on a derivation and all its outputs
    /// replaced by a dependency on the derivation file alone.
    UNSAFE_DISCARD_OUTPUT_DEPENDENCY = "unsafeDiscardOutputDependency"(s: strict) => discard_output_dependency,
        gen discard_output_dependency_gen;
    /// Return the string `s`, whose context must be one derivation, depending on that
    /// derivation and all its outputs.
    ADD_DRV_OUTPUT_DEPENDENCIES = "addDrvOutputDependencies"(s: strict) => add_drv_output_dependencies,
        gen add_drv_output_dependencies_gen;
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIR: &str = "/nix/store";

    #[test]
    fn store_paths_are_recognised() {
        let p = "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-foo";
        assert_eq!(parse_store_path(p, DIR).as_deref(), Some(p));
        assert_eq!(
            parse_store_path("/nix/store//ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-foo/", DIR).as_deref(),
            Some(p)
        );
        for bad in [
            "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w",
            "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-",
            "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2é",
            "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2e-foo",
            "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-foo/bar",
            "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-.",
            "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-..-x",
            "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-a b",
            "/nix/foo/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-foo",
            "ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-foo",
        ] {
            assert_eq!(parse_store_path(bad, DIR), None, "{bad}");
        }
        assert!(valid_name(b".foo"));
        assert!(valid_name(b"...-x"));
        assert!(valid_name(b"..a"));
        assert!(!valid_name(b".."));
        assert!(!valid_name(b".-x"));
        assert!(!valid_name("x".repeat(212).as_bytes()));
        assert_eq!(
            parse_store_path("/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2wXfoo", DIR).as_deref(),
            Some("/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2wXfoo")
        );
    }

    #[test]
    fn output_dependencies_round_trip() {
        let drv: std::rc::Rc<str> = "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-foo.drv".into();
        let s = NixString::with_context(b"x".to_vec(), [ContextElem::Opaque(drv.clone())].into());
        let deep = with_output_dependencies(s).expect("a derivation");
        assert_eq!(
            deep.context()
                .map(|c| c.iter().cloned().collect::<Vec<_>>()),
            Some(vec![ContextElem::DrvDeep(drv.clone())])
        );
        let back = without_output_dependency(deep);
        assert_eq!(
            back.context()
                .map(|c| c.iter().cloned().collect::<Vec<_>>()),
            Some(vec![ContextElem::Opaque(drv)])
        );
    }
}
