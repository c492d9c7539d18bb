//! The screen flow and the turn loop without a window: `MinimalPlugins`, states and input, plus
//! the game's own plugins. Keys go in as real keyboard messages; the turn loop is driven by the
//! dashboard's messages, as the End turn button and the tour drive it.

mod support;

use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::time::TimeUpdateStrategy;
use bevy::window::PrimaryWindow;
use peninsula::game::ActiveGame;
use peninsula::game::saves::{Profile, autosave_slot, read_save, replaced_autosave_slot};
use peninsula::sim::Game;
use peninsula::ui::screens::briefing::{NAME_KEPT, NAMELESS_BEGIN};
use peninsula::ui::screens::dashboard::{ContinueFromReport, EndTurn};
use peninsula::ui::screens::{ChosenLevel, Screen, TurnPhase};
use peninsula::ui::{Settings, add_game_screens};
use std::time::Duration;
use support::*;

fn app_with(data: peninsula::rules::DataSet, name: &str) -> (App, Scratch) {
    let dir = support::scratch_dir(&format!("screens-{name}"));
    let app = app_in(data, &dir);
    (app, dir)
}

/// The game's screens over the saves in `dir`, as a window opened again on the same machine
/// finds them.
fn app_in(data: peninsula::rules::DataSet, dir: &std::path::Path) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin, bevy::input::InputPlugin))
        // Each update is a second of game time, so the resolution's answers come one a frame.
        .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_secs(1)));
    // Keyboard focus dispatches keys through the primary window, as on the desktop.
    app.world_mut().spawn((Window::default(), PrimaryWindow));
    add_game_screens(&mut app, data, Profile::default(), dir.to_path_buf(), None);
    app.update();
    app
}

/// Sends one key message to the primary window, as the desktop does, without running a frame.
fn send_key(app: &mut App, key: KeyCode, state: ButtonState) {
    let window = app
        .world_mut()
        .query_filtered::<Entity, With<PrimaryWindow>>()
        .single(app.world())
        .unwrap();
    app.world_mut().write_message(KeyboardInput {
        key_code: key,
        logical_key: Key::Unidentified(bevy::input::keyboard::NativeKey::Unidentified),
        state,
        text: None,
        repeat: false,
        window,
    });
}

/// What the notice says now (empty when nothing).
fn notice_now(app: &App) -> String {
    app.world()
        .resource::<peninsula::ui::Notice>()
        .0
        .clone()
        .unwrap_or_default()
}

/// Runs the frames a hot reload takes to notice an edit; what the title's notice then says.
fn notice_after_a_reload(app: &mut App) -> String {
    for _ in 0..10 {
        app.update();
    }
    notice_now(app)
}

/// Leaves the title with its notice seen and gone (as a game's bottom line lets one pass), and
/// comes back: what the title then says of its own.
fn notice_back_on_the_title(app: &mut App) -> String {
    go_to(app, Screen::Levels);
    app.world_mut().resource_mut::<peninsula::ui::Notice>().0 = None;
    go_to(app, Screen::Title);
    notice_now(app)
}

/// Opens a screen directly, and runs the frame that draws it.
fn go_to(app: &mut App, to: Screen) {
    app.world_mut().resource_mut::<NextState<Screen>>().set(to);
    app.update();
}

/// A key pressed and released, a frame each, and a frame after.
fn press(app: &mut App, key: KeyCode) {
    for state in [ButtonState::Pressed, ButtonState::Released] {
        send_key(app, key, state);
        app.update();
    }
    app.update();
}

/// From the title, Enter three times: Campaign, the first level, Begin; on its dashboard.
fn into_the_first_level(app: &mut App) {
    press(app, KeyCode::Enter);
    press(app, KeyCode::Enter);
    press(app, KeyCode::Enter);
    assert_eq!(screen(app), Screen::Dashboard);
}

/// Opens the briefing of the chosen level and begins it: on its dashboard.
fn begin_from_the_briefing(app: &mut App) {
    go_to(app, Screen::Briefing);
    press(app, KeyCode::Enter);
    assert_eq!(screen(app), Screen::Dashboard);
}

/// On a briefing whose level's autosave holds a game: Tab to Begin (or Start again), whose
/// first press only asks, and press it again; on the new game's dashboard.
fn begin_over_the_saved_game(app: &mut App) {
    for _ in 0..6 {
        let at = focused(app).unwrap();
        if matches!(text_of(app, at).as_str(), "Begin" | "Start again") {
            break;
        }
        press(app, KeyCode::Tab);
    }
    press(app, KeyCode::Enter);
    assert_eq!(screen(app), Screen::Briefing, "the first press only asks");
    // A class's group with no name is asked for one first (the focus is in the box, where
    // Enter presses Begin): it goes on without.
    let class = app.world().resource::<ChosenLevel>().class_code.is_some();
    let unnamed = app
        .world()
        .resource::<peninsula::ui::screens::group_name_field::GroupName>()
        .0
        .trim()
        .is_empty();
    assert_eq!(
        texts(app).iter().any(|t| t == NAMELESS_BEGIN),
        class && unnamed,
        "only a class's group with no name is asked for one"
    );
    if class && unnamed {
        press(app, KeyCode::Enter);
        assert_eq!(
            screen(app),
            Screen::Briefing,
            "the autosave's press only asks"
        );
        assert!(
            texts(app)
                .iter()
                .any(|t| t == "Press again: replaces the saved game")
        );
    } else {
        let at = focused(app).unwrap();
        assert_eq!(text_of(app, at), "Press again: replaces the saved game");
    }
    press(app, KeyCode::Enter);
    assert_eq!(screen(app), Screen::Dashboard);
}

/// On a class's briefing, Begin pressed with the name box empty: the first press asks for the
/// group's name and puts the focus in the box, where Enter begins without one.
fn begin_without_a_name(app: &mut App) {
    press(app, KeyCode::Enter);
    assert_eq!(
        screen(app),
        Screen::Briefing,
        "the first press asks for a name"
    );
    assert!(
        texts(app).iter().any(|t| t == NAMELESS_BEGIN),
        "{:?}",
        texts(app)
    );
    press(app, KeyCode::Enter);
    assert_eq!(screen(app), Screen::Dashboard);
}

/// How many turns the game in play has played.
fn game_turns(app: &App) -> usize {
    app.world().resource::<ActiveGame>().0.log.len()
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

/// From the title, opens Settings (its eighth button).
fn open_settings(app: &mut App) {
    for _ in 0..7 {
        press(app, KeyCode::Tab);
    }
    press(app, KeyCode::Enter);
    assert_eq!(screen(app), Screen::Settings);
}

/// Runs frames until the dashboard's forecast is in; returns how many it took.
fn wait_for_forecast(app: &mut App) -> u32 {
    use peninsula::ui::screens::dashboard::forecast::Forecast;
    let mut frames = 0;
    while app.world().resource::<Forecast>().pending() > 0 && frames < 100_000 {
        app.update();
        frames += 1;
        std::thread::sleep(Duration::from_millis(1));
    }
    frames
}

fn phase(app: &App) -> Option<TurnPhase> {
    app.world()
        .get_resource::<State<TurnPhase>>()
        .map(|s| *s.get())
}

/// `text` with each run of spaces as one (a control padded to a steady width).
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn texts(app: &mut App) -> Vec<String> {
    let mut q = app.world_mut().query::<&Text>();
    q.iter(app.world()).map(|t| t.0.clone()).collect()
}

/// A click on the title that lands on no control (its heading, the space beside the class-code
/// box) leaves the focus where it was, so Enter still opens the campaign; Bevy would hand the
/// click on to the window, which clears the focus.
#[test]
fn a_click_beside_the_controls_keeps_the_focus() {
    let (mut app, _dir) = app_with(data().clone(), "click-beside");
    let before = focused(&app).expect("the title opens with focus");
    let window = app
        .world_mut()
        .query_filtered::<Entity, With<PrimaryWindow>>()
        .single(app.world())
        .unwrap();
    // A piece of text with no control above it: what a click on the page itself lands on.
    let mut q = app.world_mut().query_filtered::<Entity, (
        With<Text>,
        Without<bevy::input_focus::tab_navigation::TabIndex>,
    )>();
    let texts: Vec<Entity> = q.iter(app.world()).collect();
    let beside = texts
        .into_iter()
        .find(|e| {
            let world = app.world();
            let mut at = *e;
            loop {
                if world
                    .get::<bevy::input_focus::tab_navigation::TabIndex>(at)
                    .is_some()
                {
                    return false;
                }
                match world.get::<ChildOf>(at) {
                    Some(parent) => at = parent.parent(),
                    None => return true,
                }
            }
        })
        .expect("the title has text outside its controls");
    app.world_mut().trigger(bevy::input_focus::AcquireFocus {
        focused_entity: beside,
        window,
    });
    app.update();
    assert_eq!(focused(&app), Some(before), "the focus stays");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        screen(&app),
        Screen::Campaign,
        "and Enter still opens the campaign"
    );
}

/// A locked campaign level names the level that opens it, and Enter on it says so under the
/// list instead of doing nothing (a new player's review: "Enter did nothing, with no message").
#[test]
fn enter_on_a_locked_level_says_what_opens_it() {
    let (mut app, _dir) = app_with(data().clone(), "locked-level");
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Campaign);
    let first = scenario("2013_third_test");
    // "in the campaign": a level won from Single level shows its result in this list too, and
    // opens nothing (a teacher's review took that for lost progress).
    let line = format!(
        "finish {} ({}) in the campaign first",
        first.def.title, first.def.years
    );
    assert!(
        texts(&mut app).iter().any(|t| t.ends_with(&line)),
        "the second level names the first: {:?}",
        texts(&mut app)
    );
    // Down to the second level, locked; Enter stays on the campaign and says why.
    press(&mut app, KeyCode::ArrowDown);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        screen(&app),
        Screen::Campaign,
        "a locked level does not start"
    );
    let said = format!(
        "opens once you have played {} ({}) to its end in the campaign, won or lost.",
        first.def.title, first.def.years
    );
    let shown = texts(&mut app);
    assert!(shown.iter().any(|t| t.ends_with(&said)), "{shown:?}");
}

#[test]
fn keyboard_only_from_title_to_the_first_turn_and_back() {
    let (mut app, dir) = app_with(data().clone(), "keys");
    assert_eq!(screen(&app), Screen::Title);
    assert!(
        texts(&mut app).iter().any(|t| t == "Campaign"),
        "the title offers the campaign"
    );

    // On a freshly opened title, "Campaign" has focus: Enter opens it.
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Campaign);
    let shown = texts(&mut app);
    assert!(
        shown.iter().any(|t| t.contains("locked")),
        "later campaign levels are locked: {shown:?}"
    );

    // The first campaign level has focus (the others are locked); Enter opens its briefing.
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Briefing);
    assert_eq!(
        app.world().resource::<ChosenLevel>().scenario.id(),
        "2013_third_test"
    );

    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Dashboard);
    assert_eq!(phase(&app), Some(TurnPhase::Decide));

    // Key 1 picks the first card (joint air drills) and focuses it; Enter plays it.
    press(&mut app, KeyCode::Digit1);
    assert_eq!(
        phase(&app),
        Some(TurnPhase::Decide),
        "picking is not playing"
    );
    press(&mut app, KeyCode::Enter);
    assert_ne!(
        phase(&app),
        Some(TurnPhase::Decide),
        "the turn is being resolved"
    );
    // Virtual time moves at most a quarter second a frame; the answers come one by one.
    for _ in 0..80 {
        app.update();
        if phase(&app) == Some(TurnPhase::Report) {
            break;
        }
    }
    assert_eq!(phase(&app), Some(TurnPhase::Report));
    let game = app.world().resource::<ActiveGame>().0.clone();
    assert_eq!(game.log.len(), 1);
    let sc = scenario("2013_third_test");
    assert_eq!(
        sc.actions[game.log[0].taken as usize].id,
        "joint_air_drills"
    );
    let mut engine = Game::new(sc, game.state.seed);
    engine.play(sc, game.log[0].requested);
    // A game begun on the briefing keeps the computer it was begun on, for its report.
    engine.computer = peninsula::game::saves::this_computer();
    assert_eq!(
        engine, game,
        "the screen played the same turn the engine does"
    );
    let autosave = read_save(&dir, &autosave_slot("2013_third_test"))
        .unwrap()
        .expect("an autosave after the turn");
    assert_eq!(autosave.moves, vec!["joint_air_drills".to_string()]);

    press(&mut app, KeyCode::Enter);
    assert_eq!(
        phase(&app),
        Some(TurnPhase::Decide),
        "Continue opens the next turn"
    );
    assert!(texts(&mut app).iter().any(|t| t.starts_with("Turn 2 of")));

    // Between turns nothing touches the game: no per-frame work when nothing changes.
    app.update();
    let before = app
        .world()
        .get_resource_change_ticks::<ActiveGame>()
        .unwrap()
        .changed;
    for _ in 0..5 {
        app.update();
    }
    let after = app
        .world()
        .get_resource_change_ticks::<ActiveGame>()
        .unwrap()
        .changed;
    assert_eq!(before, after, "the game resource changed while idle");

    // Esc opens the menu over the dashboard; Esc again closes it.
    press(&mut app, KeyCode::Escape);
    assert!(texts(&mut app).iter().any(|t| t == "Save to slot 1"));
    press(&mut app, KeyCode::Escape);
    assert!(!texts(&mut app).iter().any(|t| t == "Save to slot 1"));
}

#[test]
fn a_whole_campaign_level_by_messages_ends_in_the_debrief_and_unlocks_the_next() {
    let (mut app, _dir) = app_with(data().clone(), "loop");
    let sc = std::sync::Arc::new(scenario("2013_third_test").clone());
    app.world_mut().insert_resource(ChosenLevel {
        scenario: sc.clone(),
        campaign: true,
        seed: 11,
        class_code: None,
    });
    begin_from_the_briefing(&mut app);
    play_to_the_end(&mut app, sc.fallback_action);
    assert_eq!(screen(&app), Screen::Debrief);
    let game = app.world().resource::<ActiveGame>().0.clone();
    assert!(game.state.outcome.is_some());
    let mut holding = Game::new(&sc, 11);
    while holding.state.outcome.is_none() {
        holding.play(&sc, sc.fallback_action);
    }
    holding.computer = peninsula::game::saves::this_computer();
    assert_eq!(holding, game, "the App's game is the engine's game");
    let texts = texts(&mut app);
    // The score says what it is made of, and the parts add up to it.
    let parts = peninsula::sim::turn::ScoreParts::of(&sc, &game.state);
    let score = peninsula::sim::turn::score(&sc, &game.state);
    let outcome = parts.outcome as u32;
    let head = format!(
        "Score {score} / 100: {outcome} for the outcome (a win earns 60, a loss 25, war 0) and {} \
         for calm (mean tension {:.0}, each turn at its height)",
        score - outcome,
        parts.mean_tension
    );
    assert!(
        texts.iter().any(|t| t.starts_with(&head)),
        "{head} in {texts:?}"
    );
    // The game is over, so the timeline marks the answers of Pyongyang's that could have gone
    // the other way, and only those; in words, not margins.
    let mut close = 0;
    for rec in &game.log {
        let row = format!("Turn {} ", rec.turn);
        let line = texts
            .iter()
            .find(|t| t.starts_with(&row))
            .unwrap_or_else(|| panic!("no row for turn {}: {texts:?}", rec.turn));
        let margin = rec.pyongyang.and_then(|d| d.margin());
        let is_close = margin.is_some_and(|m| m < peninsula::ui::screens::debrief::CLOSE_CALL);
        close += is_close as usize;
        assert_eq!(
            line.contains(" (a close call)"),
            is_close,
            "{line}: {margin:?}"
        );
        assert!(!line.contains("chosen over the next answer by"), "{line}");
    }
    assert!(close > 0, "a whole game holds a close call");
    // The game's own year beside the record's, as the report gives it: each of the level's
    // figures one game can show, with the game's count and the real year's words.
    assert!(
        texts.iter().any(|t| t == "This game against the record"),
        "{texts:?}"
    );
    for (target, figure) in peninsula::sim::figures::beside_the_record(&sc, &game) {
        let row = format!(
            "{}: {} (the real year: {})",
            peninsula::sim::figures::target_label(&sc, target),
            peninsula::sim::figures::figure_text(figure),
            target.real
        );
        assert!(texts.contains(&row), "{row} in {texts:?}");
    }
    assert!(
        texts.iter().any(|t| t.starts_with("missiles fired: ")
            && t.ends_with("(the real year: 6 missiles (all May 18-20))")),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t == "Next level"), "{texts:?}");
    let settings = app.world().resource::<Settings>();
    assert!(
        settings
            .profile
            .finished
            .contains(&"2013_third_test".to_string())
    );
    let campaign = ["2013_third_test", "2017_fire_and_fury"];
    assert!(
        settings.profile.unlocked(&campaign, 1),
        "finishing 2013 opens 2017"
    );
    // The level keeps its best result, in the profile file too.
    let best = format!(
        "{} · best score {score}",
        if game.state.outcome.is_some_and(|o| o.is_win()) {
            "won"
        } else {
            "not yet won"
        }
    );
    assert_eq!(
        settings
            .profile
            .best_line("2013_third_test", &[])
            .as_deref(),
        Some(best.as_str())
    );
    let (stored, _) = Profile::load(&settings.dir);
    assert_eq!(stored.best, settings.profile.best);
    // Rewinding to turn 3 opens the dashboard at that turn, and its top bar says it is a
    // what-if; a new game from the briefing does not.
    rewind_to(&mut app, 3);
    assert_eq!(screen(&app), Screen::Dashboard);
    assert_eq!(app.world().resource::<ActiveGame>().0.log.len(), 2);
    assert!(
        crate::texts(&mut app)
            .iter()
            .any(|t| t == "What if: from turn 3"),
        "{:?}",
        crate::texts(&mut app)
    );
    // The finished game is in the level's autosave: a new one replaces it on a second press.
    go_to(&mut app, Screen::Briefing);
    begin_over_the_saved_game(&mut app);
    assert!(
        !crate::texts(&mut app)
            .iter()
            .any(|t| t.starts_with("What if"))
    );
    // Back on the campaign screen, focus waits on the level that opened, not the finished one.
    go_to(&mut app, Screen::Campaign);
    let at = focused(&app).expect("the campaign opens with focus");
    let next = scenario("2017_fire_and_fury");
    let row = text_of(&mut app, at);
    assert!(
        row.contains(&format!("{} ({})", next.def.title, next.def.years)),
        "{row}"
    );
    // The finished level's row says how it went.
    let shown = crate::texts(&mut app);
    assert!(
        shown
            .iter()
            .any(|t| t.ends_with(&peninsula::ui::theme::plain(&format!(
                "  · finished · {best}"
            )))),
        "{best} in {shown:?}"
    );
}

#[test]
fn a_broken_level_is_listed_with_its_error_and_the_rest_still_plays() {
    let root = scratch_copy("broken-data");
    edit(
        &root.join("levels/2018_the_thaw.ron"),
        "turns:",
        "turns: turns:",
    );
    let data = peninsula::rules::load_data(&root).unwrap();
    let (mut app, _dir) = app_with(data, "broken");
    // The campaign lists it too, so a player sees a crisis is missing rather than a shorter
    // campaign.
    for list in [Screen::Levels, Screen::Campaign] {
        go_to(&mut app, list);
        let shown = texts(&mut app);
        assert!(
            shown
                .iter()
                .any(|t| t.contains("2018_the_thaw (cannot be loaded)")),
            "{list:?}: {shown:?}"
        );
        assert!(
            shown.iter().any(|t| t.contains("2018_the_thaw.ron:")),
            "{list:?}: the error names path:line:col: {shown:?}"
        );
        assert!(
            shown.iter().any(|t| t.starts_with("A Seventh Test?")),
            "{list:?}: {shown:?}"
        );
        // The keyboard reaches its problem too (the list scrolls to the focus when the rows
        // outgrow the window): Tab, row by row, comes to it before Back.
        let mut reached = false;
        for _ in 0..8 {
            press(&mut app, KeyCode::Tab);
            let Some(at) = focused(&app) else { break };
            let row = text_of(&mut app, at);
            if row.contains("2018_the_thaw (cannot be loaded)") {
                reached = true;
                break;
            }
            assert!(row != "Back", "{list:?}: Back came first");
        }
        assert!(reached, "{list:?}: Tab never reached the broken level");
        // It wears the ring but does nothing: Enter leaves the list where it is.
        press(&mut app, KeyCode::Enter);
        assert_eq!(screen(&app), list);
    }
}

/// Writes a save of `moves` turns of Hold course on `level` (seed 3) into `slot`, as saved at
/// `saved_at`, ended early or not.
fn write_save(
    dir: &std::path::Path,
    slot: &str,
    level: &str,
    moves: usize,
    saved_at: u64,
    ended: bool,
) {
    // Saved after every file of the data was last written (in 2096, the order kept), so no
    // save here is marked as one whose level was edited since.
    let saved_at = AFTER_EVERY_EDIT + saved_at;
    let moves = vec!["\"hold_course\""; moves].join(", ");
    let text = format!(
        "(version: 1, level: \"{level}\", seed: 3, moves: [{moves}], saved_at: {saved_at}, ended: {ended})"
    );
    std::fs::write(dir.join(format!("{slot}.ron")), text).unwrap();
}

/// A time (seconds since 1970) after any file of the data was written: 2096.
const AFTER_EVERY_EDIT: u64 = 4_000_000_000;

/// Load lists the autosaves newest first and puts the focus on the newest game still in play,
/// so the same keys always load the game a returning player left, whatever else was saved.
#[test]
fn load_puts_the_game_in_play_first_in_reach() {
    let (mut app, dir) = app_with(data().clone(), "load-order");
    std::fs::create_dir_all(&dir).unwrap();
    // Oldest: a game in play; newer: one ended early; newest: another ended early.
    write_save(&dir, "autosave_sandbox", "sandbox", 3, 1_000, false);
    write_save(
        &dir,
        "autosave_2013_third_test",
        "2013_third_test",
        2,
        2_000,
        true,
    );
    write_save(
        &dir,
        "autosave_2022_seventh_test",
        "2022_seventh_test",
        1,
        3_000,
        true,
    );
    go_to(&mut app, Screen::Load);
    let rows: Vec<String> = texts(&mut app)
        .into_iter()
        .filter(|t| t.starts_with("Autosave"))
        .collect();
    // Texts come in spawn order: newest first.
    let at = |what: &str| rows.iter().position(|t| t.contains(what)).unwrap();
    assert!(
        at("A Seventh Test?") < at("The Third Test") && at("The Third Test") < at("Sandbox"),
        "{rows:?}"
    );
    let focus = focused(&app).expect("a save has the focus");
    assert!(
        text_of(&mut app, focus).starts_with("Autosave: Sandbox, after turn 3"),
        "the game in play: {}",
        text_of(&mut app, focus)
    );
    // Its ring is shown from the start: it is not the first row, so a player who came in with
    // the mouse must see where the arrows start from.
    assert!(
        app.world()
            .resource::<bevy::input_focus::InputFocusVisible>()
            .0
    );
}

/// Opens the title afresh; the text of the control its focus starts on.
fn title_focus(app: &mut App) -> String {
    go_to(app, Screen::Title);
    let focus = focused(app).expect("the title has the focus");
    text_of(app, focus)
}

/// The title offers the game a returning player left as its first button, Continue, with the
/// focus on it: the newest save still in play, autosave or slot, whatever else was saved.
/// Enter puts it back on the dashboard at the turn it was left. With no game in play there is
/// no Continue, and the focus starts on Campaign.
#[test]
fn the_title_continues_the_newest_game_in_play() {
    let (mut app, dir) = app_with(data().clone(), "title-continue");
    std::fs::create_dir_all(&dir).unwrap();
    let first = focused(&app).expect("the title has the focus");
    assert_eq!(
        text_of(&mut app, first),
        "Campaign",
        "no saves: no Continue"
    );
    assert!(!texts(&mut app).iter().any(|t| t.starts_with("Continue")));
    // An older game in play, a newer one in a slot, and the newest, ended early.
    write_save(&dir, "autosave_sandbox", "sandbox", 3, 1_000, false);
    write_save(&dir, "slot1", "2022_seventh_test", 2, 1_500, false);
    write_save(
        &dir,
        "autosave_2013_third_test",
        "2013_third_test",
        2,
        2_000,
        true,
    );
    assert_eq!(
        title_focus(&mut app),
        "Continue: A Seventh Test?, after turn 2",
        "the newest game in play, first in reach"
    );
    // The same game (level and seed) saved later as finished: its older slot is no game to
    // continue, and the next game in play is offered instead.
    write_save(
        &dir,
        "autosave_2022_seventh_test",
        "2022_seventh_test",
        3,
        2_500,
        true,
    );
    assert_eq!(title_focus(&mut app), "Continue: Sandbox, after turn 3");
    std::fs::remove_file(dir.join("autosave_2022_seventh_test.ron")).unwrap();
    go_to(&mut app, Screen::Title);
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Dashboard);
    let game = &app.world().resource::<peninsula::game::ActiveGame>().0;
    assert_eq!(game.state.turn, 3, "on turn 3, two played");
    assert_eq!(
        app.world()
            .resource::<peninsula::game::ActiveScenario>()
            .0
            .id(),
        "2022_seventh_test"
    );
}

/// A what-if left in play is offered as one: Continue says so, so that a group does not take it
/// for the game it played.
#[test]
fn continue_says_when_the_game_in_play_is_a_what_if() {
    let (mut app, dir) = app_with(data().clone(), "title-continue-whatif");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("autosave_sandbox-whatif.ron"),
        "(version: 1, level: \"sandbox\", seed: 4, moves: [\"hold_course\", \"consult_beijing\"], \
         saved_at: 4000002000, rewound: Some((turn: 2, original: (version: 1, level: \"sandbox\", seed: 4, \
         moves: [\"hold_course\", \"hold_course\", \"hold_course\"], ended: true))))",
    )
    .unwrap();
    assert_eq!(
        title_focus(&mut app),
        "Continue: Sandbox (what if from turn 2), after turn 2"
    );
}

/// A game saved before its level's file was last written says so on Continue, as on Load
/// game's line: the moves replay on the level as it is now, so a modder who edited it knows the
/// game that opens is not quite the one saved. A save written after every edit carries no mark.
#[test]
fn continue_marks_a_game_whose_level_was_edited_since_it_was_saved() {
    let (mut app, dir) = app_with(data().clone(), "title-continue-edited");
    std::fs::create_dir_all(&dir).unwrap();
    // Saved in 1970, before the repository's files were written.
    std::fs::write(
        dir.join("autosave_sandbox.ron"),
        "(version: 1, level: \"sandbox\", seed: 3, moves: [\"hold_course\"], saved_at: 1000)",
    )
    .unwrap();
    assert_eq!(
        title_focus(&mut app),
        "Continue: Sandbox, after turn 1 | level edited since"
    );
    // The same game saved after every edit: no mark.
    write_save(&dir, "autosave_sandbox", "sandbox", 1, 0, false);
    assert_eq!(title_focus(&mut app), "Continue: Sandbox, after turn 1");
}

/// A what-if's save whose first run no longer loads (a mod changed the level since) is shown
/// as one that cannot be loaded, with why: played on as a plain game, it would autosave over
/// the game the group played. Both files stay as they were.
#[test]
fn a_what_if_whose_first_run_no_longer_loads_is_refused_whole() {
    let (mut app, dir) = app_with(data().clone(), "whatif-lost-first-run");
    std::fs::create_dir_all(&dir).unwrap();
    let main = "(version: 1, level: \"sandbox\", seed: 4, moves: [\"hold_course\", \"hold_course\"], ended: true)";
    let whatif = "(version: 1, level: \"sandbox\", seed: 4, moves: [\"hold_course\", \"consult_beijing\"], \
         rewound: Some((turn: 2, original: (version: 1, level: \"sandbox\", seed: 4, \
         moves: [\"hold_course\", \"a_retired_move\"]))))";
    let main_path = dir.join("autosave_sandbox.ron");
    let whatif_path = dir.join("autosave_sandbox-whatif.ron");
    std::fs::write(&main_path, main).unwrap();
    std::fs::write(&whatif_path, whatif).unwrap();
    go_to(&mut app, Screen::Load);
    let shown = texts(&mut app);
    assert!(
        shown.iter().any(|t| t.starts_with("Autosave: cannot be loaded: it is a what-if, and the game before its rewind no longer loads: move 2 (\"a_retired_move\") is not an action of sandbox any more")),
        "{shown:?}"
    );
    // The class's game is still offered, and nothing was written.
    assert!(
        shown
            .iter()
            .any(|t| t.contains("after turn 2") && !t.contains("what-if")),
        "{shown:?}"
    );
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Title);
    assert_eq!(std::fs::read_to_string(&main_path).unwrap(), main);
    assert_eq!(std::fs::read_to_string(&whatif_path).unwrap(), whatif);
}

