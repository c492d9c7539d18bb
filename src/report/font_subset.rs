//! A TrueType font cut down to the characters one page uses, so that a page the game writes can
//! carry its own Korean font: the game's Hangul font is 2.3 MB, a page's few dozen syllables
//! take a few kilobytes of it. The glyphs kept are renumbered from 1 (0 stays the missing
//! glyph), composite glyphs keep the glyphs they are built from, and the character map is
//! written anew for the characters kept. The hinting programs, the metrics and the OS/2 table
//! are kept as they are; glyph names, layout features and kerning are left out (a page of
//! Hangul needs none of them).
//!
//! The font's licence (SIL Open Font License) forbids a modified version to carry its Reserved
//! Font Names, so the subset is renamed (`family`) and carries the original's copyright and
//! licence lines in its own name table, as the licence asks.
//!
//! Plain Rust over bytes; `ttf-parser` reads the original's character map.

use std::collections::BTreeMap;
use std::fmt;

/// Why a font could not be cut down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubsetError {
    /// Not a TrueType font `ttf-parser` reads.
    Unreadable,
    /// A table the subset needs is missing or shorter than its header says.
    Table(&'static str),
    /// The font's outlines are not TrueType's (`glyf`), such as a CFF font's.
    NotTrueType,
    /// More characters than one character-map subtable holds (`MAX_CHARS`).
    TooMany,
}

impl fmt::Display for SubsetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SubsetError::Unreadable => f.write_str("the font could not be read"),
            SubsetError::Table(tag) => write!(f, "the font's `{tag}` table is missing or short"),
            SubsetError::NotTrueType => f.write_str("the font has no TrueType outlines"),
            SubsetError::TooMany => write!(f, "more than {MAX_CHARS} characters"),
        }
    }
}

impl std::error::Error for SubsetError {}

/// The most characters a subset keeps: a format-4 character map is at most 64 KB, 8 bytes a
/// run of characters (a page's Korean is a few hundred syllables).
pub const MAX_CHARS: usize = 7_000;

/// The tables of a font, by tag.
fn tables(font: &[u8]) -> Result<BTreeMap<[u8; 4], &[u8]>, SubsetError> {
    // A collection (`ttcf`) holds several fonts, each with a directory of its own: not one font.
    if font.starts_with(b"ttcf") {
        return Err(SubsetError::Unreadable);
    }
    let n = read_u16(font, 4).ok_or(SubsetError::Unreadable)? as usize;
    let mut out = BTreeMap::new();
    for i in 0..n {
        let at = 12 + 16 * i;
        let record = font.get(at..at + 16).ok_or(SubsetError::Unreadable)?;
        let tag = [record[0], record[1], record[2], record[3]];
        let offset = read_u32(record, 8).unwrap_or(0) as usize;
        let length = read_u32(record, 12).unwrap_or(0) as usize;
        let body = font
            .get(offset..offset.saturating_add(length))
            .ok_or(SubsetError::Unreadable)?;
        out.insert(tag, body);
    }
    Ok(out)
}

fn read_u16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn read_u32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

fn set_u16(data: &mut [u8], at: usize, value: u16) {
    data[at..at + 2].copy_from_slice(&value.to_be_bytes());
}

fn set_u32(data: &mut [u8], at: usize, value: u32) {
    data[at..at + 4].copy_from_slice(&value.to_be_bytes());
}

/// The glyphs a composite glyph is built from, as (byte offset of the glyph index, the index).
fn components(glyph: &[u8]) -> Vec<(usize, u16)> {
    const ARGS_ARE_WORDS: u16 = 0x0001;
    const HAS_SCALE: u16 = 0x0008;
    const MORE: u16 = 0x0020;
    const HAS_XY_SCALE: u16 = 0x0040;
    const HAS_2X2: u16 = 0x0080;
    let mut out = Vec::new();
    if read_u16(glyph, 0).is_none_or(|n| (n as i16) >= 0) {
        return out;
    }
    let mut at = 10;
    while let (Some(flags), Some(index)) = (read_u16(glyph, at), read_u16(glyph, at + 2)) {
        out.push((at + 2, index));
        at += 4 + if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
        at += if flags & HAS_SCALE != 0 {
            2
        } else if flags & HAS_XY_SCALE != 0 {
            4
        } else if flags & HAS_2X2 != 0 {
            8
        } else {
            0
        };
        if flags & MORE == 0 {
            break;
        }
    }
    out
}

