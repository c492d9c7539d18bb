//! Maps between places in a RON text and field paths such as `actions[3].effects[0].Add.1`.
//!
//! `ron` reports a line and column for a syntax or type error but not which field it was in, and
//! our own checks (duplicate ids, unknown references) know the field but not the line. This small
//! scanner walks the text the way the parser does — strings, comments, brackets, `key:` pairs —
//! and answers both questions: "which field is at line:col?" and "where does this field start?".

/// A 1-based line and column, counted in characters as `ron` counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct LineCol {
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone)]
enum Segment {
    Key(String),
    Index(usize),
    Variant(String),
}

/// The deepest the walk follows brackets: a little past the nesting the loader accepts.
const MAX_DEPTH: usize = super::load::MAX_NESTING + 8;

#[derive(Debug)]
struct Frame {
    bracket: char,
    /// Name written before `(`, such as `AtLeast` or `Some`.
    variant: Option<String>,
    index: usize,
    key: Option<String>,
    /// Whether a `key:` has been read in it: a struct, whose elements are its fields, not a
    /// tuple's numbered ones.
    keyed: bool,
}

/// The field path at `at` (the innermost field open there), e.g. `actions[2].cost[0].1`.
pub fn path_at(text: &str, at: LineCol) -> String {
    let mut found = String::new();
    walk(text, |path, pos| {
        if pos <= at {
            found = path.to_string();
            true
        } else {
            false
        }
    });
    found
}

/// Where the field `path` starts, if the text has it.
pub fn locate(text: &str, path: &str) -> Option<LineCol> {
    let path = as_written(path);
    let mut found = None;
    walk(text, |p, pos| {
        if p == path {
            found = Some(pos);
            false
        } else {
            true
        }
    });
    found
}

/// `locate`, from a text's `index`: for a caller that reports many fields of one text, where a
/// walk of the text for each would take time growing with the square of their number.
pub fn locate_in(index: &Places, path: &str) -> Option<LineCol> {
    index.get(&as_written(path)).copied()
}

/// A field path as the checks name it (`when[2].Not.Did.within`, `when[0].Any[1]`) in the
/// form the text's walk gives it: `Not(..)` and `Any([..])` hold their condition and their list
/// as element 0 (`when[2].Not[0].Did.within`, `when[0].Any[0][1]`).
fn as_written(path: &str) -> String {
    let segments: Vec<&str> = path.split('.').collect();
    let last = segments.len() - 1;
    let written: Vec<String> = segments
        .iter()
        .enumerate()
        .map(|(i, segment)| match segment.strip_prefix("Any[") {
            Some(index) => format!("Any[0][{index}"),
            None if *segment == "Not" && i < last => "Not[0]".to_string(),
            None => segment.to_string(),
        })
        .collect();
    written.join(".")
}

/// Where each field path of a text starts (`index`).
pub type Places = std::collections::HashMap<String, LineCol>;

/// Where every field path of the text starts (the first place, when a path repeats): one walk
/// of the text, for a caller that asks about many fields.
pub fn index(text: &str) -> Places {
    let mut all = std::collections::HashMap::new();
    walk(text, |p, pos| {
        all.entry(p.to_string()).or_insert(pos);
        true
    });
    all
}

/// The path of the value whose closing bracket is at `at` (`objectives[0]`, or `` for the
/// file's outer value; a variant's name is part of it: `events[3].when[0].Did`): ron reports
/// a missing field at the closing bracket of the value that lacks it.
pub fn closed_at(text: &str, at: LineCol) -> Option<String> {
    let mut found = None;
    walk_with(
        text,
        |_, pos| pos <= at,
        |stack, pos| {
            if pos == at
                && let Some((top, outer)) = stack.split_last()
            {
                let mut path = render(outer);
                if let Some(v) = top.variant.as_deref().filter(|v| *v != "Some") {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(v);
                }
                found = Some(path);
            }
        },
    );
    found
}

