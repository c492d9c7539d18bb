//! The action cards, in four columns by family, each with its key, its cost or why it is
//! locked. Picking: a card's key (1-0, then Q-P) picks it and focuses it; a click, Enter or
//! Space on a card picks it, and on the picked card plays it. Hovering or focusing a card shows
//! it in the detail panel. Available cards are in the Tab order; locked ones can be hovered.
//! When the cards outgrow their area (a large text scale, a presentation screen), a tag on its
//! lower edge counts the cards below the fold and says how to reach them, and one on its upper
//! edge counts those scrolled past. Before that, the cards make themselves smaller: when the
//! full cards do not fit, a cost leaves out what there is to spend, and then a locked card's
//! line says only that it is locked; the detail panel still says it all.

use super::{EndTurn, Selected};
use crate::game::{ActiveGame, ActiveScenario};
use crate::rules::{Family, Scenario};
use crate::sim::{GameState, Unavailable, availability, cost_phrase, explain_unavailable};
use crate::ui::focus::Activated;
use crate::ui::screens::TurnPhase;
use crate::ui::scroll::{ScrollOnWheel, edge_tag, say_on_tag, span};
use crate::ui::theme::{Palette, control, label, size};
use bevy::input_focus::{AutoFocus, FocusCause, InputFocus};
use bevy::prelude::*;

use super::menu::Overlay;

/// Keys that pick the cards, in display order: 1-0, then Q-P, then A-L (a level may offer
/// more than twenty cards: 2017 has twenty-one).
pub const CARD_KEYS: [(KeyCode, &str); 29] = [
    (KeyCode::Digit1, "1"),
    (KeyCode::Digit2, "2"),
    (KeyCode::Digit3, "3"),
    (KeyCode::Digit4, "4"),
    (KeyCode::Digit5, "5"),
    (KeyCode::Digit6, "6"),
    (KeyCode::Digit7, "7"),
    (KeyCode::Digit8, "8"),
    (KeyCode::Digit9, "9"),
    (KeyCode::Digit0, "0"),
    (KeyCode::KeyQ, "Q"),
    (KeyCode::KeyW, "W"),
    (KeyCode::KeyE, "E"),
    (KeyCode::KeyR, "R"),
    (KeyCode::KeyT, "T"),
    (KeyCode::KeyY, "Y"),
    (KeyCode::KeyU, "U"),
    (KeyCode::KeyI, "I"),
    (KeyCode::KeyO, "O"),
    (KeyCode::KeyP, "P"),
    (KeyCode::KeyA, "A"),
    (KeyCode::KeyS, "S"),
    (KeyCode::KeyD, "D"),
    (KeyCode::KeyF, "F"),
    (KeyCode::KeyG, "G"),
    (KeyCode::KeyH, "H"),
    (KeyCode::KeyJ, "J"),
    (KeyCode::KeyK, "K"),
    (KeyCode::KeyL, "L"),
];

/// An action card, and whether it can be played this turn.
#[derive(Component, Clone, Copy)]
pub struct Card {
    pub action: u16,
    pub available: bool,
}

/// The card under the pointer or with focus, which the detail panel shows ahead of the pick.
#[derive(Resource, Default, Debug, Clone, Copy, PartialEq)]
pub struct Inspected(pub Option<u16>);

/// When the turn's cards opened (game time, seconds). For [`SETTLE`] after it, Enter, Space and
/// clicks neither pick nor play: a player pressing Enter through the answers skipped whole
/// turns, the next two presses picking and playing the focused "Hold course". A card's own
/// key still picks it at once.
#[derive(Resource, Default, Debug, Clone, Copy)]
pub struct TurnOpened(pub f64);

/// How long the cards take to settle after a turn opens, in seconds: about as long as they
/// take to slide in.
pub const SETTLE: f64 = 0.5;

/// When the pick was last made by activating a card (game time, seconds). A second activation
/// of the same card within [`DOUBLE_CLICK`] of it is the rest of a double-click, not a decision
/// to play the card: a player who double-clicked a show of force launched it at once.
#[derive(Resource, Default, Debug, Clone, Copy)]
pub struct PickedAt(pub f64);

/// The longest a double-click's two clicks lie apart on common desktops, in seconds.
pub const DOUBLE_CLICK: f64 = 0.5;

impl TurnOpened {
    /// Whether the turn opened too recently for Enter, Space or a click to count.
    pub fn settling(&self, time: &Time) -> bool {
        time.elapsed_secs_f64() - self.0 < SETTLE
    }
}

