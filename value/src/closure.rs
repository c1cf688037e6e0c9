//! Closures: compiled functions together with the variables they captured.
//!
//! Captures are flat: when a closure or thunk is created, the values of the variables its
//! body uses from enclosing scopes are copied into its own upvalue array. Nix values are
//! immutable, so a copy is indistinguishable from a reference; recursive bindings work
//! because what gets copied is the (shared) thunk of the binding. A closure or thunk that
//! can read nothing but its creator's upvalues (made by a thunk body with no locals in
//! scope, or reading none of its creator's locals) takes the creator's array itself
//! (`Lambda::shares`).

use std::rc::Rc;

use crate::code::{Capture, Lambda};
use crate::drop::{release, release_one};
use crate::value::Value;

/// The captured variables of a closure or thunk.
///
/// Most closures and thunks capture nothing or one variable; those keep it inline, saving
/// an allocation per closure or thunk created.
pub enum Upvalues {
    None,
    One(Value),
    Many(Rc<[Value]>),
}

impl Clone for Upvalues {
    // Cloned on every call and thunk: kept inline.
    #[inline(always)]
    fn clone(&self) -> Upvalues {
        match self {
            Upvalues::None => Upvalues::None,
            Upvalues::One(v) => Upvalues::One(v.clone()),
            Upvalues::Many(v) => Upvalues::Many(v.clone()),
        }
    }
}

impl Upvalues {
    /// The upvalues of a function or thunk with these captures, made by a frame with these
    /// locals and upvalues: what each capture names, copied.
    ///
    /// Made on every closure and thunk creation, so written to be inlined whole: no
    /// iterator adapter is left as a call per value.
    #[inline(always)]
    pub fn capture(captures: &[Capture], locals: &[Value], upvalues: &Upvalues) -> Upvalues {
        let upvalues = upvalues.as_slice();
        #[inline(always)]
        fn get<'a>(c: Capture, locals: &'a [Value], upvalues: &'a [Value]) -> &'a Value {
            match c {
                Capture::Local(i) => &locals[i as usize],
                Capture::Upvalue(j) => &upvalues[j as usize],
            }
        }
        let get = |c| get(c, locals, upvalues).clone();
        // Arrays of up to eight are built whole: collecting from an iterator costs several
        // times the allocation itself. On a NixOS evaluation about 830,000 of the 2.7
        // million arrays of two or more values have five or more, and collecting them
        // was 2% of all instructions.
        macro_rules! whole {
            ($($c:ident),+) => {
                Upvalues::Many(Rc::new([$(get($c)),+]))
            };
        }
        match *captures {
            [] => Upvalues::None,
            [c] => Upvalues::One(get(c)),
            [a, b] => whole!(a, b),
            [a, b, c] => whole!(a, b, c),
            [a, b, c, d] => whole!(a, b, c, d),
            [a, b, c, d, e] => whole!(a, b, c, d, e),
            [a, b, c, d, e, f] => whole!(a, b, c, d, e, f),
            [a, b, c, d, e, f, g] => whole!(a, b, c, d, e, f, g),
            [a, b, c, d, e, f, g, h] => whole!(a, b, c, d, e, f, g, h),
            _ => Upvalues::Many(captures.iter().map(|&c| get(c)).collect()),
        }
    }

    /// The upvalues of a new closure or thunk of `lambda`, made by a frame with these locals
    /// and upvalues.
    #[inline(always)]
    pub fn for_lambda(lambda: &Lambda, locals: &[Value], upvalues: &Upvalues) -> Upvalues {
        if lambda.shares {
            upvalues.clone()
        } else {
            Upvalues::capture(&lambda.captures, locals, upvalues)
        }
    }

    /// The value upvalue `i` of a new closure or thunk of `lambda` will have (see
    /// [`Upvalues::for_lambda`]), before it is made.
    #[inline(always)]
    pub fn to_capture<'a>(
        lambda: &Lambda,
        i: u32,
        locals: &'a [Value],
        upvalues: &'a Upvalues,
    ) -> &'a Value {
        if lambda.shares {
            return &upvalues[i as usize];
        }
        match lambda.captures[i as usize] {
            Capture::Local(s) => &locals[s as usize],
            Capture::Upvalue(s) => &upvalues[s as usize],
        }
    }

    /// Builds upvalues from exactly `len` values.
    pub fn from_iter_exact<I: Iterator<Item = Value>>(len: usize, mut values: I) -> Upvalues {
        match len {
            0 => Upvalues::None,
            1 => Upvalues::One(values.next().expect("one value")),
            _ => Upvalues::Many(values.collect()),
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Upvalues::None => 0,
            Upvalues::One(_) => 1,
            Upvalues::Many(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The values, in order. Taken once before reading several of them, it spares a look
    /// at the representation per value.
    #[inline]
    pub fn as_slice(&self) -> &[Value] {
        match self {
            Upvalues::None => &[],
            Upvalues::One(v) => std::slice::from_ref(v),
            Upvalues::Many(v) => v,
        }
    }
}

impl std::ops::Index<usize> for Upvalues {
    type Output = Value;

    #[inline]
    fn index(&self, i: usize) -> &Value {
        &self.as_slice()[i]
    }
}

/// Frees upvalues without recursion, if this is their last reference.
pub(crate) fn release_upvalues(upvalues: &mut Upvalues) {
    match std::mem::replace(upvalues, Upvalues::None) {
        Upvalues::None => {}
        Upvalues::One(v) => release_one(v),
        Upvalues::Many(mut rc) => {
            if let Some(slots) = Rc::get_mut(&mut rc) {
                release(slots.iter_mut().map(|v| std::mem::replace(v, Value::Null)));
            }
        }
    }
}

/// A function value written in Nix.
pub struct Closure {
    pub lambda: Rc<Lambda>,
    pub upvalues: Upvalues,
}

impl Closure {
    pub fn new(lambda: Rc<Lambda>, upvalues: Upvalues) -> Closure {
        Closure { lambda, upvalues }
    }
}

impl Drop for Closure {
    fn drop(&mut self) {
        release_upvalues(&mut self.upvalues);
    }
}

/// The upvalues of a new function or thunk of `lambda`, made by a body that runs without a
/// frame: a thunk's body, or a function `x: …`'s whose one local, the argument, is `arg`.
#[inline]
pub fn capture(lambda: &Lambda, arg: Option<&Value>, upvalues: &Upvalues) -> Upvalues {
    // The body's one local, if any, is the argument: local 0.
    Upvalues::for_lambda(
        lambda,
        arg.map(std::slice::from_ref).unwrap_or(&[]),
        upvalues,
    )
}

/// `x: y: …` (`lambda`, whose body only makes the function `lambdas[inner]`) applied to
/// its first argument: the inner function, without the frame and the closure the outer
/// one would make.
#[inline]
pub fn bind_first(
    lambda: &Lambda,
    inner: u32,
    upvalues: &Upvalues,
    arg: &Value,
) -> (Rc<Lambda>, Upvalues) {
    let inner = lambda.lambdas[inner as usize].clone();
    let upvalues = capture(&inner, Some(arg), upvalues);
    (inner, upvalues)
}