#[test]
fn a_damaged_save_is_reported_and_the_game_goes_on() {
    let (mut app, dir) = app_with(data().clone(), "damaged");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("slot1.ron"),
        "(version: 1, level: \"2013_third_test\", seed: ",
    )
    .unwrap();
    std::fs::write(
        dir.join("slot2.ron"),
        "(version: 99, level: \"2013_third_test\", seed: 1, moves: [])",
    )
    .unwrap();
    // Not a save at all: said in plain words, not the parser's.
    std::fs::write(dir.join("slot3.ron"), "garbage").unwrap();
    // A save that reads but holds more moves than the level has turns (edited by hand): shown
    // as one that cannot be loaded, with why, not offered and then refused.
    let moves = vec!["\"hold_course\""; 22].join(", ");
    std::fs::write(
        dir.join("autosave_2013_third_test.ron"),
        format!("(version: 1, level: \"2013_third_test\", seed: 1, moves: [{moves}])"),
    )
    .unwrap();
    go_to(&mut app, Screen::Load);
    let shown = texts(&mut app);
    assert!(
        shown
            .iter()
            .any(|t| t.starts_with("Slot 1: cannot be loaded: the save is damaged")),
        "{shown:?}"
    );
    assert!(
        shown.iter().any(|t| t.contains("format version 99")),
        "{shown:?}"
    );
    assert!(
        shown.iter().any(
            |t| t.starts_with("Slot 3: cannot be loaded: the save is damaged")
                && t.ends_with("slot3.ron:1:1 is not a saved game")
        ),
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|t| t.starts_with("Autosave: cannot be loaded: ")),
        "{shown:?}"
    );
    assert!(
        !shown.iter().any(|t| t.contains("after turn 22")),
        "{shown:?}"
    );
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Title, "the game goes on");
}

#[test]
fn an_edited_level_is_hot_reloaded_and_a_broken_edit_is_reported() {
    let root = scratch_copy("reload-data");
    let data = peninsula::rules::load_data(&root).unwrap();
    let (mut app, _dir) = app_with(data, "reload");
    let title = |app: &App| {
        let d = &app.world().resource::<peninsula::game::GameData>().0;
        d.level("sandbox")
            .and_then(|l| l.scenario())
            .map(|s| s.def.title.clone())
    };
    assert_eq!(title(&app).as_deref(), Some("Sandbox"));
    std::thread::sleep(Duration::from_millis(20));
    edit(
        &root.join("levels/sandbox.ron"),
        "title: \"Sandbox\"",
        "title: \"Open Sandbox\"",
    );
    for _ in 0..10 {
        app.update();
    }
    assert_eq!(
        title(&app).as_deref(),
        Some("Open Sandbox"),
        "the edit is picked up"
    );
    let notice = notice_now(&app);
    assert!(notice.starts_with("Data reloaded"), "{notice}");

    std::thread::sleep(Duration::from_millis(20));
    edit(
        &root.join("assets/rules/ladder.ron"),
        "from: 20,",
        "from: \"twenty\",",
    );
    let notice = notice_after_a_reload(&mut app);
    assert!(
        notice.starts_with("Not reloaded, the game keeps the data from before the edit: ")
            && notice.contains("ladder.ron:"),
        "a broken edit of the rules is reported with its place, and as not applied: {notice}"
    );
    assert_eq!(
        title(&app).as_deref(),
        Some("Open Sandbox"),
        "and the last good data stays"
    );
    // Seen in passing (the notice gone, as a game's bottom line lets it pass), then back on the
    // title: the title says it again while the edit stays broken.
    let notice = notice_back_on_the_title(&mut app);
    assert!(
        notice.starts_with("Still not reloaded, the game keeps the data from before the edit: ")
            && notice.contains("ladder.ron:"),
        "the title reminds of an edit that did not load: {notice}"
    );

    // The rules mended and a level broken: the others are offered, and the broken one named.
    std::thread::sleep(Duration::from_millis(20));
    edit(
        &root.join("assets/rules/ladder.ron"),
        "from: \"twenty\",",
        "from: 20,",
    );
    edit(&root.join("levels/sandbox.ron"), "turns: ", "turns: \"x\" ");
    let notice = notice_after_a_reload(&mut app);
    assert!(
        notice.starts_with("Data reloaded, 4 levels ready; level sandbox is not loaded: ")
            && notice.contains("sandbox.ron:"),
        "{notice}"
    );
    assert_eq!(title(&app), None, "the broken level is not offered");
    let notice = notice_back_on_the_title(&mut app);
    assert!(
        notice.starts_with("Since the last edit of the data, level sandbox is not loaded: "),
        "{notice}"
    );

    // Mended: nothing more to remind of.
    std::thread::sleep(Duration::from_millis(20));
    edit(&root.join("levels/sandbox.ron"), "turns: \"x\" ", "turns: ");
    let notice = notice_after_a_reload(&mut app);
    assert!(
        notice.starts_with("Data reloaded: 5 levels ready"),
        "{notice}"
    );
    assert_eq!(notice_back_on_the_title(&mut app), "");
}

/// An edit that loads but cannot be what its author meant (an objective that can never be met)
/// is in use at once, and the game says what `validate` would: in the notice after the reload,
/// and under the level's row in Single level, at its place in the file. Mended, both go.
#[test]
fn a_hot_reloaded_edit_that_validate_warns_of_says_so_in_the_notice_and_the_level_list() {
    let root = scratch_copy("reload-warned");
    let data = peninsula::rules::load_data(&root).unwrap();
    let shipped = data.warnings().all();
    assert!(
        shipped.is_empty(),
        "the shipped data warns of nothing: {shipped:?}"
    );
    let (mut app, _dir) = app_with(data, "reload-warned");
    let summit = "AtLeast(\"world.summit\", 1)";
    let never = "AtLeast(\"world.summit\", 400)";
    // The line of the condition the edit breaks: the warning is at its place in the file.
    let text = std::fs::read_to_string(root.join("levels/sandbox.ron")).unwrap();
    let line = text[..text.find(summit).unwrap()].lines().count();
    std::thread::sleep(Duration::from_millis(20));
    edit(&root.join("levels/sandbox.ron"), summit, never);
    let notice = notice_after_a_reload(&mut app);
    assert!(
        notice.starts_with("Data reloaded: 5 levels ready; ")
            && notice.contains(&format!("levels/sandbox.ron:{line}:"))
            && notice.contains(": warning: objective \"summit\" can never be met"),
        "{notice}"
    );
    assert_eq!(
        notice_back_on_the_title(&mut app),
        "",
        "a warning is no edit left unloaded: the title does not repeat it"
    );
    go_to(&mut app, Screen::Levels);
    let rows = texts(&mut app);
    let under_sandbox = rows
        .iter()
        .skip_while(|t| !t.starts_with("Sandbox"))
        .nth(2)
        .cloned()
        .unwrap_or_default();
    assert!(
        under_sandbox.contains(&format!("levels/sandbox.ron:{line}:"))
            && under_sandbox.contains("can never be met"),
        "the sandbox's row carries its warning under its summary: {rows:?}"
    );
    let warned = rows.iter().filter(|t| t.contains(": warning: ")).count();
    assert_eq!(warned, 1, "only the edited level is warned of: {rows:?}");

    // A second edit, elsewhere, while the first still warns: the line names the new one first.
    let moratorium = "AtLeast(\"world.moratorium\", 1)";
    let never_signed = "AtLeast(\"world.moratorium\", 7)";
    std::thread::sleep(Duration::from_millis(20));
    edit(
        &root.join("levels/2017_fire_and_fury.ron"),
        moratorium,
        never_signed,
    );
    let notice = notice_after_a_reload(&mut app);
    assert!(
        notice.contains("levels/2017_fire_and_fury.ron:")
            && notice.find("2017_fire_and_fury.ron:")
                < notice.find("sandbox.ron:").or(Some(usize::MAX))
            && notice.ends_with("(and 1 more warning: peninsula validate lists every one)"),
        "the new warning first, the standing one counted: {notice}"
    );
    edit(
        &root.join("levels/2017_fire_and_fury.ron"),
        never_signed,
        moratorium,
    );

    std::thread::sleep(Duration::from_millis(20));
    edit(&root.join("levels/sandbox.ron"), never, summit);
    let notice = notice_after_a_reload(&mut app);
    assert!(
        notice.starts_with("Data reloaded: 5 levels ready"),
        "{notice}"
    );
    assert!(!notice.contains("warning"), "{notice}");
    go_to(&mut app, Screen::Levels);
    assert!(!texts(&mut app).iter().any(|t| t.contains(": warning: ")));
}

/// Rules that do not load at start open the window all the same, on the title, with their
/// problems at their places; nothing on it leads anywhere (and nothing panics); an edit that
/// mends them loads the game, and the title offers it.
#[test]
fn broken_rules_open_the_title_on_their_problems_and_mending_them_starts_the_game() {
    let root = scratch_copy("broken-at-start");
    edit(
        &root.join("assets/rules/actions.ron"),
        "cooldown: 2,",
        "cooldwn: 2,",
    );
    let problems = peninsula::rules::load_data(&root).unwrap_err();
    let dir = support::scratch_dir("screens-broken-at-start");
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin, bevy::input::InputPlugin))
        .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_secs(1)));
    app.world_mut().spawn((Window::default(), PrimaryWindow));
    peninsula::ui::add_game_screens_with_broken_rules(
        &mut app,
        peninsula::ui::broken_rules::DataSource {
            root: root.to_path_buf(),
            mods: Default::default(),
        },
        &problems,
        Profile::default(),
        dir.to_path_buf(),
    );
    app.update();
    assert_eq!(screen(&app), Screen::Title);
    let shown = texts(&mut app);
    let notice = shown
        .iter()
        .find(|t| t.starts_with("The game's rules have problems"))
        .unwrap_or_else(|| panic!("{shown:?}"));
    assert!(
        notice.contains("actions.ron:") && notice.contains("cooldwn"),
        "{notice}"
    );
    // Nothing to open: the keys and frames do nothing, and the rules stay unread until a file
    // changes.
    press(&mut app, KeyCode::Enter);
    for _ in 0..3 {
        app.update();
    }
    assert_eq!(screen(&app), Screen::Title);
    assert!(!app.world().contains_resource::<peninsula::game::GameData>());
    assert!(app.should_exit().is_none());
    // The way out still works: Quit.
    for _ in 0..12 {
        if focused(&app).map(|e| text_of(&mut app, e)).as_deref() == Some("Quit") {
            break;
        }
        press(&mut app, KeyCode::Tab);
    }
    let quit = focused(&app).map(|e| text_of(&mut app, e));
    assert_eq!(quit.as_deref(), Some("Quit"));
    send_key(&mut app, KeyCode::Enter, ButtonState::Pressed);
    app.update();
    assert!(app.should_exit().is_some(), "Quit leaves");
    send_key(&mut app, KeyCode::Enter, ButtonState::Released);
    app.update();
    // (Back to Campaign for the end of the test.)
    for _ in 0..12 {
        if focused(&app).map(|e| text_of(&mut app, e)).as_deref() == Some("Campaign") {
            break;
        }
        press(&mut app, KeyCode::Tab);
    }

    std::thread::sleep(Duration::from_millis(20));
    edit(
        &root.join("assets/rules/actions.ron"),
        "cooldwn: 2,",
        "cooldown: 2,",
    );
    let notice = notice_after_a_reload(&mut app);
    assert!(
        notice.starts_with("The rules load now: 5 levels ready"),
        "{notice}"
    );
    assert!(app.world().contains_resource::<peninsula::game::GameData>());
    // The title is drawn again with what the data offers, and its buttons work.
    press(&mut app, KeyCode::Enter);
    assert_ne!(screen(&app), Screen::Title);
}

/// A mod turned on that stops loading while the game runs (a modder's typo in its level) is
/// named with its problem, on the title and in Single level, not only counted out.
#[test]
fn a_mod_broken_while_the_game_runs_is_named_with_its_problem() {
    use peninsula::rules::mods::ModDirs;
    let dir = support::scratch_dir("reload-mod");
    std::fs::write(
        dir.join("mod.ron"),
        "(id: \"sea_mod\", name: \"Sea mod\", version: \"0.1\")",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("levels")).unwrap();
    let level = dir.join("levels/sea_level.ron");
    let base = std::fs::read_to_string(root().join("levels/sandbox.ron")).unwrap();
    std::fs::write(
        &level,
        base.replacen("id: \"sandbox\"", "id: \"sea_level\"", 1),
    )
    .unwrap();
    let data =
        peninsula::rules::load_data_with(&root(), &ModDirs::only(vec![dir.to_path_buf()])).unwrap();
    assert!(data.level("sea_level").is_some());
    let (mut app, _saves) = app_with(data, "reload-mod");
    std::thread::sleep(Duration::from_millis(20));
    edit(&level, "turns: 20", "turns: \"twenty\"");
    let notice = notice_after_a_reload(&mut app);
    assert!(
        notice.starts_with("Data reloaded, 5 levels ready; mod sea_mod is not loaded: ")
            && notice.contains("sea_level.ron:"),
        "{notice}"
    );
    go_to(&mut app, Screen::Levels);
    let shown = texts(&mut app);
    assert!(
        shown
            .iter()
            .any(|t| t == "mod sea_mod (not loaded), so sea_level cannot be played"),
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|t| t.contains("sea_level.ron:") && t.contains("turns")),
        "{shown:?}"
    );
}

#[test]
fn coming_back_to_a_finished_game_opens_the_debrief() {
    let (mut app, _dir) = app_with(data().clone(), "finished");
    let sc = std::sync::Arc::new(scenario("2013_third_test").clone());
    let mut game = Game::new(&sc, 4);
    while game.state.outcome.is_none() {
        game.play(&sc, sc.fallback_action);
    }
    app.world_mut()
        .insert_resource(peninsula::game::ActiveScenario(sc));
    app.world_mut().insert_resource(ActiveGame(game));
    go_to(&mut app, Screen::Dashboard);
    app.update();
    assert_eq!(screen(&app), Screen::Debrief);
}

fn focused(app: &App) -> Option<Entity> {
    app.world()
        .resource::<bevy::input_focus::InputFocus>()
        .get()
}

fn text_of(app: &mut App, e: Entity) -> String {
    let mut out = String::new();
    let mut stack = vec![e];
    while let Some(at) = stack.pop() {
        if let Some(t) = app.world().get::<Text>(at) {
            out += &t.0;
        }
        if let Some(children) = app.world().get::<Children>(at) {
            stack.extend(children.iter());
        }
    }
    out
}

/// A whole level from the title to the debrief with real key messages only: Enter through
/// the title, the campaign list and the briefing, then each turn a card's key and Enter, and
/// Enter on each report.
#[test]
fn keyboard_only_a_whole_level_from_the_title_to_the_debrief() {
    let (mut app, _dir) = app_with(data().clone(), "whole-by-keys");
    into_the_first_level(&mut app);
    let mut turns = 0;
    for _ in 0..5000 {
        match (screen(&app), phase(&app)) {
            (Screen::Dashboard, Some(TurnPhase::Decide)) => {
                // The second card when it can be played, else the next that can.
                let selected = |app: &App| {
                    app.world()
                        .resource::<peninsula::ui::screens::dashboard::Selected>()
                        .0
                };
                for (key, _) in peninsula::ui::screens::dashboard::CARD_KEYS.iter().skip(1) {
                    press(&mut app, *key);
                    if selected(&app).is_some() {
                        break;
                    }
                }
                assert!(selected(&app).is_some(), "some card can be played");
                press(&mut app, KeyCode::Enter);
                assert_ne!(
                    phase(&app),
                    Some(TurnPhase::Decide),
                    "Enter played the pick"
                );
                turns += 1;
            }
            (Screen::Dashboard, Some(TurnPhase::Report)) => press(&mut app, KeyCode::Enter),
            (Screen::Dashboard, _) => app.update(),
            _ => break,
        }
    }
    assert_eq!(
        screen(&app),
        Screen::Debrief,
        "the level ended by keys alone"
    );
    let game = app.world().resource::<ActiveGame>().0.clone();
    assert!(game.state.outcome.is_some());
    assert_eq!(
        game.log.len(),
        turns,
        "one move per Enter, none lost or doubled"
    );
    let shown = texts(&mut app);
    assert!(shown.iter().any(|t| t.starts_with("Score ")), "{shown:?}");
    // The debrief opens with focus on the export, which loses nothing: an Enter too many after
    // the last turn does not start a new game over this one.
    let at = focused(&app).expect("the debrief opens with focus");
    assert_eq!(text_of(&mut app, at), "Export report");
    // Replay replays the level from its briefing.
    debrief_pick(&mut app, "Replay (new seed)");
    assert_eq!(screen(&app), Screen::Briefing);
}

/// Tabs along the debrief's controls to the button `want` and presses it.
fn debrief_pick(app: &mut App, want: &str) {
    for _ in 0..80 {
        let at = focused(app).expect("the debrief has focus");
        if text_of(app, at) == want {
            press(app, KeyCode::Enter);
            return;
        }
        press(app, KeyCode::Tab);
    }
    panic!("no debrief button {want}: {:?}", texts(app));
}

/// Keys typed within one frame (a slow frame: software rendering, a weak laptop) act in the
/// order typed: `8` then `Enter` picks card 8 and plays it, not the card focused before the `8`.
#[test]
fn keys_typed_within_one_frame_act_in_the_order_typed() {
    let (mut app, _dir) = app_with(data().clone(), "one-frame");
    into_the_first_level(&mut app);
    for key in [KeyCode::Digit8, KeyCode::Enter] {
        send_key(&mut app, key, ButtonState::Pressed);
        send_key(&mut app, key, ButtonState::Released);
    }
    for _ in 0..4 {
        app.update();
    }
    let played = |app: &App| {
        app.world()
            .resource::<ActiveGame>()
            .0
            .log
            .first()
            .map(|t| t.taken)
    };
    // The same keys typed a frame apart.
    let (mut slow, _dir) = app_with(data().clone(), "frames-apart");
    into_the_first_level(&mut slow);
    press(&mut slow, KeyCode::Digit8);
    press(&mut slow, KeyCode::Enter);
    let card_8 = played(&slow).expect("typed apart, 8 then Enter plays card 8");
    assert_eq!(
        played(&app),
        Some(card_8),
        "the same card, typed within one frame"
    );
    let first_card = scenario("2013_third_test")
        .action_index("hold_course")
        .unwrap();
    assert_ne!(card_8, first_card, "card 8 is not the card focused first");
}

/// Shift+Tab with Tab pressed and Shift let go within one frame (a slow frame, or a tool that
/// types fast) moves the focus back, as it does with Shift let go later: Bevy reads Shift's
/// state once the frame's keys are in, and Shift let go in that frame made it move forward.
#[test]
fn shift_tab_within_one_frame_moves_the_focus_back() {
    let (mut app, _dir) = app_with(data().clone(), "shift-tab");
    let first = focused(&app).expect("the title opens with focus");
    assert_eq!(text_of(&mut app, first), "Campaign");
    press(&mut app, KeyCode::Tab);
    let second = focused(&app).unwrap();
    assert_eq!(text_of(&mut app, second), "Single level");
    send_key(&mut app, KeyCode::ShiftLeft, ButtonState::Pressed);
    app.update();
    send_key(&mut app, KeyCode::Tab, ButtonState::Pressed);
    send_key(&mut app, KeyCode::Tab, ButtonState::Released);
    send_key(&mut app, KeyCode::ShiftLeft, ButtonState::Released);
    for _ in 0..4 {
        app.update();
    }
    assert_eq!(
        focused(&app),
        Some(first),
        "Shift+Tab goes back to Campaign"
    );
}

/// The tension gauge takes the focus like a control (its ledger opens), and shows it with the
/// accent edge every focused control wears.
#[test]
fn the_focused_gauge_wears_the_accent_edge() {
    let (mut app, _dir) = app_with(data().clone(), "gauge-focus");
    into_the_first_level(&mut app);
    let heading = app
        .world_mut()
        .query::<(Entity, &Text)>()
        .iter(app.world())
        .find(|(_, t)| t.0.starts_with("Tension "))
        .map(|(e, _)| e)
        .expect("the gauge's heading");
    // The heading shares a row with the turn's peak, in the gauge: the focusable ancestor.
    let gauge = std::iter::successors(Some(heading), |e| {
        app.world().get::<ChildOf>(*e).map(ChildOf::parent)
    })
    .find(|e| {
        app.world()
            .get::<bevy::input_focus::tab_navigation::TabIndex>(*e)
            .is_some()
    })
    .expect("the gauge takes the focus");
    let accent = app
        .world()
        .resource::<peninsula::ui::theme::Palette>()
        .accent;
    let edge = |app: &App| app.world().get::<BorderColor>(gauge).unwrap().top;
    assert_ne!(edge(&app), accent, "not focused yet");
    app.world_mut()
        .resource_mut::<bevy::input_focus::InputFocus>()
        .set(gauge, bevy::input_focus::FocusCause::Navigated);
    app.update();
    assert_eq!(edge(&app), accent, "focused");
}

/// The arrow keys move along the rows and columns of a grid laid out on screen, as the title's
/// nine buttons are (three by three), and through the Tab order where nothing lies that way.
/// The headless app lays nothing out, so the test places the buttons as the window does.
#[test]
fn arrows_move_along_the_titles_grid_as_it_is_laid_out() {
    use bevy::ui::UiGlobalTransform;
    let (mut app, _dir) = app_with(data().clone(), "arrow-grid");
    const GRID: [[&str; 3]; 3] = [
        ["Campaign", "Single level", "Sandbox"],
        ["How to play", "Load game", "Policy lab"],
        ["Mods", "Settings", "Quit"],
    ];
    let buttons: Vec<Entity> = app
        .world_mut()
        .query_filtered::<Entity, With<bevy::ui_widgets::Button>>()
        .iter(app.world())
        .collect();
    let mut placed = 0;
    for e in buttons {
        let label = text_of(&mut app, e);
        let Some((row, column)) = (0..3)
            .flat_map(|r| (0..3).map(move |c| (r, c)))
            .find(|(r, c)| GRID[*r][*c] == label)
        else {
            continue;
        };
        let centre = Vec2::new(390.0 + 220.0 * column as f32, 214.0 + 46.0 * row as f32);
        let mut node = app.world_mut().get_mut::<ComputedNode>(e).unwrap();
        node.size = Vec2::new(212.0, 36.0);
        node.inverse_scale_factor = 1.0;
        *app.world_mut().get_mut::<UiGlobalTransform>(e).unwrap() =
            UiGlobalTransform::from_translation(centre);
        placed += 1;
    }
    assert_eq!(placed, 9, "the title's nine buttons");
    let at = |app: &mut App| {
        let e = focused(app).expect("a control has focus");
        text_of(app, e)
    };
    assert_eq!(at(&mut app), "Campaign");
    for (key, then) in [
        (KeyCode::ArrowDown, "How to play"),
        (KeyCode::ArrowRight, "Load game"),
        (KeyCode::ArrowDown, "Settings"),
        (KeyCode::ArrowRight, "Quit"),
        (KeyCode::ArrowUp, "Policy lab"),
        (KeyCode::ArrowUp, "Sandbox"),
        (KeyCode::ArrowLeft, "Single level"),
        (KeyCode::ArrowLeft, "Campaign"),
    ] {
        press(&mut app, key);
        assert_eq!(at(&mut app), then, "after {key:?}");
    }
    // Nothing lies left of Campaign: Left goes back through the Tab order, as Shift+Tab does,
    // to the control laid out nowhere here (the class code's box).
    press(&mut app, KeyCode::ArrowLeft);
    let back = at(&mut app);
    assert!(GRID.iter().flatten().all(|label| *label != back), "{back}");
}

#[test]
fn tab_and_arrows_move_focus_in_screen_order_and_enter_activates_it() {
    let (mut app, _dir) = app_with(data().clone(), "tab");
    let first = focused(&app).expect("the title opens with focus");
    assert_eq!(text_of(&mut app, first), "Campaign");
    press(&mut app, KeyCode::ArrowDown);
    let second = focused(&app).unwrap();
    assert_eq!(text_of(&mut app, second), "Single level");
    // The focused control wears the ring (an outline wide enough for every UI scale); the one
    // left behind does not.
    let accent = app
        .world()
        .resource::<peninsula::ui::theme::Palette>()
        .accent;
    let ring = |app: &App, e: Entity| app.world().get::<Outline>(e).map(|o| o.color);
    assert_eq!(ring(&app, second), Some(accent));
    assert_eq!(ring(&app, first), Some(Color::NONE));
    press(&mut app, KeyCode::Tab);
    let third = focused(&app).unwrap();
    assert_eq!(text_of(&mut app, third), "Sandbox");
    press(&mut app, KeyCode::ArrowUp);
    assert_eq!(focused(&app), Some(second));
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Levels);
    // Back on the title, the focus is where the player left it, not on the first button.
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Title);
    let back = focused(&app).expect("the title has focus again");
    assert_eq!(text_of(&mut app, back), "Single level");
}

#[test]
fn the_menu_is_modal_tab_stays_inside_and_the_turn_waits() {
    let (mut app, _dir) = app_with(data().clone(), "modal");
    into_the_first_level(&mut app);
    press(&mut app, KeyCode::Escape);
    let resume = focused(&app).expect("the menu opens with focus");
    assert_eq!(text_of(&mut app, resume), "Resume (Esc)");
    let items = [
        "Save to slot 1",
        "Save to slot 2",
        "Save to slot 3",
        "Load game",
        "Settings",
        "Facilitator controls...",
        "Quit to title",
        "Resume (Esc)",
    ];
    for want in items {
        press(&mut app, KeyCode::Tab);
        let at = focused(&app).unwrap();
        assert_eq!(text_of(&mut app, at), want, "Tab cycles inside the menu");
    }
    // Card keys do nothing behind the menu.
    press(&mut app, KeyCode::Digit1);
    assert_eq!(
        app.world()
            .resource::<peninsula::ui::screens::dashboard::Selected>()
            .0,
        None
    );
    // Enter on Resume closes it; the turn goes on.
    press(&mut app, KeyCode::Enter);
    assert!(!texts(&mut app).iter().any(|t| t == "Save to slot 1"));
    assert_eq!(phase(&app), Some(TurnPhase::Decide));
    // Back from the Settings and the Load it opened, the menu opens again on that item (the
    // next Down leads where the hand expects), not on Resume.
    for item in ["Settings", "Load game"] {
        menu_pick(&mut app, item);
        assert_ne!(
            screen(&app),
            Screen::Dashboard,
            "{item} leaves the dashboard"
        );
        press(&mut app, KeyCode::Escape);
        app.update();
        assert_eq!(
            screen(&app),
            Screen::Dashboard,
            "Esc from {item} comes back"
        );
        let back = focused(&app).expect("the menu reopens with focus");
        assert_eq!(text_of(&mut app, back), item, "the focus is where it left");
        press(&mut app, KeyCode::Escape);
        assert!(!texts(&mut app).iter().any(|t| t == "Save to slot 1"));
    }
    // Opened afresh, it is on Resume again.
    press(&mut app, KeyCode::Escape);
    let resume = focused(&app).expect("the menu opens with focus");
    assert_eq!(text_of(&mut app, resume), "Resume (Esc)");
}

/// Whether a text that starts with `start` is on screen (its node displayed).
fn text_displayed(app: &mut App, start: &str) -> bool {
    let mut q = app.world_mut().query::<(&Text, &Node)>();
    q.iter(app.world())
        .any(|(t, n)| t.0.starts_with(start) && n.display != Display::None)
}

#[test]
fn a_saves_notice_passes_and_the_key_hints_come_back() {
    let (mut app, _dir) = app_with(data().clone(), "notice-passes");
    into_the_first_level(&mut app);
    assert!(text_displayed(&mut app, "Keys: 1-0"), "the key hints show");
    menu_pick(&mut app, "Save to slot 1");
    assert!(text_displayed(&mut app, "Saved to slot 1."));
    assert!(
        !text_displayed(&mut app, "Keys: 1-0"),
        "the notice takes the hints' line"
    );
    // Each frame of this app is a second: the notice holds its line for a while, then goes.
    let seconds = peninsula::ui::screens::dashboard::NOTICE_SECONDS as u32;
    for _ in 0..seconds + 1 {
        app.update();
    }
    assert!(!text_displayed(&mut app, "Saved to slot 1."));
    assert!(
        text_displayed(&mut app, "Keys: 1-0"),
        "the key hints come back without waiting for the turn to end"
    );
    assert_eq!(app.world().resource::<peninsula::ui::Notice>().0, None);
    assert_eq!(phase(&app), Some(TurnPhase::Decide));
}