/// The row of card columns, which scrolls when the cards outgrow it.
#[derive(Component)]
struct CardRow;

/// The tag on an edge of the cards' area that counts the cards past that edge.
#[derive(Component, Clone, Copy, Debug, PartialEq)]
enum MoreCards {
    Below,
    Above,
}

/// A card cut by an edge by less than this (physical pixels) counts as shown.
const CUT_ENOUGH: f32 = 2.0;

/// How much room the cards take. Each step makes them smaller, for a window where they do not
/// fit as they are (presentation mode, a large text scale, a small screen), and is taken only
/// when the one before it was not enough: first a cost leaves out what there is to spend (the
/// figures panel has it), then a locked card says only that it is locked, then the map above
/// the cards gives them some of its height. The detail panel still says it all. Each turn's
/// cards start full (`cards_start_full`), but for the map, which stays small once it had to
/// give way while the window and the text scale stay the same.
#[derive(Resource, Default, Debug, Clone, Copy, PartialEq)]
pub struct CardDensity {
    /// 0: full cards; 1: short costs; 2: short locks too; 3: a smaller map too.
    pub step: u8,
    /// The window's size in physical pixels and the UI scale the density was found for.
    found_for: Option<(UVec2, u32)>,
}

impl CardDensity {
    /// The last step there is.
    const SMALLEST: u8 = 3;

    /// The map's share of the centre column's height at this density, in per cent.
    pub fn map_percent(&self) -> f32 {
        if self.step >= Self::SMALLEST {
            super::layout::SMALL_MAP_HEIGHT_PERCENT
        } else {
            super::layout::MAP_HEIGHT_PERCENT
        }
    }
}

/// A card's line under its name, full and short.
#[derive(Component, Debug, Clone)]
struct CardLine {
    full: String,
    short: String,
    /// Whether it is the line of a locked card (else a cost, which shortens first: what is
    /// left to spend is in the figures panel too, and why a card is locked is nowhere else).
    locked: bool,
}

impl CardLine {
    fn text(&self, density: CardDensity) -> &str {
        let short = if self.locked {
            density.step >= 2
        } else {
            density.step >= 1
        };
        if short { &self.short } else { &self.full }
    }
}

/// A card sliding into place when a turn opens; removed when it has arrived.
#[derive(Component)]
struct Appear {
    t: f32,
    delay: f32,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Inspected>()
        .init_resource::<CardDensity>()
        .add_systems(
            OnEnter(crate::ui::screens::Screen::Dashboard),
            measure_the_cards_afresh,
        )
        .init_resource::<TurnOpened>()
        .init_resource::<PickedAt>()
        .add_systems(
            OnEnter(TurnPhase::Decide),
            (
                forget_inspected,
                note_turn_opened,
                cards_start_full.before(super::Build),
            ),
        )
        // The second team's pick opens when the hot seat's cover is closed, with an Enter.
        .add_systems(OnExit(Overlay::Pass), note_turn_opened)
        .add_systems(
            Update,
            (pick_cards, inspect_cards, paint_cards)
                .chain()
                .run_if(in_state(TurnPhase::Decide).and_then(in_state(Overlay::None))),
        )
        .add_systems(
            Update,
            (cards_appear, fit_the_cards, count_cards_past_the_edges)
                .run_if(in_state(TurnPhase::Decide)),
        );
}

/// The cards in display order: by family, then as listed in the rules.
pub fn card_order(sc: &Scenario) -> Vec<u16> {
    let mut order = Vec::new();
    for f in Family::ALL {
        for (i, a) in sc.actions.iter().enumerate() {
            if a.family == f {
                order.push(i as u16);
            }
        }
    }
    order
}

/// The card that has the focus when a pick opens (a turn, or the second team's pick after the
/// pass): the pick kept from before a visit to Settings; else the move that changes nothing
/// ("Hold course"): Enter picks it and Enter again plays it, so a player who presses Enter to
/// get past the answers or the cover does not launch joint air drills by accident. A level
/// whose rules have no such move starts on its first playable card.
pub fn opening_card(sc: &Scenario, state: &GameState, picked: Option<u16>) -> Option<u16> {
    let order = card_order(sc);
    let playable = |a: &u16| availability(sc, state, *a).is_ok();
    picked
        .filter(playable)
        .or_else(|| {
            order
                .iter()
                .copied()
                .find(|a| playable(a) && sc.actions[*a as usize].neutral)
        })
        .or_else(|| order.iter().copied().find(playable))
}

