//! Class codes: a short code such as `2017-0ZGG-2` that fixes the level, the seed and the
//! options of a game, so everyone in a class who enters it plays against the same dice and the
//! groups can compare. The first part names the level (its year, or the first four letters of
//! its id), the middle four characters carry the seed (16 bits) and four option bits, and the
//! last character is a check symbol: a weighted sum over GF(32), so every single mistyped
//! character and every swap of two neighbours is caught, never played as another game.
//!
//! A game played under mods that patch its rules carries a two-character
//! mark of those mods before the check, `2017-0ZGG-K3-7`: a machine whose mods differ refuses
//! the code and says why, instead of dealing the class's dice to other rules. A code of the
//! game's own rules has no mark and reads as it always did.
//!
//! Characters are Crockford's base 32 (no I, L, O or U, so nothing is misread); lower case and
//! the look-alikes I, L (as 1) and O (as 0) are accepted when typed.

use crate::rules::model::{CODE_ALPHABET as ALPHABET, FNV_START, fnv1a};
use crate::rules::{DataSet, Scenario};

/// Options a class code carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClassOptions {
    /// The dashboard hides the forecast (the class plays blind).
    pub no_forecast: bool,
    /// A hot-seat game of advisor teams, settled by this rule (None: one player or group).
    pub teams: Option<super::teams::Settle>,
    /// The difficulty: 0 the default, 1 the second the rules define (a code carries these two).
    pub difficulty: u8,
}

impl ClassOptions {
    /// What the options deal, in words, for the teacher who made the code: "advisor teams (when
    /// the teams disagree, ...); the forecast hidden; difficulty Standard".
    pub fn summary(self, sc: &Scenario) -> String {
        let teams = match self.teams {
            Some(rule) => format!("advisor teams ({})", rule.describe(sc)),
            None => "one player or group a machine".to_string(),
        };
        let forecast = if self.no_forecast {
            "the forecast hidden"
        } else {
            "the forecast shown"
        };
        let difficulty = sc
            .rules
            .difficulties
            .get(self.difficulty as usize)
            .map(|d| format!("; difficulty {}", d.name))
            .unwrap_or_default();
        format!("{teams}; {forecast}{difficulty}")
    }

    /// Bit 0: no forecast; bits 1-2: the team rule (0 none, 1 lead, 2 alternate, 3 both);
    /// bit 3: the second difficulty.
    fn bits(self) -> u32 {
        let teams = match self.teams {
            None => 0,
            Some(super::teams::Settle::Lead) => 1,
            Some(super::teams::Settle::Alternate) => 2,
            Some(super::teams::Settle::Both) => 3,
        };
        self.no_forecast as u32 | teams << 1 | ((self.difficulty != 0) as u32) << 3
    }

    fn from_bits(bits: u32) -> Result<Self, String> {
        if bits & !0b1111 != 0 {
            return Err("this code sets options this version does not know".into());
        }
        let teams = match (bits >> 1) & 0b11 {
            0 => None,
            1 => Some(super::teams::Settle::Lead),
            2 => Some(super::teams::Settle::Alternate),
            _ => Some(super::teams::Settle::Both),
        };
        Ok(ClassOptions {
            no_forecast: bits & 1 != 0,
            teams,
            difficulty: ((bits >> 3) & 1) as u8,
        })
    }
}

/// A decoded class code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassCode {
    pub level: String,
    pub seed: u64,
    pub options: ClassOptions,
    /// The mark of the mods whose rules patches the game is played under (the rules'
    /// `patched_by`; a mod that only adds levels or policies changes no game's rules); None
    /// for the game's own rules.
    pub mods_mark: Option<u32>,
    /// The code as it is shown: `2017-0ZGG-2`.
    pub text: String,
}

/// A two-symbol mark (1 to 1023) of a list of mods: FNV-1a over the list, folded. Two different
/// sets of mods share a mark once in about a thousand; the same set always has the same one.
fn mark_of(mods: &[String]) -> Option<u32> {
    if mods.is_empty() {
        return None;
    }
    let hash = fnv1a(FNV_START, mods.join("\n").as_bytes());
    // Never 0: a mark of 0 would add nothing to the check, so the code without its mark
    // would read as a code of the game's own rules.
    Some(((hash ^ hash >> 10 ^ hash >> 20 ^ hash >> 30) % 1023) as u32 + 1)
}

/// A mark as its two symbols.
fn mark_text(mark: u32) -> String {
    [mark >> 5, mark & 31]
        .iter()
        .map(|&v| ALPHABET[v as usize] as char)
        .collect()
}