/// Plays `level` to its end with the fallback move, by messages.
/// Activates the debrief timeline's row for `turn` ("Rewind to turn N") and runs the frames
/// that open the dashboard there.
fn rewind_to(app: &mut App, turn: u32) {
    use peninsula::ui::screens::debrief::rewind::RewindTo;
    let row = app
        .world_mut()
        .query::<(Entity, &RewindTo)>()
        .iter(app.world())
        .find(|(_, r)| r.0 == turn)
        .map(|(e, _)| e)
        .unwrap_or_else(|| panic!("a timeline row for turn {turn}"));
    app.world_mut()
        .write_message(peninsula::ui::focus::Activated(row));
    app.update();
    app.update();
}

fn play_to_the_end(app: &mut App, fallback: u16) {
    play_until(app, fallback, |_| false);
}

/// Plays `fallback` turn after turn, answering each report, until `stop` holds when a turn
/// opens, or the game leaves the dashboard.
fn play_until(app: &mut App, fallback: u16, stop: impl Fn(&App) -> bool) {
    for _ in 0..2000 {
        if screen(app) != Screen::Dashboard {
            break;
        }
        match phase(app) {
            Some(TurnPhase::Decide) if stop(app) => break,
            Some(TurnPhase::Decide) => {
                app.world_mut().write_message(EndTurn(fallback));
            }
            Some(TurnPhase::Report) => {
                app.world_mut().write_message(ContinueFromReport);
            }
            _ => {}
        }
        app.update();
    }
}

#[test]
fn a_campaign_level_played_as_a_single_level_unlocks_nothing_even_after_a_reload() {
    let (mut app, dir) = app_with(data().clone(), "single");
    let sc = std::sync::Arc::new(scenario("2013_third_test").clone());
    // From "Single level": not campaign play.
    app.world_mut().insert_resource(ChosenLevel {
        scenario: sc.clone(),
        campaign: false,
        seed: 3,
        class_code: None,
    });
    go_to(&mut app, Screen::Briefing);
    press(&mut app, KeyCode::Enter);
    // One turn, then load the autosave (as after a restart) and play on to the end.
    app.world_mut().write_message(EndTurn(sc.fallback_action));
    app.update();
    let autosave = read_save(&dir, &autosave_slot("2013_third_test"))
        .unwrap()
        .expect("an autosave");
    assert!(
        !autosave.campaign,
        "the save remembers it is not campaign play"
    );
    go_to(&mut app, Screen::Load);
    // The entry says when it was saved, and that it is not campaign play.
    let at = focused(&app).unwrap();
    let entry = text_of(&mut app, at);
    assert!(
        entry.starts_with("Autosave: ") && entry.contains(" saved ") && entry.ends_with(" UTC"),
        "{entry}"
    );
    assert!(
        !entry.contains("campaign") && !entry.contains("game over"),
        "{entry}"
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Dashboard);
    assert!(!app.world().resource::<ChosenLevel>().campaign);
    play_to_the_end(&mut app, sc.fallback_action);
    // Once over, its autosave says so.
    go_to(&mut app, Screen::Load);
    let at = focused(&app).unwrap();
    let entry = text_of(&mut app, at);
    assert!(
        entry.contains(" game over ") && entry.contains(" saved "),
        "{entry}"
    );
    go_to(&mut app, Screen::Debrief);
    assert_eq!(screen(&app), Screen::Debrief);
    let settings = app.world().resource::<Settings>();
    assert!(
        settings.profile.finished.is_empty(),
        "only campaign play counts: {:?}",
        settings.profile.finished
    );
    let shown = texts(&mut app);
    assert!(!shown.iter().any(|t| t == "Next level"), "{shown:?}");
    // Replay keeps it out of the campaign.
    debrief_pick(&mut app, "Replay (new seed)");
    assert_eq!(screen(&app), Screen::Briefing);
    assert!(!app.world().resource::<ChosenLevel>().campaign);
}

#[test]
fn settings_are_widgets_a_checkbox_toggles_with_space_and_is_saved() {
    let (mut app, dir) = app_with(data().clone(), "settings");
    open_settings(&mut app);
    let first = focused(&app).unwrap();
    assert!(text_of(&mut app, first).starts_with("UI scale: < 100% >"));
    // UI scale steps up; the screen is drawn again with focus kept on it.
    press(&mut app, KeyCode::Enter);
    let again = focused(&app).unwrap();
    assert!(
        text_of(&mut app, again).starts_with("UI scale: < 125% >"),
        "{}",
        text_of(&mut app, again)
    );
    // Left and Right step the value, not the focus; Left stops at the smallest.
    for (key, shown) in [
        (KeyCode::ArrowLeft, "100%"),
        (KeyCode::ArrowLeft, "75%"),
        (KeyCode::ArrowLeft, "75%"),
        (KeyCode::ArrowRight, "100%"),
        (KeyCode::ArrowRight, "125%"),
    ] {
        press(&mut app, key);
        let at = focused(&app).unwrap();
        let text = text_of(&mut app, at);
        assert!(
            text.starts_with(&format!("UI scale: < {shown} >")),
            "{text}"
        );
    }
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    let boxed = focused(&app).unwrap();
    assert_eq!(text_of(&mut app, boxed), "[ ] Colour-blind-safe palette");
    assert!(
        app.world()
            .get::<bevy::ui_widgets::Checkbox>(boxed)
            .is_some()
    );
    press(&mut app, KeyCode::Space);
    let boxed = focused(&app).unwrap();
    assert_eq!(text_of(&mut app, boxed), "[x] Colour-blind-safe palette");
    assert!(app.world().get::<bevy::ui::Checked>(boxed).is_some());
    let settings = app.world().resource::<Settings>();
    assert!(settings.profile.colour_blind);
    // Presentation mode: larger text, a black ground.
    press(&mut app, KeyCode::Tab);
    let boxed = focused(&app).unwrap();
    assert!(text_of(&mut app, boxed).starts_with("[ ] Presentation mode"));
    press(&mut app, KeyCode::Space);
    app.update();
    let profile = &app.world().resource::<Settings>().profile;
    assert!(profile.presentation);
    // On a projector's 1920x1080 at the default scale the text grows (this test's 1280x720
    // window, at 125%, is already at the most its layout fits).
    let hd = Some(Vec2::new(1920.0, 1080.0));
    let default_scale = Profile {
        presentation: true,
        ..Profile::default()
    };
    let plain = peninsula::ui::effective_ui_scale(hd, default_scale.ui_scale);
    let shown = peninsula::ui::effective_ui_scale(hd, default_scale.text_scale());
    assert!(shown > plain * 1.15, "text grows: {plain} -> {shown}");
    let ground = app
        .world()
        .resource::<peninsula::ui::theme::Palette>()
        .background;
    assert_eq!(ground, Color::srgb(0.0, 0.0, 0.0), "high contrast");
    let (stored, _) = Profile::load(&dir);
    assert!(
        stored.colour_blind && stored.presentation && (stored.ui_scale - 1.25).abs() < 1e-6,
        "saved at once"
    );
}

#[test]
fn the_forecast_runs_on_the_task_pool_while_frames_go_on_and_matches_the_engine() {
    use bevy::tasks::AsyncComputeTaskPool;
    use peninsula::ui::screens::dashboard::forecast::{Forecast, ROLLOUTS, THEN};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let (mut app, _dir) = app_with(data().clone(), "forecast");
    // Campaign, the first level: its briefing.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Briefing);
    // Every thread of the pool the forecast runs on is held busy, so none of it can be
    // computed until they are let go: whatever the machine's load, frames that go on now go on
    // without it.
    let pool = AsyncComputeTaskPool::get();
    let (held, go) = (
        Arc::new(AtomicUsize::new(0)),
        Arc::new(AtomicBool::new(false)),
    );
    let blockers: Vec<_> = (0..pool.thread_num())
        .map(|_| {
            let (held, go) = (held.clone(), go.clone());
            pool.spawn(async move {
                held.fetch_add(1, Ordering::SeqCst);
                while !go.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(1));
                }
            })
        })
        .collect();
    while held.load(Ordering::SeqCst) < pool.thread_num() {
        std::thread::sleep(Duration::from_millis(1));
    }
    // Begin: the dashboard opens and keeps drawing frames with every move still to compute.
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Dashboard);
    let moves = app.world().resource::<Forecast>().odds.len();
    assert!(moves > 0, "the forecast started");
    for _ in 0..5 {
        app.update();
    }
    let forecast = app.world().resource::<Forecast>();
    assert_eq!(
        forecast.pending(),
        moves,
        "frames went on while every move's forecast waited"
    );
    assert!(forecast.odds.iter().all(Option::is_none));
    // Let go: the results come in as frames go on.
    go.store(true, Ordering::SeqCst);
    for blocker in blockers {
        bevy::tasks::block_on(blocker);
    }
    wait_for_forecast(&mut app);
    let shown = app.world().resource::<Forecast>().odds.clone();
    let game = app.world().resource::<ActiveGame>().0.clone();
    let sc = scenario("2013_third_test");
    let policy = peninsula::sim::Policy::load(sc, &root(), THEN).unwrap();
    let engine = peninsula::sim::forecast::forecast(sc, &game.state, &policy, ROLLOUTS, 1, 1);
    let shown: Vec<_> = shown.into_iter().map(|o| o.expect("every move")).collect();
    assert_eq!(shown, engine, "the dashboard shows the engine's forecast");
}

/// The policy that plays on after each move is the player's setting: the dashboard's odds
/// are the engine's forecast with that policy, not with the default (`adaptive`); and the setting steps
/// through the built-in policies on the Settings screen and is saved.
#[test]
fn the_forecast_plays_on_with_the_policy_the_player_chose() {
    use peninsula::game::saves::FORECAST_POLICIES;
    use peninsula::ui::screens::dashboard::forecast::{Forecast, ROLLOUTS};
    let (mut app, dir) = app_with(data().clone(), "forecast-policy");
    open_settings(&mut app);
    // The policy is the sixth row.
    for _ in 0..5 {
        press(&mut app, KeyCode::Tab);
    }
    let row = focused(&app).unwrap();
    assert_eq!(text_of(&mut app, row), "Forecast plays on as: < adaptive >");
    let shown = texts(&mut app);
    assert!(
        shown
            .iter()
            .any(|t| t.starts_with("adaptive (the default): reads the intelligence")),
        "{shown:?}"
    );
    // Left goes back round to the last policy, Right forward again, Enter to the next.
    press(&mut app, KeyCode::ArrowLeft);
    let row = focused(&app).unwrap();
    let last = FORECAST_POLICIES[FORECAST_POLICIES.len() - 1];
    assert_eq!(
        text_of(&mut app, row),
        format!("Forecast plays on as: < {last} >")
    );
    press(&mut app, KeyCode::ArrowRight);
    press(&mut app, KeyCode::Enter);
    let row = focused(&app).unwrap();
    assert!(text_of(&mut app, row).starts_with("Forecast plays on as: < balanced >"));
    press(&mut app, KeyCode::Enter);
    let row = focused(&app).unwrap();
    assert!(text_of(&mut app, row).starts_with("Forecast plays on as: < hawk >"));
    assert_eq!(FORECAST_POLICIES[2], "hawk");
    // Under the row, what the chosen line does, and which is the default: the names alone told
    // a new player nothing, and the default was easy to step past.
    let shown = texts(&mut app);
    assert!(
        shown.iter().any(|t| t
            == "hawk: shows of force first, sanctions when it can, never talks (the default is adaptive)"),
        "{shown:?}"
    );
    let (stored, _) = Profile::load(&dir);
    assert_eq!(stored.forecast_policy, "hawk", "saved at once");
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Title);
    // Back on the title at Settings; up to Campaign, and into the first level as the other
    // dashboard tests go.
    for _ in 0..7 {
        press(&mut app, KeyCode::ArrowUp);
    }
    let campaign = focused(&app).unwrap();
    assert_eq!(text_of(&mut app, campaign), "Campaign");
    into_the_first_level(&mut app);
    wait_for_forecast(&mut app);
    let forecast = app.world().resource::<Forecast>();
    assert_eq!(forecast.policy, "hawk");
    let shown: Vec<_> = forecast
        .odds
        .iter()
        .map(|o| o.clone().expect("every move"))
        .collect();
    let game = app.world().resource::<ActiveGame>().0.clone();
    let sc = scenario("2013_third_test");
    let odds = |name: &str| {
        let policy = peninsula::sim::Policy::load(sc, &root(), name).unwrap();
        peninsula::sim::forecast::forecast(sc, &game.state, &policy, ROLLOUTS, 1, 1)
    };
    assert_eq!(
        shown,
        odds("hawk"),
        "the dashboard shows the hawk's forecast"
    );
    assert_ne!(shown, odds("adaptive"), "which is not the default one");
}

#[test]
fn the_forecast_can_be_switched_off() {
    use peninsula::ui::screens::dashboard::forecast::Forecast;
    let (mut app, _dir) = app_with(data().clone(), "no-forecast");
    app.world_mut()
        .resource_mut::<Settings>()
        .profile
        .show_forecast = false;
    into_the_first_level(&mut app);
    let f = app.world().resource::<Forecast>();
    assert_eq!(f.pending(), 0);
    assert!(f.odds.is_empty());
}

/// What the allies can see of Pyongyang is on the dashboard: a device readied at the test site
/// (2013 opens with its test ordered) is among the facts under the actors, as Beijing's warning
/// reads it; a year with none says nothing of it.
#[test]
fn a_test_device_readied_is_among_the_facts_on_the_dashboard() {
    use peninsula::sim::class_code::{ClassOptions, encode};
    for (id, ready) in [("2013_third_test", true), ("2018_the_thaw", false)] {
        let sc = scenario(id);
        let code = encode(data(), sc, 5, ClassOptions::default()).text;
        let (mut app, _dir) = app_with(data().clone(), "device-flag");
        peninsula::ui::open_class_code(app.world_mut(), &code);
        app.update();
        begin_without_a_name(&mut app);
        let state = &app.world().resource::<ActiveGame>().0.state;
        let var = sc
            .rules
            .var_index("pyongyang.device_ready")
            .expect("a variable") as usize;
        assert_eq!(state.vars[var] >= 1.0, ready, "{id}");
        let shown = texts(&mut app);
        let facts = shown.iter().find(|t| t.starts_with("Forces in proximity"));
        assert!(facts.is_some(), "{id}: the facts line is shown: {shown:?}");
        assert_eq!(
            facts.is_some_and(|t| t.contains("a test device ready at the test site")),
            ready,
            "{id}: {facts:?}"
        );
    }
}

#[test]
fn a_class_code_opens_its_briefing_and_shows_on_the_dashboard_and_a_bad_one_is_reported() {
    use peninsula::sim::class_code::{ClassOptions, encode};
    use peninsula::ui::screens::dashboard::forecast::Forecast;
    let sc = scenario("2022_seventh_test");
    let code = encode(
        data(),
        sc,
        99,
        ClassOptions {
            no_forecast: true,
            ..Default::default()
        },
    )
    .text;
    let (mut app, _dir) = app_with(data().clone(), "class-code");
    peninsula::ui::open_class_code(app.world_mut(), &code);
    app.update();
    assert_eq!(screen(&app), Screen::Briefing);
    let chosen = app.world().resource::<ChosenLevel>();
    assert_eq!(
        (chosen.scenario.id(), chosen.seed),
        ("2022_seventh_test", 99)
    );
    assert!(!chosen.campaign);
    assert!(
        texts(&mut app).iter().any(|t| t
            == &format!(
                "Class code {code} - everyone with this code plays the same game, with the forecast hidden (rules {})",
                scenario("2022_seventh_test").fingerprint()
            )),
        "the briefing says the class plays blind"
    );
    begin_without_a_name(&mut app);
    assert!(
        texts(&mut app)
            .iter()
            .any(|t| t == &format!("Class {code}"))
    );
    // The code stands beside the Menu button, not among the bar's parts that wrap (where
    // it moved between rows from turn to turn as the date grew and shrank).
    let parent_of = |app: &mut App, text: &str| {
        let mut q = app.world_mut().query::<(&Text, &ChildOf)>();
        q.iter(app.world())
            .find(|(t, _)| t.0 == text)
            .map(|(_, c)| c.parent())
            .unwrap_or_else(|| panic!("no text {text:?}"))
    };
    let class_row = parent_of(&mut app, &format!("Class {code}"));
    let menu_button = parent_of(&mut app, "Menu (Esc)");
    let menu_row = app.world().get::<ChildOf>(menu_button).unwrap().parent();
    assert_eq!(
        class_row, menu_row,
        "the class code sits beside the Menu button"
    );
    assert_eq!(app.world().resource::<ActiveGame>().0.state.seed, 99);
    assert!(
        app.world().resource::<Forecast>().odds.is_empty(),
        "the code plays blind"
    );
    // The settings, opened from this game, say why the forecast is not shown, though it is
    // ticked: the tick is the player's own setting, for other games.
    menu_pick(&mut app, "Settings");
    app.update();
    assert_eq!(screen(&app), Screen::Settings);
    let shown = texts(&mut app);
    assert!(
        shown
            .iter()
            .any(|t| t == "[x] Forecast of each move on the dashboard"),
        "{shown:?}"
    );
    assert!(
        shown.iter().any(|t| t
            == "This class code hides the forecast in this game, whatever the tick: the tick is for your other games"),
        "{shown:?}"
    );
    press(&mut app, KeyCode::Escape);
    app.update();
    assert_eq!(screen(&app), Screen::Dashboard);
    // One step back: the menu that opened the settings, not the bare dashboard (where the next
    // Esc and Enter from habit would play a move), on the item that opened them.
    app.update();
    let at = focused(&app).expect("the menu has the focus");
    assert_eq!(text_of(&mut app, at), "Settings");
    press(&mut app, KeyCode::Escape);
    app.update();
    assert_ne!(
        focused(&app).map(|at| text_of(&mut app, at)).as_deref(),
        Some("Settings"),
        "Esc closes the menu"
    );
    // After a turn and a reload of the autosave, the code (and playing blind) still hold.
    app.world_mut().write_message(EndTurn(sc.fallback_action));
    app.update();
    go_to(&mut app, Screen::Load);
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Dashboard);
    let chosen = app.world().resource::<ChosenLevel>();
    assert_eq!(
        chosen.class_code.as_ref().map(|c| c.text.clone()),
        Some(code.clone())
    );
    assert!(
        app.world().resource::<Forecast>().odds.is_empty(),
        "still blind"
    );
    // The debrief replays a class's game under its code: the same dice and options, as the
    // teacher set them (a new seed would drop the code and bring the forecast back).
    go_to(&mut app, Screen::Debrief);
    debrief_pick(&mut app, "Replay (same class code)");
    assert_eq!(screen(&app), Screen::Briefing);
    let chosen = app.world().resource::<ChosenLevel>();
    assert_eq!(
        (
            chosen.class_code.as_ref().map(|c| c.text.clone()),
            chosen.seed
        ),
        (Some(code.clone()), 99)
    );

    let (mut app, _dir) = app_with(data().clone(), "class-code-bad");
    let mut bad = code.clone();
    let last = bad.pop().unwrap();
    bad.push(if last == 'Z' { 'Y' } else { 'Z' });
    peninsula::ui::open_class_code(app.world_mut(), &bad);
    app.update();
    assert_eq!(screen(&app), Screen::Title);
    assert!(
        texts(&mut app)
            .iter()
            .any(|t| t.contains("Class code:") && t.contains("typing mistake"))
    );
}

/// A group that enters its class code again after a crash finds its game: the briefing offers
/// Resume, with the focus, so Enter goes on with the autosave instead of replacing it; Start
/// again is still there. A plain game of the same level is told apart from the class's.
#[test]
fn entering_a_class_code_again_offers_the_game_in_progress() {
    use peninsula::sim::class_code::{ClassOptions, encode};
    let sc = scenario("2017_fire_and_fury");
    let code = encode(data(), sc, 11, ClassOptions::default()).text;
    let (mut app, _dir) = app_with(data().clone(), "class-resume");
    peninsula::ui::open_class_code(app.world_mut(), &code);
    app.update();
    let shown = texts(&mut app);
    assert!(
        shown.iter().any(|t| t == "Begin"),
        "nothing in progress yet: {shown:?}"
    );
    begin_without_a_name(&mut app);
    play_until(&mut app, sc.fallback_action, |app| game_turns(app) == 2);
    let played = app.world().resource::<ActiveGame>().0.moves(sc);
    assert_eq!(played.len(), 2);
    // The window closes; the code is entered again.
    go_to(&mut app, Screen::Title);
    peninsula::ui::open_class_code(app.world_mut(), &code);
    app.update();
    assert_eq!(screen(&app), Screen::Briefing);
    let shown = texts(&mut app);
    assert!(
        shown.iter().any(|t| t == "Resume (after turn 2)"),
        "{shown:?}"
    );
    assert!(shown.iter().any(|t| t == "Start again"), "{shown:?}");
    assert!(
        shown.iter().any(|t| t
            .starts_with("A game of this class code is in progress on this machine, after turn 2")),
        "{shown:?}"
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Dashboard);
    let game = &app.world().resource::<ActiveGame>().0;
    assert_eq!(game.moves(sc), played, "the same game goes on");
    let chosen = app.world().resource::<ChosenLevel>();
    assert_eq!(
        chosen.class_code.as_ref().map(|c| c.text.clone()),
        Some(code.clone())
    );
    // A plain game of the level: no Resume for the class's game, and a warning that Begin
    // replaces it.
    go_to(&mut app, Screen::Title);
    app.world_mut().insert_resource(ChosenLevel {
        scenario: std::sync::Arc::new(sc.clone()),
        campaign: false,
        seed: 5,
        class_code: None,
    });
    go_to(&mut app, Screen::Briefing);
    let shown = texts(&mut app);
    assert!(!shown.iter().any(|t| t.starts_with("Resume")), "{shown:?}");
    assert!(
        shown.iter().any(|t| t
            .starts_with("This machine's autosave of this level holds another game, after turn 2")),
        "{shown:?}"
    );
}

/// A class's group names itself on the briefing: the name goes into the autosave and onto the
/// dashboard, comes back filled in when the code is entered again after a crash (Resume keeps
/// it), and a group's correction on Resume holds. A plain game of a level offers no box.
#[test]
fn a_group_names_itself_on_the_briefing_and_the_name_stays_with_its_game() {
    use peninsula::sim::class_code::{ClassOptions, encode};
    use peninsula::ui::screens::group_name_field::GroupName;
    let sc = scenario("2017_fire_and_fury");
    let code = encode(data(), sc, 11, ClassOptions::default()).text;
    let (mut app, dir) = app_with(data().clone(), "group-name");
    peninsula::ui::open_class_code(app.world_mut(), &code);
    app.update();
    let shown = texts(&mut app);
    assert!(shown.iter().any(|t| t == "Group:"), "{shown:?}");
    assert!(shown.iter().any(|t| t == "for the report"), "{shown:?}");
    assert!(
        !shown.iter().any(|t| t == NAME_KEPT),
        "a new game keeps no name"
    );
    // Shift+Tab from Begin, which has the focus, to the box before it; the name typed; Enter
    // in the box begins.
    shift_tab(&mut app);
    type_text(&mut app, "Table 3:");
    press_logical(&mut app, KeyCode::Space, Key::Space);
    type_text(&mut app, "Ana, Bo");
    assert!(
        texts(&mut app).iter().any(|t| t == "Table 3: Ana, Bo"),
        "the box shows what was typed, and Space typed nothing else"
    );
    assert_eq!(
        screen(&app),
        Screen::Briefing,
        "Space in the box does not begin"
    );
    press_logical(&mut app, KeyCode::Enter, Key::Enter);
    assert_eq!(screen(&app), Screen::Dashboard);
    let game = &app.world().resource::<ActiveGame>().0;
    assert_eq!(game.group.as_deref(), Some("Table 3: Ana, Bo"));
    app.update();
    let shown = texts(&mut app);
    assert!(
        shown
            .iter()
            .any(|t| *t == format!("Class {code} | Table 3: Ana, Bo")),
        "the dashboard names the group beside its code: {:?}",
        shown
            .iter()
            .filter(|t| t.contains("Class"))
            .collect::<Vec<_>>()
    );
    play_until(&mut app, sc.fallback_action, |app| game_turns(app) == 2);
    let save = read_save(&dir, &autosave_slot(sc.id())).unwrap().unwrap();
    assert_eq!(save.group.as_deref(), Some("Table 3: Ana, Bo"));
    // The window closes (the name typed is gone with it); the code is entered again.
    go_to(&mut app, Screen::Title);
    app.world_mut().resource_mut::<GroupName>().0.clear();
    peninsula::ui::open_class_code(app.world_mut(), &code);
    app.update();
    let shown = texts(&mut app);
    assert!(shown.iter().any(|t| t == "Table 3: Ana, Bo"), "{shown:?}");
    assert!(
        shown.iter().any(|t| t == NAME_KEPT),
        "the name is said to be the one given before, so it is not typed after itself: {shown:?}"
    );
    assert!(
        shown.iter().any(|t| t == "Resume (after turn 2)"),
        "{shown:?}"
    );
    // The group corrects its name, then Enter in the box resumes (it does not start again).
    shift_tab(&mut app);
    press_logical(&mut app, KeyCode::Backspace, Key::Backspace);
    press_logical(&mut app, KeyCode::Backspace, Key::Backspace);
    type_text(&mut app, "Bea");
    press_logical(&mut app, KeyCode::Enter, Key::Enter);
    assert_eq!(screen(&app), Screen::Dashboard);
    let game = &app.world().resource::<ActiveGame>().0;
    assert_eq!(game.log.len(), 2, "the same game goes on");
    assert_eq!(game.group.as_deref(), Some("Table 3: Ana, Bea"));
    // Esc in a filled box empties it and stays; a second Esc goes back.
    go_to(&mut app, Screen::Title);
    peninsula::ui::open_class_code(app.world_mut(), &code);
    app.update();
    shift_tab(&mut app);
    press_logical(&mut app, KeyCode::Escape, Key::Escape);
    assert_eq!(screen(&app), Screen::Briefing);
    assert!(
        !texts(&mut app).iter().any(|t| t.contains("Table 3")),
        "the box is empty"
    );
    // Its hint comes back once the focus leaves it.
    press_logical(&mut app, KeyCode::Tab, Key::Tab);
    assert!(texts(&mut app).iter().any(|t| t == "for the report"));
    shift_tab(&mut app);
    press_logical(&mut app, KeyCode::Escape, Key::Escape);
    assert_eq!(screen(&app), Screen::Title);
    // A level opened without a code: no box.
    app.world_mut().insert_resource(ChosenLevel {
        scenario: std::sync::Arc::new(sc.clone()),
        campaign: false,
        seed: 5,
        class_code: None,
    });
    go_to(&mut app, Screen::Briefing);
    assert!(!texts(&mut app).iter().any(|t| t == "Group:"));
}

