//! `builtins.fetchGit` of local repositories, as current Nix's `fetchTree` with the type
//! fixed to `git` does it (`primops/fetchTree.cc`, `libfetchers/git.cc`).
//!
//! The repository is read by `nixvm_git`, which writes the tree the fetch yields to a
//! temporary directory. Its NAR hash names the store path (`source` unless `name` says
//! otherwise). A store that writes gets the tree, which is then read from the store; with
//! one that does not, the path is only computed and the temporary directory stands in for
//! it until the evaluator is dropped, as Nix mounts the fetched tree at its store path
//! without copying it. A repository that is not local needs the network, which nixvm does
//! not use.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use nixvm_value::{
    Attr, BuiltinDef, Error, GenCo, Host, NixAttrs, NixString, Param, Plan, StdIO, Symbol, Taken,
    Thunk, Value,
};
use rustc_hash::FxHashMap;

use crate::store::nar::{dump_nar, nar_hash};
use crate::store::{Contents, check_written, invalid_store_path, remember};
use nixvm_git::{Fetched, NULL_REV, Request, RevCount};
use nixvm_hash::{Hash, HashAlgo, make_source_path_from_nar_hash};

/// One attribute of a fetcher input, as `fetchTree` takes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputAttr {
    Str(String),
    Bool(bool),
    Int(u64),
}

/// The attributes of an input by name.
pub type InputAttrs = BTreeMap<String, InputAttr>;

/// The attributes the git scheme accepts (besides `type`), as flake references have them.
const ALLOWED: &[&str] = nixvm_flakeref::GIT_ATTRS;

/// The attributes as Nix's `attrsToJSON` prints them in its messages.
fn attrs_json(attrs: &InputAttrs) -> String {
    let fields: Vec<String> = attrs
        .iter()
        .map(|(k, v)| {
            let v = match v {
                InputAttr::Str(s) => json_string(s),
                InputAttr::Bool(b) => b.to_string(),
                InputAttr::Int(i) => i.to_string(),
            };
            format!("{}:{v}", json_string(k))
        })
        .collect();
    format!("{{{}}}", fields.join(","))
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn get_str(attrs: &InputAttrs, name: &str) -> Result<Option<String>, Error> {
    match attrs.get(name) {
        None => Ok(None),
        Some(InputAttr::Str(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Error::eval(format!(
            "input attribute '{name}' is not a string {}",
            attrs_json(attrs)
        ))),
    }
}

fn get_bool(attrs: &InputAttrs, name: &str) -> Result<Option<bool>, Error> {
    match attrs.get(name) {
        None => Ok(None),
        Some(InputAttr::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(Error::eval(format!(
            "input attribute '{name}' is not a Boolean"
        ))),
    }
}

fn get_int(attrs: &InputAttrs, name: &str) -> Result<Option<u64>, Error> {
    match attrs.get(name) {
        None => Ok(None),
        Some(InputAttr::Int(i)) => Ok(Some(*i)),
        Some(_) => Err(Error::eval(format!(
            "input attribute '{name}' is not an integer"
        ))),
    }
}

/// Which builtin fetches: `fetchTree` names no commit for a dirty tree, where `fetchGit`
/// has its fallbacks (a null `rev`, `revCount` 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Caller {
    FetchGit,
    FetchTree,
}

impl Caller {
    fn name(self) -> &'static str {
        match self {
            Caller::FetchGit => "fetchGit",
            Caller::FetchTree => "fetchTree",
        }
    }
}

/// A git input, checked.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct GitInput {
    caller: Caller,
    /// The URL as Nix keeps it (`file:///path` for a path).
    url: String,
    /// The local repository the URL names, if it names one.
    local: Option<PathBuf>,
    name: String,
    git_ref: Option<String>,
    rev: Option<String>,
    submodules: bool,
    shallow: bool,
    export_ignore: bool,
    lfs: bool,
    nar_hash: Option<String>,
    last_modified: Option<u64>,
    rev_count: Option<u64>,
}

/// Nix's `fixGitURL` for what nixvm can read: an absolute path becomes a `file://` URL.
fn fix_url(url: &str) -> String {
    if url.starts_with('/') {
        format!("file://{url}")
    } else if let Some(rest) = url.strip_prefix("git+") {
        rest.to_string()
    } else {
        url.to_string()
    }
}

/// The local path of a `file:` URL.
fn local_path(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("file://")
        .or_else(|| url.strip_prefix("file:"))?;
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    rest.starts_with('/').then(|| PathBuf::from(rest))
}

