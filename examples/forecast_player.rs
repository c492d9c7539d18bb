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
//! `balanced` playing on, as on the dashboard). README, "Does the forecast help?", gives the
//! figures.

use peninsula::rules::load_data;
use peninsula::sim::batch::play_quiet;
use peninsula::sim::forecast::follow;
use peninsula::sim::{Outcome, Policy, new_game};
use std::path::Path;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    // `--plays-on NAME`: the policy that plays on in the forecast's rollouts (default balanced).
    let plays_on = match args.iter().position(|a| a == "--plays-on") {
        Some(i) if i + 1 < args.len() => {
            let name = args.remove(i + 1);
            args.remove(i);
            name
        }
        _ => "balanced".to_string(),
    };
    let games: u64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(100);
    let rollouts: u32 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(300);
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let data = load_data(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("shipped data loads");
    let wanted: Vec<&str> = args.iter().skip(2).map(String::as_str).collect();
    let types = &data.rules.pyongyang.dispositions;
    println!(
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
        if !(wanted.contains(&sc.id()) || wanted.is_empty() && historical) {
            continue;
        }
        let policy = Policy::load(sc, &data.root, &plays_on).expect("a built-in policy");
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
            println!(
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
