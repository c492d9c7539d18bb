//! The class page: every group's game of one class on one self-contained HTML page, for the
//! teacher's debrief of the whole room. A class code deals everyone the same Pyongyang and the
//! same dice, so what differs between two groups' games comes from their moves; the page shows
//! it three ways: the groups' tension lines on one chart over the real year's, a table of how
//! each game went with each game's figures beside the record's, and a grid of every group's move and Pyongyang's
//! answer turn by turn, marking the turn where the groups first parted. Beside it go
//! `class.csv` (a row per game) and each chart as a PNG. Written by `peninsula class-report`.

use super::chart::{GroupLine, class_png, group_color};
use super::{Rewind, STYLE, Unfinished, esc, how_it_went, spreadsheet, turns_played};
use crate::rules::raw::CalibrationTarget;
use crate::rules::{Metric, Scenario};
use crate::sim::Game;
use crate::sim::figures::{
    beside_the_record, figure_cell, figure_text, game_label, same_figure, target_label,
};
use crate::sim::story::{Tone, TurnStory};
use base64::Engine;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// One group's game, read from its log or save.
pub struct ClassGame<'a> {
    pub sc: &'a Scenario,
    pub game: Game,
    /// The class code it was played from (None: a game of a level and seed).
    pub class_code: Option<String>,
    pub unfinished: Unfinished,
    /// A what-if played on from a rewind: shown in the table, left out of the chart and the
    /// grid, which compare the games the groups played.
    pub rewound: Option<Rewind>,
    /// Where it was read from: names a game with neither a group's nor a computer's name.
    pub source: String,
}

/// The games of one class: the same level, seed and difficulty (one class code deals them; a
/// what-if of a class's game keeps them), numbered in the order the page lists them.
pub struct Class<'a> {
    pub games: Vec<ClassGame<'a>>,
    /// Each game's name on the page, in the same order: the group's name, else the computer's,
    /// else the file's; made distinct.
    pub labels: Vec<String>,
    /// Games of this class still being played where the page is written, with no report of
    /// theirs among `games` (the desktop's own game in progress, when its class page is written
    /// on a group's machine): they keep the type hidden as a report of a game in progress does.
    pub playing_here: usize,
}

impl<'a> Class<'a> {
    fn sc(&self) -> &'a Scenario {
        self.games[0].sc
    }

    /// The games the groups played (not their what-ifs), with their numbers from 1.
    fn played(&self) -> impl Iterator<Item = (usize, &ClassGame<'a>)> {
        self.games
            .iter()
            .enumerate()
            .filter(|(_, g)| g.rewound.is_none())
            .map(|(i, g)| (i + 1, g))
    }
}

