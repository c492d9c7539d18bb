//! Keeps the documents' example outputs true. In README.md an example is introduced by
//! ``(`cargo run --release -- ARGS`):`` and followed by a fenced block of what the command
//! prints. In the modding guide, a block marked `<!-- checked -->` on the line before its fence
//! opens with `$ peninsula ARGS` and goes on with the output (the guide's other blocks show
//! files a reader makes along the way, or an earlier step of the tutorial). This test runs
//! every such command and checks that each line of the block, other than a `...` standing for
//! lines left out, appears in the real output, in the same order. A change to the model, the
//! rules or the wording that moves a figure or a line fails here, naming the command and the
//! first line that no longer matches, so the documents are updated with the change instead of
//! drifting.

mod support;

use support::*;

/// A command the README shows and the lines it says the command prints.
#[derive(Debug)]
struct Example {
    args: Vec<String>,
    lines: Vec<String>,
}

/// Every ``(`cargo run --release -- ARGS`):`` followed (after blank lines) by a fenced block.
fn readme_examples(text: &str) -> Vec<Example> {
    const MARK: &str = "(`cargo run --release -- ";
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(at) = line.find(MARK) else { continue };
        let rest = &line[at + MARK.len()..];
        let Some(end) = rest.find("`)") else { continue };
        if !rest[end..].starts_with("`):") {
            continue;
        }
        let mut j = i + 1;
        while j < lines.len() && lines[j].trim().is_empty() {
            j += 1;
        }
        if j >= lines.len() || !lines[j].starts_with("```") {
            continue;
        }
        found.push(Example {
            args: rest[..end].split_whitespace().map(String::from).collect(),
            lines: block_lines(&lines[j + 1..]),
        });
    }
    found
}

/// Every block marked `<!-- checked -->` whose first line is `$ peninsula ARGS`.
fn guide_examples(text: &str) -> Vec<Example> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (i, pair) in lines.windows(2).enumerate() {
        if pair[0].trim() != "<!-- checked -->" || !pair[1].starts_with("```") {
            continue;
        }
        let body = block_lines(&lines[i + 2..]);
        let Some(command) = body.first().and_then(|l| l.strip_prefix("$ peninsula ")) else {
            continue;
        };
        found.push(Example {
            args: command.split_whitespace().map(String::from).collect(),
            lines: body[1..].to_vec(),
        });
    }
    found
}

/// A fenced block's lines up to its closing fence, without the `...` lines.
fn block_lines(from: &[&str]) -> Vec<String> {
    from.iter()
        .take_while(|l| !l.starts_with("```"))
        .filter(|l| l.trim() != "...")
        .map(|l| l.to_string())
        .collect()
}

/// Runs each example and checks its lines come out, in order.
fn check(document: &str, all: &[Example]) {
    for example in all {
        let args: Vec<&str> = example.args.iter().map(String::as_str).collect();
        let (code, out, err) = run(&args);
        assert_eq!(code, 0, "{document}: `{}` failed: {err}", args.join(" "));
        let mut printed = out.lines();
        for want in &example.lines {
            assert!(
                printed.any(|got| got.trim_end() == want.trim_end()),
                "{document}: `peninsula {}` no longer prints this line (or not in this order):\n\
                 {want}\n--- it prints:\n{out}",
                args.join(" ")
            );
        }
    }
}

/// The README's play, sim and calibrate examples print what the README shows.
#[test]
fn the_readme_examples_print_what_the_readme_shows() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let all = readme_examples(&readme);
    assert!(
        all.len() >= 3,
        "the README's play, sim and calibrate examples are found: {all:?}"
    );
    check("README.md", &all);
}

/// The modding guide's checked examples (the tutorial mod's batches) print what it shows.
#[test]
fn the_modding_guide_examples_print_what_the_guide_shows() {
    let guide = std::fs::read_to_string(root().join("docs/modding.md")).expect("docs/modding.md");
    let all = guide_examples(&guide);
    assert!(
        all.len() >= 2,
        "the guide's checked examples are found: {all:?}"
    );
    check("docs/modding.md", &all);
}

/// The parsers find a command and its block, leave out `...`, and skip a command without a
/// block and a block without the mark.
#[test]
fn examples_are_read_from_the_text() {
    let text = "Example (`cargo run --release -- play --seed 1`):\n\n```\nA\n...\nB\n```\n\
                and (`cargo run --release -- levels`) with no block.\n";
    let found = readme_examples(text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].args, ["play", "--seed", "1"]);
    assert_eq!(found[0].lines, ["A", "B"]);
    let guide = "```\n$ peninsula levels\nX\n```\n<!-- checked -->\n```\n$ peninsula sim --runs 5\nY\n...\n```\n";
    let found = guide_examples(guide);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].args, ["sim", "--runs", "5"]);
    assert_eq!(found[0].lines, ["Y"]);
}

/// Every class code the README and the teaching guide show is one the game accepts (a code
/// with a wrong check character is refused, and a teacher copying it would be stuck).
#[test]
fn the_class_codes_the_documents_show_are_accepted() {
    let mut seen = 0;
    for doc in ["README.md", "docs/teaching.md"] {
        let text = std::fs::read_to_string(root().join(doc)).expect(doc);
        for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
            let parts: Vec<&str> = word.split('-').collect();
            let looks_like_a_code = parts.len() == 3
                && parts[0].len() == 4
                && parts[0].chars().all(|c| c.is_ascii_digit())
                && parts[1].len() == 4
                && parts[2].len() == 1
                && word
                    .chars()
                    .all(|c| c == '-' || c.is_ascii_digit() || c.is_ascii_uppercase());
            if looks_like_a_code {
                seen += 1;
                if let Err(e) = peninsula::sim::class_code::decode(data(), word) {
                    panic!("{doc} shows the class code {word}, which the game refuses: {e}");
                }
            }
        }
    }
    assert!(seen >= 3, "the documents' class codes are found ({seen})");
}
