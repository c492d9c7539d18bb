//! Korean on every computer's copy of a page. A page the game writes (the report, the handout,
//! the class's page) names each system's Korean font, but a computer with none (a bare Linux
//! lab machine, the CI's Chromium) drew a group's Korean name, or a Korean mod's text, as empty
//! boxes. Now a page with Hangul in it carries the characters it uses from the game's own
//! Hangul font, cut down to them (`font_subset`) and inlined as a data address under the family
//! name `Peninsula Hangul`, the first of the page's fonts for those characters: every computer
//! draws them as the game does, and the page stays one file that fetches nothing. A page with
//! no Korean carries nothing.

use super::font_subset::subset;
use base64::Engine;

/// The game's Hangul font (NAVER's Nanum Gothic Coding, SIL Open Font License; its licence is
/// beside it in `assets/fonts/`), compiled in once for the desktop's text and the pages.
pub static HANGUL_TTF: &[u8] = include_bytes!("../../assets/fonts/NanumGothicCoding.ttf");

/// The family name of the cut-down font in a page: not the original's, which the font's licence
/// reserves for the unmodified font.
pub const FAMILY: &str = "Peninsula Hangul";

/// Whether a character is one the pages take from the Hangul font: Hangul (syllables, jamo,
/// compatibility jamo), CJK punctuation and ideographs, and full-width forms. Other characters
/// the pages use (dashes, arrows, the middle dot) every system font has.
pub fn is_korean(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF
        | 0x3000..=0x303F
        | 0x3130..=0x318F
        | 0x3200..=0x32FF
        | 0x4E00..=0x9FFF
        | 0xA960..=0xA97F
        | 0xAC00..=0xD7AF
        | 0xD7B0..=0xD7FF
        | 0xFF00..=0xFFEF)
}

/// `page` with a font for its Korean characters added to its head, when it has any the game's
/// Hangul font draws; else `page` as it is.
pub fn with_korean_font(page: String) -> String {
    let Ok(face) = ttf_parser::Face::parse(HANGUL_TTF, 0) else {
        return page;
    };
    let mut chars: Vec<char> = page
        .chars()
        .filter(|c| is_korean(*c) && face.glyph_index(*c).is_some_and(|g| g.0 != 0))
        .collect();
    chars.sort_unstable();
    chars.dedup();
    if chars.is_empty() {
        return page;
    }
    let Ok(font) = subset(HANGUL_TTF, chars.iter().copied(), FAMILY) else {
        return page;
    };
    let Some(at) = page.find("</head>") else {
        return page;
    };
    let data = base64::engine::general_purpose::STANDARD.encode(font);
    // The characters it draws: the font is the first the page names, and only for these.
    let range = unicode_range(&chars);
    let style = format!(
        "<style>@font-face{{font-family:'{FAMILY}';\
         src:url(data:font/ttf;base64,{data}) format('truetype');unicode-range:{range}}}</style>"
    );
    let mut out = String::with_capacity(page.len() + style.len());
    out.push_str(&page[..at]);
    out.push_str(&style);
    out.push_str(&page[at..]);
    out
}

/// A CSS `unicode-range` for `chars` (sorted, distinct): runs of consecutive characters as
/// ranges (`U+D3C9,U+D654-D656`).
fn unicode_range(chars: &[char]) -> String {
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for &c in chars {
        let c = c as u32;
        match runs.last_mut() {
            Some((_, end)) if c == *end + 1 => *end = c,
            _ => runs.push((c, c)),
        }
    }
    runs.iter()
        .map(|&(a, b)| {
            if a == b {
                format!("U+{a:X}")
            } else {
                format!("U+{a:X}-{b:X}")
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!DOCTYPE html><html><head><style>body{}</style></head><body>";

    #[test]
    fn a_page_without_korean_carries_no_font() {
        let page = format!("{PAGE}<h1>Debrief · 2017 — Group 3 → won</h1></body></html>");
        assert_eq!(with_korean_font(page.clone()), page);
    }

    #[test]
    fn a_page_with_korean_carries_the_characters_it_uses() {
        let page = format!("{PAGE}<h1>Debrief by 평화조</h1></body></html>");
        let out = with_korean_font(page.clone());
        let start = out.find("base64,").expect("a font is inlined") + "base64,".len();
        let end = start + out[start..].find(')').unwrap();
        assert!(
            out.find("@font-face").unwrap() < out.find("</head>").unwrap(),
            "in the head"
        );
        assert!(
            out.ends_with("<h1>Debrief by 평화조</h1></body></html>"),
            "the body unchanged"
        );
        let font = base64::engine::general_purpose::STANDARD
            .decode(&out[start..end])
            .expect("valid base64");
        let face = ttf_parser::Face::parse(&font, 0).expect("a font");
        for c in "평화조".chars() {
            assert!(face.glyph_index(c).is_some(), "{c} is in the page's font");
        }
        assert!(
            font.len() < 20_000,
            "{} bytes for three syllables",
            font.len()
        );
        assert!(
            out.contains("unicode-range:U+C870,U+D3C9,U+D654}"),
            "the font names the characters it is for: {}",
            &out[out.find("unicode-range").unwrap()..][..60]
        );
    }

    #[test]
    fn runs_of_characters_are_ranges() {
        assert_eq!(
            unicode_range(&['가', '각', '간', '힣']),
            "U+AC00-AC01,U+AC04,U+D7A3"
        );
    }
}
