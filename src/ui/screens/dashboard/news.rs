//! The news feed: the facilitator's injects since the last turn, then the last four turns,
//! newest first, told from the shared turn story (the answers' news lines and the events the
//! player sees).

use crate::game::ActiveGame;
use crate::rules::Scenario;
use crate::sim::story::TurnStory;
use crate::ui::scroll::{ScrollOnWheel, WheelOnly};
use crate::ui::theme::{Palette, label, panel, size};
use bevy::prelude::*;

pub(super) fn plugin(_app: &mut App) {}

/// How many past turns the feed shows.
const TURNS_SHOWN: usize = 4;
/// The news keeps at least this much room under the detail panel.
const NEWS_MIN_HEIGHT: f32 = 110.0;

pub(super) fn spawn(
    parent: &mut ChildSpawnerCommands,
    p: &Palette,
    sc: &Scenario,
    game: &ActiveGame,
) {
    // The news takes the room the detail panel leaves (at least NEWS_MIN_HEIGHT), not the
    // room its own lines would like: a long feed used to squeeze the card's details to a line.
    let node = Node {
        flex_grow: 1.0,
        flex_shrink: 1.0,
        flex_basis: Val::Px(0.0),
        min_height: Val::Px(NEWS_MIN_HEIGHT),
        overflow: Overflow::scroll_y(),
        row_gap: Val::Px(3.0),
        ..default()
    };
    // Older news, or news at a large text scale, scrolls with the wheel.
    parent
        .spawn((NewsPanel, panel(p, node), ScrollOnWheel, WheelOnly))
        .with_children(|n| fill(n, p, sc, game));
}

/// The news panel, filled again as soon as a turn resolves.
#[derive(Component)]
pub(super) struct NewsPanel;

/// The panel's lines: its heading, then the last turns' news, newest first.
pub(super) fn fill(n: &mut ChildSpawnerCommands, p: &Palette, sc: &Scenario, game: &ActiveGame) {
    n.spawn(label("News", size::BODY, p.text));
    // The facilitator's injects of the turn now open come first: they happened since the
    // last turn's news.
    let now = game.0.state.turn;
    for x in game.0.injects.iter().rev().filter(|x| x.turn == now) {
        if let Some(inject) = sc.injects.get(x.inject as usize) {
            n.spawn(label(
                format!("Now · {}", inject.name),
                size::TINY,
                p.accent,
            ));
            n.spawn(label(inject.news.clone(), size::TINY, p.bad));
        }
    }
    if game.0.log.is_empty() {
        n.spawn(label(
            "The crisis begins. Read the briefing's objectives; your first move sets the tone.",
            size::SMALL,
            p.muted,
        ));
    }
    for rec in game.0.log.iter().rev().take(TURNS_SHOWN) {
        let story = TurnStory::of(sc, rec);
        let head = format!("{} · turn {}", story.date, story.turn);
        n.spawn(label(head, size::TINY, p.accent));
        for answer in &story.answers {
            n.spawn(label(answer.news.clone(), size::TINY, p.text));
        }
        for event in &story.events {
            n.spawn(label(event.news.clone(), size::TINY, p.bad));
        }
    }
}