/// Sorts `games` into classes (by level, seed and difficulty: the same dice) and each
/// class's games by name, then the games before their what-ifs, then by file: the same files
/// in any order make the same page.
pub fn classes(mut games: Vec<ClassGame<'_>>) -> Vec<Class<'_>> {
    // By the dice, not the code: an older what-if's log keeps no class code (a what-if is not
    // the game the class played), yet it belongs with its class's games, whose type it shares.
    let key = |g: &ClassGame| {
        (
            g.sc.id().to_string(),
            g.game.state.seed,
            g.game.state.difficulty,
        )
    };
    games.sort_by(|a, b| {
        key(a)
            .cmp(&key(b))
            .then_with(|| base_label(a).cmp(&base_label(b)))
            .then_with(|| {
                a.rewound
                    .as_ref()
                    .map(|r| r.turn)
                    .cmp(&b.rewound.as_ref().map(|r| r.turn))
            })
            .then_with(|| a.source.cmp(&b.source))
    });
    let mut out: Vec<Class> = Vec::new();
    for g in games {
        match out.last_mut() {
            Some(c) if key(&c.games[0]) == key(&g) => c.games.push(g),
            _ => out.push(Class {
                games: vec![g],
                labels: Vec::new(),
                playing_here: 0,
            }),
        }
    }
    for c in &mut out {
        c.labels = distinct_labels(&c.games);
    }
    out
}

/// A game's name before it is made distinct: the group's, else the computer's, else the file's.
fn base_label(g: &ClassGame) -> String {
    g.game
        .group
        .clone()
        .or_else(|| g.game.computer.clone())
        .unwrap_or_else(|| g.source.clone())
}

/// Each game's name, with the computer added where two groups gave the same name, a what-if
/// said to be one, and a number as the last resort.
fn distinct_labels(games: &[ClassGame]) -> Vec<String> {
    let mut labels: Vec<String> = games
        .iter()
        .map(|g| {
            let base = base_label(g);
            // Two groups' games of one name; a group's what-if does not make its name a twin.
            let twin = games
                .iter()
                .filter(|o| o.rewound.is_none() == g.rewound.is_none() && base_label(o) == base)
                .count()
                > 1;
            match (&g.game.group, &g.game.computer) {
                (Some(_), Some(pc)) if twin => format!("{base} on {pc}"),
                _ => base,
            }
        })
        .zip(games)
        .map(|(l, g)| match &g.rewound {
            Some(r) => format!("{l} (what-if from turn {})", r.turn),
            None => l,
        })
        .collect();
    for i in 0..labels.len() {
        if labels[..i].contains(&labels[i]) {
            let n = labels[..i]
                .iter()
                .filter(|l| l.starts_with(&labels[i]))
                .count()
                + 1;
            labels[i] = format!("{} ({n})", labels[i]);
        }
    }
    labels
}

/// Why a class's page keeps Pyongyang's type hidden, or the type it may name.
fn named_type(class: &Class, reveal: bool) -> Result<u8, String> {
    let not_over = class
        .games
        .iter()
        .filter(|g| g.game.state.outcome.is_none())
        .count();
    let in_progress = class
        .games
        .iter()
        .filter(|g| g.game.state.outcome.is_none() && g.unfinished == Unfinished::InProgress)
        .count()
        + class.playing_here;
    if in_progress == 0 && (not_over == 0 || reveal) {
        return Ok(class.games[0].game.state.disposition);
    }
    Err(if in_progress > 0 {
        format!(
            "Pyongyang's hidden disposition stays hidden: {in_progress} {} of this class {} \
             still in progress, and could be played on knowing it.",
            if in_progress == 1 { "game" } else { "games" },
            if in_progress == 1 { "is" } else { "are" },
        )
    } else {
        format!(
            "Pyongyang's hidden disposition stays hidden: {not_over} {} ended early (End now). \
             Written naming the type (the desktop's class page, or \
             <code>class-report --reveal</code>), the page names it, for the teacher after class.",
            if not_over == 1 { "game" } else { "games" },
        )
    })
}

/// The first turn (from 1) on which the groups' games that reached it were not all the same
/// move; None when every game made the same moves as far as it went.
fn parted_on(class: &Class) -> Option<usize> {
    let logs: Vec<&Game> = class.played().map(|(_, g)| &g.game).collect();
    let longest = logs.iter().map(|g| g.log.len()).max().unwrap_or(0);
    (0..longest)
        .find(|&t| {
            let mut moves = logs
                .iter()
                .filter_map(|g| g.log.get(t))
                .map(|r| (r.taken, r.also));
            let first = moves.next();
            moves.any(|m| Some(m) != first)
        })
        .map(|t| t + 1)
}

/// The names of the facilitator's injects in `game` as turn `turn` (from 1) opened.
fn injects_on<'a>(sc: &'a Scenario, game: &'a Game, turn: u32) -> impl Iterator<Item = &'a str> {
    (game.injects.iter())
        .filter(move |x| x.turn == turn)
        .filter_map(|x| sc.injects.get(x.inject as usize).map(|i| i.name.as_str()))
}

/// What the facilitator's injects did to the class's "same dice", if a group's game had one:
/// the page must not say that only the moves set the games apart.
fn injects_note(class: &Class) -> Option<String> {
    let sc = class.sc();
    let mut had: Vec<String> = Vec::new();
    for (n, g) in class.played() {
        for x in &g.game.injects {
            if let Some(inject) = sc.injects.get(x.inject as usize) {
                had.push(format!(
                    "{}: \u{201c}{}\u{201d} as turn {} opened",
                    class.labels[n - 1],
                    inject.name,
                    x.turn
                ));
            }
        }
    }
    let same_everywhere = {
        let mut all = class.played().map(|(_, g)| &g.game.injects);
        let first = all.next();
        all.all(|i| Some(i) == first)
    };
    (!had.is_empty() && !same_everywhere).then(|| {
        format!(
            "The facilitator's injects set games apart too ({}; marked in the grid).",
            had.join(", ")
        )
    })
}

/// The sentence that says where the groups parted, and on which turn (a turn from 1), if they
/// did; with the facilitator's injects, where the groups' games did not all have the same.
fn parting(class: &Class) -> (String, Option<usize>) {
    let (sentence, turn) = parting_by_moves(class);
    let same_dice = "Everyone faced the same Pyongyang and the same dice";
    let tail = match (injects_note(class), turn) {
        (Some(note), Some(_)) => format!(" {same_dice}. {note}"),
        (Some(note), None) => {
            // The same moves, but not the same game.
            let sentence = sentence.replace(SAME_GAME, "Every group made the same moves.");
            return (format!("{sentence} {note}"), None);
        }
        (None, Some(_)) => format!(
            " {same_dice}, so from there on what sets two games apart is the groups' moves."
        ),
        (None, None) => String::new(),
    };
    (sentence + &tail, turn)
}

/// What [`parting_by_moves`] says of games whose moves were all the same.
const SAME_GAME: &str = "Every group made the same moves, and so played the same game.";

/// [`parting`] by the moves alone.
fn parting_by_moves(class: &Class) -> (String, Option<usize>) {
    let sc = class.sc();
    let played: Vec<&ClassGame> = class.played().map(|(_, g)| g).collect();
    if played.len() < 2 {
        return (
            "One group's game of this class is here: given the games of more groups, the page \
             sets them side by side."
                .to_string(),
            None,
        );
    }
    let Some(turn) = parted_on(class) else {
        let same_length = played
            .iter()
            .all(|g| g.game.log.len() == played[0].game.log.len());
        return (
            if same_length {
                SAME_GAME.to_string()
            } else {
                "Every group made the same moves as far as its game went (some are shorter: \
                 ended, or still being played)."
                    .to_string()
            },
            None,
        );
    };
    // What each group that played the turn did on it, most chosen first.
    let mut counts: Vec<(String, usize)> = Vec::new();
    for g in &played {
        if let Some(rec) = g.game.log.get(turn - 1) {
            let what = TurnStory::of(sc, rec).move_name;
            match counts.iter_mut().find(|(m, _)| *m == what) {
                Some((_, n)) => *n += 1,
                None => counts.push((what, 1)),
            }
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let chose: Vec<String> = counts.iter().map(|(m, n)| format!("{n} × {m}")).collect();
    let short = played.iter().filter(|g| g.game.log.len() < turn).count();
    let before = match turn {
        1 => "The groups parted on their first move".to_string(),
        2 => "The groups made the same first move and parted on turn 2".to_string(),
        n => format!(
            "The groups made the same moves for {} turns and parted on turn {n}",
            n - 1
        ),
    };
    let unplayed = match short {
        0 => String::new(),
        1 => " (1 game had not reached it)".to_string(),
        n => format!(" ({n} games had not reached it)"),
    };
    (
        format!("{before}: {}{unplayed}.", chose.join(", ")),
        Some(turn),
    )
}

/// Extra styles of the class page, after the report's.
const CLASS_STYLE: &str = ".num{display:inline-block;min-width:1.5em;padding:0 .25em;border-radius:3px;\
color:#0e151d;font-weight:bold;text-align:center}.scroll{overflow-x:auto}\
.grid td,.grid th{font-size:.8em;padding:.3em;min-width:7em}.grid td:first-child,.grid th:first-child{min-width:3.5em}\
.parted td{background:#1a2531}.groups td:nth-child(3){min-width:13em}.groups td:nth-child(2){min-width:7em}h3{color:#f0b23c}.beside{table-layout:fixed}.beside th,.beside td{overflow-wrap:anywhere}.beside th{width:6.5em}.beside th:first-child{width:11em}.beside th.year{width:auto}.sources a{word-break:break-all}.sources li{margin:.2em 0}.fam{border-left:4px solid;padding-left:.3em}\
@media print{.scroll{overflow:visible}.num{color:#000;border:1px solid #000}.parted td{background:#eee}}";

/// The page for every class in `classes`, each chart given as PNG bytes in the same order.
pub fn html(classes: &[Class], charts: &[Vec<u8>], reveal: bool, left_out: &[String]) -> String {
    let mut out = String::new();
    let title = match classes {
        [one] => format!(
            "Class results: {} ({})",
            one.sc().def.title,
            one.sc().def.years
        ),
        _ => "Class results".to_string(),
    };
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Peninsula: {}</title><style>{STYLE}{CLASS_STYLE}</style></head><body>\
         <h1>{}</h1>",
        esc(&title),
        esc(&title)
    );
    if classes.len() > 1 {
        let _ = write!(
            out,
            "<p>{} games, of {} different class games (a level and its dice, as one class \
             code deals them): each has its own part below.</p>",
            classes.iter().map(|c| c.games.len()).sum::<usize>(),
            classes.len()
        );
    }
    // Named at the end, for the teacher: a page projected to the class opens on its results,
    // not on file paths; a line at the top says there is something to read there.
    if !left_out.is_empty() {
        let _ = write!(
            out,
            "<p class=\"muted small\">{} left out; the end of the page says which and why.</p>",
            match left_out.len() {
                1 => "1 file was".to_string(),
                n => format!("{n} files were"),
            }
        );
    }
    for (class, chart) in classes.iter().zip(charts) {
        section(&mut out, class, chart, reveal, classes.len() > 1);
    }
    if !left_out.is_empty() {
        out.push_str("<h3>Files left out</h3><ul class=\"small\">");
        for note in left_out {
            let _ = write!(out, "<li>{}</li>", esc(note));
        }
        out.push_str("</ul>");
    }
    out.push_str(
        "<p class=\"muted small\">Made by Peninsula from the groups' logs (<code>game.ron</code> \
         in each exported report). Each group's own report holds its timeline with every \
         \"why\".</p></body></html>\n",
    );
    super::page_font::with_korean_font(out)
}

/// One class's part of the page: which game it is and how the groups fared, the type where it
/// may be named, the chart, the groups' table and the grid of where they parted.
fn section(out: &mut String, class: &Class, chart: &[u8], reveal: bool, several: bool) {
    let sc = class.sc();
    let first = &class.games[0];
    let rules = &sc.rules;
    if several {
        let _ = write!(
            out,
            "<h2>{} ({})</h2>",
            esc(&sc.def.title),
            esc(&sc.def.years)
        );
    }
    // A class's game is named by its code, never its seed: with the seed, `class-code` prints
    // the teacher's key, and the page may be projected. Codes that deal the same dice with other
    // options (teams, the forecast hidden) are named together. A what-if is named by the code
    // of the class's game it parts from; an older what-if's log kept no code, so a part of
    // what-ifs alone is not named by its seed either: it may be a class's.
    let mut codes: Vec<&str> = class
        .games
        .iter()
        .filter_map(|g| g.class_code.as_deref())
        .collect();
    codes.sort();
    codes.dedup();
    let played: Vec<&ClassGame> = class.played().map(|(_, g)| g).collect();
    let which = if !codes.is_empty() {
        let named: Vec<String> = codes
            .iter()
            .map(|c| format!("<code>{}</code>", esc(c)))
            .collect();
        format!(
            "Class code{} {}",
            if codes.len() > 1 { "s" } else { "" },
            named.join(" and ")
        )
    } else if played.is_empty() {
        format!("Level <code>{}</code>", esc(sc.id()))
    } else {
        format!(
            "Level <code>{}</code>, seed {}",
            esc(sc.id()),
            first.game.state.seed
        )
    };
    let difficulty = rules
        .difficulties
        .get(first.game.state.difficulty as usize)
        .filter(|_| first.game.state.difficulty != 0)
        .map(|d| format!(", difficulty {}", esc(&d.name)))
        .unwrap_or_default();
    let whatifs = class.games.len() - played.len();
    let mut tally: Vec<(&str, usize)> = Vec::new();
    for g in &played {
        let (how, _) = how_it_went(sc, &g.game, g.unfinished);
        match tally.iter_mut().find(|(h, _)| *h == how) {
            Some((_, n)) => *n += 1,
            None => tally.push((how, 1)),
        }
    }
    let order = ["won", "lost", "war", "ended early", "in progress"];
    tally.sort_by_key(|(h, _)| order.iter().position(|o| o == h));
    let tally: Vec<String> = tally
        .iter()
        .map(|(how, n)| match *how {
            "war" => format!("{n} ended in war"),
            "ended early" => format!("{n} ended early"),
            "in progress" => format!("{n} still in progress"),
            other => format!("{n} {other}"),
        })
        .collect();
    let scores: Vec<u32> = played
        .iter()
        .filter_map(|g| how_it_went(sc, &g.game, g.unfinished).1)
        .collect();
    let mean = if scores.is_empty() {
        String::new()
    } else {
        format!(
            " Mean score of the {} that reached the end: {:.0} / 100.",
            if scores.len() == 1 {
                "game".to_string()
            } else {
                format!("{} games", scores.len())
            },
            scores.iter().sum::<u32>() as f32 / scores.len() as f32
        )
    };
    let whatifs_line = match whatifs {
        0 => String::new(),
        1 => " The table lists 1 what-if too.".to_string(),
        n => format!(" The table lists {n} what-ifs too."),
    };
    if played.is_empty() {
        let _ = write!(
            out,
            "<p>{which}{difficulty}: no group's own game of this level and dice is among the \
             files, only what-ifs rewound from one.{whatifs_line}</p>"
        );
    } else {
        let _ = write!(
            out,
            "<p>{which}{difficulty}: {} played this game: {}.{mean}{whatifs_line}</p>",
            match played.len() {
                1 => "1 group".to_string(),
                n => format!("{n} groups"),
            },
            tally.join(", "),
        );
    }
    match named_type(class, reveal) {
        Ok(d) => {
            if let Some(disp) = rules.pyongyang.dispositions.get(d as usize) {
                let _ = write!(
                    out,
                    "<p>Pyongyang's hidden disposition in this game, the same for every group: \
                     <strong>{}</strong>, {}</p>",
                    esc(&disp.name),
                    esc(&disp.about)
                );
                if let Some(line) =
                    crate::sim::draw::sentence_for(sc, d, first.game.state.difficulty)
                {
                    let _ = write!(out, "<p class=\"muted small\">{}</p>", esc(&line));
                }
            }
        }
        Err(why) => {
            let _ = write!(out, "<p>{why}</p>");
        }
    }
    // The chart.
    let data = base64::engine::general_purpose::STANDARD.encode(chart);
    let history = if sc.def.history.is_empty() {
        ""
    } else {
        ", and the real year as the designers read it (violet)"
    };
    let _ = write!(
        out,
        "<h2>Tension per turn</h2><img alt=\"Tension per turn: a line for each group's \
         game{history}\" src=\"data:image/png;base64,{data}\">\
         <p class=\"key small muted\">Each line is a group's tension after every turn, numbered \
         as in the table below{history}.</p>"
    );
    groups_table(out, class);
    let (sentence, parted) = parting(class);
    let _ = write!(
        out,
        "<h2>Where the groups parted</h2><p>{}</p>",
        esc(&sentence)
    );
    grid(out, class, parted);
}

/// The table of how each game went, then the level's figures for each game beside the real
/// year's, with their sources: a row a figure and a column a group (up to `GRID_GROUPS` a
/// table), so that a level with many figures still fits a projected page and a printed one.
fn groups_table(out: &mut String, class: &Class) {
    let sc = class.sc();
    let targets: Vec<_> = beside_the_record(sc, &class.games[0].game)
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    // The level's own figures may count the peak already.
    let peak_column = !targets.iter().any(|t| t.metric == Metric::PeakTension);
    out.push_str(
        "<h2>The groups</h2><div class=\"scroll\"><table class=\"groups\"><tr><th>#</th>\
         <th>Group</th><th>Result</th><th>Score</th><th>Turns</th>",
    );
    if peak_column {
        out.push_str("<th>peak tension</th>");
    }
    out.push_str("</tr>");
    for (i, (g, label)) in class.games.iter().zip(&class.labels).enumerate() {
        let (how, score) = how_it_went(sc, &g.game, g.unfinished);
        let class_of = match g.game.state.outcome {
            Some(o) if o.is_win() => "win",
            Some(_) => "loss",
            None => "muted",
        };
        // The objective met or the loss, under the result's one word.
        let detail = g
            .game
            .state
            .outcome
            .map(|o| crate::sim::transcript::outcome_text(sc, Some(o)))
            .and_then(|text| text.split_once(": ").map(|(_, d)| d.to_string()))
            .map(|d| format!("<br><span class=\"muted small\">{}</span>", esc(&d)))
            .unwrap_or_default();
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}{}</td><td><strong class=\"{class_of}\">{}</strong>{detail}</td>\
             <td>{}</td><td>{}</td>",
            number_chip(i + 1),
            esc(label),
            g.game
                .computer
                .as_deref()
                .filter(|pc| g.game.group.is_some() && !label.contains(pc))
                .map(|pc| format!("<br><span class=\"muted small\">{}</span>", esc(pc)))
                .unwrap_or_default(),
            esc(how),
            score.map(|s| s.to_string()).unwrap_or_else(|| "—".into()),
            g.game.log.len(),
        );
        if peak_column {
            let _ = write!(out, "<td>{:.1}</td>", g.game.state.peak_tension);
        }
        out.push_str("</tr>");
    }
    out.push_str("</table></div>");
    out.push_str(
        "<p class=\"muted small\">Peak tension: each game's turn at its height, before it \
         faded, which the score counts; the chart's lines give the tension after each turn, so a \
         peak can stand above its line.</p>",
    );
    if targets.is_empty() {
        return;
    }
    // Each game's figures once; then a table for each block of groups.
    let games: Vec<(usize, &String, Vec<String>)> = class
        .games
        .iter()
        .zip(&class.labels)
        .enumerate()
        .map(|(i, (g, label))| {
            let figures = beside_the_record(sc, &g.game);
            let cells = targets
                .iter()
                .map(|t| {
                    figures
                        .iter()
                        .find(|(f, _)| same_figure(f, t))
                        .map(|(_, x)| figure_text(*x))
                        .unwrap_or_default()
                })
                .collect();
            (i + 1, label, cells)
        })
        .collect();
    let real = targets.iter().any(|t| !t.real.is_empty());
    out.push_str(if real {
        "<h3>Beside the real year</h3>"
    } else {
        "<h3>The level's figures</h3>"
    });
    for block in blocks(&games) {
        out.push_str("<div class=\"scroll\"><table class=\"beside\"><tr><th></th>");
        for (n, label, _) in block {
            let _ = write!(out, "<th>{} {}</th>", number_chip(*n), esc(label));
        }
        if real {
            out.push_str("<th class=\"year\">The real year</th>");
        }
        out.push_str("</tr>");
        for (row, t) in targets.iter().enumerate() {
            let _ = write!(out, "<tr><td>{}</td>", esc(&target_label(sc, t)));
            for (_, _, cells) in block {
                let _ = write!(out, "<td>{}</td>", esc(&cells[row]));
            }
            if real {
                let _ = write!(out, "<td class=\"year\">{}</td>", esc(&t.real));
            }
            out.push_str("</tr>");
        }
        out.push_str("</table></div>");
    }
    // The sources once, under every block.
    let sourced: Vec<_> = targets.iter().filter(|t| !t.source.is_empty()).collect();
    if !sourced.is_empty() {
        out.push_str("<ul class=\"sources muted small\">");
        for t in sourced {
            let _ = write!(
                out,
                "<li>{}: {}</li>",
                esc(&target_label(sc, t)),
                super::esc_linked(&t.source)
            );
        }
        out.push_str("</ul>");
    }
}