/// A class's finished game is not wiped by the next group that enters the code: the briefing
/// says whose it was and to export its report first, starts the name box empty, and Begin
/// replaces it only on a second press. Its debrief is not offered there: it names Pyongyang's
/// type, the type of the very seed the next group is about to play.
#[test]
fn a_finished_class_game_is_offered_before_a_new_one_replaces_it() {
    use peninsula::sim::class_code::{ClassOptions, encode};
    let sc = scenario("2013_third_test");
    let code = encode(data(), sc, 8, ClassOptions::default()).text;
    let (mut app, dir) = app_with(data().clone(), "finished-class-game");
    peninsula::ui::open_class_code(app.world_mut(), &code);
    app.update();
    type_group_name(&mut app, "Table 6");
    press_logical(&mut app, KeyCode::Enter, Key::Enter);
    play_to_the_end(&mut app, sc.fallback_action);
    assert_eq!(screen(&app), Screen::Debrief);
    assert!(
        texts(&mut app)
            .iter()
            .any(|t| *t == format!("Class {code} | Table 6")),
        "the debrief says whose game it is"
    );
    let finished = app.world().resource::<ActiveGame>().0.moves(sc);
    // The next period's group enters the same code.
    go_to(&mut app, Screen::Title);
    peninsula::ui::open_class_code(app.world_mut(), &code);
    app.update();
    let shown = texts(&mut app);
    assert!(
        shown.iter().any(|t| t.starts_with(&format!(
            "A game of this class code (Table 6) finished on this machine, after turn {}",
            finished.len()
        ))),
        "{shown:?}"
    );
    assert!(
        shown.iter().any(|t| t == "for the report"),
        "an empty name box: {shown:?}"
    );
    assert!(
        !shown
            .iter()
            .any(|t| t.contains("hidden disposition") || t == "Its debrief"),
        "{shown:?}"
    );
    // Begin asks first for the new group's name, then whether to replace the game, and the
    // autosave still holds Table 6's game.
    let at = focused(&app).unwrap();
    assert_eq!(text_of(&mut app, at), "Begin");
    press(&mut app, KeyCode::Enter);
    assert!(texts(&mut app).iter().any(|t| t == NAMELESS_BEGIN));
    // Esc in the box it was sent to declines a name: back to Begin, on the briefing (a
    // teacher's review found Esc there left for the title).
    press_logical(&mut app, KeyCode::Escape, Key::Escape);
    assert_eq!(screen(&app), Screen::Briefing);
    let at = focused(&app).unwrap();
    let mut boxes = app
        .world_mut()
        .query_filtered::<Entity, With<peninsula::ui::screens::group_name_field::GroupNameField>>();
    assert!(
        !boxes.iter(app.world()).any(|e| e == at),
        "the focus left the box"
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Briefing);
    let save = read_save(&dir, &autosave_slot(sc.id())).unwrap().unwrap();
    assert_eq!(save.moves, finished);
    assert_eq!(save.group.as_deref(), Some("Table 6"));
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Dashboard, "the second press begins");
    // The next group takes back none of Table 6's turns: its report must not say Undo was
    // used 16 times (a teacher's review found it did). Table 6 starting again would.
    assert_eq!(app.world().resource::<ActiveGame>().0.undone, 0);
    // Table 6's game is not lost: it is kept as the replaced game, and Load game offers it.
    let kept = read_save(&dir, &replaced_autosave_slot(sc.id()))
        .unwrap()
        .expect("the replaced game is kept");
    assert_eq!(kept.moves, finished);
    assert_eq!(kept.group.as_deref(), Some("Table 6"));
    go_to(&mut app, Screen::Load);
    let shown = texts(&mut app);
    assert!(
        shown.iter().any(|t| t.starts_with(&format!(
            "Replaced game: {}, after turn {} | Table 6 | game over",
            sc.def.title,
            finished.len()
        ))),
        "{shown:?}"
    );
    // The autosave is the new group's game from its start, not Table 6's a second time (whose
    // debrief, one click away, showed the type of the class's code).
    let autosave = shown
        .iter()
        .find(|t| t.starts_with("Autosave: "))
        .expect("the new game is autosaved");
    assert!(
        autosave.starts_with(&format!(
            "Autosave: {}, turn 1 not yet played",
            sc.def.title
        )) && !autosave.contains("game over")
            && !autosave.contains("Table 6"),
        "{autosave}"
    );
}

/// A class's game played to its debrief (where the type is shown), then loaded from a slot
/// saved on turn 2: Load game says what that takes back, and the game loaded carries the turns
/// taken back as undone, so that its report shows the group played them again on the class's
/// dice. The teacher's review found a slot took back turns for free after the debrief.
#[test]
fn a_class_game_loaded_from_an_earlier_slot_counts_the_turns_taken_back() {
    let (mut app, dir, sc, _code) = class_game_2013_played_out("slot-behind");
    let finished = read_save(&dir, &autosave_slot(sc.id())).unwrap().unwrap();
    assert!(finished.class_code.is_some());
    let played = finished.moves.len();
    let mut early = finished.clone();
    early.moves.truncate(2);
    peninsula::game::saves::write_save(&dir, "slot1", &early).unwrap();
    go_to(&mut app, Screen::Load);
    let taken = played - 2;
    let entry = format!("loading takes back {taken} turns played since (counted as undone)");
    let shown = texts(&mut app);
    let slot = shown
        .iter()
        .find(|t| t.starts_with("Slot 1: "))
        .expect("the slot is listed");
    assert!(slot.contains(&entry), "{slot}");
    let autosave = shown
        .iter()
        .find(|t| t.starts_with("Autosave: "))
        .expect("the autosave is listed");
    assert!(!autosave.contains("takes back"), "{autosave}");
    // The only game in play has the focus: Enter loads it.
    let at = focused(&app).unwrap();
    assert!(text_of(&mut app, at).starts_with("Slot 1: "));
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Dashboard);
    let game = &app.world().resource::<ActiveGame>().0;
    assert_eq!(game.log.len(), 2);
    assert_eq!(game.undone, taken as u32);
}

/// The teams' notices belong to the table's turn: after the last turn they did not go, and the
/// title said "The teams agreed." under its buttons (the teacher's review). A notice the
/// player has still to see (an autosave that failed) stays.
#[test]
fn the_teams_notices_stay_with_the_game() {
    use peninsula::sim::class_code::{ClassOptions, encode};
    let sc = scenario("2017_fire_and_fury");
    let code = encode(data(), sc, 41, ClassOptions::default()).text;
    let (mut app, _dir) = app_with(data().clone(), "teams-notice");
    peninsula::ui::open_class_code(app.world_mut(), &code);
    app.update();
    begin_without_a_name(&mut app);
    assert_eq!(screen(&app), Screen::Dashboard);
    let failed = "The game is ended, but the autosave failed: disk full";
    for (said, stays) in [
        ("The teams agreed.", false),
        ("Seoul team chooses: Keep the alliance together.", false),
        (failed, true),
    ] {
        go_to(&mut app, Screen::Dashboard);
        app.world_mut().resource_mut::<peninsula::ui::Notice>().0 = Some(said.into());
        go_to(&mut app, Screen::Title);
        assert_eq!(notice_now(&app) == said, stays, "{said}");
    }
}

/// Shift+Tab from the briefing's focused button to the group name box, and the name typed.
fn type_group_name(app: &mut App, name: &str) {
    shift_tab(app);
    type_text(app, name);
}

/// Shift+Tab: the focus back one control.
fn shift_tab(app: &mut App) {
    send_key(app, KeyCode::ShiftLeft, ButtonState::Pressed);
    app.update();
    press(app, KeyCode::Tab);
    send_key(app, KeyCode::ShiftLeft, ButtonState::Released);
    app.update();
}

/// The 2013 game of a class code (seed 8), begun from its briefing and played with the
/// fallback move to its debrief: the app, its save folder, the level and the code.
fn class_game_2013_played_out(
    name: &str,
) -> (App, Scratch, &'static peninsula::rules::Scenario, String) {
    use peninsula::sim::class_code::{ClassOptions, encode};
    let sc = scenario("2013_third_test");
    let code = encode(data(), sc, 8, ClassOptions::default()).text;
    let (mut app, dir) = app_with(data().clone(), name);
    peninsula::ui::open_class_code(app.world_mut(), &code);
    app.update();
    begin_without_a_name(&mut app);
    play_to_the_end(&mut app, sc.fallback_action);
    assert_eq!(screen(&app), Screen::Debrief);
    (app, dir, sc, code)
}

/// A name typed through an input method (a Korean IME commits whole syllables) goes into the
/// box; the window takes IME text only while the box has the focus.
#[test]
fn a_korean_name_typed_through_an_input_method_reaches_the_game() {
    use bevy::window::Ime;
    use peninsula::sim::class_code::{ClassOptions, encode};
    let sc = scenario("2017_fire_and_fury");
    let code = encode(data(), sc, 11, ClassOptions::default()).text;
    let (mut app, _dir) = app_with(data().clone(), "group-ime");
    peninsula::ui::open_class_code(app.world_mut(), &code);
    app.update();
    let window = app
        .world_mut()
        .query_filtered::<Entity, With<PrimaryWindow>>()
        .single(app.world())
        .unwrap();
    let ime_on = |app: &App| app.world().get::<Window>(window).unwrap().ime_enabled;
    assert!(!ime_on(&app), "no IME while Begin has the focus");
    type_group_name(&mut app, "3");
    app.update();
    assert!(ime_on(&app), "the box takes IME text");
    // While the box has the focus, a caret stands after the text, and the syllable being
    // composed shows before it, not yet in the name.
    let spans = |app: &mut App| -> Vec<String> {
        use peninsula::ui::screens::group_name_field::FieldSpan;
        let mut q = app.world_mut().query::<(&FieldSpan, &TextSpan)>();
        let mut parts: Vec<(FieldSpan, String)> = q
            .iter(app.world())
            .map(|(w, s)| (*w, s.0.clone()))
            .collect();
        parts.sort_by_key(|(w, _)| *w as u8);
        parts.into_iter().map(|(_, s)| s).collect()
    };
    assert_eq!(spans(&mut app), ["", "|", ""], "the caret after \"3\"");
    app.world_mut().write_message(Ime::Preedit {
        window,
        value: "조".into(),
        cursor: Some((3, 3)),
    });
    app.update();
    assert_eq!(
        spans(&mut app),
        ["조", "|", ""],
        "the syllable being composed"
    );
    assert!(
        texts(&mut app).iter().any(|t| t == "3"),
        "not yet in the name"
    );
    app.world_mut().write_message(Ime::Commit {
        window,
        value: "조 김민지".into(),
    });
    app.update();
    assert!(texts(&mut app).iter().any(|t| t == "3조 김민지"));
    assert_eq!(
        spans(&mut app),
        ["", "|", ""],
        "committed: nothing left composing"
    );
    // Tab away: no caret in a box that does not have the focus.
    press_logical(&mut app, KeyCode::Tab, Key::Tab);
    assert_eq!(spans(&mut app), ["", "", ""], "no caret without the focus");
    shift_tab(&mut app);
    press_logical(&mut app, KeyCode::Enter, Key::Enter);
    assert_eq!(screen(&app), Screen::Dashboard);
    assert_eq!(
        app.world().resource::<ActiveGame>().0.group.as_deref(),
        Some("3조 김민지")
    );
    assert!(!ime_on(&app), "off again once the briefing is left");
}

/// The group box is edited as any text box is: Left and Right move the caret (not the focus),
/// Home and End take it to either end, typing goes in where it stands, Backspace and Delete take
/// out the character before and after it, and no space goes beside another.
#[test]
fn the_group_box_edits_where_its_caret_stands() {
    use peninsula::sim::class_code::{ClassOptions, encode};
    use peninsula::ui::screens::group_name_field::{FieldSpan, GroupName};
    let sc = scenario("2017_fire_and_fury");
    let code = encode(data(), sc, 12, ClassOptions::default()).text;
    let (mut app, _dir) = app_with(data().clone(), "group-caret");
    peninsula::ui::open_class_code(app.world_mut(), &code);
    app.update();
    type_group_name(&mut app, "Tble 3");
    let field = focused(&app).unwrap();
    let name = |app: &App| app.world().resource::<GroupName>().0.clone();
    // What the box shows: the text up to the caret, the caret, and the text after it.
    let shown = |app: &mut App| -> (String, String, String) {
        let mut q = app.world_mut().query::<(&FieldSpan, &TextSpan)>();
        let spans: Vec<(FieldSpan, String)> = q
            .iter(app.world())
            .map(|(w, s)| (*w, s.0.clone()))
            .collect();
        let span = |want| {
            spans
                .iter()
                .find(|(w, _)| *w == want)
                .map(|(_, s)| s.clone())
                .unwrap()
        };
        // The text the spans hang from: what stands before the caret.
        let mut parents = app.world_mut().query::<(&FieldSpan, &ChildOf)>();
        let parent = parents.iter(app.world()).next().unwrap().1.parent();
        let before = app.world().get::<Text>(parent).unwrap().0.clone();
        (before, span(FieldSpan::Caret), span(FieldSpan::After))
    };
    // The name reads at one size on both sides of the caret.
    let mut fonts = app.world_mut().query::<(&FieldSpan, &TextFont, &ChildOf)>();
    let sizes: Vec<(FontSize, Entity)> = fonts
        .iter(app.world())
        .map(|(_, f, parent)| (f.font_size, parent.parent()))
        .collect();
    assert_eq!(sizes.len(), 3);
    for (size, parent) in sizes {
        assert_eq!(
            size,
            app.world().get::<TextFont>(parent).unwrap().font_size,
            "a span of the box at the text's own size"
        );
    }
    press_logical(&mut app, KeyCode::Home, Key::Home);
    press_logical(&mut app, KeyCode::ArrowRight, Key::ArrowRight);
    assert_eq!(
        focused(&app),
        Some(field),
        "Right moved the caret, not the focus"
    );
    type_text(&mut app, "a");
    assert_eq!(name(&app), "Table 3");
    assert_eq!(
        shown(&mut app),
        ("Ta".to_string(), "|".to_string(), "ble 3".to_string())
    );
    // No second space beside the one there, on either side of it.
    for _ in 0..3 {
        press_logical(&mut app, KeyCode::ArrowRight, Key::ArrowRight);
    }
    press_logical(&mut app, KeyCode::Space, Key::Space);
    assert_eq!(name(&app), "Table 3", "a space beside a space is not taken");
    // Delete takes the space after the caret; Backspace the "e" before it.
    press_logical(&mut app, KeyCode::Delete, Key::Delete);
    press_logical(&mut app, KeyCode::Backspace, Key::Backspace);
    assert_eq!(name(&app), "Tabl3");
    press_logical(&mut app, KeyCode::ArrowLeft, Key::ArrowLeft);
    assert_eq!(
        focused(&app),
        Some(field),
        "Left moved the caret, not the focus"
    );
    press_logical(&mut app, KeyCode::End, Key::End);
    type_text(&mut app, "!");
    assert_eq!(name(&app), "Tabl3!");
    // Esc empties the box; what is typed next starts it again, with the caret at its end.
    press_logical(&mut app, KeyCode::Home, Key::Home);
    press_logical(&mut app, KeyCode::Escape, Key::Escape);
    assert_eq!(name(&app), "");
    type_text(&mut app, "Ana");
    assert_eq!(name(&app), "Ana");
    assert_eq!(
        shown(&mut app),
        ("Ana".to_string(), "|".to_string(), String::new())
    );
}

/// A what-if played on from a rewind autosaves beside the game the class played, never over
/// it: the level's autosave keeps the first run (so the class's report can still be made after
/// the window closes), and Load lists the what-if as one and brings it back with its first run.
#[test]
fn a_what_if_autosaves_beside_the_classs_game_and_loads_as_a_what_if() {
    use peninsula::game::saves::whatif_autosave_slot;
    use peninsula::ui::screens::debrief::rewind::Rewound;
    let (mut app, dir, sc, code) = class_game_2013_played_out("whatif-autosave");
    let original = app.world().resource::<ActiveGame>().0.moves(sc);
    rewind_to(&mut app, 3);
    let other = sc.action_index("consult_beijing").unwrap();
    app.world_mut().write_message(EndTurn(other));
    app.update();
    play_until(&mut app, sc.fallback_action, |app| game_turns(app) == 4);
    let whatif = app.world().resource::<ActiveGame>().0.moves(sc);
    let main = read_save(&dir, &autosave_slot(sc.id())).unwrap().unwrap();
    assert_eq!(main.moves, original, "the class's game is kept");
    assert_eq!(main.rewound, None);
    let side = read_save(&dir, &whatif_autosave_slot(sc.id()))
        .unwrap()
        .expect("the what-if's own autosave");
    assert_eq!(side.moves, whatif);
    let r = side.rewound.as_ref().expect("saved as a what-if");
    assert_eq!((r.turn, &r.original.moves), (3, &original));
    assert!(!r.original.ended, "the first run was played to its end");
    // Entering the code again finds the class's game over: nothing to resume.
    go_to(&mut app, Screen::Title);
    peninsula::ui::open_class_code(app.world_mut(), &code);
    app.update();
    assert!(!texts(&mut app).iter().any(|t| t.starts_with("Resume")));
    // Load lists both, the what-if as one; loading it brings back its first run.
    go_to(&mut app, Screen::Load);
    let shown = texts(&mut app);
    let rows: Vec<&String> = shown.iter().filter(|t| t.starts_with("Autosave")).collect();
    assert_eq!(rows.len(), 2, "{shown:?}");
    assert!(
        rows.iter()
            .any(|t| t.contains("after turn 4 | what-if from turn 3")),
        "{rows:?}"
    );
    // The focus starts on the game still in play, the what-if, not the finished one.
    let at = focused(&app).expect("a save has the focus");
    assert!(
        text_of(&mut app, at).contains("what-if from turn 3"),
        "{}",
        text_of(&mut app, at)
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Dashboard);
    assert_eq!(app.world().resource::<ActiveGame>().0.moves(sc), whatif);
    let back = app.world().resource::<Rewound>();
    assert_eq!((back.turn, back.original.moves(sc)), (3, original.clone()));
    app.update();
    assert!(
        texts(&mut app)
            .iter()
            .any(|t| t.contains("What if: from turn 3")),
        "the dashboard says it is a what-if"
    );
    // The what-if played out and rewound again, to an earlier turn: the game before the rewind
    // is still the class's game, never the first what-if. Its score is no best score.
    let best = |app: &App| {
        app.world()
            .resource::<Settings>()
            .profile
            .best_line(sc.id(), &sc.rules.difficulties)
    };
    let best_before = best(&app);
    assert!(best_before.is_some(), "the first run's result is kept");
    play_to_the_end(&mut app, sc.fallback_action);
    assert_eq!(screen(&app), Screen::Debrief);
    assert_eq!(best(&app), best_before, "a what-if sets no best score");
    rewind_to(&mut app, 2);
    let back = app.world().resource::<Rewound>();
    assert_eq!((back.turn, back.original.moves(sc)), (2, original));
}

/// After "Rewind to turn N" and a game played on, the report says it is a what-if of the game
/// before, keeps the class code, and goes to a folder of its own; the game before the rewind,
/// which the debrief no longer shows, can still be exported.
#[test]
fn a_rewound_game_exports_as_a_what_if_and_the_game_before_it_too() {
    let (mut app, _dir, sc, code) = class_game_2013_played_out("export-rewound");
    let original = app.world().resource::<ActiveGame>().0.clone();
    rewind_to(&mut app, 3);
    // Another move on turn 3, then on to the end.
    let other = sc.action_index("consult_beijing").unwrap();
    app.world_mut().write_message(EndTurn(other));
    app.update();
    play_to_the_end(&mut app, sc.fallback_action);
    assert_eq!(screen(&app), Screen::Debrief);
    let shown = texts(&mut app);
    assert!(
        shown
            .iter()
            .any(|t| t == "Debrief | What if: The Third Test (2013) from turn 3"),
        "the heading says it is a what-if: {shown:?}"
    );
    let export = |app: &mut App, label: &str| -> std::path::PathBuf {
        for _ in 0..8 {
            let at = focused(app).unwrap();
            if text_of(app, at) == label {
                break;
            }
            press(app, KeyCode::Tab);
        }
        let at = focused(app).unwrap();
        assert_eq!(text_of(app, at), label);
        press(app, KeyCode::Enter);
        let shown = texts(app);
        let note = shown
            .iter()
            .find(|t| t.starts_with("Report written: "))
            .unwrap_or_else(|| panic!("{shown:?}"))
            .clone();
        std::path::PathBuf::from(written_page(&note))
    };
    let whatif = export(&mut app, "Export report");
    let page = std::fs::read_to_string(&whatif).unwrap();
    assert!(
        page.contains("What if: from turn 3.")
            && page.contains(&format!("class code <code>{code}</code>")),
        "{page}"
    );
    assert!(
        whatif.to_string_lossy().contains("-whatif-from-turn-3"),
        "{}",
        whatif.display()
    );
    // Its log does not claim the code: replayed alone it is not the game the class played (as
    // `whatif --log` writes it).
    let log: peninsula::rules::raw::MovesFile =
        ron::from_str(&std::fs::read_to_string(whatif.with_file_name("game.ron")).unwrap())
            .unwrap();
    assert_eq!(log.class_code, None);
    // Its chart draws the game before the rewind, as the debrief's does, and its log keeps that
    // game's tension, turn for turn.
    assert!(page.contains("White line with dots"), "{page}");
    let kept = log.whatif.expect("the log says it is a what-if");
    let tension: Vec<f32> = original.log.iter().map(|r| r.tension_after).collect();
    assert_eq!(kept.tension, tension);
    let before = export(&mut app, "Export the game before the rewind");
    assert_ne!(before, whatif);
    let page = std::fs::read_to_string(&before).unwrap();
    assert!(
        !page.contains("What if"),
        "the game before is the class's own"
    );
    let log: peninsula::rules::raw::MovesFile =
        ron::from_str(&std::fs::read_to_string(before.with_file_name("game.ron")).unwrap())
            .unwrap();
    assert_eq!(log.moves, original.moves(sc), "the game before the rewind");
    assert_eq!(log.class_code.as_deref(), Some(code.as_str()));
    // Exporting the same game again rewrites its report, in the same folder.
    assert_eq!(
        export(&mut app, "Export the game before the rewind"),
        before
    );
}

#[test]
fn the_debrief_exports_its_report_to_the_save_folder() {
    let (mut app, dir) = app_with(data().clone(), "export");
    let sc = std::sync::Arc::new(scenario("2013_third_test").clone());
    app.world_mut().insert_resource(ChosenLevel {
        scenario: sc.clone(),
        campaign: false,
        seed: 8,
        class_code: None,
    });
    go_to(&mut app, Screen::Briefing);
    press(&mut app, KeyCode::Enter);
    play_to_the_end(&mut app, sc.fallback_action);
    assert_eq!(screen(&app), Screen::Debrief);
    for _ in 0..4 {
        let at = focused(&app).unwrap();
        if text_of(&mut app, at) == "Export report" {
            break;
        }
        press(&mut app, KeyCode::Tab);
    }
    let at = focused(&app).unwrap();
    assert_eq!(text_of(&mut app, at), "Export report");
    press(&mut app, KeyCode::Enter);
    let shown = texts(&mut app);
    let note = shown
        .iter()
        .find(|t| t.starts_with("Report written: "))
        .unwrap_or_else(|| panic!("{shown:?}"));
    let path = std::path::PathBuf::from(written_page(note));
    assert!(path.starts_with(dir.join("reports")), "{}", path.display());
    // The handout the note names is there beside the page.
    assert!(note.contains("handout.html"), "{note}");
    assert!(path.with_file_name("handout.html").is_file());
    // The folder carries the machine's name, so a class's reports, collected into one folder,
    // do not overwrite each other.
    let folder = path
        .parent()
        .unwrap()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .to_string();
    let host = peninsula::game::saves::this_computer();
    assert!(
        folder.starts_with(&format!("2013_third_test-seed8-{}t", game_turns(&app))),
        "{folder}"
    );
    if let Some(host) = &host {
        assert!(folder.ends_with(&format!("t-{host}")), "{folder}");
    }
    let page = std::fs::read_to_string(&path).unwrap();
    // The game keeps the computer it was begun on: the page says where it was played, and
    // every row of the spreadsheet names it, for a sheet of every group's rows.
    if let Some(host) = &host {
        assert!(
            page.contains(&format!("Played on {host}")),
            "the page names {host}"
        );
        let csv = std::fs::read_to_string(path.with_file_name("turns.csv")).unwrap();
        assert!(
            csv.lines()
                .skip(1)
                .all(|row| row.split(',').nth(3) == Some(host.as_str())),
            "{csv}"
        );
    }
    assert!(page.contains("The Third Test"));
    // The game's log lies beside the page and replays the game.
    let log = std::fs::read_to_string(path.with_file_name("game.ron")).unwrap();
    let log: peninsula::rules::raw::MovesFile = ron::from_str(&log).unwrap();
    let game = app.world().resource::<ActiveGame>().0.clone();
    assert_eq!(log.level.as_deref(), Some("2013_third_test"));
    assert_eq!(log.seed, Some(8));
    assert_eq!(log.moves, game.moves(&sc));
    assert_eq!(log.computer, host, "the log keeps the computer");
    assert!(
        page.contains("peninsula play --moves game.ron"),
        "the foot names it, for the teacher"
    );
    assert!(
        page.find("peninsula play").unwrap() > page.find("For discussion").unwrap_or(usize::MAX),
        "after what students read"
    );
    // The rules the "why" quotes read as code, not as raw backticks.
    assert!(page.contains("<code>"), "the rules' names are code");
    assert!(!page.contains('`'), "no raw backtick in the page");
    // Open the report hands the page to the computer's browser, and says so; a computer
    // where no browser starts is told where the page is.
    let opened = record_browser(&mut app, Ok(()));
    activate_button(&mut app, "Open the report");
    let said = wait_for_open(&mut app, "Opened in your browser: ");
    assert_eq!(*opened.lock().unwrap(), vec![path.clone()]);
    assert!(said.ends_with(&path.display().to_string()), "{said}");
    record_browser(&mut app, Err("xdg-open: no method available".into()));
    activate_button(&mut app, "Open the report");
    let said = wait_for_open(&mut app, "No browser could be started (xdg-open");
    assert!(
        said.contains("Open the page from your file manager: ")
            && said.ends_with(&path.display().to_string()),
        "{said}"
    );
    // The chart beside it reads on its own: it is wider than its plot, with the scale and the
    // rungs' names drawn in the margins (pixels that are not the background there).
    let png = std::fs::read(path.with_file_name("tension.png")).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().unwrap();
    let mut rgb = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut rgb).unwrap();
    let width = info.width as usize;
    let inked = |x0: usize, x1: usize| {
        (0..info.height as usize).any(|y| {
            (x0..x1).any(|x| {
                let i = (y * width + x) * 3;
                rgb[i..i + 3] != [14, 21, 29]
            })
        })
    };
    assert!(inked(0, 30), "the tension scale on the left");
    assert!(inked(width - 150, width), "the rungs' names on the right");
}

/// Opens the menu and activates the item whose text is `want`, by Tab and Enter.
fn menu_pick(app: &mut App, want: &str) {
    press(app, KeyCode::Escape);
    for _ in 0..12 {
        let at = focused(app).unwrap();
        if text_of(app, at) == want {
            press(app, KeyCode::Enter);
            return;
        }
        press(app, KeyCode::Tab);
    }
    panic!("no menu item {want}");
}

/// The page a "Report written: PAGE (and handout.html ...)" note names.
fn written_page(note: &str) -> &str {
    let rest = note.trim_start_matches("Report written: ");
    rest.split(" (and handout.html").next().unwrap_or(rest)
}

/// After the first press of a button that asks twice: the menu is still open on the button,
/// which says what a second press does (`armed`); the second press does it.
fn press_armed(app: &mut App, armed: &str) {
    let at = focused(app).expect("focus stays on the button");
    assert_eq!(text_of(app, at), armed);
    press(app, KeyCode::Enter);
}

/// The second press of "Reveal Pyongyang's type".
fn press_again_to_reveal(app: &mut App) {
    press_armed(app, "Press again to show Pyongyang's type to the room");
}

/// The second press of "End now": it ends the game.
fn press_again_to_end(app: &mut App) {
    press_armed(app, "Press again to end this game now (its debrief)");
}

/// After the first press of "Facilitator controls...": the menu is still open, focus is still
/// on the button, and the button says what a second press does; the second press turns the
/// controls on and shows them in the menu at once (then closed with Esc).
fn press_again(app: &mut App) {
    let at = focused(app).expect("focus stays on the button");
    assert_eq!(
        text_of(app, at),
        "Press again to turn on (for the teacher: they change this game)",
        "the menu stays open on the armed button"
    );
    press(app, KeyCode::Enter);
    app.update();
    assert!(
        app.world()
            .resource::<peninsula::ui::screens::dashboard::facilitator::Facilitator>()
            .on,
        "the second press turns them on"
    );
    let shown = texts(app);
    assert!(
        !shown.iter().any(|t| t.starts_with("Press again"))
            && shown.iter().any(|t| t == "Turn the controls off")
            && shown.iter().any(|t| t == "End now: the debrief"),
        "the menu stays open, now with the controls: {shown:?}"
    );
    press(app, KeyCode::Escape);
    assert_eq!(
        *app.world()
            .resource::<State<peninsula::ui::screens::dashboard::Overlay>>()
            .get(),
        peninsula::ui::screens::dashboard::Overlay::None
    );
}

/// Esc on a button that waits for its second press: the first press is taken back, the menu
/// stays open with the focus on the button, which says again what it does (`label`); a second
/// Esc closes the menu.
fn escape_takes_back_the_first_press(app: &mut App, label: &str) {
    use peninsula::ui::screens::dashboard::Overlay;
    press(app, KeyCode::Escape);
    assert_eq!(
        *app.world().resource::<State<Overlay>>().get(),
        Overlay::Menu,
        "Esc on an armed button leaves the menu open"
    );
    let at = focused(app).expect("focus stays on the button");
    assert_eq!(text_of(app, at), label);
    press(app, KeyCode::Escape);
    assert_eq!(
        *app.world().resource::<State<Overlay>>().get(),
        Overlay::None
    );
}

