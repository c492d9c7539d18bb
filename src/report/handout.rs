//! The one-page handout: what a student takes from a game to the discussion, on one printed A4
//! page beside the full report. A line for their name, the outcome and (once the game is over)
//! Pyongyang's hidden disposition, the tension chart, the game's three turning points (the
//! turns after which a way to win was gone, then the turns that moved tension most), and the
//! first discussion questions with room to write. The
//! full report runs to ten pages and more with every "why"; this is the page a teacher copies
//! for the class. Written beside `report.html` as `handout.html`, self-contained as it is.

use super::{Unfinished, esc, esc_rich, reveals_disposition, turns_played};
use crate::rules::{ObjectiveKind, Scenario};
use crate::sim::Game;
use crate::sim::progress::objective_progress;
use crate::sim::story::TurnStory;
use crate::sim::transcript::{closest_win, outcome_text};
use base64::Engine;
use std::fmt::Write;

/// How many turning points and questions the page holds: as many as leave room to write on
/// one A4 page with the chart (CI prints it to PDF in Chromium and counts the pages).
pub const TURNING_POINTS: usize = 3;
pub const QUESTIONS: usize = 3;

/// The page's style, for paper first: black on white on screen as in print, an A4 page with
/// narrow margins, the chart turned light (it is drawn dark for the game) and kept short, and
/// ruled boxes to answer in. In print the page is one A4 page tall, and the answer boxes share
/// whatever room the rest leaves (at least a line each): a game whose turning points run long
/// gets shorter boxes, not a second page holding the last line.
const STYLE: &str = "@page{size:A4;margin:12mm}\
body{font-family:'Peninsula Hangul',system-ui,'Segoe UI','Malgun Gothic','Apple SD Gothic Neo','Noto Sans CJK KR',NanumGothic,sans-serif;background:#fff;color:#111;margin:0 auto;max-width:186mm;\
font-size:10pt;line-height:1.3}h1{font-size:14pt;margin:0 0 1mm}\
h2{font-size:11pt;margin:3mm 0 1mm;border-bottom:1px solid #999}p{margin:1mm 0}\
.name{display:flex;gap:6mm}.name span{flex:1;border-bottom:1px solid #111;min-height:6mm}\
.muted{color:#444}.small{font-size:8.5pt}.win{color:#176b43}.loss{color:#a1231d}\
img{display:block;width:100%;max-height:54mm;object-fit:contain;filter:invert(1) hue-rotate(180deg)}\
.key{font-size:9pt;margin:1mm 0}.key span{white-space:nowrap;margin-right:3mm}\
.sw{display:inline-block;width:3.2mm;height:3.2mm;margin-right:1mm;vertical-align:-0.4mm;\
filter:invert(1) hue-rotate(180deg);-webkit-print-color-adjust:exact;print-color-adjust:exact}\
.sw.line{height:1mm;width:5mm;vertical-align:0.6mm}.sw.dot{border-radius:50%}\
ol{margin:0;padding-left:5mm}li{margin:0 0 1mm}\
.lines{height:19mm;margin:1mm 0 2mm;background:repeating-linear-gradient(#fff 0 6.5mm,#999 6.5mm 6.8mm);\
-webkit-print-color-adjust:exact;print-color-adjust:exact}\
@media print{body{display:flex;flex-direction:column;height:272mm;max-width:none}body>*{flex:none}\
ol.qs{flex:1 1 auto;display:flex;flex-direction:column;min-height:0;list-style:none;\
padding-left:0;counter-reset:q}\
ol.qs>li{flex:1 1 auto;display:flex;flex-direction:column;min-height:0;counter-increment:q}\
ol.qs>li>span::before{content:counter(q) \". \"}\
.lines{height:auto;flex:1 1 0;min-height:6.8mm;max-height:60mm}}";

