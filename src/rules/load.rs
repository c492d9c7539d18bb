//! Reading the data folder: finds it, parses each RON file with positions, compiles the rules and
//! every level. A broken rules file stops the load (nothing can run without it); a broken level
//! is kept in the list with its problems, so the rest of the game still works.

use super::compile::{self, Checker, Names, Source};
use super::diagnostics::{Diagnostic, Diagnostics};
use super::model::{Rules, Scenario, Who};
use super::patch::{RawRules, SourceFile};
use super::raw::*;
use super::ron_path::LineCol;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The rules files, relative to the data folder, in load order.
pub const RULE_FILES: [&str; 7] = [
    "assets/rules/actors.ron",
    "assets/rules/ladder.ron",
    "assets/rules/advisors.ron",
    "assets/rules/actions.ron",
    "assets/rules/pyongyang.ron",
    "assets/rules/beijing.ron",
    "assets/rules/events.ron",
];

/// A level file as found in `levels/`: compiled, or with its problems.
#[derive(Debug, Clone)]
pub enum LevelEntry {
    Ready(Box<Scenario>),
    Broken {
        path: PathBuf,
        /// The id from the file name, since the file itself may not parse.
        id: String,
        problems: Diagnostics,
    },
}

impl LevelEntry {
    pub fn id(&self) -> &str {
        match self {
            LevelEntry::Ready(s) => s.id(),
            LevelEntry::Broken { id, .. } => id,
        }
    }
    pub fn scenario(&self) -> Option<&Scenario> {
        match self {
            LevelEntry::Ready(s) => Some(s),
            LevelEntry::Broken { .. } => None,
        }
    }
}

/// The rules and every level of a data folder, with the mods on top of it.
#[derive(Debug, Clone)]
pub struct DataSet {
    pub root: PathBuf,
    pub rules: Arc<Rules>,
    pub levels: Vec<LevelEntry>,
    /// Every mod found, in load order (working ones first), with its problems.
    pub mods: Vec<super::mods::ModEntry>,
    /// Where the mods were looked for (a reload looks there again).
    pub mod_dirs: super::mods::ModDirs,
    /// The name of the mod each mod level comes from, by level id.
    pub level_mod: std::collections::BTreeMap<String, String>,
    /// The rules as parsed, with the mods' patches applied (for the validator's warnings).
    pub raw: Arc<RawRules>,
    /// The validator's warnings for this data, worked out when first asked (`warnings`).
    pub lint: std::sync::OnceLock<Arc<DataWarnings>>,
}

/// What `peninsula validate` would warn of in a data set as the game loaded it: data that loads
/// but cannot be what its author meant (an objective that can never be met, a rule that can
/// never fire). The game shows them where a modder looks: beside the level in Single level, and
/// in the notice after a hot reload.
#[derive(Debug, Clone, Default)]
pub struct DataWarnings {
    /// The rules' warnings: the base files' and each mod's patches', each at its own file.
    pub rules: Diagnostics,
    /// Each playable level's own, by level id (a level with none is left out).
    pub levels: std::collections::BTreeMap<String, Diagnostics>,
    /// The mods' in use: a patch's entry under an id one typo away from an existing one, a
    /// file in a mod's folder the game does not read.
    pub mods: Diagnostics,
    /// The rules' notes on speed (`lint::SPEED_NOTE`), for `validate` alone: neither `of_mod`
    /// nor `all` gives them, so the desktop and `peninsula mods` do not show them.
    pub speed_notes: Diagnostics,
}

impl DataWarnings {
    /// A mod's own warnings, as `validate` lists them: its levels', its patches', and the files
    /// in its folder the game does not read. None for a mod not in use: it is not checked.
    pub fn of_mod<'a>(&'a self, m: &'a super::mods::ModEntry) -> Vec<&'a super::Diagnostic> {
        if !m.in_use() {
            return Vec::new();
        }
        let levels = m.levels.iter().filter_map(|id| self.levels.get(id));
        let patches = self.rules.0.iter().filter(|d| d.file.starts_with(&m.dir));
        levels
            .flat_map(|d| d.0.iter())
            .chain(patches)
            .chain(m.changes.warnings.iter().chain(m.unread.iter()))
            .collect()
    }

    /// Every warning: the rules', the mods', then the levels' in id order.
    pub fn all(&self) -> Diagnostics {
        let levels = self.levels.values().flat_map(|d| d.0.iter());
        Diagnostics(
            (self.rules.0.iter())
                .chain(self.mods.0.iter())
                .chain(levels)
                .cloned()
                .collect(),
        )
    }
}

impl DataSet {
    /// The validator's warnings for this data (`DataWarnings`), worked out on first asking and
    /// kept: a reload makes a new data set. Batch runs and the command line never ask, so they
    /// never pay for the extra reading of every level file.
    pub fn warnings(&self) -> Arc<DataWarnings> {
        self.lint
            .get_or_init(|| {
                let mut levels = std::collections::BTreeMap::new();
                for s in self.levels.iter().filter_map(LevelEntry::scenario) {
                    // A mod's level is read as `validate` reads it: from its mod's folder, with
                    // the warning that a mod's level takes no campaign place.
                    let from_mod = self
                        .mods
                        .iter()
                        .filter(|m| m.in_use())
                        .find(|m| m.levels.iter().any(|id| id == s.id()));
                    let found = match from_mod {
                        Some(m) => lint_mod_level_file(&self.rules, &m.dir, &s.path),
                        None => lint_level_file(&self.rules, &self.root, &s.path),
                    };
                    if !found.0.is_empty() {
                        levels.insert(s.id().to_string(), found);
                    }
                }
                let mods = (self.mods.iter().filter(|m| m.in_use()))
                    .flat_map(|m| m.changes.warnings.iter().chain(m.unread.iter()))
                    .cloned()
                    .collect();
                let (speed_notes, rules): (Vec<_>, Vec<_>) =
                    super::lint::lint_rules(&self.raw, &self.rules)
                        .0
                        .into_iter()
                        .partition(|d| d.message.starts_with(super::lint::SPEED_NOTE));
                Arc::new(DataWarnings {
                    rules: Diagnostics(rules),
                    levels,
                    mods: Diagnostics(mods),
                    speed_notes: Diagnostics(speed_notes),
                })
            })
            .clone()
    }

    /// The mod a level comes from, if it is not the base game's.
    pub fn mod_of(&self, level: &str) -> Option<&str> {
        self.level_mod.get(level).map(String::as_str)
    }

    /// What a policy name means here: a policy file of a mod in use named `NAME.ron` stands
    /// for NAME (unless it is built in or a path); anything else is returned as it is.
    pub fn policy_ref(&self, name: &str) -> String {
        let builtin = crate::rules::BUILTIN_POLICIES.contains(&name);
        if builtin || Path::new(name).exists() {
            return name.to_string();
        }
        self.mods
            .iter()
            .filter(|m| m.in_use())
            .flat_map(|m| m.policies.iter())
            .find(|p| p.file_stem().is_some_and(|s| s == name))
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| name.to_string())
    }

    /// Every policy that can be named without a path: the built-in ones, then the policies of
    /// the mods in use (by file name), in load order.
    pub fn policy_names(&self) -> Vec<String> {
        let mut names: Vec<String> = crate::rules::BUILTIN_POLICIES
            .iter()
            .map(|n| n.to_string())
            .collect();
        for m in self.mods.iter().filter(|m| m.in_use()) {
            for p in &m.policies {
                if let Some(stem) = p.file_stem() {
                    let stem = stem.to_string_lossy().to_string();
                    if !names.contains(&stem) {
                        names.push(stem);
                    }
                }
            }
        }
        names
    }

    pub fn level(&self, id: &str) -> Option<&LevelEntry> {
        self.levels.iter().find(|l| l.id() == id)
    }
    pub fn level_ids(&self) -> Vec<&str> {
        self.levels.iter().map(|l| l.id()).collect()
    }
}

/// Where the data lives: `--data DIR`, else the current directory when it holds `assets/` and
/// `levels/`, else beside the executable (or two folders up, for `target/release/peninsula`),
/// else the source folder the program was built from (a build whose target folder lies
/// elsewhere, started from another folder).
pub fn find_data_dir(explicit: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(dir) = explicit {
        return if is_data_dir(dir) {
            Ok(dir.to_path_buf())
        } else {
            Err(format!(
                "--data {}: no assets/rules/ and levels/ folders there",
                dir.display()
            ))
        };
    }
    let mut looked = Vec::new();
    if let Ok(cwd) = std::env::current_dir() {
        if is_data_dir(&cwd) {
            return Ok(cwd);
        }
        looked.push(cwd);
    }
    if let Some(exe_dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf))
    {
        for dir in exe_dir.ancestors().take(3) {
            if is_data_dir(dir) {
                return Ok(dir.to_path_buf());
            }
            looked.push(dir.to_path_buf());
        }
    }
    let built_from = Path::new(env!("CARGO_MANIFEST_DIR"));
    if is_data_dir(built_from) {
        return Ok(built_from.to_path_buf());
    }
    looked.push(built_from.to_path_buf());
    // Each place once (the current folder may be the program's own).
    let mut places: Vec<String> = Vec::new();
    for p in &looked {
        let p = p.display().to_string();
        if !places.contains(&p) {
            places.push(p);
        }
    }
    Err(format!(
        "no game data found (assets/rules/ and levels/); looked in {}; pass --data DIR",
        places.join(", ")
    ))
}

fn is_data_dir(dir: &Path) -> bool {
    dir.join("assets").join("rules").is_dir() && dir.join("levels").is_dir()
}