/// After the first press of "Facilitator controls..." in a game of a class code: the button asks
/// for the teacher's key and masks the digits; a wrong key is refused and the controls stay
/// off; Backspace takes a digit back; the right key turns them on and shows them in the menu
/// (then closed with Esc).
fn type_the_teacher_key(app: &mut App, code: &str) {
    use peninsula::sim::class_code::{decode, teacher_key};
    use peninsula::ui::screens::dashboard::Overlay;
    use peninsula::ui::screens::dashboard::facilitator::Facilitator;
    let key = teacher_key(&decode(data(), code).unwrap());
    let digit = |c: char| match c {
        '0' => KeyCode::Digit0,
        '1' => KeyCode::Digit1,
        '2' => KeyCode::Digit2,
        '3' => KeyCode::Digit3,
        '4' => KeyCode::Digit4,
        '5' => KeyCode::Digit5,
        '6' => KeyCode::Digit6,
        '7' => KeyCode::Digit7,
        '8' => KeyCode::Digit8,
        '9' => KeyCode::Digit9,
        _ => unreachable!(),
    };
    let button = |app: &mut App| {
        let at = focused(app).expect("focus stays on the button");
        text_of(app, at)
    };
    assert_eq!(
        button(app),
        "Teacher's key (type its 4 digits, no Enter): ____"
    );
    // A press of the button again (Enter) does not turn them on: only the key does.
    press(app, KeyCode::Enter);
    assert!(!app.world().resource::<Facilitator>().on);
    let wrong: String = key
        .chars()
        .map(|c| char::from_digit((c.to_digit(10).unwrap() + 1) % 10, 10).unwrap())
        .collect();
    for (i, c) in wrong.chars().enumerate() {
        press(app, digit(c));
        if i == 1 {
            assert_eq!(
                button(app),
                "Teacher's key (type its 4 digits, no Enter): **__",
                "masked"
            );
        }
    }
    assert!(!app.world().resource::<Facilitator>().on, "a wrong key");
    assert_eq!(
        button(app),
        "Not the teacher's key: type its 4 digits again"
    );
    // One digit wrong, taken back with Backspace, then the key.
    press(app, digit(wrong.chars().next().unwrap()));
    press(app, KeyCode::Backspace);
    assert_eq!(
        button(app),
        "Teacher's key (type its 4 digits, no Enter): ____"
    );
    for c in key.chars() {
        press(app, digit(c));
    }
    app.update();
    assert!(
        app.world().resource::<Facilitator>().on,
        "the key turns them on"
    );
    // The menu stays open, now with the controls the teacher came for.
    let shown = texts(app);
    assert!(
        !shown.iter().any(|t| t.starts_with("Teacher's key"))
            && shown.iter().any(|t| t == "Turn the controls off")
            // Undo, or where it stands while there is nothing to undo yet.
            && shown.iter().any(|t| t.starts_with("Undo")),
        "{shown:?}"
    );
    assert_eq!(
        *app.world().resource::<State<Overlay>>().get(),
        Overlay::Menu
    );
    press(app, KeyCode::Escape);
    assert_eq!(
        *app.world().resource::<State<Overlay>>().get(),
        Overlay::None
    );
}

/// `--facilitator` is a switch a student can type too: in a game of a class code the controls
/// it turns on wait for the teacher's key, and nothing (the reveal least of all) shows before
/// it, by any way into the game: a class's game ended early and loaded opens on a debrief that
/// keeps the type hidden. With the key, the projector's machine reveals the type as before.
#[test]
fn facilitator_flag_in_a_class_code_game_waits_for_the_teachers_key() {
    use peninsula::sim::class_code::{ClassOptions, encode};
    use peninsula::ui::screens::dashboard::facilitator::Facilitator;
    let sc = scenario("2017_fire_and_fury");
    let code = encode(data(), sc, 41, ClassOptions::default()).text;
    let (mut app, dir) = app_with(data().clone(), "facilitator-flag-class");
    std::fs::create_dir_all(&dir).unwrap();
    app.world_mut().insert_resource(Facilitator::enabled());
    // A class's game ended early, as a student's machine would have saved it.
    std::fs::write(
        dir.join("autosave_2017_fire_and_fury.ron"),
        format!(
            "(version: 1, level: \"2017_fire_and_fury\", seed: 41, moves: [\"hold_course\", \
             \"hold_course\"], class_code: Some(\"{code}\"), saved_at: 1000, ended: true)"
        ),
    )
    .unwrap();
    go_to(&mut app, Screen::Load);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        screen(&app),
        Screen::Debrief,
        "an ended game opens its debrief"
    );
    debrief_keeps_the_type_hidden(&mut app);
    // A new game of the code, over the saved one.
    go_to(&mut app, Screen::Title);
    peninsula::ui::open_class_code(app.world_mut(), &code);
    app.update();
    begin_over_the_saved_game(&mut app);
    // Started again on the same dice, the new game counts the two turns of the game it
    // replaced as taken back, as Undo would: the report shows the group tried them twice.
    assert_eq!(
        app.world()
            .resource::<peninsula::game::ActiveGame>()
            .0
            .undone,
        2
    );
    assert!(
        !app.world().resource::<Facilitator>().on,
        "off until the key"
    );
    press(&mut app, KeyCode::Escape);
    let menu = texts(&mut app);
    assert!(
        !menu
            .iter()
            .any(|t| t.contains("Pyongyang's type") || t.starts_with("Undo the")),
        "{menu:?}"
    );
    press(&mut app, KeyCode::Escape);
    // Esc while the button asks for the key: the menu stays, the button as it was.
    menu_pick(&mut app, "Facilitator controls...");
    escape_takes_back_the_first_press(&mut app, "Facilitator controls...");
    menu_pick(&mut app, "Facilitator controls...");
    type_the_teacher_key(&mut app, &code);
    menu_pick(&mut app, "Reveal Pyongyang's type");
    press_again_to_reveal(&mut app);
    app.update();
    let game = &app.world().resource::<peninsula::game::ActiveGame>().0;
    let name = sc.rules.pyongyang.dispositions[game.state.disposition as usize]
        .name
        .to_lowercase();
    assert!(
        texts(&mut app)
            .iter()
            .any(|t| *t == format!("Facilitator: Pyongyang's type is {name}")),
        "the key given, the flag's reveal is there"
    );
}

#[test]
fn the_facilitator_turns_on_behind_a_confirmation_undoes_a_turn_and_only_the_flag_reveals() {
    let (mut app, _dir) = app_with(data().clone(), "facilitator");
    let sc = std::sync::Arc::new(scenario("2017_fire_and_fury").clone());
    app.world_mut().insert_resource(ChosenLevel {
        scenario: sc.clone(),
        campaign: false,
        seed: 21,
        class_code: None,
    });
    go_to(&mut app, Screen::Briefing);
    press(&mut app, KeyCode::Enter);
    // Off at first: one press only arms it, the second turns it on. Armed and the menu
    // closed, it is not armed when the menu opens again: a student who pressed it once and
    // left must not find one press away from the controls.
    menu_pick(&mut app, "Facilitator controls...");
    escape_takes_back_the_first_press(&mut app, "Facilitator controls...");
    menu_pick(&mut app, "Facilitator controls...");
    press_again(&mut app);
    // On turn 1 there is nothing to undo: the menu says so where Undo stands, and offers no
    // Undo to press.
    press(&mut app, KeyCode::Escape);
    let menu = texts(&mut app);
    assert!(
        menu.iter()
            .any(|t| t == peninsula::ui::screens::dashboard::facilitator::NOTHING_TO_UNDO),
        "{menu:?}"
    );
    assert!(!menu.iter().any(|t| t.starts_with("Undo the")), "{menu:?}");
    press(&mut app, KeyCode::Escape);
    for _ in 0..2 {
        app.world_mut().write_message(EndTurn(sc.fallback_action));
        for _ in 0..200 {
            app.update();
            if phase(&app) == Some(TurnPhase::Report) {
                break;
            }
        }
        app.world_mut().write_message(ContinueFromReport);
        app.update();
        app.update();
    }
    assert_eq!(app.world().resource::<ActiveGame>().0.log.len(), 2);
    menu_pick(&mut app, "Undo the last turn");
    app.update();
    let game = app.world().resource::<ActiveGame>().0.clone();
    assert_eq!(game.log.len(), 1, "one turn undone");
    let mut engine = Game::new(&sc, 21);
    engine.play(&sc, sc.fallback_action);
    assert_eq!(game.undone, 1, "the undo is counted, for the report");
    engine.undone = 1;
    engine.computer = peninsula::game::saves::this_computer();
    assert_eq!(game, engine, "the exact previous state");
    assert_eq!(phase(&app), Some(TurnPhase::Decide));
    assert!(texts(&mut app).iter().any(|t| t.starts_with("Turn 2 of")));
    // Turned on from the menu (as anyone at a student's machine can), the controls cannot
    // reveal the type: that takes `--facilitator`, the projector's machine.
    press(&mut app, KeyCode::Escape);
    let menu = texts(&mut app);
    assert!(menu.iter().any(|t| t == "Undo the last turn"), "{menu:?}");
    assert!(
        !menu.iter().any(|t| t.contains("Pyongyang's type")),
        "no reveal without --facilitator: {menu:?}"
    );
    press(&mut app, KeyCode::Escape);
    app.world_mut()
        .insert_resource(peninsula::ui::screens::dashboard::facilitator::Facilitator::enabled());
    let name = sc.rules.pyongyang.dispositions[game.state.disposition as usize]
        .name
        .to_lowercase();
    // One press (a slip of the mouse beside Undo) shows nothing: the menu asks again, and
    // closing it forgets the first press.
    menu_pick(&mut app, "Reveal Pyongyang's type");
    app.update();
    let at = focused(&app).expect("focus stays on the button");
    let armed = text_of(&mut app, at);
    assert_eq!(armed, "Press again to show Pyongyang's type to the room");
    escape_takes_back_the_first_press(&mut app, "Reveal Pyongyang's type");
    app.update();
    assert!(
        !texts(&mut app)
            .iter()
            .any(|t| t.contains("Pyongyang's type is")),
        "one press reveals nothing"
    );
    assert!(
        app.world_mut()
            .query_filtered::<&Node, With<peninsula::ui::screens::dashboard::facilitator::RevealChip>>()
            .iter(app.world())
            .all(|n| n.display == Display::None),
        "and its chip stays hidden"
    );
    menu_pick(&mut app, "Reveal Pyongyang's type");
    press_again_to_reveal(&mut app);
    app.update();
    let shown = texts(&mut app);
    assert!(
        shown
            .iter()
            .any(|t| t == &format!("Facilitator: Pyongyang's type is {name}")),
        "{shown:?}"
    );
    // On a chip of its own in the top bar, shown only once revealed: a small red line among the
    // bar's was missed from the back of the room.
    use peninsula::ui::screens::dashboard::facilitator::RevealChip;
    let chip_shown = |app: &mut App| {
        app.world_mut()
            .query_filtered::<&Node, With<RevealChip>>()
            .iter(app.world())
            .any(|n| n.display != Display::None)
    };
    assert!(chip_shown(&mut app), "the revealed type stands on its chip");
    let tension = app.world().resource::<ActiveGame>().0.state.tension;
    menu_pick(&mut app, "Inject: A soldier defects across the DMZ");
    app.update();
    let game = app.world().resource::<ActiveGame>().0.clone();
    assert!(game.state.tension > tension, "the inject raised tension");
    assert_eq!(game.injects.len(), 1, "and went into the log");
    let notice = app.world().resource::<peninsula::ui::Notice>().0.clone();
    assert!(notice.is_some_and(|n| n.starts_with("Inject: A North Korean soldier")));
    // Undo now takes back the inject alone: the turn played before it stays.
    menu_pick(
        &mut app,
        "Undo the inject: A soldier defects across the DMZ",
    );
    app.update();
    let undone = app.world().resource::<ActiveGame>().0.clone();
    assert_eq!(undone.undone, 2, "each undo is counted, an inject's too");
    engine.undone = 2;
    assert_eq!(undone, engine, "the game as it was before the inject");
    let notice = app.world().resource::<peninsula::ui::Notice>().0.clone();
    assert!(
        notice.is_some_and(|n| n.starts_with("Inject undone: A soldier defects")),
        "the facilitator is told what was undone"
    );
    // One press only arms "End now" (the menu stays, the game goes on); the second ends it.
    menu_pick(&mut app, "End now: the debrief");
    app.update();
    assert_eq!(screen(&app), Screen::Dashboard, "one press ends nothing");
    press_again_to_end(&mut app);
    app.update();
    assert_eq!(screen(&app), Screen::Debrief);
    // Saved as ended: the Load screen says so, and loading it opens this debrief again, not
    // the next turn (where a group could play on to the end).
    let save = read_save(&_dir, &autosave_slot(sc.id())).unwrap().unwrap();
    assert!(save.ended, "the autosave is marked ended");
    go_to(&mut app, Screen::Load);
    assert!(
        texts(&mut app)
            .iter()
            .any(|t| t.contains("ended early (End now)")),
        "the load screen says it ended"
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        screen(&app),
        Screen::Debrief,
        "loading it opens the debrief"
    );
    let truth = sc.rules.pyongyang.dispositions[game.state.disposition as usize]
        .name
        .clone();
    let shown = texts(&mut app);
    assert!(
        shown.iter().any(|t| t.starts_with(&format!(
            "Pyongyang's hidden disposition this game: {truth}"
        ))),
        "the facilitator's machine names the type on an early debrief: {shown:?}"
    );
    // The level's questions ask about the whole year: the early debrief says where it stopped.
    assert!(
        shown
            .iter()
            .any(|t| t.starts_with("Your game stopped after turn")),
        "an early debrief says its questions ask about later months: {shown:?}"
    );
    // A level ended early is not finished: the debrief offers no way on to the next one.
    assert!(!shown.iter().any(|t| t == "Next level"), "{shown:?}");
    // A reveal belongs to its game: Replay starts hidden.
    debrief_pick(&mut app, "Replay (new seed)");
    assert_eq!(screen(&app), Screen::Briefing);
    let f = app
        .world()
        .resource::<peninsula::ui::screens::dashboard::facilitator::Facilitator>();
    assert!(!f.revealed, "a new game starts with the type hidden");
    // On a student's machine (controls turned on from the menu), "End now" opens a debrief that
    // keeps the type hidden: else a student could end a class-code game, read the type and
    // replay the same dice knowing it.
    app.world_mut()
        .insert_resource(peninsula::ui::screens::dashboard::facilitator::Facilitator::default());
    // The game ended early is in the autosave: the briefing says it ended early (not that it
    // finished), and Begin asks before replacing it.
    let shown = texts(&mut app);
    assert!(
        shown
            .iter()
            .any(|t| t.starts_with("A game of this level ended early on this machine, after turn")),
        "{shown:?}"
    );
    begin_over_the_saved_game(&mut app);
    menu_pick(&mut app, "Facilitator controls...");
    press_again(&mut app);
    // A teacher who turned them on at a group's desk turns them off again.
    menu_pick(&mut app, "Turn the controls off");
    app.update();
    let f = app
        .world()
        .resource::<peninsula::ui::screens::dashboard::facilitator::Facilitator>();
    assert!(!f.on, "off again");
    menu_pick(&mut app, "Facilitator controls...");
    press_again(&mut app);
    menu_pick(&mut app, "End now: the debrief");
    escape_takes_back_the_first_press(&mut app, "End now: the debrief");
    assert_eq!(screen(&app), Screen::Dashboard, "Esc ends nothing");
    menu_pick(&mut app, "End now: the debrief");
    press_again_to_end(&mut app);
    app.update();
    assert_eq!(screen(&app), Screen::Debrief);
    // "Controls are on" spoke of the dashboard's menu: it does not follow to the title.
    let notice = app.world().resource::<peninsula::ui::Notice>().0.clone();
    assert!(
        !notice.is_some_and(|n| n.contains("Facilitator controls are on")),
        "the dashboard's notice stays behind"
    );
    debrief_keeps_the_type_hidden(&mut app);
}

/// A what-if of a game the facilitator ended early ("End now") ends on the turn that game was
/// ended on, as `peninsula whatif` does: played on to the level's end, its debrief would name
/// the type the early end kept from the class. Its debrief keeps the type hidden, and its
/// autosave is marked ended, so loading it opens that debrief.
#[test]
fn a_what_if_of_a_game_ended_early_ends_where_it_was_ended() {
    use peninsula::game::saves::whatif_autosave_slot;
    let (mut app, dir) = app_with(data().clone(), "ended-whatif");
    into_the_first_level(&mut app);
    let sc = app
        .world()
        .resource::<peninsula::game::ActiveScenario>()
        .0
        .clone();
    let hold = sc.action_index("hold_course").unwrap();
    play_until(&mut app, hold, |app| game_turns(app) == 3);
    // A student's machine: the controls turned on from the menu, no reveal.
    menu_pick(&mut app, "Facilitator controls...");
    press_again(&mut app);
    menu_pick(&mut app, "End now: the debrief");
    press_again_to_end(&mut app);
    app.update();
    assert_eq!(screen(&app), Screen::Debrief);
    rewind_to(&mut app, 2);
    assert_eq!(screen(&app), Screen::Dashboard);
    assert_eq!(game_turns(&app), 1);
    let other = sc.action_index("consult_beijing").unwrap();
    app.world_mut().write_message(EndTurn(other));
    app.update();
    play_until(&mut app, hold, |_| false);
    assert_eq!(
        screen(&app),
        Screen::Debrief,
        "the what-if ends where the game was ended"
    );
    let game = app.world().resource::<ActiveGame>().0.clone();
    assert_eq!(game.log.len(), 3, "on the same turn");
    assert_eq!(game.state.outcome, None, "with no outcome");
    debrief_keeps_the_type_hidden(&mut app);
    let side = read_save(&dir, &whatif_autosave_slot(sc.id()))
        .unwrap()
        .expect("the what-if's own autosave");
    assert!(side.ended, "saved as ended: it loads into its debrief");
}

/// The debrief on screen names no type and says it stays hidden (a game ended early on a
/// student's machine, or its what-if).
fn debrief_keeps_the_type_hidden(app: &mut App) {
    let shown = texts(app);
    assert!(
        !shown
            .iter()
            .any(|t| t.contains("Pyongyang's hidden disposition this game")),
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|t| t.starts_with("Pyongyang's hidden disposition stays hidden")),
        "{shown:?}"
    );
}

/// Types `text` as a player would: one key message per character, with its logical key.
fn type_text(app: &mut App, text: &str) {
    let window = app
        .world_mut()
        .query_filtered::<Entity, With<PrimaryWindow>>()
        .single(app.world())
        .unwrap();
    for c in text.chars() {
        for state in [ButtonState::Pressed, ButtonState::Released] {
            app.world_mut().write_message(KeyboardInput {
                key_code: KeyCode::KeyA,
                logical_key: Key::Character(c.to_string().into()),
                state,
                text: None,
                repeat: false,
                window,
            });
            app.update();
        }
    }
}

fn press_logical(app: &mut App, key_code: KeyCode, logical_key: Key) {
    let window = app
        .world_mut()
        .query_filtered::<Entity, With<PrimaryWindow>>()
        .single(app.world())
        .unwrap();
    for state in [ButtonState::Pressed, ButtonState::Released] {
        app.world_mut().write_message(KeyboardInput {
            key_code,
            logical_key: logical_key.clone(),
            state,
            text: None,
            repeat: false,
            window,
        });
        app.update();
    }
    app.update();
}

#[test]
fn a_class_code_typed_on_the_title_opens_its_briefing() {
    use peninsula::sim::class_code::{ClassOptions, encode};
    let code = encode(
        data(),
        scenario("2018_the_thaw"),
        314,
        ClassOptions::default(),
    )
    .text;
    let (mut app, _dir) = app_with(data().clone(), "typed-code");
    // Tab past the nine buttons to the field.
    for _ in 0..9 {
        press(&mut app, KeyCode::Tab);
    }
    // A typo first: refused, said on the title, and the game stays there.
    let mut typo = code.clone();
    let last = typo.pop().unwrap();
    typo.push(if last == 'Z' { 'Y' } else { 'Z' });
    type_text(&mut app, &typo);
    press_logical(&mut app, KeyCode::Enter, Key::Enter);
    assert_eq!(screen(&app), Screen::Title);
    assert!(texts(&mut app).iter().any(|t| t.contains("typing mistake")));
    // Esc empties the field (a second try is not appended to the first) and the notice.
    press_logical(&mut app, KeyCode::Escape, Key::Escape);
    let shown = texts(&mut app);
    assert!(
        shown.iter().any(|t| t == "type it, then Enter"),
        "{shown:?}"
    );
    assert!(
        !shown.iter().any(|t| t.contains("typing mistake")),
        "{shown:?}"
    );
    assert_eq!(screen(&app), Screen::Title);
    // Typed in lower case with spaces for the dashes: read as the code.
    type_text(&mut app, &code.to_lowercase().replace('-', " "));
    assert!(
        texts(&mut app).iter().any(|t| t == &code),
        "the field shows the code"
    );
    press_logical(&mut app, KeyCode::Enter, Key::Enter);
    assert_eq!(screen(&app), Screen::Briefing);
    let chosen = app.world().resource::<ChosenLevel>();
    assert_eq!((chosen.scenario.id(), chosen.seed), ("2018_the_thaw", 314));
}

/// A class types the code as soon as the title shows, without clicking the box first, with the
/// space bar between its parts: the letters go to the code box (none is lost) and the spaces do
/// not press the focused button (once they opened the campaign and began another game). On the
/// briefing, a group name typed the same way goes to the name box, and its space does not
/// press Begin.
#[test]
fn a_code_and_a_name_typed_without_a_click_go_to_their_boxes() {
    use peninsula::sim::class_code::{ClassOptions, encode};
    use peninsula::ui::screens::group_name_field::GroupName;
    let code = encode(
        data(),
        scenario("2013_third_test"),
        77,
        ClassOptions::default(),
    )
    .text;
    let (mut app, dir) = app_with(data().clone(), "typed-without-click");
    assert_eq!(screen(&app), Screen::Title);
    let type_with_spaces = |app: &mut App, text: &str| {
        for c in text.chars() {
            if c == ' ' || c == '-' {
                press_logical(app, KeyCode::Space, Key::Space);
            } else {
                type_text(app, &c.to_string());
            }
        }
    };
    type_with_spaces(&mut app, &code.replace('-', " "));
    assert_eq!(screen(&app), Screen::Title, "no button was pressed");
    assert!(
        texts(&mut app).iter().any(|t| t == &code),
        "the code box shows {code}: {:?}",
        texts(&mut app)
    );
    press_logical(&mut app, KeyCode::Enter, Key::Enter);
    assert_eq!(screen(&app), Screen::Briefing);
    let chosen = app.world().resource::<ChosenLevel>();
    assert_eq!((chosen.scenario.id(), chosen.seed), ("2013_third_test", 77));
    type_with_spaces(&mut app, "Table 4");
    assert_eq!(
        screen(&app),
        Screen::Briefing,
        "the space did not press Begin"
    );
    assert_eq!(app.world().resource::<GroupName>().0, "Table 4");
    // The game begun, then the window closed before a turn was played: the code typed again
    // in a new window brings the group's name back (there is no turn to resume, and the name
    // must not be lost from the report).
    press_logical(&mut app, KeyCode::Enter, Key::Enter);
    assert_eq!(screen(&app), Screen::Dashboard);
    drop(app);
    let mut app = app_in(data().clone(), &dir);
    peninsula::ui::open_class_code(app.world_mut(), &code);
    app.update();
    assert_eq!(screen(&app), Screen::Briefing);
    assert_eq!(app.world().resource::<GroupName>().0, "Table 4");
    // Another code's briefing starts with an empty box.
    let other = encode(
        data(),
        scenario("2013_third_test"),
        78,
        ClassOptions::default(),
    )
    .text;
    peninsula::ui::open_class_code(app.world_mut(), &other);
    app.update();
    assert_eq!(app.world().resource::<GroupName>().0, "");
}

/// The briefing of a 2017 class code (seed 41) played by two advisor teams in hot seat that
/// take turns deciding when they disagree; its app, scratch folder and code.
fn team_class_briefing(name: &str) -> (App, Scratch, String) {
    use peninsula::sim::class_code::{ClassOptions, encode};
    use peninsula::sim::teams::Settle;
    let options = ClassOptions {
        teams: Some(Settle::Alternate),
        ..Default::default()
    };
    let code = encode(data(), scenario("2017_fire_and_fury"), 41, options).text;
    let (mut app, dir) = app_with(data().clone(), name);
    peninsula::ui::open_class_code(app.world_mut(), &code);
    app.update();
    (app, dir, code)
}

