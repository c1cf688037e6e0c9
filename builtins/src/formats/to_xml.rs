//! Printing a value as XML: `builtins.toXML` and `nixvm --eval --xml`.
//!
//! The document is the one Nix writes: an `<expr>` root, one element per value, two spaces
//! of indentation per level, attributes of each element sorted by name, and `"`, `<`, `>`,
//! `&` and newlines escaped in attribute values. Derivations print their attributes only the
//! first time a `drvPath` is seen (`<repeated />` afterwards); functions show their argument
//! pattern; what is not evaluated (or is a builtin) is `<unevaluated />`. With `location`,
//! attributes and functions also get the `path`, `line` and `column` they were defined at.
//!
//! The walk keeps an explicit stack of the lists and sets it is inside.

use rustc_hash::FxHashSet;

use nixvm_value::code::{Lambda, Param};
use nixvm_value::fmt::format_float;
use nixvm_value::memory::Growth;
use nixvm_value::symbol::well_known;
use nixvm_value::{
    Attr, BuiltinDef, Error, GenCo, NixContext, NixLambda, NixList, NixString, Pos, SourcePos,
    Value,
};

/// How the walk goes.
#[derive(Clone, Copy, Debug)]
pub struct XmlOptions {
    /// Force values as they are reached (`toXML`, `--strict`).
    pub strict: bool,
    /// Give attributes and functions their source positions.
    pub location: bool,
}

enum Level {
    /// `depth` is that of the `<list>` element; the items are one deeper.
    List {
        items: NixList,
        next: usize,
        depth: usize,
    },
    /// `depth` is that of the `<attrs>` (or `<derivation>`) element; each `<attr>` is one
    /// deeper and its value two.
    Attrs {
        attrs: Vec<Attr>,
        positions: Vec<Option<SourcePos>>,
        next: usize,
        /// `attrs` or `derivation`.
        element: &'static str,
        depth: usize,
    },
}

/// One XML attribute; a tag's attributes are written in the order given, which callers keep
/// sorted by name as Nix does.
type XmlAttr<'a> = (&'static str, &'a [u8]);

struct Writer {
    out: Vec<u8>,
    /// What `out` has taken.
    growth: Growth,
}

impl Writer {
    /// Counts what was written since the last call against the memory ceiling.
    fn account(&mut self) -> Result<(), Error> {
        self.growth.up_to(self.out.len())
    }

    fn indent(&mut self, depth: usize) {
        self.out.resize(self.out.len() + depth * 2, b' ');
    }

    fn attrs(&mut self, attrs: &[XmlAttr]) {
        for (name, value) in attrs {
            self.out.push(b' ');
            self.out.extend_from_slice(name.as_bytes());
            self.out.extend_from_slice(b"=\"");
            // Runs of bytes that need no escaping are copied at once.
            let mut rest: &[u8] = value;
            while let Some(i) = rest
                .iter()
                .position(|c| matches!(c, b'"' | b'<' | b'>' | b'&' | b'\n'))
            {
                self.out.extend_from_slice(&rest[..i]);
                self.out.extend_from_slice(match rest[i] {
                    b'"' => b"&quot;",
                    b'<' => b"&lt;",
                    b'>' => b"&gt;",
                    b'&' => b"&amp;",
                    // A literal newline would be normalised to a space by XML readers.
                    _ => b"&#xA;",
                });
                rest = &rest[i + 1..];
            }
            self.out.extend_from_slice(rest);
            self.out.push(b'"');
        }
    }

    /// A start tag (`end` `>`) or an empty element (`end` ` />`), on a line of its own.
    fn tag(&mut self, depth: usize, name: &str, attrs: &[XmlAttr], end: &[u8]) {
        self.indent(depth);
        self.out.push(b'<');
        self.out.extend_from_slice(name.as_bytes());
        self.attrs(attrs);
        self.out.extend_from_slice(end);
        self.out.push(b'\n');
    }

    fn open(&mut self, depth: usize, name: &str, attrs: &[XmlAttr]) {
        self.tag(depth, name, attrs, b">");
    }

    fn close(&mut self, depth: usize, name: &str) {
        self.indent(depth);
        self.out.extend_from_slice(b"</");
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b">\n");
    }

    fn empty(&mut self, depth: usize, name: &str, attrs: &[XmlAttr]) {
        self.tag(depth, name, attrs, b" />");
    }
}

struct Walk<'a> {
    co: &'a GenCo,
    opts: XmlOptions,
    w: Writer,
    context: NixContext,
    drvs_seen: FxHashSet<Vec<u8>>,
    levels: Vec<Level>,
}

