//! Where the first load's bytes go: the reader's main module by crate.
//!
//! The split hook keeps the main module as wasm-bindgen wrote it, before wasm-opt, with its
//! name section (`target/split/byline/release/bindgen/*_bg.wasm`). This reads the
//! size of every function's body there, demangles its name and charges it to a crate, and
//! scales each crate's share of the code to the final module's brotli size. Generic code is
//! charged to the crate that defines the function (`core::ptr::drop_in_place::<T>` to `T`'s
//! crate, since that glue exists for `T`), and wasm-opt shrinks some crates more than others,
//! so the figures are estimates: they say where to cut, not what a cut will save exactly.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use wasmparser::{KnownCustom, Name, Parser, Payload, TypeRef};

/// What a module's bytes are spent on: code bytes by crate, and data.
#[derive(Debug, Default)]
pub struct Breakdown {
    /// Function body bytes by crate.
    pub code: BTreeMap<String, u64>,
    /// Bytes of data segments (strings, tables, catalogues).
    pub data: u64,
}

impl Breakdown {
    /// Every byte counted.
    pub fn total(&self) -> u64 {
        self.code.values().sum::<u64>() + self.data
    }

    /// The parts largest first: up to `top` crates, the rest together, and the data.
    pub fn largest(&self, top: usize) -> Vec<(String, u64)> {
        let mut parts: Vec<(String, u64)> = self
            .code
            .iter()
            .map(|(name, bytes)| (name.clone(), *bytes))
            .collect();
        parts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let rest: u64 = parts.iter().skip(top).map(|part| part.1).sum();
        parts.truncate(top);
        if rest > 0 {
            parts.push(("(other crates)".into(), rest));
        }
        parts.push(("(data segments)".into(), self.data));
        parts
    }
}

/// Reads a module's code by crate from its name section.
pub fn breakdown(wasm: &[u8]) -> Result<Breakdown> {
    let mut imported = 0u32;
    let mut bodies = Vec::new();
    let mut names = BTreeMap::new();
    let mut data = 0u64;
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.context("the module does not parse")? {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    if matches!(import?.ty, TypeRef::Func(_) | TypeRef::FuncExact(_)) {
                        imported += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => {
                let range = body.range();
                bodies.push(range.end - range.start);
            }
            Payload::DataSection(reader) => {
                for segment in reader {
                    data += segment?.data.len() as u64;
                }
            }
            Payload::CustomSection(section) => {
                if let KnownCustom::Name(reader) = section.as_known() {
                    for name in reader {
                        if let Name::Function(map) = name? {
                            for naming in map {
                                let naming = naming?;
                                names.insert(naming.index, naming.name.to_owned());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let mut breakdown = Breakdown {
        data,
        ..Breakdown::default()
    };
    for (i, bytes) in bodies.into_iter().enumerate() {
        let index = imported + i as u32;
        let owner = names
            .get(&index)
            .map(|name| crate_of(&format!("{:#}", rustc_demangle::demangle(name))))
            .unwrap_or_else(|| "(unnamed)".to_owned());
        *breakdown.code.entry(owner).or_default() += bytes;
    }
    Ok(breakdown)
}

/// Reads the module at `path` (see [`breakdown`]).
pub fn breakdown_of(path: &Path) -> Result<Breakdown> {
    let wasm = std::fs::read(path).with_context(|| {
        format!(
            "no {}: the split build keeps it (run a release build first)",
            path.display()
        )
    })?;
    breakdown(&wasm)
}

/// The crate a demangled function name belongs to.
fn crate_of(name: &str) -> String {
    let mut rest = name;
    loop {
        let trimmed = rest
            .trim_start_matches(['<', '&', '*', '[', '(', ' '])
            .trim_start_matches("mut ")
            .trim_start_matches("const ")
            .trim_start_matches("dyn ");
        // Drop glue is code for the type it drops.
        if let Some(inner) = trimmed.strip_prefix("core::ptr::drop_in_place<") {
            rest = inner;
        } else if trimmed == rest {
            break;
        } else {
            rest = trimmed;
        }
    }
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    if end > 0 && rest[end..].starts_with("::") {
        rest[..end].to_owned()
    } else {
        // wasm-bindgen's shims, the compiler's builtins (memcpy and the like).
        "(glue and builtins)".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::crate_of;

    #[test]
    fn functions_are_charged_to_their_crates() {
        for (name, owner) in [
            ("tachys::view::any_view::AnyView::new", "tachys"),
            ("<byline::Lang as core::fmt::Display>::fmt", "byline"),
            (
                "core::ptr::drop_in_place<reactive_graph::signal::ArcRwSignal<i32>>",
                "reactive_graph",
            ),
            (
                "core::ptr::drop_in_place<&mut [alloc::string::String]>",
                "alloc",
            ),
            ("alloc::raw_vec::RawVec<T,A>::grow_one", "alloc"),
            ("memcpy", "(glue and builtins)"),
            ("__wbindgen_malloc", "(glue and builtins)"),
        ] {
            assert_eq!(crate_of(name), owner, "{name}");
        }
    }
}