/// The tag a level is known by in codes: its year when `years` is one, else the first four
/// letters or digits of its id, upper case. A mod's level whose year a base level already
/// answers to (a mod made with `new-mod --from 2017_fire_and_fury`) goes by its id, so that
/// its codes are told apart from the base level's.
pub fn level_tag(data: &DataSet, sc: &Scenario) -> String {
    let year = year_tag(sc);
    let taken = || {
        data.levels
            .iter()
            .filter_map(|l| l.scenario())
            .any(|base| data.mod_of(base.id()).is_none() && year_tag(base) == year)
    };
    match &year {
        Some(_) if data.mod_of(sc.id()).is_some() && taken() => id_tag(sc),
        Some(year) => year.clone(),
        None => id_tag(sc),
    }
}

/// A level's year as a tag, when its `years` is one year.
fn year_tag(sc: &Scenario) -> Option<String> {
    let years = sc.def.years.trim();
    (years.len() == 4 && years.chars().all(|c| c.is_ascii_digit())).then(|| years.to_string())
}

/// The most characters a level's tag has: a year, or the start of its id.
const MAX_TAG: usize = 4;

/// The first four letters or digits of a level's id, upper case.
fn id_tag(sc: &Scenario) -> String {
    sc.id()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(MAX_TAG)
        .collect::<String>()
        .to_uppercase()
}

/// Whether two level tags are the same as the code's reader takes them: an O typed for a zero,
/// or an I or L for a one ("2O13" for 2013), as the rest of the code allows.
fn same_tag(a: &str, b: &str) -> bool {
    let fold = |c: char| match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        c => c,
    };
    a.chars().map(fold).eq(b.chars().map(fold))
}

fn value(c: char) -> Option<u32> {
    let c = match c.to_ascii_uppercase() {
        'I' | 'L' => '1',
        'O' => '0',
        c => c,
    };
    ALPHABET
        .iter()
        .position(|a| *a as char == c)
        .map(|i| i as u32)
}

/// Multiplication in GF(32), modulo the primitive polynomial x^5 + x^2 + 1.
fn gf_mul(mut a: u32, mut b: u32) -> u32 {
    let mut product = 0;
    while b != 0 {
        if b & 1 != 0 {
            product ^= a;
        }
        b >>= 1;
        a <<= 1;
        if a & 0b10_0000 != 0 {
            a ^= 0b10_0101;
        }
    }
    product
}

/// The check symbol: the sum over GF(32) of each symbol times a distinct power of x. A change
/// to one symbol changes the sum (the weight is invertible); swapping two different neighbours
/// changes it too (their weights differ).
/// A mods mark, when there is one, is two more symbols after the payload: a code without one
/// sums as it always did.
fn checksum(tag: &str, payload: u32, mark: Option<u32>) -> char {
    let tag_symbols = tag.chars().map(|c| value(c).unwrap_or(c as u32 % 32));
    let payload_symbols = (0..4).rev().map(|k| (payload >> (5 * k)) & 31);
    let mark_symbols = mark.into_iter().flat_map(|m| [m >> 5, m & 31]);
    let mut weight = 1u32;
    let mut sum = 0u32;
    for v in tag_symbols.chain(payload_symbols).chain(mark_symbols) {
        weight = gf_mul(weight, 2);
        sum ^= gf_mul(weight, v);
    }
    ALPHABET[sum as usize] as char
}

/// The code for `sc` with `seed` (only its low 16 bits are kept) and `options`.
pub fn encode(data: &DataSet, sc: &Scenario, seed: u64, options: ClassOptions) -> ClassCode {
    let tag = level_tag(data, sc);
    let seed = seed & 0xFFFF;
    let payload = ((seed as u32) << 4) | options.bits();
    let middle: String = (0..4)
        .rev()
        .map(|k| ALPHABET[((payload >> (5 * k)) & 31) as usize] as char)
        .collect();
    let mods_mark = mark_of(&sc.rules.patched_by);
    let check = checksum(&tag, payload, mods_mark);
    let text = match mods_mark {
        Some(mark) => format!("{tag}-{middle}-{}-{check}", mark_text(mark)),
        None => format!("{tag}-{middle}-{check}"),
    };
    ClassCode {
        level: sc.id().to_string(),
        seed,
        options,
        mods_mark,
        text,
    }
}

