//! Sums over a fit's data in two halves, the second on a helper thread that lives as long as the fit: a fit
//! evaluates its likelihood a few dozen times, each in a millisecond or less on big data, so a thread started
//! per evaluation would cost a good part of what it saves.
//!
//! The halves depend on the data only, so a fit gives the same result on one thread or two.

use crate::join::Threads;

/// Which part of the data a sum covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Half {
    /// All of it (data too small to split).
    Whole,
    /// The first half.
    Low,
    /// The second half.
    High,
}

/// Runs `body` with a function that gives `part` of the data at a parameter value: over the whole data
/// (`(whole, None)`) when not `split`, else over both halves (`(low, Some(high))`), the second half on a
/// helper thread when `threads` has two.
pub(super) fn with_halves<P, T, R>(
    split: bool,
    threads: Threads,
    part: &(impl Fn(P, Half) -> T + Sync),
    body: impl FnOnce(&dyn Fn(P) -> (T, Option<T>)) -> R,
) -> R
where
    P: Copy + Send,
    T: Send,
{
    if !split {
        return body(&|p| (part(p, Half::Whole), None));
    }
    #[cfg(not(target_arch = "wasm32"))]
    if threads.two() {
        return helper::run(part, body);
    }
    let _ = threads;
    body(&|p| (part(p, Half::Low), Some(part(p, Half::High))))
}

/// The helper thread and the hand-over of each evaluation's second half to it. Each side waits for the other
/// by spinning a little before it sleeps (`park`): an evaluation takes well under a millisecond, and waking a
/// sleeping thread takes tens of microseconds here, so the helper stays awake between evaluations.
#[cfg(not(target_arch = "wasm32"))]
mod helper {
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    use std::sync::Mutex;
    use std::thread::{self, Thread};

    use super::Half;

    /// Spins of a wait before it sleeps (a few tens of microseconds).
    const SPINS: u32 = 1 << 15;

    /// What the two threads share.
    struct Handoff<P, T> {
        /// Jobs posted so far.
        posted: AtomicU64,
        /// Jobs done so far.
        done: AtomicU64,
        /// The fit is over: the helper returns.
        quit: AtomicBool,
        /// The job in hand and the result of the last one.
        slot: Mutex<(Option<P>, Option<T>)>,
    }

    /// Waits until `ready` holds: spins, then sleeps until woken (and looks again).
    fn wait(ready: impl Fn() -> bool) {
        let mut spins = 0;
        while !ready() {
            if spins < SPINS {
                std::hint::spin_loop();
                spins += 1;
            } else {
                thread::park();
            }
        }
    }

    /// [`super::with_halves`] on two threads.
    pub(super) fn run<P, T, R>(
        part: &(impl Fn(P, Half) -> T + Sync),
        body: impl FnOnce(&dyn Fn(P) -> (T, Option<T>)) -> R,
    ) -> R
    where
        P: Copy + Send,
        T: Send,
    {
        let shared: Handoff<P, T> = Handoff {
            posted: AtomicU64::new(0),
            done: AtomicU64::new(0),
            quit: AtomicBool::new(false),
            slot: Mutex::new((None, None)),
        };
        let main: Thread = thread::current();
        thread::scope(|scope| {
            let shared = &shared;
            let helper = scope.spawn(move || {
                let mut seen = 0;
                loop {
                    wait(|| {
                        shared.quit.load(Ordering::Acquire)
                            || shared.posted.load(Ordering::Acquire) > seen
                    });
                    if shared.quit.load(Ordering::Acquire) {
                        return;
                    }
                    seen += 1;
                    let job = shared.slot.lock().ok().and_then(|mut s| s.0.take());
                    let result = job.map(|p| part(p, Half::High));
                    if let Ok(mut s) = shared.slot.lock() {
                        s.1 = result;
                    }
                    shared.done.store(seen, Ordering::Release);
                    main.unpark();
                }
            });
            let helper_thread = helper.thread().clone();
            let both = |p: P| {
                if let Ok(mut s) = shared.slot.lock() {
                    s.0 = Some(p);
                }
                let posted = shared.posted.fetch_add(1, Ordering::AcqRel) + 1;
                helper_thread.unpark();
                let low = part(p, Half::Low);
                wait(|| shared.done.load(Ordering::Acquire) >= posted);
                let high = shared.slot.lock().ok().and_then(|mut s| s.1.take());
                (low, Some(high.unwrap_or_else(|| part(p, Half::High))))
            };
            let result = body(&both);
            shared.quit.store(true, Ordering::Release);
            helper_thread.unpark();
            result
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_thread_and_two_give_the_same_parts() {
        let data: Vec<f64> = (1..=1000).map(f64::from).collect();
        let part = |scale: f64, half: Half| -> f64 {
            let slice = match half {
                Half::Whole => &data[..],
                Half::Low => &data[..500],
                Half::High => &data[500..],
            };
            slice.iter().map(|v| v * scale).sum()
        };
        let run = |split: bool, threads: Threads| {
            with_halves(split, threads, &part, |sum| {
                [1.0, 2.0, 0.5].map(|s| {
                    let (a, b) = sum(s);
                    a + b.unwrap_or(0.0)
                })
            })
        };
        let whole = run(false, Threads::Two);
        assert_eq!(whole, [500_500.0, 1_001_000.0, 250_250.0]);
        assert_eq!(run(true, Threads::One), whole);
        assert_eq!(run(true, Threads::Two), whole);
    }
}