/// The cards in the order the keys go to them: the rules' own cards first, in display order,
/// then the level's own (2017's THAAD), so that a card keeps its key from level to level.
pub fn key_order(sc: &Scenario) -> Vec<u16> {
    let shared = |a: &u16| {
        let id = &sc.actions[*a as usize].id;
        sc.rules.actions.iter().any(|b| &b.id == id)
    };
    let order = card_order(sc);
    let (mut keyed, own): (Vec<u16>, Vec<u16>) = order.into_iter().partition(shared);
    keyed.extend(own);
    keyed
}

pub(super) fn spawn(
    parent: &mut ChildSpawnerCommands,
    p: &Palette,
    sc: &Scenario,
    game: &ActiveGame,
    picked: Option<u16>,
    density: CardDensity,
) {
    let order = card_order(sc);
    let keys = key_order(sc);
    let first = opening_card(sc, &game.0.state, picked);
    // At a large text scale the cards outgrow the column: they scroll (the wheel, or the focus
    // moving to a card); the accent edge and the tags on it say more lies below (or above).
    let area = Node {
        flex_direction: FlexDirection::Column,
        flex_grow: 1.0,
        min_height: Val::Px(0.0),
        ..default()
    };
    let row = Node {
        overflow: Overflow::scroll_y(),
        flex_direction: FlexDirection::Row,
        column_gap: Val::Px(6.0),
        flex_grow: 1.0,
        min_height: Val::Px(0.0),
        border: UiRect::vertical(Val::Px(1.0)),
        ..default()
    };
    let edges = BorderColor::all(Color::NONE);
    parent.spawn(area).with_children(|area| {
        edge_tag(area, p, MoreCards::Above);
        area.spawn((CardRow, row, edges, ScrollOnWheel))
            .with_children(|row| {
                for f in Family::ALL {
                    let column = Node {
                        flex_direction: FlexDirection::Column,
                        row_gap: Val::Px(4.0),
                        flex_basis: Val::Px(0.0),
                        flex_grow: 1.0,
                        min_width: Val::Px(0.0),
                        ..default()
                    };
                    row.spawn(column).with_children(|col| {
                        let head = Node {
                            padding: UiRect::axes(Val::Px(6.0), Val::Px(3.0)),
                            border_radius: BorderRadius::all(Val::Px(4.0)),
                            ..default()
                        };
                        col.spawn((
                            head,
                            BackgroundColor(p.family(f).with_alpha(0.85)),
                            children![label(f.label(), size::SMALL, p.background)],
                        ));
                        for a in &order {
                            let k = keys.iter().position(|b| b == a).unwrap_or(usize::MAX);
                            if sc.actions[*a as usize].family == f {
                                let looks = (first == Some(*a), density);
                                card(col, p, sc, game, k, *a, looks);
                            }
                        }
                    });
                }
            });
        edge_tag(area, p, MoreCards::Below);
    });
}

/// What a tag says about `n` cards past its edge; `playable`: some of them can be played, so
/// Tab reaches them (locked cards are not in the Tab order).
fn more_cards_text(which: MoreCards, n: usize, playable: bool) -> String {
    let cards = if n == 1 { "card" } else { "cards" };
    match (which, playable) {
        (MoreCards::Below, true) => format!("{n} more {cards} below - scroll, or Tab to them"),
        (MoreCards::Below, false) => format!("{n} more {cards} below - scroll down"),
        (MoreCards::Above, _) => format!("{n} {cards} above - scroll up"),
    }
}

/// The cards cut off by one edge of the view: how many, and whether any can be played.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Past {
    n: usize,
    playable: bool,
}

impl Past {
    fn count(&mut self, playable: bool) {
        self.n += 1;
        self.playable |= playable;
    }
}

/// The cards, each spanning (top, bottom) on screen and playable or not, cut off above and
/// below a view spanning (top, bottom): a card cut at all counts, by more than a hair.
fn cards_past(
    view: (f32, f32),
    cards: impl IntoIterator<Item = ((f32, f32), bool)>,
) -> (Past, Past) {
    let (mut above, mut below) = (Past::default(), Past::default());
    for ((top, bottom), playable) in cards {
        if top < view.0 - CUT_ENOUGH {
            above.count(playable);
        }
        if bottom > view.1 + CUT_ENOUGH {
            below.count(playable);
        }
    }
    (above, below)
}

