//! The VM's part in reclaiming cycles (`nixvm_value::cycles`): the evaluator's registry of
//! candidates, made current while the VM runs, and the last collection when the VM is
//! dropped, which frees what the evaluator's own tables left cyclic (`builtins.builtins`,
//! a file whose value imports itself) along with every other unreferenced cycle.

use nixvm_value::Value;
use nixvm_value::cycles::Registry;

use super::Vm;

impl Vm {
    /// The registry of this evaluator's candidates (made with the globals).
    pub(crate) fn cycles(&mut self) -> Registry {
        self.host.extensions.get_or_default::<Registry>().clone()
    }
}

impl Drop for Vm {
    fn drop(&mut self) {
        let registry = self.cycles();
        // The VM's own references go first: after them, what is referenced from outside is
        // what the embedder still holds.
        self.frames.clear();
        self.stack.clear();
        self.result = None;
        let mut roots: Vec<Value> = self.imports.drain().map(|(_, v)| v).collect();
        if let Some(globals) = std::rc::Rc::get_mut(&mut self.globals) {
            roots.extend(globals.values.drain().map(|(_, v)| v));
        }
        registry.collect_all(roots);
    }
}