/// The handout of a game. `chart_png` is the report's chart for paper
/// (`chart::png_for_screen_and_paper`, with no key of its own: the page's key, in 9-point type, has
/// swatches through the same print filter as the picture, so they match its bars on paper);
/// the disposition is named under the same rule as the report's (`reveals_disposition`).
pub fn html(
    sc: &Scenario,
    game: &Game,
    chart_png: &[u8],
    class_code: Option<&str>,
    unfinished: Unfinished,
    rewound: Option<&super::Rewind>,
) -> String {
    let def = &sc.def;
    let s = &game.state;
    let mut out = String::new();
    let title = format!("{} ({})", def.title, def.years);
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Peninsula handout: {}</title><style>{STYLE}</style></head><body>",
        esc(&title)
    );
    let _ = write!(out, "<h1>{}</h1>", esc(&title));
    // Who wrote on it: the group's name when it gave one, else a line to fill in.
    let group = match &game.group {
        Some(g) => format!("Group: <strong>{}</strong>", esc(g)),
        None => "Group:<span></span>".to_string(),
    };
    let _ = write!(out, "<p class=\"name\">Name:<span></span>{group}</p>");
    // A class's game by its code, any other by its seed (not both: with the seed,
    // `class-code` prints the teacher's key).
    let dealt = match class_code {
        Some(c) => format!(" · class code <code>{}</code>", esc(c)),
        None => format!(" · seed {}", s.seed),
    };
    let _ = write!(
        out,
        "<p class=\"muted small\">{}{dealt}</p>",
        esc(&turns_played(game.log.len())),
    );
    // A what-if's sheet says so at the top, as its report does: printed, it would pass for the
    // group's own game.
    if let Some(r) = rewound {
        let _ = write!(
            out,
            "<p><strong>What if: from turn {}.</strong> The game was rewound to turn {} and \
             played on differently; the turns before it are the group's own.</p>",
            r.turn, r.turn
        );
    }
    let class = match s.outcome {
        Some(o) if o.is_win() => "win",
        Some(_) => "loss",
        None => "muted",
    };
    let outcome = match (s.outcome, unfinished) {
        (None, Unfinished::EndedEarly { .. }) => format!(
            "Ended early, after {} of {}",
            turns_played(game.log.len()),
            def.turns
        ),
        _ => outcome_text(sc, s.outcome),
    };
    let _ = write!(
        out,
        "<p class=\"{class}\"><strong>{}</strong> · {}</p>",
        esc(&outcome),
        esc(&crate::sim::turn::score_line(sc, s))
    );
    // A loss on the last turn says which win was nearest, and what it still needed.
    if let Some(closest) = closest_win(sc, s) {
        let _ = write!(out, "<p class=\"small\">{}</p>", esc(&closest));
    }
    let disposition = sc.rules.pyongyang.dispositions.get(s.disposition as usize);
    match disposition {
        Some(d) if reveals_disposition(s, unfinished) => {
            let _ = write!(
                out,
                "<p>Pyongyang's hidden disposition: <strong>{}</strong>: {}</p>",
                esc(&d.name),
                esc(&d.about)
            );
        }
        Some(_) => out.push_str("<p>Pyongyang's hidden disposition stays hidden.</p>"),
        None => {}
    }
    let data = base64::engine::general_purpose::STANDARD.encode(chart_png);
    // A what-if's chart draws the group's own game too.
    let original = if super::chart::draws_original(rewound) {
        "; the black line, the group's own game before the rewind"
    } else {
        ""
    };
    use super::chart::{BAD, GOOD, GREY, HISTORY, bar_swatch, family_color, swatch};
    use crate::rules::Family;
    let sw = |class: &str, colour: String, text: &str| {
        format!("<span><i class=\"sw{class}\" style=\"background:{colour}\"></i>{text}</span>")
    };
    let mut key: Vec<String> = Family::ALL
        .iter()
        .map(|f| {
            // "Outreach to Beijing" as "outreach to Beijing": only the first letter lowered.
            let name = f.label();
            let name = name[..1].to_lowercase() + &name[1..];
            sw("", bar_swatch(family_color(*f)), &name)
        })
        .collect();
    key.push(sw("", bar_swatch(GREY), "held course"));
    key.push(sw(
        " line",
        swatch(HISTORY),
        "the designers' reading of the real history",
    ));
    // The bars' pale tops, drawn on the handout's picture as on the report's.
    key.push("<span>a pale top: the turn at its height</span>".to_string());
    key.push(sw(" dot", swatch(BAD), "Pyongyang provoked"));
    key.push(sw(" dot", swatch(GOOD), "it engaged"));
    let _ = write!(
        out,
        "<img alt=\"Tension per turn: bars for the game, a line for the real history\" \
         src=\"data:image/png;base64,{data}\">\
         <p class=\"key\">Tension (0 to 100) after each turn, a bar for your game coloured by \
         your move: {}{original}</p>",
        key.join(" ")
    );
    let points = turning_points(sc, game);
    if !points.is_empty() {
        out.push_str("<h2>Turning points</h2><ol>");
        // An event told in full once is named after that ("event again: ..."): a sheet that
        // repeats one sentence three times reads as a copying mistake.
        let mut told: Vec<&str> = Vec::new();
        for point in &points {
            let story = &point.story;
            let answers: Vec<String> = story
                .answers
                .iter()
                .map(|a| format!("{}: {}", esc(a.who.label()), esc(&a.name)))
                .collect();
            let events: Vec<String> = story
                .events
                .iter()
                .map(|e| {
                    if told.contains(&e.name.as_str()) {
                        format!("event again: {}", esc(&e.name.to_lowercase()))
                    } else {
                        told.push(&e.name);
                        format!("event: {}", esc(e.news.trim_end_matches('.')))
                    }
                })
                .collect();
            // In a team game the move was the teams', settled by their rule when they disagreed:
            // not one student's choice.
            let chose = if game.teams.is_some() {
                "your group played"
            } else {
                "you chose"
            };
            let _ = write!(
                out,
                "<li><strong>Turn {}</strong> <span class=\"muted\">({})</span>: {chose} {}. \
                 {}. Tension {:.1} → {:.1}.",
                story.turn,
                esc(&story.date),
                esc(&story.move_name),
                answers
                    .into_iter()
                    .chain(events)
                    .collect::<Vec<_>>()
                    .join("; "),
                story.tension_before,
                story.tension_after
            );
            if let Some(lost) = &point.lost {
                let _ = write!(out, " <span class=\"loss\">{}</span>", esc(lost));
            }
            out.push_str("</li>");
        }
        out.push_str("</ol>");
    }
    let questions = questions(sc);
    out.push_str("<h2>For discussion</h2>");
    if let Some(note) = questions_note(sc, game) {
        let _ = write!(out, "<p class=\"small\">{}</p>", esc(&note));
    }
    out.push_str("<ol class=\"qs\">");
    for q in questions.iter().take(QUESTIONS) {
        let _ = write!(
            out,
            "<li><span>{}</span><div class=\"lines\"></div></li>",
            esc_rich(q)
        );
    }
    out.push_str("</ol>");
    // On paper, "beside this page" means nothing: the report is named as the teacher has it.
    let rest = match questions.len().saturating_sub(QUESTIONS) {
        0 => "Every turn with its \"why\" is".to_string(),
        1 => "One more question, and every turn with its \"why\", are".to_string(),
        n => format!("{n} more questions, and every turn with its \"why\", are"),
    };
    let _ = writeln!(
        out,
        "<p class=\"muted small\">{rest} in your group's full report (ask your teacher).</p>\
         </body></html>"
    );
    super::page_font::with_korean_font(out)
}

