//! The briefing: the situation in short paragraphs, the objectives, each actor's posture and
//! Beijing's stance, before the first turn.

use super::group_name_field::{GroupName, GroupNameField};
use super::{ChosenLevel, Screen, screen_root};
use crate::game::saves::{
    SaveFile, autosave_slot, read_save, replaced_autosave_slot, restore, write_save,
};
use crate::game::{GameData, start_game_taking_back};
use crate::rules::ObjectiveKind;
use crate::sim::teams::Settle;
use crate::ui::Settings;
use crate::ui::focus::{Activated, Stepped, Stepper, presses_and_steps, step_round};
use crate::ui::scroll::ScrollOnWheel;
use crate::ui::theme::{Palette, button, label, panel, size};
use bevy::input_focus::AutoFocus;
use bevy::input_focus::InputFocus;
use bevy::prelude::*;

#[derive(Component)]
enum BriefingButton {
    /// Begins a new game; when the level's autosave holds a game, the first press only asks
    /// (the label says what a second press replaces).
    Start,
    /// Goes on with the game of this briefing in the machine's autosave.
    Resume,
    Back,
    /// Moves to the next difficulty (not offered when a class code fixes it).
    Difficulty,
}

/// The difficulty new games start at: the player's last choice on the briefing, the one asked
/// for on the command line (`--difficulty`, read once the data is in), or a class code's.
#[derive(Resource, Default, Clone)]
pub struct ChosenDifficulty {
    pub index: u8,
    pub asked: Option<String>,
    /// The Difficulty button was just pressed: the briefing drawn again keeps the focus on it,
    /// so a second Enter changes the difficulty again instead of starting the game.
    refocus: bool,
}

