//! The document being built, as an arena of nodes, and TOML's rules for
//! which keys and tables may be defined where.
//!
//! The rules are TOML 1.0.0's, in the form toml11 4.x (current Nix)
//! implements them.  Every table remembers how it came to exist:
//! * `Explicit` — the root, or a `[header]` / `[[header]]` table;
//! * `Implicit` — created as a parent by a header (`[a.b]` creates `a`);
//!   a later `[a]` may define it once, turning it `Explicit`;
//! * `Dotted` — created by a dotted key (`a.b = 1` creates `a`); more
//!   dotted keys may add to it, headers may add sub-tables below it, but
//!   it cannot be given a header of its own;
//! * `Inline` — `{ … }`; closed for good once written.
//!
//! Arrays written as values are closed too; only arrays created by
//! `[[header]]` grow, and headers below them address their last element.
//!
//! Nix 2.8's older toml11 is laxer here (it accepts `a.b.c = 1` followed
//! by `[a.b]`, and `[a.c]` after `a = [{…}]`); we follow the spec.
//!
//! An arena keeps nesting off the native stack: nodes refer to children
//! by index and conversion to [`Data`] is an explicit post-order walk.

use std::collections::HashMap;

use super::Data;

pub(super) type NodeId = usize;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum TableKind {
    Explicit,
    Implicit,
    Dotted,
    Inline,
}

/// How a key path is being defined.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Define {
    /// `[a.b]`
    Table,
    /// `[[a.b]]`
    ArrayTable,
    /// `a.b = value`
    DottedKey(NodeId),
}

struct Table {
    /// Members in order of first definition.
    entries: Vec<(Vec<u8>, NodeId)>,
    index: HashMap<Vec<u8>, NodeId>,
    kind: TableKind,
}

enum Node {
    Table(Table),
    /// `of_tables`: created by `[[header]]` and still growing.
    Array {
        items: Vec<NodeId>,
        of_tables: bool,
    },
    Leaf(Data),
}

pub(super) struct Tree {
    nodes: Vec<Node>,
}

