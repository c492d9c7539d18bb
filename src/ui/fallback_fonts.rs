//! Fonts for the scripts the built-in UI font lacks. Bevy's default font (Fira Mono) has Latin,
//! Greek and Cyrillic letters only, so a group's name typed in Korean, or a mod's text in it,
//! showed as empty boxes. Nanum Gothic Coding (NAVER, SIL Open Font License; unmodified, with
//! its licence beside it in `assets/fonts/`), a monospaced Hangul font that sits well beside
//! Fira Mono, is compiled in and made the fallback for the Hangul script: Bevy's text layout
//! (parley) takes each glyph the default font lacks from it. No system font is looked up, so
//! every machine draws the same.

use bevy::prelude::*;
use bevy::text::{Font, FontCx};
use parley::fontique::{FallbackKey, Script};

/// The font, compiled in once for the desktop and the pages it writes.
static HANGUL: &[u8] = crate::report::page_font::HANGUL_TTF;
/// The family name the font's own name table gives.
const HANGUL_FAMILY: &str = "NanumGothicCoding";

/// Keeps the font asset alive (a removed font asset clears Bevy's font collection).
#[derive(Resource)]
struct HangulFont(#[allow(dead_code)] Handle<Font>);

pub fn plugin(app: &mut App) {
    app.add_systems(Startup, add_hangul_font)
        .add_systems(Update, make_it_the_hangul_fallback);
}

fn add_hangul_font(mut fonts: ResMut<Assets<Font>>, mut commands: Commands) {
    let handle = fonts.add(Font::from_bytes(HANGUL.to_vec()));
    commands.insert_resource(HangulFont(handle));
}

/// Once Bevy has put the font in its collection (a frame or so after it is added), names it
/// the fallback for Hangul; again whenever the collection is rebuilt without it.
fn make_it_the_hangul_fallback(mut font_cx: ResMut<FontCx>, mut set_for: Local<Option<u64>>) {
    let Some(family) = font_cx.collection.family_id(HANGUL_FAMILY) else {
        return;
    };
    let id = family.to_u64();
    if *set_for == Some(id) {
        return;
    }
    let key = FallbackKey::new(Script::from_bytes(*b"Hang"), None);
    font_cx
        .collection
        .append_fallbacks(key, std::iter::once(family));
    *set_for = Some(id);
}
