//! Problems found in a RON file, each with its place: `path:line:col: message`, the field path,
//! the offending line and a caret, and a "did you mean" where a close name exists.

use super::ron_path::{self, LineCol};
use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub at: LineCol,
    /// Field path such as `actions[3].effects[0].Add[1]`; empty when unknown.
    pub field: String,
    pub message: String,
    /// The source line, for the caret display, or the stretch of it around the column when
    /// the line is long (`with_excerpt`).
    pub line_text: String,
    /// The caret's column in `line_text` (1-based): `at.col`, unless the line was cut.
    pub caret: u32,
    /// The file could not be read past this problem (a syntax error or a value of the wrong
    /// type), so nothing after it in the file was checked: `validate` says so.
    pub stops_the_file: bool,
}

impl Diagnostic {
    /// A problem at a known position; the field path is worked out from the text.
    pub fn at_position(file: &Path, text: &str, at: LineCol, message: String) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            at,
            field: ron_path::path_at(text, at),
            message,
            line_text: String::new(),
            caret: at.col as u32,
            stops_the_file: false,
        }
        .with_excerpt(text)
    }

    /// A problem in a known field; the position is worked out from the text (the nearest
    /// enclosing field that exists, when the field itself is absent from the text).
    pub fn at_field(file: &Path, text: &str, field: &str, message: String) -> Self {
        Self::at_field_by(file, text, field, message, |probe| {
            ron_path::locate(text, probe)
        })
    }

    /// `at_field`, with the places of the text's fields already worked out (`ron_path::index`),
    /// for a caller that may report many problems in one text.
    pub fn at_field_in(
        file: &Path,
        text: &str,
        places: &ron_path::Places,
        field: &str,
        message: String,
    ) -> Self {
        Self::at_field_by(file, text, field, message, |probe| {
            ron_path::locate_in(places, probe)
        })
    }

    fn at_field_by(
        file: &Path,
        text: &str,
        field: &str,
        message: String,
        locate: impl Fn(&str) -> Option<LineCol>,
    ) -> Self {
        let mut probe = field.to_string();
        let at = loop {
            if let Some(at) = locate(&probe) {
                break at;
            }
            match probe.rfind(['.', '[']) {
                Some(cut) => probe.truncate(cut),
                None => break LineCol { line: 1, col: 1 },
            }
        };
        Diagnostic {
            file: file.to_path_buf(),
            at,
            field: field.to_string(),
            message,
            line_text: String::new(),
            caret: at.col as u32,
            stops_the_file: false,
        }
        .with_excerpt(text)
    }

    /// A problem with a whole file (missing, unreadable).
    pub fn whole_file(file: &Path, message: String) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            at: LineCol { line: 1, col: 1 },
            field: String::new(),
            message,
            line_text: String::new(),
            caret: 1,
            stops_the_file: false,
        }
    }

    /// Moves the caret from a field's name to its value (`turns: 100` points at `100`), for a
    /// problem with the value; a caret not on a `name:` stays where it is.
    pub fn point_at_value(&mut self) {
        let rest: Vec<char> = self
            .line_text
            .chars()
            .skip(self.caret as usize - 1)
            .collect();
        let name = rest
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == '_')
            .count();
        if name == 0 || rest.get(name) != Some(&':') {
            return;
        }
        let blanks = rest[name + 1..]
            .iter()
            .take_while(|c| c.is_whitespace())
            .count();
        if name + 1 + blanks >= rest.len() {
            return;
        }
        let moved = name + 1 + blanks;
        self.caret += moved as u32;
        self.at.col += moved;
    }

    /// For a problem with one key of a map field (`prior: {"buildr": 1.5}`): moves the caret
    /// from the field's name to the key, written `"key"`, in the map that follows the field.
    /// Left where it is when the key is not found there (the map written across a file that a
    /// mod patches, say).
    pub fn point_at_key(&mut self, text: &str, key: &str) {
        let quoted = format!("\"{key}\"");
        let start: usize = text
            .split_inclusive('\n')
            .take(self.at.line.saturating_sub(1))
            .map(str::len)
            .sum::<usize>()
            + text
                .lines()
                .nth(self.at.line.saturating_sub(1))
                .unwrap_or("")
                .chars()
                .take(self.at.col.saturating_sub(1))
                .map(char::len_utf8)
                .sum::<usize>();
        let Some(rest) = text.get(start..) else {
            return;
        };
        // The map is the field's value: up to its closing brace.
        let Some(open) = rest.find('{') else { return };
        let Some(close) = rest[open..].find('}') else {
            return;
        };
        let Some(found) = rest[open..open + close].find(&quoted) else {
            return;
        };
        let before = &text[..start + open + found];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        self.at = LineCol { line, col };
        self.caret = col as u32;
        *self = self.clone().with_excerpt(text);
    }

    /// Takes the line the problem is on from `text`, cut to `EXCERPT` characters around the
    /// column when it is longer (a file written on one line, a generated one): every problem
    /// echoing a whole line of 50 KB would bury the report, and the caret says where to look.
    fn with_excerpt(mut self, text: &str) -> Self {
        let line = text
            .lines()
            .nth(self.at.line.saturating_sub(1))
            .unwrap_or("")
            .trim_end();
        let n = line.chars().count();
        if n <= EXCERPT {
            self.line_text = line.to_string();
            self.caret = self.at.col as u32;
            return self;
        }
        let col = self.at.col.saturating_sub(1).min(n);
        let start = col.saturating_sub(EXCERPT / 3).min(n - EXCERPT);
        let end = start + EXCERPT;
        let mut cut: String = line.chars().skip(start).take(EXCERPT).collect();
        self.caret = (col - start + 1) as u32;
        if start > 0 {
            cut.insert(0, '…');
            self.caret += 1;
        }
        if end < n {
            cut.push('…');
        }
        self.line_text = cut;
        self
    }

    /// The one-line form: `path:line:col: field: message`.
    pub fn headline(&self) -> String {
        let field = if self.field.is_empty() {
            String::new()
        } else {
            format!("{}: ", self.field)
        };
        format!(
            "{}:{}:{}: {}{}",
            self.file.display(),
            self.at.line,
            self.at.col,
            field,
            self.message
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.headline())?;
        if !self.line_text.is_empty() {
            let gutter = self.at.line.to_string();
            // A control character (from a binary file, say) is shown as a replacement
            // character: written raw, it would drive the terminal.
            let shown: String = self
                .line_text
                .chars()
                .map(|c| {
                    if c.is_control() && c != '\t' {
                        '\u{FFFD}'
                    } else {
                        c
                    }
                })
                .collect();
            writeln!(f, "  {gutter} | {shown}")?;
            // As wide as the text before the column in a terminal: a tab stays a tab, and a
            // wide character (Korean, Chinese, Japanese) takes two spaces.
            let mut pad = String::new();
            for c in shown.chars().take(self.caret.saturating_sub(1) as usize) {
                match c {
                    '\t' => pad.push('\t'),
                    _ => pad.extend(std::iter::repeat_n(
                        ' ',
                        unicode_width::UnicodeWidthChar::width(c).unwrap_or(0),
                    )),
                }
            }
            writeln!(f, "  {} | {pad}^", " ".repeat(gutter.len()))?;
        }
        Ok(())
    }
}

