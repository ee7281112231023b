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

#[cfg(test)]
mod tests {
    use super::join;

    #[test]
    fn both_run_and_their_results_come_back_in_order() {
        let here = std::thread::current().id();
        let (a, b) = join(
            || (std::thread::current().id(), "a"),
            || (std::thread::current().id(), "b"),
        );
        assert_eq!((a.1, b.1), ("a", "b"));
        // Natively the second runs on a thread of its own, the first on the caller's.
        assert_eq!(a.0, here);
        assert_ne!(b.0, here);
    }

    #[test]
    #[should_panic(expected = "the second one's")]
    fn a_panic_on_the_second_thread_reaches_the_caller() {
        join(|| 1, || panic!("the second one's"));
    }
}
