//! Does the forecast help? A player who, every turn, plays the move the forecast gives the best
//! chance of winning (`forecast::follow`: ties go to the lower chance of war, then the move
//! listed first), over many
//! games of each level, with the win rate per hidden disposition, beside the policy the
//! forecast plays on with. The forecast samples Pyongyang's type from the analysts' estimate,
//! as on the dashboard, so this player never sees the hidden type either; "base rates" is the
//! same player with a forecast that ignores the estimate (the type drawn from the level's
//! chances), so the gap between the two is what reading the evidence is worth.
//!
//! Run: `cargo run --release --example forecast_player -- [GAMES] [ROLLOUTS] [LEVEL...]
//! [--plays-on POLICY]` (default 100 games a level, 300 rollouts a move, every historical level,
//! `adaptive` playing on, as on the dashboard). README, "Does the forecast help?", gives the
//! figures.

use peninsula::rules::load_data;
use peninsula::sim::batch::play_quiet;
use peninsula::sim::forecast::follow;
use peninsula::sim::{Outcome, Policy, new_game};
use std::io::Write;
use std::path::Path;

fn main() {
    // Arguments in any order: the first number is GAMES, the second ROLLOUTS, `--plays-on NAME`
    // the policy that plays on in the rollouts (default: the dashboard's, `adaptive`), anything
    // else a level id.
    let mut numbers = Vec::new();
    let mut wanted = Vec::new();
    let mut plays_on = peninsula::sim::forecast::PLAYS_ON.to_string();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--plays-on" {
            let Some(name) = args.next() else {
                eprintln!("error: --plays-on needs a policy name");
                std::process::exit(2);
            };
            plays_on = name;
        } else if let Ok(n) = a.parse::<u64>() {
            numbers.push(n);
        } else {
            wanted.push(a);
        }
    }
    let games = numbers.first().copied().unwrap_or(100).max(1);
    let rollouts = numbers
        .get(1)
        .copied()
        .unwrap_or(300)
        .clamp(1, u32::MAX as u64) as u32;
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let data = load_data(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("shipped data loads");
    let ids: Vec<&str> = data.levels.iter().map(|l| l.id()).collect();
    if let Some(bad) = wanted.iter().find(|w| !ids.contains(&w.as_str())) {
        eprintln!("error: no level {bad}; the levels are: {}", ids.join(", "));
        std::process::exit(2);
    }
    let types = &data.rules.pyongyang.dispositions;
    // Written with errors ignored, so output piped into `head` ends quietly.
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{games} games a level (seeds 1 to {games}), {rollouts} rollouts a move; win rate overall and per hidden type ({})",
        types
            .iter()
            .map(|d| d.name.as_str())
            .collect::<Vec<_>>()
            .join(" / ")
    );
    for level in &data.levels {
        let Some(sc) = level.scenario() else { continue };
        let historical = sc.id().starts_with(|c: char| c.is_ascii_digit());
        if !(wanted.iter().any(|w| w == sc.id()) || wanted.is_empty() && historical) {
            continue;
        }
        let policy = match Policy::load(sc, &data.root, &plays_on) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(2);
            }
        };
        for player in ["the forecast", "base rates", plays_on.as_str()] {
            let mut won = vec![0u32; types.len()];
            let mut played = vec![0u32; types.len()];
            for seed in 1..=games {
                let (win, d) = if player == plays_on {
                    let (s, summary) = play_quiet(sc, &policy, seed);
                    (summary.win, s.disposition)
                } else {
                    let mut s = new_game(sc, seed);
                    follow(
                        sc,
                        &mut s,
                        &policy,
                        rollouts,
                        player == "the forecast",
                        threads,
                    );
                    (matches!(s.outcome, Some(Outcome::Win(_))), s.disposition)
                };
                played[d as usize] += 1;
                won[d as usize] += win as u32;
            }
            let pct = |w: u32, n: u32| 100.0 * w as f64 / n.max(1) as f64;
            let _ = writeln!(
                out,
                "{:<20} {:<14} {:>5.1}%  ({})",
                sc.id(),
                player,
                pct(won.iter().sum(), played.iter().sum()),
                won.iter()
                    .zip(&played)
                    .map(|(w, n)| format!("{:.0}% of {n}", pct(*w, *n)))
                    .collect::<Vec<_>>()
                    .join(" / ")
            );
        }
    }
}
