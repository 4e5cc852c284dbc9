//! The core's modules form no import cycle, and imports follow the layers in lib.rs's doc:
//! checked between the top-level modules of core/src and between the files of each folder.
//!
//! The sources are read as Rust tokens, in the module tree the compiler sees: from lib.rs, each
//! `mod name;` not under `#[cfg(test)]`. An import is a path that starts with `crate::` or
//! `super::` (also in `use crate::{a, b::c}`), outside comments, literals and `#[cfg(test)]`
//! items. A folder's own file (mod.rs) is its face: it declares the files and re-exports from
//! them, so `super::Name` imports the file `Name` is re-exported from, or nothing when mod.rs
//! defines `Name` itself.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proc_macro2::{Delimiter, LexError, Punct, Spacing, Span, TokenStream, TokenTree};

#[derive(Clone, Debug)]
struct Token {
    /// A word, `::`, or one punctuation character.
    text: String,
    line: usize,
}

/// One module: its path from the crate root, its code and its file children.
struct Module {
    path: Vec<String>,
    file: PathBuf,
    tokens: Vec<Token>,
    children: Vec<String>,
}

/// For each part, the parts it imports, each with the first place (file:line) it does.
type Graph = BTreeMap<String, BTreeMap<String, String>>;

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// A file as the workspace names it (`core/src/…`).
fn shown(file: &Path) -> String {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent();
    let relative = workspace.and_then(|root| file.strip_prefix(root).ok());
    relative.unwrap_or(file).display().to_string()
}

/// The code's tokens, without comments and literals, as Rust's own lexer sees them
/// (proc-macro2's, the one syn parses with): groups flattened into their delimiters, `::` one
/// token.
fn tokens(source: &str) -> Result<Vec<Token>, LexError> {
    fn token(text: impl Into<String>, span: Span) -> Token {
        Token {
            text: text.into(),
            line: span.start().line,
        }
    }
    fn flatten(stream: TokenStream, out: &mut Vec<Token>) {
        // The last token was a `:` joined to the next punctuation.
        let mut joint_colon = false;
        for tree in stream {
            let colon = |punct: &Punct| punct.as_char() == ':';
            match &tree {
                TokenTree::Group(group) => {
                    let delimiters = match group.delimiter() {
                        Delimiter::Parenthesis => Some(("(", ")")),
                        Delimiter::Brace => Some(("{", "}")),
                        Delimiter::Bracket => Some(("[", "]")),
                        Delimiter::None => None,
                    };
                    if let Some((open, _)) = delimiters {
                        out.push(token(open, group.span_open()));
                    }
                    flatten(group.stream(), out);
                    if let Some((_, close)) = delimiters {
                        out.push(token(close, group.span_close()));
                    }
                }
                TokenTree::Ident(ident) => out.push(token(ident.to_string(), ident.span())),
                TokenTree::Punct(punct) if colon(punct) && joint_colon => {
                    if let Some(last) = out.last_mut() {
                        last.text = "::".to_owned();
                    }
                }
                TokenTree::Punct(punct) => out.push(token(punct.as_char(), punct.span())),
                TokenTree::Literal(_) => {}
            }
            joint_colon = !joint_colon
                && matches!(&tree, TokenTree::Punct(p) if colon(p) && p.spacing() == Spacing::Joint);
        }
    }
    let mut out = Vec::new();
    flatten(source.parse()?, &mut out);
    Ok(out)
}

/// The tokens without each `#[cfg(test)]` item: the attribute, the attributes after it, and the
/// item up to its `;` or its closing brace.
fn drop_test_items(tokens: Vec<Token>) -> Vec<Token> {
    const CFG_TEST: [&str; 7] = ["#", "[", "cfg", "(", "test", ")", "]"];
    let mut kept = Vec::new();
    let mut i = 0;
    while let Some(token) = tokens.get(i) {
        let window = tokens.get(i..i + CFG_TEST.len()).unwrap_or(&[]);
        if !window.iter().map(|t| t.text.as_str()).eq(CFG_TEST) {
            kept.push(token.clone());
            i += 1;
            continue;
        }
        i += CFG_TEST.len();
        let mut depth = 0usize;
        while let Some(token) = tokens.get(i) {
            i += 1;
            match token.text.as_str() {
                "{" | "(" | "[" => depth += 1,
                "}" if depth == 1 => break,
                "}" | ")" | "]" => depth = depth.saturating_sub(1),
                ";" if depth == 0 => break,
                _ => {}
            }
        }
    }
    kept
}

