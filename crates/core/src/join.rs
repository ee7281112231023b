//! Running two independent pieces of work at once: on a second thread natively (the CLI, the benchmarks),
//! one after the other in WebAssembly (the page, whose heavy work already runs off its main thread).

/// `(a(), b())`, with `b` on a second thread where there are threads.
pub fn join<RA, RB: Send>(a: impl FnOnce() -> RA, b: impl FnOnce() -> RB + Send) -> (RA, RB) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::thread::scope(|scope| {
            let other = scope.spawn(b);
            let ra = a();
            // A panic on the other thread is a bug: pass it on.
            let rb = other
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            (ra, rb)
        })
    }
    #[cfg(target_arch = "wasm32")]
    {
        (a(), b())
    }
}