/// A hexadecimal, octal or binary number whose `0` ends just before column `col` (1-based) of
/// `line` (`0x10`, where ron stopped at the `x`): its base's name and its value in decimal.
fn radix_number_at(line: &[char], col: usize) -> Option<(&'static str, i64)> {
    let zero = col.checked_sub(2)?;
    if line.get(zero) != Some(&'0')
        || zero
            .checked_sub(1)
            .and_then(|i| line.get(i))
            .is_some_and(|c| c.is_alphanumeric() || *c == '.' || *c == '_')
    {
        return None;
    }
    let (radix, name) = match line.get(col - 1)? {
        'x' => (16, "hexadecimal"),
        'o' => (8, "octal"),
        'b' => (2, "binary"),
        _ => return None,
    };
    let digits: String = line[col..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '_')
        .filter(|c| **c != '_')
        .collect();
    Some((name, i64::from_str_radix(&digits, radix).ok()?))
}

/// Parses RON text, turning a parse error into a diagnostic with line, column and field.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, Diagnostic> {
    // A file with nothing but blanks and comments (emptied by mistake, or saved before it was
    // written) would read as "expected opening `(`": say what is wrong with it.
    if text
        .trim_start_matches('\u{feff}')
        .lines()
        .all(|l| without_comment(l).trim().is_empty())
    {
        // A mod's rules patch (in a `rules/` folder that is not the base game's
        // `assets/rules/`) may be `()`; a level, a manifest or a base file may not.
        let folder = |p: Option<&Path>| p.and_then(Path::file_name).map(|n| n.to_os_string());
        let patch = folder(path.parent()).is_some_and(|n| n == "rules")
            && folder(path.parent().and_then(Path::parent)).is_none_or(|n| n != "assets");
        let more = if patch {
            "; a mod's rules patch that changes nothing yet is `()`"
        } else {
            ""
        };
        return Err(Diagnostic::whole_file(
            path,
            format!(
                "the file is empty (nothing but blanks and comments): a data file holds one value, from `(` to `)`{more}"
            ),
        ));
    }
    let options = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_NESTING);
    // A byte-order mark (Windows Notepad writes one) is dropped, as editors do not count it as
    // a column (files read with `read` come without it already).
    let ron_text = text.strip_prefix('\u{feff}').unwrap_or(text);
    options.from_str::<T>(ron_text).map_err(|e| {
        let mut at = LineCol {
            line: e.span.start.line.max(1),
            col: e.span.start.col.max(1),
        };
        let line = ron_text.lines().nth(at.line - 1).unwrap_or_default();
        let mut message = explain(&e.code);
        // A value of the wrong type is reported where ron began to look for it, often the space
        // before it: point at the value itself, and say what was there.
        if matches!(
            e.code,
            ron::Error::ExpectedInteger
                | ron::Error::ExpectedFloat
                | ron::Error::ExpectedString
                | ron::Error::ExpectedBoolean
                | ron::Error::ExpectedArray
                | ron::Error::ExpectedMap
                | ron::Error::ExpectedStructLike
                | ron::Error::IntegerOutOfBounds
                | ron::Error::InvalidIntegerDigit { .. }
        ) {
            let mut line = line;
            let blanks = line
                .chars()
                .skip(at.col - 1)
                .take_while(|c| c.is_whitespace())
                .count();
            at.col += blanks;
            // Nothing left on the line (`advice: {` and the entries below): the value is the
            // first thing on a later line.
            if without_comment(line).chars().count() < at.col
                && let Some((n, next)) = ron_text
                    .lines()
                    .enumerate()
                    .skip(at.line)
                    .find(|(_, l)| !without_comment(l).trim().is_empty())
            {
                line = next;
                at = LineCol {
                    line: n + 1,
                    col: next.chars().take_while(|c| c.is_whitespace()).count() + 1,
                };
            }
            // A negative number is reported after its sign.
            if at.col > 1 && line.chars().nth(at.col - 2) == Some('-') {
                at.col -= 1;
            }
            let found = value_at(line, at.col);
            // `1e3`, `2e1`: a whole number is written in digits alone (said with what was found,
            // below).
            let digits_for = (matches!(e.code, ron::Error::InvalidIntegerDigit { .. }))
                .then(|| found.parse::<f64>().ok())
                .flatten()
                .filter(|x| x.fract() == 0.0 && x.abs() < 1e15);
            if matches!(e.code, ron::Error::InvalidIntegerDigit { .. }) {
                message = "expected a whole number written in digits alone".to_string();
            }
            if matches!(e.code, ron::Error::IntegerOutOfBounds) && !found.is_empty() {
                // ron knows only that the number does not fit: say which way.
                message = if found.starts_with('-') {
                    "this field takes a whole number that is not negative".to_string()
                } else {
                    "the whole number is too large for this field".to_string()
                };
            }
            if !found.is_empty() {
                message = format!("{message}, found `{found}`");
                if let Some(x) = digits_for {
                    message.push_str(&format!(": write `{}`", x as i64));
                }
                // What to do about it, for the slips a modder makes most.
                let number = matches!(e.code, ron::Error::ExpectedInteger | ron::Error::ExpectedFloat);
                if let Some(name) = named_part(&found) {
                    if let Some(('{', _)) = innermost_open(ron_text, at) {
                        // `{dove: ".."}`: a map's keys are text.
                        message.push_str(&format!(
                            ": a key in `{{ }}` is text in double quotes; write `\"{name}\":`"
                        ));
                    } else {
                        // `(var: "x", value: 4)` where a pair `("x", 4)` belongs.
                        message.push_str(&format!(
                            ": this value's parts go in order without names; write it without `{name}:`"
                        ));
                    }
                } else if number && found.starts_with('"') {
                    message.push_str(": write the number without quotes");
                } else if matches!(e.code, ron::Error::ExpectedString)
                    && found.starts_with(['\u{201c}', '\u{201d}', '\u{2018}', '\u{2019}'])
                {
                    message.push_str(": these are curly quotes; use straight ones (`\"`)");
                } else if matches!(e.code, ron::Error::ExpectedString)
                    && found.starts_with(|c: char| c.is_alphabetic())
                {
                    message.push_str(": put the text in double quotes");
                }
            }
        }
        // Set when the problem was moved to the slip itself (a comma left out, a quote left
        // open): the guesses below read ron's own position and no longer apply.
        let mut settled = false;
        // The value a missing comma belongs after, when it ends in a bracket.
        let mut closed_value: Option<String> = None;
        // `turns: 10.5` reads as the whole number 10 and then a stray `.5`: say what was wrong.
        let rest: String = ron_text
            .lines()
            .nth(at.line - 1)
            .map(|l| l.chars().skip(at.col - 1).take(2).collect())
            .unwrap_or_default();
        let chars: Vec<char> = line.chars().collect();
        if matches!(e.code, ron::Error::ExpectedComma)
            && let Some((radix, value)) = radix_number_at(&chars, at.col)
        {
            // `weight: 0x10` where a fractional number belongs: ron reads the `0` and stops at
            // the `x`. Only whole-number fields take `0x`, `0o` and `0b`.
            at.col -= 1;
            let found = value_at(line, at.col);
            message = format!(
                "this field takes a number that may have a fraction, written in decimal digits, found `{found}` ({radix}): write `{value}`"
            );
            settled = true;
        } else if matches!(e.code, ron::Error::ExpectedComma)
            && rest.starts_with('.')
            && rest[1..].starts_with(|c: char| c.is_ascii_digit())
        {
            // Point at the whole number written, `2.5`, and say it.
            let digits = line
                .chars()
                .take(at.col - 1)
                .collect::<Vec<_>>()
                .iter()
                .rev()
                .take_while(|c| c.is_ascii_digit() || **c == '-')
                .count();
            at.col -= digits;
            let found = value_at(line, at.col);
            message = format!("expected a whole number here, with no decimal point, found `{found}`");
        } else if matches!(e.code, ron::Error::ExpectedComma)
            && let Some(open) = unclosed_quote(ron_text, at.line)
        {
            // A string with no closing quote runs on to the next quote, on a later line, and
            // ron stumbles after it: the mistake is the string that was never closed.
            at = open;
            settled = true;
            message =
                "this text has no closing quote (`\"`), so what follows it was read as part of it"
                    .into();
        } else if matches!(e.code, ron::Error::ExpectedIdentifier)
            && let Some(name) = quoted_field_name(&value_at(line, at.col))
        {
            // `"turns": 12`, as JSON writes it: RON's field names go without quotes.
            message = format!(
                "a field's name is written without quotes in RON, found `\"{name}\":`: write `{name}:`"
            );
        } else if matches!(
            e.code,
            ron::Error::ExpectedIdentifier | ron::Error::SuggestRawIdentifier(_)
        ) && let Some((col, names)) = names_wanted_at::<T>(&options, ron_text, at)
        {
            // A value where a field's name belongs (`(var: "x", 40)`, `(at: .., "caption")`):
            // the fix is the name, and the fields this value takes say which.
            at.col = col;
            let found = value_at(line, at.col);
            message = format!(
                "a value with no field name, found `{found}`: inside `( )` each value is written `name: value`, and the names here are {}",
                names.join(", ")
            );
        } else if matches!(e.code, ron::Error::ExpectedIdentifier)
            && value_at(line, at.col).starts_with('"')
        {
            let found = value_at(line, at.col);
            message = format!(
                "expected a name from the field's list, written without quotes, found `{found}`"
            );
            // Read the file again with this value's quotes taken off: a name the field knows
            // gets the spelling to write, one it does not gets the field's list.
            let name = found.trim().trim_matches('"');
            let fixed: String = ron_text
                .lines()
                .enumerate()
                .map(|(i, l)| {
                    if i + 1 == at.line {
                        let (head, tail) = l.split_at(
                            l.char_indices().nth(at.col - 1).map_or(l.len(), |(b, _)| b),
                        );
                        format!("{head}{}", tail.replacen(found.trim(), name, 1))
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            match options.from_str::<T>(&fixed) {
                Err(again) if again.span.start.line == at.line => {
                    if let ron::Error::NoSuchEnumVariant { expected, .. } = &again.code {
                        message.push_str(&format!("; one of: {}", expected.join(", ")));
                    }
                }
                _ => message.push_str(&format!(": write `{name}`")),
            }
        } else if matches!(e.code, ron::Error::ExpectedString)
            && line.chars().nth(at.col - 1) == Some('\'')
        {
            message =
                "expected text in double quotes (`\"...\"`); single quotes are not RON".into();
        } else if matches!(e.code, ron::Error::ExpectedComma)
            && let Some(stray) = line
                .chars()
                .nth(at.col - 1)
                .filter(|c| !c.is_whitespace() && !c.is_alphanumeric() && !"\"'/()[]{}-+.".contains(*c))
        {
            // `turns: 20;`: a character where the comma between two values belongs.
            message = if stray == ';' {
                "expected a comma, found `;`: RON separates values with commas, not semicolons"
                    .into()
            } else if stray == '%' {
                // `chance: 15%`: a share is written as a fraction.
                "expected a comma between values, found `%`: write a percentage as a fraction, \
                 0.15 for 15%"
                    .into()
            } else {
                format!("expected a comma between values, found `{stray}`")
            };
            settled = true;
        } else if matches!(e.code, ron::Error::ExpectedComma)
            && let Some(after) = end_of_value_before(line, at.col)
            && line
                .chars()
                .nth(at.col - 1)
                .is_some_and(|c| c.is_alphanumeric() || "\"([{-".contains(c))
        {
            // `Add("x", 10) Add("y", 2)`: two values on one line with no comma between them.
            // ron stops at the second; the comma belongs just after the first.
            // The next value by its head: `Add(..)`, or a plain value whole.
            let mut next = value_at(line, at.col);
            if let Some(open) = next.find(['(', '[', '{']) {
                let close = match &next[open..open + 1] {
                    "[" => "..]",
                    "{" => "..}",
                    _ => "..)",
                };
                next.replace_range(open + 1.., close);
            }
            message = format!("expected a comma after this value, before the next one (`{next}`)");
            settled = true;
            at.col = after;
            closed_value = value_closed_before(ron_text, at);
        } else if matches!(e.code, ron::Error::ExpectedComma)
            && line.chars().take(at.col - 1).all(char::is_whitespace)
            && let Some(before) = end_of_previous_value(ron_text, at.line)
        {
            // ron finds a missing comma at the next field, on the next line: the comma belongs
            // at the end of the value before it.
            at = before;
            message = "expected a comma after this value, at the end of its line".into();
            settled = true;
            closed_value = value_closed_before(ron_text, at);
        }
        // Moved to another line: what follows reads the line the problem is now on.
        let line = ron_text.lines().nth(at.line - 1).unwrap_or_default();
        // Three slips ron names only in its own terms: `=` where a field's colon belongs, a
        // comma doubled, and text after the file's value has ended.
        let here = line.chars().nth(at.col - 1);
        let next = line.chars().skip(at.col - 1).find(|c| !c.is_whitespace());
        let mut field_here = None;
        if next == Some('#') {
            message = "a comment starts with `//`; `#` does not begin one in RON".into();
            at.col += line
                .chars()
                .skip(at.col - 1)
                .take_while(|c| c.is_whitespace())
                .count();
        } else if matches!(e.code, ron::Error::ExpectedMapColon) && next == Some('=') {
            message = "a field is written `name: value`, with a colon, not `=`".into();
            field_here = word_before(line, at.col);
            at.col += line
                .chars()
                .skip(at.col - 1)
                .take_while(|c| c.is_whitespace())
                .count();
        } else if matches!(e.code, ron::Error::ExpectedMapColon)
            && let Some(name) = word_before(line, at.col)
        {
            // `turns 20`: the name is there, its colon is not.
            message = format!(
                "a field is written `name: value`: the colon after `{name}` is missing"
            );
            field_here = Some(name);
        } else if matches!(e.code, ron::Error::ExpectedIdentifier) && here == Some(',') {
            message = "two commas in a row: remove one".into();
        } else if matches!(e.code, ron::Error::TrailingCharacters) {
            message = "there is more after the file's value has ended (its last `)`): remove it, or look above for a `)` too many".into();
            field_here = Some(String::new());
        }
        if matches!(e.code, ron::Error::UnclosedBlockComment)
            && let Some(open) = unclosed_block_comment(ron_text)
        {
            // ron stumbles where the file ends, or at a later `//`: the mistake is the `/*`.
            at = open;
            message = "this `/*` comment is never closed: end it with `*/`".into();
            field_here = Some(String::new());
        }
        if matches!(e.code, ron::Error::InvalidEscape(_))
            && let Some((col, escape)) = unknown_escape(line, at.col)
        {
            // ron points into the string, before the escape: point at the backslash itself.
            at.col = col;
            message = format!(
                "`{escape}` is not an escape RON knows: for a backslash write `\\\\`; the escapes are `\\\"`, `\\\\`, `\\n`, `\\t` and `\\u{{..}}`"
            );
        }
        let mut d = Diagnostic::at_position(path, text, at, message);
        if let Some(field) = field_here.or(closed_value) {
            d.field = field;
        }
        // A number too large to read: the range the field's checks would have given it.
        if matches!(e.code, ron::Error::IntegerOutOfBounds)
            && d.message.starts_with("the whole number is too large")
            && let Some(range) = super::compile::whole_number_range(&d.field)
        {
            d.message.push_str(&format!(": {range}"));
        }
        // `Add("world.talks", 12, 5)`: ron reads the values a variant takes and then wants its
        // `)`; say how many it takes, as for too few.
        if matches!(e.code, ron::Error::ExpectedStructLikeEnd)
            && let Some(last) = d.field.rsplit('.').next()
            && let Some((variant, index)) = last.strip_suffix(']').and_then(|l| l.split_once('['))
            && variant.starts_with(|c: char| c.is_ascii_uppercase())
            && let Ok(count) = index.parse::<usize>()
        {
            let values = if count == 1 { "value" } else { "values" };
            let example = match variant {
                "AtLeast" | "AtMost" => format!(": a variable and a number, as `{variant}(\"world.talks\", 30)`"),
                "Add" | "Set" => format!(": a variable and a number, as `{variant}(\"world.talks\", 5)`"),
                _ => " (docs/modding.md lists what each variant takes)".to_string(),
            };
            d.message = format!("`{variant}` takes {count} {values}, found more{example}: remove this one");
            d.field = d.field[..d.field.len() - last.len() + variant.len()].to_string();
        }
        // A mod's `remove` is a list of ids in actions.ron and events.ron, and one list per kind
        // in an AI's patch: the shapes are swapped when one patch is copied into another, and
        // ron would name its own type ("struct AiRemove").
        if d.field == "remove" && matches!(e.code, ron::Error::ExpectedStructLike | ron::Error::ExpectedArray | ron::Error::ExpectedNamedStructLike(_)) {
            let ai = path
                .file_name()
                .is_some_and(|n| n == "pyongyang.ron" || n == "beijing.ron");
            // The ids written, to say them back in the right shape.
            let found = value_at(ron_text.lines().nth(at.line - 1).unwrap_or_default(), at.col);
            let ids = found
                .find('[')
                .zip(found.rfind(']'))
                .filter(|(open, close)| open < close)
                .map(|(open, close)| found[open..=close].to_string());
            d.message = if ai {
                let ids = ids.unwrap_or_else(|| "[\"some_rule\"]".into());
                format!("in an AI's patch `remove` names the list each id comes out of: write `remove: (rules: {ids})` for rules, `remove: (responses: {ids})` for responses (its lists: dispositions, analysts, responses, rules)")
            } else {
                let ids = ids.unwrap_or_else(|| "[\"some_id\"]".into());
                format!("in this patch `remove` is a list of ids: write `remove: {ids}`")
            };
        }
        // The file ends with brackets still open (its last `)` left out, or a list's `]` and
        // everything after it): ron says only "unexpected end"; name the bracket to close.
        if matches!(e.code, ron::Error::Eof) {
            let last = ron_text.lines().count().max(1);
            let end = LineCol {
                line: last,
                col: ron_text.lines().last().map_or(0, |l| l.chars().count()) + 1,
            };
            let open = open_brackets(ron_text, end);
            if let Some(&(bracket, at_open)) = open.last() {
                let close = match bracket {
                    '(' => ')',
                    '[' => ']',
                    _ => '}',
                };
                let more = match open.len() {
                    1 => String::new(),
                    n => format!(" ({n} brackets are still open; this is the last opened)"),
                };
                d = Diagnostic::at_position(
                    path,
                    text,
                    at_open,
                    format!(
                        "the file ends before this `{bracket}` is closed{more}: end it with `{close}`"
                    ),
                );
                d.field = super::ron_path::path_at(ron_text, at_open);
            }
        }
        // A list left open as the last field of its value (`discussion: ["..", ".."` and then the
        // level's `)`): ron meets the `)` where an entry or the list's `]` belongs.
        if !settled
            && here == Some(')')
            && let Some(('[', open)) = innermost_open(ron_text, at)
        {
            let list = super::ron_path::path_at(ron_text, open);
            let name = list.rsplit('.').next().unwrap_or(&list).to_string();
            d.message = if balanced_without(ron_text, at) {
                // Every bracket matches without this `)`: the list goes on after it and ends
                // with its `]` further down, and the entry before it was closed twice.
                format!(
                    "this `)` is one too many: the entry before it is already closed, and the list `{name}` (opened at line {}) goes on after it; remove it",
                    open.line
                )
            } else {
                format!(
                    "the list `{name}`, opened at line {}, was never closed: end it with `]` before this `)`",
                    open.line
                )
            };
            d.field = list;
        }
        // A value where a variant's first field name belongs (`Tension(5, 2)`, `Did("player",
        // ..)`): the variant takes named fields, which is the fix to say.
        if matches!(
            e.code,
            ron::Error::ExpectedIdentifier | ron::Error::SuggestRawIdentifier(_)
        ) && let Some(variant) = d
            .field
            .strip_suffix("[0]")
            .map(|f| f.rsplit('.').next().unwrap_or(f).to_string())
            .filter(|v| v.starts_with(|c: char| c.is_ascii_uppercase()))
        {
            let found = value_at(line, at.col);
            let message = match variant.as_str() {
                // The variants with named fields (`raw.rs`): the names are the fix.
                "Did" | "Tension" | "Later" | "If" => Some(format!(
                    "`{variant}` is written with its fields' names, as `{variant}(name: value, ...)`, found `{found}` where the first name belongs (docs/modding.md lists `{variant}`'s fields)"
                )),
                // One name, without quotes.
                "Stance" => Some(format!(
                    "`Stance` takes Beijing's stance as a name without quotes, `Stance(BacksSanctions)` or `Stance(BlocksSanctionsBacksTalks)`, found `{found}`"
                )),
                // One condition, not a list or a string.
                "Not" => Some(format!(
                    "`Not` takes one condition, as `Not(AtLeast(\"world.talks\", 30))`; for several, `Not(Any([..]))` holds when none of them does; found `{found}`"
                )),
                _ => None,
            };
            if let Some(message) = message {
                d.field.truncate(d.field.len() - "[0]".len());
                d.message = message;
            }
        }
        // A field name read as a list's entry (`advice:` after an `effects: [...` with no `]`,
        // `tension:` after a `start: [...`, `calendar:` after a `briefing: [...`): the list
        // before it was never closed. Only inside a list: in a map (`families: {..}`) a name
        // before a colon is the map's key, and a wrong one is a misspelt key.
        if !settled
            && let Some(found) = field_name_at(line, at.col)
            && let Some(('[', _)) = innermost_open(ron_text, at)
        {
            let list = d
                .field
                .strip_suffix(&format!(".{found}"))
                .unwrap_or(&d.field)
                .to_string();
            let name = list.rsplit('.').next().unwrap_or(&list).to_string();
            d.message = format!(
                "`{found}:` is a field, but it was read as an entry of the list `{name}`: that list was never closed (end it with `]` before this field), or a `)` before this field closed its entry too early (remove it)"
            );
            d.field = list;
        }
        // An entry left open (`(id: .., when: [..],` with no `)`): ron then meets the next
        // entry's `(`, or the list's `]`, where a field name belongs. Name the entry that was
        // never closed.
        let brackets = open_brackets(ron_text, at);
        if matches!(e.code, ron::Error::ExpectedComma)
            && line.chars().nth(at.col - 1) == Some(']')
            && let Some(&('(', open)) = brackets.last()
            && !balanced_without(ron_text, at)
            && balanced_if_paren(ron_text, at)
        {
            // `(var: "x", value: 10],`: a `]` where the `)` of the value around it belongs.
            let value = super::ron_path::path_at(ron_text, open);
            d.message = format!(
                "this `]` closes the value opened at line {} with `(`: end it with `)` instead",
                open.line
            );
            d.field = value;
        } else if matches!(
            e.code,
            ron::Error::ExpectedIdentifier | ron::Error::ExpectedComma
        ) && line.chars().nth(at.col - 1) == Some(']')
            && let Some(&('(', open)) = brackets.last()
            && balanced_without(ron_text, at)
        {
            // A `]` where a field's name belongs, and every bracket matches without it: a `]`
            // too many.
            let value = super::ron_path::path_at(ron_text, open);
            d.message = format!(
                "this `]` ends no list: the value around it, opened at line {} with `(`, goes on after it; remove it",
                open.line
            );
            d.field = value;
        } else if matches!(e.code, ron::Error::ExpectedIdentifier)
            && let Some(found @ ('(' | ']')) = line.chars().nth(at.col - 1)
            && (found == ']' || line.chars().take(at.col - 1).all(char::is_whitespace))
            && let Some(open) = innermost_open_paren(ron_text, at)
        {
            let entry = super::ron_path::path_at(ron_text, open);
            let what = if found == '(' {
                "a new entry begins here"
            } else {
                "the list ends here"
            };
            d.message = format!(
                "{what}, but the entry before it, opened at line {}, was never closed: end it with `)`",
                open.line
            );
            d.field = entry;
        }
        // A missing field is reported at the closing bracket of the value that lacks it: name
        // that value's field, not the last one read before the bracket.
        if let ron::Error::MissingStructField { field, .. } = &e.code
            && let Some(outer) = super::ron_path::closed_at(ron_text, at)
        {
            d.field = if outer.is_empty() {
                field.to_string()
            } else {
                format!("{outer}.{field}")
            };
            // The field is there, after the `)` that closed its value: that `)` is one too many.
            if let Some(later) = field_after_close(ron_text, at, field) {
                d.message = format!(
                    "this `)` ends the value before its field `{field}` (line {later}): it is one `)` too many; remove it"
                );
            } else if here == Some(')')
                && let Some(('(', open)) = innermost_open(ron_text, at)
            {
                // Reported at the value's last bracket, which may be far below where the field
                // belongs: say where the value begins too.
                d.message = format!(
                    "{}: the value that this `)` closes, opened at line {}, has no `{field}: ...`, and it needs one; add it inside those brackets",
                    d.message, open.line
                );
            }
        }
        // Inside a map mark, RON's words name a bracket or a field, not the shape the mark
        // takes: say it (`at: 126.5, 37.9`, `at: (lon: .., lat: ..)`, three numbers, a bare
        // tuple all land here).
        if is_map_mark_field(&d.field) && !d.message.contains("(longitude") {
            d.message.push_str(MAP_MARK_SHAPE);
        }
        d.stops_the_file = true;
        d
    })
}

/// When a value stands at `at` (blanks skipped) where ron wanted a field's name: the column of
/// the value and the names of the fields its enclosing `( )` takes, found by reading the text
/// again with a name put before the value, which ron then names as unknown with the list.
fn names_wanted_at<T: DeserializeOwned>(
    options: &ron::Options,
    text: &str,
    at: LineCol,
) -> Option<(usize, Vec<&'static str>)> {
    const PROBE: &str = "peninsula_field_name_probe";
    let line = text.lines().nth(at.line - 1)?;
    let col = at.col
        + line
            .chars()
            .skip(at.col - 1)
            .take_while(|c| c.is_whitespace())
            .count();
    // Only a value: a name there is a misspelt field or variant, which other messages cover.
    let first = line.chars().nth(col - 1)?;
    if first.is_alphabetic() || first == '_' || first == ')' || first == ']' || first == ',' {
        return None;
    }
    let byte = line.char_indices().nth(col - 1).map(|(b, _)| b)?;
    let probed: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i + 1 == at.line {
                format!("{}{PROBE}: {}", &l[..byte], &l[byte..])
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    match options.from_str::<T>(&probed) {
        Err(again) if again.span.start.line == at.line => match again.code {
            ron::Error::NoSuchStructField {
                expected, found, ..
            } if found == PROBE => Some((col, expected.to_vec())),
            _ => None,
        },
        _ => None,
    }
}

/// The field name a value begins with (`var` of `var: "x"`), when it begins with one.
fn named_part(value: &str) -> Option<&str> {
    let (name, _) = value.split_once(':')?;
    let name = name.trim_end();
    (!name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    .then_some(name)
}

/// How a map mark is written, added to a RON error inside one.
const MAP_MARK_SHAPE: &str = "; a map mark is written `map: (at: (longitude, latitude), caption: \"...\")`, \
     two plain numbers in `at`, east then north, e.g. `at: (126.6, 37.9)`";

/// Whether `field` (as `ron_path` names it) is a `map` mark or a part of one.
fn is_map_mark_field(field: &str) -> bool {
    let last = field.rsplit('.').next().unwrap_or(field);
    let parent = field.rsplit('.').nth(1);
    last == "map"
        || last.starts_with("map[")
        || parent.is_some_and(|p| p == "map" || p.starts_with("map["))
        || field.contains(".map.at")
        || field.starts_with("map.")
}

/// The line (1-based) of `field:` written after the `)` at `at` and at its level (inside no
/// bracket opened after it, before any bracket that closes around it): a field that a `)` too
/// many shut out of its value. Strings and `//` comments are skipped.
fn field_after_close(text: &str, at: LineCol, field: &str) -> Option<usize> {
    let mut depth = 0i32;
    let mut in_string = false;
    let mut escaped = false;
    for (i, line) in text.lines().enumerate().skip(at.line - 1) {
        let skip = if i + 1 == at.line { at.col } else { 0 };
        if i + 1 > at.line
            && depth == 0
            && !in_string
            && line
                .trim_start()
                .strip_prefix(field)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        {
            return Some(i + 1);
        }
        for c in without_comment(line).chars().skip(skip) {
            match c {
                _ if escaped => escaped = false,
                '\\' if in_string => escaped = true,
                '"' => in_string = !in_string,
                _ if in_string => {}
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => {
                    depth -= 1;
                    if depth < 0 {
                        return None;
                    }
                }
                _ => {}
            }
        }
    }
    None
}

/// The innermost bracket still open just before `at`, when it is a `(`: the value a field name
/// at `at` would belong to. Strings and `//` comments are skipped.
fn innermost_open_paren(text: &str, at: LineCol) -> Option<LineCol> {
    match innermost_open(text, at) {
        Some(('(', at)) => Some(at),
        _ => None,
    }
}

/// The name just before column `col` (1-based) of `line`, blanks between them allowed: the
/// field a value at `col` was meant for.
fn word_before(line: &str, col: usize) -> Option<String> {
    let end = line
        .char_indices()
        .nth(col - 1)
        .map_or(line.len(), |(i, _)| i);
    let before = line[..end].trim_end();
    let name: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    (!name.is_empty() && name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_'))
        .then_some(name)
}

/// Where the last `/*` that no `*/` closes opens (outside strings and `//` comments).
fn unclosed_block_comment(text: &str) -> Option<LineCol> {
    let mut open: Option<LineCol> = None;
    let mut in_string = false;
    let mut escaped = false;
    for (i, line) in text.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let mut j = 0;
        while j < chars.len() {
            let c = chars[j];
            let next = chars.get(j + 1).copied();
            if open.is_some() {
                if c == '*' && next == Some('/') {
                    open = None;
                    j += 1;
                }
            } else if in_string {
                match c {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => in_string = false,
                    _ => {}
                }
            } else if c == '"' {
                in_string = true;
            } else if c == '/' && next == Some('/') {
                break;
            } else if c == '/' && next == Some('*') {
                open = Some(LineCol {
                    line: i + 1,
                    col: j + 1,
                });
                j += 1;
            }
            j += 1;
        }
    }
    open
}

/// A field's name at column `col` (1-based) of `line`: an identifier followed by a colon (not
/// the `::` of a path), as `tension:` reads.
fn field_name_at(line: &str, col: usize) -> Option<String> {
    let rest: String = line.chars().skip(col - 1).collect();
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let after = rest[name.len()..].trim_start();
    (!name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && after.starts_with(':')
        && !after.starts_with("::"))
    .then_some(name)
}

/// The innermost bracket still open just before `at`, and where it opened. Strings and `//`
/// comments are skipped.
fn innermost_open(text: &str, at: LineCol) -> Option<(char, LineCol)> {
    open_brackets(text, at).last().copied()
}

/// Every bracket of the text outside strings and `//` comments, in order, with where it stands
/// (1-based).
fn code_brackets(text: &str) -> impl Iterator<Item = (LineCol, char)> + '_ {
    text.lines().enumerate().flat_map(|(i, line)| {
        let (mut in_string, mut escaped) = (false, false);
        without_comment(line)
            .chars()
            .enumerate()
            .filter_map(move |(j, c)| {
                match c {
                    _ if escaped => escaped = false,
                    '\\' if in_string => escaped = true,
                    '"' => in_string = !in_string,
                    _ if in_string => {}
                    '(' | '[' | '{' | ')' | ']' | '}' => {
                        return Some((
                            LineCol {
                                line: i + 1,
                                col: j + 1,
                            },
                            c,
                        ));
                    }
                    _ => {}
                }
                None
            })
    })
}

/// The brackets still open just before `at` (1-based), outermost first.
fn open_brackets(text: &str, at: LineCol) -> Vec<(char, LineCol)> {
    let mut open: Vec<(char, LineCol)> = Vec::new();
    for (place, c) in code_brackets(text).take_while(|(p, _)| (p.line, p.col) < (at.line, at.col)) {
        match c {
            '(' | '[' | '{' => open.push((c, place)),
            _ => {
                open.pop();
            }
        }
    }
    open
}

/// Whether the file's brackets all match once the one at `at` (1-based) is taken out: each
/// closing bracket after it ends the kind of bracket last opened, and none is left open at the
/// end. Then that bracket is one too many, not the sign of a list or an entry left open.
fn balanced_without(text: &str, at: LineCol) -> bool {
    let open: Vec<char> = open_brackets(text, at).iter().map(|(c, _)| *c).collect();
    closed_after(text, at, open)
}

/// Whether the brackets after `at` close exactly the ones `open` (innermost last) leaves open.
fn closed_after(text: &str, at: LineCol, mut open: Vec<char>) -> bool {
    for (_, c) in code_brackets(text).filter(|(p, _)| (p.line, p.col) > (at.line, at.col)) {
        let opener = match c {
            ')' => '(',
            ']' => '[',
            '}' => '{',
            _ => {
                open.push(c);
                continue;
            }
        };
        if open.pop() != Some(opener) {
            return false;
        }
    }
    open.is_empty()
}

/// Whether the brackets of `text` all match if the `]` at `at` were the `)` of the innermost
/// value open there.
fn balanced_if_paren(text: &str, at: LineCol) -> bool {
    let mut open: Vec<char> = open_brackets(text, at).iter().map(|(c, _)| *c).collect();
    open.pop() == Some('(') && closed_after(text, at, open)
}

/// Where a string opens that was left without its closing quote, a few lines before `line`
/// (1-based), where ron stumbled after reading on to the next quote.
fn unclosed_quote(text: &str, line: usize) -> Option<LineCol> {
    // Every string from the top of the file, as ron reads them (a string may run over lines):
    // the one that ran past the end of its line, began in the few lines before `line` and had
    // ended by then is the one left open by mistake (its "closing" quote was the next string's
    // opening one). A text meant to run over lines, further up, is read as ron reads it.
    const NEAR: usize = 5;
    let lines: Vec<&str> = text.lines().collect();
    // A string's lines after its first that read as RON code (a bracket first, or `name:`):
    // what a quote left open swallowed, as no text meant to run over lines holds.
    let swallowed_code = |from: usize, to: usize| {
        lines[from..to].iter().any(|l| {
            let t = l.trim_start();
            t.starts_with(['(', ')', '[', ']', '{', '}'])
                || t.split_once(':').is_some_and(|(name, _)| {
                    !name.is_empty()
                        && name
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                })
        })
    };
    let mut open: Option<LineCol> = None;
    for (i, l) in lines.iter().enumerate().take(line) {
        let mut escaped = false;
        let mut slash = false;
        for (j, c) in l.chars().enumerate() {
            match open {
                Some(start) => match c {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => {
                        // Open past its line, and either begun just before the problem or
                        // closed on its line (by the next string's opening quote, ron
                        // stumbling just after) having swallowed code: the last entry of a
                        // list, whose next string comes after the list's end.
                        if start.line != i + 1
                            && (start.line + NEAR >= line
                                || (i + 1 == line && swallowed_code(start.line, i)))
                        {
                            return Some(start);
                        }
                        open = None;
                    }
                    _ => {}
                },
                None => match c {
                    '"' => {
                        open = Some(LineCol {
                            line: i + 1,
                            col: j + 1,
                        });
                        slash = false;
                    }
                    '/' if slash => break,
                    '/' => slash = true,
                    _ => slash = false,
                },
            }
        }
    }
    None
}

/// Just past the last character of code (not a comment) on the last line before `line`
/// (1-based) that has any: where a comma left out at the end of a line belongs.
fn end_of_previous_value(text: &str, line: usize) -> Option<LineCol> {
    let lines: Vec<&str> = text.lines().collect();
    (0..line.saturating_sub(1).min(lines.len()))
        .rev()
        .find_map(|i| {
            let code = without_comment(lines[i]).trim_end();
            (!code.trim().is_empty())
                .then_some(code)
                .map(|code| (i, code))
        })
        // Only after a value: a line that ends in a comma or an opening bracket is not missing
        // one.
        .filter(|(_, code)| !code.ends_with([',', '(', '[', '{']))
        .map(|(i, code)| LineCol {
            line: i + 1,
            col: code.chars().count() + 1,
        })
}

/// `line` without its `//` comment (a `//` inside a string, as in a source's URL, is text).
fn without_comment(line: &str) -> &str {
    let mut in_string = false;
    let mut escaped = false;
    let mut slash = None;
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '/' if !in_string => {
                if slash == Some(i.wrapping_sub(1)) {
                    return &line[..i - 1];
                }
                slash = Some(i);
            }
            _ => {}
        }
    }
    line
}

/// The first backslash escape RON does not know in the string whose text ron's error points
/// into at `col` (1-based; just after the opening quote, or after the escape before): its
/// column and the two characters written (`\q`).
fn unknown_escape(line: &str, col: usize) -> Option<(usize, String)> {
    let chars: Vec<char> = line.chars().collect();
    let mut i = col - 1;
    // Pointed at the opening quote itself: the text starts after it.
    if chars.get(i) == Some(&'"') {
        i += 1;
    }
    while i < chars.len() {
        match chars[i] {
            '"' => return None,
            '\\' => {
                let next = *chars.get(i + 1)?;
                if !"\"\\'nrt0ux".contains(next) {
                    return Some((i + 1, format!("\\{next}")));
                }
                i += 2;
            }
            _ => i += 1,
        }
    }
    None
}

/// The value that starts at column `col` (1-based) of `line`: up to the first comma or closing
/// bracket outside a string, at most 40 characters.
/// The path of the value that ends just before `at` (its last character at `at.col - 1`),
/// where a comma left out belongs: a value that ends in a bracket (an objective's `)`) is that
/// value, not the last field read inside it. None for the file's outer value.
fn value_closed_before(ron_text: &str, at: LineCol) -> Option<String> {
    super::ron_path::closed_at(
        ron_text,
        LineCol {
            line: at.line,
            col: at.col - 1,
        },
    )
    .filter(|outer| !outer.is_empty())
}

/// The column just after the value that ends before column `col` of `line`, across blanks
/// only: where a comma left out between two values on one line belongs. None when no value
/// ends there (the line holds only blanks before `col`, or a `,`, `:` or opening bracket).
fn end_of_value_before(line: &str, col: usize) -> Option<usize> {
    let before: Vec<char> = line.chars().take(col.saturating_sub(1)).collect();
    let last = before.iter().rposition(|c| !c.is_whitespace())?;
    let c = before[last];
    (last + 1 < before.len() && (matches!(c, ')' | ']' | '}' | '"') || c.is_alphanumeric()))
        .then_some(last + 2)
}

/// The name in `"name": ...`, a field's name written in quotes as JSON has it.
fn quoted_field_name(value: &str) -> Option<&str> {
    let rest = value.strip_prefix('"')?;
    let (name, after) = rest.split_once('"')?;
    let is_name = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    (is_name && after.trim_start().starts_with(':')).then_some(name)
}

fn value_at(line: &str, col: usize) -> String {
    let mut out = String::new();
    let mut in_string = false;
    let mut escaped = false;
    let mut depth = 0usize;
    for c in without_comment(line).chars().skip(col - 1) {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else {
            match c {
                '"' => in_string = true,
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' if depth > 0 => depth -= 1,
                ',' | ')' | ']' | '}' => break,
                _ => {}
            }
        }
        out.push(c);
    }
    let out = out.trim_end();
    if out.chars().count() > 40 {
        out.chars().take(40).collect::<String>() + "..."
    } else {
        out.to_string()
    }
}

/// A modder-facing wording of ron's error.
fn explain(code: &ron::Error) -> String {
    use ron::Error as E;
    match code {
        E::NoSuchStructField {
            expected, found, ..
        } => {
            let hint = super::diagnostics::suggestion(found, expected.iter().copied());
            format!(
                "unknown field `{found}`{hint}; expected one of: {}",
                expected.join(", ")
            )
        }
        E::MissingStructField { field, outer } => match outer {
            Some(o) => format!("missing field `{field}` in {o}"),
            None => format!("missing field `{field}`"),
        },
        E::NoSuchEnumVariant {
            expected, found, ..
        } => {
            let hint = super::diagnostics::suggestion(found, expected.iter().copied());
            format!(
                "unknown variant `{found}`{hint}; expected one of: {}",
                expected.join(", ")
            )
        }
        E::IntegerOutOfBounds => {
            "the whole number is out of range for this field: it may not be negative, or that large"
                .into()
        }
        // In the words of the modding guide, not the parser's.
        E::ExpectedInteger => "expected a whole number".into(),
        E::ExpectedFloat => "expected a number".into(),
        E::ExpectedBoolean => "expected `true` or `false`".into(),
        E::ExpectedString => "expected text in double quotes (`\"...\"`)".into(),
        // `AtLeast("world.talks")`: ron names the Rust type (`tuple variant Condition::AtLeast
        // with 2 elements`); say what the variant takes, in the guide's words.
        E::ExpectedDifferentLength { expected, found }
            if expected.starts_with("tuple variant ") && expected.contains(" with ") =>
        {
            let (name, count) = expected["tuple variant ".len()..]
                .split_once(" with ")
                .unwrap_or_default();
            let variant = name.rsplit("::").next().unwrap_or(name);
            let count = count.replace("elements", "values");
            let example = match variant {
                "AtLeast" | "AtMost" => {
                    format!(": a variable and a number, as `{variant}(\"world.talks\", 30)`")
                }
                "Add" | "Set" => {
                    format!(": a variable and a number, as `{variant}(\"world.talks\", 5)`")
                }
                _ => " (docs/modding.md lists what each variant takes)".to_string(),
            };
            format!("`{variant}` takes {count}, found {found}{example}")
        }
        E::ExceededRecursionLimit => format!(
            "values are nested more than {MAX_NESTING} levels deep here (the reader counts each bracket and each variant, so a `Not(..)` is two); no field of the game needs that many"
        ),
        other => {
            let text = other.to_string();
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().collect::<String>() + chars.as_str(),
                None => text,
            }
        }
    }
}

