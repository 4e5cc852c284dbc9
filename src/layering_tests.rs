//! The layering in lib.rs's doc holds: the domain and the command line name no egui or eframe
//! type and use nothing of the window (app, ui, view_model, window), so they stay testable
//! without a window and `--check` starts nothing of it.

use std::path::{Path, PathBuf};

/// Modules below the window, as paths under src/ (a folder or one file).
const BELOW_THE_WINDOW: &[&str] = &[
    "guide",
    "wizard",
    "email",
    "config",
    "checks",
    "update",
    "net.rs",
    "links.rs",
    "report",
    "storage",
    "illustrations",
    "i18n",
    "startup.rs",
    "check_command.rs",
    "source_position.rs",
    "safe_text.rs",
    "renderer.rs",
];

/// What the window's layers are called from below: a use of any of these is an upward edge.
const WINDOW_NAMES: &[&str] = &[
    "egui",
    "eframe",
    "crate::app",
    "crate::ui",
    "crate::view_model",
    "crate::window",
];

fn rust_files(path: &Path, found: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let entries = std::fs::read_dir(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for entry in entries {
            rust_files(&entry.expect("directory entry").path(), found);
        }
    } else if path.extension().is_some_and(|ext| ext == "rs") {
        found.push(path.to_path_buf());
    }
}

/// `(line number, name)` for each window name used in `source` outside comments.
fn window_names_used(source: &str) -> Vec<(usize, &'static str)> {
    let mut used = Vec::new();
    for (index, line) in source.lines().enumerate() {
        // Comments may say "no egui"; only code counts.
        let code = line.split("//").next().unwrap_or_default();
        for name in WINDOW_NAMES {
            let named = code.match_indices(name).any(|(at, _)| {
                let before = code[..at].chars().next_back();
                let after = code[at + name.len()..].chars().next();
                let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
                !ident(before) && !ident(after)
            });
            if named {
                used.push((index + 1, *name));
            }
        }
    }
    used
}

#[test]
fn the_layers_below_the_window_name_nothing_of_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for module in BELOW_THE_WINDOW {
        let path = src.join(module);
        assert!(
            path.exists(),
            "{} is gone: update this list",
            path.display()
        );
        rust_files(&path, &mut files);
    }
    assert!(files.len() > 30, "only {} files found", files.len());
    let mut offences = Vec::new();
    for file in &files {
        let source =
            std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for (line, name) in window_names_used(&source) {
            offences.push(format!("{}:{line}: {name}", file.display()));
        }
    }
    assert!(
        offences.is_empty(),
        "upward edges:\n{}",
        offences.join("\n")
    );
}

#[test]
fn window_names_are_found_in_code_and_not_in_comments() {
    let source = "use egui::Color32; // egui\n// no egui here\nlet a = crate::ui::x();\n\
                  let b = my_egui_thing; crate::uix(); egui_glow();\n";
    assert_eq!(
        window_names_used(source),
        [(1, "egui"), (3, "crate::ui")],
        "identifiers that merely contain a name do not count"
    );
}