/// `items` in tables of at most `GRID_GROUPS`, as even as they come (seven groups make tables of
/// four and three, not six and one).
fn blocks<T>(items: &[T]) -> std::slice::Chunks<'_, T> {
    let tables = items.len().div_ceil(GRID_GROUPS).max(1);
    items.chunks(items.len().div_ceil(tables).max(1))
}

/// A group's number on a chip of its chart line's colour.
fn number_chip(n: usize) -> String {
    let c = group_color(n);
    format!(
        "<span class=\"num\" style=\"background:#{:02x}{:02x}{:02x}\">{n}</span>",
        c.0, c.1, c.2
    )
}

/// How many groups one table holds, in the grid and beside the real year.
const GRID_GROUPS: usize = 6;

/// One block of the grid: the turns down, a column for the real year's allies (`script`) and
/// one for each of `block`'s groups.
fn grid_block(
    out: &mut String,
    sc: &Scenario,
    block: &[(usize, &ClassGame, &String)],
    parted: Option<usize>,
    script: bool,
) {
    let turns = block
        .iter()
        .map(|(_, g, _)| g.game.log.len())
        .max()
        .unwrap_or(0);
    out.push_str("<div class=\"scroll\"><table class=\"grid\"><tr><th>Turn</th>");
    if script {
        out.push_str("<th>The real year's allies</th>");
    }
    for (n, _, label) in block {
        let _ = write!(out, "<th>{} {}</th>", number_chip(*n), esc(label));
    }
    out.push_str("</tr>");
    for t in 0..turns {
        let row = if parted == Some(t + 1) {
            " class=\"parted\""
        } else {
            ""
        };
        let date = block
            .iter()
            .find_map(|(_, g, _)| g.game.log.get(t))
            .map(|rec| TurnStory::of(sc, rec).date)
            .unwrap_or_default();
        let _ = write!(
            out,
            "<tr{row}><td>{}<br><span class=\"muted small\">{}</span>{}</td>",
            t + 1,
            esc(&date),
            if parted == Some(t + 1) {
                "<br><strong>parted</strong>"
            } else {
                ""
            }
        );
        if script {
            // As the historical line plays it: a turn the script leaves open holds course.
            let real = sc
                .script
                .get(t)
                .map(|a| a.unwrap_or(sc.fallback_action))
                .and_then(|a| sc.actions.get(a as usize))
                .map(|a| a.name.as_str())
                .unwrap_or("");
            let _ = write!(out, "<td class=\"muted\">{}</td>", esc(real));
        }
        for (_, g, _) in block {
            let Some(rec) = g.game.log.get(t) else {
                out.push_str("<td class=\"muted\">—</td>");
                continue;
            };
            let story = TurnStory::of(sc, rec);
            let color = story
                .family
                .filter(|_| !sc.actions[rec.taken as usize].neutral)
                .map(super::chart::family_color)
                .unwrap_or(super::chart::GREY);
            // The facilitator's injects as the turn opened, before the move: the one thing
            // besides the moves that sets a class's games apart.
            out.push_str("<td>");
            for name in injects_on(sc, &g.game, t as u32 + 1) {
                let _ = write!(out, "<div class=\"bad small\">Inject: {}</div>", esc(name));
            }
            let _ = write!(
                out,
                "<div class=\"fam\" style=\"border-color:#{:02x}{:02x}{:02x}\">{}",
                color.0,
                color.1,
                color.2,
                esc(&story.move_name)
            );
            if let Some(also) = &story.also {
                let _ = write!(out, " and {}", esc(also));
            }
            out.push_str("</div>");
            if let Some(a) = story.pyongyang() {
                let tone = match a.tone {
                    Tone::Provocation => "bad",
                    Tone::Engagement => "good",
                    Tone::Neutral => "muted",
                };
                let _ = write!(out, "<div class=\"{tone} small\">{}</div>", esc(&a.name));
            }
            if rec.turn as usize == g.game.log.len() && g.game.state.outcome.is_some() {
                let (how, _) = how_it_went(sc, &g.game, g.unfinished);
                let _ = write!(out, "<div class=\"small\"><strong>{how}</strong></div>");
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</table></div>");
}

/// Every group's move and Pyongyang's answer, turn by turn, beside the level's own script of
/// the real year where it has one; the turn the groups parted on is marked.
fn grid(out: &mut String, class: &Class, parted: Option<usize>) {
    let sc = class.sc();
    let played: Vec<(usize, &ClassGame, &String)> = class
        .played()
        .map(|(n, g)| (n, g, &class.labels[n - 1]))
        .collect();
    let script = !sc.script.is_empty() && !sc.def.history.is_empty();
    // A block of groups at a time, so the grid fits a projected page and a printed one.
    for block in blocks(&played) {
        grid_block(out, sc, block, parted, script);
    }
    let _ = write!(
        out,
        "<p class=\"muted small\">Each cell: the group's move (its family's colour at the left: \
         {}) and Pyongyang's answer below it (red: a provocation, green: an opening).{}</p>",
        crate::rules::Family::ALL
            .iter()
            .map(|f| f.label())
            .collect::<Vec<_>>()
            .join(", "),
        if script {
            " The first column is what Washington and Seoul really did, as the level scripts the \
             real year."
        } else {
            ""
        }
    );
}

/// One row per game for a spreadsheet, under one header for every class (a figure a level does
/// not count is left blank): which game, the name the page gives it, how it went, the levels'
/// figures and the moves (their ids, in order). The type is named only where the page names it.
pub fn csv(classes: &[Class], reveal: bool) -> String {
    // Every class's figures, in the order they first come, each with its column's name.
    let mut columns: Vec<(&CalibrationTarget, String)> = Vec::new();
    for class in classes {
        for (t, _) in beside_the_record(class.sc(), &class.games[0].game) {
            // An answer's column by its id, the turn it first came in the cell
            // (`combat_alert_turn`); the others by their label (`missiles_fired`).
            let name = match &t.answer {
                Some(id) if t.metric.counts_an_answer() => format!("{id}_turn"),
                _ => game_label(t.metric)
                    .trim_start_matches("a ")
                    .trim_start_matches("an ")
                    .replace(' ', "_"),
            };
            if t.metric != Metric::PeakTension && !columns.iter().any(|(c, _)| same_figure(c, t)) {
                columns.push((t, name));
            }
        }
    }
    let mut header: Vec<String> = [
        "level",
        "class_code",
        "number",
        "name",
        "group",
        "computer",
        "run",
        "outcome",
        "score",
        "turns",
        "peak_tension",
    ]
    .iter()
    .map(|h| h.to_string())
    .collect();
    // The levels' own peak is the game's peak (`peak_tension` above): not given twice.
    header.extend(columns.iter().map(|(_, name)| name.clone()));
    header.extend(["disposition".to_string(), "moves".to_string()]);
    // The facilitator's injects, as `turns.csv` names them: `turn:id`, space-separated.
    header.push("injects".to_string());
    let mut out = spreadsheet::row(&header);
    for class in classes {
        let sc = class.sc();
        let disposition = named_type(class, reveal)
            .ok()
            .and_then(|d| sc.rules.pyongyang.dispositions.get(d as usize))
            .map(|d| d.id.clone())
            .unwrap_or_default();
        for (i, (g, label)) in class.games.iter().zip(&class.labels).enumerate() {
            let (how, score) = how_it_went(sc, &g.game, g.unfinished);
            let figures = beside_the_record(sc, &g.game);
            let mut row = vec![
                sc.id().to_string(),
                g.class_code.clone().unwrap_or_default(),
                (i + 1).to_string(),
                label.clone(),
                g.game.group.clone().unwrap_or_default(),
                g.game.computer.clone().unwrap_or_default(),
                match &g.rewound {
                    Some(r) => format!("what-if from turn {}", r.turn),
                    None => "game".to_string(),
                },
                how.to_string(),
                score.map(|s| s.to_string()).unwrap_or_default(),
                g.game.log.len().to_string(),
                format!("{:.1}", g.game.state.peak_tension),
            ];
            for (column, _) in &columns {
                row.push(
                    figures
                        .iter()
                        .find(|(t, _)| same_figure(t, column))
                        .map(|(_, f)| figure_cell(*f))
                        .unwrap_or_default(),
                );
            }
            row.push(disposition.clone());
            row.push(
                g.game
                    .log
                    .iter()
                    .map(|r| sc.actions[r.taken as usize].id.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            );
            row.push(
                (g.game.injects.iter())
                    .filter_map(|x| {
                        let inject = sc.injects.get(x.inject as usize)?;
                        Some(format!("{}:{}", x.turn, inject.id))
                    })
                    .collect::<Vec<_>>()
                    .join(" "),
            );
            out += &spreadsheet::row(&row);
        }
    }
    out
}

/// The chart of one class: every game the groups played (not the what-ifs), from the
/// tension it opened at.
pub fn chart(class: &Class) -> Result<Vec<u8>, String> {
    class_png(class.sc(), &group_lines(class))
}

/// The chart's lines: each game's tension as it opened and after every turn, one line for the
/// games whose tension ran the same.
fn group_lines(class: &Class) -> Vec<GroupLine> {
    let mut lines: Vec<GroupLine> = Vec::new();
    for (number, g) in class.played() {
        // A game ended before its first turn was played is the one point it opened at, so that
        // every group in the table has its mark on the chart.
        let opening = (g.game.log.first()).map_or(g.game.state.tension, |r| r.tension_before);
        let tension: Vec<f32> = std::iter::once(opening)
            .chain(g.game.log.iter().map(|r| r.tension_after))
            .collect();
        // Games whose tension ran the same every turn share a line, which names them all.
        match lines.iter_mut().find(|l| l.tension == tension) {
            Some(line) => line.numbers.push(number),
            None => lines.push(GroupLine {
                numbers: vec![number],
                tension,
            }),
        }
    }
    lines
}

/// Writes `class.html`, `class.csv` and each class's chart (`class.png`, or `class-1.png`,
/// `class-2.png`... for several) into `dir`, all or none; returns the paths written, the page
/// first. `left_out` names the files that were not read, on the page too.
///
/// A folder that holds a `class.html` the game did not write, or a class page's other files
/// with no page beside them (a roster saved as `class.csv`, say), is left as it is: they are
/// someone's. Charts of an earlier page in the folder that the new page does not show are
/// removed, so that no stale chart is projected in its place.
pub fn write(
    dir: &Path,
    classes: &[Class],
    reveal: bool,
    left_out: &[String],
) -> Result<Vec<PathBuf>, String> {
    if let Some(why) = not_a_class_folder(dir) {
        return Err(format!(
            "{} holds {why}; give another --out, or empty it first",
            dir.display()
        ));
    }
    let charts = classes.iter().map(chart).collect::<Result<Vec<_>, _>>()?;
    let page = html(classes, &charts, reveal, left_out);
    let csv = spreadsheet::file_bytes(&csv(classes, reveal));
    let chart_names: Vec<String> = (1..=charts.len())
        .map(|i| {
            if charts.len() == 1 {
                "class.png".to_string()
            } else {
                format!("class-{i}.png")
            }
        })
        .collect();
    let mut files: Vec<(&str, &[u8])> = vec![("class.html", page.as_bytes()), ("class.csv", &csv)];
    files.extend(
        chart_names
            .iter()
            .zip(&charts)
            .map(|(n, png)| (n.as_str(), png.as_slice())),
    );
    crate::save::write_all_or_none(dir, &files)?;
    for stale in class_charts(dir) {
        if !chart_names.contains(&stale) {
            let _ = std::fs::remove_file(dir.join(stale));
        }
    }
    Ok(files.iter().map(|(name, _)| dir.join(name)).collect())
}

/// The names of the class charts in `dir`: `class.png` and `class-N.png`.
fn class_charts(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|name| {
            name == "class.png"
                || name
                    .strip_prefix("class-")
                    .and_then(|rest| rest.strip_suffix(".png"))
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
        .collect()
}

/// Why `dir` is not a folder a class page may be written into (in a few words), or None: it
/// holds no class page's files, or the page the game wrote with them.
fn not_a_class_folder(dir: &Path) -> Option<String> {
    let page = dir.join("class.html");
    if page.exists() {
        let ours = std::fs::read_to_string(&page)
            .is_ok_and(|text| text.contains("<title>Peninsula: Class results"));
        return (!ours).then(|| "a class.html that is not a class page of the game's".to_string());
    }
    let csv = dir.join("class.csv");
    if csv.exists() {
        return Some("a class.csv with no class page beside it".to_string());
    }
    class_charts(dir)
        .first()
        .map(|chart| format!("a {chart} with no class page beside it"))
}

/// "Table 1's game of 6 turns": a game in the notes of what the page left out.
pub fn described(g: &ClassGame) -> String {
    format!(
        "{}'s game of {}",
        base_label(g),
        turns_played(g.game.log.len())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every group in the table has its mark on the chart: a game ended before its first turn
    /// is the point it opened at; games that ran the same share a line that names them both.
    #[test]
    fn every_group_has_a_line_from_the_opening_tension() {
        let data = crate::rules::load_data(Path::new(env!("CARGO_MANIFEST_DIR")))
            .expect("the shipped data");
        let sc = data
            .level("2017_fire_and_fury")
            .and_then(|l| l.scenario())
            .expect("2017");
        let hold = sc.action_index("hold_course").unwrap();
        let game = |turns: usize, group: &str| {
            let mut g = Game::new(sc, 41);
            for _ in 0..turns {
                g.play(sc, hold);
            }
            g.group = Some(group.to_string());
            ClassGame {
                sc,
                game: g,
                class_code: None,
                unfinished: Unfinished::EndedEarly { reveal: false },
                rewound: None,
                source: group.to_string(),
            }
        };
        let opening = Game::new(sc, 41).state.tension;
        let class = classes(vec![game(0, "A"), game(2, "B"), game(2, "C")])
            .pop()
            .unwrap();
        let lines = group_lines(&class);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].numbers, vec![1]);
        assert_eq!(lines[0].tension, vec![opening], "the game of no turns");
        assert_eq!(lines[1].numbers, vec![2, 3], "the same game, one line");
        assert_eq!(lines[1].tension.len(), 3);
        assert_eq!(lines[1].tension[0], opening);
        assert!(chart(&class).is_ok());
    }
}