/// The largest data file the game reads (1 MiB): a bigger one is refused before it is read.
pub const MAX_FILE_BYTES: u64 = 1 << 20;
/// The deepest a value may be nested in a data file.
pub const MAX_NESTING: usize = 64;

fn read(path: &Path, diags: &mut Diagnostics) -> Option<String> {
    // A pipe or a device would block the read or never end: only plain files are data.
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
    {
        diags.push(Diagnostic::whole_file(
            path,
            "not a plain file; data files must be regular .ron files".into(),
        ));
        return None;
    }
    if let Ok(meta) = std::fs::metadata(path)
        && meta.len() > MAX_FILE_BYTES
    {
        diags.push(Diagnostic::whole_file(
            path,
            format!(
                "the file is {} bytes; data files may be at most {MAX_FILE_BYTES} bytes (1 MiB)",
                meta.len()
            ),
        ));
        return None;
    }
    match std::fs::read(path).map(String::from_utf8) {
        Ok(Ok(text)) => {
            let text = without_bom(text);
            if let Some((at, c)) = control_character(&text) {
                diags.push(control_in_text(path, &text, at, c));
                return None;
            }
            Some(text)
        }
        Ok(Err(e)) => {
            diags.push(not_utf8(path, e.as_bytes(), e.utf8_error().valid_up_to()));
            None
        }
        Err(e) => {
            diags.push(Diagnostic::whole_file(
                path,
                format!("cannot read the file: {e}"),
            ));
            None
        }
    }
}

