//! Engine speed, in release: turn resolutions per second on one core, the time of a
//! 10,000-game batch on each level (what `peninsula sim --runs 10000` does), and the time of a
//! full forecast (every move x 1,000 rollouts).
//!
//! Run: `cargo bench --bench engine`. Figures go in README.md. `PENINSULA_BENCH_DATA=DIR` measures
//! the data in DIR (its `assets/` and `levels/`) instead of the shipped data: to time this engine
//! on another model, such as the one an older build shipped (README.md, *Speed*).

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use peninsula::rules::load_data;
use peninsula::sim::batch::{play_quiet, run_batch};
use peninsula::sim::forecast::forecast;
use peninsula::sim::{Policy, new_game, resolve_turn};
use std::hint::black_box;
use std::path::Path;

fn data() -> peninsula::rules::DataSet {
    let root = std::env::var_os("PENINSULA_BENCH_DATA").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
        Into::into,
    );
    load_data(&root).expect("the benchmark's data loads")
}

/// The 2022 level, which every figure but the per-level batches is measured on.
fn level_2022(data: &peninsula::rules::DataSet) -> &peninsula::rules::Scenario {
    data.level("2022_seventh_test")
        .and_then(|l| l.scenario())
        .expect("2022 level")
}

/// One core: whole games of the 2022 level, moves cycling through every action, counted in turns.
fn turns_per_second(c: &mut Criterion) {
    let data = data();
    let sc = level_2022(&data);
    let moves: Vec<u16> = (0..sc.actions.len() as u16).collect();
    // Count the turns one batch of 64 games plays, to report turns per second.
    let play = |count: bool| -> u64 {
        let mut turns = 0u64;
        for seed in 0..64u64 {
            let mut s = new_game(sc, seed);
            let mut i = seed as usize;
            while s.outcome.is_none() {
                let rec = resolve_turn(sc, &mut s, moves[i % moves.len()]);
                black_box(&rec);
                i += 7;
                turns += count as u64;
            }
        }
        turns
    };
    let turns = play(true);
    let mut group = c.benchmark_group("engine");
    group.throughput(Throughput::Elements(turns));
    group.bench_function("resolve_turn (64 games of 2022)", |b| {
        b.iter(|| play(false))
    });
    group.finish();
}

/// One core: whole games of 2022 as batch runs and forecast rollouts play them — the balanced
/// policy choosing every move, and no analysts (nothing in the shipped rules or that policy
/// reads their estimate), counted in turns.
fn rollout_turns_per_second(c: &mut Criterion) {
    let data = data();
    let sc = level_2022(&data);
    let policy = Policy::load(sc, &data.root, "balanced").expect("balanced");
    let play = || -> u64 {
        let mut turns = 0u64;
        for seed in 0..64u64 {
            let (s, _) = play_quiet(sc, &policy, seed);
            turns += s.turn.saturating_sub(1) as u64;
        }
        turns
    };
    let turns = play();
    let mut group = c.benchmark_group("rollout");
    group.throughput(Throughput::Elements(turns));
    group.bench_function("balanced policy, no analysts (64 games of 2022)", |b| {
        b.iter(|| black_box(play()))
    });
    group.finish();
}

/// `sim --runs 10000` on each level, balanced policy, on every core.
fn batch_10000(c: &mut Criterion) {
    let data = data();
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let mut group = c.benchmark_group("sim --runs 10000");
    group.sample_size(10);
    for level in data.levels.iter().filter_map(|l| l.scenario()) {
        let policy = Policy::load(level, &data.root, "balanced").expect("policy");
        group.bench_with_input(BenchmarkId::from_parameter(level.id()), level, |b, sc| {
            b.iter(|| black_box(run_batch(sc, &policy, 10_000, 1, threads, &|_| {})))
        });
    }
    group.finish();
}

/// The full forecast: every available move x 1,000 rollouts to the end of the 2022 level from
/// turn 1, on both cores (what `peninsula forecast --level 2022_seventh_test` computes).
fn full_forecast(c: &mut Criterion) {
    let data = data();
    let sc = level_2022(&data);
    // The policy the dashboard plays on with by default.
    let plays_on = peninsula::sim::forecast::PLAYS_ON;
    let policy = Policy::load(sc, &data.root, plays_on).expect("the forecast's policy loads");
    let s = new_game(sc, 1);
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let mut group = c.benchmark_group("forecast");
    group.sample_size(10);
    group.bench_function("every move x 1000 rollouts, 2022 from turn 1", |b| {
        b.iter(|| black_box(forecast(sc, &s, &policy, 1000, 1, threads)))
    });
    group.finish();
}

criterion_group!(
    benches,
    turns_per_second,
    rollout_turns_per_second,
    batch_10000,
    full_forecast
);
criterion_main!(benches);