/// Hot seat from a class code: the first team's pick is hidden behind the pass screen, the
/// second team chooses, the disagreement screen says how the rule settles it, and the turn
/// played is the settled one; the debrief shows each team's score.
#[test]
fn a_team_class_code_plays_in_hot_seat_with_a_pass_and_a_disagreement_screen() {
    use peninsula::ui::screens::dashboard::Overlay;
    let sc = scenario("2017_fire_and_fury");
    let (mut app, _dir, code) = team_class_briefing("hot-seat");
    assert!(
        texts(&mut app)
            .iter()
            .any(|t| t.contains("Advisor teams in hot seat")),
        "the briefing names the teams and the rule"
    );
    begin_without_a_name(&mut app);
    let overlay = |app: &App| *app.world().resource::<State<Overlay>>().get();
    let drills = sc.action_index("joint_air_drills").unwrap();
    let consult = sc.action_index("consult_beijing").unwrap();
    assert!(
        texts(&mut app)
            .iter()
            .any(|t| t.starts_with("Washington team chooses"))
    );
    assert!(
        texts(&mut app).iter().any(|t| t == "Washington picks"),
        "the top bar says whose pick it is"
    );
    // The team's prompt stays for its whole pick; passing notices go, the prompt does not.
    let seconds = peninsula::ui::screens::dashboard::NOTICE_SECONDS as u32;
    for _ in 0..seconds + 1 {
        app.update();
    }
    assert!(text_displayed(&mut app, "Washington team chooses"));
    // Controls turned on at the group's desk: their notice keeps the team's prompt after it,
    // and turning them off gives the prompt back alone. In a class's game they ask for the
    // teacher's key, which `class-code` printed for the teacher alone.
    menu_pick(&mut app, "Facilitator controls...");
    type_the_teacher_key(&mut app, &code);
    let notice = notice_now(&app);
    assert!(
        notice.starts_with("Facilitator controls are on")
            && notice.contains("Washington team chooses"),
        "{notice}"
    );
    menu_pick(&mut app, "Turn the controls off");
    app.update();
    let notice = notice_now(&app);
    assert!(notice.starts_with("Washington team chooses"), "{notice}");
    // With the facilitator's controls on (a class's game: behind the teacher's key), an undo
    // between the two picks takes back the first team's pick, not a turn.
    menu_pick(&mut app, "Facilitator controls...");
    type_the_teacher_key(&mut app, &code);
    app.world_mut().write_message(EndTurn(consult));
    app.update();
    app.update();
    press(&mut app, KeyCode::Enter);
    assert!(texts(&mut app).iter().any(|t| t == "Seoul picks"));
    // An inject between the two picks would throw the first team's hidden pick away and give
    // it the screen while the second team sits there: it waits for the next turn.
    menu_pick(&mut app, "Inject: A soldier defects across the DMZ");
    app.update();
    assert!(
        app.world().resource::<ActiveGame>().0.injects.is_empty(),
        "no inject is made between the picks"
    );
    assert!(
        texts(&mut app).iter().any(|t| t == "Seoul picks"),
        "the Seoul team still picks"
    );
    let notice = notice_now(&app);
    assert!(
        notice.starts_with("Injects come before the teams pick: the Washington team's pick is in.")
            && notice.contains("Seoul team chooses"),
        "{notice}"
    );
    menu_pick(&mut app, "Undo the Washington team's pick");
    app.update();
    assert_eq!(overlay(&app), Overlay::None);
    assert!(app.world().resource::<ActiveGame>().0.log.is_empty());
    let shown = texts(&mut app);
    assert!(
        shown.iter().any(|t| t == "Washington picks")
            && shown
                .iter()
                .any(|t| t.starts_with("The Washington team's pick is undone: it chooses again. Washington team chooses: Keep the alliance's word credible and keep approval at home. Score ")),
        "{shown:?}"
    );
    app.world_mut()
        .insert_resource(peninsula::ui::screens::dashboard::facilitator::Facilitator::default());
    // Turn 1: Washington drills, Seoul consults; on odd turns Washington decides.
    app.world_mut().write_message(EndTurn(drills));
    app.update();
    app.update();
    assert_eq!(overlay(&app), Overlay::Pass);
    assert!(
        texts(&mut app)
            .iter()
            .any(|t| t == "Pass to the Seoul team")
    );
    assert!(
        app.world().resource::<ActiveGame>().0.log.is_empty(),
        "nothing played yet"
    );
    // Washington ended its turn too soon: the cover's Back (after the way on, by Tab) gives it
    // the screen again with its pick still marked, and nothing played.
    press(&mut app, KeyCode::Tab);
    let at = focused(&app).unwrap();
    assert_eq!(
        text_of(&mut app, at),
        "Back (Esc): the Washington team changes its move"
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(overlay(&app), Overlay::None);
    assert_eq!(
        app.world()
            .resource::<peninsula::ui::screens::dashboard::Selected>()
            .0,
        Some(drills),
        "its pick is still marked"
    );
    let shown = texts(&mut app);
    assert!(
        shown.iter().any(|t| t == "Washington picks")
            && shown.iter().any(|t| t
                .starts_with("The Washington team takes its move back. Washington team chooses: ")),
        "{shown:?}"
    );
    assert!(app.world().resource::<ActiveGame>().0.log.is_empty());
    // Esc on the cover is the same way back (and opens no menu over it).
    app.world_mut().write_message(EndTurn(drills));
    app.update();
    app.update();
    assert_eq!(overlay(&app), Overlay::Pass);
    press(&mut app, KeyCode::Escape);
    assert_eq!(overlay(&app), Overlay::None);
    assert_eq!(
        app.world()
            .resource::<peninsula::ui::screens::dashboard::Selected>()
            .0,
        Some(drills)
    );
    app.world_mut().write_message(EndTurn(drills));
    app.update();
    app.update();
    assert_eq!(overlay(&app), Overlay::Pass);
    // Frames of 50 ms: for half a second after the cover closes, an Enter pressed on is no pick.
    app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
        50,
    )));
    press(&mut app, KeyCode::Enter);
    assert_eq!(overlay(&app), Overlay::None);
    // The Seoul team reads its own score's figures (below the fold of the figures panel at
    // 1280x720) and who decides if the teams disagree.
    let seoul = texts(&mut app)
        .into_iter()
        .find(|t| t.starts_with("Seoul team chooses"))
        .unwrap();
    assert!(
        seoul.contains(". Score ")
            && seoul.contains("Talks momentum ")
            && seoul.contains("Public support ")
            && seoul.contains("; if the teams disagree, "),
        "{seoul}"
    );
    press(&mut app, KeyCode::Enter);
    assert!(
        !texts(&mut app).iter().any(|t| t.contains("your pick")),
        "an Enter just after the cover picks nothing"
    );
    app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_secs(1)));
    app.update();
    // The Seoul team starts where Washington did, on Hold course: an Enter pressed out of habit
    // after the cover picks the move that changes nothing, never a show of force.
    press(&mut app, KeyCode::Enter);
    let shown = texts(&mut app);
    assert!(
        shown.iter().any(|t| t.contains("your pick"))
            && !shown.iter().any(|t| t.contains("Pick a card first")),
        "{shown:?}"
    );
    assert_eq!(
        app.world()
            .resource::<peninsula::ui::screens::dashboard::Selected>()
            .0,
        Some(sc.fallback_action),
        "the Seoul team's first Enter picks Hold course"
    );
    app.world_mut().write_message(EndTurn(consult));
    app.update();
    app.update();
    assert_eq!(overlay(&app), Overlay::Disagreement);
    assert!(
        texts(&mut app).iter().any(|t| t.contains(
            "the Washington team's move, Joint air drills, is played: it decides on this turn."
        )),
        "{:?}",
        texts(&mut app)
    );
    press(&mut app, KeyCode::Enter);
    // The answers open with what each team proposed and how it was settled.
    for _ in 0..3 {
        app.update();
    }
    let reveal = app
        .world()
        .resource::<peninsula::ui::screens::dashboard::Reveal>();
    assert!(
        reveal
            .lines
            .first()
            .is_some_and(|(l, _)| l.starts_with("Teams: Washington team proposed")),
        "{:?}",
        reveal.lines
    );
    let game = &app.world().resource::<ActiveGame>().0;
    assert_eq!(game.log.len(), 1);
    assert_eq!(game.log[0].taken, drills, "Washington decides turn 1");
    assert_eq!(
        game.teams.as_ref().unwrap().proposals,
        vec![[drills, consult]]
    );
    // Enter shows the answers at once, Enter again goes on to turn 2.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(phase(&app), Some(TurnPhase::Decide));
    // Turn 2: Washington picks a card with its key and plays it. The Seoul team, after the
    // pass, finds no trace of that pick in the detail panel.
    // (Its drills are cooling down after turn 1; 7 is Hold course, the first restraint card:
    // the level's own THAAD card takes the key after the shared ones.)
    press(&mut app, KeyCode::Digit7);
    assert!(texts(&mut app).iter().any(|t| t.contains("your pick")));
    press(&mut app, KeyCode::Enter);
    assert_eq!(overlay(&app), Overlay::Pass);
    press(&mut app, KeyCode::Enter);
    assert_eq!(overlay(&app), Overlay::None);
    app.update();
    let shown = texts(&mut app);
    assert!(!shown.iter().any(|t| t.contains("your pick")), "{shown:?}");
    // Both teams hold course to the end: the game reaches its debrief, with each team's score.
    let hold = sc.fallback_action;
    let mut guard = 0;
    while screen(&app) == Screen::Dashboard && guard < 3000 {
        guard += 1;
        let over = app
            .world()
            .get_resource::<State<Overlay>>()
            .map(|s| *s.get());
        match (over, phase(&app)) {
            (Some(Overlay::Pass | Overlay::Disagreement), _) => press(&mut app, KeyCode::Enter),
            (_, Some(TurnPhase::Decide)) => {
                app.world_mut().write_message(EndTurn(hold));
                app.update();
            }
            (_, Some(TurnPhase::Report)) => {
                app.world_mut().write_message(ContinueFromReport);
                app.update();
            }
            _ => app.update(),
        }
    }
    assert_eq!(screen(&app), Screen::Debrief);
    app.update();
    app.update();
    let shown = texts(&mut app);
    // Each score with the figures it is made of, as each team read it while choosing.
    let g = app.world().resource::<ActiveGame>().0.clone();
    let sc = app
        .world()
        .resource::<peninsula::game::ActiveScenario>()
        .0
        .clone();
    let seoul = peninsula::sim::teams::score_line(&sc, &g.state, 1).unwrap();
    let seoul_parts = &seoul[seoul.find('(').unwrap()..];
    let (now, start) = (
        peninsula::sim::teams::score(&sc, &g.state, 1),
        peninsula::sim::teams::start_score(&sc, &g.state, 1),
    );
    assert!(
        shown.iter().any(|t| t.starts_with("Advisor teams: ")
            && t.contains(&format!(
                "Seoul team {now} / 100, {:+} from {start} at the start {seoul_parts}",
                now as i64 - start as i64
            ))),
        "the debrief names the teams' scores and their parts ({seoul}): {shown:?}"
    );
    // Its timeline shows each turn's proposals, as the report does.
    assert!(
        shown.iter().any(|t| t.starts_with("Turn 1 ")
            && t.contains("\nTeams: Washington team proposed")
            && t.contains("the Washington team's move, ")
            && t.contains(", was played: it decided on this turn")),
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|t| t.starts_with("Turn 3 ") && t.contains("\nTeams: both teams proposed")),
        "{shown:?}"
    );
}

/// The Policy lab from the title: the games run off the main thread while frames go on, then
/// the table of six policies appears, its figures the batch's; the Level button moves on.
#[test]
fn the_policy_lab_plays_every_policy_off_the_main_thread_and_shows_the_table() {
    use peninsula::ui::screens::policy_lab::Lab;
    let (mut app, _dir) = app_with(data().clone(), "policy-lab");
    go_to(&mut app, Screen::PolicyLab);
    assert_eq!(screen(&app), Screen::PolicyLab);
    let mut frames = 0;
    while app.world().resource::<Lab>().results.is_none() && frames < 2000 {
        app.update();
        std::thread::sleep(Duration::from_millis(2));
        frames += 1;
    }
    assert!(frames > 1, "the games run while frames go on");
    app.update();
    let lab = app.world().resource::<Lab>();
    let results = lab.results.clone().expect("the results arrive");
    let names: Vec<&str> = results.iter().map(|b| b.policy.as_str()).collect();
    assert_eq!(names, peninsula::ui::screens::policy_lab::LAB_POLICIES);
    // The table shows each policy's share of games won, overall and against each type, as
    // the batch counted them.
    let shown = texts(&mut app);
    for b in &results {
        assert!(shown.contains(&b.policy), "a row for {}", b.policy);
        for r in std::iter::once(&b.overall).chain(b.by_disposition.values()) {
            let won = format!("{:.0}% won", r.win_rate * 100.0);
            assert!(shown.contains(&won), "{won} for {} is shown", b.policy);
        }
    }
    for ty in results[0].by_disposition.keys() {
        let header = format!("vs {}", ty.replace('_', " "));
        assert!(shown.contains(&header), "a column for {ty}");
    }
    // "Run on new seeds" plays other games: another picture, and the status names the seed.
    assert!(
        texts(&mut app)
            .iter()
            .any(|t| t.starts_with("Share of games won (seed 1)"))
    );
    activate_button(&mut app, "Run on new seeds");
    let mut frames = 0;
    while app.world().resource::<Lab>().results.is_none() && frames < 2000 {
        app.update();
        std::thread::sleep(Duration::from_millis(2));
        frames += 1;
    }
    app.update();
    let again = app
        .world()
        .resource::<Lab>()
        .results
        .clone()
        .expect("new results");
    assert_ne!(
        again.iter().map(|b| b.overall.win_rate).collect::<Vec<_>>(),
        results
            .iter()
            .map(|b| b.overall.win_rate)
            .collect::<Vec<_>>(),
        "other games"
    );
    assert!(
        texts(&mut app)
            .iter()
            .any(|t| t.starts_with("Share of games won (seed 2)"))
    );
    let lab = app.world().resource::<Lab>();
    let first = lab.level;
    assert!(
        texts(&mut app).iter().any(|t| t.starts_with("Level: ")),
        "the Level button names the level"
    );
    press(&mut app, KeyCode::Enter);
    assert_ne!(
        app.world().resource::<Lab>().level,
        first,
        "Enter on Level moves on"
    );
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Title);
}

/// Enter while the answers are still arriving shows them all at once, with Continue; the next
/// Enter goes on to the next turn.
#[test]
fn enter_during_the_answers_shows_them_all_at_once() {
    let (mut app, _dir) = app_with(data().clone(), "skip-answers");
    into_the_first_level(&mut app);
    press(&mut app, KeyCode::Digit1);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        phase(&app),
        Some(TurnPhase::Resolve),
        "the answers are arriving"
    );
    assert!(!texts(&mut app).iter().any(|t| t == "Continue (Enter)"));
    assert!(texts(&mut app).iter().any(|t| t == "(Enter: all at once)"));
    // The bottom line's keys are the answers' now, not the cards'.
    let keys = |app: &mut App| {
        texts(app)
            .into_iter()
            .find(|t| t.starts_with("Keys: "))
            .unwrap_or_default()
    };
    assert!(
        keys(&mut app).starts_with("Keys: Enter or Space: every answer at once"),
        "{}",
        keys(&mut app)
    );
    // The news waits for the answers: it would tell them first.
    let turn_news = "7 Jan 2013 | turn 1";
    assert!(!texts(&mut app).iter().any(|t| t == turn_news));
    // So does the map: its markers are held until every answer is in.
    let held = |app: &App| app.world().resource::<peninsula::ui::map::HoldMarkers>().0;
    assert!(held(&app), "the map's markers wait for the answers");
    press(&mut app, KeyCode::Enter);
    assert_eq!(phase(&app), Some(TurnPhase::Report), "all shown at once");
    assert!(texts(&mut app).iter().any(|t| t == "Continue (Enter)"));
    assert!(
        !texts(&mut app).iter().any(|t| t == "(Enter: all at once)"),
        "the hint goes with nothing left to show"
    );
    assert!(
        texts(&mut app).iter().any(|t| t == turn_news),
        "then the news"
    );
    assert!(!held(&app), "and the map's markers");
    let tension = texts(&mut app).into_iter().any(|t| {
        ["Tension rose", "Tension fell", "Tension held"]
            .iter()
            .any(|s| t.starts_with(s))
    });
    assert!(tension, "the last lines (tension) are there");
    assert!(
        keys(&mut app).starts_with("Keys: Enter: continue to the next turn"),
        "{}",
        keys(&mut app)
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(phase(&app), Some(TurnPhase::Decide));
    assert_eq!(app.world().resource::<ActiveGame>().0.log.len(), 1);
    assert!(
        keys(&mut app).starts_with("Keys: 1-0, Q-P, A-L pick a card"),
        "the cards' keys again: {}",
        keys(&mut app)
    );
}

/// Once the answers are in, Continue has the focus and wears the ring, whether they arrived one
/// by one or all at once (Enter), turn after turn: Enter then goes on, and a player sees where.
#[test]
fn continue_has_the_focus_and_the_ring_once_the_answers_are_in() {
    let (mut app, _dir) = app_with(data().clone(), "continue-ring");
    into_the_first_level(&mut app);
    let accent = app
        .world()
        .resource::<peninsula::ui::theme::Palette>()
        .accent;
    for all_at_once in [false, true, false] {
        press(&mut app, KeyCode::Digit7);
        press(&mut app, KeyCode::Enter);
        assert_eq!(phase(&app), Some(TurnPhase::Resolve));
        if all_at_once {
            press(&mut app, KeyCode::Enter);
        }
        for _ in 0..600 {
            if phase(&app) == Some(TurnPhase::Report) {
                break;
            }
            app.update();
        }
        assert_eq!(phase(&app), Some(TurnPhase::Report), "the answers are in");
        app.update();
        let at = focused(&app).expect("something has the focus");
        assert_eq!(text_of(&mut app, at), "Continue (Enter)");
        assert_eq!(
            app.world().get::<Outline>(at).map(|o| o.color),
            Some(accent),
            "Continue wears the ring (all at once: {all_at_once})"
        );
        press(&mut app, KeyCode::Enter);
        assert_eq!(phase(&app), Some(TurnPhase::Decide), "Enter goes on");
    }
}

/// The briefing's Difficulty button moves to the next difficulty, and the game starts at it.
#[test]
fn the_briefing_chooses_the_difficulty_the_game_starts_at() {
    let (mut app, _dir) = app_with(data().clone(), "difficulty");
    let sc = scenario("2018_the_thaw");
    app.world_mut().insert_resource(ChosenLevel {
        scenario: std::sync::Arc::new(sc.clone()),
        campaign: false,
        seed: 12,
        class_code: None,
    });
    go_to(&mut app, Screen::Briefing);
    assert!(
        texts(&mut app)
            .iter()
            .any(|t| squeeze(t) == "Difficulty: < Standard >")
    );
    // Begin has focus; Tab to Difficulty and press it.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Briefing);
    assert!(
        texts(&mut app)
            .iter()
            .any(|t| squeeze(t) == "Difficulty: < Hard >"),
        "{:?}",
        texts(&mut app)
    );
    // The postures are the ones the game opens with at that difficulty.
    let hard = peninsula::sim::new_game_at(sc, 12, 1);
    let capital = sc.rules.var_index("washington.capital").unwrap();
    let standard = sc.start[capital as usize];
    let want = format!("Diplomatic capital {:.0}", hard.vars[capital as usize]);
    assert_ne!(hard.vars[capital as usize], standard, "Hard changes it");
    assert!(
        texts(&mut app)
            .iter()
            .any(|t| t.starts_with("Washington:") && t.contains(&want)),
        "{want}: {:?}",
        texts(&mut app)
    );
    // Hard's opening changes from game to game: the briefing says where this one opens, and
    // at Standard it has nothing to say.
    let trust = sc.rules.var_index("pyongyang.trust").unwrap() as usize;
    let opens = texts(&mut app)
        .into_iter()
        .find(|t| t.starts_with("This game opens at Hard (the level's figures in brackets) - "))
        .expect("the briefing names Hard's opening");
    assert!(
        opens.contains(&format!("trust {:.0} (", hard.vars[trust])),
        "{opens}"
    );
    let hard_start = hard.vars.clone();
    // The focus stays on Difficulty when the briefing is drawn again: a second Enter changes
    // the difficulty again (back to Standard, of two), it does not start the game unasked.
    let at = focused(&app).expect("a control has focus");
    assert_eq!(squeeze(&text_of(&mut app, at)), "Difficulty: < Hard >");
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Briefing);
    assert!(
        texts(&mut app)
            .iter()
            .any(|t| squeeze(t) == "Difficulty: < Standard >")
    );
    assert!(
        !texts(&mut app)
            .iter()
            .any(|t| t.starts_with("This game opens at")),
        "Standard opens at the level's figures"
    );
    press(&mut app, KeyCode::Enter);
    assert!(
        texts(&mut app)
            .iter()
            .any(|t| squeeze(t) == "Difficulty: < Hard >")
    );
    // Left and Right step the difficulty too, and keep the focus on it.
    press(&mut app, KeyCode::ArrowRight);
    assert!(
        texts(&mut app)
            .iter()
            .any(|t| squeeze(t) == "Difficulty: < Standard >")
    );
    press(&mut app, KeyCode::ArrowLeft);
    let at = focused(&app).expect("a control has focus");
    assert_eq!(squeeze(&text_of(&mut app, at)), "Difficulty: < Hard >");
    // Back to Begin (the up arrow walks the Tab order back), and the game starts at Hard,
    // which its top bar names.
    press(&mut app, KeyCode::ArrowUp);
    let at = focused(&app).expect("a control has focus");
    assert_eq!(text_of(&mut app, at), "Begin");
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Dashboard);
    let game = &app.world().resource::<ActiveGame>().0;
    assert_eq!(game.difficulty_id(sc).as_deref(), Some("hard"));
    assert_eq!(
        game.state.vars, hard_start,
        "the game opens where the briefing said"
    );
    app.update();
    assert!(
        texts(&mut app).iter().any(|t| t == "Hard"),
        "the top bar names it"
    );
    // Played to its end, its result is kept as Hard's: the level list names the difficulty.
    play_to_the_end(&mut app, sc.fallback_action);
    assert_eq!(screen(&app), Screen::Debrief);
    let line = app
        .world()
        .resource::<Settings>()
        .profile
        .best_line(sc.id(), &sc.rules.difficulties)
        .expect("the result is kept");
    assert!(line.starts_with("Hard: "), "{line}");
}

/// The Mods screen lists a mod with what it adds; turning it off hides its level at once and
/// is kept in the profile.
#[test]
fn the_mods_screen_turns_a_mod_off_and_its_level_goes() {
    use peninsula::rules::mods::ModDirs;
    let dir = support::scratch_dir("mods-screen");
    std::fs::create_dir_all(dir.join("levels")).unwrap();
    std::fs::write(
        dir.join("mod.ron"),
        "(id: \"screen_mod\", name: \"Screen mod\", version: \"0.3\")",
    )
    .unwrap();
    let base = std::fs::read_to_string(root().join("levels/sandbox.ron")).unwrap();
    // A folder the game does not read (levels are looked for in `levels/`): a warning.
    std::fs::create_dir_all(dir.join("Levels")).unwrap();
    // Its level loads, with an objective that can never be met: a warning, not a problem.
    let summit = "AtLeast(\"world.summit\", 1)";
    assert!(base.contains(summit));
    std::fs::write(
        dir.join("levels/screen_level.ron"),
        base.replacen("id: \"sandbox\"", "id: \"screen_level\"", 1)
            .replacen(summit, "AtLeast(\"world.summit\", 400)", 1),
    )
    .unwrap();
    let data =
        peninsula::rules::load_data_with(&root(), &ModDirs::only(vec![dir.to_path_buf()])).unwrap();
    assert!(
        data.level("screen_level").is_some(),
        "the mod's level loads"
    );
    let (mut app, saves) = app_with(data, "mods-screen");
    go_to(&mut app, Screen::Mods);
    let all = texts(&mut app);
    assert!(
        all.iter().any(|t| t.starts_with("Screen mod 0.3")),
        "{all:?}"
    );
    assert!(all.iter().any(|t| t == "adds levels: screen_level"));
    // Its warning is shown, at its place in the mod's level file.
    assert!(all.iter().any(|t| t == "2 warnings:"), "{all:?}");
    assert!(
        all.iter().any(|t| t.starts_with("- ")
            && t.contains("screen_level.ron:")
            && t.contains("objective \"summit\" can never be met")),
        "{all:?}"
    );
    // Back has focus; Shift+Tab goes back to the mod's checkbox.
    press(&mut app, KeyCode::Tab);
    let focused_text = focused(&app)
        .map(|e| text_of(&mut app, e))
        .unwrap_or_default();
    assert_eq!(focused_text, "[x] On");
    press(&mut app, KeyCode::Space);
    app.update();
    let data = &app.world().resource::<peninsula::game::GameData>().0;
    assert!(
        data.level("screen_level").is_none(),
        "turned off, its level is gone"
    );
    let settings = app.world().resource::<Settings>();
    assert_eq!(
        settings.profile.disabled_mods,
        vec!["screen_mod".to_string()]
    );
    let (stored, _) = Profile::load(&saves);
    assert_eq!(stored.disabled_mods, vec!["screen_mod".to_string()]);
    let all = texts(&mut app);
    assert!(all.iter().any(|t| t == "[ ] Off"));
    assert!(
        !all.iter().any(|t| t.contains("warning")),
        "a mod turned off is not checked, so not warned of: {all:?}"
    );
}

#[test]
fn leaving_for_settings_during_the_answers_shows_them_again_on_the_way_back() {
    let (mut app, _dir) = app_with(data().clone(), "resume-answers");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(phase(&app), Some(TurnPhase::Decide));
    app.world_mut().write_message(EndTurn(0));
    app.update();
    app.update();
    assert_eq!(phase(&app), Some(TurnPhase::Resolve));
    menu_pick(&mut app, "Settings");
    assert_eq!(screen(&app), Screen::Settings);
    press(&mut app, KeyCode::Escape);
    app.update();
    app.update();
    assert_eq!(screen(&app), Screen::Dashboard);
    assert_eq!(
        phase(&app),
        Some(TurnPhase::Resolve),
        "the answers come back instead of the next turn"
    );
    assert!(
        texts(&mut app).iter().any(|t| t == "Turn 1 - the answers"),
        "the answers panel is up again"
    );
}

/// The texts of the row that holds the label `name` (the label and its siblings, in order).
fn row_of(app: &mut App, name: &str) -> Vec<String> {
    let mut labels = app.world_mut().query::<(Entity, &Text)>();
    let label = labels
        .iter(app.world())
        .find(|(_, t)| t.0 == name)
        .map(|(e, _)| e)
        .unwrap_or_else(|| panic!("no label {name}"));
    let row = app.world().get::<ChildOf>(label).expect("a row").parent();
    let children: Vec<Entity> = app.world().get::<Children>(row).expect("children").to_vec();
    children
        .iter()
        .filter_map(|c| app.world().get::<Text>(*c).map(|t| t.0.clone()))
        .collect()
}

/// After a turn, each of the actors' values shows what the turn moved it by, as the engine
/// counts it; before the first turn there is nothing to show.
#[test]
fn the_dashboard_shows_what_the_last_turn_changed() {
    let (mut app, _dir) = app_with(data().clone(), "changes");
    for _ in 0..3 {
        press(&mut app, KeyCode::Enter);
    }
    assert_eq!(phase(&app), Some(TurnPhase::Decide));
    let sc = app
        .world()
        .resource::<peninsula::game::ActiveScenario>()
        .0
        .clone();
    let threat = sc.rules.var_index("pyongyang.threat").expect("threat");
    let name = sc.rules.vars[threat as usize].name.clone();
    let row = row_of(&mut app, &name);
    assert_eq!(row.len(), 3, "name, value, change: {row:?}");
    assert_eq!(row[2], "", "no change shown before the first turn: {row:?}");

    // Play joint air drills, then read every actor's values on the next turn.
    press(&mut app, KeyCode::Digit1);
    press(&mut app, KeyCode::Enter);
    for _ in 0..200 {
        match phase(&app) {
            Some(TurnPhase::Decide) => break,
            Some(TurnPhase::Report) => press(&mut app, KeyCode::Enter),
            _ => app.update(),
        }
    }
    assert_eq!(phase(&app), Some(TurnPhase::Decide), "the next turn is up");
    let game = app.world().resource::<ActiveGame>().0.clone();
    let before = game.before_last_turn.as_deref().expect("a turn was played");
    let mut changed = 0;
    for actor in sc.rules.actors.iter().filter(|a| a.id != "world") {
        for &v in actor
            .vars
            .iter()
            .filter(|v| sc.rules.vars[**v as usize].key)
        {
            let info = &sc.rules.vars[v as usize];
            // As the values print: `{:.0}` rounds a half to even.
            let (was, now) = (
                before.vars[v as usize].round_ties_even(),
                game.state.vars[v as usize].round_ties_even(),
            );
            let want = if now == was {
                String::new()
            } else {
                changed += 1;
                format!("{:+.0}", now - was)
            };
            let row = row_of(&mut app, &info.name);
            assert_eq!(row[1], format!("{now:.0}"), "{}: {row:?}", info.id);
            assert_eq!(row[2], want, "{}: {was} -> {now}: {row:?}", info.id);
        }
    }
    assert!(changed > 0, "the drills and the answers moved something");
}

/// While the answers show, the figures beside them are the turn's result (not the turn before's),
/// and End turn is gone, so only Continue answers to Enter.
#[test]
fn the_figures_wait_for_the_answers_and_only_continue_says_enter() {
    let (mut app, _dir) = app_with(data().clone(), "answers-figures");
    for _ in 0..3 {
        press(&mut app, KeyCode::Enter);
    }
    assert_eq!(phase(&app), Some(TurnPhase::Decide));
    let end_turn_shown = |app: &mut App| {
        let mut q = app.world_mut().query::<(&Text, &ChildOf)>();
        let parent = q
            .iter(app.world())
            .find(|(t, _)| t.0 == "End turn (Enter)")
            .map(|(_, c)| c.parent())
            .expect("the End turn button");
        app.world().get::<Node>(parent).unwrap().display != Display::None
    };
    assert!(end_turn_shown(&mut app), "End turn is there to decide");
    press(&mut app, KeyCode::Digit1);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        phase(&app),
        Some(TurnPhase::Resolve),
        "the answers are showing"
    );
    app.update();
    assert!(
        !end_turn_shown(&mut app),
        "End turn hides during the answers"
    );

    let sc = app
        .world()
        .resource::<peninsula::game::ActiveScenario>()
        .0
        .clone();
    let game = app.world().resource::<ActiveGame>().0.clone();
    let threat = sc.rules.var_index("pyongyang.threat").expect("threat");
    let before = game.before_last_turn.as_deref().expect("a turn was played");
    let (was, now) = (
        before.vars[threat as usize].round_ties_even(),
        game.state.vars[threat as usize].round_ties_even(),
    );
    assert_ne!(was, now, "the drills move Pyongyang's threat perception");
    // While the answers arrive, the figures are still the ones the turn was decided on: the
    // results would give the answers away first. The gauge and the rung already move.
    let row = row_of(&mut app, &sc.rules.vars[threat as usize].name);
    assert_eq!(row[1], format!("{was:.0}"), "not yet the result: {row:?}");
    // The gauge's causes too: its ledger is the one before the turn until the answers are in.
    // Written to a tenth, without a whole number's ".0", as the gauge writes tension.
    let tenth = |v: f32| {
        let t = format!("{v:.1}");
        t.strip_suffix(".0").map(str::to_string).unwrap_or(t)
    };
    let sum = |l: &peninsula::sim::ledger::Ledger| {
        format!(
            "Sum {}; tension is kept between the floor of {} (the lasting entries) and 100.",
            tenth(l.raw_sum()),
            tenth(l.floor)
        )
    };
    assert_ne!(before.ledger.raw_sum(), game.state.ledger.raw_sum());
    assert!(
        texts(&mut app).contains(&sum(&before.ledger)),
        "{:?}",
        texts(&mut app)
    );
    // The gauge's figure and the rung too: a jump of 18 points would tell a nuclear test
    // before its answer is shown.
    let heading = |t: f32| format!("Tension {}", tenth(t));
    assert_ne!(tenth(before.tension), tenth(game.state.tension));
    let shown = texts(&mut app);
    assert!(shown.contains(&heading(before.tension)), "{shown:?}");
    assert!(!shown.contains(&heading(game.state.tension)), "{shown:?}");
    let rung_before = &sc.rules.rungs[before.rung(&sc) as usize].name;
    let rung_after = &sc.rules.rungs[game.state.rung(&sc) as usize].name;
    assert!(
        shown.iter().any(|t| t == rung_before),
        "the rung chip still says {rung_before}: {shown:?}"
    );
    // Every answer in (Enter shows the rest at once): the figures show the turn's result.
    press(&mut app, KeyCode::Enter);
    assert_eq!(phase(&app), Some(TurnPhase::Report));
    // The gauge moves (its animation ends within a couple of seconds) and the rung changes.
    for _ in 0..3 {
        std::thread::sleep(std::time::Duration::from_millis(700));
        app.update();
    }
    let shown = texts(&mut app);
    assert!(shown.contains(&heading(game.state.tension)), "{shown:?}");
    assert!(shown.iter().any(|t| t == rung_after), "{shown:?}");
    let row = row_of(&mut app, &sc.rules.vars[threat as usize].name);
    assert_eq!(row[1], format!("{now:.0}"), "the turn's result: {row:?}");
    assert_eq!(row[2], format!("{:+.0}", now - was), "{row:?}");
    assert!(texts(&mut app).contains(&sum(&game.state.ledger)));
    // An answer that names its actor is not prefixed with the name again.
    let shown = texts(&mut app);
    assert!(
        !shown
            .iter()
            .any(|t| t.starts_with("Pyongyang: Pyongyang") || t.starts_with("Beijing: Beijing")),
        "{shown:?}"
    );
}

