//! One repository and the questions asked of it, each answered by running `git`.
//!
//! Every command runs with the repository named explicitly (`-C` for a working tree,
//! `--git-dir` for a repository without one), without the `GIT_DIR`-style variables of the
//! caller's environment (which would point `git` elsewhere), without optional locks (so
//! that reading never rewrites the index) and without the system-wide attributes file
//! (Nix's libgit2 calls leave it out too).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::Error;

/// The variables that would make `git` look at another repository than the one named.
const REDIRECTING_VARS: &[&str] = &[
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
];

/// Takes the contents of the blob at each index of the list read.
pub type BlobSink<'a> = dyn FnMut(usize, &[u8]) -> Result<(), Error> + 'a;

/// A repository: a working tree with its `.git`, or a repository without a working tree.
#[derive(Clone, Debug)]
pub struct Repo {
    path: PathBuf,
    bare: bool,
}

/// Where the attributes (`export-ignore`) of paths are read from.
#[derive(Clone, Copy, Debug)]
pub enum AttrSource<'a> {
    /// The `.gitattributes` files of the index.
    Index,
    /// Those of a commit.
    Commit(&'a str),
}

/// One entry of a commit's tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TreeEntry {
    /// `/`-separated, relative to the root.
    pub path: String,
    pub kind: EntryKind,
    /// The object's id (of the commit, for a submodule).
    pub id: String,
}

/// What a tree entry is, by its Git file mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    Directory,
    File {
        executable: bool,
    },
    Symlink,
    /// A submodule's commit (a "gitlink").
    Submodule,
}

/// A submodule as `.gitmodules` describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Submodule {
    pub path: String,
    pub url: String,
    pub branch: String,
}

impl Repo {
    /// The working tree at `path` (which has a `.git`). Fails, as Nix does, when there is
    /// no repository there.
    pub fn open_workdir(path: &Path) -> Result<Repo, Error> {
        let repo = Repo {
            path: path.to_path_buf(),
            bare: false,
        };
        repo.check_opens()?;
        Ok(repo)
    }

    /// The repository at `path` itself, without a working tree.
    pub fn open_bare(path: &Path) -> Result<Repo, Error> {
        let repo = Repo {
            path: path.to_path_buf(),
            bare: true,
        };
        repo.check_opens()?;
        Ok(repo)
    }

