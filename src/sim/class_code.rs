//! Class codes: a short code such as `2017-0ZGG-2` that fixes the level, the seed and the
//! options of a game, so everyone in a class who enters it plays against the same dice and the
//! groups can compare. The first part names the level (its year, or the first four letters of
//! its id), the middle four characters carry the seed (16 bits) and four option bits, and the
//! last character is a check symbol: a weighted sum over GF(32), so every single mistyped
//! character and every swap of two neighbours is caught, never played as another game.
//!
//! Characters are Crockford's base 32 (no I, L, O or U, so nothing is misread); lower case and
//! the look-alikes I, L (as 1) and O (as 0) are accepted when typed.

use crate::rules::{DataSet, Scenario};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

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
    /// The code as it is shown: `2017-0ZGG-2`.
    pub text: String,
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

/// The first four letters or digits of a level's id, upper case.
fn id_tag(sc: &Scenario) -> String {
    sc.id()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(4)
        .collect::<String>()
        .to_uppercase()
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
fn checksum(tag: &str, payload: u32) -> char {
    let tag_symbols = tag.chars().map(|c| value(c).unwrap_or(c as u32 % 32));
    let payload_symbols = (0..4).rev().map(|k| (payload >> (5 * k)) & 31);
    let mut weight = 1u32;
    let mut sum = 0u32;
    for v in tag_symbols.chain(payload_symbols) {
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
    let text = format!("{tag}-{middle}-{}", checksum(&tag, payload));
    ClassCode {
        level: sc.id().to_string(),
        seed,
        options,
        text,
    }
}

/// Reads a code typed by a student, against the levels installed.
pub fn decode(data: &DataSet, code: &str) -> Result<ClassCode, String> {
    let parts: Vec<&str> = code.trim().split('-').collect();
    let [tag, middle, check] = parts[..] else {
        return Err(format!(
            "\"{code}\" is not a class code: it should look like 2017-0ZGG-2"
        ));
    };
    if middle.chars().count() != 4 || check.chars().count() != 1 {
        return Err(format!(
            "\"{code}\" is not a class code: the middle part has 4 characters and the last 1"
        ));
    }
    let tag = tag.to_uppercase();
    let mut payload = 0u32;
    for c in middle.chars() {
        let v = value(c).ok_or_else(|| format!("\"{c}\" cannot appear in a class code"))?;
        payload = (payload << 5) | v;
    }
    let typed = check.chars().next().and_then(value);
    let expected = checksum(&tag, payload);
    if typed != value(expected) {
        return Err(format!(
            "\"{code}\" has a typing mistake (its check character does not match): ask for \
             the code again"
        ));
    }
    let mut matches: Vec<&Scenario> = data
        .levels
        .iter()
        .filter_map(|l| l.scenario())
        .filter(|sc| level_tag(data, sc) == tag)
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
                if broken {
                    " (a level that cannot be loaded might; run `peninsula validate`)"
                } else {
                    ""
                }
            ));
        }
        _ => return Err(format!("several levels answer to \"{tag}\"; rename one")),
    };
    let options = ClassOptions::from_bits(payload & 0xF)?;
    let seed = (payload >> 4) as u64;
    Ok(encode(data, sc, seed, options))
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
            let code = format!("2017-{middle}-{}", checksum("2017", payload));
            let ok = |c: &str| {
                let parts: Vec<&str> = c.split('-').collect();
                let mut p = 0u32;
                for ch in parts[1].chars() {
                    p = (p << 5) | value(ch).unwrap();
                }
                value(checksum(parts[0], p)) == parts[2].chars().next().and_then(value)
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
}
