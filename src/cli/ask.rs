//! `play --moves ask`: a game played at the terminal, one move at a time. Each turn it shows
//! where the crisis stands as the dashboard does (the turn, the tension, the key readings the
//! player may see, the moves open now and why the others are not), asks for a move, and tells
//! the turn as the transcript does; `f` shows the forecast, as `peninsula forecast` prints it,
//! where the level and the class code allow it. Nothing hidden from the player is shown: no
//! hidden variable, and Pyongyang's type only in the transcript once the game is over.

use crate::rules::Scenario;
use crate::rules::calendar::turn_date;
use crate::sim::forecast::forecast;
use crate::sim::transcript::turn_lines;
use crate::sim::{Game, Policy, availability, cost_phrase, explain_unavailable};
use std::fmt::Write as _;
use std::io::{self, BufRead, Write};

/// How an asked game stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    /// The game reached its outcome.
    Over,
    /// The player typed `q`.
    Quit,
    /// The input ran out (Ctrl-D, or the end of a piped file).
    EndOfInput,
}

/// The forecast an asked game can show: the policy that plays on after each move (the
/// dashboard's), or why there is none (a level played blind, a class code that hides it).
pub struct Forecasts<'a> {
    pub plays_on: Result<&'a Policy, String>,
    /// The class code the game was dealt by, named instead of its seed.
    pub class_code: Option<&'a str>,
}

/// Worlds per move in a forecast asked for at the terminal, as `peninsula forecast` plays.
const ROLLOUTS: u32 = 1000;

/// What the player typed, understood.
#[derive(Debug, PartialEq, Eq)]
enum Answer {
    Play(u16),
    ShowAgain,
    Forecast,
    Quit,
    /// Not a move that can be played now: what to tell the player.
    Wrong(String),
}

