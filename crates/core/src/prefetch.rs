//! Asking the processor to start loading memory that a loop will read a few steps later. Grouping rows into
//! orders looks up, per row, a customer in tables of hundreds of thousands of entries; each look-up is a
//! chain of cache misses (slot, key, contact) that the processor would otherwise wait for one after another.
//! Issued a few rows ahead, the loads of several rows overlap.
//!
//! A hint only: it never changes what a program computes, and it does nothing where the processor has no such
//! instruction (WebAssembly).
//!
//! The instruction is reached through an `unsafe` intrinsic, so this module, and only it among the core's
//! reading and grouping, may hold unsafe code.
#![allow(unsafe_code)]

/// Starts loading the cache line holding `item`, if there is one.
#[inline(always)]
pub fn prefetch<T>(item: Option<&T>) {
    #[cfg(target_arch = "x86_64")]
    if let Some(item) = item {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: a prefetch never faults and reads nothing the program sees; the pointer comes from a live
        // reference anyway. SSE, which the instruction needs, is part of every x86-64 processor.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(item).cast::<i8>()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = item;
}
