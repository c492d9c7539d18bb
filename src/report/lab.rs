//! The policy lab's picture: for each policy compared by `peninsula sim --policy a,b,c --plot
//! FILE.png`, one stacked bar of how its games ended (won, lost, war) overall and one for each
//! of Pyongyang's hidden dispositions, all on the same seeds, so a class can see on a projector
//! which line works against which Pyongyang. Text is drawn with the Fira Sans font compiled into
//! the program (`chart::register_the_font`).

use super::chart::{BACKGROUND, BAD, DrawError, GOOD, GREY, draw_text, encode, register_the_font};
use crate::sim::batch::{BatchStats, Rates};
use plotters::prelude::*;

pub const WIDTH: u32 = 1200;
/// Height of the title and legend band.
const TOP: u32 = 96;
/// Height of one policy's row of bars.
const ROW: u32 = 100;
const MARGIN: i32 = 24;
/// Width of the policy names' column.
const NAMES: i32 = 190;
/// Width of the bar labels ("all games", "security seeker" ...).
const LABELS: i32 = 170;
const TEXT: RGBColor = RGBColor(230, 236, 242);
const MUTED: RGBColor = RGBColor(147, 164, 184);

/// The height of the picture for `n` policies.
pub fn height(n: usize) -> u32 {
    TOP + ROW * n.max(1) as u32 + MARGIN as u32
}

/// The picture as PNG bytes, for the batches of one level (one per policy, same seeds), under
/// the level's title as players know it (`2017: Fire and Fury`, not its file's id).
pub fn png(batches: &[BatchStats], level_title: &str) -> Result<Vec<u8>, String> {
    let (h, rgb) = rgb(batches, level_title)?;
    encode(WIDTH, h, &rgb)
}

/// The picture as RGB pixels, `WIDTH` wide: its height and the pixels.
fn rgb(batches: &[BatchStats], level_title: &str) -> Result<(u32, Vec<u8>), String> {
    register_the_font()?;
    let h = height(batches.len());
    let mut rgb = vec![0u8; (WIDTH * h * 3) as usize];
    draw(batches, level_title, &mut rgb, h)
        .map_err(|e| format!("could not draw the policy lab: {e}"))?;
    Ok((h, rgb))
}

fn draw(
    batches: &[BatchStats],
    level_title: &str,
    rgb: &mut [u8],
    h: u32,
) -> Result<(), DrawError> {
    let area = BitMapBackend::with_buffer(rgb, (WIDTH, h)).into_drawing_area();
    area.fill(&BACKGROUND)?;
    let title = match batches.first() {
        Some(b) => format!(
            "Policy lab · {level_title} · {} games per policy, the same seeds for each (seed {})",
            b.runs, b.seed
        ),
        None => "Policy lab".to_string(),
    };
    draw_text(
        &area,
        &title,
        (MARGIN, 16),
        &("sans-serif", 26).into_font().color(&TEXT),
    )?;
    // Legend.
    let mut x = MARGIN;
    for (name, colour) in [("won", GOOD), ("lost", GREY), ("war", BAD)] {
        area.draw(&Rectangle::new([(x, 58), (x + 18, 76)], colour.filled()))?;
        draw_text(
            &area,
            name,
            (x + 26, 56),
            &("sans-serif", 20).into_font().color(&TEXT),
        )?;
        x += 110;
    }
    draw_text(
        &area,
        "Bars: how the games ended, overall and against each hidden disposition",
        (x + 20, 56),
        &("sans-serif", 20).into_font().color(&MUTED),
    )?;
    let bar_left = MARGIN + NAMES + LABELS;
    let bar_width = WIDTH as i32 - bar_left - MARGIN - 70;
    for (i, b) in batches.iter().enumerate() {
        let top = TOP as i32 + i as i32 * ROW as i32;
        area.draw(&PathElement::new(
            vec![(MARGIN, top), (WIDTH as i32 - MARGIN, top)],
            MUTED.mix(0.3),
        ))?;
        draw_text(
            &area,
            &b.policy,
            (MARGIN, top + 10),
            &("sans-serif", 26).into_font().color(&TEXT),
        )?;
        let mut rows: Vec<(String, &Rates)> = vec![("all games".to_string(), &b.overall)];
        rows.extend(
            b.by_disposition
                .iter()
                .map(|(ty, r)| (ty.replace('_', " "), r)),
        );
        let bar_h = ((ROW as i32 - 16) / rows.len() as i32).max(8);
        for (j, (name, r)) in rows.iter().enumerate() {
            let y = top + 8 + j as i32 * bar_h;
            draw_text(
                &area,
                &format!("{name} ({})", r.runs),
                (MARGIN + NAMES, y + 2),
                &("sans-serif", 17).into_font().color(&MUTED),
            )?;
            let mut left = bar_left;
            let shares = [(r.win_rate, GOOD), (r.loss_rate, GREY), (r.war_rate, BAD)];
            for (k, (share, colour)) in shares.iter().enumerate() {
                let w = if k == shares.len() - 1 {
                    bar_left + (bar_width as f64 * (r.win_rate + r.loss_rate + r.war_rate)) as i32
                        - left
                } else {
                    (bar_width as f64 * share).round() as i32
                };
                if w > 0 {
                    area.draw(&Rectangle::new(
                        [(left, y + 2), (left + w, y + bar_h - 3)],
                        colour.filled(),
                    ))?;
                }
                left += w.max(0);
            }
            draw_text(
                &area,
                &win_label(r.win_rate),
                (bar_left + bar_width + 10, y + 2),
                &("sans-serif", 17).into_font().color(&GOOD),
            )?;
        }
    }
    area.present()?;
    Ok(())
}

/// A win rate as the chart labels it: whole per cents, but one decimal where rounding would
/// say "0%" or "100%" of a rate that is neither.
fn win_label(rate: f64) -> String {
    let pct = rate * 100.0;
    if (pct > 0.0 && pct < 0.5) || (99.5..100.0).contains(&pct) {
        // Kept off the ends: a rate that is neither never shows as 0.0% or 100.0%.
        let shown = ((pct * 10.0).round() / 10.0).clamp(0.1, 99.9);
        format!("{shown:.1}%")
    } else {
        format!("{pct:.0}%")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_rate_near_its_ends_keeps_a_decimal() {
        assert_eq!(super::win_label(0.997), "99.7%");
        assert_eq!(super::win_label(1.0), "100%");
        assert_eq!(super::win_label(0.003), "0.3%");
        assert_eq!(super::win_label(0.0), "0%");
        assert_eq!(super::win_label(0.42), "42%");
        assert_eq!(super::win_label(0.9996), "99.9%");
        assert_eq!(super::win_label(0.0004), "0.1%");
    }
}
