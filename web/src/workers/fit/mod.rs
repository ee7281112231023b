//! The LTV model fits (BG/NBD, MBG/NBD or Pareto/NBD, then Gamma-Gamma) off the page's thread, one worker per fit: the
//! page's side ([`page`]) and the worker's ([`worker`]).

pub mod page;
pub mod worker;