/// Reads a code typed by a student, against the levels installed. The dashes are placed by
/// position, so a code typed with spaces, with no dashes at all (`2017005J9`), or with one too
/// many at its end reads as the code (a tag never holds a dash).
pub fn decode(data: &DataSet, code: &str) -> Result<ClassCode, String> {
    let typed = code.trim();
    let compact: Vec<char> = typed
        .chars()
        .filter(|c| *c != '-' && !c.is_whitespace())
        .collect();
    if compact.is_empty() {
        return Err("type the code your teacher gave you first: it looks like 2017-0ZGG-2".into());
    }
    // The tag is the rest: read without a mods' mark, then with one. A reading whose check
    // matches says what is wrong with it (the mods, the level); a typing mistake is said only
    // when no reading's check matches.
    // The check does not see where the dashes go, so both readings can pass it: the one the
    // typed groups show comes first (four groups: a mods' mark), so that where both fail, the
    // one reported is about the code as typed; and a reading whose tag is longer than a tag
    // can be (four characters) is no reading.
    let groups = typed
        .split(|c: char| c == '-' || c.is_whitespace())
        .filter(|g| !g.is_empty())
        .count();
    // Two groups, the second of four characters: the code as far as its last dash, the check
    // character left off (a typing mistake would send the group to ask for the code again).
    let last = typed
        .split(|c: char| c == '-' || c.is_whitespace())
        .rfind(|g| !g.is_empty());
    if groups == 2 && last.is_some_and(|g| g.chars().count() == 4) {
        return Err(format!(
            "\"{typed}\" is missing its last part, the one character after the last dash: it \
             should look like 2017-0ZGG-2"
        ));
    }
    let tails = if groups == 4 { [7, 5] } else { [5, 7] };
    let mut errors = Vec::new();
    for tail in tails {
        if compact.len() <= tail || compact.len() - tail > MAX_TAG {
            continue;
        }
        let (tag, rest) = compact.split_at(compact.len() - tail);
        let part = |r: std::ops::Range<usize>| rest[r].iter().collect::<String>();
        let tag: String = tag.iter().collect();
        let dashed = if tail == 5 {
            format!("{tag}-{}-{}", part(0..4), part(4..5))
        } else {
            format!("{tag}-{}-{}-{}", part(0..4), part(4..6), part(6..7))
        };
        match decode_dashed(data, &dashed) {
            Ok(c) => return Ok(c),
            Err(e) => errors.push(e),
        }
    }
    // A reading that found its level and only its mods differ says the most; one whose check
    // matched by chance, with no level of its tag, less; a typing mistake least.
    let rank = |e: &String| {
        if e.contains("this class code was made") {
            0
        } else if !e.contains(TYPING_MISTAKE) {
            1
        } else {
            2
        }
    };
    match errors.iter().min_by_key(|e| rank(e)) {
        Some(e) if rank(e) < 2 => Err(e.clone()),
        Some(_) => Err(format!("\"{typed}\" {TYPING_MISTAKE}")),
        None => Err(format!(
            "\"{typed}\" is not a class code: it should look like 2017-0ZGG-2"
        )),
    }
}

/// How a code whose check does not match is refused.
const TYPING_MISTAKE: &str =
    "has a typing mistake (its check character does not match): ask for the code again";

