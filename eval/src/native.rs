//! Builtins written in Rust by an embedder, as closures that may keep state.
//!
//! Each one is a [`BuiltinDef`] of [`Body::Native`] kind, in `builtins` (and in scope as
//! `__name`) like any other, with its documentation for `:doc`. The definition is shared
//! data (interned, so that making evaluators in a loop does not add definitions); the
//! closure belongs to the evaluator, in a table its host keeps. A call runs [`run`]: it
//! evaluates the arguments completely, then calls the closure with them.
//!
//! ```
//! use std::cell::Cell;
//! use std::rc::Rc;
//! use nixvm::{EvaluatorBuilder, convert};
//!
//! let calls = Rc::new(Cell::new(0));
//! let counter = calls.clone();
//! let ev = EvaluatorBuilder::pure()
//!     .builtin("greet", &["name"], "Greets someone by name.", move |args| {
//!         counter.set(counter.get() + 1);
//!         let name: String = args.get(0)?;
//!         convert::to_nix(&format!("Hello, {name}!"))
//!     })
//!     .build();
//! let v = ev.eval_expr(r#"map builtins.greet [ "Ada" ("Gra" + "ce") ]"#).unwrap();
//! let greetings: Vec<String> = v.deserialize().unwrap();
//! assert_eq!(greetings, ["Hello, Ada!", "Hello, Grace!"]);
//! assert_eq!(calls.get(), 2);
//! ```

use std::rc::Rc;
use std::sync::{Mutex, OnceLock};

use rustc_hash::FxHashMap;

use nixvm_value::{BuiltinDef, GenCo, GenFuture, Param, Taken, Value};

use crate::RawError;

/// What a Rust builtin's closure is: its arguments, evaluated, to its value.
pub type NativeFn = dyn Fn(&Args<'_>) -> Result<Value, RawError>;

/// The arguments of a Rust builtin, evaluated completely.
pub struct Args<'a> {
    values: &'a [Value],
}

impl Args<'_> {
    /// Argument `i` converted into `T` (see [`convert::from_nix`](crate::convert::from_nix)).
    pub fn get<T: serde::de::DeserializeOwned>(&self, i: usize) -> Result<T, RawError> {
        crate::convert::from_nix(self.value(i))
    }

    /// Argument `i` as a value.
    pub fn value(&self, i: usize) -> &Value {
        &self.values[i]
    }

    /// How many arguments there are (the builtin's number of parameters).
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the builtin takes no arguments (never: a builtin takes at least one).
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// The closures of an evaluator's Rust builtins, by number.
#[derive(Default)]
pub(crate) struct Natives(pub(crate) Vec<Rc<NativeFn>>);

/// The shared definition of the builtin `name` that is closure number `id` of its
/// evaluator.
pub(crate) fn definition(name: &str, params: &[&str], doc: &str, id: u32) -> &'static BuiltinDef {
    type Key = (String, Vec<String>, String, u32);
    static DEFS: OnceLock<Mutex<FxHashMap<Key, &'static BuiltinDef>>> = OnceLock::new();
    let key = (
        name.to_string(),
        params.iter().map(|p| p.to_string()).collect(),
        doc.to_string(),
        id,
    );
    let mut defs = DEFS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    defs.entry(key).or_insert_with(|| {
        // Definitions live for the rest of the process, as the built-in ones do; interning
        // bounds them by the distinct builtins ever registered.
        let leak = |s: &str| -> &'static str { Box::leak(s.to_string().into_boxed_str()) };
        let params: Vec<Param> = params
            .iter()
            .map(|p| Param {
                name: leak(p),
                taken: Taken::Lazy,
            })
            .collect();
        let params: &'static [Param] = Box::leak(params.into_boxed_slice());
        Box::leak(Box::new(BuiltinDef::native(
            leak(name),
            params,
            leak(doc),
            id,
        )))
    })
}

/// The generator every Rust builtin runs: argument 0 is the closure's number, the others
/// are the builtin's own.
pub(crate) fn run(co: GenCo, mut args: Vec<Value>) -> GenFuture {
    Box::pin(async move {
        let Value::Int(id) = args.remove(0) else {
            unreachable!("the VM passes the closure's number first")
        };
        let mut values = Vec::with_capacity(args.len());
        for a in args {
            values.push(co.deep_force(a).await);
        }
        co.host(move |host| {
            let natives = host.extensions().get_or_default::<Natives>();
            let f = natives.0[id as usize].clone();
            f(&Args { values: &values })
        })
        .await
    })
}
