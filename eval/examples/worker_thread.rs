//! Evaluating from async code: an [`Evaluator`](nixvm::Evaluator) is confined to the
//! thread that made it (its values are reference counted without atomics), so an async
//! program keeps one on a worker thread of its own and sends it work. The reply comes back
//! through a future, which any executor can await; with Tokio the same shape is a thread
//! (or `spawn_blocking`) and a `tokio::sync::oneshot`. A long evaluation is stopped from
//! the async side through the evaluator's interrupt handle, which is `Send + Sync`.
//!
//! The example uses only the standard library: a one-shot reply channel that is a future,
//! and a small executor to run the async code.
//!
//! `cargo run --example worker_thread`

use std::future::Future;
use std::pin::Pin;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::thread;

/// A handle to an evaluator living on its own thread.
pub struct Worker {
    jobs: mpsc::Sender<(String, Reply)>,
    interrupt: nixvm::Interrupt,
    thread: Option<thread::JoinHandle<()>>,
}

impl Worker {
    pub fn start() -> Worker {
        let (jobs, inbox) = mpsc::channel::<(String, Reply)>();
        let (handle_tx, handle_rx) = mpsc::channel();
        let thread = thread::spawn(move || {
            let ev = nixvm::Evaluator::new();
            handle_tx
                .send(ev.interrupt_handle())
                .expect("the starter waits");
            for (expr, reply) in inbox {
                // Values stay on this thread: what goes back is plain Rust data.
                let result = ev
                    .eval_expr(&expr)
                    .and_then(|v| v.print(true))
                    .map_err(|e| e.message());
                reply.send(result);
            }
        });
        Worker {
            jobs,
            interrupt: handle_rx.recv().expect("the worker starts"),
            thread: Some(thread),
        }
    }

    /// Evaluates `expr` on the worker; the future resolves to its printed value.
    pub fn eval(&self, expr: &str) -> impl Future<Output = Result<String, String>> + use<> {
        let (reply, answer) = oneshot();
        let _ = self.jobs.send((expr.to_string(), reply));
        answer
    }

    /// Stops the evaluation the worker is running.
    pub fn interrupt(&self) {
        self.interrupt.trigger();
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Closing the channel ends the worker's loop.
        let (closed, _) = mpsc::channel();
        self.jobs = closed;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The sending half of a one-shot reply.
pub struct Reply(Arc<Mutex<Slot>>);

#[derive(Default)]
struct Slot {
    value: Option<Result<String, String>>,
    waker: Option<Waker>,
}

impl Reply {
    fn send(self, value: Result<String, String>) {
        let mut slot = self.0.lock().unwrap();
        slot.value = Some(value);
        if let Some(w) = slot.waker.take() {
            w.wake();
        }
    }
}

/// The receiving half: a future.
pub struct Answer(Arc<Mutex<Slot>>);

impl Future for Answer {
    type Output = Result<String, String>;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut slot = self.0.lock().unwrap();
        match slot.value.take() {
            Some(v) => Poll::Ready(v),
            None => {
                slot.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

fn oneshot() -> (Reply, Answer) {
    let slot = Arc::new(Mutex::new(Slot::default()));
    (Reply(slot.clone()), Answer(slot))
}

/// Runs a future to completion on this thread (a minimal executor).
pub fn block_on<F: Future>(future: F) -> F::Output {
    struct Unpark(thread::Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let Poll::Ready(v) = future.as_mut().poll(&mut cx) {
            return v;
        }
        thread::park();
    }
}

/// The async side: two workers evaluating at once, and one interrupted.
pub async fn demo() -> Vec<String> {
    let a = Worker::start();
    let b = Worker::start();
    let sum = a.eval("builtins.foldl' builtins.add 0 (builtins.genList (i: i) 100000)");
    let names = b.eval("builtins.attrNames { b = 1; a = 2; }");
    let mut out = vec![
        sum.await.unwrap_or_else(|e| e),
        names.await.unwrap_or_else(|e| e),
    ];
    let forever = a.eval("let f = n: if n == 0 then 1 else f (n - 1) + f (n - 1); in f 100");
    a.interrupt();
    out.push(forever.await.unwrap_or_else(|e| e));
    // The worker goes on after an interrupt.
    out.push(a.eval("1 + 1").await.unwrap_or_else(|e| e));
    out
}

#[allow(dead_code)]
fn main() {
    for line in block_on(demo()) {
        println!("{line}");
    }
}