/// The module tree from lib.rs.
fn modules() -> Vec<Module> {
    fn walk(file: PathBuf, path: Vec<String>, modules: &mut Vec<Module>) {
        let source = std::fs::read_to_string(&file)
            .unwrap_or_else(|error| panic!("{}: {error}", file.display()));
        let tokens = tokens(&source).unwrap_or_else(|error| panic!("{}: {error}", file.display()));
        let tokens = drop_test_items(tokens);
        let children: Vec<String> = tokens
            .windows(3)
            .filter(|w| w[0].text == "mod" && w[2].text == ";")
            .map(|w| w[1].text.clone())
            .collect();
        // lib.rs and mod.rs have their children beside them; a.rs has them in a/.
        let dir = match file.file_stem().and_then(|stem| stem.to_str()) {
            Some("lib" | "mod") => file.parent().map(Path::to_path_buf).unwrap_or_default(),
            _ => file.with_extension(""),
        };
        for child in &children {
            let flat = dir.join(format!("{child}.rs"));
            let file = match flat.exists() {
                true => flat,
                false => dir.join(child).join("mod.rs"),
            };
            walk(file, [path.clone(), vec![child.clone()]].concat(), modules);
        }
        modules.push(Module {
            path,
            file,
            tokens,
            children,
        });
    }
    let mut modules = Vec::new();
    walk(src_dir().join("lib.rs"), Vec::new(), &mut modules);
    modules
}

/// A path as written, `{…}` groups flattened (`crate::{a, b::{c, d as e}}` is three), with its
/// alias and the index of its first token.
struct Written {
    words: Vec<String>,
    alias: Option<String>,
    token: usize,
}

/// Reads the path at `start` into `out`; returns the index after it.
fn read_path(tokens: &[Token], start: usize, prefix: &[String], out: &mut Vec<Written>) -> usize {
    let text = |i: usize| tokens.get(i).map_or("", |t| t.text.as_str());
    let is_word = |i: usize| text(i).starts_with(|c: char| c.is_alphanumeric() || c == '_');
    let mut words = prefix.to_vec();
    let mut i = start;
    loop {
        if is_word(i) {
            words.push(text(i).to_owned());
            i += 1;
        } else if text(i) == "*" {
            words.push("*".to_owned());
            i += 1;
        } else if text(i) == "{" {
            i += 1;
            while !matches!(text(i), "}" | "") {
                i = if text(i) == "," {
                    i + 1
                } else {
                    read_path(tokens, i, &words, out)
                };
            }
            return i + 1;
        }
        if text(i) != "::" {
            break;
        }
        i += 1;
    }
    let alias = (text(i) == "as" && is_word(i + 1)).then(|| text(i + 1).to_owned());
    let end = if alias.is_some() { i + 2 } else { i };
    out.push(Written {
        words,
        alias,
        token: start,
    });
    end
}

