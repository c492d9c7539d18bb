//! The report's chart as a PNG, drawn with plotters on a bitmap and encoded with `png`: a bar
//! per turn for the game (coloured by the move's family, grey for holding course), dots for
//! Pyongyang's provocations and openings, the ladder's rungs as bands, and the level's real
//! history (the designers' reading) as a gold line. It carries no text: the page around it
//! gives the legend, so no font is needed.

use crate::rules::{Family, Scenario};
use crate::sim::Game;
use crate::sim::story::{Tone, tone};
use plotters::prelude::*;

pub const WIDTH: u32 = 960;
pub const HEIGHT: u32 = 300;

pub(crate) const BACKGROUND: RGBColor = RGBColor(14, 21, 29);
pub(crate) const GOLD: RGBColor = RGBColor(240, 178, 60);
pub(crate) const GREY: RGBColor = RGBColor(147, 164, 184);
pub(crate) const BAD: RGBColor = RGBColor(229, 83, 75);
pub(crate) const GOOD: RGBColor = RGBColor(76, 195, 138);
const RUNGS: [RGBColor; 7] = [
    RGBColor(63, 178, 127),
    RGBColor(156, 194, 74),
    RGBColor(227, 196, 65),
    RGBColor(240, 154, 58),
    RGBColor(232, 100, 58),
    RGBColor(212, 55, 55),
    RGBColor(142, 27, 27),
];

/// The colour of each family, as on the dashboard.
pub fn family_color(f: Family) -> RGBColor {
    match f {
        Family::ShowOfForce => RGBColor(229, 99, 75),
        Family::Restraint => RGBColor(68, 176, 138),
        Family::BeijingOutreach => RGBColor(232, 179, 62),
        Family::DirectDiplomacy => RGBColor(90, 168, 230),
    }
}

fn rung_color(i: usize, n: usize) -> RGBColor {
    if n <= 1 {
        return RUNGS[0];
    }
    RUNGS[((i * (RUNGS.len() - 1) + (n - 1) / 2) / (n - 1)).min(RUNGS.len() - 1)]
}

/// Mixes `c` over the background at `alpha` (the bitmap has no transparency).
fn over_background(c: RGBColor, alpha: f64) -> RGBColor {
    let mix = |a: u8, b: u8| (a as f64 * alpha + b as f64 * (1.0 - alpha)).round() as u8;
    RGBColor(
        mix(c.0, BACKGROUND.0),
        mix(c.1, BACKGROUND.1),
        mix(c.2, BACKGROUND.2),
    )
}

/// What drawing on the bitmap can fail with.
pub(crate) type DrawError =
    DrawingAreaErrorKind<<BitMapBackend<'static> as plotters::backend::DrawingBackend>::ErrorType>;

/// The chart as PNG bytes.
pub fn png(sc: &Scenario, game: &Game) -> Result<Vec<u8>, String> {
    let mut rgb = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
    draw(sc, game, &mut rgb).map_err(|e| format!("could not draw the chart: {e}"))?;
    encode(WIDTH, HEIGHT, &rgb)
}

/// Encodes an RGB bitmap of `width` × `height` as PNG bytes.
pub fn encode(width: u32, height: u32, rgb: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder
            .write_header()
            .map_err(|e| format!("could not encode the chart: {e}"))?;
        writer
            .write_image_data(rgb)
            .map_err(|e| format!("could not encode the chart: {e}"))?;
    }
    Ok(out)
}

fn draw(sc: &Scenario, game: &Game, rgb: &mut [u8]) -> Result<(), DrawError> {
    let root = BitMapBackend::with_buffer(rgb, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&BACKGROUND)?;
    let rules = &sc.rules;
    let (w, h) = (WIDTH as f64, HEIGHT as f64);
    let y = |t: f32| (h * (1.0 - t.clamp(0.0, 100.0) as f64 / 100.0)).round() as i32;
    let step = w / sc.def.turns.max(1) as f64;
    let n = rules.rungs.len();
    for (i, r) in rules.rungs.iter().enumerate() {
        let top = rules.rungs.get(i + 1).map(|x| x.from).unwrap_or(100.0);
        let band = over_background(rung_color(i, n), 0.12);
        root.draw(&Rectangle::new(
            [(0, y(top)), (WIDTH as i32, y(r.from))],
            band.filled(),
        ))?;
    }
    for rec in &game.log {
        let x = (rec.turn as f64 - 1.0) * step;
        let action = &sc.actions[rec.taken as usize];
        let color = if action.neutral {
            GREY
        } else {
            family_color(action.family)
        };
        let (x0, x1) = ((x + step * 0.2) as i32, (x + step * 0.8) as i32);
        root.draw(&Rectangle::new(
            [(x0, y(rec.tension_after)), (x1, HEIGHT as i32)],
            over_background(color, 0.85).filled(),
        ))?;
        if let Some(d) = rec.pyongyang {
            let dot = match tone(sc, rules.pyongyang.responses[d.response as usize].tags) {
                Tone::Provocation => Some(BAD),
                Tone::Engagement => Some(GOOD),
                Tone::Neutral => None,
            };
            if let Some(c) = dot {
                let centre = ((x + step / 2.0) as i32, y(rec.tension_after) - 10);
                root.draw(&Circle::new(centre, 5, c.filled()))?;
            }
        }
    }
    let history: Vec<(i32, i32)> = sc
        .def
        .history
        .iter()
        .filter_map(|e| {
            e.tension
                .map(|t| (((e.turn as f64 - 0.5) * step) as i32, y(t)))
        })
        .collect();
    root.draw(&PathElement::new(
        history.clone(),
        ShapeStyle {
            color: GOLD.to_rgba(),
            filled: false,
            stroke_width: 3,
        },
    ))?;
    for p in history {
        root.draw(&Circle::new(p, 4, GOLD.filled()))?;
    }
    root.present()?;
    Ok(())
}