/// A card keeps its key from level to level: the cards every level shares take the first keys,
/// in the order they are shown, and a level's own cards (2017's THAAD) the keys after them.
#[test]
fn a_card_keeps_its_key_in_every_level() {
    use peninsula::ui::screens::dashboard::{CARD_KEYS, key_order};
    let mut keys: std::collections::BTreeMap<String, &str> = Default::default();
    for sc in data().levels.iter().filter_map(|l| l.scenario()) {
        let order = key_order(sc);
        assert_eq!(
            order.len(),
            sc.actions.len(),
            "{}: every card has a place",
            sc.id()
        );
        for (k, a) in order.iter().enumerate() {
            let action = &sc.actions[*a as usize];
            let Some((_, key)) = CARD_KEYS.get(k) else {
                continue;
            };
            if sc.rules.actions.iter().any(|b| b.id == action.id) {
                let first = keys.entry(action.id.clone()).or_insert(key);
                assert_eq!(first, key, "{} has another key in {}", action.id, sc.id());
            }
        }
    }
    assert_eq!(keys["hold_course"], "7");
}

/// A card picked, then Settings visited from the menu: back on the menu, then the dashboard,
/// the card is still the pick and has the focus, so Enter plays it.
#[test]
fn a_pick_survives_a_visit_to_settings() {
    let (mut app, _dir) = app_with(data().clone(), "pick-kept");
    into_the_first_level(&mut app);
    press(&mut app, KeyCode::Digit1);
    let picked = app
        .world()
        .resource::<peninsula::ui::screens::dashboard::Selected>()
        .0
        .expect("1 picks a card");
    menu_pick(&mut app, "Settings");
    assert_eq!(screen(&app), Screen::Settings);
    press(&mut app, KeyCode::Escape);
    app.update();
    assert_eq!(screen(&app), Screen::Dashboard);
    // Back to the menu that opened Settings; Esc closes it, onto the pick.
    app.update();
    press(&mut app, KeyCode::Escape);
    app.update();
    assert_eq!(
        app.world()
            .resource::<peninsula::ui::screens::dashboard::Selected>()
            .0,
        Some(picked),
        "the pick stands"
    );
    assert!(texts(&mut app).iter().any(|t| t.contains("your pick")));
    press(&mut app, KeyCode::Enter);
    app.update();
    let game = app.world().resource::<ActiveGame>().0.clone();
    assert_eq!(
        game.log.first().map(|r| r.requested),
        Some(picked),
        "Enter played it"
    );
}

/// Waits for a played turn's answers, then Enter goes on to the next turn.
fn past_the_answers(app: &mut App) {
    for _ in 0..80 {
        app.update();
        if phase(app) == Some(TurnPhase::Report) {
            break;
        }
    }
    press(app, KeyCode::Enter);
    assert_eq!(phase(app), Some(TurnPhase::Decide), "the next turn");
}

/// A turn opens with the focus on "Hold course", the move that changes nothing: a player who
/// keeps pressing Enter (to get through the answers, or out of habit) holds course turn after
/// turn, and never launches the first card's joint air drills by accident.
#[test]
fn repeated_enter_holds_course_and_never_plays_a_show_of_force() {
    let (mut app, _dir) = app_with(data().clone(), "enter-holds");
    into_the_first_level(&mut app);
    let sc = scenario("2013_third_test");
    let hold = sc.action_index("hold_course").unwrap();
    let at = focused(&app).expect("the turn opens with focus");
    let card = text_of(&mut app, at);
    assert!(card.contains("[7] Hold course"), "the focused card: {card}");
    // Enter picks the focused card, Enter again plays it; then Enter goes on past the answers.
    for _ in 0..2 {
        press(&mut app, KeyCode::Enter);
    }
    past_the_answers(&mut app);
    for _ in 0..2 {
        press(&mut app, KeyCode::Enter);
    }
    let game = app.world().resource::<ActiveGame>().0.clone();
    let played: Vec<&str> = game
        .log
        .iter()
        .map(|t| sc.actions[t.requested as usize].id.as_str())
        .collect();
    assert_eq!(played, vec!["hold_course"; 2], "Enter held course twice");
    assert_eq!(game.log[0].requested, hold);
}

/// The dashboard keeps the objectives in view: every win of the level with how far the game
/// stands from it, and the losses, as `sim::progress` reads the game on the screen, after a
/// turn as at the start.
#[test]
fn the_dashboard_shows_each_win_and_how_far_the_game_stands_from_it() {
    use peninsula::sim::progress::objective_progress;
    use peninsula::ui::screens::dashboard::objectives::{
        closest, losses, nearest_loss, win_progress,
    };
    let (mut app, _dir) = app_with(data().clone(), "objectives");
    into_the_first_level(&mut app);
    let sc = scenario("2013_third_test");
    let expect = |app: &mut App| {
        let game = app.world().resource::<ActiveGame>().0.clone();
        let all = objective_progress(sc, &game.state);
        let shown = texts(app);
        assert!(shown.iter().any(|t| t == "Objectives"), "{shown:?}");
        for o in all
            .iter()
            .filter(|o| o.kind == peninsula::rules::ObjectiveKind::Win)
        {
            let line = peninsula::ui::theme::plain(&win_progress(o));
            assert!(shown.contains(&line), "{line} in {shown:?}");
            assert!(
                shown
                    .iter()
                    .any(|t| t.starts_with("WIN  ") && t.contains(&o.name))
            );
        }
        let wins: Vec<_> = all
            .iter()
            .filter(|o| o.kind == peninsula::rules::ObjectiveKind::Win)
            .collect();
        let near = closest(&wins).expect("2013 has wins");
        let (met, seen) = near.met();
        let head = format!("Closest win: {}{}", near.name, near.timing);
        assert!(
            shown.contains(&peninsula::ui::theme::plain(&head)),
            "the closest win leads the panel: {head} in {shown:?}"
        );
        // Its count sits under it, with what it still needs, and never reads as a win: the
        // head line carries no "WIN (4 of 5 hold)".
        let progress = format!("{met} of {seen} conditions met so far; still needs ");
        assert!(
            met < seen && shown.iter().any(|t| t.starts_with(&progress)),
            "{progress} in {shown:?}"
        );
        assert!(!shown.iter().any(|t| t.starts_with("WIN (")), "{shown:?}");
        assert!(shown.contains(&peninsula::ui::theme::plain(&nearest_loss(&all))));
        let lose = peninsula::ui::theme::plain(&losses(&all));
        assert!(shown.contains(&lose), "{lose} in {shown:?}");
        lose
    };
    let before = expect(&mut app);
    assert!(
        before.contains("(now 2)"),
        "two nuclear tests before 2013's: {before}"
    );
    let game = app.world().resource::<ActiveGame>().0.clone();
    assert_eq!(
        nearest_loss(&objective_progress(sc, &game.state)),
        "LOSE nearest: nuclear tests 4+ (now 2); 5 more ways, among them war and no win by the \
         last turn",
        "two tests from the fourth is nearer than approval's 35 points from 15"
    );
    press(&mut app, KeyCode::Digit1);
    press(&mut app, KeyCode::Enter);
    past_the_answers(&mut app);
    expect(&mut app);
}

/// The answers give a player plain reasons: each AI's `because`, and the other answers it had,
/// with no rule ids, files, weights, margins or noise. The setting "the rules behind each
/// answer" brings the modder's lines back.
#[test]
fn the_answers_give_plain_reasons_unless_the_rules_are_asked_for() {
    let answers = |rule_details: bool| {
        let (mut app, _dir) = app_with(data().clone(), "plain-why");
        app.world_mut()
            .resource_mut::<peninsula::ui::Settings>()
            .profile
            .rule_details = rule_details;
        into_the_first_level(&mut app);
        press(&mut app, KeyCode::Digit1);
        press(&mut app, KeyCode::Enter);
        app.world()
            .resource::<peninsula::ui::screens::dashboard::Reveal>()
            .lines
            .iter()
            .map(|(l, _)| l.clone())
            .collect::<Vec<_>>()
    };
    let plain = answers(false);
    // One reason each, or for Pyongyang the reading of each motive that argued for its
    // answer, closed by a line saying its hidden disposition decides which weighed most.
    let whys: Vec<&String> = plain
        .iter()
        .filter(|l| l.starts_with("   why: ") || l.starts_with("   which weighed most: "))
        .collect();
    assert_eq!(whys.len(), 2, "Beijing's and Pyongyang's: {plain:?}");
    // The figures' changes carry their tenths (a drift of -0.5 a turn), as the figures do.
    let changes = |l: &String| {
        [
            "   changed",
            "   every turn's drift",
            "   effects of earlier turns",
        ]
        .iter()
        .any(|head| l.starts_with(head))
    };
    for line in &plain {
        for jargon in ["rule `", "weight", "noise", ".ron", " by 0.", "+0.", "-0."] {
            if changes(line) && jargon.ends_with("0.") {
                continue;
            }
            assert!(!line.contains(jargon), "{jargon} in {line}");
        }
    }
    let detailed = answers(true);
    assert!(
        detailed
            .iter()
            .any(|l| l.contains("rule `") && l.contains("weight")),
        "{detailed:?}"
    );
    assert!(detailed.iter().any(|l| l.contains("noise up to")));
    assert_eq!(
        detailed
            .iter()
            .filter(|l| l.starts_with("   why: "))
            .count(),
        2
    );
}

/// With a card picked, another card shown in the detail panel (focused with Tab, or under the
/// pointer) is headed by the pick, so the player knows which card Enter plays.
#[test]
fn the_detail_panel_names_the_pick_above_another_card() {
    let (mut app, _dir) = app_with(data().clone(), "pick-above");
    into_the_first_level(&mut app);
    press(&mut app, KeyCode::Digit1);
    let line = "Your pick: Joint air drills (Enter plays it) | showing:";
    assert!(
        !texts(&mut app).iter().any(|t| t == line),
        "the pick itself shown: no heading"
    );
    press(&mut app, KeyCode::Tab);
    let shown = texts(&mut app);
    assert!(shown.iter().any(|t| t == line), "{shown:?}");
    assert_eq!(
        app.world()
            .resource::<peninsula::ui::screens::dashboard::Selected>()
            .0,
        scenario("2013_third_test").action_index("joint_air_drills"),
        "Tab moved the focus, not the pick"
    );
}

/// An advisor with nothing of their own to say on a move still says something: the stock line
/// names the line of policy they stand for ("Would rather see restraint or direct
/// diplomacy"), never an empty "Would rather you did something else".
#[test]
fn every_advisors_line_says_which_way_it_leans() {
    let (mut app, _dir) = app_with(data().clone(), "advisor-stock");
    into_the_first_level(&mut app);
    let sc = scenario("2013_third_test");
    let rules = &sc.rules;
    let (mut stock, mut own, mut neutral) = (0, 0, 0);
    let mut leans_seen = std::collections::BTreeSet::new();
    for key in [
        KeyCode::Digit1,
        KeyCode::Digit2,
        KeyCode::Digit3,
        KeyCode::Digit4,
        KeyCode::Digit5,
        KeyCode::Digit6,
        KeyCode::Digit7,
        KeyCode::Digit8,
        KeyCode::Digit9,
        KeyCode::KeyQ,
        KeyCode::KeyE,
        KeyCode::KeyR,
    ] {
        press(&mut app, key);
        for line in texts(&mut app) {
            let Some(adv) = rules.advisors.iter().find(|a| line.starts_with(&a.name)) else {
                continue;
            };
            assert!(
                !line.contains("something else") && !line.contains("Supports it"),
                "{line}"
            );
            let rest = &line[adv.name.len()..];
            let mark = ["for", "against", "mixed"]
                .into_iter()
                .find(|m| rest.starts_with(&format!(" ({m}): ")))
                .unwrap_or_else(|| panic!("every line says which way it leans: {line}"));
            leans_seen.insert(mark);
            if line.contains("Would rather see ") {
                stock += 1;
                assert_eq!(mark, "against", "{line}");
                if adv.id == "dove" {
                    assert!(line.contains("restraint or direct diplomacy"), "{line}");
                }
            } else if line.contains("is the line they favour") {
                stock += 1;
                assert_eq!(mark, "for", "{line}");
            } else if line.contains("It signals nothing either way; would rather see ") {
                // Holding course: no advisor's line, whatever column lists it (it was "Backs
                // it: restraint is the line they favour" under a card that says it is not).
                stock += 1;
                neutral += 1;
                assert_eq!(mark, "mixed", "{line}");
            } else {
                // The advisor's own words: marked as the data says.
                own += 1;
                let (_, _, lean) = sc
                    .actions
                    .iter()
                    .flat_map(|a| a.advice.iter())
                    .find(|(k, words, _)| *k == adv.id && line.contains(words.as_str()))
                    .unwrap_or_else(|| panic!("an advisor's line from the data: {line}"));
                let want = match lean {
                    peninsula::rules::Lean::For => "for",
                    peninsula::rules::Lean::Against => "against",
                    peninsula::rules::Lean::Mixed => "mixed",
                };
                assert_eq!(mark, want, "{line}");
            }
        }
    }
    assert!(stock > 3, "stock lines seen: {stock}");
    assert!(neutral > 0, "holding course's lines seen: {neutral}");
    assert!(own > 3, "own lines seen: {own}");
    assert_eq!(
        leans_seen.len(),
        3,
        "all three leanings shown: {leans_seen:?}"
    );
}

/// A locked card's key shows that card in the detail panel, with why it is locked, and leaves
/// the screen where it was: no notice line pushes the dashboard down, and nothing is picked.
#[test]
fn a_locked_cards_key_shows_why_in_the_detail_panel() {
    use peninsula::ui::screens::dashboard::{CARD_KEYS, key_order};
    let (mut app, _dir) = app_with(data().clone(), "locked-key");
    into_the_first_level(&mut app);
    let sc = scenario("2013_third_test");
    let game = app.world().resource::<ActiveGame>().0.clone();
    let order = key_order(sc);
    let (k, a) = order
        .iter()
        .enumerate()
        .find(|(_, a)| peninsula::sim::availability(sc, &game.state, **a).is_err())
        .expect("a card is locked on 2013's first turn");
    let why = peninsula::sim::explain_unavailable(
        sc,
        *a,
        &peninsula::sim::availability(sc, &game.state, *a).unwrap_err(),
    );
    press(&mut app, CARD_KEYS[k].0);
    let shown = texts(&mut app);
    assert!(
        shown.iter().any(|t| *t == sc.actions[*a as usize].name),
        "the detail panel shows the locked card: {shown:?}"
    );
    assert!(
        shown.iter().any(|t| *t == format!("Unavailable: {why}")),
        "and why it is locked: {shown:?}"
    );
    assert_eq!(app.world().resource::<peninsula::ui::Notice>().0, None);
    assert_eq!(
        app.world()
            .resource::<peninsula::ui::screens::dashboard::Selected>()
            .0,
        None,
        "nothing is picked"
    );
    // Enter next does not pick and play the card the focus was on (Hold course): with
    // nothing picked, it says the card shown cannot be played (not that no card was picked:
    // its key was just pressed), and the turn is not played.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(phase(&app), Some(TurnPhase::Decide), "no move was played");
    assert!(app.world().resource::<ActiveGame>().0.log.is_empty());
    assert_eq!(
        app.world().resource::<peninsula::ui::Notice>().0,
        Some(format!(
            "{} cannot be played now (the panel on the right says why): pick another card.",
            sc.actions[*a as usize].name
        ))
    );
}

/// With a card picked, a locked card's key shows that card, and Enter then says it is locked
/// instead of playing the pick made before it (a player who pressed a locked card's key and
/// Enter had their earlier pick played by surprise); the End turn button still plays the pick.
#[test]
fn enter_on_a_locked_card_shown_after_a_pick_does_not_play_the_pick() {
    use peninsula::ui::screens::dashboard::{CARD_KEYS, key_order};
    let (mut app, _dir) = app_with(data().clone(), "locked-after-pick");
    into_the_first_level(&mut app);
    let sc = scenario("2013_third_test");
    let game = app.world().resource::<ActiveGame>().0.clone();
    let order = key_order(sc);
    let open = |want: bool| {
        order
            .iter()
            .position(|a| peninsula::sim::availability(sc, &game.state, *a).is_ok() == want)
            .expect("2013's first turn has open and locked cards")
    };
    let (pick, locked) = (open(true), open(false));
    press(&mut app, CARD_KEYS[pick].0);
    press(&mut app, CARD_KEYS[locked].0);
    let heading = format!(
        "Your pick: {} (End turn plays it) | showing:",
        sc.actions[order[pick] as usize].name
    );
    assert!(
        texts(&mut app).contains(&heading),
        "the panel says what plays the pick: {:?}",
        texts(&mut app)
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(phase(&app), Some(TurnPhase::Decide), "no move was played");
    assert!(app.world().resource::<ActiveGame>().0.log.is_empty());
    let notice = app.world().resource::<peninsula::ui::Notice>().0.clone();
    assert_eq!(
        notice,
        Some(format!(
            "{} cannot be played now (the panel on the right says why): pick another card, or \
             click End turn to play your pick, {}.",
            sc.actions[order[locked] as usize].name, sc.actions[order[pick] as usize].name
        ))
    );
    let end = app
        .world_mut()
        .query_filtered::<Entity, With<peninsula::ui::screens::dashboard::EndTurnButton>>()
        .single(app.world())
        .unwrap();
    app.world_mut()
        .write_message(peninsula::ui::focus::Activated(end));
    app.update();
    app.update();
    let log = &app.world().resource::<ActiveGame>().0.log;
    assert_eq!(log.len(), 1, "End turn plays the pick");
    assert_eq!(log[0].taken, order[pick]);
}

/// A double-click on a card picks it and no more: the second click, within a double-click's
/// time, does not play it (a player who double-clicked a show of force launched it at once); a
/// deliberate second click, later, plays it.
#[test]
fn a_double_click_on_a_card_picks_it_without_playing_it() {
    use peninsula::ui::screens::dashboard::{Card, DOUBLE_CLICK, Selected};
    let (mut app, _dir) = app_with(data().clone(), "double-click");
    into_the_first_level(&mut app);
    let sc = scenario("2013_third_test");
    let drills = sc.action_index("joint_air_drills").unwrap();
    let card = app
        .world_mut()
        .query::<(Entity, &Card)>()
        .iter(app.world())
        .find(|(_, c)| c.action == drills)
        .map(|(e, _)| e)
        .expect("the drills' card");
    let click = |app: &mut App| {
        app.world_mut()
            .write_message(peninsula::ui::focus::Activated(card));
        app.update();
    };
    // Frames of 100 ms: the two clicks of a double-click lie one frame apart.
    app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
        100,
    )));
    app.update();
    click(&mut app);
    click(&mut app);
    app.update();
    assert_eq!(app.world().resource::<Selected>().0, Some(drills), "picked");
    assert_eq!(phase(&app), Some(TurnPhase::Decide), "and not played");
    assert!(app.world().resource::<ActiveGame>().0.log.is_empty());
    for _ in 0..(DOUBLE_CLICK * 10.0) as usize {
        app.update();
    }
    click(&mut app);
    app.update();
    let log = &app.world().resource::<ActiveGame>().0.log;
    assert_eq!(log.len(), 1, "a second click after a pause plays the pick");
    assert_eq!(log[0].taken, drills);
}

/// A first-time player's page: the title's "How to play" opens it by keyboard, it says what a
/// turn is, names the four families of moves and the three kinds of leadership (never which one
/// the game drew: no game is running), Esc goes back with the focus on its button, and "Try the
/// sandbox" opens the sandbox's briefing.
#[test]
fn how_to_play_opens_from_the_title_and_leads_to_the_sandbox() {
    let (mut app, _dir) = app_with(data().clone(), "how-to-play");
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    let at = focused(&app).unwrap();
    assert_eq!(text_of(&mut app, at), "How to play");
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::HowToPlay);
    let page = texts(&mut app).join("\n");
    for needed in [
        "Each turn covers three weeks",
        "Shows of force",
        "Restraint",
        "Outreach to Beijing",
        "Direct diplomacy",
        "a security seeker",
        "a builder",
        "an opportunist",
        "War loses every level",
    ] {
        assert!(page.contains(needed), "the page says {needed:?}: {page}");
    }
    // The first control is the call to action.
    let at = focused(&app).unwrap();
    assert_eq!(text_of(&mut app, at), "Try the sandbox");
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Title);
    let at = focused(&app).unwrap();
    assert_eq!(
        text_of(&mut app, at),
        "How to play",
        "the focus is back on its button"
    );
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Briefing);
    let chosen = app.world().resource::<ChosenLevel>();
    assert_eq!(chosen.scenario.id(), "sandbox");
    assert!(!chosen.campaign);
}

/// The how-to-play page speaks of the shipped game, so it is held to it: every rung of the
/// ladder is named, in order, and the turn lengths it gives (three weeks in the historical
/// levels, two in the sandbox) are the levels' calendars.
#[test]
fn how_to_play_matches_the_shipped_ladder_and_calendars() {
    use peninsula::ui::screens::how_to_play::SECTIONS;
    let page = SECTIONS
        .iter()
        .flat_map(|(_, paragraphs)| paragraphs.iter())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let sandbox = scenario("sandbox");
    let mut from = 0;
    for rung in &sandbox.rules.rungs {
        let name = rung.name.to_lowercase();
        let at = page[from..]
            .find(&name)
            .unwrap_or_else(|| panic!("the page names the rung {name:?} after the one before"));
        from += at + name.len();
    }
    assert_eq!(sandbox.def.calendar.days_per_turn, 14, "two weeks");
    for id in HISTORICAL_LEVELS {
        assert_eq!(
            scenario(id).def.calendar.days_per_turn,
            21,
            "{id}: three weeks"
        );
    }
}

/// On a projector the debrief's chart and questions can each take the whole screen: `C` shows
/// the chart alone, `D` the questions alone and larger, the same key or `Esc` brings the whole
/// debrief back, and only then does `Esc` leave for the title.
#[test]
fn the_debrief_shows_the_chart_or_the_questions_alone_for_a_projector() {
    use peninsula::ui::screens::debrief::full_screen::{DebriefPart, DebriefView};
    let (mut app, _dir) = app_with(data().clone(), "debrief-views");
    into_the_first_level(&mut app);
    let sc = scenario("2013_third_test");
    play_to_the_end(&mut app, sc.fallback_action);
    assert_eq!(screen(&app), Screen::Debrief);
    let shown = |app: &mut App| {
        let mut q = app.world_mut().query::<(&DebriefPart, &Node)>();
        let mut parts: Vec<DebriefPart> = q
            .iter(app.world())
            .filter(|(_, n)| n.display != Display::None)
            .map(|(p, _)| *p)
            .collect();
        parts.sort_by_key(|p| *p as u8);
        parts
    };
    let question_size = |app: &mut App| {
        let first = &sc.def.discussion[0];
        let mut q = app.world_mut().query::<(&Text, &TextFont)>();
        q.iter(app.world())
            .find(|(t, _)| t.0.contains(first.as_str()))
            .map(|(_, f)| match f.font_size {
                FontSize::Px(px) => px,
                other => panic!("a size in pixels: {other:?}"),
            })
            .expect("the first question")
    };
    use DebriefPart::*;
    assert_eq!(shown(&mut app), [Details, Chart, Discussion, Timeline]);
    // The questions as the report and the handout number them: the level's, then two on any
    // game, so "question 5" is the same on the screen and on paper.
    let last = format!(
        "{}. What did your analysts believe about Pyongyang",
        sc.def.discussion.len() + 2
    );
    assert!(
        texts(&mut app).iter().any(|t| t.starts_with(&last)),
        "{last}"
    );
    let small = question_size(&mut app);
    press(&mut app, KeyCode::KeyC);
    assert_eq!(shown(&mut app), [Chart]);
    press(&mut app, KeyCode::KeyC);
    assert_eq!(shown(&mut app), [Details, Chart, Discussion, Timeline]);
    // The questions scrolled down (as PageDown or the wheel leaves them) open at their top
    // when shown alone.
    let mut panels = app
        .world_mut()
        .query::<(&DebriefPart, &mut ScrollPosition)>();
    for (part, mut scroll) in panels.iter_mut(app.world_mut()) {
        if *part == Discussion {
            scroll.0 = Vec2::new(0.0, 240.0);
        }
    }
    press(&mut app, KeyCode::KeyD);
    assert_eq!(shown(&mut app), [Discussion]);
    assert!(question_size(&mut app) > small * 1.5, "the questions grow");
    let mut panels = app.world_mut().query::<(&DebriefPart, &ScrollPosition)>();
    assert!(
        panels
            .iter(app.world())
            .any(|(part, scroll)| *part == Discussion && scroll.0 == Vec2::ZERO),
        "the questions open at their top"
    );
    press(&mut app, KeyCode::Escape);
    assert_eq!(
        screen(&app),
        Screen::Debrief,
        "Esc first brings the whole debrief back"
    );
    assert_eq!(
        *app.world().resource::<DebriefView>(),
        DebriefView::Everything
    );
    assert_eq!(question_size(&mut app), small);
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Title);
}

/// The analysts' estimate, the main way to read Pyongyang, heads the figures panel: under the
/// actors' figures it lay five turns of the wheel down at 1280x720.
#[test]
fn the_intelligence_estimate_heads_the_figures() {
    let (mut app, _dir) = app_with(data().clone(), "estimate-first");
    into_the_first_level(&mut app);
    let mut q = app.world_mut().query::<(Entity, &Text, &ChildOf)>();
    let (heading, panel) = q
        .iter(app.world())
        .find(|(_, t, _)| t.0 == "Intelligence estimate")
        .map(|(e, _, c)| (e, c.parent()))
        .expect("the estimate's heading");
    let first = app.world().get::<Children>(panel).unwrap()[0];
    assert_eq!(first, heading, "the estimate comes first");
}

/// A tap on a touch screen (each touch a new pointer), or a quick click in a slow frame of
/// software rendering, whose pointer arrives, presses and lets go within one frame activates the
/// button, as a slower click does. Bevy's picking sends the press to what is under the pointer
/// now, but the release and the click only to what was under it the frame before: nothing, for
/// such a tap. So the tap only moved the focus, and the button stayed pressed. Here the frame's
/// events are what Bevy sends for it: the press alone, and the pointer's release.
#[test]
fn a_tap_whose_press_and_release_share_a_frame_activates_the_button() {
    use bevy::camera::NormalizedRenderTarget;
    use bevy::picking::backend::HitData;
    use bevy::picking::events::{Pointer, Press};
    use bevy::picking::pointer::{Location, PointerAction, PointerButton, PointerId, PointerInput};
    let (mut app, _dir) = app_with(data().clone(), "quick-tap");
    assert_eq!(screen(&app), Screen::Title);
    let buttons: Vec<Entity> = app
        .world_mut()
        .query_filtered::<Entity, With<bevy::ui_widgets::Button>>()
        .iter(app.world())
        .collect();
    let settings = buttons
        .into_iter()
        .find(|e| text_of(&mut app, *e) == "Settings")
        .expect("the title's Settings button");
    let location = Location {
        target: NormalizedRenderTarget::None {
            width: 1280,
            height: 720,
        },
        position: Vec2::new(640.0, 400.0),
    };
    let finger = PointerId::Touch(7);
    let press = Press {
        button: PointerButton::Primary,
        hit: HitData::new(Entity::PLACEHOLDER, 0.0, None, None),
        count: 1,
    };
    app.world_mut()
        .commands()
        .trigger(Pointer::new(finger, location.clone(), press, settings));
    app.world_mut().flush();
    app.world_mut().write_message(PointerInput {
        pointer_id: finger,
        location,
        action: PointerAction::Release(PointerButton::Primary),
    });
    app.update();
    app.update();
    assert_eq!(screen(&app), Screen::Settings, "the tap opened Settings");
    assert!(
        app.world().get::<bevy::ui::Pressed>(settings).is_none(),
        "and left no button pressed"
    );
}