/// A turn the handout picks out: its story, and, when a way to win was gone after it, which and
/// why ("After it, no way to win was left: “Yongbyon reactor idle” is out of reach for good.").
pub struct TurningPoint {
    pub story: TurnStory,
    pub lost: Option<String>,
}

/// The game's turning points, in the order they were played, at most [`TURNING_POINTS`]:
/// first the turns after which a way to win was gone for good (what decided a lost game, which
/// the tension alone can hide: 2013's reactor restart lowers it), then the turns that moved
/// tension most, up or down; the earlier of two alike.
pub fn turning_points(sc: &Scenario, game: &Game) -> Vec<TurningPoint> {
    // Each turn's state, replayed from the log, to see which wins were still in reach after it.
    let wins_in_reach = |s: &crate::sim::GameState| -> Vec<(String, Option<String>)> {
        objective_progress(sc, s)
            .into_iter()
            .filter(|o| o.kind == ObjectiveKind::Win)
            .map(|o| (o.name.clone(), o.gone().map(|c| c.text.clone())))
            .collect()
    };
    let moves: Vec<u16> = game.log.iter().map(|r| r.requested).collect();
    let setup = game.setup();
    let mut before = wins_in_reach(&Game::replay(sc, &setup, &[], &[]).state);
    let mut lost: Vec<Option<String>> = Vec::with_capacity(game.log.len());
    Game::replay_each(sc, &setup, &moves, &game.injects, |g| {
        let after = wins_in_reach(&g.state);
        let gone: Vec<(&str, &str)> = after
            .iter()
            .zip(&before)
            .filter_map(|((name, now), (_, then))| match (now, then) {
                (Some(why), None) => Some((name.as_str(), why.as_str())),
                _ => None,
            })
            .collect();
        lost.push((!gone.is_empty()).then(|| {
            let mut why: Vec<&str> = gone.iter().map(|(_, w)| *w).collect();
            why.dedup();
            // Quoted: a condition's text is a state ("Yongbyon reactor idle"), not a sentence.
            let verb = if why.len() > 1 { "are" } else { "is" };
            let why = why
                .iter()
                .map(|w| format!("“{w}”"))
                .collect::<Vec<_>>()
                .join(", ");
            match gone.as_slice() {
                _ if after.iter().all(|(_, gone)| gone.is_some()) => {
                    format!("After it, no way to win was left: {why} {verb} out of reach for good.")
                }
                [(name, _)] => format!(
                    "After it, one way to win was gone ({name}): {why} {verb} out of reach for good."
                ),
                _ => format!(
                    "After it, {} ways to win were gone: {why} {verb} out of reach for good.",
                    gone.len()
                ),
            }
        }));
        before = after;
    });
    let stories: Vec<TurningPoint> = game
        .log
        .iter()
        .zip(lost.into_iter().chain(std::iter::repeat(None)))
        .map(|(r, lost)| TurningPoint {
            story: TurnStory::of(sc, r),
            lost,
        })
        .collect();
    let weight = |t: &TurningPoint| {
        let moved = (t.story.tension_after - t.story.tension_before).abs();
        (t.lost.is_some(), moved)
    };
    let mut order: Vec<usize> = (0..stories.len()).collect();
    // A stable sort keeps the earlier of equals first.
    order.sort_by(|a, b| {
        let (wa, wb) = (weight(&stories[*a]), weight(&stories[*b]));
        wb.0.cmp(&wa.0).then(wb.1.total_cmp(&wa.1))
    });
    order.truncate(TURNING_POINTS);
    stories
        .into_iter()
        .enumerate()
        .filter(|(i, _)| order.contains(i))
        .map(|(_, point)| point)
        .collect()
}

/// Said above the questions when the game stopped before the level's end and the level asks
/// questions of its own: those are about the whole real year ("By November Pyongyang declared
/// its force complete..."), and a group whose game ended in March must know to answer them from
/// the record and from what its game suggests. None when the game ran to the end.
pub fn questions_note(sc: &Scenario, game: &Game) -> Option<String> {
    let played = game.log.len();
    let last = game.log.last();
    if played >= sc.def.turns as usize || sc.def.discussion.is_empty() {
        return None;
    }
    let stopped = match last {
        Some(last) => format!(
            "Your game stopped after turn {played} of {} (the turn of {})",
            sc.def.turns,
            crate::sim::story::TurnStory::of(sc, last).date
        ),
        None => format!(
            "Your game stopped before its first turn of {}",
            sc.def.turns
        ),
    };
    Some(format!(
        "{stopped}. Where a question asks about what came later, answer it from what really \
         happened and from what your game suggests would have followed."
    ))
}

/// The questions the page asks: the level's own first, then the report's two on any game.
pub fn questions(sc: &Scenario) -> Vec<String> {
    sc.def
        .discussion
        .iter()
        .cloned()
        .chain(super::GENERIC_QUESTIONS.iter().map(|q| q.to_string()))
        .collect()
}