/// The value as an XML document, with the context of every string in it.
pub async fn to_xml(co: &GenCo, v: Value, opts: XmlOptions) -> Result<NixString, Error> {
    let mut walk = Walk {
        co,
        opts,
        w: Writer {
            out: b"<?xml version='1.0' encoding='utf-8'?>\n<expr>\n".to_vec(),
            growth: Growth::new(),
        },
        context: NixContext::new(),
        drvs_seen: FxHashSet::default(),
        levels: Vec::new(),
    };
    walk.run(v).await?;
    walk.w.out.extend_from_slice(b"</expr>\n");
    Ok(NixString::with_context(walk.w.out, walk.context))
}

/// `path`, `line` and `column`, as Nix gives them (no path for text that is not a file).
fn position_attrs(p: &SourcePos) -> (Vec<u8>, Vec<u8>, Option<Vec<u8>>) {
    let path = p.file.starts_with('/').then(|| p.file.as_bytes().to_vec());
    (
        p.column.to_string().into_bytes(),
        p.line.to_string().into_bytes(),
        path,
    )
}

impl Walk<'_> {
    async fn run(&mut self, root: Value) -> Result<(), Error> {
        let mut next = Some((root, 1));
        loop {
            // A document can be far larger than the values it is made of (a value shared
            // many times prints each time; indentation grows with depth): what it takes
            // counts against the ceiling.
            self.w.account()?;
            if let Some((v, depth)) = next.take() {
                self.value(v, depth).await?;
                continue;
            }
            let Some(level) = self.levels.last_mut() else {
                return Ok(());
            };
            match level {
                Level::List {
                    items,
                    next: i,
                    depth,
                } => {
                    let depth = *depth;
                    if let Some(item) = items.get(*i) {
                        next = Some((item.clone(), depth + 1));
                        *i += 1;
                    } else {
                        self.levels.pop();
                        self.w.close(depth, "list");
                    }
                }
                Level::Attrs {
                    attrs,
                    positions,
                    next: i,
                    element,
                    depth,
                } => {
                    let depth = *depth;
                    if *i > 0 {
                        self.w.close(depth + 1, "attr");
                    }
                    if let Some(attr) = attrs.get(*i) {
                        let name = attr.name.as_bytes();
                        match positions.get(*i).and_then(Option::as_ref) {
                            Some(p) => {
                                let (column, line, path) = position_attrs(p);
                                let mut xml: Vec<XmlAttr> =
                                    vec![("column", &column), ("line", &line), ("name", name)];
                                if let Some(path) = &path {
                                    xml.push(("path", path));
                                }
                                self.w.open(depth + 1, "attr", &xml);
                            }
                            None => self.w.open(depth + 1, "attr", &[("name", name)]),
                        }
                        next = Some((attr.value.clone(), depth + 2));
                        *i += 1;
                    } else {
                        let element = *element;
                        self.levels.pop();
                        self.w.close(depth, element);
                    }
                }
            }
        }
    }

    async fn force(&self, v: Value) -> Value {
        if self.opts.strict {
            self.co.force(v).await
        } else {
            v.shallow()
        }
    }

    /// Prints one value at `depth`, or opens the list or set it is.
    async fn value(&mut self, v: Value, depth: usize) -> Result<(), Error> {
        let v = self.force(v).await;
        match &v {
            Value::Int(i) => self
                .w
                .empty(depth, "int", &[("value", i.to_string().as_bytes())]),
            Value::Bool(b) => {
                let text: &[u8] = if *b { b"true" } else { b"false" };
                self.w.empty(depth, "bool", &[("value", text)]);
            }
            Value::String(s) => {
                if let Some(c) = s.context() {
                    self.context.extend(c.iter().cloned());
                }
                self.w.empty(depth, "string", &[("value", s.as_bytes())]);
            }
            Value::Path(p) => {
                self.w.empty(
                    depth,
                    "path",
                    &[("value", p.as_os_str().as_encoded_bytes())],
                );
            }
            Value::Null => self.w.empty(depth, "null", &[]),
            Value::Float(f) => {
                self.w
                    .empty(depth, "float", &[("value", format_float(*f).as_bytes())]);
            }
            Value::List(l) => {
                self.w.open(depth, "list", &[]);
                self.levels.push(Level::List {
                    items: l.clone(),
                    next: 0,
                    depth,
                });
            }
            Value::Attrs(a) => {
                let mut attrs: Vec<Attr> = a.iter().cloned().collect();
                attrs.sort_by(|x, y| x.name.cmp_text(y.name));
                let positions = self.positions(&attrs).await;
                let element = if self.is_derivation(a).await {
                    let drv_path = self.string_attr(a, well_known::drv_path()).await;
                    let out_path = self.string_attr(a, well_known::out_path()).await;
                    let mut xml: Vec<XmlAttr> = Vec::new();
                    if let Some(d) = &drv_path {
                        xml.push(("drvPath", d.as_bytes()));
                    }
                    if let Some(o) = &out_path {
                        xml.push(("outPath", o.as_bytes()));
                    }
                    self.w.open(depth, "derivation", &xml);
                    let first_time = match &drv_path {
                        Some(d) if !d.is_empty() => self.drvs_seen.insert(d.as_bytes().to_vec()),
                        _ => false,
                    };
                    if !first_time {
                        self.w.empty(depth + 1, "repeated", &[]);
                        self.w.close(depth, "derivation");
                        return Ok(());
                    }
                    "derivation"
                } else {
                    self.w.open(depth, "attrs", &[]);
                    "attrs"
                };
                self.levels.push(Level::Attrs {
                    attrs,
                    positions,
                    next: 0,
                    element,
                    depth,
                });
            }
            Value::Closure(c) => self.function(&c.lambda, depth).await,
            Value::Builtin(BuiltinDef {
                lambda: Some(l), ..
            }) => self.nix_lambda(l, depth),
            Value::Builtin(_) | Value::PartialApp(_) | Value::Thunk(_) => {
                self.w.empty(depth, "unevaluated", &[]);
            }
        }
        Ok(())
    }

    async fn function(&mut self, lambda: &Lambda, depth: usize) {
        let pos = if self.opts.location {
            self.resolve(vec![Some(lambda.span.low())])
                .await
                .pop()
                .flatten()
        } else {
            None
        };
        self.open_function(pos.as_ref(), depth);
        match lambda.param() {
            Some(Param::Formals { formals, bind }) => {
                let mut names: Vec<_> = formals.entries.iter().map(|f| f.name).collect();
                names.sort_by(|a, b| a.cmp_text(*b));
                let names: Vec<&[u8]> = names.iter().map(|n| n.as_bytes()).collect();
                let bind = bind.as_ref().map(|b| b.as_bytes());
                self.attrs_pattern(formals.ellipsis, bind, &names, depth + 1);
            }
            Some(Param::Ident(name)) => {
                self.w
                    .empty(depth + 1, "varpat", &[("name", name.as_bytes())]);
            }
            None => {}
        }
        self.w.close(depth, "function");
    }

    /// A builtin that Nix defines as a function of a Nix file, as that function.
    fn nix_lambda(&mut self, l: &NixLambda, depth: usize) {
        let pos = self.opts.location.then(|| SourcePos {
            file: l.path.to_string(),
            line: l.line,
            column: l.column,
        });
        self.open_function(pos.as_ref(), depth);
        let names: Vec<&[u8]> = l.formals.iter().map(|(n, _)| n.as_bytes()).collect();
        let bind = l.bind.map(str::as_bytes);
        self.attrs_pattern(l.ellipsis, bind, &names, depth + 1);
        self.w.close(depth, "function");
    }

    fn open_function(&mut self, pos: Option<&SourcePos>, depth: usize) {
        match pos {
            Some(p) => {
                let (column, line, path) = position_attrs(p);
                let mut xml: Vec<XmlAttr> = vec![("column", &column), ("line", &line)];
                if let Some(path) = &path {
                    xml.push(("path", path));
                }
                self.w.open(depth, "function", &xml);
            }
            None => self.w.open(depth, "function", &[]),
        }
    }

    /// `{ names…, ... } @ bind`, the names in the order given.
    fn attrs_pattern(
        &mut self,
        ellipsis: bool,
        bind: Option<&[u8]>,
        names: &[&[u8]],
        depth: usize,
    ) {
        let mut xml: Vec<XmlAttr> = Vec::new();
        if ellipsis {
            xml.push(("ellipsis", b"1"));
        }
        if let Some(b) = bind {
            xml.push(("name", b));
        }
        self.w.open(depth, "attrspat", &xml);
        for n in names {
            self.w.empty(depth + 1, "attr", &[("name", n)]);
        }
        self.w.close(depth, "attrspat");
    }

    /// Whether `a` is a derivation; like Nix, this forces its `type` even when not strict.
    async fn is_derivation(&self, a: &nixvm_value::NixAttrs) -> bool {
        let Some(t) = a.get(well_known::type_()) else {
            return false;
        };
        match self.co.force(t.clone()).await {
            Value::String(s) => s.as_bytes() == b"derivation",
            _ => false,
        }
    }

    /// The attribute `name` of a derivation, if it is a string.
    async fn string_attr(
        &self,
        a: &nixvm_value::NixAttrs,
        name: nixvm_value::Symbol,
    ) -> Option<NixString> {
        let v = self.force(a.get(name)?.clone()).await;
        match v {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    async fn positions(&self, attrs: &[Attr]) -> Vec<Option<SourcePos>> {
        if !self.opts.location {
            return Vec::new();
        }
        self.resolve(attrs.iter().map(|a| a.pos).collect()).await
    }

    /// Resolves positions through the host, all in one request.
    async fn resolve(&self, positions: Vec<Option<Pos>>) -> Vec<Option<SourcePos>> {
        self.co
            .host(move |host| {
                positions
                    .iter()
                    .map(|p| p.and_then(|p| host.resolve_pos(p)))
                    .collect()
            })
            .await
    }
}
