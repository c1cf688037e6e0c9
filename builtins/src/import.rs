//! Loading code: `import`, `scopedImport`, and the search path (`<nixpkgs>` calls
//! `__findFile __nixPath "nixpkgs"`).

use std::path::{Path, PathBuf};

use nixvm_value::expect::{expect_attrs, expect_list, expect_string};
use nixvm_value::symbol::well_known;
use nixvm_value::{Coercion, Error, ErrorKind, GenCo, Value};

use crate::args::in_arg;

/// The path a value names: a path, or a string holding an absolute path.
pub async fn realise_path(co: &GenCo, v: Value, builtin: &str) -> Result<PathBuf, Error> {
    let v = co.force(v).await;
    if let Value::Path(p) = &v {
        return Ok(p.as_ref().clone());
    }
    let s = co.coerce(v, Coercion::PLAIN).await;
    let text = s.to_str_lossy().into_owned();
    if !text.starts_with('/') {
        return in_arg(
            Err(Error::eval(format!(
                "string '{text}' doesn't represent an absolute path"
            ))),
            0,
            builtin,
        );
    }
    Ok(PathBuf::from(text))
}

async fn import(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let path = realise_path(&co, a[0].clone(), "import").await?;
    Ok(co.import(path, None).await)
}

async fn scoped_import(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let scope = co.force(a[0].clone()).await;
    let scope = in_arg(expect_attrs(&scope), 0, "scopedImport")?;
    let path = realise_path(&co, a[1].clone(), "scopedImport").await?;
    Ok(co.import(path, Some(scope)).await)
}

/// `__findFile searchPath "name/rest"`: the first entry of the search path whose prefix
/// matches and under which the rest exists.
async fn find_file(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let entries = co.force(a[0].clone()).await;
    let entries = in_arg(expect_list(&entries), 0, "findFile")?;
    let wanted = co.force(a[1].clone()).await;
    let wanted = in_arg(expect_string(&wanted), 1, "findFile")?;
    let wanted = wanted.to_str_lossy().into_owned();
    for e in entries.iter() {
        let e = co.force(e.clone()).await;
        let e = in_arg(expect_attrs(&e), 0, "findFile")?;
        let prefix = match e.get(well_known::prefix()) {
            Some(p) => {
                let p = co.force(p.clone()).await;
                in_arg(expect_string(&p), 0, "findFile")?
                    .to_str_lossy()
                    .into_owned()
            }
            None => String::new(),
        };
        let Some(path) = e.get(well_known::path()) else {
            return Err(Error::new(ErrorKind::AttributeMissing {
                name: "path".into(),
                suggestions: Vec::new(),
            }));
        };
        let path = co.coerce(path.clone(), Coercion::PLAIN).await;
        let path = path.to_str_lossy().into_owned();
        let rest = if prefix.is_empty() {
            Some(wanted.as_str())
        } else if wanted == prefix {
            Some("")
        } else {
            wanted
                .strip_prefix(&prefix)
                .and_then(|r| r.strip_prefix('/'))
        };
        let Some(rest) = rest else { continue };
        let candidate = if rest.is_empty() {
            PathBuf::from(&path)
        } else {
            Path::new(&path).join(rest)
        };
        let exists = {
            let c = candidate.clone();
            co.host(move |h| Ok(Value::Bool(h.io().path_exists(&c).unwrap_or(false))))
                .await
        };
        if matches!(exists, Value::Bool(true)) {
            return Ok(Value::path(candidate));
        }
    }
    Err(Error::eval(format!(
        "file '{wanted}' was not found in the Nix search path (add it using $NIX_PATH or -I)"
    )))
}

builtins! {
    /// Load, parse and return the Nix expression in the file `path` (a directory means its
    /// `default.nix`).
    IMPORT = "import"(path) gen => import;
    /// Like `import`, but with the attributes of `scope` bound as variables in the file.
    SCOPED_IMPORT = "scopedImport"(scope, path) gen => scoped_import;
    /// Find `lookupPath` (such as `nixpkgs/lib`) in the search path `searchPath`.
    FIND_FILE = "findFile"(searchPath, lookupPath) gen => find_file;
}

/// The builtins of this file, for the registry.
pub static ALL: &[&nixvm_value::BuiltinDef] = &[&IMPORT, &SCOPED_IMPORT, &FIND_FILE];
