//! Deep forcing (`deepSeq`, `--strict`): everything reachable is forced, depth-first, with
//! an explicit stack. Sets and lists already visited are skipped, so cyclic values finish.

use rustc_hash::FxHashSet;

use nixvm_value::{Error, GenCo, Value};

pub async fn deep_force(co: GenCo, v: Value) -> Result<Value, Error> {
    let root = co.force(v).await;
    let mut seen: FxHashSet<usize> = FxHashSet::default();
    let mut work = vec![root.clone()];
    while let Some(v) = work.pop() {
        let v = co.force(v).await;
        match &v {
            Value::Attrs(a) if seen.insert(a.identity()) => {
                for attr in a.sorted().into_iter().rev() {
                    work.push(attr.value.clone());
                }
            }
            Value::List(l) if seen.insert(l.identity()) => {
                for item in l.iter().rev() {
                    work.push(item.clone());
                }
            }
            _ => {}
        }
    }
    Ok(root)
}
