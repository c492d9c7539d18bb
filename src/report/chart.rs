//! The report's chart as a PNG, drawn with plotters on a bitmap and encoded with `png`: a bar
//! per turn for the game (coloured by the move's family, grey for holding course), dots for
//! Pyongyang's provocations and openings, the ladder's rungs as bands, and the level's real
//! history (the designers' reading) as a violet line; a tension scale on the left, the rungs'
//! names on the right and the turn numbers below, so the picture reads on its own (the page
//! around it gives the legend of the colours).

use super::Rewind;
use crate::rules::{Family, Scenario};
use crate::sim::Game;
use crate::sim::calendar::place_in_turn;
use crate::sim::story::{Tone, tone};
use plotters::prelude::*;

pub const WIDTH: u32 = 960;
pub const HEIGHT: u32 = 352;

pub(crate) const BACKGROUND: RGBColor = RGBColor(14, 21, 29);
/// The real history's line: apart from every family's colour, as the debrief's chart draws it.
pub(crate) const HISTORY: RGBColor = RGBColor(185, 140, 255);
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

/// How far the rungs' names are mixed toward white from their rung's colour: far enough to
/// read on the dark picture, and, once the handout's print filter has inverted it, on paper
/// too (mixed a third of the way, The brink printed a pale red).
const RUNG_NAME_LIGHTEN: f64 = 0.6;

/// `c` mixed toward white by `amount`.
fn lighter(c: RGBColor, amount: f64) -> RGBColor {
    let mix = |a: u8| (a as f64 + (255.0 - a as f64) * amount).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// What drawing on the bitmap can fail with.
pub(crate) type DrawError =
    DrawingAreaErrorKind<<BitMapBackend<'static> as plotters::backend::DrawingBackend>::ErrorType>;

/// The chart as PNG bytes; a what-if's (`rewound`) also draws the game before the rewind, as
/// the debrief's chart does, when the log kept its tension.
pub fn png(sc: &Scenario, game: &Game, rewound: Option<&Rewind>) -> Result<Vec<u8>, String> {
    encode(WIDTH, HEIGHT, &bitmap(sc, game, rewound, 1.0)?)
}

/// The chart as `png` draws it, and the same for paper (the handout): the paper's picture is
/// less its key row, which printed at five points on an A4 page (the page gives the key in its
/// own type), on pure black, so the print filter's inversion leaves white paper rather than a
/// tint, and drawn with its text `PAPER_TEXT` times larger: the page prints the picture 54 mm
/// high, where the screen's 14-pixel labels came out at about six points.
pub fn png_for_screen_and_paper(
    sc: &Scenario,
    game: &Game,
    rewound: Option<&Rewind>,
) -> Result<(Vec<u8>, Vec<u8>), String> {
    let screen = bitmap(sc, game, rewound, 1.0)?;
    let paper = bitmap(sc, game, rewound, PAPER_TEXT)?;
    Ok((encode(WIDTH, HEIGHT, &screen)?, for_paper(paper)?))
}

/// How much larger the paper picture's text is than the screen's: its labels print at about
/// eight points.
pub const PAPER_TEXT: f64 = 1.3;

/// The screen's font size of the chart's labels, in pixels, before any `text` scale.
const LABEL: f64 = 14.0;

/// A label's font at `text` times the screen's size.
fn label_font(text: f64) -> plotters::style::FontDesc<'static> {
    ("sans-serif", LABEL * text).into_font()
}

/// The chart drawn on an RGB bitmap of `WIDTH` × `HEIGHT`, its text `text` times the screen's.
fn bitmap(
    sc: &Scenario,
    game: &Game,
    rewound: Option<&Rewind>,
    text: f64,
) -> Result<Vec<u8>, String> {
    register_the_font()?;
    let mut rgb = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
    draw(sc, game, &mut rgb, text).map_err(|e| format!("could not draw the chart: {e}"))?;
    if let Some(r) = rewound.filter(|r| draws_original(Some(r))) {
        draw_original(sc, r, &mut rgb, text)
            .map_err(|e| format!("could not draw the chart: {e}"))?;
    }
    Ok(rgb)
}

/// The bitmap as paper's PNG: black where the background was, cut under the turn numbers.
fn for_paper(mut rgb: Vec<u8>) -> Result<Vec<u8>, String> {
    let background = [BACKGROUND.0, BACKGROUND.1, BACKGROUND.2];
    for pixel in rgb.chunks_exact_mut(3) {
        if pixel == background {
            pixel.copy_from_slice(&[0, 0, 0]);
        }
    }
    let rows = PAPER_HEIGHT as usize;
    encode(WIDTH, PAPER_HEIGHT, &rgb[..rows * WIDTH as usize * 3])
}

/// The paper chart's height: down to just under the turn numbers.
pub const PAPER_HEIGHT: u32 = (KEY_TOP - 4) as u32;

