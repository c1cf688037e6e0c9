//! `==` with the VM's help: the walk of `nixvm_value::compare::EqWalk`, which decides alone
//! on evaluated values, driven through the forcing it stops at.

use nixvm_value::compare::{EqWalk, Need, is_derivation_type};
use nixvm_value::symbol::well_known;
use nixvm_value::{Error, GenCo, NixAttrs, Value};

pub(super) use nixvm_value::compare::same_cell;

/// Whether `attrs` is a derivation, forcing its `type`.
pub(super) async fn is_derivation(co: &GenCo, attrs: &NixAttrs) -> bool {
    match attrs.get(well_known::type_()) {
        Some(t) => is_derivation_type(&co.force(t.clone()).await),
        None => false,
    }
}

/// `a == b`. With `top`, `a` and `b` are operands of `==` themselves, which Nix never
/// treats as the same cell.
pub async fn equal(co: &GenCo, a: Value, b: Value, top: bool) -> Result<bool, Error> {
    finish_equal(co, EqWalk::new(a, b, top)).await
}

/// Finishes a comparison that stopped where something must be forced
/// (`nixvm_value::compare::equal_now`).
pub async fn finish_equal(co: &GenCo, mut walk: EqWalk) -> Result<bool, Error> {
    loop {
        match walk.run() {
            Ok(r) => return Ok(r),
            Err(Need::Force(p)) => {
                let a = co.force(p.a.clone()).await;
                let b = co.force(p.b.clone()).await;
                walk.forced(p, a, b);
            }
            Err(Need::Type(p, side, t)) => {
                let t = co.force(t).await;
                walk.typed(p, side, &t);
            }
        }
    }
}