/// Shows each tag with its count while cards lie past its edge, and hides it when none do.
/// Only a changed tag is written, so cards at rest do not lay the screen out again.
fn count_cards_past_the_edges(
    rows: Query<(&ComputedNode, &UiGlobalTransform), With<CardRow>>,
    // A card still sliding in sits lower than it will: it would be counted below the fold.
    cards: Query<(&Card, &ComputedNode, &UiGlobalTransform), Without<Appear>>,
    mut tags: Query<(&MoreCards, &mut Node, &Children)>,
    mut texts: Query<&mut Text>,
) {
    let Ok((row, at)) = rows.single() else {
        return;
    };
    let view = span(row, at, true);
    let (above, below) = cards_past(
        view,
        cards
            .iter()
            .map(|(card, c, at)| (span(c, at, false), card.available)),
    );
    for (which, mut node, children) in &mut tags {
        let past = match which {
            MoreCards::Below => below,
            MoreCards::Above => above,
        };
        let said = (past.n > 0).then(|| more_cards_text(*which, past.n, past.playable));
        say_on_tag(&mut node, children, &mut texts, said);
    }
}

fn card(
    col: &mut ChildSpawnerCommands,
    p: &Palette,
    sc: &Scenario,
    game: &ActiveGame,
    k: usize,
    a: u16,
    (focused, density): (bool, CardDensity),
) {
    let action = &sc.actions[a as usize];
    let key = CARD_KEYS.get(k).map(|(_, l)| *l).unwrap_or("");
    let available = availability(sc, &game.0.state, a);
    let line = card_line(sc, &game.0.state, a);
    let ok = available.is_ok();
    let node = Node {
        flex_direction: FlexDirection::Column,
        padding: UiRect::axes(Val::Px(6.0), Val::Px(4.0)),
        border: UiRect {
            left: Val::Px(4.0),
            ..UiRect::all(Val::Px(1.0))
        },
        border_radius: BorderRadius::all(Val::Px(4.0)),
        ..default()
    };
    let mut card = col.spawn((
        Appear {
            t: 0.0,
            delay: k as f32 * 0.02,
        },
        UiTransform::from_translation(Val2::px(0.0, 14.0)),
        Card {
            action: a,
            available: ok,
        },
        // Every card reacts to the pointer (locked ones show why they are locked).
        Button,
        node,
        BackgroundColor(if ok { p.panel } else { p.background }),
        BorderColor {
            left: p.family(action.family),
            ..BorderColor::all(p.border)
        },
    ));
    if ok {
        card.insert(control());
    }
    if focused {
        card.insert(AutoFocus);
    }
    card.with_children(|c| {
        let name = if key.is_empty() {
            action.name.clone()
        } else {
            format!("[{key}] {}", action.name)
        };
        // Each line as wide as the card, so its text is measured at the width it is drawn at:
        // measured wider, a name that wraps to two lines at a large text scale was given the
        // height of one, and the cost line was drawn over its second line.
        let full = || Node {
            width: Val::Percent(100.0),
            ..default()
        };
        c.spawn((
            full(),
            label(name, size::TINY + 1.0, if ok { p.text } else { p.muted }),
        ));
        let sub_color = if ok { p.muted } else { p.bad.with_alpha(0.8) };
        let sub = line.text(density).to_owned();
        c.spawn((full(), line, label(sub, size::TINY, sub_color)));
    });
}

/// What a card says under its name, at both densities: what it costs (with what there is to
/// spend, in full: the figures panel that shows it may be scrolled past), or why it is locked.
fn card_line(sc: &Scenario, state: &GameState, a: u16) -> CardLine {
    let action = &sc.actions[a as usize];
    let costs = |with_stock: bool| cost_phrase(sc, state, a, with_stock);
    match availability(sc, state, a) {
        Ok(()) => CardLine {
            full: costs(true),
            short: costs(false),
            locked: false,
        },
        // A card resting after use says until when, in full too: "used recently" is plain
        // on the turn after it was played, and the detail panel says it.
        Err(Unavailable::Cooldown(turn)) if turn <= sc.def.turns => {
            let until = format!("locked until turn {turn}");
            CardLine {
                full: until.clone(),
                short: until,
                locked: true,
            }
        }
        Err(why) => CardLine {
            full: format!("locked: {}", explain_unavailable(sc, a, &why)),
            locked: true,
            short: match why {
                Unavailable::Cost(i) => {
                    let (v, x) = action.cost[i];
                    let have = state.vars[v as usize];
                    format!("locked: costs {x:.0}, {have:.0} left")
                }
                _ => "locked".to_string(),
            },
        },
    }
}