/// A character map with one format-4 subtable (Windows, Unicode BMP): each run of characters
/// whose glyphs are numbered in a run is one segment.
fn cmap(chars: &[(char, u16)]) -> Vec<u8> {
    let mut segments: Vec<(u16, u16, u16)> = Vec::new(); // start, end, first glyph
    for &(c, g) in chars {
        let c = c as u32 as u16;
        match segments.last_mut() {
            Some((start, end, first))
                if c == end.wrapping_add(1) && g == first.wrapping_add(c - *start) =>
            {
                *end = c
            }
            _ => segments.push((c, c, g)),
        }
    }
    segments.push((0xFFFF, 0xFFFF, 0));
    let n = segments.len() as u16;
    let (search_range, entry_selector, range_shift) = binary_search_fields(n, 2);
    let mut sub = Vec::new();
    let length = 16 + 8 * n as usize;
    for v in [
        4u16,
        length as u16,
        0,
        2 * n,
        search_range,
        entry_selector,
        range_shift,
    ] {
        sub.extend_from_slice(&v.to_be_bytes());
    }
    for (_, end, _) in &segments {
        sub.extend_from_slice(&end.to_be_bytes());
    }
    sub.extend_from_slice(&0u16.to_be_bytes());
    for (start, _, _) in &segments {
        sub.extend_from_slice(&start.to_be_bytes());
    }
    for (start, _, first) in &segments {
        // The last segment maps 0xFFFF to glyph 0: a delta of 1.
        let delta = if *start == 0xFFFF {
            1
        } else {
            first.wrapping_sub(*start)
        };
        sub.extend_from_slice(&delta.to_be_bytes());
    }
    for _ in &segments {
        sub.extend_from_slice(&0u16.to_be_bytes());
    }
    let mut out = Vec::new();
    for v in [0u16, 1, 3, 1] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    out.extend_from_slice(&12u32.to_be_bytes());
    out.extend_from_slice(&sub);
    out
}

/// A name table (format 0, Windows names only) that names the subset `family` and carries the
/// original's copyright (name 0) and licence (names 13 and 14).
fn name_table(original: Option<&[u8]>, family: &str) -> Vec<u8> {
    let mut records: Vec<(u16, Vec<u8>)> = Vec::new();
    let utf16 = |s: &str| s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
    if let Some(table) = original.and_then(ttf_parser::name::Table::parse) {
        for id in [0u16, 13, 14] {
            let found = table.names.into_iter().find(|n| {
                n.name_id == id
                    && n.platform_id == ttf_parser::PlatformId::Windows
                    && n.language_id == 0x409
                    && n.is_unicode()
            });
            // Each string's offset and length are 16-bit: a copied line that would not fit
            // is left out (the bundled font's three take under 500 bytes).
            if let Some(n) = found.filter(|n| n.name.len() < 16_000) {
                records.push((id, n.name.to_vec()));
            }
        }
    }
    let postscript: String = family.chars().filter(|c| !c.is_whitespace()).collect();
    records.push((1, utf16(family)));
    records.push((2, utf16("Regular")));
    records.push((3, utf16(&format!("{postscript}-subset"))));
    records.push((4, utf16(family)));
    records.push((5, utf16("Version 1.0")));
    records.push((6, utf16(&postscript)));
    records.sort_by_key(|(id, _)| *id);
    let mut out = Vec::new();
    let count = records.len() as u16;
    for v in [0u16, count, 6 + 12 * count] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut strings = Vec::new();
    for (id, bytes) in &records {
        for v in [
            3u16,
            1,
            0x409,
            *id,
            bytes.len() as u16,
            strings.len() as u16,
        ] {
            out.extend_from_slice(&v.to_be_bytes());
        }
        strings.extend_from_slice(bytes);
    }
    out.extend_from_slice(&strings);
    out
}

/// The sum of a table's big-endian words, as the font's directory records it.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// The fields that let a reader binary-search `n` entries of `size` bytes (a cmap's segments,
/// the table directory): the largest power of two not over `n` times `size`, that power's
/// exponent, and the bytes left over, `n * size` less the first.
fn binary_search_fields(n: u16, size: u16) -> (u16, u16, u16) {
    let mut power = 1u16;
    while power * 2 <= n {
        power *= 2;
    }
    (
        power * size,
        power.trailing_zeros() as u16,
        n * size - power * size,
    )
}

