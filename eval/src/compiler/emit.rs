//! Building one [`Lambda`]: appending ops with their spans, interning constants and symbols,
//! patching jumps, and tracking how deep this function's value stack is at every point, so
//! that locals get fixed slot numbers.

use std::rc::Rc;

use codemap::{Pos, Span};
use rustc_hash::FxHashMap;

use nixvm_value::Value;
use nixvm_value::code::{
    Cheap, CheapOperand, ErrorContext, Frameless, Lambda, LambdaKind, Op, Param,
};
use nixvm_value::symbol::Symbol;

use super::scope::ScopeChain;

/// A function (or thunk, or file) being compiled.
pub struct FunctionState {
    pub ops: Vec<Op>,
    pub spans: Vec<Span>,
    pub constants: Vec<Value>,
    pub symbols: Vec<Symbol>,
    symbol_index: FxHashMap<Symbol, u32>,
    pub attr_names: Vec<Box<[(Symbol, Pos)]>>,
    pub lambdas: Vec<Rc<Lambda>>,
    /// Values on this function's stack at the current point of the code.
    pub depth: u32,
    pub kind: LambdaKind,
    pub name: Option<Symbol>,
    pub span: Span,
    /// Error context lines by op range, in the order their ranges closed (innermost first).
    pub contexts: Vec<ErrorContext>,
}

impl FunctionState {
    pub fn new(kind: LambdaKind, span: Span) -> FunctionState {
        FunctionState {
            ops: Vec::new(),
            spans: Vec::new(),
            constants: Vec::new(),
            symbols: Vec::new(),
            symbol_index: FxHashMap::default(),
            attr_names: Vec::new(),
            lambdas: Vec::new(),
            depth: 0,
            kind,
            name: None,
            span,
            contexts: Vec::new(),
        }
    }

    /// Appends `op`, adjusting the tracked stack depth by its effect.
    pub fn emit(&mut self, op: Op, span: Span) -> usize {
        let effect = stack_effect(op);
        self.depth = (self.depth as i64 + effect) as u32;
        // Fuse a load with the force that follows it. Nothing jumps to a `Force` that
        // directly follows a load (jumps land on the start of an expression), so this is
        // safe, and the op count is what jump positions were computed against.
        if matches!(op, Op::Force) {
            match self.ops.last().copied() {
                Some(Op::Local(i)) => {
                    *self.ops.last_mut().expect("checked") = Op::LocalForce(i);
                    return self.ops.len() - 1;
                }
                Some(Op::Upvalue(i)) => {
                    *self.ops.last_mut().expect("checked") = Op::UpvalueForce(i);
                    return self.ops.len() - 1;
                }
                _ => {}
            }
        }
        self.ops.push(op);
        self.spans.push(span);
        self.ops.len() - 1
    }

    pub fn constant(&mut self, v: Value) -> u32 {
        self.constants.push(v);
        (self.constants.len() - 1) as u32
    }

    pub fn symbol(&mut self, s: Symbol) -> u32 {
        if let Some(i) = self.symbol_index.get(&s) {
            return *i;
        }
        self.symbols.push(s);
        let i = (self.symbols.len() - 1) as u32;
        self.symbol_index.insert(s, i);
        i
    }

    pub fn lambda(&mut self, l: Rc<Lambda>) -> u32 {
        self.lambdas.push(l);
        (self.lambdas.len() - 1) as u32
    }

    pub fn attr_names(&mut self, names: Vec<(Symbol, Pos)>) -> u32 {
        self.attr_names.push(names.into_boxed_slice());
        (self.attr_names.len() - 1) as u32
    }

    /// The index the next op will have.
    pub fn here(&self) -> u32 {
        self.ops.len() as u32
    }

    /// Points the jump at `at` to the current position.
    pub fn patch(&mut self, at: usize) {
        let here = self.here();
        let op = &mut self.ops[at];
        match op.target_mut() {
            Some(t) => *t = here,
            None => unreachable!("not a jump: {op:?}"),
        }
    }

    /// Recognises a thunk body, or the body of a function `x: …`, that is one arithmetic
    /// op on two simple operands, or the selection of an attribute of a variable (by a
    /// name written or held in a variable).
    fn cheap(&self) -> Option<Cheap> {
        let function = match &self.kind {
            LambdaKind::Thunk => false,
            LambdaKind::Function(Param::Ident(_)) => true,
            _ => return None,
        };
        let operand = |op: &Op| match op {
            Op::UpvalueForce(i) => Some(CheapOperand::Upvalue(*i)),
            Op::LocalForce(0) if function => Some(CheapOperand::Arg),
            Op::Const(c) => matches!(self.constants[*c as usize], Value::Int(_) | Value::Float(_))
                .then_some(CheapOperand::Const(*c)),
            _ => None,
        };
        match self.ops.as_slice() {
            [a, b, op, Op::Return] if matches!(op, nixvm_value::scalar_binary_op!()) => {
                Some(Cheap::Binary {
                    op: *op,
                    a: operand(a)?,
                    b: operand(b)?,
                })
            }
            [
                set @ (Op::UpvalueForce(_) | Op::LocalForce(_)),
                Op::Select(sym),
                Op::Force,
                Op::Return,
            ] => Some(Cheap::Select {
                set: operand(set)?,
                name: self.symbols[*sym as usize],
            }),
            [
                set @ (Op::UpvalueForce(_) | Op::LocalForce(_)),
                name @ (Op::UpvalueForce(_) | Op::LocalForce(_)),
                Op::SelectDyn,
                Op::Force,
                Op::Return,
            ] => Some(Cheap::SelectDyn {
                set: operand(set)?,
                name: operand(name)?,
            }),
            _ => None,
        }
    }