/// Reads a code written with its dashes.
fn decode_dashed(data: &DataSet, code: &str) -> Result<ClassCode, String> {
    let parts: Vec<&str> = code.trim().split('-').collect();
    let (tag, middle, mark, check) = match parts[..] {
        [tag, middle, check] => (tag, middle, None, check),
        [tag, middle, mark, check] => (tag, middle, Some(mark), check),
        _ => {
            return Err(format!(
                "\"{code}\" is not a class code: it should look like 2017-0ZGG-2"
            ));
        }
    };
    if middle.chars().count() != 4
        || check.chars().count() != 1
        || mark.is_some_and(|m| m.chars().count() != 2)
    {
        return Err(format!(
            "\"{code}\" is not a class code: the middle part has 4 characters{} and the last 1",
            if mark.is_some() {
                ", the mods' mark 2"
            } else {
                ""
            }
        ));
    }
    let tag = tag.to_uppercase();
    let symbols = |part: &str| -> Result<u32, String> {
        part.chars().try_fold(0u32, |acc, c| {
            let v = value(c).ok_or_else(|| format!("\"{c}\" cannot appear in a class code"))?;
            Ok((acc << 5) | v)
        })
    };
    let payload = symbols(middle)?;
    let mark = mark.map(symbols).transpose()?;
    let typed = check.chars().next().and_then(value);
    let expected = checksum(&tag, payload, mark);
    if typed != value(expected) {
        return Err(format!("\"{code}\" {TYPING_MISTAKE}"));
    }
    let mut matches: Vec<&Scenario> = data
        .levels
        .iter()
        .filter_map(|l| l.scenario())
        .filter(|sc| same_tag(&level_tag(data, sc), &tag))
        .collect();
    // A mod's level never takes a base level's code away: the base game's answers first.
    if matches.iter().any(|sc| data.mod_of(sc.id()).is_none()) {
        matches.retain(|sc| data.mod_of(sc.id()).is_none());
    }
    let sc = match matches[..] {
        [one] => one,
        [] => {
            let broken = data.levels.iter().any(|l| l.scenario().is_none());
            return Err(format!(
                "no level here answers to \"{tag}\"{}",
                if mark.is_some() {
                    " (the code was made with mods, and the level may be one of theirs: install \
                     and turn on the mods of the machine it was made on)"
                } else if broken {
                    " (a level that cannot be loaded might; run `peninsula validate`; or it may \
                     be a mod's level: install and turn on the mod the code was made with)"
                } else {
                    " (it may be a mod's level: install and turn on the mod the code was made \
                     with)"
                }
            ));
        }
        _ => return Err(format!("several levels answer to \"{tag}\"; rename one")),
    };
    let options = ClassOptions::from_bits(payload & 0xF)?;
    let seed = (payload >> 4) as u64;
    let here = &sc.rules.patched_by;
    let here_mark = mark_of(here);
    if mark != here_mark {
        return Err(match (mark, here_mark) {
            (None, _) => format!(
                "this class code was made with the game's own rules, but mods change this game \
                 here ({}): the class's dice would fall on other rules. Turn those mods off \
                 (Mods, on the title screen) and enter the code again, or ask for a \
                 code made with them",
                here.join(", ")
            ),
            (Some(m), None) => format!(
                "this class code was made with mods that change the game (their mark is {}), and \
                 none are on here: install and turn on the mods of the machine the code was made \
                 on (`peninsula class-code` there names them), then enter it again",
                mark_text(m)
            ),
            (Some(m), Some(h)) => format!(
                "this class code was made with other mods than this machine's ({}, whose mark \
                 is {}, not the code's {}): every machine of the class needs the same mods, at \
                 the same versions, turned on",
                here.join(", "),
                mark_text(h),
                mark_text(m)
            ),
        });
    }
    Ok(encode(data, sc, seed, options))
}

/// `text`'s class code, made canonical, when it is the code of this game: its level, `seed` and
/// difficulty (`difficulty` None: the level's first). None when it does not read, or deals
/// another game: a log or save that names it then keeps no code.
pub fn code_of_game(
    data: &DataSet,
    sc: &Scenario,
    text: &str,
    seed: u64,
    difficulty: Option<&str>,
) -> Option<String> {
    let game_difficulty = difficulty.or(sc.rules.difficulties.first().map(|d| d.id.as_str()));
    decode(data, text).ok().and_then(|c| {
        let same = c.level == sc.id()
            && c.seed == seed
            && sc
                .rules
                .difficulties
                .get(c.options.difficulty as usize)
                .map(|d| d.id.as_str())
                == game_difficulty;
        same.then_some(c.text)
    })
}