/// `a.b."c d"` for messages.
fn display_path(keys: &[Vec<u8>]) -> String {
    let parts: Vec<String> = keys
        .iter()
        .map(|k| {
            let bare = !k.is_empty()
                && k.iter()
                    .all(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            let s = String::from_utf8_lossy(k);
            if bare {
                s.into_owned()
            } else {
                format!("{s:?}")
            }
        })
        .collect();
    parts.join(".")
}

impl Tree {
    /// A tree holding just the root table (node 0).
    pub(super) fn new() -> Self {
        let mut tree = Tree { nodes: Vec::new() };
        tree.new_table(TableKind::Explicit);
        tree
    }

    pub(super) const ROOT: NodeId = 0;

    fn push(&mut self, node: Node) -> NodeId {
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    pub(super) fn new_table(&mut self, kind: TableKind) -> NodeId {
        self.push(Node::Table(Table {
            entries: Vec::new(),
            index: HashMap::new(),
            kind,
        }))
    }

    pub(super) fn new_array(&mut self) -> NodeId {
        self.push(Node::Array {
            items: Vec::new(),
            of_tables: false,
        })
    }

    pub(super) fn new_leaf(&mut self, d: Data) -> NodeId {
        self.push(Node::Leaf(d))
    }

    pub(super) fn push_item(&mut self, array: NodeId, item: NodeId) {
        if let Node::Array { items, .. } = &mut self.nodes[array] {
            items.push(item);
        }
    }

    fn table_mut(&mut self, id: NodeId) -> &mut Table {
        match &mut self.nodes[id] {
            Node::Table(t) => t,
            _ => unreachable!("node {id} is a table"),
        }
    }

    fn lookup(&self, table: NodeId, key: &[u8]) -> Option<NodeId> {
        match &self.nodes[table] {
            Node::Table(t) => t.index.get(key).copied(),
            _ => None,
        }
    }

    fn add_member(&mut self, table: NodeId, key: &[u8], child: NodeId) {
        let t = self.table_mut(table);
        t.entries.push((key.to_vec(), child));
        t.index.insert(key.to_vec(), child);
    }

    /// Defines `keys` (relative to table `start`) as `what` says and
    /// returns the table that later key/value lines go into (for
    /// headers) or the inserted value.  Errors are messages; the caller
    /// adds the position.
    pub(super) fn define(
        &mut self,
        start: NodeId,
        keys: &[Vec<u8>],
        what: Define,
    ) -> Result<NodeId, String> {
        let (last, parents) = keys.split_last().ok_or("empty key")?;
        let mut table = start;
        for (depth, key) in parents.iter().enumerate() {
            let path = || display_path(&keys[..=depth]);
            table = match self.lookup(table, key) {
                None => {
                    let kind = match what {
                        Define::DottedKey(_) => TableKind::Dotted,
                        _ => TableKind::Implicit,
                    };
                    let child = self.new_table(kind);
                    self.add_member(table, key, child);
                    child
                }
                Some(child) => match &self.nodes[child] {
                    Node::Table(t) if t.kind == TableKind::Inline => {
                        return Err(format!("inline table `{}` cannot be extended", path()));
                    }
                    Node::Table(t)
                        if matches!(what, Define::DottedKey(_)) && t.kind != TableKind::Dotted =>
                    {
                        return Err(format!(
                            "table `{}` is already defined; dotted keys cannot add to it",
                            path()
                        ));
                    }
                    Node::Table(_) => child,
                    Node::Array {
                        of_tables: false, ..
                    } => {
                        return Err(format!(
                            "array `{}` is already defined and is not a table",
                            path()
                        ));
                    }
                    Node::Array { .. } if matches!(what, Define::DottedKey(_)) => {
                        return Err(format!(
                            "array of tables `{}` cannot be extended with dotted keys",
                            path()
                        ));
                    }
                    Node::Array { items, .. } => *items.last().ok_or("empty array of tables")?,
                    Node::Leaf(_) => {
                        return Err(format!(
                            "key `{}` is already defined and is not a table",
                            path()
                        ));
                    }
                },
            };
        }
        let path = || display_path(keys);
        let existing = self.lookup(table, last);
        match what {
            Define::DottedKey(value) => {
                if existing.is_some() {
                    return Err(format!("duplicate key `{}`", path()));
                }
                self.add_member(table, last, value);
                Ok(value)
            }
            Define::Table => match existing {
                None => {
                    let child = self.new_table(TableKind::Explicit);
                    self.add_member(table, last, child);
                    Ok(child)
                }
                Some(child) => match &mut self.nodes[child] {
                    Node::Table(t) if t.kind == TableKind::Implicit => {
                        t.kind = TableKind::Explicit;
                        Ok(child)
                    }
                    _ => Err(format!("table `{}` is already defined", path())),
                },
            },
            Define::ArrayTable => {
                let element = match existing {
                    None => {
                        let array = self.push(Node::Array {
                            items: Vec::new(),
                            of_tables: true,
                        });
                        self.add_member(table, last, array);
                        array
                    }
                    Some(array)
                        if matches!(
                            self.nodes[array],
                            Node::Array {
                                of_tables: true,
                                ..
                            }
                        ) =>
                    {
                        array
                    }
                    Some(_) => {
                        return Err(format!(
                            "`{}` is already defined and is not an array of tables",
                            path()
                        ));
                    }
                };
                let child = self.new_table(TableKind::Explicit);
                self.push_item(element, child);
                Ok(child)
            }
        }
    }

    /// Converts the subtree at `root` into [`Data`], consuming the tree.
    pub(super) fn into_data(mut self, root: NodeId) -> Data {
        enum Task {
            Visit(NodeId),
            Finish(NodeId),
        }
        let mut tasks = vec![Task::Visit(root)];
        let mut out: Vec<Data> = Vec::new();
        while let Some(task) = tasks.pop() {
            match task {
                Task::Visit(id) => match &mut self.nodes[id] {
                    Node::Leaf(d) => out.push(std::mem::replace(d, Data::Null)),
                    Node::Table(t) => {
                        tasks.push(Task::Finish(id));
                        tasks.extend(t.entries.iter().rev().map(|&(_, child)| Task::Visit(child)));
                    }
                    Node::Array { items, .. } => {
                        tasks.push(Task::Finish(id));
                        tasks.extend(items.iter().rev().map(|&child| Task::Visit(child)));
                    }
                },
                Task::Finish(id) => match &mut self.nodes[id] {
                    Node::Table(t) => {
                        let values = out.split_off(out.len() - t.entries.len());
                        let keys = std::mem::take(&mut t.entries).into_iter().map(|(k, _)| k);
                        out.push(Data::Object(keys.zip(values).collect()));
                    }
                    Node::Array { items, .. } => {
                        let values = out.split_off(out.len() - items.len());
                        out.push(Data::List(values));
                    }
                    Node::Leaf(_) => {}
                },
            }
        }
        out.pop().unwrap_or(Data::Null)
    }
}