/// The card detail lists every effect of the move: cut after six, Joint air drills hid the
/// credibility and the alliance's cohesion it is played for. What comes every turn anyway is
/// one line.
#[test]
fn the_card_detail_lists_every_effect_of_the_move() {
    let (mut app, _dir) = app_with(data().clone(), "every-effect");
    into_the_first_level(&mut app);
    press(&mut app, KeyCode::Digit1);
    app.update();
    let shown = texts(&mut app);
    assert!(
        shown.iter().any(|t| t == "Joint air drills"),
        "the detail shows the drills: {shown:?}"
    );
    for effect in ["- Tension +8", "credibility +3", "cohesion +2"] {
        assert!(
            shown
                .iter()
                .any(|t| t.starts_with("- ") && t.contains(effect)),
            "{effect} among {shown:?}"
        );
    }
    let drift: Vec<&String> = shown
        .iter()
        .filter(|t| t.starts_with("- and every turn anyway"))
        .collect();
    assert_eq!(drift.len(), 1, "{drift:?}");
    assert!(drift[0].contains(", "), "{drift:?}");
    // At 51 credibility on the last turn, Scale down exercises (3 credibility) would undo what
    // a win judged at the end needs.
    let undoes = |app: &mut App| {
        texts(app)
            .into_iter()
            .filter(|t| t.starts_with("Undoes a win's condition: "))
            .collect::<Vec<_>>()
    };
    assert!(undoes(&mut app).is_empty(), "the drills undo nothing");
    let credibility = app
        .world()
        .resource::<peninsula::game::ActiveScenario>()
        .0
        .rules
        .var_index("washington.credibility")
        .unwrap();
    {
        let mut game = app.world_mut().resource_mut::<ActiveGame>();
        game.0.state.vars[credibility as usize] = 51.0;
        // On the last turn, when the win is judged.
        game.0.state.turn = 14;
    }
    press(&mut app, KeyCode::Digit8);
    app.update();
    let said = undoes(&mut app);
    assert!(
        said.iter().any(|t| t.contains(
            "credibility 50+ (51 now, 48 after this move alone), needed for \"Bring the crisis down"
        )),
        "{said:?}"
    );
}

/// The answers put each figure's change down to what made it: under "You:" the move's own
/// (Joint air drills: credibility +3, forces in proximity +10), and every turn's drift on a
/// line of its own.
#[test]
fn the_answers_say_what_changed_each_figure() {
    let (mut app, _dir) = app_with(data().clone(), "answers-changes");
    into_the_first_level(&mut app);
    press(&mut app, KeyCode::Digit1);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(phase(&app), Some(TurnPhase::Report));
    let shown = texts(&mut app);
    assert!(shown.iter().any(|t| t.starts_with("You: Joint air drills")));
    assert!(
        shown.iter().any(|t| t.starts_with("   changed: ")
            && t.contains("Washington credibility +3")
            && t.contains("forces in proximity +10")),
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|t| t.starts_with("   every turn's drift: ")
                || t.starts_with("   changed, with every turn's drift: ")),
        "{shown:?}"
    );
}

/// Enter pressed on through the answers does not pick and play the next turn's focused card:
/// for half a second after a turn opens, Enter neither picks nor plays; then it does, as
/// before.
#[test]
fn enter_pressed_on_through_the_answers_does_not_play_the_next_turn() {
    let (mut app, _dir) = app_with(data().clone(), "enter-mashed");
    into_the_first_level(&mut app);
    press(&mut app, KeyCode::Digit1);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(phase(&app), Some(TurnPhase::Report));
    // A frame is 50 ms now: a press and its release take 100 ms.
    app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
        50,
    )));
    press(&mut app, KeyCode::Enter);
    assert_eq!(phase(&app), Some(TurnPhase::Decide), "the next turn opens");
    for _ in 0..3 {
        press(&mut app, KeyCode::Enter);
    }
    assert_eq!(
        phase(&app),
        Some(TurnPhase::Decide),
        "still the turn's pick"
    );
    assert_eq!(game_turns(&app), 1, "no turn played by the mashed Enter");
    for _ in 0..6 {
        app.update();
    }
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(game_turns(&app), 2, "Enter picks, then plays, once settled");
}

/// A card's cost says what there is to spend: the figures panel that shows the diplomatic
/// capital is below the fold at 1280 x 720.
#[test]
fn a_cards_cost_says_what_there_is_to_spend() {
    let (mut app, _dir) = app_with(data().clone(), "cost-of");
    into_the_first_level(&mut app);
    let shown = texts(&mut app);
    assert!(
        shown.iter().any(|t| t == "3 of 60 diplomatic capital"),
        "{shown:?}"
    );
}

/// A class meets the dashboard's words where they are: hovering Washington's credibility shows
/// what credibility means, from `actors.ron`, beside it; the line of shared facts explains each
/// fact it shows; and the pointer moving off hides it. The how-to-play page lists the words
/// too, from the same lines: every rung and every public figure (audience costs among them),
/// and no figure the dashboard keeps to the AIs.
#[test]
fn the_dashboards_words_say_what_they_mean_on_hover_and_in_how_to_play() {
    use peninsula::ui::screens::dashboard::meaning::{Meaning, MeaningPanel, term};
    use peninsula::ui::screens::how_to_play::glossary;
    let (mut app, _dir) = app_with(data().clone(), "meanings");
    into_the_first_level(&mut app);
    let rules = &scenario("2013_third_test").rules;
    let credibility = rules
        .vars
        .iter()
        .find(|v| v.id == "washington.credibility")
        .unwrap();
    let proximity = rules
        .vars
        .iter()
        .find(|v| v.id == "world.proximity")
        .unwrap();
    let find = |app: &mut App, line: &str| {
        let world = app.world_mut();
        world
            .query::<(Entity, &Meaning)>()
            .iter(world)
            .find(|(_, m)| m.0.iter().any(|l| l == line))
            .map(|(e, _)| e)
            .unwrap_or_else(|| panic!("no part of the dashboard means {line:?}"))
    };
    let panel = |app: &mut App| {
        let world = app.world_mut();
        let (node, children) = world
            .query_filtered::<(&Node, &Children), With<MeaningPanel>>()
            .single(world)
            .unwrap();
        let text = world.get::<Text>(children[0]).unwrap().0.clone();
        (node.display, text)
    };
    assert_eq!(panel(&mut app).0, Display::None);
    let row = find(&mut app, &term(&credibility.name, &credibility.about));
    app.world_mut().entity_mut(row).insert(Interaction::Hovered);
    app.update();
    let (display, text) = panel(&mut app);
    assert_eq!(display, Display::Flex);
    assert!(
        text.contains("Backing down after a public threat"),
        "{text}"
    );
    app.world_mut().entity_mut(row).insert(Interaction::None);
    let facts = find(&mut app, &term(&proximity.name, &proximity.about));
    app.world_mut()
        .entity_mut(facts)
        .insert(Interaction::Hovered);
    app.update();
    let (_, text) = panel(&mut app);
    assert!(
        text.contains("Forces in proximity: ") && text.contains("Talks momentum: "),
        "{text}"
    );
    app.world_mut().entity_mut(facts).insert(Interaction::None);
    app.update();
    assert_eq!(panel(&mut app).0, Display::None);

    let words = glossary(rules);
    for rung in &rules.rungs {
        assert!(
            words.contains(&format!("{}: {}", rung.name, rung.about)),
            "{}",
            rung.name
        );
    }
    assert!(words.iter().any(|w| w.starts_with("Audience costs: ")));
    assert!(words.iter().any(|w| w.starts_with("Forces in proximity: ")));
    let tempo = rules
        .vars
        .iter()
        .find(|v| v.id == "pyongyang.tempo")
        .unwrap();
    assert!(
        !tempo.key && tempo.flag.is_none(),
        "the test needs a figure kept to the AIs"
    );
    assert!(
        !words
            .iter()
            .any(|w| w.starts_with(&format!("{}: ", tempo.name))),
        "{words:?}"
    );
}

/// A class's group that presses Begin before naming itself is asked for its name once: the
/// focus goes to the box, so what it types next is its name and Enter begins with it (a
/// teacher collecting the reports could not tell whose an unnamed one was).
#[test]
fn begin_with_no_group_name_asks_for_one_first() {
    use peninsula::sim::class_code::{ClassOptions, encode};
    use peninsula::ui::screens::group_name_field::GroupNameField;
    let sc = scenario("2018_the_thaw");
    let code = encode(data(), sc, 4, ClassOptions::default()).text;
    let (mut app, _dir) = app_with(data().clone(), "nameless-begin");
    peninsula::ui::open_class_code(app.world_mut(), &code);
    app.update();
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Briefing);
    assert!(texts(&mut app).iter().any(|t| t == NAMELESS_BEGIN));
    let at = focused(&app).unwrap();
    assert!(
        app.world().get::<GroupNameField>(at).is_some(),
        "the focus is in the box"
    );
    type_text(&mut app, "Table9");
    press_logical(&mut app, KeyCode::Enter, Key::Enter);
    assert_eq!(screen(&app), Screen::Dashboard);
    let game = &app.world().resource::<ActiveGame>().0;
    assert_eq!(game.group.as_deref(), Some("Table9"));
}

/// The next group at a machine whose autosave holds the last group's unfinished, unnamed game:
/// asked for its name, it types it, and Enter in the box begins its own game (asking first
/// whether to replace the saved one); it does not resume the last group's game under its name.
#[test]
fn a_new_group_asked_for_its_name_begins_its_own_game_not_the_last_groups() {
    use peninsula::sim::class_code::{ClassOptions, encode};
    let sc = scenario("2017_fire_and_fury");
    let code = encode(data(), sc, 12, ClassOptions::default()).text;
    let (mut app, dir) = app_with(data().clone(), "next-group");
    peninsula::ui::open_class_code(app.world_mut(), &code);
    app.update();
    begin_without_a_name(&mut app);
    play_until(&mut app, sc.fallback_action, |app| game_turns(app) == 2);
    go_to(&mut app, Screen::Title);
    peninsula::ui::open_class_code(app.world_mut(), &code);
    app.update();
    assert!(texts(&mut app).iter().any(|t| t == "Resume (after turn 2)"));
    // Tab from Resume to Start again, pressed: the name is asked for.
    for _ in 0..4 {
        let at = focused(&app).unwrap();
        if text_of(&mut app, at) == "Start again" {
            break;
        }
        press(&mut app, KeyCode::Tab);
    }
    press(&mut app, KeyCode::Enter);
    assert!(texts(&mut app).iter().any(|t| t == NAMELESS_BEGIN));
    type_text(&mut app, "Table4");
    press_logical(&mut app, KeyCode::Enter, Key::Enter);
    assert_eq!(
        screen(&app),
        Screen::Briefing,
        "it asks before replacing the saved game"
    );
    assert!(
        texts(&mut app)
            .iter()
            .any(|t| t == "Press again: replaces the saved game")
    );
    let save = read_save(&dir, &autosave_slot(sc.id())).unwrap().unwrap();
    assert_eq!(
        (save.moves.len(), save.group),
        (2, None),
        "the last game is untouched"
    );
    press_logical(&mut app, KeyCode::Enter, Key::Enter);
    assert_eq!(screen(&app), Screen::Dashboard);
    let game = &app.world().resource::<ActiveGame>().0;
    assert_eq!(game.log.len(), 0, "a new game");
    assert_eq!(game.group.as_deref(), Some("Table4"));
}

/// Once the last answers are in, the bottom line says Enter opens the debrief, not a next
/// turn; every report before it says the game goes on.
#[test]
fn the_last_reports_keys_lead_to_the_debrief() {
    let (mut app, _dir) = app_with(data().clone(), "last-report-keys");
    let sc = std::sync::Arc::new(scenario("2013_third_test").clone());
    app.world_mut().insert_resource(ChosenLevel {
        scenario: sc.clone(),
        campaign: false,
        seed: 11,
        class_code: None,
    });
    begin_from_the_briefing(&mut app);
    let keys = |app: &mut App| {
        texts(app)
            .into_iter()
            .find(|t| t.starts_with("Keys: "))
            .unwrap_or_default()
    };
    let (mut going_on, mut last) = (0, 0);
    for _ in 0..2000 {
        if screen(&app) != Screen::Dashboard {
            break;
        }
        match phase(&app) {
            Some(TurnPhase::Decide) => {
                app.world_mut().write_message(EndTurn(sc.fallback_action));
            }
            Some(TurnPhase::Report) => {
                let over = app
                    .world()
                    .resource::<ActiveGame>()
                    .0
                    .state
                    .outcome
                    .is_some();
                let line = keys(&mut app);
                if over {
                    last += 1;
                    assert!(line.starts_with("Keys: Enter: the debrief"), "{line}");
                } else {
                    going_on += 1;
                    assert!(
                        line.starts_with("Keys: Enter: continue to the next turn"),
                        "{line}"
                    );
                }
                app.world_mut().write_message(ContinueFromReport);
            }
            _ => {}
        }
        app.update();
    }
    assert_eq!(screen(&app), Screen::Debrief);
    assert!(last >= 1, "the last report was seen");
    assert!(going_on > 5, "reports before it: {going_on}");
}

/// In a team game, once the teams agree and the turn's answers show, the bottom line does not
/// bring back a team's prompt when the passing notice goes: the game has already moved on to
/// the next turn, and the prompt named that turn's deciding team under the last turn's answers
/// and top bar (a teacher's review). The next turn's prompt comes with the next turn.
#[test]
fn no_team_prompt_under_the_answers_of_a_turn() {
    let sc = scenario("2017_fire_and_fury");
    let (mut app, _dir, _) = team_class_briefing("team-answers-prompt");
    begin_without_a_name(&mut app);
    let hold = sc.fallback_action;
    app.world_mut().write_message(EndTurn(hold));
    app.update();
    app.update();
    press(&mut app, KeyCode::Enter);
    app.world_mut().write_message(EndTurn(hold));
    app.update();
    assert_eq!(notice_now(&app), "The teams agreed.");
    let seconds = peninsula::ui::screens::dashboard::NOTICE_SECONDS as u32;
    for _ in 0..seconds + 2 {
        app.update();
    }
    assert_ne!(
        phase(&app),
        Some(TurnPhase::Decide),
        "the answers still show"
    );
    assert!(
        texts(&mut app).iter().any(|t| t == "Turn 1 - the answers"),
        "{:?}",
        texts(&mut app)
    );
    let notice = notice_now(&app);
    assert!(!notice.contains("chooses"), "{notice}");
    // On to turn 2: its prompt, for the team at the screen, with turn 2's deciding team.
    for _ in 0..50 {
        if phase(&app) == Some(TurnPhase::Decide) {
            break;
        }
        app.world_mut().write_message(ContinueFromReport);
        app.update();
    }
    assert_eq!(phase(&app), Some(TurnPhase::Decide));
    let notice = notice_now(&app);
    assert!(
        notice.starts_with("Washington team chooses")
            && notice.ends_with("the Seoul team decides this turn."),
        "{notice}"
    );
    assert!(
        texts(&mut app)
            .iter()
            .any(|t| t.starts_with("Turn 2 of 16")),
        "{:?}",
        texts(&mut app)
    );
}

/// Puts in a browser that answers `answer` and records the pages handed to it, as the desktop's
/// would open them.
fn record_browser(
    app: &mut App,
    answer: Result<(), String>,
) -> std::sync::Arc<std::sync::Mutex<Vec<std::path::PathBuf>>> {
    use peninsula::ui::open_page::Browser;
    use std::sync::{Arc, Mutex};
    let opened = Arc::new(Mutex::new(Vec::new()));
    let record = opened.clone();
    app.insert_resource(Browser(Arc::new(move |page: &std::path::Path| {
        record.lock().unwrap().push(page.to_path_buf());
        answer.clone()
    })));
    opened
}

/// The screen's line that starts with `start` once the browser has answered (its launch runs on
/// the I/O task pool, off the frame).
fn wait_for_open(app: &mut App, start: &str) -> String {
    for _ in 0..200 {
        app.update();
        if let Some(line) = texts(app).into_iter().find(|t| t.starts_with(start)) {
            return line;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("no line starting {start:?}: {:?}", texts(app));
}

/// Activates the button whose label is `text`, as a click or Enter on it does.
fn activate_button(app: &mut App, text: &str) {
    let label = app
        .world_mut()
        .query::<(Entity, &Text)>()
        .iter(app.world())
        .find(|(_, t)| t.0 == text)
        .map(|(e, _)| e)
        .unwrap_or_else(|| panic!("a button labelled {text:?}"));
    let button = app.world().get::<ChildOf>(label).unwrap().parent();
    app.world_mut()
        .write_message(peninsula::ui::focus::Activated(button));
    app.update();
    app.update();
}

/// A teacher's machine after class: the groups' exported reports copied into `reports/`. Load
/// game leads to the class's page, which lists every group's game (a copied folder counted
/// once, a broken file named with its problem) and writes the same page, byte for byte, as
/// `peninsula class-report` of that folder; Esc goes back to Load game.
#[test]
fn the_class_page_screen_writes_what_class_report_writes() {
    use peninsula::report::{Unfinished, write};
    let (mut app, dir) = app_with(data().clone(), "class-page");
    let reports = dir.join("reports");
    // No report yet: the screen says what to do, and offers no page to write.
    go_to(&mut app, Screen::ClassPage);
    let shown = texts(&mut app).join("\n");
    assert!(shown.contains("No group's report here yet"), "{shown}");
    assert!(!shown.contains("Write the class's page"), "{shown}");
    // Two groups of one game (2017, seed 7): the real year's moves, and the hotline first.
    let sc = data()
        .level("2017_fire_and_fury")
        .and_then(|l| l.scenario())
        .unwrap();
    let historical: Vec<u16> = sc
        .script
        .iter()
        .map(|m| m.unwrap_or(sc.fallback_action))
        .collect();
    let mut hotline = historical.clone();
    hotline[0] = sc.action_index("open_hotline").unwrap();
    let setup = |group: &str| peninsula::sim::Setup {
        group: Some(group.to_string()),
        computer: Some("LAB-PC1".to_string()),
        ..Game::setup_from(sc, 7, None, None).unwrap()
    };
    for (group, moves) in [("Table 1", &historical), ("Table 2", &hotline)] {
        let game = Game::replay(sc, &setup(group), moves, &[]);
        let folder = reports.join(group.replace(' ', "-"));
        write(sc, &game, &folder, None, Unfinished::InProgress, None).unwrap();
    }
    // And Table 1's what-if from turn 3, exported as the debrief exports it.
    let original = Game::replay(sc, &setup("Table 1"), &historical, &[]);
    let mut rewound = historical[..3].to_vec();
    rewound[2] = sc.action_index("hold_course").unwrap();
    let whatif = Game::replay(sc, &setup("Table 1"), &rewound, &[]);
    write(
        sc,
        &whatif,
        &reports.join("Table-1-whatif"),
        None,
        Unfinished::InProgress,
        Some(&peninsula::report::Rewind::of(&original, 3)),
    )
    .unwrap();
    // Table 1's folder copied twice, and a file that is no game's log.
    std::fs::create_dir_all(reports.join("usb/Table-1")).unwrap();
    std::fs::copy(
        reports.join("Table-1/game.ron"),
        reports.join("usb/Table-1/game.ron"),
    )
    .unwrap();
    std::fs::create_dir_all(reports.join("broken")).unwrap();
    std::fs::write(
        reports.join("broken/game.ron"),
        "(level: Some(\"2017_fire_and_fury\"), seed: Some(7), moves: [\"no_such_move\"])",
    )
    .unwrap();
    // Load game leads there.
    go_to(&mut app, Screen::Load);
    activate_button(&mut app, "Class page: every group's report here");
    assert_eq!(screen(&app), Screen::ClassPage);
    let shown = texts(&mut app).join("\n");
    assert!(
        shown.contains("Fire and Fury (2017): 2 groups' games and 1 what-if"),
        "{shown}"
    );
    assert!(shown.contains("Table 1: "), "{shown}");
    assert!(
        shown.contains("Table 1 (what-if from turn 3): in progress"),
        "{shown}"
    );
    assert!(shown.contains("Table 2: "), "{shown}");
    assert!(
        shown.contains("1 copied or earlier report(s) of the same game counted once"),
        "{shown}"
    );
    assert!(
        shown.contains("Left out, it does not load: ")
            && shown.contains("broken")
            && shown.contains("no_such_move"),
        "the broken file is named with its problem: {shown}"
    );
    // A chart left from an earlier page of more levels goes, so the folder holds this page.
    std::fs::create_dir_all(reports.join("class-page")).unwrap();
    std::fs::write(reports.join("class-page/class-2.png"), b"an old chart").unwrap();
    // The focus is on Write; Enter writes the page and says where.
    let focus = focused(&app).expect("the focus is on a button");
    assert_eq!(text_of(&mut app, focus), "Write the class's page");
    press(&mut app, KeyCode::Enter);
    let page = reports.join("class-page/class.html");
    let shown = texts(&mut app).join("\n");
    assert!(
        shown.contains(&format!(
            "Written: {} (with class.csv, class.png beside it)",
            page.display()
        )),
        "{shown}"
    );
    assert!(!reports.join("class-page/class-2.png").exists());
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("Table 1") && html.contains("Table 2"));
    // The focus moves to Open the page, which hands the page to the browser. No game was
    // ended early, so there is no page naming the type to write.
    let focus = focused(&app).expect("the focus is on a button");
    assert_eq!(text_of(&mut app, focus), "Open the page");
    assert!(
        !texts(&mut app)
            .iter()
            .any(|t| t.starts_with("Write it naming the type")),
        "no game was ended early"
    );
    let opened = record_browser(&mut app, Ok(()));
    press(&mut app, KeyCode::Enter);
    wait_for_open(&mut app, "Opened in your browser: ");
    assert_eq!(*opened.lock().unwrap(), vec![page.clone()]);
    // The same page as the command line's, byte for byte: the same games, the same notes.
    same_as_class_report(&dir, &["class.html", "class.csv", "class.png"], &[]);
    // The reports folder opens in the file manager, for the next machine's folder to be
    // copied in, and Look again lists it.
    activate_button(&mut app, "Open the reports folder");
    let said = wait_for_open(&mut app, "Opened in your file manager: ");
    assert!(said.ends_with(&reports.display().to_string()), "{said}");
    assert_eq!(opened.lock().unwrap().last(), Some(&reports));
    let table_3 = Game::replay(sc, &setup("Table 3"), &hotline, &[]);
    let folder = reports.join("Table-3");
    write(sc, &table_3, &folder, None, Unfinished::InProgress, None).unwrap();
    assert!(!texts(&mut app).join("\n").contains("Table 3: "));
    activate_button(&mut app, "Look again");
    let shown = texts(&mut app).join("\n");
    assert!(
        shown.contains("Fire and Fury (2017): 3 groups' games and 1 what-if")
            && shown.contains("Table 3: "),
        "{shown}"
    );
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Load);
    // A machine that exported nothing yet has no reports folder: opening it makes it.
    let (mut app, dir) = app_with(data().clone(), "class-page-no-reports");
    go_to(&mut app, Screen::Load);
    activate_button(&mut app, "Class page: every group's report here");
    let opened = record_browser(&mut app, Ok(()));
    activate_button(&mut app, "Open the reports folder");
    wait_for_open(&mut app, "Opened in your file manager: ");
    assert!(dir.join("reports").is_dir());
    assert_eq!(*opened.lock().unwrap(), vec![dir.join("reports")]);
}

/// After class, a game a group ended early (End now) keeps Pyongyang's type off the class's
/// page unless the teacher asks: the class page offers a second button that names it, and
/// writes what `peninsula class-report --reveal` writes, byte for byte.
#[test]
fn the_class_page_names_the_type_of_a_game_ended_early_only_when_asked() {
    use peninsula::report::{Unfinished, write};
    let (mut app, dir) = app_with(data().clone(), "class-page-reveal");
    let reports = dir.join("reports");
    let sc = data()
        .level("2017_fire_and_fury")
        .and_then(|l| l.scenario())
        .unwrap();
    let setup = |group: &str| peninsula::sim::Setup {
        group: Some(group.to_string()),
        ..Game::setup_from(sc, 7, None, None).unwrap()
    };
    // Table 1 played to the end; Table 2 ended after three turns from the facilitator's menu.
    let whole = vec![sc.fallback_action; sc.def.turns as usize];
    let finished = Game::replay(sc, &setup("Table 1"), &whole, &[]);
    let ended = Game::replay(sc, &setup("Table 2"), &whole[..3], &[]);
    assert!(finished.state.outcome.is_some() && ended.state.outcome.is_none());
    for (game, folder, unfinished) in [
        (&finished, "Table-1", Unfinished::InProgress),
        (&ended, "Table-2", Unfinished::EndedEarly { reveal: false }),
    ] {
        write(sc, game, &reports.join(folder), None, unfinished, None).unwrap();
    }
    let name = &sc.rules.pyongyang.dispositions[finished.state.disposition as usize].name;
    let named = format!(
        "Pyongyang's hidden disposition in this game, the same for every group: \
         <strong>{name}</strong>"
    );
    go_to(&mut app, Screen::ClassPage);
    let page = reports.join("class-page/class.html");
    // The plain page keeps it hidden, and says how to name it.
    activate_button(&mut app, "Write the class's page");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(!html.contains(&named), "{html}");
    assert!(
        html.contains("stays hidden: 1 game ended early (End now)")
            && html.contains("the desktop's class page"),
        "{html}"
    );
    // The second button names it, as the command line's --reveal does.
    activate_button(&mut app, "Write it naming the type (after class)");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains(&named), "{html}");
    // The screen says so, so that the teacher does not project it by mistake.
    let shown = texts(&mut app).join("\n");
    assert!(
        shown.contains("naming Pyongyang's type where no game is in progress"),
        "{shown}"
    );
    same_as_class_report(&dir, &["class.html", "class.csv"], &["--reveal"]);
    // A group at this very machine now plays the class code's game, with no report of it yet:
    // asked or not, the page keeps the type hidden while it plays (its students could open
    // the page and play on knowing it), and the screen says why.
    let playing = Game::replay(sc, &setup("Table 6"), &whole[..1], &[]);
    let mut save = peninsula::game::saves::SaveFile::of(sc, &playing, false);
    save.class_code = Some("2017-SAME-DICE".into());
    let slot = autosave_slot(sc.id());
    peninsula::game::saves::write_save(&dir, &slot, &save).unwrap();
    activate_button(&mut app, "Write it naming the type (after class)");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(!html.contains(&named), "{html}");
    assert!(
        html.contains("stays hidden: 1 game of this class is still in progress"),
        "{html}"
    );
    let shown = texts(&mut app).join("\n");
    assert!(
        shown.contains("not for the class code whose game this computer is playing now"),
        "{shown}"
    );
    // Once that game is ended (End now) the page may name the type again, when asked.
    save.ended = true;
    peninsula::game::saves::write_save(&dir, &slot, &save).unwrap();
    activate_button(&mut app, "Write it naming the type (after class)");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains(&named), "{html}");
}

/// A log a teacher wrote by hand may name only its class code and moves: the class page reads
/// the level and seed from the code, as `peninsula class-report` does, not "names no level".
#[test]
fn the_class_page_reads_a_log_that_names_only_its_class_code() {
    let (mut app, dir) = app_with(data().clone(), "class-page-code-only");
    let (code, out, err) = run(&["class-code", "--level", "2017_fire_and_fury", "--seed", "7"]);
    assert_eq!(code, 0, "{err}");
    let class_code = out.lines().next().unwrap().trim().to_string();
    let folder = dir.join("reports/Table-9");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("game.ron"),
        format!("(class_code: Some(\"{class_code}\"), moves: [\"hold_course\", \"open_hotline\"])"),
    )
    .unwrap();
    go_to(&mut app, Screen::ClassPage);
    let shown = texts(&mut app).join("\n");
    assert!(
        shown.contains("Fire and Fury (2017): 1 group's game") && !shown.contains("Left out"),
        "{shown}"
    );
    activate_button(&mut app, "Write the class's page");
    let html = std::fs::read_to_string(dir.join("reports/class-page/class.html")).unwrap();
    assert!(
        html.contains(&class_code),
        "the page names the class by its code"
    );
}

/// Runs `peninsula class-report` of the save folder `dir`'s `reports/` with `extra` options, and
/// checks that each of `files` is what the class page wrote, byte for byte.
fn same_as_class_report(dir: &std::path::Path, files: &[&str], extra: &[&str]) {
    let reports = dir.join("reports");
    let cli = dir.join("cli-page");
    let mut args = vec![
        "class-report",
        reports.to_str().unwrap(),
        "--out",
        cli.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let (code, _, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    for file in files {
        assert!(
            std::fs::read(reports.join("class-page").join(file)).unwrap()
                == std::fs::read(cli.join(file)).unwrap(),
            "{file} differs from class-report {extra:?}'s"
        );
    }
}
