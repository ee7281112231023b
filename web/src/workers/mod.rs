//! The page's Web Workers. A dedicated worker (started from a `blob:` URL whose script imports `worker.js`,
//! see [`page::spawn`]) loads this same wasm module, whose `main` sees that it has no window and calls
//! [`serve::serve`] instead of rendering the page. A worker does one of two jobs for the page: reading files
//! ([`read`]) and model fits ([`fit`]).
//!
//! Each side lives in its own files, and nothing imports back: [`protocol`] holds the messages and how they
//! travel and imports neither side; the page's side ([`page`], `read/page.rs`, `fit/page.rs`, and everything
//! outside this folder) never imports the worker's ([`serve`], `read/worker.rs`, `fit/worker.rs`), which runs
//! in the worker only. A test below checks every file.

pub mod fit;
pub mod page;
pub mod protocol;
pub mod read;
pub mod serve;

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    /// Which side a file of `web/src` is on.
    #[derive(Debug, PartialEq)]
    enum Side {
        Protocol,
        Page,
        Worker,
        /// `main.rs`, which starts either side, and the folders' `mod.rs`, which only declare modules.
        Both,
    }

    fn side(path: &Path) -> Side {
        let path = path.to_string_lossy().replace('\\', "/");
        if path == "main.rs" || (path.starts_with("workers/") && path.ends_with("mod.rs")) {
            Side::Both
        } else if path == "workers/protocol.rs" {
            Side::Protocol
        } else if path == "workers/serve.rs" || path.ends_with("/worker.rs") {
            Side::Worker
        } else {
            Side::Page
        }
    }

    /// The module names a source file's code (not its comments or tests) writes after `::`, including those in
    /// `::{a, b}` groups. (A line is read up to its first `//`: the page's code writes no URL with a scheme.)
    fn named(source: &str) -> Vec<String> {
        let code = source.split("#[cfg(test)]").next().unwrap_or("");
        let ident = |s: &str| -> String {
            s.trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        };
        let mut names = Vec::new();
        for line in code.lines() {
            let mut rest = line.split("//").next().unwrap_or("");
            while let Some(at) = rest.find("::") {
                rest = &rest[at + 2..];
                match rest.strip_prefix('{') {
                    Some(group) => {
                        names.extend(group.split('}').next().unwrap_or("").split(',').map(ident))
                    }
                    None => names.push(ident(rest)),
                }
            }
        }
        names
    }

    /// Every `.rs` file under `dir`, relative to `root`.
    fn sources(root: &Path, dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(root, &path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }

    #[test]
    fn the_page_never_imports_the_worker_side_and_the_protocol_neither() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        sources(&root, &root, &mut files);
        assert!(files.len() > 20, "the sources are found");
        for file in files {
            let source = std::fs::read_to_string(root.join(&file)).unwrap();
            let names = named(&source);
            let forbidden: &[&str] = match side(&file) {
                Side::Protocol => &["page", "serve", "worker", "read", "fit"],
                Side::Page => &["serve", "worker"],
                Side::Worker | Side::Both => &[],
            };
            for name in forbidden {
                assert!(
                    !names.iter().any(|n| n == name),
                    "{} ({:?} side) names `{name}`",
                    file.display(),
                    side(&file)
                );
            }
        }
    }

    #[test]
    fn the_names_read_include_groups() {
        let names =
            named("use super::{page, worker};\nuse crate::workers::serve::reply; // worker::x\n");
        assert_eq!(names, ["page", "worker", "workers", "serve", "reply"]);
    }
}
