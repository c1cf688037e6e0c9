//! Building a value from a body that only builds one (`Lambda::constructs`): `k: { key =
//! k; }`, `[ a b ]`, `x: y: …`. Such a body cannot fail, force anything or call anything, so
//! it runs here, without a frame — for the VM, and for a builtin's own loop that forces a
//! lazy application of such a function.

use std::rc::Rc;

use crate::attrs::{Attr, NixAttrs};
use crate::closure::Upvalues;
use crate::code::{AttrNames, Capture, Lambda, Op};
use crate::symbol::Symbol;
use crate::thunk::Thunk;
use crate::value::Value;

/// Runs `lambda`, a body that only builds a value, with these upvalues and (for a
/// function's body) argument. `stack` is scratch space: what is pushed is taken off again.
pub fn construct(
    lambda: &Lambda,
    upvalues: &Upvalues,
    arg: Option<&Value>,
    stack: &mut Vec<Value>,
) -> Value {
    let local = || arg.expect("only a function's body reads a local").clone();
    let capture = |l: &Lambda| crate::closure::capture(l, arg, upvalues);
    // Sibling thunks capturing the same variables (`[ (f k 1) (f k 2) ]`) share one
    // array of them: they are built from the same values at the same moment.
    let mut shared: Option<(&[Capture], crate::Upvalues)> = None;
    for op in lambda.ops.iter() {
        match *op {
            Op::Const(i) => stack.push(lambda.constants[i as usize].clone()),
            Op::Upvalue(i) => stack.push(upvalues[i as usize].clone()),
            Op::Local(_) => stack.push(local()),
            Op::Thunk(i) => {
                let l = &lambda.lambdas[i as usize];
                let up = match &shared {
                    _ if l.shares => upvalues.clone(),
                    Some((caps, up)) if **caps == *l.captures => up.clone(),
                    _ => {
                        let up = capture(l);
                        if l.captures.len() > 1 {
                            shared = Some((&l.captures, up.clone()));
                        }
                        up
                    }
                };
                let t = Thunk::new_code(l.clone(), up);
                stack.push(Value::Thunk(t));
            }
            Op::Closure(i) => {
                let l = &lambda.lambdas[i as usize];
                let c = crate::Closure::new(l.clone(), capture(l));
                stack.push(Value::Closure(Rc::new(c)));
            }
            Op::List(n) => {
                let items = stack.split_off(stack.len() - n as usize);
                stack.push(Value::List(crate::NixList::new(items)));
            }
            Op::Attrs { names, .. } => {
                let set = build_attrs(&lambda.attr_names[names as usize], stack);
                stack.push(set);
            }
            Op::Return => break,
            _ => unreachable!("the compiler marks only building bodies"),
        }
    }
    stack.pop().expect("the built value")
}

/// The set of a literal: its names (sorted, with where each is defined) and their values.
/// The values are the last `names.len()` on `stack`, which are taken off it.
pub fn build_attrs(names: &AttrNames, stack: &mut Vec<Value>) -> Value {
    let attr = |(name, pos): &(Symbol, codemap::Pos), value| Attr {
        name: *name,
        pos: Some(*pos),
        value,
    };
    // One or two attributes are kept inline: no vector to build.
    match &names[..] {
        [a] => {
            let v = stack.pop().expect("the attribute's value");
            return Value::Attrs(NixAttrs::one(attr(a, v)));
        }
        [a, b] => {
            let vb = stack.pop().expect("the second attribute's value");
            let va = stack.pop().expect("the first attribute's value");
            return Value::Attrs(NixAttrs::two(attr(a, va), attr(b, vb)));
        }
        _ => {}
    }
    let values = stack.drain(stack.len() - names.len()..);
    let attrs = names.iter().zip(values).map(|(n, v)| attr(n, v)).collect();
    Value::Attrs(NixAttrs::from_sorted(attrs))
}