/// Nix's `isLegalRefName`, for the names Git itself refuses whatever their kind.
fn is_legal_ref(r: &str) -> bool {
    !(r.is_empty()
        || r == "@"
        || r.starts_with('-')
        || r.starts_with('/')
        || r.ends_with('/')
        || r.ends_with('.')
        || r.ends_with(".lock")
        || r.contains("..")
        || r.contains("@{")
        || r.contains("//")
        || r.split('/').any(|c| c.starts_with('.'))
        || r.chars()
            .any(|c| c.is_ascii_control() || " ~^:?*[\\\u{7f}".contains(c)))
}

impl GitInput {
    /// Nix's `Input::fromAttrs` for the git scheme.
    fn from_attrs(attrs: &InputAttrs, caller: Caller) -> Result<GitInput, Error> {
        for name in attrs.keys() {
            if !ALLOWED.contains(&name.as_str()) {
                return Err(Error::eval(format!(
                    "input attribute '{name}' not supported by scheme 'git'"
                )));
            }
        }
        for name in ["verifyCommit", "keytype", "publicKey", "publicKeys"] {
            if attrs.contains_key(name) {
                return Err(Error::eval(
                    "experimental Nix feature 'verified-fetches' is disabled; add '--extra-experimental-features verified-fetches' to enable it",
                ));
            }
        }
        let git_ref = get_str(attrs, "ref")?;
        if let Some(r) = &git_ref
            && !is_legal_ref(r)
        {
            return Err(Error::eval(format!("invalid Git branch/tag name '{r}'")));
        }
        let Some(url) = get_str(attrs, "url")? else {
            return Err(Error::eval("input attribute 'url' is missing"));
        };
        let url = fix_url(&url);
        let rev = match get_str(attrs, "rev")? {
            Some(rev) => {
                let hash = Hash::parse_prefixed(&rev)
                    .or_else(|_| Hash::parse(&rev, Some(HashAlgo::Sha1)))
                    .map_err(|e| Error::eval(e.to_string()))?;
                if !matches!(hash.algo, HashAlgo::Sha1 | HashAlgo::Sha256) {
                    return Err(Error::eval(format!(
                        "Hash '{}' is not supported by Git. Supported types are sha1 and sha256.",
                        hash.to_string(nixvm_hash::HashFormat::Base16, true)
                    )));
                }
                Some(hash.to_string(nixvm_hash::HashFormat::Base16, false))
            }
            None => None,
        };
        let nar_hash = match get_str(attrs, "narHash")? {
            Some(s) if s.is_empty() => None,
            Some(s) => {
                let hash = Hash::parse_sri(&s).map_err(|e| Error::eval(e.to_string()))?;
                if hash.algo != HashAlgo::Sha256 {
                    return Err(Error::eval("narHash must use SHA-256"));
                }
                Some(hash.to_sri())
            }
            None => None,
        };
        let submodules = get_bool(attrs, "submodules")?.unwrap_or(false);
        let export_ignore = get_bool(attrs, "exportIgnore")?.unwrap_or(false);
        get_bool(attrs, "allRefs")?;
        Ok(GitInput {
            caller,
            local: local_path(&url),
            url,
            name: get_str(attrs, "name")?.unwrap_or_else(|| "source".into()),
            git_ref,
            rev,
            submodules,
            shallow: get_bool(attrs, "shallow")?.unwrap_or(false),
            export_ignore,
            lfs: get_bool(attrs, "lfs")?.unwrap_or(false),
            nar_hash,
            last_modified: get_int(attrs, "lastModified")?,
            rev_count: get_int(attrs, "revCount")?,
        })
    }

    /// The input as a URL (Nix's `Input::to_string`): `git+file:///path?…`, with the
    /// query's keys sorted.
    fn to_url(&self) -> String {
        let mut query = BTreeMap::new();
        if self.export_ignore {
            query.insert("exportIgnore", "1".to_string());
        }
        if self.lfs {
            query.insert("lfs", "1".to_string());
        }
        if let Some(r) = &self.git_ref {
            query.insert("ref", r.clone());
        }
        if let Some(r) = &self.rev {
            query.insert("rev", r.clone());
        }
        if self.shallow {
            query.insert("shallow", "1".to_string());
        }
        if self.submodules {
            query.insert("submodules", "1".to_string());
        }
        let base = if self.url.starts_with("git") {
            self.url.clone()
        } else {
            format!("git+{}", self.url)
        };
        if query.is_empty() {
            return base;
        }
        let q: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        format!("{base}?{}", q.join("&"))
    }
}