/// Calls `visit(path, position)` at the start of every field and list element, in text order,
/// until it returns false.
fn walk(text: &str, visit: impl FnMut(&str, LineCol) -> bool) {
    walk_with(text, visit, |_, _| {});
}

/// `walk`, also calling `close(open brackets, position)` at every closing bracket, before it
/// is popped.
fn walk_with(
    text: &str,
    mut visit: impl FnMut(&str, LineCol) -> bool,
    mut close: impl FnMut(&[Frame], LineCol),
) {
    let chars: Vec<char> = text.chars().collect();
    let mut stack: Vec<Frame> = Vec::new();
    let (mut i, mut line, mut col) = (0usize, 1usize, 1usize);
    let mut last_ident: Option<String> = None;
    // Whether the next value in the innermost list/tuple starts a new element.
    let mut element_start = false;

    let advance = |i: &mut usize, line: &mut usize, col: &mut usize, n: usize| {
        for _ in 0..n {
            if chars.get(*i) == Some(&'\n') {
                *line += 1;
                *col = 1;
            } else {
                *col += 1;
            }
            *i += 1;
        }
    };

    while i < chars.len() {
        let c = chars[i];
        let pos = LineCol { line, col };
        if c.is_whitespace() {
            advance(&mut i, &mut line, &mut col, 1);
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                advance(&mut i, &mut line, &mut col, 1);
            }
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'*') {
            advance(&mut i, &mut line, &mut col, 2);
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                advance(&mut i, &mut line, &mut col, 1);
            }
            advance(&mut i, &mut line, &mut col, 2);
            continue;
        }
        // A value begins here: report the list/tuple element it starts.
        if element_start && !matches!(c, ')' | ']' | '}' | ',') {
            element_start = false;
            let is_key = is_ident_start(c) && followed_by_colon(&chars, i);
            if !is_key && !visit(&render(&stack), pos) {
                return;
            }
        }
        match c {
            '"' => {
                advance(&mut i, &mut line, &mut col, 1);
                while i < chars.len() && chars[i] != '"' {
                    let step = if chars[i] == '\\' { 2 } else { 1 };
                    advance(&mut i, &mut line, &mut col, step);
                }
                advance(&mut i, &mut line, &mut col, 1);
                last_ident = None;
            }
            '(' | '[' | '{' => {
                // Deeper than any data file may nest (the parser refuses it first): stop, so
                // that a damaged file never makes the paths, and the walk, grow without end.
                if stack.len() >= MAX_DEPTH {
                    return;
                }
                let variant = if c == '(' { last_ident.take() } else { None };
                stack.push(Frame {
                    bracket: c,
                    variant,
                    index: 0,
                    key: None,
                    keyed: false,
                });
                element_start = true;
                advance(&mut i, &mut line, &mut col, 1);
            }
            ')' | ']' | '}' => {
                close(&stack, pos);
                stack.pop();
                element_start = false;
                last_ident = None;
                advance(&mut i, &mut line, &mut col, 1);
            }
            ',' => {
                if let Some(top) = stack.last_mut() {
                    top.index += 1;
                    top.key = None;
                }
                element_start = true;
                last_ident = None;
                advance(&mut i, &mut line, &mut col, 1);
            }
            _ if is_ident_start(c) => {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    advance(&mut i, &mut line, &mut col, 1);
                }
                let ident: String = chars[start..i].iter().collect();
                if followed_by_colon(&chars, i) {
                    if let Some(top) = stack.last_mut() {
                        top.key = Some(ident);
                        top.keyed = true;
                    }
                    if !visit(&render(&stack), pos) {
                        return;
                    }
                    last_ident = None;
                } else {
                    last_ident = Some(ident);
                }
            }
            _ => {
                last_ident = None;
                advance(&mut i, &mut line, &mut col, 1);
            }
        }
    }
}

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

/// True when the next non-blank character after `i` is a single `:` (a struct field key).
fn followed_by_colon(chars: &[char], mut i: usize) -> bool {
    while i < chars.len() && chars[i].is_whitespace() {
        i += 1;
    }
    chars.get(i) == Some(&':') && chars.get(i + 1) != Some(&':')
}

