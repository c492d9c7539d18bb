//! Every loader survives damaged input: the shipped files (levels, the seven rules files, the
//! policies, the example mod's patch and manifest, a save, a profile) are mutated — bytes cut,
//! tokens inserted, chunks repeated, huge numbers written in — and each loader must answer with
//! a value or with problems, never a panic. A level or policy that still compiles plays a game
//! to its end. The seed is fixed, so the run is the same on every machine; `cargo fuzz` (see
//! fuzz/ and README.md) explores far more inputs than this test can.

mod support;

use peninsula::game::saves::{Profile, parse_save, restore};
use peninsula::rules::load::{self, RULE_FILES};
use peninsula::rules::mods::ModManifest;
use peninsula::rules::patch::{Changes, Patcher, apply_text};
use peninsula::sim::Game;
use peninsula::sim::policy::Policy;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use support::root;

/// What a mutated text is fed to.
#[derive(Debug, Clone, Copy)]
enum Loader {
    Level,
    Rules(usize),
    Patch,
    Manifest,
    Policy,
    Save,
    Profile,
}

struct Shipped {
    data: peninsula::rules::DataSet,
    raw: peninsula::rules::patch::RawRules,
    files: Vec<(Loader, String)>,
}

fn shipped() -> &'static Shipped {
    static S: OnceLock<Shipped> = OnceLock::new();
    S.get_or_init(|| {
        let root = root();
        let data = peninsula::rules::load_data(&root).unwrap();
        let raw = load::read_rules(&root).unwrap();
        let read = |p: PathBuf| std::fs::read_to_string(p).unwrap();
        let mut files = Vec::new();
        for p in load::ron_files(&root.join("levels")) {
            files.push((Loader::Level, read(p)));
        }
        for (i, f) in RULE_FILES.iter().enumerate() {
            files.push((Loader::Rules(i), read(root.join(f))));
        }
        for p in load::ron_files(&root.join("assets/policies")) {
            files.push((Loader::Policy, read(p)));
        }
        let example = root.join("examples/mods/cheonan_2010");
        files.push((Loader::Patch, read(example.join("rules/pyongyang.ron"))));
        files.push((Loader::Manifest, read(example.join("mod.ron"))));
        files.push((
            Loader::Save,
            "(version: 1, level: \"2017_fire_and_fury\", seed: 9, moves: [\"joint_air_drills\", \"consult_beijing\", \"hold_course\"])".into(),
        ));
        files.push((
            Loader::Profile,
            "(finished: [\"2013_third_test\"], ui_scale: 1.25, fullscreen: false, colour_blind: true, show_forecast: true, presentation: false, disabled_mods: [\"x\"])".into(),
        ));
        Shipped { data, raw, files }
    })
}

/// Tokens that are likely to reach deep into a parser and the checks after it.
const TOKENS: [&str; 16] = [
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "//",
    "\n",
    "-",
    "4000000000",
    "1e39",
    "NaN",
    "Some(",
];

#[derive(Debug, Clone)]
enum Mutation {
    Cut { at: f64, len: usize },
    Insert { at: f64, token: usize },
    Repeat { at: f64, len: usize },
    Number { at: f64 },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0.0..1.0f64, 1usize..40).prop_map(|(at, len)| Mutation::Cut { at, len }),
        (0.0..1.0f64, 0..TOKENS.len()).prop_map(|(at, token)| Mutation::Insert { at, token }),
        (0.0..1.0f64, 1usize..200).prop_map(|(at, len)| Mutation::Repeat { at, len }),
        (0.0..1.0f64).prop_map(|at| Mutation::Number { at }),
    ]
}

fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for m in mutations {
        let pos = |at: f64, len: usize| ((at * len as f64) as usize).min(len);
        match *m {
            Mutation::Cut { at, len } => {
                let start = pos(at, bytes.len());
                let end = (start + len).min(bytes.len());
                bytes.drain(start..end);
            }
            Mutation::Insert { at, token } => {
                let start = pos(at, bytes.len());
                bytes.splice(start..start, TOKENS[token].bytes());
            }
            Mutation::Repeat { at, len } => {
                let start = pos(at, bytes.len());
                let end = (start + len).min(bytes.len());
                let chunk = bytes[start..end].to_vec();
                bytes.splice(end..end, chunk);
            }
            Mutation::Number { at } => {
                // The first digit at or after the place becomes a huge number.
                let start = pos(at, bytes.len());
                if let Some(i) = bytes[start..].iter().position(u8::is_ascii_digit) {
                    bytes.splice(start + i..start + i + 1, *b"4294967295000");
                }
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn feed(loader: Loader, text: &str) {
    let s = shipped();
    let root = &s.data.root;
    match loader {
        Loader::Level => {
            if let Ok(sc) =
                load::level_from_text(&s.data.rules, root, Path::new("levels/m.ron"), text)
            {
                let mut game = Game::new(&sc, 1);
                game.play_out(&sc, &Policy::Random);
                assert!(game.state.turn <= sc.def.turns + 1);
            }
        }
        Loader::Rules(i) => {
            let mut texts = s.raw.base.clone().map(|f| f.text.clone());
            texts[i] = text.to_string();
            if let Ok(raw) = load::rules_from_texts(root, texts)
                && let Ok(rules) = load::compile_rules(&raw)
            {
                let _ = peninsula::rules::lint::lint_rules(&raw, &rules);
            }
        }
        Loader::Patch => {
            let mut raw = s.raw.clone();
            let mut diags = Default::default();
            let mut changes = Changes::default();
            let mut p = Patcher::new("m", &[], &mut diags, &mut changes);
            apply_text(
                &mut raw,
                &mut p,
                Path::new("m/rules/pyongyang.ron"),
                "m",
                text.into(),
            );
            if diags.is_empty() {
                let _ = load::compile_rules(&raw);
            }
        }
        Loader::Manifest => {
            let _ = load::parse::<ModManifest>(Path::new("mod.ron"), text);
        }
        Loader::Policy => {
            let sc = s.data.level("sandbox").and_then(|l| l.scenario()).unwrap();
            if let Ok(policy) = Policy::from_text(sc, Path::new("policies/m.ron"), text) {
                let mut game = Game::new(sc, 2);
                game.play_out(sc, &policy);
            }
        }
        Loader::Save => {
            if let Ok(save) = parse_save(Path::new("save.ron"), text) {
                let _ = restore(&s.data, &save);
            }
        }
        Loader::Profile => {
            let (profile, _) = Profile::from_text(Path::new("profile.ron"), text);
            assert!(profile.ui_scale.is_finite());
        }
    }
}

proptest! {
    #![proptest_config(Config {
        cases: 2000,
        rng_seed: RngSeed::Fixed(20261128),
        failure_persistence: None,
        ..Config::default()
    })]

    #[test]
    fn a_mutated_shipped_file_gives_a_value_or_problems_never_a_panic(
        file in 0usize..64,
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let s = shipped();
        let (loader, text) = &s.files[file % s.files.len()];
        feed(*loader, &mutate(text, &mutations));
    }
}

#[test]
fn the_mutations_do_reach_every_loader_with_text_that_still_parses_sometimes() {
    // Without mutations each shipped file loads, so the property above starts from working
    // input and every loader is exercised past its parser.
    let s = shipped();
    for (loader, text) in &s.files {
        feed(*loader, text);
    }
    assert!(
        s.files.len() >= 18,
        "levels, rules, policies, mod files, save, profile"
    );
}

#[test]
fn a_damaged_file_whose_brackets_never_close_is_refused_at_once() {
    // Found by `cargo fuzz` (the save target): brackets the parser reads one way and the field
    // finder another. Repeated to nearly 1 MiB it once made the finder build ever longer field
    // paths for minutes; now the finder stops past the deepest nesting a file may have.
    let found = std::fs::read(root().join("tests/data/fuzz_slow_save.ron")).unwrap();
    let cut = found
        .windows(2)
        .rposition(|w| w == b"/*")
        .unwrap_or(found.len());
    let mut big: Vec<u8> = found[..cut].repeat(220);
    big.truncate(1_000_000);
    big.extend_from_slice(b"/*");
    let text = String::from_utf8_lossy(&big);
    let err = parse_save(Path::new("big.ron"), &text).expect_err("a damaged save");
    assert!(err.contains("the save is damaged"), "{err}");
}