/// The font with `tables`, each at a four-byte boundary, and the whole-font checksum set in
/// `head`.
fn assemble(mut tables: BTreeMap<[u8; 4], Vec<u8>>) -> Vec<u8> {
    if let Some(head) = tables.get_mut(b"head") {
        set_u32(head, 8, 0);
    }
    let n = tables.len() as u16;
    let (search_range, entry_selector, range_shift) = binary_search_fields(n, 16);
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    for v in [n, search_range, entry_selector, range_shift] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * n as usize;
    let mut head_at = None;
    for (tag, body) in &tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(body).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(body.len() as u32).to_be_bytes());
        if tag == b"head" {
            head_at = Some(offset);
        }
        offset += body.len().div_ceil(4) * 4;
    }
    for body in tables.values() {
        out.extend_from_slice(body);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        set_u32(&mut out, at + 8, adjustment);
    }
    out
}

/// `font` cut down to the characters of `chars` it has (the others are left out), named
/// `family`. None of them found gives a font with only the missing glyph.
pub fn subset(
    font: &[u8],
    chars: impl IntoIterator<Item = char>,
    family: &str,
) -> Result<Vec<u8>, SubsetError> {
    let face = ttf_parser::Face::parse(font, 0).map_err(|_| SubsetError::Unreadable)?;
    let t = tables(font)?;
    let table = |tag: &'static [u8; 4], name: &'static str| -> Result<&[u8], SubsetError> {
        t.get(tag).copied().ok_or(SubsetError::Table(name))
    };
    let glyf = t.get(b"glyf").copied().ok_or(SubsetError::NotTrueType)?;
    let loca = table(b"loca", "loca")?;
    let head = table(b"head", "head")?;
    let hhea = table(b"hhea", "hhea")?;
    let maxp = table(b"maxp", "maxp")?;
    let hmtx = table(b"hmtx", "hmtx")?;
    let glyphs = read_u16(maxp, 4).ok_or(SubsetError::Table("maxp"))? as usize;
    let long_loca = read_u16(head, 50).ok_or(SubsetError::Table("head"))? == 1;
    let metrics = read_u16(hhea, 34).ok_or(SubsetError::Table("hhea"))? as usize;
    if metrics == 0 || hmtx.len() < 4 * metrics + 2 * glyphs.saturating_sub(metrics) {
        return Err(SubsetError::Table("hmtx"));
    }
    let bounds = |g: usize| -> Result<&[u8], SubsetError> {
        let at = |i: usize| {
            if long_loca {
                read_u32(loca, 4 * i).map(|x| x as usize)
            } else {
                read_u16(loca, 2 * i).map(|x| 2 * x as usize)
            }
        };
        let (start, end) = (at(g), at(g + 1));
        match (start, end) {
            (Some(s), Some(e)) if s <= e => glyf.get(s..e).ok_or(SubsetError::Table("glyf")),
            _ => Err(SubsetError::Table("loca")),
        }
    };

    // The characters found, in order, each with its original glyph.
    let mut found: Vec<(char, u16)> = Vec::new();
    let mut wanted: Vec<char> = chars.into_iter().filter(|c| (*c as u32) < 0xFFFF).collect();
    wanted.sort_unstable();
    wanted.dedup();
    for c in wanted {
        if let Some(g) = face
            .glyph_index(c)
            .filter(|g| g.0 != 0 && (g.0 as usize) < glyphs)
        {
            found.push((c, g.0));
        }
    }
    if found.len() > MAX_CHARS {
        return Err(SubsetError::TooMany);
    }
    // New numbers: the missing glyph, then the characters' glyphs in the characters' order,
    // then the glyphs their composites are built from.
    let mut new_of: BTreeMap<u16, u16> = BTreeMap::new();
    let mut kept: Vec<u16> = vec![0];
    new_of.insert(0, 0);
    for &(_, g) in &found {
        if let std::collections::btree_map::Entry::Vacant(slot) = new_of.entry(g) {
            slot.insert(kept.len() as u16);
            kept.push(g);
        }
    }
    let mut i = 0;
    while i < kept.len() {
        for (_, part) in components(bounds(kept[i] as usize)?) {
            if (part as usize) < glyphs && !new_of.contains_key(&part) {
                new_of.insert(part, kept.len() as u16);
                kept.push(part);
            }
        }
        i += 1;
    }

    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::new();
    let mut new_hmtx = Vec::new();
    for &g in &kept {
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        let mut body = bounds(g as usize)?.to_vec();
        for (at, part) in components(&body) {
            let renumbered = new_of.get(&part).copied().unwrap_or(0);
            set_u16(&mut body, at, renumbered);
        }
        new_glyf.extend_from_slice(&body);
        new_glyf.resize(new_glyf.len().div_ceil(4) * 4, 0);
        let g = g as usize;
        let (advance, side) = if g < metrics {
            (read_u16(hmtx, 4 * g), read_u16(hmtx, 4 * g + 2))
        } else {
            (
                read_u16(hmtx, 4 * (metrics - 1)),
                read_u16(hmtx, 4 * metrics + 2 * (g - metrics)),
            )
        };
        new_hmtx.extend_from_slice(&advance.unwrap_or(0).to_be_bytes());
        new_hmtx.extend_from_slice(&side.unwrap_or(0).to_be_bytes());
    }
    new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());

    let count = kept.len() as u16;
    let mut new_head = head.to_vec();
    if new_head.len() < 54 {
        return Err(SubsetError::Table("head"));
    }
    set_u16(&mut new_head, 50, 1);
    let mut new_hhea = hhea.to_vec();
    set_u16(&mut new_hhea, 34, count);
    let mut new_maxp = maxp.to_vec();
    set_u16(&mut new_maxp, 4, count);
    // Glyph names are left out: `post` version 3 has none.
    let mut post = t
        .get(b"post")
        .map(|p| p.get(..32).unwrap_or(p).to_vec())
        .unwrap_or_default();
    post.resize(32, 0);
    set_u32(&mut post, 0, 0x0003_0000);

    let mut out: BTreeMap<[u8; 4], Vec<u8>> = BTreeMap::new();
    for tag in [b"OS/2", b"cvt ", b"fpgm", b"gasp", b"prep"] {
        if let Some(body) = t.get(tag) {
            out.insert(*tag, body.to_vec());
        }
    }
    let mapped: Vec<(char, u16)> = found
        .iter()
        .map(|&(c, g)| (c, new_of.get(&g).copied().unwrap_or(0)))
        .collect();
    out.insert(*b"cmap", cmap(&mapped));
    out.insert(*b"glyf", new_glyf);
    out.insert(*b"head", new_head);
    out.insert(*b"hhea", new_hhea);
    out.insert(*b"hmtx", new_hmtx);
    out.insert(*b"loca", new_loca);
    out.insert(*b"maxp", new_maxp);
    out.insert(*b"name", name_table(t.get(b"name").copied(), family));
    out.insert(*b"post", post);
    Ok(assemble(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    static HANGUL: &[u8] = include_bytes!("../../assets/fonts/NanumGothicCoding.ttf");

    /// An outline as the commands that draw it, to compare two fonts' glyphs.
    #[derive(Default, PartialEq, Debug)]
    struct Commands(Vec<String>);

    impl ttf_parser::OutlineBuilder for Commands {
        fn move_to(&mut self, x: f32, y: f32) {
            self.0.push(format!("M{x},{y}"));
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.0.push(format!("L{x},{y}"));
        }
        fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
            self.0.push(format!("Q{x1},{y1},{x},{y}"));
        }
        fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
            self.0.push(format!("C{x1},{y1},{x2},{y2},{x},{y}"));
        }
        fn close(&mut self) {
            self.0.push("Z".into());
        }
    }

    fn outline(face: &ttf_parser::Face, c: char) -> (Commands, Option<u16>) {
        let g = face.glyph_index(c).expect("the character is mapped");
        let mut commands = Commands::default();
        face.outline_glyph(g, &mut commands);
        (commands, face.glyph_hor_advance(g))
    }

    #[test]
    fn a_subset_draws_every_character_it_keeps_as_the_original_does() {
        let text = "평화 한반도 모둠 1조 · 서울";
        let small = subset(HANGUL, text.chars(), "Peninsula Hangul").expect("subset");
        assert!(
            small.len() < 20_000,
            "a few syllables take a few kilobytes, not the font's 2.3 MB: {} bytes",
            small.len()
        );
        let original = ttf_parser::Face::parse(HANGUL, 0).unwrap();
        let face =
            ttf_parser::Face::parse(&small, 0).expect("the subset is a font ttf-parser reads");
        for c in text
            .chars()
            .filter(|c| !c.is_ascii() && original.glyph_index(*c).is_some())
        {
            let (mine, advance) = outline(&face, c);
            let (theirs, original_advance) = outline(&original, c);
            assert!(
                !mine.0.is_empty() || theirs.0.is_empty(),
                "{c} has an outline"
            );
            assert_eq!(mine, theirs, "{c} is drawn as in the original");
            assert_eq!(
                advance, original_advance,
                "{c} is as wide as in the original"
            );
        }
        // A character the page does not use is not in it.
        assert!(
            face.glyph_index('강').is_none(),
            "only the page's characters are kept"
        );
        // The characters' glyphs, the missing glyph and what composites are built from.
        let mut distinct: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let kept = face.number_of_glyphs() as usize;
        assert!(
            (distinct.len() + 1..=2 * distinct.len() + 1).contains(&kept),
            "{kept} glyphs for {} characters",
            distinct.len()
        );
    }

    #[test]
    fn thousands_of_syllables_keep_their_outlines() {
        // Every third Hangul syllable and the compatibility jamo: composites, runs and gaps.
        let chars: Vec<char> = (0xAC00..=0xD7A3)
            .step_by(3)
            .chain(0x3131..=0x318E)
            .filter_map(char::from_u32)
            .collect();
        let small = subset(HANGUL, chars.iter().copied(), "Peninsula Hangul").unwrap();
        let original = ttf_parser::Face::parse(HANGUL, 0).unwrap();
        let face = ttf_parser::Face::parse(&small, 0).unwrap();
        let mut drawn = 0;
        for &c in &chars {
            if original.glyph_index(c).is_none() {
                continue;
            }
            assert_eq!(outline(&face, c), outline(&original, c), "{c}");
            drawn += 1;
        }
        assert!(drawn > 3_000, "{drawn} characters compared");
        assert!(
            face.glyph_index('각').is_none(),
            "a syllable between the kept ones is not"
        );
    }

    #[test]
    fn the_subset_is_renamed_and_keeps_the_licence() {
        let small = subset(HANGUL, "한".chars(), "Peninsula Hangul").unwrap();
        let face = ttf_parser::Face::parse(&small, 0).unwrap();
        let names: Vec<(u16, String)> = face
            .names()
            .into_iter()
            .filter_map(|n| Some((n.name_id, n.to_string()?)))
            .collect();
        let family = names
            .iter()
            .find(|(id, _)| *id == 1)
            .map(|(_, s)| s.as_str());
        assert_eq!(family, Some("Peninsula Hangul"));
        assert!(
            names
                .iter()
                .all(|(id, s)| *id == 0 || *id == 13 || *id == 14 || !s.contains("Nanum")),
            "no name but the copyright and licence lines uses a Reserved Font Name: {names:?}"
        );
        assert!(
            names
                .iter()
                .any(|(id, s)| *id == 0 && s.contains("Copyright")),
            "the copyright line is kept: {names:?}"
        );
        assert!(
            names
                .iter()
                .any(|(id, s)| *id == 13 && s.contains("Open Font License")),
            "the licence line is kept: {names:?}"
        );
    }

    #[test]
    fn the_directory_checksums_hold() {
        let small = subset(HANGUL, "서울".chars(), "Peninsula Hangul").unwrap();
        assert_eq!(
            checksum(&small),
            0xB1B0_AFBA,
            "the whole font sums to the magic number"
        );
        for (tag, body) in tables(&small).unwrap() {
            let n = read_u16(&small, 4).unwrap() as usize;
            let record = (0..n)
                .map(|i| &small[12 + 16 * i..28 + 16 * i])
                .find(|r| r[..4] == tag)
                .unwrap();
            if &tag != b"head" {
                assert_eq!(read_u32(record, 4), Some(checksum(body)), "{tag:?}");
            }
        }
    }

    #[test]
    fn a_broken_font_is_an_error_not_a_panic() {
        assert_eq!(
            subset(b"not a font", "한".chars(), "x"),
            Err(SubsetError::Unreadable)
        );
        let mut cut = HANGUL[..4000].to_vec();
        cut.extend_from_slice(&[0; 16]);
        assert!(subset(&cut, "한".chars(), "x").is_err());
        assert!(
            subset(HANGUL, std::iter::empty(), "x").is_ok(),
            "no characters: the missing glyph alone"
        );
    }
}
