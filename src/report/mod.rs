//! The debrief report: one self-contained HTML page (styles inline, the chart inlined as a PNG
//! data address, nothing fetched) that a teacher can open offline, print or hand round, plus
//! the chart as a PNG beside it. It holds the outcome and score, the tension chart with the
//! real history, the timeline of every move, answer and event with its "why" (from the shared
//! turn story), what really happened with sources, and the level's discussion questions.
//! Beside it goes a one-page handout for a class's copies (`handout`). Written by `peninsula
//! report LOG --out DIR` and by the debrief's Export button. The class's page (`class`) sets
//! every group's game of a class side by side, from their exported logs.

pub mod chart;
pub mod class;
pub mod class_folder;
pub mod font_subset;
pub mod handout;
pub mod lab;
pub mod page_font;
pub mod spreadsheet;

use crate::rules::{Scenario, Who};
use crate::sim::attribution::{StepChanges, changes_by_step, step_line};
use crate::sim::story::{Tone, TurnStory};
use crate::sim::transcript::{closest_win, hindsight_line, outcome_text};
use crate::sim::{Game, TurnStep};
use base64::Engine;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Escapes text for HTML.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a line for HTML, and shows what it quotes in backticks (a rule's id, a command)
/// as code, as a reader of the transcript sees it, instead of raw backticks.
/// A source line escaped, its web addresses made links (a printed page still shows them whole).
fn esc_linked(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(at) = [rest.find("http://"), rest.find("https://")]
        .into_iter()
        .flatten()
        .min()
    {
        out.push_str(&esc(&rest[..at]));
        let tail = &rest[at..];
        let end = tail
            .find(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>')
            .unwrap_or(tail.len());
        // Punctuation that ends the sentence, not the address.
        let url = tail[..end].trim_end_matches([';', ',', '.', ')']);
        let _ = write!(out, "<a href=\"{0}\">{0}</a>", esc(url));
        rest = &tail[url.len()..];
    }
    out.push_str(&esc(rest));
    out
}

fn esc_rich(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut open = false;
    for (i, part) in text.split('`').enumerate() {
        if i > 0 {
            out.push_str(if open { "</code>" } else { "<code>" });
            open = !open;
        }
        out.push_str(&esc(part));
    }
    if open {
        out.push_str("</code>");
    }
    out
}

/// The page's style: dark on screen, as the game is; on paper black on white, with the chart
/// inverted to a light one (its hues turned back) and the legend's colours darkened, so a printed
/// report wastes no ink and every line of it reads. On paper too, in 10-point type on the page's
/// whole width, with the answers' column widest, a heading keeps to what follows it and the
/// chart or a list item is not cut by a page break (a teacher found "Tension per turn" alone
/// at the foot of page 1, and the report running to 19 pages). A turn's row may break: kept
/// whole, each took a page of its own. The fonts name first the page's own Korean font, which a
/// page with Hangul carries for just the characters it uses (`page_font`, and only for them:
/// its `unicode-range`), so a group's Korean name is drawn the same on every computer, one with
/// no Korean font included; then each system's own (Windows' Malgun Gothic, a Mac's, Linux's
/// Noto CJK or Nanum). Named after the system's, the page's font was not used for the first
/// Korean Chromium laid out, which it drew as empty boxes (the handout's fonts are the same).
const STYLE: &str = "body{font-family:'Peninsula Hangul',system-ui,'Segoe UI','Malgun Gothic','Apple SD Gothic Neo','Noto Sans CJK KR',NanumGothic,sans-serif;background:#0e151d;color:#e8eef4;\
margin:2em auto;max-width:1000px;padding:0 1em;line-height:1.4}h1{color:#f0b23c;margin-bottom:0}\
h2{color:#f0b23c;border-bottom:1px solid #2e4052;padding-bottom:.2em;margin-top:1.6em}\
.group{font-size:1.25em;margin:.3em 0}.win{color:#4cc38a}.loss{color:#e5534b}.muted{color:#93a4b8}.small{font-size:.85em}\
table{border-collapse:collapse;width:100%}td,th{border-top:1px solid #2e4052;padding:.4em;\
vertical-align:top;text-align:left}th{color:#93a4b8;font-weight:normal}.why{color:#93a4b8;\
font-size:.85em;margin:.1em 0 .1em 1em}.bad{color:#e5534b}.good{color:#4cc38a}\
img{width:100%;border:1px solid #2e4052}.key>span{margin-right:1.2em}a{color:#5aa8e6;overflow-wrap:anywhere}\
code{color:#c9d4df;background:#1a2531;padding:0 .2em;border-radius:3px}\
.record td:nth-child(-n+2),.record th:nth-child(-n+2){white-space:nowrap}\
@page{margin:1.4cm}@media print{body{background:#fff;color:#000;font-size:10pt;margin:0;max-width:none;padding:0}\
h2{break-after:avoid;page-break-after:avoid;margin-top:1em}img,li,.key{break-inside:avoid;page-break-inside:avoid}\
table{font-size:9pt}td:nth-child(3){width:58%}h1,h2{color:#000}code{color:#000;background:none}a{color:#000}.why,.muted{color:#333}\
th{color:#333}img{filter:invert(1) hue-rotate(180deg)}.key{filter:brightness(.55)}}";

/// What a report says of a game with no outcome yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Unfinished {
    /// A save or a log of a game still being played: "in progress", the type hidden.
    #[default]
    InProgress,
    /// Ended early from the facilitator's menu ("End now"): said so, and the type named only
    /// on the facilitator's own machine (`reveal`), so a student's copy keeps it hidden.
    EndedEarly { reveal: bool },
}

impl Unfinished {
    /// A game read from a log for a page many see (the class's): ended early when its log says
    /// so, its type kept hidden all the same (only a teacher's `--reveal` names it).
    pub fn of_log(ended: bool) -> Unfinished {
        if ended {
            Unfinished::EndedEarly { reveal: false }
        } else {
            Unfinished::InProgress
        }
    }
}

/// A game rewound (on the debrief's "Rewind to turn N", or by `peninsula whatif`) and played
/// on: the turn it was rewound to, how many turns the game before the rewind had, and that
/// game's tension after each of its turns, which the chart draws beside the what-if's (empty
/// when a log did not keep it), and the class code of that game when it was a class's.
#[derive(Debug, Clone, PartialEq)]
pub struct Rewind {
    pub turn: u32,
    pub original_turns: usize,
    pub original_tension: Vec<f32>,
    /// The class code of the game it parts from (see `WhatIfLog::class_code`); None for a game
    /// played from a level and seed, or when the caller names the code (`report::write`).
    pub class_code: Option<String>,
}

impl Rewind {
    /// The what-if of `original` rewound to the start of `turn`.
    pub fn of(original: &Game, turn: u32) -> Rewind {
        Rewind {
            turn,
            original_turns: original.log.len(),
            original_tension: original.log.iter().map(|r| r.tension_after).collect(),
            class_code: None,
        }
    }

    /// As a log keeps it.
    pub fn from_log(log: &crate::rules::raw::WhatIfLog) -> Rewind {
        Rewind {
            turn: log.from_turn,
            original_turns: log.of_turns as usize,
            original_tension: log.tension.clone(),
            class_code: log.class_code.clone(),
        }
    }

    /// For a log to keep.
    pub fn to_log(&self) -> crate::rules::raw::WhatIfLog {
        crate::rules::raw::WhatIfLog {
            from_turn: self.turn,
            of_turns: self.original_turns as u32,
            tension: self.original_tension.clone(),
            class_code: self.class_code.clone(),
        }
    }
}

/// The page for a game; `class_code`, when the game was played from one, is named at the top so
/// a teacher collecting reports can tell which game each group played. `unfinished` says what
/// a game with no outcome is; `rewound`, that the game is a what-if played on from a rewind.
pub fn html(
    sc: &Scenario,
    game: &Game,
    chart_png: &[u8],
    class_code: Option<&str>,
    unfinished: Unfinished,
    rewound: Option<&Rewind>,
) -> String {
    let def = &sc.def;
    let s = &game.state;
    let rules = &sc.rules;
    let mut out = String::new();
    let title = format!("{} ({})", def.title, def.years);
    // The group's name heads the page and its tab: a teacher opens a class's reports side by
    // side.
    let by = game
        .group
        .as_deref()
        .map(|g| format!(" · {g}"))
        .unwrap_or_default();
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Peninsula debrief: {}{}</title><style>{STYLE}</style></head><body>",
        esc(&title),
        esc(&by)
    );
    let _ = write!(out, "<h1>Debrief: {}</h1>", esc(&title));
    // Who played it and where: a teacher collecting a class's reports matches them to the
    // room's computers.
    let by = game
        .group
        .as_deref()
        .map(|g| format!(" by <strong>{}</strong>", esc(g)));
    let on = game.computer.as_deref().map(|c| format!(" on {}", esc(c)));
    if by.is_some() || on.is_some() {
        let _ = write!(
            out,
            "<p class=\"group\">Played{}{}</p>",
            by.unwrap_or_default(),
            on.unwrap_or_default()
        );
    }
    // A class's game is named by its code below, not its seed: with the seed, `class-code`
    // prints the teacher's key, and a student reads this page.
    let seed = match class_code {
        Some(_) => String::new(),
        None => format!(", seed {}", s.seed),
    };
    let _ = write!(
        out,
        "<p class=\"muted\">Level <code>{}</code>{seed}, {} played.</p>",
        esc(sc.id()),
        turns_played(game.log.len())
    );
    match (class_code, rewound) {
        (_, Some(r)) => {
            let code = class_code
                .map(|c| format!(" (class code <code>{}</code>)", esc(c)))
                .unwrap_or_default();
            let _ = write!(
                out,
                "<p><strong>What if: from turn {}.</strong> A game of {} was rewound (with \
                 the debrief's Rewind, or <code>peninsula whatif</code>) to the start of turn \
                 {}{code} \
                 and played on differently from there: \
                 the turns before it are that game's, with the same dice.</p>",
                r.turn,
                turns_played(r.original_turns),
                r.turn
            );
        }
        (Some(code), None) => {
            let _ = write!(
                out,
                "<p>Class code <code>{}</code>: the whole class played this game (rules \
                 <code>{}</code>: a report that names other rules comes from a machine with \
                 another version or edited files, and another game).</p>",
                esc(code),
                sc.fingerprint()
            );
        }
        (None, None) => {}
    }
    // Rules a mod changed make another game of the same dice: a teacher comparing reports
    // sees which were played under them.
    if !rules.patched_by.is_empty() {
        let _ = write!(
            out,
            "<p><strong>Played under rules changed by mods:</strong> {}. Games of the same \
             level and seed under other rules are other games.</p>",
            esc(&rules.patched_by.join(", "))
        );
    }
    let class = match s.outcome {
        Some(o) if o.is_win() => "win",
        Some(_) => "loss",
        None => "muted",
    };
    let _ = write!(
        out,
        "<h2>Outcome</h2><p class=\"{class}\"><strong>{}</strong></p><p>{} · peak tension {:.1} \
         (at its height within a turn, before it fades: the chart's pale tops)</p>",
        esc(&match (s.outcome, unfinished) {
            (None, Unfinished::EndedEarly { .. }) => format!(
                "Ended early (End now), after {} of {}",
                turns_played(game.log.len()),
                def.turns
            ),
            _ => outcome_text(sc, s.outcome),
        }),
        esc(&crate::sim::turn::score_line(sc, s)),
        s.peak_tension
    );
    if let Some(closest) = closest_win(sc, s) {
        let _ = write!(out, "<p>{}</p>", esc(&closest));
    }
    if let Some(line) = crate::sim::transcript::undone_line(game.undone) {
        let _ = write!(out, "<p class=\"bad\">{}</p>", esc(&line));
    }
    if s.difficulty != 0
        && let Some(d) = rules.difficulties.get(s.difficulty as usize)
    {
        let _ = write!(out, "<p>Difficulty: {}</p>", esc(&d.described(true)));
        if !d.spread.is_empty() {
            let opening = crate::sim::transcript::opening_line(sc, s.seed, s.difficulty);
            let _ = write!(
                out,
                "<p>Opening ({}) — {}</p>",
                crate::sim::transcript::OPENING_KEY,
                esc(&opening)
            );
        }
    }
    if let Some(t) = &game.teams {
        let scores: Vec<String> = crate::sim::teams::scores_with_parts(sc, s)
            .iter()
            .map(|line| esc(line))
            .collect();
        let _ = write!(
            out,
            "<p>{}: {}; {}.</p>",
            crate::sim::teams::scores_heading(s),
            scores.join(" · "),
            esc(&t.rule.describe(sc))
        );
        for team in &rules.teams {
            let _ = write!(
                out,
                "<p class=\"muted small\">{}: {}</p>",
                esc(&team.name),
                esc(&team.priorities)
            );
        }
    }
    let reveal = reveals_disposition(s, unfinished);
    match rules.pyongyang.dispositions.get(s.disposition as usize) {
        Some(d) if reveal => {
            let _ = write!(
                out,
                "<p>Pyongyang's hidden disposition this game: <strong>{}</strong>, {}</p>",
                esc(&d.name),
                esc(&d.about)
            );
            if let Some(line) = crate::sim::draw::sentence_for(sc, s.disposition, s.difficulty) {
                let _ = write!(out, "<p class=\"muted small\">{}</p>", esc(&line));
            }
        }
        Some(_) if unfinished != Unfinished::InProgress => {
            let _ = write!(
                out,
                "<p>Pyongyang's hidden disposition stays hidden: the game ended before its \
                 outcome.</p>"
            );
        }
        Some(_) => {
            let _ = write!(
                out,
                "<p>Pyongyang's hidden disposition stays hidden until the game ends.</p>"
            );
        }
        None => {}
    }
    // "Final" only once the game is over: in a game still going, it is the latest.
    let which = if s.outcome.is_none() && unfinished == Unfinished::InProgress {
        "latest"
    } else {
        "final"
    };
    if let Some(line) = game
        .log
        .iter()
        .rev()
        .find_map(|r| TurnStory::of(sc, r).estimate)
    {
        let _ = write!(
            out,
            "<p class=\"muted\">Your analysts' {which} estimate: {}</p>",
            esc(&line)
        );
    }
    let data = base64::engine::general_purpose::STANDARD.encode(chart_png);
    let families = crate::rules::Family::ALL
        .iter()
        .map(|f| {
            let c = chart::family_color(*f);
            format!(
                "<span style=\"color:#{:02x}{:02x}{:02x}\">{}</span>",
                c.0,
                c.1,
                c.2,
                esc(f.label())
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let split = if game.log.iter().any(|r| r.also.is_some()) {
        "; in two halves when both teams' moves were played"
    } else {
        ""
    };
    // A what-if's chart draws the game before the rewind too, and its key says which is which.
    let (alt_original, key_original) = match rewound.filter(|r| chart::draws_original(Some(r))) {
        Some(r) => (
            ", a white line for the game before the rewind".to_string(),
            format!(
                "<span>White line with dots (black on paper): the game before the rewind; the \
                 marker, the start of turn {}, where it was rewound to.</span>",
                r.turn
            ),
        ),
        None => (String::new(), String::new()),
    };
    // A fictional level (the sandbox) has no reading of history, so no violet line to name.
    let (alt_history, key_history) = if def.history.is_empty() {
        ("", "")
    } else {
        (
            ", a violet line for the real history",
            "<span style=\"color:#b98cff\">Violet line: the designers' reading of the real \
             history.</span>",
        )
    };
    let _ = write!(
        out,
        "<h2>Tension per turn</h2><img alt=\"Tension per turn: bars for the game{alt_history}\
         {alt_original}\" src=\"data:image/png;base64,{data}\">\
         <p class=\"key small\"><span>Bars: the tension after each turn of your game, \
         coloured by your move's family: {families}; grey: held course{split}; a pale top: \
         the turn at its height, before it faded (what the score counts).</span>\
         {key_history}{key_original}<span class=\"bad\">Red dot: \
         Pyongyang provoked.</span><span class=\"good\">Green dot: Pyongyang engaged.</span></p>"
    );
    out.push_str("<h2>Timeline</h2><table><tr><th>Turn</th><th>Your move</th><th>The answers and why</th><th>Tension</th></tr>");
    // Which part of each turn moved each figure, as the answers said it, from one replay of
    // the command log (a turn that does not replay as recorded gets no such lines).
    let moves: Vec<u16> = game.log.iter().map(|r| r.requested).collect();
    let mut changes: Vec<Option<Vec<StepChanges>>> = Vec::with_capacity(game.log.len());
    Game::replay_each(sc, &game.setup(), &moves, &game.injects, |g| {
        let before = g.before_last_turn.as_deref();
        changes.push(
            before
                .zip(g.log.last())
                .and_then(|(before, rec)| changes_by_step(sc, before, rec)),
        );
    });
    for (i, rec) in game.log.iter().enumerate() {
        let story = TurnStory::of(sc, rec);
        let steps = changes.get(i).and_then(|c| c.as_deref());
        let news_events = !story.events.is_empty();
        let changed =
            |step: TurnStep| steps.and_then(|steps| step_line(sc, steps, step, news_events));
        let _ = write!(
            out,
            "<tr><td>{}<br><span class=\"muted small\">{}</span></td><td>{}<br>\
             <span class=\"muted small\">{}</span>",
            story.turn,
            esc(&story.date),
            esc(&story.move_name),
            esc(story.family_label())
        );
        if let Some(also) = &story.also {
            let _ = write!(out, "<br>and {}", esc(also));
        }
        if let Some(line) = game
            .teams
            .as_ref()
            .and_then(|t| crate::sim::teams::played_line(sc, t, i, rec))
        {
            let _ = write!(
                out,
                "<br><span class=\"small\">Teams: {}</span>",
                esc(&line)
            );
        }
        for x in game.injects.iter().filter(|x| x.turn == story.turn) {
            if let Some(inject) = sc.injects.get(x.inject as usize) {
                let _ = write!(
                    out,
                    "<br><span class=\"bad small\">Inject (the facilitator): {}</span>",
                    esc(&inject.news)
                );
            }
        }
        if let Some(note) = story.unavailable_note() {
            let _ = write!(out, "<br><span class=\"small\">({})</span>", esc(&note));
        }
        if let Some(reading) = &story.misread {
            let _ = write!(
                out,
                "<br><span class=\"bad small\">Read as {}</span>",
                esc(reading)
            );
        }
        if let Some(line) = changed(TurnStep::PlayerMove) {
            let _ = write!(out, "<div class=\"why\">{}: {}</div>", line.0, esc(&line.1));
        }
        out.push_str("</td><td>");
        for a in &story.answers {
            let class = match a.tone {
                Tone::Provocation => "bad",
                Tone::Engagement => "good",
                Tone::Neutral => "",
            };
            let _ = write!(
                out,
                "<div class=\"{class}\"><strong>{}:</strong> {}</div>",
                esc(a.who.label()),
                esc(&a.news)
            );
            // Once the game is over the disposition is known, and with it how close each of
            // Pyongyang's calls was: what the "over" line had to leave out during play.
            let decision = match a.who {
                Who::Beijing => rec.beijing,
                Who::Pyongyang => rec.pyongyang,
                _ => None,
            };
            // The "why" in plain words, as the dashboard gives it with its rules' details off
            // (the default): a page handed to a class, where rule ids, files and weights were
            // noise. `play` and the dashboard's setting keep the details for modders.
            let why = decision
                .map(|d| crate::sim::transcript::plain_why_lines(sc, a.who, &d))
                .unwrap_or_default();
            let hindsight = decision
                .filter(|_| reveal)
                .and_then(|d| hindsight_line(sc, a.who, &d));
            // Once the game is over the hindsight says what weighed most: the line that during
            // play said only the hidden disposition decides it would be stale beside it.
            for (head, line) in why
                .iter()
                .filter(|(head, _)| !(hindsight.is_some() && head == "which weighed most"))
            {
                let _ = write!(out, "<div class=\"why\">{head}: {}</div>", esc_rich(line));
            }
            if let Some(line) = hindsight {
                let _ = write!(
                    out,
                    "<div class=\"why\">in hindsight: {}</div>",
                    esc_rich(&line)
                );
            }
            let step = match a.who {
                Who::Beijing => Some(TurnStep::Beijing),
                Who::Pyongyang => Some(TurnStep::Pyongyang),
                _ => None,
            };
            if let Some(line) = step.and_then(changed) {
                let _ = write!(out, "<div class=\"why\">{}: {}</div>", line.0, esc(&line.1));
            }
        }
        for e in &story.events {
            let _ = write!(out, "<div class=\"bad\">Event: {}</div>", esc(&e.news));
        }
        for step in [TurnStep::Events, TurnStep::Upkeep] {
            if let Some(line) = changed(step) {
                let _ = write!(out, "<div class=\"why\">{}: {}</div>", line.0, esc(&line.1));
            }
        }
        if let Some(line) = &story.estimate {
            let _ = write!(out, "<div class=\"why\">estimate: {}</div>", esc(line));
        }
        let _ = write!(
            out,
            "</td><td>{:.1} → {:.1}{}<br><span class=\"muted small\">{}</span></td></tr>",
            story.tension_before,
            story.tension_after,
            esc(&story.height_note().unwrap_or_default()),
            esc(&story.rung_name)
        );
    }
    // Injects on a turn the game ended before playing: they moved the tension all the same.
    for x in game.injects_unplayed() {
        if let Some(inject) = sc.injects.get(x.inject as usize) {
            let _ = write!(
                out,
                "<tr><td>{}</td><td class=\"muted\">(not played: the game ended)</td><td>\
                 <span class=\"bad small\">Inject (the facilitator): {}</span></td><td></td></tr>",
                x.turn,
                esc(&inject.news)
            );
        }
    }
    out.push_str("</table>");
    if !def.history.is_empty() {
        out.push_str("<h2>What really happened</h2><ul>");
        for h in &def.history {
            let _ = write!(
                out,
                "<li>{} {} <span class=\"muted small\">({})</span></li>",
                esc(&h.date),
                esc(&h.text),
                esc_linked(&h.source)
            );
        }
        out.push_str("</ul>");
    }
    // The game's own figures beside the real year's, as the level's calibration states them.
    let beside = crate::sim::figures::beside_the_record(sc, game);
    if !beside.is_empty() {
        let so_far = match (s.outcome, unfinished) {
            (None, _) => format!(" (after {})", turns_played(game.log.len())),
            _ => String::new(),
        };
        let _ = write!(
            out,
            "<h2>This game against the record</h2><table class=\"record\"><tr><th></th>\
             <th>This game{so_far}</th><th>The real year</th></tr>"
        );
        for (target, figure) in beside {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{} <span class=\"muted small\">({})</span></td></tr>",
                esc(&crate::sim::figures::target_label(sc, target)),
                esc(&crate::sim::figures::figure_text(figure)),
                esc(&target.real),
                esc_linked(&target.source)
            );
        }
        out.push_str("</table>");
        for note in crate::sim::figures::beside_the_record_notes(sc, game) {
            let _ = write!(out, "<p class=\"muted small\">{}</p>", esc(&note));
        }
    }
    out.push_str("<h2>For discussion</h2>");
    if let Some(note) = handout::questions_note(sc, game) {
        let _ = write!(out, "<p class=\"small\">{}</p>", esc(&note));
    }
    out.push_str("<ol>");
    for q in handout::questions(sc) {
        let _ = write!(out, "<li>{}</li>", esc_rich(&q));
    }
    out.push_str("</ol>");
    if !def.learning_goals.is_empty() {
        out.push_str("<h2>Learning goals</h2><ul>");
        for g in &def.learning_goals {
            let _ = write!(out, "<li>{}</li>", esc_rich(g));
        }
        out.push_str("</ul>");
    }
    // For the teacher, in small print at the foot: the commands stay out of what students read.
    out.push_str(
        "<p class=\"muted small\">Made by Peninsula from the game's log, <code>game.ron</code>, \
         written beside this page (for the teacher: <code>peninsula play --moves game.ron</code> \
         replays the game).</p></body></html>\n",
    );
    page_font::with_korean_font(out)
}

/// The questions every report asks after the level's own: on any game.
const GENERIC_QUESTIONS: [&str; 2] = [
    "Which of your moves mattered most, and what would have followed another one? (On the \
     debrief, Rewind to that turn and play the other move: the dice stay the same.)",
    "What did your analysts believe about Pyongyang, and when did they change their mind?",
];

/// Whether a page may name Pyongyang's hidden type: only once the game is over, or on the
/// facilitator's machine for a game it ended early.
fn reveals_disposition(s: &crate::sim::GameState, unfinished: Unfinished) -> bool {
    s.outcome.is_some() || unfinished == Unfinished::EndedEarly { reveal: true }
}

/// "1 turn", "12 turns": how much of the level a game played, for "... played" and "after ...".
pub fn turns_played(turns: usize) -> String {
    if turns == 1 {
        "1 turn".to_string()
    } else {
        format!("{turns} turns")
    }
}

/// How a game went, in a spreadsheet's word (`won`, `lost`, `war`, `ended early`, `in
/// progress`), and its score once it reached its end, as the debrief gives it.
pub fn how_it_went(
    sc: &Scenario,
    game: &Game,
    unfinished: Unfinished,
) -> (&'static str, Option<u32>) {
    match game.state.outcome {
        Some(o) => {
            let how = match o {
                crate::sim::state::Outcome::Win(_) => "won",
                crate::sim::state::Outcome::Loss(_) => "lost",
                crate::sim::state::Outcome::War(_) => "war",
            };
            (how, Some(crate::sim::turn::score(sc, &game.state)))
        }
        None => match unfinished {
            Unfinished::EndedEarly { .. } => ("ended early", None),
            Unfinished::InProgress => ("in progress", None),
        },
    }
}

/// One row per turn for a spreadsheet: which game it is (the level, the class code, the group,
/// the computer it was played on, and whether it is a what-if, how it went and its score), then the facilitator's injects as the turn opened, the move
/// (and the teams' proposals), both answers, tension, and every variable after the turn, one
/// column each; then the analysts' estimate after the turn (their mean share for each
/// disposition, `estimate_builder`...) and Pyongyang's hidden disposition, left blank unless the
/// game may name it (it ended, or a facilitator ended it and revealed it). The first seven
/// columns repeat on every row, so a teacher can paste every group's file into one sheet and
/// still sort and filter by group, and set when each group's analysts changed their minds
/// against the truth.
pub fn csv(
    sc: &Scenario,
    game: &Game,
    class_code: Option<&str>,
    unfinished: Unfinished,
    rewound: Option<&Rewind>,
) -> String {
    let rules = &sc.rules;
    /// The columns before `turn` that say which game a row is from and how it went.
    const GAME_COLUMNS: usize = 7;
    let mut header: Vec<String> = [
        "level",
        "class_code",
        "group",
        "computer",
        "run",
        "outcome",
        "score",
        "turn",
        "date",
        "injects",
        "move",
        "also",
        "proposal_1",
        "proposal_2",
        "beijing",
        "pyongyang",
        "tension_before",
        "tension_after",
    ]
    .iter()
    .map(|h| h.to_string())
    .collect();
    // Each team's proposal is headed by the team's id (`proposal_washington`), so a
    // spreadsheet tells them apart.
    for (i, team) in sc.rules.teams.iter().take(2).enumerate() {
        header[GAME_COLUMNS + 5 + i] = format!("proposal_{}", team.id);
    }
    header.extend(rules.vars.iter().map(|v| v.id.clone()));
    let py = &rules.pyongyang;
    let analysts = py.analysts.len().min(crate::rules::MAX_ANALYSTS);
    let types = py.dispositions.len().min(crate::rules::MAX_DISPOSITIONS);
    if analysts > 0 {
        header.extend(
            py.dispositions[..types]
                .iter()
                .map(|d| format!("estimate_{}", d.id)),
        );
    }
    header.push("disposition".to_string());
    let reveals = reveals_disposition(&game.state, unfinished);
    let disposition = if reveals {
        py.dispositions
            .get(game.state.disposition as usize)
            .map(|d| d.id.clone())
            .unwrap_or_default()
    } else {
        String::new()
    };
    let mut out = spreadsheet::row(&header);
    let run = match rewound {
        Some(r) => format!("what-if from turn {}", r.turn),
        None => "game".to_string(),
    };
    // How the game went, on every row so that a sheet of every group's rows sorts by it: the
    // score only for a game that reached its end, as the debrief gives it.
    let (outcome, score) = how_it_went(sc, game, unfinished);
    let (outcome, score) = (
        outcome.to_string(),
        score.map(|s| s.to_string()).unwrap_or_default(),
    );
    // Quoted once, with the rest of the row, below.
    let which = [
        sc.def.id.clone(),
        class_code.unwrap_or("").to_string(),
        game.group.clone().unwrap_or_default(),
        game.computer.clone().unwrap_or_default(),
        run,
        outcome,
        score,
    ];
    let moves: Vec<u16> = game.log.iter().map(|r| r.requested).collect();
    let action = |a: u16| {
        sc.actions
            .get(a as usize)
            .map(|x| x.id.clone())
            .unwrap_or_default()
    };
    // The state after each turn, from one replay of the command log.
    let mut after: Vec<Vec<f32>> = Vec::with_capacity(game.log.len());
    Game::replay_each(sc, &game.setup(), &moves, &game.injects, |g| {
        after.push(g.state.vars.clone())
    });
    for (i, rec) in game.log.iter().enumerate() {
        let story = TurnStory::of(sc, rec);
        let answer = |who: crate::rules::Who| {
            story
                .answers
                .iter()
                .find(|a| a.who == who)
                .map(|a| a.name.clone())
                .unwrap_or_default()
        };
        let (p1, p2) = match game.settled(i) {
            Some((_, [a, b], _)) => (action(a), action(b)),
            None => (String::new(), String::new()),
        };
        // The facilitator's injects that came as this turn opened, before its move (and so in
        // its `tension_before`), by id.
        let injects: Vec<&str> = game
            .injects
            .iter()
            .filter(|x| x.turn == rec.turn)
            .filter_map(|x| sc.injects.get(x.inject as usize).map(|i| i.id.as_str()))
            .collect();
        let mut row = which.to_vec();
        row.extend([
            rec.turn.to_string(),
            story.date.clone(),
            injects.join(" "),
            action(rec.taken),
            rec.also.map(action).unwrap_or_default(),
            p1,
            p2,
            answer(crate::rules::Who::Beijing),
            answer(crate::rules::Who::Pyongyang),
            format!("{:.1}", rec.tension_before),
            format!("{:.1}", rec.tension_after),
        ]);
        // A variable hidden from the player keeps its column, empty until the type is told,
        // so that every group's file has the same columns.
        if let Some(vars) = after.get(i) {
            row.extend(vars.iter().zip(&rules.vars).map(|(v, info)| {
                if info.hidden && !reveals {
                    String::new()
                } else {
                    format!("{v:.1}")
                }
            }));
        }
        if analysts > 0 {
            // The mean of the analysts' shares, as the dashboard shows it, in per cent.
            row.extend((0..types).map(|d| {
                let mean =
                    rec.estimate[..analysts].iter().map(|a| a[d]).sum::<f32>() / analysts as f32;
                format!("{:.1}", mean * 100.0)
            }));
        }
        row.push(disposition.clone());
        out += &spreadsheet::row(&row);
    }
    out
}

/// The game's log as the report's `game.ron` holds it: with the class code it was played from,
/// unless it was rewound and played on, which is a what-if of that game and not the game the
/// class played (as `whatif --log` writes it); a game ended early says so, so that a report
/// made from the log again says "Ended early" too.
pub fn log_text(
    sc: &Scenario,
    game: &Game,
    class_code: Option<&str>,
    unfinished: Unfinished,
    rewound: Option<&Rewind>,
) -> Result<String, String> {
    let code = class_code.filter(|_| rewound.is_none());
    let ended = matches!(unfinished, Unfinished::EndedEarly { .. }) && game.state.outcome.is_none();
    if !ended && rewound.is_none() {
        return game.log_text(sc, code.map(str::to_string));
    }
    let mut log = game.log_file(sc, code.map(str::to_string));
    log.ended = ended;
    // A what-if says so in its log, so a report made from it again says so too, and keeps the
    // class's code as the game it parts from, so that report names the class, not the seed.
    log.whatif = rewound.map(|r| {
        let mut w = r.to_log();
        w.class_code = w.class_code.or(class_code.map(str::to_string));
        w
    });
    crate::sim::log_file_text(&log)
}

/// The folder a new report goes in, given the folder its name asks for and the log it will
/// hold: that folder when it is free or holds this same game (exporting twice rewrites it), or
/// else the first free one of `<folder>-2`, `<folder>-3`, and so on. So another game's report
/// (the same class code and length played again, in another period) is never written over.
pub fn free_folder(wanted: &Path, log_text: &str) -> PathBuf {
    let holds_this_game = |dir: &Path| {
        std::fs::read_to_string(dir.join("game.ron")).is_ok_and(|text| text == log_text)
    };
    let name = wanted
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    std::iter::once(wanted.to_path_buf())
        .chain((2..).map(|n| wanted.with_file_name(format!("{name}-{n}"))))
        .find(|dir| !dir.exists() || holds_this_game(dir))
        .expect("an unbounded run of names has a free one")
}

/// Writes the report of a game into `dir` (created if needed), all five files or none:
/// `report.html`, the one-page `handout.html`, `tension.png`, `turns.csv` and the game's log
/// `game.ron` (as [`log_text`]
/// writes it); returns the page's path.
pub fn write(
    sc: &Scenario,
    game: &Game,
    dir: &Path,
    class_code: Option<&str>,
    unfinished: Unfinished,
    rewound: Option<&Rewind>,
) -> Result<PathBuf, String> {
    let (png, paper) = chart::png_for_screen_and_paper(sc, game, rewound)?;
    let page = html(sc, game, &png, class_code, unfinished, rewound);
    let csv = spreadsheet::file_bytes(&csv(sc, game, class_code, unfinished, rewound));
    // The game's log beside the page, so the class can replay or rewind it (`play --moves`,
    // `whatif`).
    let log_text = log_text(sc, game, class_code, unfinished, rewound)?;
    // The one-page handout, for a class's copies.
    let handout = handout::html(sc, game, &paper, class_code, unfinished, rewound);
    // The five together or none: a folder never keeps one export's page beside another's
    // spreadsheet (which might name a type the page still hides).
    crate::save::write_all_or_none(
        dir,
        &[
            ("turns.csv", &csv),
            ("tension.png", &png),
            ("game.ron", log_text.as_bytes()),
            ("handout.html", handout.as_bytes()),
            ("report.html", page.as_bytes()),
        ],
    )?;
    let page_path = dir.join("report.html");
    Ok(page_path)
}

#[cfg(test)]
mod tests {
    use super::{esc_linked, free_folder};

    /// A second game whose report would take the same folder (the same class code and length,
    /// played again) goes beside the first; the same game exported again rewrites its own.
    #[test]
    fn another_games_report_is_never_written_over() {
        let root =
            std::env::temp_dir().join(format!("peninsula-free-folder-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let wanted = root.join("2017_fire_and_fury-seed2017-16t");
        assert_eq!(
            free_folder(&wanted, "game A"),
            wanted,
            "a free folder is used"
        );
        std::fs::create_dir_all(&wanted).unwrap();
        std::fs::write(wanted.join("game.ron"), "game A").unwrap();
        assert_eq!(
            free_folder(&wanted, "game A"),
            wanted,
            "the same game again"
        );
        let second = root.join("2017_fire_and_fury-seed2017-16t-2");
        assert_eq!(free_folder(&wanted, "game B"), second);
        std::fs::create_dir_all(&second).unwrap();
        std::fs::write(second.join("game.ron"), "game B").unwrap();
        assert_eq!(free_folder(&wanted, "game B"), second);
        assert_eq!(
            free_folder(&wanted, "game C"),
            root.join("2017_fire_and_fury-seed2017-16t-3")
        );
        // A folder without a game's log (something else put there) is not written into.
        let other = root.join("other");
        std::fs::create_dir_all(&other).unwrap();
        assert_eq!(free_folder(&other, "game A"), root.join("other-2"));
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn a_sources_addresses_become_links_and_the_rest_is_escaped() {
        assert_eq!(
            esc_linked(
                "[43] Reuters, 2018-01-04: https://a.example/x?a=1&b=2; [44] <b>: http://b.example/y."
            ),
            "[43] Reuters, 2018-01-04: <a href=\"https://a.example/x?a=1&amp;b=2\">https://a.example/x?a=1&amp;b=2</a>; \
             [44] &lt;b&gt;: <a href=\"http://b.example/y\">http://b.example/y</a>."
        );
        assert_eq!(esc_linked("no address"), "no address");
    }
}