impl ChosenDifficulty {
    /// The difficulty asked for on the command line, by id (looked up once the data is in).
    pub fn asked(id: &str) -> Self {
        ChosenDifficulty {
            asked: Some(id.to_string()),
            ..default()
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<HotSeatRule>()
        .init_resource::<ChosenDifficulty>()
        .add_systems(OnEnter(Screen::Briefing), (pick_difficulty, spawn).chain())
        // After the name box has taken an IME's last syllable (committed by the same Enter).
        .add_systems(
            Update,
            (
                act.after(super::group_name_field::take_ime_text),
                hint_hidden_text,
            )
                .run_if(in_state(Screen::Briefing)),
        );
}

/// The team rule asked for on the command line (`--teams`); a class code's own rule wins.
#[derive(Resource, Default, Clone, Copy)]
pub struct HotSeatRule(pub Option<Settle>);

/// The team rule of the game this briefing opens, if it is a team game.
fn team_rule(chosen: &ChosenLevel, asked: &HotSeatRule) -> Option<Settle> {
    let rule = match &chosen.class_code {
        Some(class) => class.options.teams,
        None => asked.0,
    };
    rule.filter(|_| chosen.scenario.rules.teams.len() == 2)
}

fn pick_difficulty(chosen: Res<ChosenLevel>, mut difficulty: ResMut<ChosenDifficulty>) {
    let rules = &chosen.scenario.rules;
    if let Some(id) = difficulty.asked.take() {
        difficulty.index = rules.difficulty_index(&id).unwrap_or(0);
    }
    if difficulty.index as usize >= rules.difficulties.len() {
        difficulty.index = 0;
    }
}

/// The difficulty this briefing's game starts at: a class code's own, else the player's choice
/// (a code's does not become the player's choice for later games).
fn difficulty_of(chosen: &ChosenLevel, difficulty: &ChosenDifficulty) -> u8 {
    match &chosen.class_code {
        Some(class) => class.options.difficulty,
        None => difficulty.index,
    }
}

/// The game of this level in the machine's autosave, a turn or more played, which a new game
/// would replace.
struct Autosaved {
    save: SaveFile,
    turns: usize,
    /// It is this briefing's game: the same class code (or a game of no code opened without
    /// one), played as the same kind of game (the campaign's or free play, the same team rule).
    same: bool,
    /// It is over, or the facilitator ended it with End now: its debrief is what is left.
    finished: bool,
}

impl Autosaved {
    /// The game in progress that Resume goes on with.
    fn resumable(&self) -> bool {
        self.same && !self.finished
    }
}

/// The level's autosave, when it holds a game: a group that enters its class code again after a
/// crash finds its game here, and a finished game's report can still be exported before Begin
/// replaces it.
fn autosaved_game(
    settings: &Settings,
    data: &GameData,
    chosen: &ChosenLevel,
    asked: &HotSeatRule,
) -> Option<Autosaved> {
    let save = level_autosave(settings, chosen)?;
    let (_, game, _) = restore(&data.0, &save).ok()?;
    if save.moves.is_empty() {
        return None;
    }
    Some(Autosaved {
        turns: save.moves.len(),
        finished: game.state.outcome.is_some() || save.ended,
        same: same_game(&save, chosen, asked),
        save,
    })
}

/// The briefing's level's autosave, when it reads.
fn level_autosave(settings: &Settings, chosen: &ChosenLevel) -> Option<SaveFile> {
    read_save(&settings.dir, &autosave_slot(chosen.scenario.id()))
        .ok()
        .flatten()
}

/// Whether `save` is this briefing's game: the same class code (or a game of no code opened
/// without one), played as the same kind of game (the campaign's or free play, the same team
/// rule). Else Resume would carry a free game into the campaign.
fn same_game(save: &SaveFile, chosen: &ChosenLevel, asked: &HotSeatRule) -> bool {
    let rule = team_rule(chosen, asked).map(|r| r.id());
    save.class_code == chosen.class_code.as_ref().map(|c| c.text.clone())
        && save.campaign == chosen.campaign
        && save.teams.as_ref().map(|t| t.rule.as_str()) == rule
}

/// The name a class's group gave its game of this code before closing the window with no turn
/// played (the autosave keeps it from the moment the game began): nothing to resume, but the
/// group should not have to type its name again, nor lose it from the report.
fn unplayed_group(
    settings: &Settings,
    chosen: &ChosenLevel,
    asked: &HotSeatRule,
) -> Option<String> {
    let save = level_autosave(settings, chosen)?;
    (chosen.class_code.is_some()
        && save.moves.is_empty()
        && !save.ended
        && same_game(&save, chosen, asked))
    .then_some(save.group)
    .flatten()
}

/// A second press of Begin is asked for: the level's autosave holds a game it would replace.
#[derive(Resource, Default)]
struct BeginArmed(bool);

/// A class's group pressed Begin with no name in the box once already: the first press only
/// asks for it (the report goes to the teacher unnamed otherwise), the second begins.
#[derive(Resource, Default)]
struct NamelessAsked(bool);

/// Under the name box when it holds the name the group gave this game before.
pub const NAME_KEPT: &str =
    "The group's name is kept from when this game began (in the box, Esc empties it).";

/// What Begin says once a class's group has pressed it with no name in the box. Short: the
/// button shares its row with the name box and Back, and a longer line pushed both off screen.
pub const NAMELESS_BEGIN: &str = "Name your group, or press again";

#[allow(clippy::too_many_arguments)]
fn spawn(
    mut commands: Commands,
    p: Res<Palette>,
    chosen: Res<ChosenLevel>,
    asked: Res<HotSeatRule>,
    mut difficulty: ResMut<ChosenDifficulty>,
    settings: Res<Settings>,
    data: Res<GameData>,
    mut group: ResMut<GroupName>,
) {
    let saved = autosaved_game(&settings, &data, &chosen, &asked);
    commands.insert_resource(BeginArmed(false));
    commands.insert_resource(NamelessAsked(false));
    // The group's game in progress (or begun, with no turn played yet) brings back the name it
    // gave; any other game starts with an empty box (the last group's name is not the next
    // one's).
    group.0 = saved
        .as_ref()
        .filter(|a| a.resumable())
        .and_then(|a| a.save.group.clone())
        .or_else(|| unplayed_group(&settings, &chosen, &asked))
        .unwrap_or_default();
    let refocus = std::mem::take(&mut difficulty.refocus);
    let difficulty = &*difficulty;
    let sc = &chosen.scenario;
    let def = &sc.def;
    let rules = &sc.rules;
    let stance = sc.def.beijing_stance;
    commands
        .spawn((screen_root(Screen::Briefing), BackgroundColor(p.background)))
        .with_children(|root| {
            if let Some(class) = &chosen.class_code {
                // Playing blind is the class's rule, not this machine's setting: said here.
                let blind = if class.options.no_forecast {
                    ", with the forecast hidden"
                } else {
                    ""
                };
                // The rules' fingerprint beside it: a machine with another version or edited
                // files deals another game from the same code, and shows other rules here.
                let line = format!(
                    "Class code {} - everyone with this code plays the same game{blind} \
                     (rules {})",
                    class.text,
                    sc.fingerprint()
                );
                root.spawn(label(line, size::BODY, p.accent));
            }
            // A mod that changes the rules makes another game of the same dice: said first,
            // where a class compares its code.
            if !rules.patched_by.is_empty() {
                let line = format!(
                    "Rules changed by mods on this machine: {}",
                    rules.patched_by.join(", ")
                );
                root.spawn(label(line, size::BODY, p.accent));
            }
            if let Some(rule) = team_rule(&chosen, &asked) {
                let names: Vec<&str> = rules.teams.iter().map(|t| t.name.as_str()).collect();
                let line = format!(
                    "Advisor teams in hot seat: {}; {}.",
                    names.join(" and "),
                    rule.describe(sc)
                );
                root.spawn(label(line, size::BODY, p.accent));
                for t in &rules.teams {
                    let line = format!("{}: {}", t.name, t.priorities);
                    root.spawn(label(line, size::SMALL, p.text));
                }
            }
            root.spawn(label(
                format!("{} · {}", def.title, def.years),
                size::TITLE * 0.7,
                p.accent,
            ));
            root.spawn(Node {
                flex_direction: FlexDirection::Row,
                column_gap: Val::Px(16.0),
                width: Val::Percent(100.0),
                max_width: Val::Px(1400.0),
                flex_grow: 1.0,
                min_height: Val::Px(0.0),
                ..default()
            })
            .with_children(|cols| {
                // Both panels scroll (wheel, PageDown) when a team banner or a large text
                // scale leaves them too little room, with the accent edge where text is hidden.
                cols.spawn((
                    ScrollOnWheel,
                    BriefingPanel("the situation"),
                    panel(
                        &p,
                        Node {
                            flex_basis: Val::Percent(58.0),
                            row_gap: Val::Px(10.0),
                            overflow: Overflow::scroll_y(),
                            ..default()
                        },
                    ),
                ))
                .with_children(|c| {
                    c.spawn(label("The situation", size::HEADING, p.text));
                    for para in &def.briefing {
                        c.spawn(label(para.clone(), size::BODY, p.text));
                    }
                });
                cols.spawn((
                    ScrollOnWheel,
                    BriefingPanel("the objectives"),
                    panel(
                        &p,
                        Node {
                            flex_basis: Val::Percent(42.0),
                            row_gap: Val::Px(6.0),
                            overflow: Overflow::scroll_y(),
                            ..default()
                        },
                    ),
                ))
                .with_children(|c| {
                    c.spawn(label("Objectives", size::HEADING, p.text));
                    for o in &sc.objectives {
                        let (mark, color) = match o.kind {
                            ObjectiveKind::Win => ("WIN ", p.good),
                            ObjectiveKind::Loss => ("LOSE", p.bad),
                        };
                        let when = o.timing();
                        c.spawn(label(
                            format!("{mark}  {}{when}", o.name),
                            size::BODY,
                            color,
                        ));
                        // What it asks, so a player can see why a calm ending did not count.
                        c.spawn((
                            label(o.needs(rules, stance), size::SMALL, p.muted),
                            Node {
                                margin: UiRect::left(Val::Px(46.0)),
                                ..default()
                            },
                        ));
                    }
                    c.spawn(label("LOSE  War breaks out", size::BODY, p.bad));
                    // An ending with no win is a loss; a player who met every condition but one
                    // read the forecast's "loss 98%" as a fault.
                    c.spawn(label("LOSE  No win by the last turn", size::BODY, p.bad));
                    c.spawn(label(
                        format!(
                            "{} turns of {} days, from {}",
                            def.turns,
                            def.calendar.days_per_turn,
                            crate::sim::calendar::turn_date(
                                def.calendar.start,
                                def.calendar.days_per_turn,
                                1
                            )
                            .long()
                        ),
                        size::SMALL,
                        p.muted,
                    ));
                    c.spawn(Node {
                        height: Val::Px(8.0),
                        ..default()
                    });
                    c.spawn(label("Postures", size::HEADING, p.text));
                    // As the game will open: the level's values with the chosen difficulty's
                    // changes added.
                    let opening = crate::sim::new_game_at(
                        sc,
                        chosen.seed,
                        difficulty_of(&chosen, difficulty),
                    )
                    .vars;
                    for actor in &rules.actors {
                        let keys: Vec<String> = actor
                            .vars
                            .iter()
                            .filter(|v| rules.vars[**v as usize].key)
                            .take(3)
                            .map(|v| {
                                format!(
                                    "{} {:.0}",
                                    rules.vars[*v as usize].name, opening[*v as usize]
                                )
                            })
                            .collect();
                        c.spawn(label(
                            format!("{}: {}", actor.name, keys.join(", ")),
                            size::SMALL,
                            p.text,
                        ));
                    }
                    c.spawn(label(
                        format!("Beijing's stance: {}", def.beijing_stance.label()),
                        size::BODY,
                        p.accent,
                    ));
                });
            });
            let choose = chosen.class_code.is_none() && rules.difficulties.len() > 1;
            root.spawn(Node {
                flex_direction: FlexDirection::Row,
                column_gap: Val::Px(16.0),
                ..default()
            })
            .with_children(|row| {
                // A class's group names itself for the report; Enter in the box does what the
                // focused button below would.
                if chosen.class_code.is_some() {
                    super::group_name_field::spawn(row, &p, &group.0);
                }
                // The game in progress comes first, with the focus: Enter never replaces it. A
                // finished game is not offered here: its debrief names Pyongyang's type, the
                // type of the very seed the next group of the class is about to play (Load game
                // opens it for the teacher; Begin asks twice before replacing it).
                let before = match &saved {
                    Some(a) if a.resumable() => {
                        let text = format!("Resume (after turn {})", a.turns);
                        let mut b = row.spawn((button(&p, text), BriefingButton::Resume));
                        if !refocus {
                            b.insert(AutoFocus);
                        }
                        true
                    }
                    _ => false,
                };
                let resumable = saved.as_ref().is_some_and(Autosaved::resumable);
                let begin_text = if resumable { "Start again" } else { "Begin" };
                let mut begin = row.spawn((button(&p, begin_text), BriefingButton::Start));
                if !(before || refocus && choose) {
                    begin.insert(AutoFocus);
                }
                if choose {
                    let name = rules
                        .difficulties
                        .get(difficulty_of(&chosen, difficulty) as usize)
                        .map(|d| d.name.as_str())
                        .unwrap_or("?");
                    // As wide for every difficulty (the font is monospaced), so the row of
                    // buttons does not shift when it changes.
                    let widest = rules.difficulties.iter().map(|d| d.name.chars().count());
                    let w = widest.max().unwrap_or(0);
                    let text = format!("Difficulty: < {name:^w$} >");
                    let mut b = row.spawn((button(&p, text), BriefingButton::Difficulty, Stepper));
                    if refocus {
                        b.insert(AutoFocus);
                    }
                }
                row.spawn((button(&p, "Back"), BriefingButton::Back));
            });
            // A name brought back from the group's game (begun, or in progress) is said to be
            // one: a group that took the box for a new game's would type its name after it.
            if chosen.class_code.is_some() && !group.0.is_empty() {
                root.spawn(label(
                    NAME_KEPT,
                    size::SMALL,
                    p.muted,
                ));
            }
            if let Some(d) = rules
                .difficulties
                .get(difficulty_of(&chosen, difficulty) as usize)
                && rules.difficulties.len() > 1
            {
                // A class code fixes the difficulty (no button to change it): say so.
                let line = match chosen.class_code {
                    Some(_) => format!("Difficulty set by the class code: {}", d.described(false)),
                    None => d.described(false),
                };
                root.spawn(label(line, size::SMALL, p.muted));
                // A difficulty that spreads the opening says, under it, where this game opens
                // against the level's figures.
                if !d.spread.is_empty() {
                    let at = difficulty_of(&chosen, difficulty);
                    root.spawn(label(
                        format!(
                            "This game opens at {} ({}) — {}",
                            d.name,
                            crate::sim::transcript::OPENING_KEY,
                            crate::sim::transcript::opening_line(sc, chosen.seed, at)
                        ),
                        size::SMALL,
                        p.muted,
                    ));
                }
            }
            if let Some(Autosaved {
                save,
                turns,
                same,
                finished,
            }) = &saved
            {
                let saved = if save.saved_at > 0 {
                    format!(
                        ", saved {}",
                        crate::game::saves::saved_moment(save.saved_at)
                    )
                } else {
                    String::new()
                };
                let what = if chosen.class_code.is_some() {
                    "A game of this class code"
                } else {
                    "A game of this level"
                };
                let line = if *finished {
                    let by = save
                        .group
                        .as_ref()
                        .map(|g| format!(" ({g})"))
                        .unwrap_or_default();
                    // A game the facilitator ended early was not played out: it says so.
                    let done = if save.ended { "ended early" } else { "finished" };
                    let what = if *same {
                        format!("{what}{by} {done} on this machine")
                    } else {
                        let game = if save.ended {
                            "a game ended early"
                        } else {
                            "a finished game"
                        };
                        format!("This machine's autosave of this level holds {game}{by}")
                    };
                    format!(
                        "{what}, after turn {turns}{saved}: export its report first if it has not been (Load game, on the title screen, opens its debrief). Begin replaces it (press it twice); Load game keeps it as the replaced game."
                    )
                } else if *same {
                    format!(
                        "{what} is in progress on this machine, after turn {turns}{saved}: Resume goes on with it; Start again replaces it with a new game (press it twice)."
                    )
                } else {
                    format!(
                        "This machine's autosave of this level holds another game, after turn {turns}{saved}: Begin replaces it (press it twice; Load game, on the title screen, goes on with it instead)."
                    )
                };
                root.spawn(label(line, size::BODY, p.accent));
            }
            // Enter acts on the focused button: on Difficulty it changes the difficulty.
            let keys = if saved.as_ref().is_some_and(Autosaved::resumable) {
                "Enter on Resume goes on with the game in progress · Esc to go back"
            } else if choose {
                "Enter on Begin starts the game · on Difficulty, Enter or Left and Right change it · Esc to go back"
            } else {
                "Enter to begin · Esc to go back"
            };
            // A class's group is told where its name goes (the box is before the focus), and
            // that Begin asks for it first: with the box empty, the first Enter moves there.
            let keys = if chosen.class_code.is_some() {
                format!(
                    "Shift+Tab: your group's name, for the report (with none, Enter asks for it first; a second Enter begins without) · {keys}"
                )
            } else {
                keys.to_string()
            };
            root.spawn((KeysHint(keys.clone()), label(keys, size::SMALL, p.muted)));
        });
}

/// One of the briefing's two scrolling panels, by what the keys line calls it.
#[derive(Component)]
struct BriefingPanel(&'static str);

/// The keys line under the buttons, with its text before any "more below" is added.
#[derive(Component)]
struct KeysHint(String);

/// While a panel hides text below its edge (a level with many objectives, a large text scale),
/// the keys line says how to read on ("PgDn or the wheel: more of the objectives"): the accent
/// edge alone left players thinking the last objective they saw was the last.
fn hint_hidden_text(
    panels: Query<(&BriefingPanel, &ComputedNode)>,
    mut hint: Query<(&KeysHint, &mut Text)>,
) {
    let hidden: Vec<&str> = panels
        .iter()
        .filter(|(_, node)| crate::ui::scroll::hides_content(node).1)
        .map(|(panel, _)| panel.0)
        .collect();
    for (keys, mut text) in &mut hint {
        let want = crate::ui::theme::plain(&match hidden.as_slice() {
            [] => keys.0.clone(),
            names => format!(
                "PgDn or the wheel: more of {} · {}",
                names.join(" and "),
                keys.0
            ),
        });
        if text.0 != want {
            text.0 = want;
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn act(
    mut activated: MessageReader<Activated>,
    mut stepped: MessageReader<Stepped>,
    buttons: Query<&BriefingButton>,
    keys: Res<ButtonInput<KeyCode>>,
    chosen: Res<ChosenLevel>,
    asked: Res<HotSeatRule>,
    mut difficulty: ResMut<ChosenDifficulty>,
    mut next: ResMut<NextState<Screen>>,
    mut commands: Commands,
    settings: Res<Settings>,
    data: Res<GameData>,
    (mut focus, fields, mut group, (mut armed, mut nameless), mut texts, children, starts): (
        ResMut<InputFocus>,
        Query<Entity, With<GroupNameField>>,
        ResMut<GroupName>,
        (Option<ResMut<BeginArmed>>, Option<ResMut<NamelessAsked>>),
        Query<&mut Text>,
        Query<&Children>,
        Query<(Entity, &BriefingButton)>,
    ),
) {
    // Begin has focus when the screen opens, so Enter begins; Enter on Back goes back.
    // Begin pressed: its button (None: Enter in the group name box).
    let mut start: Option<Option<Entity>> = None;
    let mut resume = false;
    let in_field = focus.get().is_some_and(|e| fields.contains(e));
    if keys.just_pressed(KeyCode::Escape) {
        // Esc in a filled group name box empties it. In the empty box Begin sent the focus to
        // (asking for a name), it declines to give one: back to Begin, which now goes on
        // without (a teacher's review found it left the briefing). Else it goes back.
        let asked_here = nameless.as_deref().is_some_and(|n| n.0);
        let begin = starts
            .iter()
            .find(|(_, b)| matches!(b, BriefingButton::Start))
            .map(|(e, _)| e);
        if in_field && !group.0.is_empty() {
            group.0.clear();
        } else if in_field
            && asked_here
            && let Some(begin) = begin
        {
            focus.set(begin, bevy::input_focus::FocusCause::Navigated);
        } else {
            next.set(Screen::Title);
        }
        return;
    }
    // Enter in the group name box does what the focused button would: Resume the group's game
    // in progress, open a finished one's debrief, or Begin.
    // Once Begin has asked a group for its name, Enter in the box is Begin: the game in
    // progress it would resume is the last group's, whose name the new one is typing.
    let asked_for_a_name = nameless.as_deref().is_some_and(|n| n.0);
    if in_field && keys.just_pressed(KeyCode::Enter) {
        match autosaved_game(&settings, &data, &chosen, &asked) {
            Some(a) if a.resumable() && !asked_for_a_name => resume = true,
            _ => start = Some(None),
        }
    }
    // Enter on Difficulty, or Right, moves to the next difficulty; Left to the one before.
    for (e, by) in presses_and_steps(&mut activated, &mut stepped) {
        match buttons.get(e) {
            Ok(BriefingButton::Start) => start = Some(Some(e)),
            Ok(BriefingButton::Resume) => resume = true,
            Ok(BriefingButton::Back) => {
                next.set(Screen::Title);
                return;
            }
            Ok(BriefingButton::Difficulty) => {
                let n = chosen.scenario.rules.difficulties.len();
                difficulty.index = step_round(difficulty.index as usize, n, by) as u8;
                difficulty.refocus = true;
                // Drawn again with the new choice.
                next.set(Screen::Briefing);
                return;
            }
            Err(_) => {}
        }
    }
    // In a class-code game the name in the box goes with the game (corrected, if the group
    // changed it, on Resume too).
    let named = chosen
        .class_code
        .as_ref()
        .and_then(|_| crate::sim::group_name(&group.0));
    if resume
        && let Some(Autosaved { mut save, .. }) =
            autosaved_game(&settings, &data, &chosen, &asked).filter(Autosaved::resumable)
    {
        // A name corrected before Resume is kept at once, not only after the next turn.
        if chosen.class_code.is_some() && save.group != named {
            save.group = named;
            let _ = crate::game::saves::write_save(
                &settings.dir,
                &autosave_slot(chosen.scenario.id()),
                &save,
            );
        }
        if let Ok(screen) = super::load::resume(&mut commands, &data, &settings.dir, &save) {
            next.set(screen);
        }
        return;
    }
    // The Begin button, pressed or pressed for from the name box.
    let begin_label = |pressed: Option<Entity>| {
        pressed
            .or_else(|| {
                starts
                    .iter()
                    .find(|(_, b)| matches!(b, BriefingButton::Start))
                    .map(|(e, _)| e)
            })
            .and_then(|b| children.get(b).ok())
            .and_then(|c| c.iter().find(|c| texts.contains(*c)))
    };
    // A class's group that has not named itself is asked to, once: the focus goes to the box,
    // and a second press begins without a name.
    if let Some(pressed) = start
        && chosen.class_code.is_some()
        && named.is_none()
        && let Some(nameless) = nameless.as_deref_mut()
        && !nameless.0
        && let Some(field) = fields.iter().next()
    {
        nameless.0 = true;
        focus.set(field, bevy::input_focus::FocusCause::Navigated);
        if let Some(label) = begin_label(pressed)
            && let Ok(mut t) = texts.get_mut(label)
        {
            t.0 = NAMELESS_BEGIN.into();
        }
        return;
    }
    // The saved game a press of Begin would replace, read once for both uses below.
    let replaced = start.and_then(|_| autosaved_game(&settings, &data, &chosen, &asked));
    // A game in the autosave is replaced only on a second press of Begin.
    if let Some(pressed) = start
        && replaced.is_some()
        && let Some(armed) = armed.as_deref_mut()
        && !armed.0
    {
        armed.0 = true;
        // Armed from the name box: the Begin button says so all the same.
        if let Some(label) = begin_label(pressed)
            && let Ok(mut t) = texts.get_mut(label)
        {
            t.0 = "Press again: replaces the saved game".into();
        }
        return;
    }
    if start.is_some() {
        let setup = crate::sim::Setup {
            group: named.clone(),
            computer: crate::game::saves::this_computer(),
            seed: chosen.seed,
            difficulty: difficulty_of(&chosen, &difficulty),
            teams: team_rule(&chosen, &asked).map(|rule| crate::sim::teams::TeamPlay {
                rule,
                proposals: Vec::new(),
            }),
        };
        // A class's game started again over its own saved game plays the same dice again: the
        // turns and injects it takes back count as undone, as the facilitator's Undo counts
        // them, so the report shows that the group tried its turns again. Its own: the next
        // group at the same machine, under another name, takes nothing back.
        let taken_back = (replaced.as_ref())
            .filter(|a| {
                chosen.class_code.is_some()
                    && a.save.class_code == chosen.class_code.as_ref().map(|c| c.text.clone())
                    && crate::game::saves::same_group(&a.save.group, &named)
            })
            .map_or(0, |a| {
                a.save.undone + a.save.moves.len() as u32 + a.save.injects.len() as u32
            });
        // The game replaced stays under Load game, as the replaced game, until the next new
        // game of the level replaces it in turn: a finished game whose report was not exported
        // yet, begun over by the next group, can still be opened.
        if let Some(old) = &replaced
            && let Err(e) = write_save(
                &settings.dir,
                &replaced_autosave_slot(chosen.scenario.id()),
                &old.save,
            )
        {
            warn!("could not keep the replaced game: {e}");
        }
        start_game_taking_back(&mut commands, chosen.scenario.clone(), &setup, taken_back);
        next.set(Screen::Dashboard);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys line tells of the objectives hidden below their panel's edge, and says nothing
    /// more once they are all in view.
    #[test]
    fn the_keys_line_tells_of_hidden_objectives() {
        let mut app = App::new();
        app.add_systems(Update, hint_hidden_text);
        let panel = |content: f32| ComputedNode {
            size: Vec2::new(400.0, 300.0),
            content_size: Vec2::new(400.0, content),
            ..default()
        };
        let objectives = app
            .world_mut()
            .spawn((BriefingPanel("the objectives"), panel(520.0)))
            .id();
        app.world_mut()
            .spawn((BriefingPanel("the situation"), panel(280.0)));
        let hint = app
            .world_mut()
            .spawn((
                KeysHint("Enter to begin".into()),
                Text::new("Enter to begin"),
            ))
            .id();
        app.update();
        let text = |app: &App| app.world().get::<Text>(hint).unwrap().0.clone();
        assert_eq!(
            text(&app),
            crate::ui::theme::plain("PgDn or the wheel: more of the objectives · Enter to begin")
        );
        app.world_mut()
            .get_mut::<ComputedNode>(objectives)
            .unwrap()
            .scroll_position
            .y = 220.0;
        app.update();
        assert_eq!(text(&app), "Enter to begin", "scrolled to the end");
    }
}