/// Makes the cards a step smaller while they outgrow their area, and full again when the
/// window or the text scale changes (they are measured afresh at the new size). The area's
/// content is measured as laid out, before the cards have slid into place; each step is
/// measured in the frame after it.
fn fit_the_cards(
    windows: Query<&Window, With<bevy::window::PrimaryWindow>>,
    scale: Res<UiScale>,
    mut density: ResMut<CardDensity>,
    rows: Query<&ComputedNode, With<CardRow>>,
    mut lines: Query<(&CardLine, &mut Text)>,
) {
    let window = windows.single().map_or(UVec2::ZERO, |w| w.physical_size());
    let found_for = Some((window, scale.0.to_bits()));
    let step = if density.found_for != found_for {
        0
    } else if let Ok(row) = rows.single()
        && row.size().y > 0.0
        && row.content_size.y > row.size().y + CUT_ENOUGH
    {
        (density.step + 1).min(CardDensity::SMALLEST)
    } else {
        density.step
    };
    let new = CardDensity { step, found_for };
    if new != *density {
        let old = *density;
        *density = new;
        for (line, mut text) in &mut lines {
            if line.text(old) != line.text(new) {
                text.0 = crate::ui::theme::plain(line.text(new));
            }
        }
    }
}

/// A new turn's cards start full, and step smaller again only as far as this turn's cards
/// need: a card resting after use, or a long reason why one is locked, may have needed a step
/// that the next turn's cards do not. Once the map had to give way, it stays small (in
/// presentation mode it does every turn), so that it does not jump at every turn.
fn cards_start_full(mut density: ResMut<CardDensity>) {
    if density.step < CardDensity::SMALLEST {
        density.step = 0;
    }
}

/// Another game (a level, a load, a rewind) starts with its own cards and a full map: the
/// density is found again, as after a resize, by `fit_the_cards`, which also writes the
/// cards' lines again, whichever of this and the turn's build runs first.
fn measure_the_cards_afresh(mut density: ResMut<CardDensity>) {
    density.found_for = None;
}

fn forget_inspected(mut inspected: ResMut<Inspected>) {
    inspected.0 = None;
}

fn note_turn_opened(time: Res<Time>, mut opened: ResMut<TurnOpened>) {
    opened.0 = time.elapsed_secs_f64();
}

/// Keys pick and focus a card; activating a card picks it, or plays it when it is the pick.
fn pick_cards(
    keys: Res<ButtonInput<KeyCode>>,
    mut activated: MessageReader<Activated>,
    cards: Query<(Entity, &Card)>,
    sc: Res<ActiveScenario>,
    mut selected: ResMut<Selected>,
    mut focus: ResMut<InputFocus>,
    mut end: MessageWriter<EndTurn>,
    mut inspected: ResMut<Inspected>,
    (time, opened, mut picked_at): (Res<Time>, Res<TurnOpened>, ResMut<PickedAt>),
) {
    let order = key_order(&sc.0);
    for (k, (key, _)) in CARD_KEYS.iter().enumerate() {
        if !keys.just_pressed(*key) {
            continue;
        }
        let Some(a) = order.get(k) else { continue };
        match cards.iter().find(|(_, c)| c.action == *a) {
            Some((e, c)) if c.available => {
                selected.0 = Some(*a);
                focus.set(e, FocusCause::Navigated);
            }
            // A locked card's key shows it in the detail panel, which says why it is locked,
            // instead of doing nothing (a notice line would push the whole screen down). Focus
            // leaves the card it was on, so that Enter next does not pick or play that card
            // instead: it plays the pick, if there is one (as the pick line says), else asks
            // for one.
            Some(_) => {
                inspected.0 = Some(*a);
                focus.clear();
            }
            None => {}
        }
    }
    let settling = opened.settling(&time);
    for Activated(e) in activated.read() {
        let Ok((_, card)) = cards.get(*e) else {
            continue;
        };
        if settling {
            continue;
        }
        if !card.available {
            continue;
        }
        let now = time.elapsed_secs_f64();
        // Enter or Space on the card is a decision each time; a click may be a double-click's.
        let by_key = keys.any_just_pressed([KeyCode::Enter, KeyCode::NumpadEnter, KeyCode::Space]);
        if selected.0 == Some(card.action) {
            // The second click of a double-click on the card it picked plays nothing.
            if by_key || now - picked_at.0 >= DOUBLE_CLICK {
                end.write(EndTurn(card.action));
            }
        } else {
            selected.0 = Some(card.action);
            picked_at.0 = now;
        }
    }
}

