//! The page's views, one per concern; each renders plain data it is given.

pub mod dropzone;
pub mod quality;
pub mod rfm;
pub mod summary;