    /// Whether this body can be computed without a frame (see `nixvm_value::frameless`).
    fn frameless(&self) -> Frameless {
        match self.cheap() {
            Some(c) => Frameless::Cheap(c),
            None if self.builds() => Frameless::Builds,
            None => Frameless::No,
        }
    }

    /// Whether this body only builds a value: pushes of constants, captured variables (and,
    /// in a function `x: …`, its argument) and new thunks or functions capturing only
    /// those, then one list, set or function, returned. Building can neither fail nor need
    /// another frame.
    fn builds(&self) -> bool {
        let function = match &self.kind {
            LambdaKind::Thunk => false,
            LambdaKind::Function(Param::Ident(_)) => true,
            _ => return false,
        };
        // In a function, local 0 is the argument (and the only local the body can have
        // without ops that make more).
        let readable = |c: &nixvm_value::code::Capture| match c {
            nixvm_value::code::Capture::Upvalue(_) => true,
            nixvm_value::code::Capture::Local(i) => function && *i == 0,
        };
        let captures_readable = |i: &u32| {
            let l = &self.lambdas[*i as usize];
            !l.eager && l.captures.iter().all(readable)
        };
        let [body @ .., last, Op::Return] = self.ops.as_slice() else {
            return false;
        };
        matches!(last, Op::List(_) | Op::Attrs { .. } | Op::Closure(_))
            && body.iter().chain([last]).all(|op| match op {
                Op::Const(_) | Op::Upvalue(_) | Op::List(_) | Op::Attrs { .. } => true,
                Op::Local(0) => function,
                Op::Thunk(i) | Op::Closure(i) => captures_readable(i),
                _ => false,
            })
    }

    /// Makes the finished function's [`Lambda`], leaving this state empty, its buffers kept
    /// for the next function (see [`FunctionState::reset`]): each table is allocated once,
    /// at its final size, instead of growing step by step and then shrinking.
    pub fn finish(
        &mut self,
        chain: &mut ScopeChain,
        location: nixvm_value::code::Location,
    ) -> Lambda {
        let frameless = self.frameless();
        let makes = nixvm_value::code::returns_built_values(&self.ops);
        let curried = match (&self.kind, self.ops.as_slice()) {
            (LambdaKind::Function(Param::Ident(_)), [Op::Closure(i), Op::Return]) => Some(*i),
            _ => None,
        };
        let lambda = Lambda {
            frameless,
            eager: false,
            makes,
            curried,
            ops: self.ops.as_slice().into(),
            spans: self.spans.as_slice().into(),
            constants: self.constants.drain(..).collect(),
            symbols: self.symbols.as_slice().into(),
            attr_names: self.attr_names.drain(..).collect(),
            lambdas: self.lambdas.drain(..).collect(),
            captures: chain.captures.iter().map(|(_, c)| *c).collect(),
            shares: chain.shares,
            kind: std::mem::replace(&mut self.kind, LambdaKind::Thunk),
            name: self.name.take(),
            span: self.span,
            location,
            contexts: self.contexts.drain(..).collect(),
            deferred: None,
        };
        self.ops.clear();
        self.spans.clear();
        self.symbols.clear();
        // A large table is not kept: clearing it again for each small function would cost
        // more than it saves.
        if self.symbol_index.capacity() > 256 {
            self.symbol_index = FxHashMap::default();
        } else {
            self.symbol_index.clear();
        }
        lambda
    }

    /// Starts another function in the buffers of one finished.
    pub fn reset(&mut self, kind: LambdaKind, span: Span) {
        debug_assert!(self.ops.is_empty() && self.constants.is_empty());
        self.depth = 0;
        self.kind = kind;
        self.name = None;
        self.span = span;
    }
}

/// How many values an op leaves on the stack minus how many it takes, on the path that
/// falls through. Jumps that leave a different depth are balanced by the code generator.
fn stack_effect(op: Op) -> i64 {
    match op {
        Op::Const(_)
        | Op::Local(_)
        | Op::Upvalue(_)
        | Op::LocalForce(_)
        | Op::UpvalueForce(_)
        | Op::Thunk(_)
        | Op::Closure(_)
        | Op::Blank => 1,
        Op::Force
        | Op::Select(_)
        | Op::SelectOr { .. }
        | Op::HasAttr { .. }
        | Op::Jump(_)
        | Op::Fill { .. }
        | Op::FillIfBlank { .. }
        | Op::AssertBool
        | Op::Not
        | Op::Negate
        | Op::Return => 0,
        Op::Pop | Op::JumpIfFalse(_) | Op::Assert(_) => -1,
        Op::EqKeep => 1,
        Op::AssertEq(_) => -3,
        // And/Or/Implies pop on the fall-through path (the right operand replaces it).
        Op::And(_) | Op::Or(_) | Op::Implies(_) => -1,
        Op::Slide(n) => -(n as i64),
        Op::List(n) => 1 - n as i64,
        Op::Attrs { n, .. } => 1 - n as i64,
        Op::DynAttr => -2,
        Op::SelectDyn | Op::SelectDynOr { .. } | Op::HasAttrDyn { .. } => -1,
        nixvm_value::scalar_binary_op!() | Op::Concat | Op::Update | Op::Overrides => -1,
        Op::Interpolate(n) | Op::ToPath(n) => 1 - n as i64,
        Op::Call(n) | Op::TailCall(n) => -(n as i64),
        Op::WithLookup { n, .. } => 1 - n as i64,
        // Pops the argument and pushes one local per formal; the compiler accounts for
        // those when declaring them.
        Op::BindFormals => -1,
        // The whole of a deferred function's own code: it runs another in its place.
        Op::CompileBody => 0,
    }
}
