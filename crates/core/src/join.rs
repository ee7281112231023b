//! How many threads reading uses ([`Threads`]), and running two independent pieces of work at once
//! ([`join`]): on a second thread natively (the CLI, the benchmarks), one after the other in WebAssembly (the
//! page, whose heavy work already runs off its main thread) or when one thread is asked for.

use serde::{Deserialize, Serialize};

/// The threads ingestion may use: the one option behind which reading a file in blocks on two threads, and
/// checking and laying out orders on two, are hidden. Results are the same either way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Threads {
    /// Everything on the calling thread.
    One,
    /// The calling thread and one more (natively only: in WebAssembly it means [`Threads::One`]).
    Two,
}

impl Default for Threads {
    /// Two natively, one in WebAssembly.
    fn default() -> Self {
        if cfg!(target_arch = "wasm32") {
            Threads::One
        } else {
            Threads::Two
        }
    }
}

impl Threads {
    /// Whether a second thread is used: asked for, and there are threads.
    pub fn two(self) -> bool {
        self == Threads::Two && !cfg!(target_arch = "wasm32")
    }
}

impl std::str::FromStr for Threads {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "1" => Ok(Threads::One),
            "2" => Ok(Threads::Two),
            _ => Err(format!("'{s}' threads: use 1 or 2")),
        }
    }
}

/// `(a(), b())`, with `b` on a second thread when `threads` has two.
pub fn join<RA, RB: Send>(
    threads: Threads,
    a: impl FnOnce() -> RA,
    b: impl FnOnce() -> RB + Send,
) -> (RA, RB) {
    #[cfg(not(target_arch = "wasm32"))]
    if threads.two() {
        return std::thread::scope(|scope| {
            let other = scope.spawn(b);
            let ra = a();
            // A panic on the other thread is a bug: pass it on.
            let rb = other
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            (ra, rb)
        });
    }
    let _ = threads;
    (a(), b())
}

#[cfg(test)]
mod tests {
    use super::{join, Threads};

    #[test]
    fn both_run_and_their_results_come_back_in_order() {
        let here = std::thread::current().id();
        let (a, b) = join(
            Threads::Two,
            || (std::thread::current().id(), "a"),
            || (std::thread::current().id(), "b"),
        );
        assert_eq!((a.1, b.1), ("a", "b"));
        // Natively the second runs on a thread of its own, the first on the caller's.
        assert_eq!(a.0, here);
        assert_ne!(b.0, here);
    }

    #[test]
    fn with_one_thread_both_run_on_the_callers() {
        let here = std::thread::current().id();
        let (a, b) = join(
            Threads::One,
            || std::thread::current().id(),
            || std::thread::current().id(),
        );
        assert_eq!((a, b), (here, here));
    }

    #[test]
    fn the_default_is_two_natively_and_threads_are_given_as_1_or_2() {
        assert_eq!(Threads::default(), Threads::Two);
        assert_eq!("1".parse(), Ok(Threads::One));
        assert_eq!(" 2".parse(), Ok(Threads::Two));
        assert!("3".parse::<Threads>().is_err());
    }

    #[test]
    #[should_panic(expected = "the second one's")]
    fn a_panic_on_the_second_thread_reaches_the_caller() {
        join(Threads::Two, || 1, || panic!("the second one's"));
    }
}