/// A colour as the chart draws a bar of it (over the dark background), for a page's key.
pub fn bar_swatch(c: RGBColor) -> String {
    let c = over_background(c, 0.85);
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// A colour as the chart draws it, with no mixing (the line and the dots), for a page's key.
pub fn swatch(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// Whether the chart of a what-if draws the game before the rewind beside it (so the page's
/// key names its line).
pub fn draws_original(rewound: Option<&Rewind>) -> bool {
    rewound.is_some_and(|r| !r.original_tension.is_empty())
}

/// The colour of the game before the rewind: white, as on the debrief's chart.
pub(crate) const ORIGINAL: RGBColor = RGBColor(236, 240, 245);

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

/// The plot's edges inside the picture: room on the left for the tension scale, on the right
/// for the rungs' names, and below for the turn numbers.
const PLOT_LEFT: i32 = 44;
/// The room right of the plot for the rungs' names, at the screen's text size.
const RUNG_ROOM: f64 = 190.0;
const PLOT_TOP: i32 = 12;
const PLOT_BOTTOM: i32 = HEIGHT as i32 - 52;
/// The key's row, under the turn numbers: the picture is projected or printed on its own too.
const KEY_TOP: i32 = HEIGHT as i32 - 20;
const AXIS: RGBColor = RGBColor(147, 164, 184);
/// The key's words: lighter than the axis's, as a reader looks for them on a projected chart.
const KEY_TEXT: RGBColor = RGBColor(214, 222, 232);

/// The plot's right edge, leaving room for the rungs' names at `text` times the screen's size.
fn plot_right(text: f64) -> i32 {
    WIDTH as i32 - (RUNG_ROOM * text).round() as i32
}

/// The plot's left edge and the width of one turn's column, for a level of `sc`'s length.
fn turn_columns(sc: &Scenario, text: f64) -> (f64, f64) {
    let (left, right) = (PLOT_LEFT as f64, plot_right(text) as f64);
    (left, (right - left) / sc.def.turns.max(1) as f64)
}

/// The height in the picture of a tension (0 to 100).
fn plot_y(t: f32) -> i32 {
    let (top, bottom) = (PLOT_TOP as f64, PLOT_BOTTOM as f64);
    (bottom - (bottom - top) * t.clamp(0.0, 100.0) as f64 / 100.0).round() as i32
}

/// Where the rungs' names go: for each rung (by its index, the ladder climbing) whose name
/// fits, the top of its `line`-high name, centred on its band's `middles` where it can be and
/// moved down, clear of the name above it, where a band is thinner than a line. A name that
/// would end below `bottom` (a mod's ladder of many thin rungs) is left out.
fn rung_name_tops(middles: &[i32], line: i32, bottom: i32) -> Vec<(usize, i32)> {
    let mut tops = Vec::new();
    let mut free_from = i32::MIN;
    // From the top rung down: the picture's y grows downwards.
    for (i, middle) in middles.iter().enumerate().rev() {
        let top = (middle - line / 2).max(free_from);
        if top + line > bottom {
            continue;
        }
        tops.push((i, top));
        free_from = top + line;
    }
    tops
}

/// The picture's ground, shared by the report's chart and the class's: the background, the
/// ladder's rungs as bands with their names on the right, the tension scale, the axes and the
/// turn numbers. Returns the plot's left edge and the width of a turn's column.
fn draw_frame(
    root: &DrawingArea<BitMapBackend, plotters::coord::Shift>,
    sc: &Scenario,
    text: f64,
) -> Result<(f64, f64), DrawError> {
    root.fill(&BACKGROUND)?;
    let rules = &sc.rules;
    let y = plot_y;
    let turns = sc.def.turns.max(1);
    let (left, step) = turn_columns(sc, text);
    let plot_right = plot_right(text);
    let small = label_font(text).color(&AXIS);
    // Half a label's height, to centre one on a line.
    let half = (LABEL * text / 2.0).round() as i32;
    let n = rules.rungs.len();
    let upper = |i: usize| rules.rungs.get(i + 1).map(|x| x.from).unwrap_or(100.0);
    for (i, r) in rules.rungs.iter().enumerate() {
        let band = over_background(rung_color(i, n), 0.12);
        root.draw(&Rectangle::new(
            [(PLOT_LEFT, y(upper(i))), (plot_right, y(r.from))],
            band.filled(),
        ))?;
    }
    // Every rung's name beside its band, in its colour; a thin band's (War's, two points of
    // tension) moved clear of its neighbours' rather than left out.
    let middles: Vec<i32> = (0..n)
        .map(|i| (y(rules.rungs[i].from) + y(upper(i))) / 2)
        .collect();
    let line = 2 * half + 2;
    for (i, top) in rung_name_tops(&middles, line, PLOT_BOTTOM + half) {
        let name = label_font(text).color(&lighter(rung_color(i, n), RUNG_NAME_LIGHTEN));
        draw_text(root, &rules.rungs[i].name, (plot_right + 8, top), &name)?;
    }
    // The tension scale: 0 to 100, a tick every 25.
    for t in [0.0f32, 25.0, 50.0, 75.0, 100.0] {
        root.draw(&PathElement::new(
            vec![(PLOT_LEFT - 5, y(t)), (PLOT_LEFT, y(t))],
            AXIS.stroke_width(1),
        ))?;
        // Right-aligned against the tick.
        let label = format!("{t:.0}");
        let (width, _) = root.estimate_text_size(&label, &small)?;
        let at = (PLOT_LEFT - 8 - width as i32, y(t) - half);
        draw_text(root, &label, at, &small)?;
    }
    root.draw(&PathElement::new(
        vec![
            (PLOT_LEFT, PLOT_TOP),
            (PLOT_LEFT, PLOT_BOTTOM),
            (plot_right, PLOT_BOTTOM),
        ],
        AXIS.stroke_width(1),
    ))?;
    // The turn numbers' row is named at its start (the page's heading says the chart is tension
    // per turn, and the rungs beside the plot name the tension's levels).
    draw_text(root, "turn", (4, PLOT_BOTTOM + 8), &small)?;
    // The turn numbers under their bars: every one when they fit, else every other.
    let every = if step >= 24.0 { 1 } else { 2 };
    for turn in (1..=turns).filter(|t| (t - 1) % every == 0) {
        let x = left + (turn as f64 - 0.5) * step;
        let label = turn.to_string();
        let (width, _) = root.estimate_text_size(&label, &small)?;
        let at = (x as i32 - width as i32 / 2, PLOT_BOTTOM + 8);
        draw_text(root, &label, at, &small)?;
    }
    Ok((left, step))
}

fn draw(sc: &Scenario, game: &Game, rgb: &mut [u8], text: f64) -> Result<(), DrawError> {
    let root = BitMapBackend::with_buffer(rgb, (WIDTH, HEIGHT)).into_drawing_area();
    let rules = &sc.rules;
    let y = plot_y;
    let (left, step) = draw_frame(&root, sc, text)?;
    for rec in &game.log {
        let x = left + (rec.turn as f64 - 1.0) * step;
        // Both teams' moves played: the bar in two halves, the first move's on the left.
        let parts: Vec<u16> = std::iter::once(rec.taken).chain(rec.also).collect();
        let part = step * 0.6 / parts.len() as f64;
        for (k, a) in parts.iter().enumerate() {
            let action = &sc.actions[*a as usize];
            let color = if action.neutral {
                GREY
            } else {
                family_color(action.family)
            };
            let x0 = x + step * 0.2 + k as f64 * part;
            // The turn at its height before it faded, as the score counts it: a pale cap.
            let height = rec.tension_height.max(rec.tension_after);
            if y(height) < y(rec.tension_after) {
                root.draw(&Rectangle::new(
                    [
                        (x0 as i32, y(height)),
                        ((x0 + part) as i32, y(rec.tension_after)),
                    ],
                    over_background(color, 0.3).filled(),
                ))?;
            }
            root.draw(&Rectangle::new(
                [
                    (x0 as i32, y(rec.tension_after)),
                    ((x0 + part) as i32, PLOT_BOTTOM),
                ],
                over_background(color, 0.85).filled(),
            ))?;
        }
        if let Some(d) = rec.pyongyang {
            let dot = match tone(sc, rules.pyongyang.responses[d.response as usize].tags) {
                Tone::Provocation => Some(BAD),
                Tone::Engagement => Some(GOOD),
                Tone::Neutral => None,
            };
            if let Some(c) = dot {
                let centre = ((x + step / 2.0) as i32, y(rec.tension_after) - 10);
                // A ring of the ground's colour: a red dot on a show of force's red bar was lost.
                root.draw(&Circle::new(centre, 7, BACKGROUND.filled()))?;
                root.draw(&Circle::new(centre, 5, c.filled()))?;
            }
        }
    }
    draw_history(&root, sc, left, step)?;
    draw_key(&root, !sc.def.history.is_empty())?;
    root.present()?;
    Ok(())
}

/// The level's real history (the designers' reading) as a violet line with dots, each event
/// placed within its turn by its date, as on the debrief's chart.
fn draw_history(
    root: &DrawingArea<BitMapBackend, plotters::coord::Shift>,
    sc: &Scenario,
    left: f64,
    step: f64,
) -> Result<(), DrawError> {
    let y = plot_y;
    let history: Vec<(i32, i32)> = sc
        .def
        .history
        .iter()
        .filter_map(|e| {
            // Placed within its turn by its date, as on the debrief's chart.
            let cal = &sc.def.calendar;
            let within = place_in_turn(cal.start, cal.days_per_turn, e.turn, &e.date) as f64;
            e.tension
                .map(|t| ((left + (e.turn as f64 - 1.0 + within) * step) as i32, y(t)))
        })
        .collect();
    root.draw(&PathElement::new(
        history.clone(),
        ShapeStyle {
            color: HISTORY.to_rgba(),
            filled: false,
            stroke_width: 3,
        },
    ))?;
    for p in history {
        root.draw(&Circle::new(p, 4, HISTORY.filled()))?;
    }
    Ok(())
}

/// One row under the plot that says what its colours are, as the page's key does: a chart
/// projected or printed without its page keeps its meaning.
/// `history`: the level has a reading of the real history, drawn as a line (a fictional level
/// has none, and its key does not name it).
fn draw_key(
    root: &DrawingArea<BitMapBackend, plotters::coord::Shift>,
    history: bool,
) -> Result<(), DrawError> {
    enum Mark {
        Bar(RGBColor),
        Line,
        Dot(RGBColor),
    }
    let items = [
        (
            Mark::Bar(family_color(Family::ShowOfForce)),
            "show of force",
        ),
        (Mark::Bar(family_color(Family::Restraint)), "restraint"),
        (
            Mark::Bar(family_color(Family::BeijingOutreach)),
            "outreach to Beijing",
        ),
        (
            Mark::Bar(family_color(Family::DirectDiplomacy)),
            "direct diplomacy",
        ),
        (Mark::Bar(GREY), "held course"),
        (Mark::Line, "the designers' reading of history"),
        (Mark::Dot(BAD), "Pyongyang provoked"),
        (Mark::Dot(GOOD), "engaged"),
    ];
    let font = ("sans-serif", 13).into_font().color(&KEY_TEXT);
    let middle = KEY_TOP + 7;
    let mut x = 4;
    for (mark, text) in items {
        if matches!(mark, Mark::Line) && !history {
            continue;
        }
        match mark {
            Mark::Bar(c) => root.draw(&Rectangle::new(
                [(x, middle - 5), (x + 10, middle + 5)],
                over_background(c, 0.85).filled(),
            ))?,
            Mark::Line => {
                root.draw(&PathElement::new(
                    vec![(x - 2, middle), (x + 14, middle)],
                    HISTORY.stroke_width(3),
                ))?;
                root.draw(&Circle::new((x + 6, middle), 4, HISTORY.filled()))?;
            }
            Mark::Dot(c) => root.draw(&Circle::new((x + 5, middle), 5, c.filled()))?,
        }
        x += 17;
        draw_text(root, text, (x, KEY_TOP + 1), &font)?;
        let (width, _) = root.estimate_text_size(text, &font)?;
        x += width as i32 + 14;
    }
    Ok(())
}

/// The game before the rewind over the what-if's bars: its tension as a line with dots, and a
/// marker at the start of the turn the game was rewound to.
fn draw_original(sc: &Scenario, r: &Rewind, rgb: &mut [u8], text: f64) -> Result<(), DrawError> {
    let root = BitMapBackend::with_buffer(rgb, (WIDTH, HEIGHT)).into_drawing_area();
    let y = plot_y;
    let turns = sc.def.turns.max(1);
    let (left, step) = turn_columns(sc, text);
    let x = (left + (r.turn.saturating_sub(1)) as f64 * step).round() as i32;
    root.draw(&PathElement::new(
        vec![(x, PLOT_TOP), (x, PLOT_BOTTOM)],
        over_background(ORIGINAL, 0.6).stroke_width(2),
    ))?;
    // The marker's note right of it, or left of it on a late turn, where it would run into
    // the rungs' names. It names the white line too: the key row under the plot has no room
    // left, and a picture projected on its own must still say what the line is.
    let note = format!(
        "rewound to turn {}; the white line: the game before it",
        r.turn
    );
    let font = label_font(text).color(&ORIGINAL);
    let (width, _) = root.estimate_text_size(&note, &font)?;
    let width = width as i32;
    let at = if x + 6 + width > plot_right(text) {
        (x - 6 - width, PLOT_TOP + 2)
    } else {
        (x + 6, PLOT_TOP + 2)
    };
    draw_text(&root, &note, at, &font)?;
    let points: Vec<(i32, i32)> = r
        .original_tension
        .iter()
        .enumerate()
        .take(turns as usize)
        .map(|(i, t)| ((left + (i as f64 + 0.5) * step) as i32, y(*t)))
        .collect();
    root.draw(&PathElement::new(points.clone(), ORIGINAL.stroke_width(2)))?;
    for p in points {
        root.draw(&Circle::new(p, 3, ORIGINAL.filled()))?;
    }
    root.present()?;
    Ok(())
}

/// The class page's colours for its groups' lines, apart from one another on the dark ground,
/// from the history's violet and from the rungs' bands. Groups 11 to 20 take them again on
/// dashed lines, 21 on in squares' dots; the number at each line's end tells them apart too.
pub const GROUP_COLORS: [RGBColor; 10] = [
    RGBColor(102, 178, 255),
    RGBColor(255, 159, 64),
    RGBColor(89, 211, 148),
    RGBColor(255, 99, 132),
    RGBColor(255, 221, 87),
    RGBColor(72, 219, 251),
    RGBColor(255, 145, 220),
    RGBColor(170, 210, 90),
    RGBColor(210, 170, 130),
    RGBColor(236, 240, 245),
];

/// The colour of the class page's group number `n` (from 1).
pub fn group_color(n: usize) -> RGBColor {
    GROUP_COLORS[n.saturating_sub(1) % GROUP_COLORS.len()]
}

/// One line on the class chart: the groups whose games it draws (their numbers from 1, as the
/// page's table numbers them: several when their games' tension was the same every turn) and
/// that tension, as the game opened and after each turn played.
pub struct GroupLine {
    pub numbers: Vec<usize>,
    pub tension: Vec<f32>,
}

/// The class page's chart as PNG bytes: on the report chart's ground (the rungs, the scale,
/// the turns), one line per group, in its colour and numbered at its end ("3 = 6" where two
/// games ran the same), and the level's real history in violet; a key row under the plot says
/// so, for the picture projected alone.
pub fn class_png(sc: &Scenario, groups: &[GroupLine]) -> Result<Vec<u8>, String> {
    register_the_font()?;
    let mut rgb = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
    draw_class(sc, groups, &mut rgb).map_err(|e| format!("could not draw the chart: {e}"))?;
    encode(WIDTH, HEIGHT, &rgb)
}

/// The heights of labels wanted at `wanted` (in the picture's pixels), moved apart so that no
/// two labels at the same `x` overlap, each as near its line's end as the others let it.
fn spread_labels(wanted: &[(i32, i32)], gap: i32) -> Vec<i32> {
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    order.sort_by_key(|&i| (wanted[i].0, wanted[i].1, i));
    let mut at: Vec<i32> = wanted.iter().map(|w| w.1).collect();
    // Walk each column of labels down, pushing each below the one above it.
    let mut k = 0;
    while k < order.len() {
        let x = wanted[order[k]].0;
        let column: Vec<usize> = order[k..]
            .iter()
            .copied()
            .take_while(|&i| (wanted[i].0 - x).abs() < 24)
            .collect();
        let mut last = i32::MIN;
        for &i in &column {
            at[i] = at[i].max(last.saturating_add(gap));
            last = at[i];
        }
        // Lifted back up as a block if the column ran past the plot's foot.
        let overflow = last - (PLOT_BOTTOM - gap / 2);
        if overflow > 0 {
            for &i in &column {
                at[i] -= overflow;
            }
        }
        k += column.len();
    }
    at
}

fn draw_class(sc: &Scenario, groups: &[GroupLine], rgb: &mut [u8]) -> Result<(), DrawError> {
    let root = BitMapBackend::with_buffer(rgb, (WIDTH, HEIGHT)).into_drawing_area();
    let (left, step) = draw_frame(&root, sc, 1.0)?;
    draw_history(&root, sc, left, step)?;
    // The turn's start for the opening tension, then each turn's middle, as the report's bars
    // stand.
    let at = |i: usize, t: f32| {
        let x = if i == 0 {
            left
        } else {
            left + (i as f64 - 0.5) * step
        };
        (x.round() as i32, plot_y(t))
    };
    let font = ("sans-serif", 13).into_font();
    let mut ends = Vec::new();
    for g in groups {
        let first = g.numbers.first().copied().unwrap_or(1);
        let color = group_color(first);
        let points: Vec<(i32, i32)> = g
            .tension
            .iter()
            .enumerate()
            .map(|(i, t)| at(i, *t))
            .collect();
        let style = color.stroke_width(2);
        if (first - 1) / GROUP_COLORS.len() % 2 == 1 {
            root.draw(&plotters::element::DashedPathElement::new(
                points.clone(),
                6,
                4,
                style,
            ))?;
        } else {
            root.draw(&PathElement::new(points.clone(), style))?;
        }
        // Each turn's point; the opening one only for a game that ended before its first turn,
        // where it is all the line there is.
        let marked = if points.len() == 1 { 0 } else { 1 };
        for p in points.iter().skip(marked) {
            if (first - 1) / GROUP_COLORS.len() >= 2 {
                root.draw(&Rectangle::new(
                    [(p.0 - 3, p.1 - 3), (p.0 + 3, p.1 + 3)],
                    color.filled(),
                ))?;
            } else {
                root.draw(&Circle::new(*p, 3, color.filled()))?;
            }
        }
        if let Some(&end) = points.last() {
            ends.push((end, first, g.numbers.clone()));
        }
    }
    let heights = spread_labels(
        &ends
            .iter()
            .map(|((x, y), _, _)| (*x, *y - 7))
            .collect::<Vec<_>>(),
        14,
    );
    for (((x, _), first, numbers), y) in ends.iter().zip(heights) {
        let label = numbers
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(" = ");
        draw_text(&root, &label, (x + 6, y), &font.color(&group_color(*first)))?;
    }
    let key = ("sans-serif", 13).into_font().color(&KEY_TEXT);
    let middle = KEY_TOP + 7;
    let mut x = 4;
    for (i, n) in [1, 2, 3].iter().enumerate() {
        root.draw(&PathElement::new(
            vec![(x + i as i32 * 6, middle), (x + i as i32 * 6 + 5, middle)],
            group_color(*n).stroke_width(3),
        ))?;
    }
    x += 24;
    let text = "each group's tension after every turn, numbered as in the page's table";
    draw_text(&root, text, (x, KEY_TOP + 1), &key)?;
    let (width, _) = root.estimate_text_size(text, &key)?;
    x += width as i32 + 18;
    if !sc.def.history.is_empty() {
        root.draw(&PathElement::new(
            vec![(x - 2, middle), (x + 14, middle)],
            HISTORY.stroke_width(3),
        ))?;
        root.draw(&Circle::new((x + 6, middle), 4, HISTORY.filled()))?;
        draw_text(
            &root,
            "the designers' reading of history",
            (x + 17, KEY_TOP + 1),
            &key,
        )?;
    }
    root.present()?;
    Ok(())
}

static FONT: &[u8] = include_bytes!("../../assets/fonts/FiraSans-Regular.ttf");

/// Draws `text` with its top left at `at`, in `style`'s size and colour, where plotters'
/// `Text` would, but with every letter where the font puts it. Plotters 0.3.7's ab_glyph text
/// drops each glyph's left side bearing, so the letters of a chart's key sat unevenly on a
/// projected page ("Pyon gyang", "en gaged"); here each glyph is outlined at its own pen
/// position, after its advance and kerning, and blended in by its coverage.
pub(crate) fn draw_text(
    area: &DrawingArea<BitMapBackend<'_>, plotters::coord::Shift>,
    text: &str,
    at: (i32, i32),
    style: &TextStyle,
) -> Result<(), DrawError> {
    use ab_glyph::{Font, FontRef, ScaleFont, point};
    let font = FontRef::try_from_slice(FONT).map_err(|_| DrawingAreaErrorKind::LayoutError)?;
    let size = style.font.get_size() as f32;
    let scaled = font.as_scaled(size);
    let colour = style.color;
    let (r, g, b) = colour.rgb;
    let mut pen = 0f32;
    let mut previous = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(before) = previous {
            pen += scaled.kern(before, id);
        }
        previous = Some(id);
        if let Some(outline) =
            scaled.outline_glyph(id.with_scale_and_position(size, point(pen, 0.0)))
        {
            let bounds = outline.px_bounds();
            // The same line as plotters' own (its top at half the size above the baseline).
            let (left, top) = (bounds.min.x as i32, (size / 2.0 + bounds.min.y) as i32);
            let mut pixels = Vec::new();
            outline.draw(|x, y, coverage| {
                if coverage > 0.0 {
                    pixels.push((left + x as i32, top + y as i32, coverage));
                }
            });
            for (x, y, coverage) in pixels {
                let alpha = colour.alpha * f64::from(coverage.min(1.0));
                area.draw_pixel((at.0 + x, at.1 + y), &RGBAColor(r, g, b, alpha))?;
            }
        }
        pen += scaled.h_advance(id);
    }
    Ok(())
}

/// Makes the Fira Sans font shipped in `assets/fonts/` (SIL Open Font License), compiled into
/// the program, the charts' "sans-serif", so nothing is looked up on the machine.
pub(crate) fn register_the_font() -> Result<(), String> {
    plotters::style::register_font("sans-serif", FontStyle::Normal, FONT)
        .map_err(|_| "the charts' font could not be read".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The picture carries its own key under the plot, so a chart projected or printed without
    /// its page still says what its colours are: every family's bar colour, grey, the history's
    /// line and both dots are drawn in the key's row, which nothing else reaches.
    #[test]
    fn the_picture_carries_its_key() {
        let data = crate::rules::load_data(std::path::Path::new(env!("CARGO_MANIFEST_DIR")))
            .expect("shipped data");
        let sc = data
            .level("sandbox")
            .and_then(|l| l.scenario())
            .expect("sandbox");
        let game = crate::sim::Game::new(sc, 1);
        let png = png(sc, &game, None).expect("drawn");
        let decoder = ::png::Decoder::new(std::io::Cursor::new(png));
        let mut reader = decoder.read_info().expect("a png");
        let mut rgb = vec![0; reader.output_buffer_size().expect("size")];
        let info = reader.next_frame(&mut rgb).expect("a frame");
        assert_eq!((info.width, info.height), (WIDTH, HEIGHT));
        // Every pixel of the rows from `top` to `bottom`.
        let pixels = |top: u32, bottom: u32| -> Vec<[u8; 3]> {
            rgb[(top * WIDTH * 3) as usize..(bottom * WIDTH * 3) as usize]
                .chunks(3)
                .map(|p| [p[0], p[1], p[2]])
                .collect()
        };
        let key = pixels(KEY_TOP as u32, HEIGHT);
        let has = |c: RGBColor| key.contains(&[c.0, c.1, c.2]);
        for f in Family::ALL {
            assert!(
                has(over_background(family_color(f), 0.85)),
                "{f:?}'s swatch"
            );
        }
        for (what, c) in [
            ("held course", over_background(GREY, 0.85)),
            ("the provoked dot", BAD),
            ("the engaged dot", GOOD),
        ] {
            assert!(has(c), "{what}");
        }
        // The sandbox is fiction: no line of history is drawn, so the key names none.
        assert!(!has(HISTORY), "the sandbox's key names no history line");
        // A game not yet played draws no bar and no dot over the plot: the key alone has them.
        let plot = pixels(PLOT_TOP as u32, PLOT_BOTTOM as u32);
        assert!(!plot.contains(&[BAD.0, BAD.1, BAD.2]));
        // A historical level's key names its line of history.
        let sc = data
            .level("2017_fire_and_fury")
            .and_then(|l| l.scenario())
            .expect("2017");
        let bytes = super::png(sc, &crate::sim::Game::new(sc, 1), None).expect("drawn");
        let mut reader = ::png::Decoder::new(std::io::Cursor::new(bytes))
            .read_info()
            .expect("a png");
        let mut rgb = vec![0; reader.output_buffer_size().expect("size")];
        reader.next_frame(&mut rgb).expect("a frame");
        let key = &rgb[(KEY_TOP as u32 * WIDTH * 3) as usize..];
        assert!(
            key.chunks(3)
                .any(|p| p == [HISTORY.0, HISTORY.1, HISTORY.2]),
            "the history's line in 2017's key"
        );
    }

    /// The handout's picture: the plot and the turn numbers as on screen, less the key row
    /// (the page gives it in its own type), on black, which the print filter turns to white
    /// paper; the page's swatches are the colours the bars are drawn in.
    #[test]
    fn the_paper_picture_leaves_its_key_to_the_page_and_prints_on_white() {
        let data = crate::rules::load_data(std::path::Path::new(env!("CARGO_MANIFEST_DIR")))
            .expect("shipped data");
        let sc = data
            .level("2013_third_test")
            .and_then(|l| l.scenario())
            .expect("2013");
        let game = crate::sim::Game::new(sc, 1);
        let decode = |png: Vec<u8>| {
            let decoder = ::png::Decoder::new(std::io::Cursor::new(png));
            let mut reader = decoder.read_info().expect("a png");
            let mut rgb = vec![0; reader.output_buffer_size().expect("size")];
            let info = reader.next_frame(&mut rgb).expect("a frame");
            (info.width, info.height, rgb)
        };
        let (screen, paper) = png_for_screen_and_paper(sc, &game, None).expect("drawn");
        let (w, h, paper) = decode(paper);
        assert_eq!((w, h), (WIDTH, PAPER_HEIGHT));
        assert!(
            PAPER_HEIGHT as i32 > PLOT_BOTTOM + 20,
            "the turn numbers stay"
        );
        assert_eq!(
            screen,
            png(sc, &game, None).expect("drawn"),
            "as `png` draws it"
        );
        let (_, _, screen) = decode(screen);
        let pixels = |rgb: &[u8]| -> Vec<[u8; 3]> {
            rgb[..(PAPER_HEIGHT * WIDTH * 3) as usize]
                .chunks(3)
                .map(|p| [p[0], p[1], p[2]])
                .collect()
        };
        // The paper's picture is the chart drawn with its text larger, its background black.
        let drawn = bitmap(sc, &game, None, PAPER_TEXT).expect("drawn");
        let (paper, screen, drawn) = (pixels(&paper), pixels(&screen), pixels(&drawn));
        let dark = [BACKGROUND.0, BACKGROUND.1, BACKGROUND.2];
        assert!(!paper.contains(&dark), "no background tint left");
        for (p, d) in paper.iter().zip(&drawn) {
            if *d == dark {
                assert_eq!(*p, [0, 0, 0]);
            } else {
                assert_eq!(p, d, "everything else as drawn");
            }
        }
        // Its labels are larger: the tension scale, left of the plot, covers more of the
        // picture than the screen's (printed 54 mm high, the screen's came out at six points).
        let inked = |rgb: &[[u8; 3]], blank: [u8; 3]| {
            rgb.iter()
                .enumerate()
                .filter(|(i, p)| (*i as u32 % WIDTH) < PLOT_LEFT as u32 - 8 && **p != blank)
                .count()
        };
        let (on_paper, on_screen) = (inked(&paper, [0, 0, 0]), inked(&screen, dark));
        assert!(
            on_paper as f64 > on_screen as f64 * PAPER_TEXT,
            "paper {on_paper} against screen {on_screen}"
        );
        assert_eq!(bar_swatch(family_color(Family::Restraint)), {
            let c = over_background(family_color(Family::Restraint), 0.85);
            format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
        });
    }

    /// WCAG's contrast ratio of two colours.
    fn contrast(a: RGBColor, b: RGBColor) -> f64 {
        let luminance = |c: RGBColor| {
            let linear = |v: u8| {
                let v = v as f64 / 255.0;
                if v <= 0.04045 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * linear(c.0) + 0.7152 * linear(c.1) + 0.0722 * linear(c.2)
        };
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    /// A colour as the handout prints it: through its filter, `invert(1) hue-rotate(180deg)`
    /// (the CSS filter's matrix for a turn of 180 degrees, on sRGB values).
    fn printed(c: RGBColor) -> RGBColor {
        let [r, g, b] = [255 - c.0, 255 - c.1, 255 - c.2].map(|v| v as f64);
        let channel =
            |k: [f64; 3]| (k[0] * r + k[1] * g + k[2] * b).round().clamp(0.0, 255.0) as u8;
        RGBColor(
            channel([-0.574, 1.43, 0.144]),
            channel([0.426, 0.43, 0.144]),
            channel([0.426, 1.43, -0.856]),
        )
    }

    /// Every rung's name has a place, the thin War band's included, and no two overlap.
    #[test]
    fn every_rungs_name_is_shown_without_overlapping() {
        let middles: Vec<i32> = [(0.0, 20.0), (20.0, 35.0), (80.0, 98.0), (98.0, 100.0)]
            .iter()
            .map(|&(from, to)| (plot_y(from) + plot_y(to)) / 2)
            .collect();
        let line = 16;
        let tops = rung_name_tops(&middles, line, PLOT_BOTTOM + 8);
        assert_eq!(tops.len(), 4, "{tops:?}");
        for pair in tops.windows(2) {
            assert!(pair[1].1 >= pair[0].1 + line, "overlap: {tops:?}");
        }
        // A name whose band holds it stays centred on it.
        assert_eq!(tops[3], (0, middles[0] - line / 2));
        // Many thin rungs: the names that do not fit are left out, not drawn off the plot.
        let crowded: Vec<i32> = (0..40).map(|i| plot_y(i as f32 * 2.5)).collect();
        let tops = rung_name_tops(&crowded, line, PLOT_BOTTOM + 8);
        assert!(tops.len() < 40 && tops.iter().all(|&(_, t)| t + line <= PLOT_BOTTOM + 8));
    }

    /// Every rung's name reads as body text should (a contrast of 4.5 or more): on the dark
    /// picture, and on the handout, whose print filter turns the picture's background pale.
    #[test]
    fn the_rungs_names_read_on_screen_and_on_paper() {
        for rung in RUNGS {
            let name = lighter(rung, RUNG_NAME_LIGHTEN);
            let screen = contrast(name, BACKGROUND);
            let paper = contrast(printed(name), printed(BACKGROUND));
            assert!(screen >= 4.5, "{rung:?} on screen: {screen:.2}");
            assert!(paper >= 4.5, "{rung:?} on paper: {paper:.2}");
        }
    }

    /// The exported chart's history line is not the colour of any family's bars.
    #[test]
    fn the_history_line_is_no_familys_colour() {
        let channel = |c: RGBColor| [c.0 as f32, c.1 as f32, c.2 as f32];
        for f in Family::ALL {
            let (a, b) = (channel(HISTORY), channel(family_color(f)));
            let d = a
                .iter()
                .zip(b)
                .map(|(x, y)| (x - y).powi(2))
                .sum::<f32>()
                .sqrt();
            assert!(d > 80.0, "{f:?}: {d}");
        }
    }

    /// Groups whose lines end at the same place have their numbers set one under another, each
    /// a line apart, none pushed below the plot; a label alone stays where its line ends.
    #[test]
    fn the_class_charts_end_labels_never_overlap() {
        let x = 700;
        let wanted = [
            (x, 100),
            (x, 100),
            (x, 104),
            (x, PLOT_BOTTOM - 2),
            (300, 100),
        ];
        let at = spread_labels(&wanted, 14);
        let mut column: Vec<i32> = at[..4].to_vec();
        column.sort();
        for pair in column.windows(2) {
            assert!(pair[1] - pair[0] >= 14, "{at:?}");
        }
        assert!(column[3] <= PLOT_BOTTOM, "{at:?}");
        assert_eq!(at[4], 100, "a label alone is not moved");
    }
}