/// Each `crate::…` and `super::…` path of a module, from the crate root, with its line.
/// Inline `mod name { … }` blocks are followed, so that `super::` in them means the file.
fn imports(module: &Module) -> Vec<(Vec<String>, usize)> {
    let tokens = &module.tokens;
    let text = |i: usize| tokens.get(i).map_or("", |t| t.text.as_str());
    let mut found = Vec::new();
    // Inline modules, each with the brace depth inside it.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let (mut depth, mut i) = (0, 0);
    while i < tokens.len() {
        match text(i) {
            "mod" if text(i + 2) == "{" => {
                depth += 1;
                inline.push((text(i + 1).to_owned(), depth));
                i += 2;
            }
            "{" => depth += 1,
            "}" => {
                if inline.last().is_some_and(|(_, inside)| *inside == depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
            }
            "crate" | "super" if text(i + 1) == "::" && (i == 0 || text(i - 1) != "::") => {
                let mut paths = Vec::new();
                let end = read_path(tokens, i, &[], &mut paths);
                let scope: Vec<String> = module
                    .path
                    .iter()
                    .cloned()
                    .chain(inline.iter().map(|(name, _)| name.clone()))
                    .collect();
                for path in paths {
                    let line = tokens.get(path.token).map_or(0, |t| t.line);
                    let at = format!("{}:{line}", shown(&module.file));
                    // A glob would hide from this test what it brings in.
                    assert!(
                        path.words.last().is_none_or(|w| w != "*"),
                        "{at}: name what is imported instead of *"
                    );
                    found.push((absolute(&scope, &path.words), line));
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// `words` (`crate::…` or `super::…`, written in `scope`) as a path from the crate root.
fn absolute(scope: &[String], words: &[String]) -> Vec<String> {
    let mut path = match words.first().map(String::as_str) {
        Some("crate") => Vec::new(),
        _ => scope.to_vec(),
    };
    let mut rest = words.iter().filter(|word| *word != "crate").peekable();
    while rest.next_if(|word| *word == "super").is_some() {
        path.pop();
    }
    path.extend(rest.filter(|word| *word != "self").cloned());
    path
}

/// What a face re-exports (`pub use file::{Name, other as Alias}`): the file of each name.
fn reexports(face: &Module) -> BTreeMap<String, String> {
    let tokens = &face.tokens;
    let mut names = BTreeMap::new();
    for (i, token) in tokens.iter().enumerate() {
        // `pub use` and `pub(crate) use`.
        let public = i > 0 && matches!(tokens[i - 1].text.as_str(), "pub" | ")");
        if token.text != "use" || !public {
            continue;
        }
        let mut paths = Vec::new();
        read_path(tokens, i + 1, &[], &mut paths);
        for path in paths {
            let words: Vec<&String> = path.words.iter().filter(|w| *w != "self").collect();
            if let (Some(file), Some(name)) =
                (words.first(), path.alias.as_ref().or(words.last().copied()))
                && face.children.contains(file)
            {
                names.insert(name.clone(), (*file).clone());
            }
        }
    }
    names
}

/// The imports between the parts of `folder` (for the crate root: its top-level modules).
fn graph(modules: &[Module], folder: &[String]) -> Graph {
    let face = modules.iter().find(|m| m.path == folder);
    let children = face.map(|m| m.children.clone()).unwrap_or_default();
    let reexported = face.map(reexports).unwrap_or_default();
    let part = |path: &[String]| -> Option<String> {
        let name = path.strip_prefix(folder)?.first()?;
        match children.contains(name) {
            true => Some(name.clone()),
            false => reexported.get(name).cloned(),
        }
    };
    let mut graph = Graph::new();
    for module in modules {
        let Some(from) = part(&module.path) else {
            continue;
        };
        for (path, line) in imports(module) {
            if let Some(to) = part(&path).filter(|to| *to != from) {
                let at = format!("{}:{line}", shown(&module.file));
                graph
                    .entry(from.clone())
                    .or_default()
                    .entry(to)
                    .or_insert(at);
            }
        }
    }
    graph
}

/// The cycles a depth-first search meets (at least one when there is any), each as its edges
/// with the place each import is made.
fn cycles(graph: &Graph) -> Vec<String> {
    fn visit(
        node: &str,
        graph: &Graph,
        done: &mut BTreeSet<String>,
        stack: &mut Vec<String>,
        found: &mut Vec<String>,
    ) {
        if let Some(start) = stack.iter().position(|n| n == node) {
            let ring: Vec<&String> = stack[start..].iter().chain([&stack[start]]).collect();
            let edges = ring.windows(2).map(|pair| {
                format!(
                    "  {} -> {}  ({})",
                    pair[0], pair[1], graph[pair[0]][pair[1]]
                )
            });
            found.push(edges.collect::<Vec<_>>().join("\n"));
            return;
        }
        if done.contains(node) {
            return;
        }
        stack.push(node.to_owned());
        for next in graph.get(node).into_iter().flat_map(BTreeMap::keys) {
            visit(next, graph, done, stack, found);
        }
        stack.pop();
        done.insert(node.to_owned());
    }
    let (mut done, mut found) = (BTreeSet::new(), Vec::new());
    for node in graph.keys() {
        visit(node, graph, &mut done, &mut Vec::new(), &mut found);
    }
    found
}

/// What is not code names no import, and a path in code is found wherever it is written: in a
/// macro's arguments too, with its line.
#[test]
fn comments_and_literals_hide_no_import_and_invent_none() {
    let source = r####"
        // crate::line::Comment
        /* crate::block /* crate::nested */ crate::still::Comment */
        /// crate::doc::Comment
        fn f<'a>(x: &'a str) -> char {
            let _ = ("crate::string", r#"crate::raw "quoted" string"#, b"crate::bytes");
            tracing::info!("{}", crate::in_macro::call(x));
            '"'
        }
        use super::{one, two::three as four};
    "####;
    let module = Module {
        path: vec!["m".to_owned()],
        file: PathBuf::from("m.rs"),
        tokens: tokens(source).expect("lexes"),
        children: Vec::new(),
    };
    let found: Vec<(String, usize)> = imports(&module)
        .into_iter()
        .map(|(path, line)| (path.join("::"), line))
        .collect();
    let expected = [("in_macro::call", 7), ("one", 10), ("two::three", 10)];
    assert_eq!(found, expected.map(|(path, line)| (path.to_owned(), line)));
}

#[test]
fn the_top_level_modules_form_no_import_cycle() {
    let graph = graph(&modules(), &[]);
    // The scan sees imports (a scan that saw none would see no cycle either).
    assert!(
        graph.values().map(BTreeMap::len).sum::<usize>() > 30,
        "{graph:#?}"
    );
    assert!(graph["report"].contains_key("checks"), "{graph:#?}");
    let cycles = cycles(&graph);
    assert!(
        cycles.is_empty(),
        "import cycles among the top-level modules of core/src:\n{}",
        cycles.join("\n\n")
    );
}

#[test]
fn the_files_of_each_folder_form_no_import_cycle() {
    let modules = modules();
    let config = graph(&modules, &["config".to_owned()]);
    assert!(config["layer"].contains_key("keys"), "{config:#?}");
    let mut problems = Vec::new();
    for folder in modules
        .iter()
        .filter(|m| !m.path.is_empty() && !m.children.is_empty())
    {
        let cycles = cycles(&graph(&modules, &folder.path));
        if !cycles.is_empty() {
            let dir = folder.file.parent().unwrap_or(Path::new(""));
            problems.push(format!(
                "import cycles among the files of {}:\n{}",
                shown(dir),
                cycles.join("\n\n")
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// The layers lib.rs's doc lists, leaves first: a numbered list (`//! N. …`) naming each
/// top-level module in backticks, up to the first empty line after it.
fn documented_layers(top_level: &[String]) -> BTreeMap<String, usize> {
    let lib = std::fs::read_to_string(src_dir().join("lib.rs")).unwrap_or_default();
    let mut layers = BTreeMap::new();
    let mut layer = 0;
    for line in lib
        .lines()
        .filter_map(|line| line.strip_prefix("//!"))
        .map(str::trim)
    {
        if let Some(number) = line.split_once(". ").and_then(|(n, _)| n.parse().ok()) {
            layer = number;
        }
        if layer > 0 && line.is_empty() {
            break;
        }
        let named = line.split('`').skip(1).step_by(2);
        for name in named.filter(|name| layer > 0 && top_level.iter().any(|m| m == name)) {
            let earlier = layers.insert(name.to_owned(), layer);
            assert!(
                earlier.is_none_or(|e| e == layer),
                "lib.rs puts {name} in layers {earlier:?} and {layer}"
            );
        }
    }
    layers
}

#[test]
fn imports_follow_the_layers_documented_in_lib_rs() {
    let modules = modules();
    let top_level = modules
        .iter()
        .find(|m| m.path.is_empty())
        .map(|m| m.children.clone())
        .unwrap_or_default();
    let layers = documented_layers(&top_level);
    let missing: Vec<&String> = top_level
        .iter()
        .filter(|m| !layers.contains_key(*m))
        .collect();
    assert!(missing.is_empty(), "lib.rs's layers leave out {missing:?}");
    let mut upward = Vec::new();
    for (from, edges) in graph(&modules, &[]) {
        for (to, at) in edges.iter().filter(|(to, _)| layers[*to] > layers[&from]) {
            upward.push(format!(
                "  {from} (layer {}) -> {to} (layer {})  ({at})",
                layers[&from], layers[to]
            ));
        }
    }
    assert!(
        upward.is_empty(),
        "imports from a layer to a later one:\n{}",
        upward.join("\n")
    );
}