/// The card under the pointer, else the card with focus, is the one inspected.
fn inspect_cards(
    hovered: Query<(&Card, &Interaction), Changed<Interaction>>,
    cards: Query<&Card>,
    focus: Res<InputFocus>,
    mut inspected: ResMut<Inspected>,
) {
    // Focus cleared (a locked card's key) leaves the card that key showed.
    if focus.is_changed()
        && let Some(e) = focus.get()
    {
        inspected.0 = cards.get(e).ok().map(|c| c.action);
    }
    for (card, i) in &hovered {
        match i {
            Interaction::Hovered | Interaction::Pressed => inspected.0 = Some(card.action),
            // The pointer leaves: back to the card with focus, if any.
            Interaction::None if inspected.0 == Some(card.action) => {
                inspected.0 = focus
                    .get()
                    .and_then(|e| cards.get(e).ok())
                    .map(|c| c.action);
            }
            Interaction::None => {}
        }
    }
}

/// Highlights the picked card, lights the one under the pointer as the title's buttons are lit,
/// and rings the focused one (only when one of them changes).
fn paint_cards(
    selected: Res<Selected>,
    focus: Res<InputFocus>,
    mut cards: Query<(
        Entity,
        &Card,
        Ref<Interaction>,
        &mut BackgroundColor,
        &mut BorderColor,
    )>,
    p: Res<Palette>,
    sc: Res<ActiveScenario>,
    (children, mut colours): (Query<&Children>, Query<&mut TextColor>),
) {
    let hover_changed = cards.iter().any(|(_, _, i, _, _)| i.is_changed());
    if !(selected.is_changed() || focus.is_changed() || hover_changed) {
        return;
    }
    for (e, card, interaction, mut bg, mut border) in &mut cards {
        let hovered = *interaction != Interaction::None;
        // The cost line of the picked card is written in the text colour: the muted grey did
        // not read on the amber.
        if card.available
            && let Some(sub) = children.get(e).ok().and_then(|c| c.get(1))
            && let Ok(mut colour) = colours.get_mut(*sub)
        {
            colour.0 = if selected.0 == Some(card.action) {
                p.text
            } else {
                p.muted
            };
        }
        bg.0 = if selected.0 == Some(card.action) {
            p.accent.with_alpha(if hovered { 0.45 } else { 0.35 })
        } else if card.available && hovered {
            p.hover
        } else if card.available || hovered {
            p.panel
        } else {
            p.background
        };
        let ring = if focus.get() == Some(e) {
            p.accent
        } else {
            p.border
        };
        let family = sc.0.actions[card.action as usize].family;
        *border = BorderColor {
            left: p.family(family),
            ..BorderColor::all(ring)
        };
    }
}