/// What `fetchTree` does with an input's attributes before it reads them, with the type
/// fixed to `git` (`fetchGit` given a set): `exportIgnore` is on unless submodules are.
pub fn input_from_attrs(mut attrs: InputAttrs) -> Result<InputAttrs, Error> {
    if !attrs.contains_key("exportIgnore") && get_bool(&attrs, "submodules")? != Some(true) {
        attrs.insert("exportIgnore".into(), InputAttr::Bool(true));
    }
    Ok(attrs)
}

/// `fetchGit` given a URL (or path) alone.
pub fn input_from_url(url: &str) -> InputAttrs {
    let mut attrs = InputAttrs::new();
    attrs.insert("url".into(), InputAttr::Str(url.to_string()));
    attrs.insert("exportIgnore".into(), InputAttr::Bool(true));
    attrs
}

/// The temporary directories standing in for fetched trees the store did not get; they
/// go when the evaluator does.
#[derive(Default)]
struct FetchedTrees {
    dirs: Vec<PathBuf>,
    /// The result of each input fetched, so that it is read once per evaluation.
    done: FxHashMap<GitInput, Value>,
}

impl Drop for FetchedTrees {
    fn drop(&mut self) {
        for dir in &self.dirs {
            remove_tree(dir);
        }
    }
}

/// Removes a tree written by a fetch (its files may be read-only).
fn remove_tree(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
}

/// The prefix of the temporary directories of fetched trees: `nixvm-git-PID-N`.
const TREE_PREFIX: &str = "nixvm-git-";

/// A new empty directory under the temporary directory, for one fetched tree.
///
/// The command line ends without dropping the evaluator, so its trees outlive it: the
/// first fetch of a process removes the trees of processes that are gone (and any left
/// under its own process id by an earlier process that had it).
fn temp_tree() -> Result<PathBuf, Error> {
    use std::sync::Once;
    use std::sync::atomic::{AtomicU64, Ordering};
    static SWEPT: Once = Once::new();
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let tmp = std::env::temp_dir();
    let pid = std::process::id();
    SWEPT.call_once(|| sweep_stale_trees(&tmp, pid));
    loop {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = tmp.join(format!("{TREE_PREFIX}{pid}-{n}"));
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(Error::eval(format!(
                    "creating the directory '{}': {e}",
                    dir.display()
                )));
            }
        }
    }
}

/// Removes the trees under `tmp` of processes that no longer run, and of `own` (which
/// has made none yet).
fn sweep_stale_trees(tmp: &Path, own: u32) {
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(TREE_PREFIX))
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == own || !process_runs(pid) {
            remove_tree(&entry.path());
        }
    }
}