fn render(stack: &[Frame]) -> String {
    let mut segments = Vec::new();
    for frame in stack {
        if let Some(variant) = &frame.variant
            && variant != "Some"
        {
            segments.push(Segment::Variant(variant.clone()));
        }
        match (&frame.key, frame.bracket) {
            (Some(key), _) => segments.push(Segment::Key(key.clone())),
            (None, '[') => segments.push(Segment::Index(frame.index)),
            // `Some(x)` is the field's value itself (an `Option` written out), not a tuple:
            // the checks name what is inside as the field's own (`teams.rule`).
            (None, '(') if frame.variant.as_deref() == Some("Some") && frame.index == 0 => {}
            // Between a struct's fields (a `# comment` where a field belongs): the struct
            // itself, not a tuple's element `[8]`.
            (None, '(') if frame.keyed => {}
            (None, '(') if frame.variant.is_some() || frame.index > 0 => {
                segments.push(Segment::Index(frame.index))
            }
            _ => {}
        }
    }
    let mut out = String::new();
    for segment in segments {
        match segment {
            Segment::Key(k) | Segment::Variant(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&k);
            }
            Segment::Index(n) => {
                out.push_str(&format!("[{n}]"));
            }
        }
    }
    // Tuple positions read better as `.1` than `[1]` after a variant name.
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"// a comment with (brackets] and "quotes
(
    actions: [
        (id: "a", cost: [("x.y", 5)]),
        (
            id: "b", // trailing
            effects: [Add("pyongyang.trust", 3), Tension(amount: 4, decay: 1)],
        ),
    ],
)
"#;

    #[test]
    fn locates_nested_fields() {
        assert_eq!(
            locate(TEXT, "actions[1].id"),
            Some(LineCol { line: 6, col: 13 })
        );
        assert_eq!(
            locate(TEXT, "actions[0].cost[0]"),
            Some(LineCol { line: 4, col: 26 })
        );
        assert_eq!(
            locate(TEXT, "actions[1].effects[1].Tension.decay"),
            Some(LineCol { line: 7, col: 69 })
        );
        assert_eq!(locate(TEXT, "actions[2]"), None);
    }

    /// The checks name a condition inside `Not(..)` and `Any([..])` without the element the
    /// text holds it in; those paths are found at the field itself, not at the `Not`.
    #[test]
    fn locates_fields_inside_not_and_any_as_the_checks_name_them() {
        let text = "(when: [Not(Did(who: \"p\", within: 0)), Any([AtMost(\"a\", 1), Not(Not(Did(tag: \"t\")))])])";
        assert_eq!(
            locate(text, "when[0].Not.Did.within"),
            Some(LineCol { line: 1, col: 27 })
        );
        assert_eq!(
            locate(text, "when[1].Any[1].Not.Not.Did.tag"),
            Some(LineCol { line: 1, col: 73 })
        );
        assert_eq!(as_written("a.Not.Any[2].b"), "a.Not[0].Any[0][2].b");
    }

    #[test]
    fn names_the_value_a_closing_bracket_ends() {
        assert_eq!(
            closed_at(TEXT, LineCol { line: 8, col: 9 }).as_deref(),
            Some("actions[1]")
        );
        assert_eq!(
            closed_at(TEXT, LineCol { line: 7, col: 77 }).as_deref(),
            Some("actions[1].effects[1].Tension")
        );
        assert_eq!(
            closed_at(TEXT, LineCol { line: 10, col: 1 }).as_deref(),
            Some("")
        );
        assert_eq!(closed_at(TEXT, LineCol { line: 6, col: 13 }), None);
    }

    #[test]
    fn names_the_field_at_a_position() {
        assert_eq!(path_at(TEXT, LineCol { line: 6, col: 19 }), "actions[1].id");
        assert_eq!(
            path_at(TEXT, LineCol { line: 7, col: 46 }),
            "actions[1].effects[0].Add[1]"
        );
    }
}