/// Plays `game` on from where it stands, asking for each move on `input` and telling each turn
/// on `out`, until the game is over, the player quits or the input runs out.
pub fn ask_moves(
    sc: &Scenario,
    game: &mut Game,
    forecasts: &Forecasts,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> io::Result<Stopped> {
    let mut line = Vec::new();
    while game.state.outcome.is_none() {
        write!(out, "{}", situation(sc, game))?;
        loop {
            write!(
                out,
                "Your move (number, id or name; ? lists the moves; f forecasts; q stops): "
            )?;
            out.flush()?;
            // Read as bytes: a line that is not UTF-8 is an answer like any other (not a move),
            // never the end of the game.
            line.clear();
            if input.read_until(b'\n', &mut line)? == 0 {
                writeln!(out)?;
                return Ok(Stopped::EndOfInput);
            }
            let typed = String::from_utf8_lossy(&line);
            match answer(sc, game, typed.trim()) {
                Answer::Play(a) => {
                    game.play(sc, a);
                    let i = game.log.len() - 1;
                    let told = turn_lines(sc, i, &game.log[i], &game.injects, game.teams.as_ref());
                    write!(out, "{told}")?;
                    break;
                }
                Answer::ShowAgain => write!(out, "{}", situation(sc, game))?,
                Answer::Forecast => match &forecasts.plays_on {
                    Ok(policy) => {
                        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
                        let odds = forecast(sc, &game.state, policy, ROLLOUTS, 1, threads);
                        let (name, code) = (policy.name(), forecasts.class_code);
                        let table = super::whatif::forecast_table(sc, game, &odds, name, code);
                        write!(out, "\n{table}")?;
                    }
                    Err(why) => writeln!(out, "{why}")?,
                },
                Answer::Quit => return Ok(Stopped::Quit),
                Answer::Wrong(why) => writeln!(out, "{why}")?,
            }
        }
    }
    Ok(Stopped::Over)
}

/// The moves open now, in the level's order: the numbers the player types.
fn open_moves(sc: &Scenario, game: &Game) -> Vec<u16> {
    (0..sc.actions.len() as u16)
        .filter(|a| availability(sc, &game.state, *a).is_ok())
        .collect()
}

/// Where the crisis stands before the move: the turn and its date, the tension and its rung,
/// the key readings the player may see, the open moves numbered, and the others with why.
fn situation(sc: &Scenario, game: &Game) -> String {
    let s = &game.state;
    let rules = &sc.rules;
    let def = &sc.def;
    let mut text = String::new();
    let date = turn_date(def.calendar.start, def.calendar.days_per_turn, s.turn).long();
    let _ = writeln!(
        text,
        "\n== Turn {} of {} · {date} · tension {:.1} ({})",
        s.turn,
        def.turns,
        s.tension,
        rules.rungs[s.rung(sc) as usize].name
    );
    // The key readings the player may see, actor by actor, as the dashboard's meters.
    for actor in &rules.actors {
        let readings: Vec<String> = actor
            .vars
            .iter()
            .filter_map(|&v| {
                let (info, x) = (rules.vars.get(v as usize)?, *s.vars.get(v as usize)?);
                if !info.key || info.hidden {
                    return None;
                }
                Some(match (&info.flag, info.off_phrase()) {
                    (Some(flag), _) if x >= 1.0 => flag.clone(),
                    (_, Some(off)) => off,
                    _ => format!("{} {:.0}", info.name, x),
                })
            })
            .collect();
        if !readings.is_empty() {
            let _ = writeln!(text, "   {}: {}", actor.name, readings.join(", "));
        }
    }
    let _ = writeln!(text, "Moves open now:");
    for (n, a) in open_moves(sc, game).into_iter().enumerate() {
        let action = &sc.actions[a as usize];
        // Its family as the transcript names it once played.
        let family = if action.neutral {
            crate::sim::story::NEITHER_FAMILY
        } else {
            action.family.label()
        };
        // What it costs, with what there is to spend, as its card says it.
        let _ = writeln!(
            text,
            "  {:>2}  {} ({family}; {}) [{}]",
            n + 1,
            action.name,
            cost_phrase(sc, s, a, true),
            action.id
        );
    }
    let closed: Vec<String> = (0..sc.actions.len() as u16)
        .filter_map(|a| {
            let why = availability(sc, s, a).err()?;
            Some(format!(
                "{} ({})",
                sc.actions[a as usize].name,
                explain_unavailable(sc, a, &why)
            ))
        })
        .collect();
    if !closed.is_empty() {
        let _ = writeln!(text, "Not open now: {}", closed.join("; "));
    }
    text
}

/// What the player typed, cut to its first 40 characters to be said back.
fn shortened(typed: &str) -> String {
    match typed.char_indices().nth(40) {
        Some((end, _)) => format!("{}...", &typed[..end]),
        None => typed.to_string(),
    }
}

/// The move the player typed: its number in the open list, or its id or name (any case).
fn answer(sc: &Scenario, game: &Game, typed: &str) -> Answer {
    match typed.to_ascii_lowercase().as_str() {
        "" | "?" | "help" => return Answer::ShowAgain,
        "f" | "forecast" => return Answer::Forecast,
        "q" | "quit" | "exit" => return Answer::Quit,
        _ => {}
    }
    let open = open_moves(sc, game);
    // A number (of any sign or size) is a place in the list of open moves.
    let digits = typed.strip_prefix('-').unwrap_or(typed);
    let named = if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        let place = typed.parse::<usize>().ok().and_then(|n| n.checked_sub(1));
        match place.and_then(|i| open.get(i)) {
            Some(a) => Some(*a),
            None => {
                return Answer::Wrong(format!(
                    "There is no move {} this turn: type a number from 1 to {}.",
                    shortened(typed),
                    open.len()
                ));
            }
        }
    } else {
        sc.actions
            .iter()
            .position(|a| {
                a.id.eq_ignore_ascii_case(typed) || a.name.trim().eq_ignore_ascii_case(typed)
            })
            .map(|a| a as u16)
    };
    let Some(a) = named else {
        let hint =
            crate::rules::diagnostics::suggestion(typed, sc.actions.iter().map(|a| a.id.as_str()));
        let typed = shortened(typed);
        return Answer::Wrong(format!("{typed:?} is not a move{hint}; ? shows the moves."));
    };
    match availability(sc, &game.state, a) {
        Ok(()) => Answer::Play(a),
        Err(why) => Answer::Wrong(format!(
            "{} is not open now: {}.",
            sc.actions[a as usize].name,
            explain_unavailable(sc, a, &why)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::{Answer, answer, situation};
    use crate::sim::Game;
    use std::sync::Arc;

    /// What the terminal shows before a move leaves out every variable hidden from the player,
    /// even one a mod marks as a key reading and that stands at 1 (the shipped `lull`, which
    /// would tell a quiet turn's cause), on every level; the key readings it may show are there.
    #[test]
    fn the_situation_shows_no_hidden_variable() {
        let data =
            crate::rules::load_data(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
        let mut checked = 0;
        for level in data.levels.iter().filter_map(|l| l.scenario()) {
            let mut sc = level.clone();
            let mut rules = (*sc.rules).clone();
            for v in rules.vars.iter_mut().filter(|v| v.hidden) {
                v.key = true;
            }
            sc.rules = Arc::new(rules);
            let mut game = Game::new(&sc, 1);
            for (i, v) in sc.rules.vars.iter().enumerate() {
                if v.hidden {
                    game.state.vars[i] = 1.0;
                }
            }
            let text = situation(&sc, &game);
            for v in &sc.rules.vars {
                if v.hidden {
                    assert!(
                        !text.contains(&v.name),
                        "{}: {} shown: {text}",
                        sc.id(),
                        v.name
                    );
                    checked += 1;
                } else if v.key && v.flag.is_none() {
                    assert!(
                        text.contains(&v.name),
                        "{}: {} not shown: {text}",
                        sc.id(),
                        v.name
                    );
                }
            }
        }
        assert!(checked > 0, "no level has a hidden variable to check");
    }

    /// A move is found by its number in the open list, its id or its name in any case; a move
    /// that is not open is refused with its reason, as the dashboard gives it.
    #[test]
    fn a_typed_move_is_found_by_number_id_or_name() {
        let data =
            crate::rules::load_data(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
        let sc = data
            .level("2022_seventh_test")
            .and_then(|l| l.scenario())
            .unwrap();
        let game = Game::new(sc, 1);
        let hold = sc.action_index("hold_course").unwrap();
        let open = super::open_moves(sc, &game);
        let number = open.iter().position(|a| *a == hold).unwrap() + 1;
        for typed in [number.to_string().as_str(), "hold_course", "HOLD COURSE"] {
            assert_eq!(answer(sc, &game, typed), Answer::Play(hold), "{typed}");
        }
        assert_eq!(answer(sc, &game, "?"), Answer::ShowAgain);
        assert_eq!(answer(sc, &game, "Q"), Answer::Quit);
        match answer(sc, &game, "leaders_summit") {
            Answer::Wrong(why) => assert!(why.contains("not open now: needs"), "{why}"),
            other => panic!("a summit on turn 1: {other:?}"),
        }
        match answer(sc, &game, "hold_corse") {
            Answer::Wrong(why) => assert!(why.contains("did you mean `hold_course`"), "{why}"),
            other => panic!("a misspelt move: {other:?}"),
        }
    }
}