/// Every problem found in a load, in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

/// A list's first entry and how many more wait behind it, for one line on a screen: a modder
/// who fixed the one shown should not find three more waiting, one reload at a time.
/// `noun` is what an entry is ("problem", "warning").
pub fn first_and_more(first: &str, count: usize, noun: &str) -> String {
    match count {
        0 | 1 => first.to_string(),
        2 => format!("{first} (and 1 more {noun}: peninsula validate lists every one)"),
        n => format!(
            "{first} (and {} more {noun}s: peninsula validate lists every one)",
            n - 1
        ),
    }
}

impl Diagnostics {
    /// The first entry's headline and how many more follow (`first_and_more`); empty when
    /// there is none.
    pub fn first_line(&self, noun: &str) -> String {
        match self.0.first() {
            Some(d) => first_and_more(&d.headline(), self.0.len(), noun),
            None => String::new(),
        }
    }
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// The most characters of a line a problem shows (see `Diagnostic::with_excerpt`).
const EXCERPT: usize = 160;

/// The known name closest to `wanted`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let known: Vec<&'a str> = known.into_iter().collect();
    // A name cut short is the likeliest slip of all when one known name, and only one, begins
    // with the whole of it: `BlocksSanctions` is `BlocksSanctionsBacksTalks`, though
    // `BacksSanctions` is fewer edits away.
    if wanted.chars().count() >= 6 {
        let mut longer = known
            .iter()
            .filter(|c| c.len() > wanted.len() && c.starts_with(wanted));
        if let (Some(only), None) = (longer.next(), longer.next()) {
            return Some(only);
        }
    }
    // The same name in another case or spelling of its words (`show_of_force` for
    // `ShowOfForce`), or a part of one known name, six letters or more (`Diplomacy` for
    // `DirectDiplomacy`, `diplomacy` for `direct_diplomacy`), when only one name fits.
    let plain = |s: &str| s.to_lowercase().replace(['_', '-', ' '], "");
    let want = plain(wanted);
    let only = |fits: &dyn Fn(&str) -> bool| {
        let mut fitting = known.iter().filter(|c| fits(&plain(c)));
        match (fitting.next(), fitting.next()) {
            (Some(one), None) => Some(*one),
            _ => None,
        }
    };
    if let Some(same) = only(&|c: &str| c == want) {
        return Some(same);
    }
    if want.chars().count() >= 6
        && let Some(within) = only(&|c: &str| c.len() > want.len() && c.contains(&want))
    {
        return Some(within);
    }
    let mut best: Option<(usize, &str)> = None;
    for candidate in known {
        let d = edit_distance(wanted, candidate);
        // One edit more when the two begin alike: a singular for a plural (`family` for
        // `families`) is three edits, and the likeliest slip of all.
        let alike = wanted.chars().take(3).eq(candidate.chars().take(3)) && wanted.len() >= 4;
        let limit = (wanted.len().max(candidate.len()) / 3).max(2) + alike as usize;
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// `did_you_mean`, held to a closer match: fewer edits than half the shorter name, so that a
/// short new name (`mi6`) is not taken for a slip of another (`nis`). For warning that a new
/// entry may have been meant to change an existing one.
pub fn likely_slip<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    did_you_mean(wanted, known).filter(|near| {
        let shorter = wanted.chars().count().min(near.chars().count());
        edit_distance(wanted, near) * 2 < shorter
    })
}

/// " (did you mean `x`?)" or "".
pub fn suggestion<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(wanted, known)
        .map(|c| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A name written in another case or with its words run together, or the tail of one
    /// known name, is matched to that name when it is the only one that fits.
    #[test]
    fn a_name_in_other_words_or_cut_to_its_tail_is_suggested() {
        let families = [
            "ShowOfForce",
            "Restraint",
            "OutreachToBeijing",
            "DirectDiplomacy",
        ];
        assert_eq!(did_you_mean("Diplomacy", families), Some("DirectDiplomacy"));
        assert_eq!(did_you_mean("show_of_force", families), Some("ShowOfForce"));
        let tags = [
            "direct_diplomacy",
            "show_of_force",
            "restraint",
            "regional_talks",
        ];
        assert_eq!(did_you_mean("diplomacy", tags), Some("direct_diplomacy"));
        assert_eq!(did_you_mean("ShowOfForce", tags), Some("show_of_force"));
        // Two names that both hold it: no guess.
        assert_eq!(
            did_you_mean("talks", ["regional_talks", "inter_korean_talks"]),
            None
        );
    }

    /// A problem on a very long line (a file written on one line) shows the stretch of it
    /// around the column, cut at both ends, with the caret under the character it names.
    #[test]
    fn a_long_line_is_cut_around_the_problem() {
        let mut text = String::from("(events: [");
        for i in 0..400 {
            text.push_str(&format!("(id: \"e{i}\"), "));
        }
        let col = text.chars().count() + 1;
        text.push_str("(colour: 3), ");
        for i in 0..400 {
            text.push_str(&format!("(id: \"f{i}\"), "));
        }
        text.push_str("])");
        let d = Diagnostic::at_position(
            Path::new("events.ron"),
            &text,
            LineCol { line: 1, col },
            "unknown field `colour`".into(),
        );
        let shown = d.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert!(lines[0].starts_with("events.ron:1:"), "{shown}");
        let excerpt = lines[1].split_once(" | ").unwrap().1;
        assert!(
            excerpt.starts_with('…') && excerpt.ends_with('…'),
            "{excerpt}"
        );
        assert!(excerpt.chars().count() <= EXCERPT + 2, "{excerpt}");
        let caret = lines[2].split_once(" | ").unwrap().1.len() - 1;
        let under: String = excerpt.chars().skip(caret).take(8).collect();
        assert_eq!(under, "(colour:", "{shown}");
        // A short line is shown whole, the caret at its column.
        let d = Diagnostic::at_position(
            Path::new("a.ron"),
            "(turns 20)",
            LineCol { line: 1, col: 8 },
            "expected colon".into(),
        );
        assert_eq!(
            d.to_string(),
            "a.ron:1:8: expected colon\n  1 | (turns 20)\n    |        ^\n"
        );
    }

    #[test]
    fn suggests_close_names_only() {
        let known = ["pyongyang.trust", "pyongyang.threat", "beijing.leverage"];
        assert_eq!(
            did_you_mean("pyongyang.trst", known),
            Some("pyongyang.trust")
        );
        assert_eq!(did_you_mean("washington.approval", known), None);
        // A singular for a plural.
        let fields = ["name", "families", "rules", "noise"];
        assert_eq!(did_you_mean("family", fields), Some("families"));
        assert_eq!(did_you_mean("rule", fields), Some("rules"));
        assert_eq!(did_you_mean("colour", fields), None);
        // A name cut short: the one known name that begins with it, before a nearer spelling.
        let stances = ["BacksSanctions", "BlocksSanctionsBacksTalks"];
        assert_eq!(
            did_you_mean("BlocksSanctions", stances),
            Some("BlocksSanctionsBacksTalks")
        );
        // Two that begin with it: neither is likelier, so the nearest spelling counts.
        let ids = ["missile_test", "missile_test_a", "missile_test_b"];
        assert_eq!(did_you_mean("missile_tes", ids), Some("missile_test"));
    }

    #[test]
    fn caret_points_at_the_column() {
        let text = "(\n  id: 12,\n)\n";
        let d = Diagnostic::at_position(
            Path::new("x.ron"),
            text,
            LineCol { line: 2, col: 7 },
            "expected a string".into(),
        );
        let shown = d.to_string();
        assert!(
            shown.starts_with("x.ron:2:7: id: expected a string"),
            "{shown}"
        );
        assert!(shown.contains("  2 |   id: 12,\n    |       ^"), "{shown}");
    }

    /// The caret lines up in a terminal when wide characters come before the column: each
    /// Korean syllable takes two columns, so the caret moves two spaces for each.
    #[test]
    fn caret_allows_for_wide_characters() {
        let text = "(\n  name: \"북한\", id: 12,\n)\n";
        // `12` starts at the 19th character of the line, after 16 narrow ones and 2 syllables.
        let d = Diagnostic::at_position(
            Path::new("x.ron"),
            text,
            LineCol { line: 2, col: 19 },
            "expected a string".into(),
        );
        let shown = d.to_string();
        let caret = format!("    | {}^", " ".repeat(16 + 2 * 2));
        assert!(shown.contains(&caret), "{shown}");
    }

    /// A binary file's control bytes are not written to the terminal (an escape sequence could
    /// clear it or change its colours): each shows as a replacement character, and the caret
    /// still lines up under the column.
    #[test]
    fn control_characters_are_not_echoed_raw() {
        let text = "(\n  \u{1b}[2J\u{7}id: 12,\n)\n";
        let d = Diagnostic::at_position(
            Path::new("x.ron"),
            text,
            LineCol { line: 2, col: 10 },
            "expected a string".into(),
        );
        let shown = d.to_string();
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
            "{shown:?}"
        );
        assert!(
            shown.contains("  2 |   \u{FFFD}[2J\u{FFFD}id: 12,\n    |          ^"),
            "{shown}"
        );
    }
}