/// Whether process `pid` is running (where that cannot be told, it is taken to run).
fn process_runs(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

fn fetching(e: Error, input: &str) -> Error {
    e.with_trace(None, format!("while fetching the input '{input}'"))
}

/// `fetchGit`, or `fetchTree` of a git input, of the checked attributes of its argument.
pub async fn fetch_git_input(
    co: &GenCo,
    attrs: InputAttrs,
    caller: Caller,
) -> Result<Value, Error> {
    let input = GitInput::from_attrs(&attrs, caller)?;
    let shown = input.to_url();
    let pure = co.host(|h| h.settings().pure_eval).await;
    if pure && input.rev.is_none() {
        if input.nar_hash.is_some() {
            co.host({
                let shown = shown.clone();
                move |h| {
                    h.nix_warning(&format!(
                        "Input '{shown}' is unlocked (e.g. lacks a Git revision) but is checked by NAR hash. This is not reproducible and will break after garbage collection or when shared."
                    ))
                }
            })
            .await;
        } else {
            return Err(Error::eval(format!(
                "in pure evaluation mode, '{}' doesn't fetch unlocked input '{shown}'",
                caller.name()
            )));
        }
    }
    crate::fetchers::check_uri(co, &shown).await?;
    let Some(path) = input.local.clone() else {
        return Err(fetching(
            Error::new(nixvm_value::ErrorKind::Unsupported(format!(
                "builtins.fetchGit of '{}' is not supported: nixvm reads local repositories only, it does not download",
                input.url
            ))),
            &shown,
        ));
    };
    if input.lfs {
        return Err(fetching(
            Error::new(nixvm_value::ErrorKind::Unsupported(
                "builtins.fetchGit with 'lfs = true' is not supported yet".into(),
            )),
            &shown,
        ));
    }
    if input.export_ignore && input.submodules {
        return Err(fetching(
            Error::eval("exportIgnore and submodules are not supported together yet"),
            &shown,
        ));
    }
    co.host(move |h| fetch_in_host(h, input, &path, &shown))
        .await
}

fn fetch_in_host(
    h: &mut dyn Host,
    input: GitInput,
    path: &Path,
    shown: &str,
) -> Result<Value, Error> {
    if let Some(done) = h
        .extensions()
        .get::<FetchedTrees>()
        .and_then(|t| t.done.get(&input))
    {
        return Ok(done.clone());
    }
    // The evaluator's file access decides whether the repository may be read at all.
    h.io().path_exists(path)?;
    let req = Request {
        path: path.to_path_buf(),
        git_ref: input.git_ref.clone(),
        rev: input.rev.clone(),
        submodules: input.submodules,
        export_ignore: input.export_ignore,
        shallow: input.shallow,
    };
    let dest = temp_tree()?;
    let mut warnings = Vec::new();
    let fetched = nixvm_git::fetch(&req, &dest, &mut |w| warnings.push(w));
    for w in &warnings {
        h.nix_warning(w);
    }
    let fetched = match fetched {
        Ok(f) => f,
        Err(e) => {
            remove_tree(&dest);
            return Err(fetching(Error::eval(e.0), shown));
        }
    };
    let stored = store_tree(h, &dest, &input, shown);
    let (store_path, nar) = match stored {
        Ok(s) => s,
        Err(e) => {
            remove_tree(&dest);
            return Err(e);
        }
    };
    let value = result_attrs(&input, &fetched, &store_path, &nar, h.call_site());
    let trees = h.extensions().get_or_default::<FetchedTrees>();
    trees.done.insert(input, value.clone());
    Ok(value)
}

/// Hashes the tree written at `dest` and gives it to the store if the store writes;
/// returns its store path and NAR hash.
fn store_tree(
    h: &mut dyn Host,
    dest: &Path,
    input: &GitInput,
    shown: &str,
) -> Result<(String, Hash), Error> {
    let keep = |_: &Path| true;
    let nar = nar_hash(&StdIO, dest, HashAlgo::Sha256, &keep)?;
    let store_dir = h.settings().store_dir.clone();
    let store_path = make_source_path_from_nar_hash(&store_dir, &input.name, &nar);
    if let Some(e) = invalid_store_path(&store_path, &store_dir, &input.name) {
        return Err(e);
    }
    if let Some(expected) = &input.nar_hash
        && *expected != nar.to_sri()
    {
        // Nix's message names the hash it got as "expected".
        return Err(Error::eval(format!(
            "NAR hash mismatch in input '{shown}', expected '{}' but got '{expected}'",
            nar.to_sri()
        )));
    }
    let store = h.store();
    if store.writes() {
        store.add_temp_root(&store_path)?;
        if !store.is_valid_path(&store_path)? {
            let written =
                store.add_dump(&input.name, nixvm_value::FileIngestion::Nar, &mut |w| {
                    dump_nar(&StdIO, dest, &keep, w)
                })?;
            check_written(&store_path, &written)?;
        }
        remember(h, &store_path, Contents::Written, &[]);
        remove_tree(dest);
    } else {
        remember(h, &store_path, Contents::Local(dest.to_path_buf()), &[]);
        h.extensions()
            .get_or_default::<FetchedTrees>()
            .dirs
            .push(dest.to_path_buf());
    }
    Ok((store_path, nar))
}

/// Raises the error its argument describes: the value of an attribute that fails only
/// when it is used (`revCount` of a shallow clone).
static FAILS_WHEN_USED: BuiltinDef = BuiltinDef::plain(
    "fetchGit",
    &[Param {
        name: "reason",
        taken: Taken::Strict,
    }],
    "Fails with the message it is given.",
    fail_when_used,
)
.untraced();

fn fail_when_used(_: &mut dyn Host, a: &[Value]) -> Result<Plan, Error> {
    let reason = nixvm_value::expect::expect_string(&a[0])?;
    Err(Error::eval(reason.to_str_lossy().into_owned()))
}

fn string(s: &str) -> Value {
    Value::String(NixString::from(s))
}

/// The attributes `fetchGit` and `fetchTree` return (Nix's `emitTreeAttrs`, with
/// `fetchGit`'s fallbacks for a tree without a commit).
fn result_attrs(
    input: &GitInput,
    fetched: &Fetched,
    store_path: &str,
    nar: &Hash,
    site: Option<nixvm_value::Span>,
) -> Value {
    let mut attrs = vec![
        Attr::new(
            Symbol::new("outPath"),
            crate::fetchers::store_path_string(store_path),
        ),
        Attr::new(Symbol::new("narHash"), string(&nar.to_sri())),
        Attr::new(Symbol::new("submodules"), Value::Bool(input.submodules)),
    ];
    let fallback = input.caller == Caller::FetchGit;
    let rev = match &fetched.rev {
        Some(rev) => Some(rev.as_str()),
        None if fallback => Some(NULL_REV),
        None => None,
    };
    if let Some(rev) = rev {
        attrs.push(Attr::new(Symbol::new("rev"), string(rev)));
        attrs.push(Attr::new(Symbol::new("shortRev"), string(&rev[..7])));
    }
    let rev_count = match (&fetched.rev, input.rev_count, &fetched.rev_count) {
        (Some(_), Some(given), _) if input.git_ref.is_some() || input.rev.is_some() => {
            Some(Value::Int(given as i64))
        }
        (_, _, RevCount::Known(n)) => Some(Value::Int(*n as i64)),
        (_, _, RevCount::Absent) => fallback.then_some(Value::Int(0)),
        (_, _, RevCount::Unavailable(why)) => Some(Value::Thunk(Thunk::new_apply(
            Value::Builtin(&FAILS_WHEN_USED),
            string(why),
            site,
        ))),
    };
    if let Some(rev_count) = rev_count {
        attrs.push(Attr::new(Symbol::new("revCount"), rev_count));
    }
    if let Some(dirty) = &fetched.dirty_rev {
        attrs.push(Attr::new(Symbol::new("dirtyRev"), string(dirty)));
        let short = format!("{}-dirty", &dirty[..7]);
        attrs.push(Attr::new(Symbol::new("dirtyShortRev"), string(&short)));
    }
    // A caller's `lastModified` stands when a commit is asked for.
    let last_modified = match input.last_modified {
        Some(given) if input.git_ref.is_some() || input.rev.is_some() => given,
        _ => fetched.last_modified,
    };
    attrs.push(Attr::new(
        Symbol::new("lastModified"),
        Value::Int(last_modified as i64),
    ));
    attrs.push(Attr::new(
        Symbol::new("lastModifiedDate"),
        string(&utc_timestamp(last_modified as i64)),
    ));
    Value::Attrs(NixAttrs::from_unsorted_first_wins(attrs))
}

/// `%Y%m%d%H%M%S` of a time in seconds since the epoch, in UTC.
fn utc_timestamp(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}{month:02}{day:02}{:02}{:02}{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_calendar_times() {
        assert_eq!(utc_timestamp(0), "19700101000000");
        assert_eq!(utc_timestamp(1_577_836_800), "20200101000000");
        assert_eq!(utc_timestamp(951_827_696), "20000229123456");
    }

    #[test]
    fn inputs_print_as_nix_prints_them() {
        let mut attrs = input_from_url("/tmp/r");
        attrs.insert("shallow".into(), InputAttr::Bool(true));
        let input = GitInput::from_attrs(&attrs, Caller::FetchGit).unwrap();
        assert_eq!(input.to_url(), "git+file:///tmp/r?exportIgnore=1&shallow=1");
        assert_eq!(input.local, Some(PathBuf::from("/tmp/r")));
    }

    #[test]
    fn bad_inputs_are_refused_with_nix_messages() {
        let mut attrs = input_from_url("/tmp/r");
        attrs.insert("foo".into(), InputAttr::Bool(true));
        let e = GitInput::from_attrs(&attrs, Caller::FetchGit).unwrap_err();
        assert!(
            e.to_string()
                .contains("input attribute 'foo' not supported by scheme 'git'")
        );
        let mut attrs = input_from_url("/tmp/r");
        attrs.insert("ref".into(), InputAttr::Str("a..b".into()));
        let e = GitInput::from_attrs(&attrs, Caller::FetchGit).unwrap_err();
        assert!(e.to_string().contains("invalid Git branch/tag name 'a..b'"));
        assert!(is_legal_ref("refs/heads/main"));
        assert!(is_legal_ref("v1.0"));
    }
}