/// The first control character in a data file's text, written as is or as an escape in a
/// string (`\x1b`, `\u{9b}`, `\0`): its byte offset and the character. Tabs, line ends and
/// the `\n` and `\t` escapes are text. Anything else would reach a terminal raw when the game
/// prints the text (a level's title, a mod's name), and a mod from a stranger could use it to
/// rewrite the screen or the window's title.
pub fn control_character(text: &str) -> Option<(usize, char)> {
    let is_control = |c: char| c.is_control() && !matches!(c, '\t' | '\n');
    let bytes = text.as_bytes();
    // Raw characters first, anywhere in the file, comments included, byte by byte (every file
    // is read through here, so this is kept cheap): C0 and DEL are single bytes, C1 (U+0080 to
    // U+009F) is 0xC2 and a byte from 0x80 to 0x9F.
    for (at, pair) in bytes.windows(2).enumerate() {
        let c = match pair {
            // A carriage return ends a line (Windows) when a line feed follows it.
            [b'\r', b'\n'] => continue,
            [b, _] if *b < 0x20 || *b == 0x7F => char::from(*b),
            [0xC2, c1 @ 0x80..=0x9F] => char::from_u32(u32::from(*c1)).unwrap_or('\u{80}'),
            _ => continue,
        };
        if is_control(c) {
            return Some((at, c));
        }
    }
    if let Some(&last) = bytes.last()
        && (last < 0x20 || last == 0x7F)
        && is_control(char::from(last))
    {
        return Some((bytes.len() - 1, char::from(last)));
    }
    // Then escapes, in strings only: comments and raw strings (`r#"..."#`) are skipped whole.
    // Only `\0`, `\x..` and `\u{..}` can write a control character, and most files have none.
    if !["\\0", "\\x", "\\u"].iter().any(|e| text.contains(e)) {
        return None;
    }
    let mut at = 0;
    while at < bytes.len() {
        let rest = &text[at..];
        if rest.starts_with("//") {
            at += rest.find('\n').unwrap_or(rest.len());
        } else if let Some(body) = rest.strip_prefix("/*") {
            at += body.find("*/").map_or(rest.len(), |e| e + 4);
        } else if let Some(raw) = rest.strip_prefix('r').filter(|r| {
            // `r"…"` or `r#"…"#` at the start of a token (not `r#type`, a raw identifier).
            r.trim_start_matches('#').starts_with('"')
                && !text[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|p| p.is_alphanumeric() || p == '_')
        }) {
            let hashes = raw.len() - raw.trim_start_matches('#').len();
            let close = format!("\"{}", "#".repeat(hashes));
            let open = 1 + hashes + 1;
            at += rest
                .get(open..)
                .and_then(|r| r.find(&close))
                .map_or(rest.len(), |e| open + e + close.len());
        } else if rest.starts_with('"') {
            let mut k = at + 1;
            while k < bytes.len() && bytes[k] != b'"' {
                if bytes[k] == b'\\' {
                    let escaped = match bytes.get(k + 1) {
                        Some(b'0') => Some('\0'),
                        Some(b'x') => text
                            .get(k + 2..k + 4)
                            .and_then(|h| u32::from_str_radix(h, 16).ok())
                            .and_then(char::from_u32),
                        Some(b'u') => text[k + 2..]
                            .strip_prefix('{')
                            .and_then(|r| r.split_once('}'))
                            .and_then(|(h, _)| u32::from_str_radix(h, 16).ok())
                            .and_then(char::from_u32),
                        _ => None,
                    };
                    if let Some(c) = escaped.filter(|&c| is_control(c)) {
                        return Some((k, c));
                    }
                    k += 1;
                }
                k += 1;
            }
            at = k + 1;
        } else {
            at += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    None
}

/// A control character in a data file, at its place.
fn control_in_text(path: &Path, text: &str, at: usize, c: char) -> Diagnostic {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Diagnostic::at_position(
        path,
        text,
        crate::rules::ron_path::LineCol { line, col },
        if c == '\r' {
            // A carriage return not followed by a line feed: the line ends of old Macs.
            "a carriage return with no line feed after it (the line ends of old Mac editors): save the file with LF (Unix) or CRLF (Windows) line ends".to_string()
        } else if c == '\0' && looks_like_utf16(text) {
            // UTF-16 saved without its byte-order mark: every other byte of plain text is 0.
            "the file looks like UTF-16 text (every other byte is zero), which Windows editors save as \"Unicode\": save it as UTF-8".to_string()
        } else {
            format!(
                "the control character U+{:04X} is not allowed in a data file (only tabs and line ends are); the game prints these texts to terminals, where such a character would be run, not shown",
                c as u32
            )
        },
    )
}

/// Whether `text` reads as UTF-16 with no byte-order mark: among its first characters, about
/// half are NUL, as every ASCII letter of UTF-16 carries a zero byte.
fn looks_like_utf16(text: &str) -> bool {
    let first: Vec<char> = text.chars().take(200).collect();
    let nuls = first.iter().filter(|c| **c == '\0').count();
    first.len() >= 8 && nuls * 5 >= first.len() * 2
}

/// A file that is not UTF-8 text, reported at its first bad byte (editors that save in a
/// legacy encoding, such as Latin-1, write accented letters as single bytes).
fn not_utf8(path: &Path, bytes: &[u8], valid_up_to: usize) -> Diagnostic {
    let good = String::from_utf8_lossy(&bytes[..valid_up_to]);
    let line = good.matches('\n').count() + 1;
    let col = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let text = String::from_utf8_lossy(bytes);
    Diagnostic::at_position(
        path,
        &text,
        crate::rules::ron_path::LineCol { line, col },
        match bytes {
            // A byte-order mark: Windows editors save "Unicode" text as UTF-16.
            [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => format!(
                "the file is UTF-16 text (it begins with the byte-order mark 0x{:02X} 0x{:02X}); save it as UTF-8",
                bytes[0], bytes[1]
            ),
            _ => format!(
                "the byte 0x{:02X} is not UTF-8 text; save the file as UTF-8",
                bytes[valid_up_to]
            ),
        },
    )
}

fn read_parse<T: DeserializeOwned>(path: &Path, diags: &mut Diagnostics) -> Option<(T, String)> {
    let text = read(path, diags)?;
    match parse::<T>(path, &text) {
        Ok(v) => Some((v, text)),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

fn checker<'a, 'd>(
    path: &'a Path,
    text: &'a str,
    root: &Path,
    diags: &'d mut Diagnostics,
) -> Checker<'a, 'd> {
    let shown = path
        .strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string();
    Checker {
        src: Source { path, text },
        diags,
        origin_file: shown.into(),
        remap: None,
        own: None,
        index: Default::default(),
    }
}

/// A text without the byte-order mark Windows Notepad may put before it: editors do not count
/// the mark as a column, so problems on a file's first line point where the modder sees them.
pub fn without_bom(text: String) -> String {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    }
}

/// Reads a data file whose size is checked first (over 1 MiB: refused before it is read).
pub fn read_checked(path: &Path) -> Result<String, Diagnostic> {
    let mut diags = Diagnostics::default();
    match read(path, &mut diags) {
        Some(text) => Ok(text),
        None => Err(diags
            .0
            .pop()
            .unwrap_or_else(|| Diagnostic::whole_file(path, "cannot read the file".into()))),
    }
}

/// Reads and parses the seven base rules files under `root`, reporting every problem.
pub fn read_rules(root: &Path) -> Result<RawRules, Diagnostics> {
    let mut diags = Diagnostics::default();
    let texts = RULE_FILES.map(|f| read(&root.join(f), &mut diags));
    if !diags.is_empty() {
        return Err(diags);
    }
    rules_from_texts(root, texts.map(Option::unwrap_or_default))
}

/// Parses the seven rules files from their texts, in `RULE_FILES` order (paths under `root`
/// name them in problems).
pub fn rules_from_texts(root: &Path, texts: [String; 7]) -> Result<RawRules, Diagnostics> {
    rules_from_files(root, RULE_FILES.map(|f| root.join(f)), texts)
}

/// `rules_from_texts`, each text read from its own path (`paths`, in `RULE_FILES` order), as
/// when one rules file outside its folder is checked with the rest of a data folder's rules:
/// each problem names the file its text came from (under `root`, relative to it).
pub fn rules_from_files(
    root: &Path,
    paths: [PathBuf; 7],
    texts: [String; 7],
) -> Result<RawRules, Diagnostics> {
    let mut diags = Diagnostics::default();
    fn parsed<T: DeserializeOwned>(path: &Path, text: &str, diags: &mut Diagnostics) -> Option<T> {
        parse::<T>(path, text).map_err(|d| diags.push(d)).ok()
    }
    let actors = parsed::<ActorsFile>(&paths[0], &texts[0], &mut diags);
    let ladder = parsed::<LadderFile>(&paths[1], &texts[1], &mut diags);
    let advisors = parsed::<AdvisorsFile>(&paths[2], &texts[2], &mut diags);
    let actions = parsed::<ActionsFile>(&paths[3], &texts[3], &mut diags);
    let pyongyang = parsed::<AiFile>(&paths[4], &texts[4], &mut diags);
    let beijing = parsed::<AiFile>(&paths[5], &texts[5], &mut diags);
    let events = parsed::<EventsFile>(&paths[6], &texts[6], &mut diags);
    let (
        Some(actors),
        Some(ladder),
        Some(advisors),
        Some(actions),
        Some(pyongyang),
        Some(beijing),
        Some(events),
    ) = (
        actors, ladder, advisors, actions, pyongyang, beijing, events,
    )
    else {
        return Err(diags);
    };
    let mut i = 0;
    let base = texts.map(|text| {
        let path = paths[i].clone();
        i += 1;
        let shown = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .display()
            .to_string();
        Arc::new(SourceFile::new(path, text, shown.into()))
    });
    Ok(RawRules {
        actors,
        ladder,
        advisors,
        actions,
        pyongyang,
        beijing,
        events,
        base,
        remaps: Default::default(),
        touched: Default::default(),
    })
}

/// Loads and compiles `assets/rules/` under `root`. Reports every problem of every file.
pub fn load_rules(root: &Path) -> Result<Rules, Diagnostics> {
    compile_rules(&read_rules(root)?)
}

/// A checker for the `i`th rules file (in `RULE_FILES` order) that reports each problem at the
/// file its entry came from.
pub fn rules_checker<'a, 'd>(
    raw: &'a RawRules,
    i: usize,
    diags: &'d mut Diagnostics,
) -> Checker<'a, 'd> {
    let f = &raw.base[i];
    Checker {
        src: Source {
            path: &f.path,
            text: &f.text,
        },
        diags,
        origin_file: f.shown.clone(),
        remap: Some(&raw.remaps[i]),
        own: Some(f),
        index: Default::default(),
    }
}

/// Compiles parsed (and perhaps patched) rules. Each problem is reported at the file its entry
/// came from: a base rules file or a mod's patch.
pub fn compile_rules(raw: &RawRules) -> Result<Rules, Diagnostics> {
    let mut diags = Diagnostics::default();
    let RawRules {
        actors,
        ladder,
        advisors,
        actions,
        pyongyang,
        beijing,
        events,
        ..
    } = raw;
    let ck = rules_checker;
    let (actor_infos, vars) = compile::actors(&mut ck(raw, 0, &mut diags), actors);
    let rungs = compile::ladder(&mut ck(raw, 1, &mut diags), ladder);
    let mut tags = Vec::new();
    let mut names = Names {
        vars: &vars,
        dispositions: &[],
        rungs: &rungs,
        tags: &mut tags,
    };
    let teams = compile::advisors(&mut ck(raw, 2, &mut diags), &mut names, advisors);
    let difficulties = compile::difficulties(&mut ck(raw, 2, &mut diags), &mut names, advisors);
    // Every tag anything carries is known before any condition names one.
    {
        let mut c = ck(raw, 3, &mut diags);
        for f in Family::ALL {
            names.tag(&mut c, "actions", f.tag());
        }
        let lists: Vec<&[String]> = actions.actions.iter().map(|a| a.tags.as_slice()).collect();
        compile::register_tags(&mut names, &mut c, "actions", &lists);
    }
    for (i, ai) in [(4, pyongyang), (5, beijing)] {
        let lists: Vec<&[String]> = ai.responses.iter().map(|r| r.tags.as_slice()).collect();
        compile::register_tags(&mut names, &mut ck(raw, i, &mut diags), "responses", &lists);
    }
    let lists: Vec<&[String]> = events.events.iter().map(|e| e.tags.as_slice()).collect();
    compile::register_tags(&mut names, &mut ck(raw, 6, &mut diags), "events", &lists);

    let compiled_actions = compile::actions(
        &mut names,
        &mut ck(raw, 3, &mut diags),
        &actions.actions,
        &advisors.advisors,
    );
    let py = compile::ai(
        &mut names,
        &mut ck(raw, 4, &mut diags),
        pyongyang,
        Who::Pyongyang,
    );
    let bj = compile::ai(
        &mut names,
        &mut ck(raw, 5, &mut diags),
        beijing,
        Who::Beijing,
    );
    let evs = compile::events(&mut names, &mut ck(raw, 6, &mut diags), &events.events);
    if !diags.is_empty() {
        return Err(diags);
    }
    let mut known = compile::known_vars(&vars);
    known.provocation_tag = tags
        .iter()
        .position(|t| t == "provocation")
        .map(|b| 1u64 << b)
        .unwrap_or(0);
    known.engagement_tag = tags
        .iter()
        .position(|t| t == "engagement")
        .map(|b| 1u64 << b)
        .unwrap_or(0);
    Ok(Rules {
        actors: actor_infos,
        vars,
        rungs,
        actions: compiled_actions,
        tags,
        pyongyang: py,
        beijing: bj,
        events: evs,
        advisors: advisors.advisors.clone(),
        teams,
        difficulties,
        known,
        patched_by: Vec::new(),
        digest: rules_digest(raw),
    })
}

/// The rules' digest (`Rules::digest`): FNV-1a over each parsed file's RON, in `RULE_FILES`
/// order.
fn rules_digest(raw: &RawRules) -> u64 {
    let parts = [
        ron::to_string(&raw.actors),
        ron::to_string(&raw.ladder),
        ron::to_string(&raw.advisors),
        ron::to_string(&raw.actions),
        ron::to_string(&raw.pyongyang),
        ron::to_string(&raw.beijing),
        ron::to_string(&raw.events),
    ];
    parts.iter().fold(super::model::FNV_START, |hash, part| {
        let text = part.as_deref().unwrap_or("");
        super::model::fnv1a(super::model::fnv1a(hash, text.as_bytes()), b"\n")
    })
}

/// The warnings of one level file (it must compile): objectives that can never be met, actions
/// nothing can unlock.
pub fn lint_level_file(rules: &Rules, root: &Path, path: &Path) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let Some((def, text)) = read_parse::<LevelDef>(path, &mut diags) else {
        return Diagnostics::default();
    };
    let mut warnings = Diagnostics::default();
    let mut ck = checker(path, &text, root, &mut warnings);
    super::lint::lint_level(&mut ck, &def, rules);
    warnings
}

/// The warnings of a mod's level file: a level's own (`lint_level_file`), and a `campaign`
/// place, which a mod's level never takes (it is played alone, from Single level).
pub fn lint_mod_level_file(rules: &Rules, root: &Path, path: &Path) -> Diagnostics {
    let mut warnings = lint_level_file(rules, root, path);
    let mut diags = Diagnostics::default();
    if let Some((def, text)) = read_parse::<LevelDef>(path, &mut diags)
        && let Some(place) = def.campaign
    {
        let mut ck = checker(path, &text, root, &mut warnings);
        ck.error(
            "campaign",
            format!(
                "warning: campaign: {place} is ignored in a mod: a mod's levels are played alone, from Single level, and never join the base game's campaign; leave the field out"
            ),
        );
    }
    warnings
}

/// The warnings of a player policy file (it must load as a policy first).
pub fn lint_policy_file(rules: &Rules, root: &Path, path: &Path) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let Some((def, text)) = read_parse::<super::raw::PolicyDef>(path, &mut diags) else {
        return Diagnostics::default();
    };
    let mut warnings = Diagnostics::default();
    let mut ck = checker(path, &text, root, &mut warnings);
    super::lint::lint_policy(&mut ck, &def, rules);
    // `--policy careful` finds `careful.ron`, and the tables print the name inside it: two
    // names for one policy read as two policies.
    let stem = path.file_stem().map(|s| s.to_string_lossy().to_string());
    if let Some(stem) = stem
        && !def.name.is_empty()
        && def.name != stem
    {
        ck.value_error(
            "name",
            format!(
                "warning: the policy's name \"{}\" is not its file's ({stem}.ron): `--policy {stem}` loads it, and `sim` and the policy lab print it as \"{}\"; give both the same name",
                def.name, def.name
            ),
        );
    }
    warnings
}

/// Loads and compiles one level file against the rules.
pub fn load_level(rules: &Arc<Rules>, root: &Path, path: &Path) -> Result<Scenario, Diagnostics> {
    let mut diags = Diagnostics::default();
    let Some(text) = read(path, &mut diags) else {
        return Err(diags);
    };
    let scenario = level_from_text(rules, root, path, &text)?;
    // Levels are found by file name (`--level ID` opens `levels/ID.ron`), so the two must agree.
    let stem = path.file_stem().map(|s| s.to_string_lossy());
    if stem.as_deref().is_some_and(|stem| stem != scenario.id()) {
        let mut ck = checker(path, &text, root, &mut diags);
        ck.error(
            "id",
            format!(
                "the level's id \"{}\" must match its file name ({}.ron): levels are found by \
                 file name, so rename one of them",
                scenario.id(),
                stem.unwrap_or_default()
            ),
        );
        return Err(diags);
    }
    Ok(scenario)
}

/// Compiles a level from its text (`path` names it in problems).
pub fn level_from_text(
    rules: &Arc<Rules>,
    root: &Path,
    path: &Path,
    text: &str,
) -> Result<Scenario, Diagnostics> {
    let mut diags = Diagnostics::default();
    let def = match parse::<LevelDef>(path, text) {
        Ok(d) => d,
        Err(_) if super::file_kind::looks_like_policy(text) => {
            diags.push(Diagnostic::whole_file(
                path,
                "this is a player policy, not a level: a policy goes in a policies/ folder \
                 (a mod's, beside its levels/, or assets/policies/), where the game reads it \
                 by its file name"
                    .into(),
            ));
            return Err(diags);
        }
        Err(_) if let Some(copy) = super::file_kind::looks_like_rules_file(text) => {
            diags.push(Diagnostic::whole_file(
                path,
                format!(
                    "this is a rules file (a copy of {copy}), not a level: the game reads its \
                     rules files by their own names in assets/rules/, and a mod's changes to \
                     them from its rules/ folder under the same names"
                ),
            ));
            return Err(diags);
        }
        Err(_) if super::file_kind::looks_like_log(text) => {
            diags.push(Diagnostic::whole_file(
                path,
                "this is a game's command log, not a level: replay it with \
                 `peninsula play --moves FILE`, or keep it outside levels/"
                    .into(),
            ));
            return Err(diags);
        }
        Err(d) => {
            diags.push(d);
            return Err(diags);
        }
    };
    let mut ck = checker(path, text, root, &mut diags);
    match compile::level(rules, &mut ck, &def) {
        Some(s) if diags.is_empty() => Ok(s),
        _ => Err(diags),
    }
}

/// A folder that is there but cannot be listed (no permission, or a file where the folder
/// should be): its files would be skipped without a word, so it is a problem at the folder.
/// None when it is readable, or missing (every data folder the loader lists is optional).
pub fn unreadable_folder(dir: &Path) -> Option<Diagnostic> {
    match std::fs::read_dir(dir) {
        Ok(_) => None,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => Some(Diagnostic::whole_file(
            dir,
            format!("cannot read the folder: {e}; nothing in it was loaded"),
        )),
    }
}

/// The `.ron` files in a folder, sorted by name (so the order never depends on the file system).
pub fn ron_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "ron"))
                // Hidden files are an editor's or an archiver's (`.#level.ron`, `._level.ron`).
                .filter(|p| !is_hidden(p))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Whether a file or folder is hidden (its name starts with a dot: `.git`, `.DS_Store`, an
/// editor's `.#level.ron`); the loader never reads one.
pub fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// The entries of `dir` the loader skips: sub-folders and files not ending in `.ron` (lower
/// case), less the hidden ones. A mod's are errors; the validator warns of the data folder's.
pub fn not_ron_files(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                // Whatever is named `*.ron` and is not a folder goes to the reader, which says
                // so if it is not a plain file (a pipe, a device).
                .filter(|p| !is_hidden(p) && p.extension().is_none_or(|x| x != "ron"))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// Loads the rules and every level, without mods. Fails only when the rules are broken.
pub fn load_data(root: &Path) -> Result<DataSet, Diagnostics> {
    load_data_with(root, &super::mods::ModDirs::default())
}

/// Loads the rules, every level, and the mods in `mod_dirs` (a mod that fails is listed with
/// its problems and adds nothing). Fails only when the base rules are broken.
pub fn load_data_with(
    root: &Path,
    mod_dirs: &super::mods::ModDirs,
) -> Result<DataSet, Diagnostics> {
    let raw = read_rules(root)?;
    let base_rules = Arc::new(compile_rules(&raw)?);
    let compile_all = |rules: &Arc<Rules>| -> Vec<LevelEntry> {
        // A levels folder that cannot be read is listed as a broken level of its own, so that
        // `levels` and `validate` say why no level is there.
        let unreadable = unreadable_folder(&root.join("levels")).map(|d| LevelEntry::Broken {
            id: "levels".into(),
            path: root.join("levels"),
            problems: Diagnostics(vec![d]),
        });
        unreadable
            .into_iter()
            .chain(ron_files(&root.join("levels")).into_iter().map(|path| {
                match load_level(rules, root, &path) {
                    Ok(s) => LevelEntry::Ready(Box::new(s)),
                    Err(problems) => LevelEntry::Broken {
                        id: path
                            .file_stem()
                            .map(|s| s.to_string_lossy().to_string())
                            .unwrap_or_default(),
                        path,
                        problems,
                    },
                }
            }))
            .collect()
    };
    let mut levels = compile_all(&base_rules);
    let good: Vec<(PathBuf, PathBuf)> = levels
        .iter()
        .filter_map(|l| match l {
            LevelEntry::Ready(s) => Some((s.path.clone(), root.to_path_buf())),
            LevelEntry::Broken { .. } => None,
        })
        .collect();
    let loaded = super::mods::load_mods(
        raw,
        base_rules.clone(),
        mod_dirs,
        &good,
        &root.join("assets").join("policies"),
    );
    let rules = loaded.rules;
    if !Arc::ptr_eq(&rules, &base_rules) {
        levels = compile_all(&rules);
    }
    // Campaign levels first, in campaign order, then the rest by id.
    levels.sort_by_key(|l| match l.scenario() {
        Some(s) => (s.def.campaign.unwrap_or(u32::MAX), s.id().to_string()),
        None => (u32::MAX, l.id().to_string()),
    });
    let mut level_mod = std::collections::BTreeMap::new();
    for (path, dir, name) in loaded.levels {
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        level_mod.insert(id.clone(), name);
        levels.push(match load_level(&rules, &dir, &path) {
            Ok(mut s) => {
                // A mod's levels are played alone; the base game's campaign is its own.
                s.def.campaign = None;
                LevelEntry::Ready(Box::new(s))
            }
            Err(problems) => LevelEntry::Broken { path, id, problems },
        });
    }
    Ok(DataSet {
        root: root.to_path_buf(),
        rules,
        levels,
        mods: loaded.mods,
        mod_dirs: mod_dirs.clone(),
        level_mod,
        raw: Arc::new(loaded.raw),
        lint: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::control_character;

    /// The byte scan finds every kind of control character where it is, and lets text be.
    #[test]
    fn control_characters_are_found_raw_or_escaped_and_text_is_not() {
        assert_eq!(control_character("(a: \"x\u{9b}y\")"), Some((6, '\u{9b}')));
        assert_eq!(control_character("(a: 1)\r"), Some((6, '\r')));
        assert_eq!(control_character("(a: \"x\ry\")"), Some((6, '\r')));
        assert_eq!(control_character("(a: 1)\u{7f}"), Some((6, '\u{7f}')));
        assert_eq!(control_character("(a: \"\\0\")"), Some((5, '\0')));
        assert_eq!(control_character("(a: \"\\u{85}\")"), Some((5, '\u{85}')));
        for fine in [
            "(a: 1)\r\n(b: 2)\r\n",
            "(a: \"tab\\there\\n\", b: \"é — 한국\")",
            "// \"\\x1b\" in a comment\n(a: 1)",
            "(a: r#\"\\x1b is text here\"#)",
            "(r#type: \"\\u{41}\")",
        ] {
            assert_eq!(control_character(fine), None, "{fine:?}");
        }
    }
}