/// The teacher's key of a class code: four digits that turn on the facilitator's controls on
/// a group's machine in a game started from that code. `class-code` prints it for the teacher
/// alone (on standard error); the class gets only the code. It keeps a curious student from
/// undoing turns or ending the game from the menu: a speed bump, not a secret (the game is
/// open source, and anyone who reads this function can work a key out). FNV-1a over the code
/// as it is shown, so a code typed in lower case or with look-alikes has the same key.
pub fn teacher_key(code: &ClassCode) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in b"peninsula teacher key ".iter().chain(code.text.as_bytes()) {
        hash ^= u32::from(*byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    format!("{:04}", hash % 10_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn symbols(code: &str) -> Vec<char> {
        code.chars().collect()
    }

    /// Every single substitution and every swap of two different neighbours in the middle or
    /// the check is caught, for many payloads.
    #[test]
    fn every_single_typo_and_neighbour_swap_is_caught() {
        for payload in (0..1u32 << 20).step_by(997) {
            let middle: String = (0..4)
                .rev()
                .map(|k| ALPHABET[((payload >> (5 * k)) & 31) as usize] as char)
                .collect();
            let code = format!("2017-{middle}-{}", checksum("2017", payload, None));
            let ok = |c: &str| {
                let parts: Vec<&str> = c.split('-').collect();
                let mut p = 0u32;
                for ch in parts[1].chars() {
                    p = (p << 5) | value(ch).unwrap();
                }
                value(checksum(parts[0], p, None)) == parts[2].chars().next().and_then(value)
            };
            assert!(ok(&code));
            let chars = symbols(&code);
            for i in [5, 6, 7, 8, 10] {
                for &sub in ALPHABET {
                    if sub as char == chars[i] {
                        continue;
                    }
                    let mut bad = chars.clone();
                    bad[i] = sub as char;
                    let bad: String = bad.into_iter().collect();
                    assert!(!ok(&bad), "{code} -> {bad} passes");
                }
            }
            for i in 5..8 {
                if chars[i] != chars[i + 1] {
                    let mut bad = chars.clone();
                    bad.swap(i, i + 1);
                    let bad: String = bad.into_iter().collect();
                    assert!(!ok(&bad), "{code} -> {bad} passes");
                }
            }
        }
    }

    /// A code with a mods mark: every single substitution anywhere after the tag, the mark's
    /// two characters included, and every swap of two different neighbours is caught, so a
    /// mistyped mark reads as a typing mistake, never as other mods.
    #[test]
    fn a_typo_in_the_mods_mark_is_caught_too() {
        let ok = |c: &str| {
            let parts: Vec<&str> = c.split('-').collect();
            let read = |part: &str| part.chars().fold(0, |p, ch| (p << 5) | value(ch).unwrap());
            let expected = checksum(parts[0], read(parts[1]), Some(read(parts[2])));
            value(expected) == parts[3].chars().next().and_then(value)
        };
        for (payload, mark) in (0..1u32 << 20)
            .step_by(7919)
            .zip((0..1024u32).cycle().step_by(13))
        {
            let middle: String = (0..4)
                .rev()
                .map(|k| ALPHABET[((payload >> (5 * k)) & 31) as usize] as char)
                .collect();
            let check = checksum("2017", payload, Some(mark));
            let code = format!("2017-{middle}-{}-{check}", mark_text(mark));
            assert!(ok(&code), "{code}");
            let chars = symbols(&code);
            let places = [5, 6, 7, 8, 10, 11, 13];
            for i in places {
                for &sub in ALPHABET {
                    if sub as char != chars[i] {
                        let mut bad = chars.clone();
                        bad[i] = sub as char;
                        let bad: String = bad.into_iter().collect();
                        assert!(!ok(&bad), "{code} -> {bad} passes");
                    }
                }
            }
            for pair in [(5, 6), (6, 7), (7, 8), (10, 11)] {
                if chars[pair.0] != chars[pair.1] {
                    let mut bad = chars.clone();
                    bad.swap(pair.0, pair.1);
                    let bad: String = bad.into_iter().collect();
                    assert!(!ok(&bad), "{code} -> {bad} passes");
                }
            }
        }
        // No mods, no mark; the same mods, the same mark; other versions, another one.
        let quieter = vec!["quieter 1.2.0".to_string()];
        assert_eq!(mark_of(&[]), None);
        assert_eq!(mark_of(&quieter), mark_of(&quieter.clone()));
        assert_ne!(mark_of(&quieter), mark_of(&["quieter 1.3.0".to_string()]));
    }

    /// A code typed with spaces, or with no dashes at all, reads as the code; a broken one is
    /// still refused.
    #[test]
    fn a_code_without_its_dashes_reads_as_the_code() {
        let data = crate::rules::load::load_data(std::path::Path::new(env!("CARGO_MANIFEST_DIR")))
            .expect("the shipped data");
        let sc = data
            .level("2017_fire_and_fury")
            .and_then(|l| l.scenario())
            .unwrap();
        let code = encode(&data, sc, 11, ClassOptions::default());
        let plain: String = code.text.chars().filter(|c| *c != '-').collect();
        for typed in [
            plain.clone(),
            plain.to_lowercase(),
            code.text.replace('-', " "),
            // The letter O for a zero, I or L for a one, in the year as anywhere else.
            code.text.replace('0', "O"),
            code.text.replacen('1', "l", 1),
        ] {
            assert_eq!(decode(&data, &typed), Ok(code.clone()), "{typed}");
        }
        let mut broken = plain.clone();
        broken.pop();
        broken.push(if plain.ends_with('Z') { 'Y' } else { 'Z' });
        assert!(
            decode(&data, &broken)
                .unwrap_err()
                .contains("typing mistake")
        );
        // A code typed up to its last dash is missing its check, not mistyped.
        let (short, _) = code.text.rsplit_once('-').unwrap();
        let why = decode(&data, short).unwrap_err();
        assert!(why.contains("is missing its last part"), "{short}: {why}");
        // Enter in the empty box asks for the code, rather than calling "" no code.
        for nothing in ["", "  ", " - "] {
            let why = decode(&data, nothing).unwrap_err();
            assert!(why.starts_with("type the code"), "{nothing:?}: {why}");
        }
    }
}