    fn check_opens(&self) -> Result<(), Error> {
        let found = self.output(&["rev-parse", "--git-dir"])?;
        if found.status.success() {
            return Ok(());
        }
        Err(Error(format!(
            "opening Git repository '{}': could not find repository at '{}'",
            self.path.display(),
            self.path.display()
        )))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn command(&self) -> Command {
        let mut c = Command::new("git");
        if self.bare {
            c.arg("--git-dir").arg(&self.path);
        } else {
            c.arg("-C").arg(&self.path);
        }
        for var in REDIRECTING_VARS {
            c.env_remove(var);
        }
        c.env("GIT_OPTIONAL_LOCKS", "0")
            .env("GIT_ATTR_NOSYSTEM", "1")
            .env("LC_ALL", "C")
            .stdin(Stdio::null());
        c
    }

    fn output(&self, args: &[&str]) -> Result<std::process::Output, Error> {
        self.command()
            .args(args)
            .stderr(Stdio::piped())
            .stdout(Stdio::piped())
            .output()
            .map_err(|e| Error(format!("cannot run the 'git' program: {e}")))
    }

    /// The standard output of a command that must succeed.
    fn run(&self, args: &[&str]) -> Result<Vec<u8>, Error> {
        let out = self.output(args)?;
        if out.status.success() {
            return Ok(out.stdout);
        }
        Err(Error(format!(
            "'git {}' failed in '{}': {}",
            args.join(" "),
            self.path.display(),
            String::from_utf8_lossy(&out.stderr).trim_end()
        )))
    }

    /// The standard output of a command, or `None` when it fails.
    fn try_run(&self, args: &[&str]) -> Result<Option<Vec<u8>>, Error> {
        let out = self.output(args)?;
        Ok(out.status.success().then_some(out.stdout))
    }

    fn line(bytes: Vec<u8>) -> String {
        String::from_utf8_lossy(&bytes).trim_end().to_string()
    }

    /// The commit `rev` (a commit id, branch, tag or other revision) stands for, if any.
    pub fn resolve(&self, rev: &str) -> Result<Option<String>, Error> {
        let peeled = format!("{rev}^{{commit}}");
        Ok(self
            .try_run(&[
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                &peeled,
            ])?
            .map(Repo::line))
    }

    /// The commit `HEAD` points to; `None` before the first commit.
    pub fn head(&self) -> Result<Option<String>, Error> {
        self.resolve("HEAD")
    }

    /// The reference `HEAD` points to (`refs/heads/main`); `None` when it is detached.
    pub fn head_ref(&self) -> Result<Option<String>, Error> {
        Ok(self
            .try_run(&["symbolic-ref", "--quiet", "HEAD"])?
            .map(Repo::line))
    }

    /// The commit time of `rev`, in seconds since the epoch.
    pub fn commit_time(&self, rev: &str) -> Result<u64, Error> {
        let out = Repo::line(self.run(&["log", "-1", "--format=%ct", rev, "--"])?);
        out.parse()
            .map_err(|_| Error(format!("cannot read the commit time of '{rev}': '{out}'")))
    }

    /// How many commits `rev` has in its history, itself included.
    pub fn rev_count(&self, rev: &str) -> Result<u64, Error> {
        let out = Repo::line(self.run(&["rev-list", "--count", rev, "--"])?);
        out.parse()
            .map_err(|_| Error(format!("cannot count the commits of '{rev}': '{out}'")))
    }

    /// Whether the history is cut short (a `--depth` clone).
    pub fn is_shallow(&self) -> Result<bool, Error> {
        Ok(Repo::line(self.run(&["rev-parse", "--is-shallow-repository"])?) == "true")
    }

    /// The URL of the `origin` remote, if there is one.
    pub fn origin_url(&self) -> Result<Option<String>, Error> {
        Ok(self
            .try_run(&["config", "--get", "remote.origin.url"])?
            .map(Repo::line))
    }

    /// The paths in the index, without submodules, and whether the working tree or the
    /// index differs from `HEAD` (submodules and untracked files aside), as Nix's
    /// libgit2 status query sees it.
    pub fn index_files(&self) -> Result<(BTreeSet<String>, bool), Error> {
        let listing = self.run(&["ls-files", "-z", "--stage"])?;
        let mut files = BTreeSet::new();
        for record in listing.split(|&b| b == 0).filter(|r| !r.is_empty()) {
            // "MODE ID STAGE\tPATH"
            let Some(tab) = record.iter().position(|&b| b == b'\t') else {
                continue;
            };
            if record.starts_with(b"160000 ") {
                continue;
            }
            files.insert(String::from_utf8_lossy(&record[tab + 1..]).into_owned());
        }
        let status = self.run(&[
            "status",
            "--porcelain=v1",
            "-z",
            "--ignore-submodules=all",
            "--untracked-files=no",
        ])?;
        Ok((files, !status.is_empty()))
    }

    /// The submodules described by the `.gitmodules` of the working tree.
    pub fn workdir_submodules(&self) -> Result<Vec<Submodule>, Error> {
        let file = self.path.join(".gitmodules");
        if std::fs::symlink_metadata(&file).is_err() {
            return Ok(Vec::new());
        }
        let file = file.to_string_lossy().into_owned();
        self.submodules_from(&["-f", &file])
    }

    /// The submodules described by the `.gitmodules` of commit `rev`.
    pub fn commit_submodules(&self, rev: &str) -> Result<Vec<Submodule>, Error> {
        let blob = format!("{rev}:.gitmodules");
        if self.try_run(&["cat-file", "-e", &blob])?.is_none() {
            return Ok(Vec::new());
        }
        self.submodules_from(&["--blob", &blob])
    }

    /// Nix reads `submodule.NAME.path`, `.url` and `.branch`, the first of each name
    /// winning, and lists the submodules by name.
    fn submodules_from(&self, source: &[&str]) -> Result<Vec<Submodule>, Error> {
        let mut args = vec!["config"];
        args.extend_from_slice(source);
        args.extend(["-z", "--get-regexp", r"^submodule\..*\.(path|url|branch)$"]);
        // No match is exit status 1, which is no submodules.
        let Some(out) = self.try_run(&args)? else {
            return Ok(Vec::new());
        };
        let mut entries = BTreeMap::new();
        for record in out.split(|&b| b == 0).filter(|r| !r.is_empty()) {
            let record = String::from_utf8_lossy(record);
            let (key, value) = record.split_once('\n').unwrap_or((&record, ""));
            let key = key.strip_prefix("submodule.").unwrap_or(key);
            entries
                .entry(key.to_string())
                .or_insert_with(|| value.to_string());
        }
        let get = |key: String| entries.get(&key).cloned().unwrap_or_default();
        Ok(entries
            .iter()
            .filter_map(|(key, path)| {
                let name = key.strip_suffix(".path")?;
                Some(Submodule {
                    path: path.trim_matches('/').to_string(),
                    url: get(format!("{name}.url")),
                    branch: get(format!("{name}.branch")),
                })
            })
            .collect())
    }

    /// Every entry of commit `rev`'s tree, directories before what they hold.
    pub fn tree(&self, rev: &str) -> Result<Vec<TreeEntry>, Error> {
        let listing = self.run(&["ls-tree", "-r", "-t", "-z", "--full-tree", rev])?;
        let mut entries = Vec::new();
        for record in listing.split(|&b| b == 0).filter(|r| !r.is_empty()) {
            // "MODE TYPE ID\tPATH"
            let record = String::from_utf8_lossy(record);
            let Some((meta, path)) = record.split_once('\t') else {
                continue;
            };
            let mut fields = meta.split(' ');
            let (Some(mode), Some(_), Some(id)) = (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let kind = match mode {
                "040000" => EntryKind::Directory,
                "100755" => EntryKind::File { executable: true },
                "120000" => EntryKind::Symlink,
                "160000" => EntryKind::Submodule,
                _ => EntryKind::File { executable: false },
            };
            entries.push(TreeEntry {
                path: path.to_string(),
                kind,
                id: id.to_string(),
            });
        }
        Ok(entries)
    }

    /// Which of `paths` have the `export-ignore` attribute set.
    pub fn export_ignored(
        &self,
        paths: &[&str],
        source: AttrSource<'_>,
    ) -> Result<BTreeSet<String>, Error> {
        let mut args = vec!["check-attr", "-z", "--stdin"];
        let from;
        match source {
            AttrSource::Index => args.push("--cached"),
            AttrSource::Commit(rev) => {
                from = format!("--source={rev}");
                args.push(&from);
            }
        }
        args.push("export-ignore");
        let mut input = Vec::new();
        for p in paths {
            input.extend_from_slice(p.as_bytes());
            input.push(0);
        }
        let out = self.pipe(&args, input)?;
        // "PATH\0ATTRIBUTE\0VALUE\0" for each path.
        let fields: Vec<&[u8]> = out.split(|&b| b == 0).collect();
        Ok(fields
            .chunks(3)
            .filter(|c| c.len() == 3 && c[2] == b"set")
            .map(|c| String::from_utf8_lossy(c[0]).into_owned())
            .collect())
    }

    /// Runs a command with `input` on its standard input (written from another thread, so
    /// that neither side waits for the other), returning its output.
    fn pipe(&self, args: &[&str], input: Vec<u8>) -> Result<Vec<u8>, Error> {
        let mut child = self
            .command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| Error(format!("cannot run the 'git' program: {e}")))?;
        let mut stdin = child.stdin.take().expect("stdin is piped");
        let writer = std::thread::spawn(move || stdin.write_all(&input));
        let out = child
            .wait_with_output()
            .map_err(|e| Error(format!("running 'git {}': {e}", args.join(" "))))?;
        let _ = writer.join();
        if !out.status.success() {
            return Err(Error(format!(
                "'git {}' failed in '{}': {}",
                args.join(" "),
                self.path.display(),
                String::from_utf8_lossy(&out.stderr).trim_end()
            )));
        }
        Ok(out.stdout)
    }

    /// Reads the blobs `ids`, in order, handing each one's contents to `each`.
    pub fn read_blobs(&self, ids: &[&str], each: &mut BlobSink<'_>) -> Result<(), Error> {
        if ids.is_empty() {
            return Ok(());
        }
        let mut child = self
            .command()
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| Error(format!("cannot run the 'git' program: {e}")))?;
        let mut stdin = child.stdin.take().expect("stdin is piped");
        let request: Vec<u8> = ids
            .iter()
            .flat_map(|id| format!("{id}\n").into_bytes())
            .collect();
        let writer = std::thread::spawn(move || stdin.write_all(&request));
        let mut out = BufReader::new(child.stdout.take().expect("stdout is piped"));
        let mut result = Ok(());
        let mut header = String::new();
        let mut contents = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            header.clear();
            let read = out.read_line(&mut header);
            // "ID TYPE SIZE", or "ID missing".
            let size = header
                .split(' ')
                .nth(2)
                .and_then(|s| s.trim_end().parse::<usize>().ok());
            let Some(size) = size.filter(|_| matches!(read, Ok(n) if n > 0)) else {
                result = Err(Error(format!(
                    "cannot read Git object '{id}' in '{}'",
                    self.path.display()
                )));
                break;
            };
            contents.resize(size + 1, 0);
            if let Err(e) = out.read_exact(&mut contents) {
                result = Err(Error(format!("reading Git object '{id}': {e}")));
                break;
            }
            if let Err(e) = each(i, &contents[..size]) {
                result = Err(e);
                break;
            }
        }
        drop(out);
        let _ = child.kill();
        let _ = child.wait();
        let _ = writer.join();
        result
    }
}