/// Slides new cards up into place, one after another, then leaves them alone.
fn cards_appear(
    time: Res<Time>,
    mut q: Query<(Entity, &mut Appear, &mut UiTransform)>,
    mut commands: Commands,
) {
    for (e, mut a, mut tr) in &mut q {
        if a.delay > 0.0 {
            a.delay -= time.delta_secs();
            continue;
        }
        a.t = (a.t + time.delta_secs() / 0.25).min(1.0);
        let eased = 1.0 - (1.0 - a.t).powi(3);
        tr.translation = Val2::px(0.0, 14.0 * (1.0 - eased));
        if a.t >= 1.0 {
            commands.entity(e).remove::<Appear>();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::scroll::tag_tests::{hidden_tags, placed, tag};
    use bevy::ecs::system::RunSystemOnce;

    #[test]
    fn a_card_cut_by_an_edge_counts_as_past_it() {
        let view = (100.0, 300.0);
        let cards = [
            (40.0, 90.0),   // scrolled out above
            (95.0, 150.0),  // cut by the top edge
            (150.0, 250.0), // shown
            (250.0, 301.0), // cut by a hair: shown
            (280.0, 340.0), // cut by the bottom edge
            (320.0, 400.0), // below the fold
        ];
        let (above, below) = cards_past(view, cards.map(|c| (c, false)));
        assert_eq!((above.n, below.n), (2, 2));
        let (above, below) = cards_past(view, [((120.0, 200.0), true)]);
        assert_eq!((above.n, below.n), (0, 0), "all shown");
        // Whether any card past an edge can be played, so Tab reaches it.
        let (_, below) = cards_past(view, [((280.0, 340.0), false), ((320.0, 400.0), true)]);
        assert_eq!(
            below,
            Past {
                n: 2,
                playable: true
            }
        );
        let (_, below) = cards_past(view, [((280.0, 340.0), false)]);
        assert!(!below.playable);
    }

    #[test]
    fn the_tags_count_the_cards_past_each_edge_and_hide_when_none_are() {
        let mut app = App::new();
        app.add_systems(Update, count_cards_past_the_edges);
        // The cards' area spans 100 to 300 on screen.
        app.world_mut().spawn((CardRow, placed(200.0, 200.0)));
        let card = |n: u16| Card {
            action: n,
            available: true,
        };
        let cards: Vec<Entity> = [150.0, 260.0, 330.0, 420.0]
            .into_iter()
            .enumerate()
            .map(|(n, centre)| {
                app.world_mut()
                    .spawn((card(n as u16), placed(centre, 60.0)))
                    .id()
            })
            .collect();
        hidden_tags(&mut app, [MoreCards::Below, MoreCards::Above]);
        // Cards 60 px high at 120-180 and 230-290 show; 300-360 and 390-450 are below.
        app.update();
        assert_eq!(
            tag(&mut app, MoreCards::Below),
            (
                Display::Flex,
                "2 more cards below - scroll, or Tab to them".into()
            )
        );
        assert_eq!(tag(&mut app, MoreCards::Above).0, Display::None);
        // Scrolled: one card above (10-70), two shown, one cut by the foot (260-320).
        for (e, centre) in cards.iter().zip([40.0, 150.0, 230.0, 290.0]) {
            app.world_mut()
                .entity_mut(*e)
                .insert(UiGlobalTransform::from_xy(50.0, centre));
        }
        app.update();
        assert_eq!(
            tag(&mut app, MoreCards::Above),
            (Display::Flex, "1 card above - scroll up".into())
        );
        assert_eq!(
            tag(&mut app, MoreCards::Below).1,
            "1 more card below - scroll, or Tab to them"
        );
        // Scrolled to show them all: both tags go.
        for (e, centre) in cards.iter().zip([130.0, 190.0, 250.0, 250.0]) {
            app.world_mut()
                .entity_mut(*e)
                .insert(UiGlobalTransform::from_xy(50.0, centre));
        }
        app.update();
        assert_eq!(tag(&mut app, MoreCards::Above).0, Display::None);
        assert_eq!(tag(&mut app, MoreCards::Below).0, Display::None);
    }

    /// A card line at each density.
    fn line(full: &str, short: &str, locked: bool) -> CardLine {
        CardLine {
            full: full.into(),
            short: short.into(),
            locked,
        }
    }

    #[test]
    fn the_cards_step_smaller_while_they_outgrow_their_area_and_start_full_at_a_new_size() {
        let mut app = App::new();
        app.insert_resource(UiScale(1.0))
            .init_resource::<CardDensity>()
            // Another game (a level, a load, a rewind) starts with its own cards and a full map.
            .add_systems(
                OnEnter(crate::ui::screens::Screen::Dashboard),
                |mut d: ResMut<CardDensity>| {
                    d.step = 0;
                },
            )
            .add_systems(Update, fit_the_cards);
        // The cards' area is 400 px high and its cards 460: they do not fit.
        let row = app
            .world_mut()
            .spawn((
                CardRow,
                ComputedNode {
                    size: Vec2::new(600.0, 400.0),
                    content_size: Vec2::new(600.0, 460.0),
                    ..default()
                },
            ))
            .id();
        let lock = line("locked: needs talks momentum 30+", "locked", true);
        let cost = line("5 of 60 diplomatic capital", "5 diplomatic capital", false);
        let lock = app.world_mut().spawn((Text::new(&lock.full), lock)).id();
        // A modded name's typography is made plain when the line is written again, as when
        // the card was built: an em dash the font lacks would show as a box.
        let dashed = line("locked: needs peace", "locked \u{2014} for now", true);
        let dashed = app
            .world_mut()
            .spawn((Text::new(&dashed.full), dashed))
            .id();
        let cost = app.world_mut().spawn((Text::new(&cost.full), cost)).id();
        let text = |app: &App, e: Entity| app.world().get::<Text>(e).unwrap().0.clone();
        let step = |app: &App| app.world().resource::<CardDensity>().step;
        // The first frame notes the size the cards are measured at; nothing shrinks yet.
        app.update();
        assert_eq!(step(&app), 0);
        app.update();
        assert_eq!(step(&app), 1, "the costs shorten first");
        assert_eq!(text(&app, cost), "5 diplomatic capital");
        assert_eq!(text(&app, lock), "locked: needs talks momentum 30+");
        app.update();
        assert_eq!(step(&app), 2, "then the locks");
        assert_eq!(text(&app, lock), "locked");
        assert_eq!(text(&app, dashed), "locked - for now");
        app.update();
        assert_eq!(step(&app), 3, "then the map gives way");
        assert_eq!(
            app.world().resource::<CardDensity>().map_percent(),
            super::super::layout::SMALL_MAP_HEIGHT_PERCENT
        );
        app.update();
        assert_eq!(step(&app), 3, "and no further");
        // Once they fit, they stay as they are: growing back would overflow again.
        app.world_mut()
            .get_mut::<ComputedNode>(row)
            .unwrap()
            .content_size
            .y = 390.0;
        app.update();
        assert_eq!(step(&app), 3);
        // A new turn's cards start full again, unless the map had to give way.
        app.world_mut().run_system_once(cards_start_full).unwrap();
        assert_eq!(step(&app), 3, "the map stays small");
        app.world_mut().resource_mut::<CardDensity>().step = 2;
        app.world_mut().run_system_once(cards_start_full).unwrap();
        assert_eq!(step(&app), 0, "the cards start full");
        app.world_mut().resource_mut::<CardDensity>().step = 3;
        // Another game: measured afresh, its lines written full again.
        app.world_mut()
            .run_system_once(measure_the_cards_afresh)
            .unwrap();
        app.update();
        assert_eq!(step(&app), 0);
        assert_eq!(text(&app, lock), "locked: needs talks momentum 30+");
        app.world_mut().resource_mut::<CardDensity>().step = 3;
        for (line, mut t) in app
            .world_mut()
            .query::<(&CardLine, &mut Text)>()
            .iter_mut(app.world_mut())
        {
            t.0 = line.short.clone();
        }
        // A new text scale: the cards are measured afresh from their full size.
        app.insert_resource(UiScale(1.5));
        app.update();
        assert_eq!(step(&app), 0);
        assert_eq!(text(&app, lock), "locked: needs talks momentum 30+");
        assert_eq!(text(&app, cost), "5 of 60 diplomatic capital");
        assert_eq!(
            app.world().resource::<CardDensity>().map_percent(),
            super::super::layout::MAP_HEIGHT_PERCENT
        );
        // Cards that fit at the new size stay full.
        app.update();
        app.update();
        assert_eq!(step(&app), 0);
    }

    #[test]
    fn a_short_card_line_keeps_the_turn_a_card_comes_back_and_what_it_costs() {
        let data = crate::rules::load_data(std::path::Path::new(env!("CARGO_MANIFEST_DIR")))
            .expect("the shipped data");
        let sc = data
            .level("2017_fire_and_fury")
            .and_then(|l| l.scenario())
            .expect("2017");
        let mut s = crate::sim::new_game(sc, 1);
        let id = |name: &str| sc.actions.iter().position(|a| a.id == name).unwrap() as u16;
        // Joint air drills, played on turn 1, come back on a later turn.
        let drills = id("joint_air_drills");
        crate::sim::resolve_turn(sc, &mut s, drills);
        let back = match availability(sc, &s, drills) {
            Err(Unavailable::Cooldown(turn)) => turn,
            other => panic!("the drills are resting, not {other:?}"),
        };
        let l = card_line(sc, &s, drills);
        assert!(l.locked);
        assert_eq!(l.short, format!("locked until turn {back}"));
        assert_eq!(l.full, l.short, "as plain in full");
        // A card the rules lock: the short line says only that, the full one why.
        let summit = id("leaders_summit");
        let l = card_line(sc, &s, summit);
        assert_eq!(l.short, "locked");
        assert!(l.full.starts_with("locked: needs "), "{}", l.full);
        // A card that costs: the full line says what is left to spend, the short one not.
        let consult = id("consult_beijing");
        let l = card_line(sc, &s, consult);
        assert!(!l.locked);
        assert!(l.full.contains(" of "), "{}", l.full);
        assert!(!l.short.contains(" of "), "{}", l.short);
        assert!(l.short.ends_with("diplomatic capital"), "{}", l.short);
        // With too little to spend, the short line says what it costs and what is left.
        let cap = sc
            .rules
            .vars
            .iter()
            .position(|v| v.name == "Diplomatic capital")
            .unwrap();
        s.vars[cap] = 1.0;
        let l = card_line(sc, &s, consult);
        assert!(l.locked);
        assert_eq!(l.short, "locked: costs 3, 1 left");
    }
}
