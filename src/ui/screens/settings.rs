//! Settings: UI scale, fullscreen or windowed, the colour-blind-safe palette, the forecast on
//! the dashboard and the policy it plays on with, the rules behind each answer (plain reasons,
//! or a modder's rule ids and weights), and a language slot for later. Changes apply
//! at once and are saved to the profile.

use super::{ReturnTo, Screen, screen_root};
use crate::game::saves::FORECAST_POLICIES;
use crate::ui::focus::{Activated, Stepped, Stepper, Toggled, step_round};
use crate::ui::theme::{Palette, button, label, size};
use crate::ui::{Notice, Settings};
use bevy::input_focus::AutoFocus;
use bevy::prelude::*;
use bevy::ui::Checked;
use bevy::ui_widgets::Checkbox;
use bevy::window::{PrimaryWindow, WindowMode};

/// The UI scales the button steps through; the profile's value is clamped to this range.
pub const SCALES: [f32; 5] = [0.75, 1.0, 1.25, 1.5, 2.0];

#[derive(Component, Clone, Copy, PartialEq, Eq)]
enum SettingButton {
    Scale,
    Fullscreen,
    ColourBlind,
    Presentation,
    Forecast,
    ForecastPolicy,
    RuleDetails,
    Language,
    Back,
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Settings), spawn)
        .add_systems(Update, act.run_if(in_state(Screen::Settings)));
}

#[derive(Component)]
struct SettingsRoot;

fn spawn(
    mut commands: Commands,
    p: Res<Palette>,
    settings: Res<Settings>,
    window: Query<&Window, With<PrimaryWindow>>,
    here: ForecastHere,
) {
    let limit = scale_limit(window.single().ok());
    let note = here.hidden_because();
    draw(
        &mut commands,
        &p,
        &settings,
        limit,
        SettingButton::Scale,
        note,
    );
}

/// What the settings were opened from, for the forecast's row: opened from a game whose class
/// code or level hides the forecast, the row says so, since the tick alone would promise a
/// forecast this game does not show.
#[derive(bevy::ecs::system::SystemParam)]
struct ForecastHere<'w> {
    return_to: Res<'w, ReturnTo>,
    sc: Option<Res<'w, crate::game::ActiveScenario>>,
    chosen: Option<Res<'w, super::ChosenLevel>>,
}

impl ForecastHere<'_> {
    fn hidden_because(&self) -> Option<&'static str> {
        if self.return_to.0 != Screen::Dashboard {
            return None;
        }
        let sc = self.sc.as_ref()?;
        let by_code = self
            .chosen
            .as_ref()
            .filter(|c| c.scenario.id() == sc.0.id())
            .and_then(|c| c.class_code.as_ref())
            .is_some_and(|c| c.options.no_forecast);
        if by_code {
            Some(
                "This class code hides the forecast in this game, whatever the tick: the tick is for your other games",
            )
        } else if !sc.0.def.forecast {
            Some("This level has no forecast, whatever the tick: the tick is for your other games")
        } else {
            None
        }
    }
}

/// The largest UI scale the window leaves room for, if it is below the top setting.
fn scale_limit(window: Option<&Window>) -> Option<f32> {
    let size = window.map(|w| Vec2::new(w.resolution.width(), w.resolution.height()));
    crate::ui::largest_fitting_setting(size)
}

/// A checkbox's mark.
fn tick(on: bool) -> &'static str {
    if on { "[x]" } else { "[ ]" }
}

/// Draws the screen with `focus` focused; after a change the screen is drawn again, so every
/// label (and, for the palette, every colour) shows the new value.
fn draw(
    commands: &mut Commands,
    p: &Palette,
    settings: &Settings,
    limit: Option<f32>,
    focus: SettingButton,
    forecast_hidden: Option<&str>,
) {
    commands
        .spawn((
            screen_root(Screen::Settings),
            BackgroundColor(p.background),
            SettingsRoot,
        ))
        .with_children(|screen| {
            // The rows scroll (the wheel, or the focus moving down them): in presentation mode
            // at 1280x720 they are taller than the window, and Back and the colours must stay
            // reachable.
            let column = super::scrolling_column(8.0);
            screen
                .spawn((column, crate::ui::scroll::ScrollOnWheel))
                .with_children(|root| draw_rows(root, p, settings, limit, focus, forecast_hidden));
        });
}

/// The screen's title, its rows of settings, the sample colours and where they are saved.
fn draw_rows(
    root: &mut ChildSpawnerCommands,
    p: &Palette,
    settings: &Settings,
    limit: Option<f32>,
    focus: SettingButton,
    forecast_hidden: Option<&str>,
) {
    let prof = &settings.profile;
    root.spawn(Node {
        height: Val::Percent(2.0),
        ..default()
    });
    root.spawn(label("Settings", size::TITLE * 0.7, p.accent));
    let rows = [
        (
            match limit.filter(|l| prof.ui_scale > *l) {
                Some(l) => format!(
                    "UI scale: < {:.0}% > ({:.0}% fits this window)",
                    prof.ui_scale * 100.0,
                    l * 100.0
                ),
                None => format!("UI scale: < {:.0}% >", prof.ui_scale * 100.0),
            },
            SettingButton::Scale,
        ),
        (
            format!("{} Fullscreen", tick(prof.fullscreen)),
            SettingButton::Fullscreen,
        ),
        (
            format!("{} Colour-blind-safe palette", tick(prof.colour_blind)),
            SettingButton::ColourBlind,
        ),
        (
            format!(
                "{} Presentation mode (large text, high contrast, for a projector)",
                tick(prof.presentation)
            ),
            SettingButton::Presentation,
        ),
        (
            format!(
                "{} Forecast of each move on the dashboard",
                tick(prof.show_forecast)
            ),
            SettingButton::Forecast,
        ),
        (
            // Kept when the forecast is hidden (it is the next forecast's), and said so.
            if prof.show_forecast {
                format!("Forecast plays on as: < {} >", prof.forecast_policy)
            } else {
                format!(
                    "Forecast plays on as: < {} > (when the forecast is shown)",
                    prof.forecast_policy
                )
            },
            SettingButton::ForecastPolicy,
        ),
        (
            format!(
                "{} The rules behind each answer (rule ids, weights, the noise)",
                tick(prof.rule_details)
            ),
            SettingButton::RuleDetails,
        ),
        (
            "Language: English (more to come)".to_string(),
            SettingButton::Language,
        ),
        ("Back".to_string(), SettingButton::Back),
    ];
    for (text, which) in rows {
        let mut b = root.spawn((button(p, text), which));
        if which == focus {
            b.insert(AutoFocus);
        }
        // Left and Right step these values (Enter moves to the next).
        if matches!(which, SettingButton::Scale | SettingButton::ForecastPolicy) {
            b.insert(Stepper);
        }
        // The on/off settings are checkboxes: they send their new value.
        let checked = match which {
            SettingButton::Fullscreen => Some(prof.fullscreen),
            SettingButton::ColourBlind => Some(prof.colour_blind),
            SettingButton::Presentation => Some(prof.presentation),
            SettingButton::Forecast => Some(prof.show_forecast),
            SettingButton::RuleDetails => Some(prof.rule_details),
            _ => None,
        };
        if let Some(on) = checked {
            b.remove::<bevy::ui_widgets::Button>().insert(Checkbox);
            if on {
                b.insert(Checked);
            }
        }
        b.insert(Node {
            min_width: Val::Px(420.0),
            padding: UiRect::axes(Val::Px(18.0), Val::Px(9.0)),
            border: UiRect::all(Val::Px(1.0)),
            border_radius: BorderRadius::all(Val::Px(6.0)),
            justify_content: JustifyContent::Center,
            ..default()
        });
        // Why the tick shows no forecast in the game the settings were opened from, under its
        // button: in the button's own text it ran off a 1920x1080 projector's screen.
        if which == SettingButton::Forecast
            && let Some(why) = forecast_hidden
        {
            root.spawn(label(why, size::SMALL, p.muted));
        }
        // What the forecast's line does, under its button: the names alone ("deterrence",
        // "beijing") told a player nothing, and the default was easy to step past.
        if which == SettingButton::ForecastPolicy {
            root.spawn(label(
                forecast_policy_line(&prof.forecast_policy),
                size::SMALL,
                p.muted,
            ));
        }
    }
    // The label and its swatches on one line: a line less to fit at 1280x720.
    root.spawn(Node {
        flex_direction: FlexDirection::Row,
        column_gap: Val::Px(4.0),
        align_items: AlignItems::Center,
        ..default()
    })
    .with_children(|row| {
        row.spawn(label("Sample ladder colours:", size::SMALL, p.muted));
        for c in p.rungs {
            row.spawn((
                Node {
                    width: Val::Px(48.0),
                    height: Val::Px(18.0),
                    border_radius: BorderRadius::all(Val::Px(3.0)),
                    ..default()
                },
                BackgroundColor(c),
            ));
        }
    });
    root.spawn(label(
        format!("Saved in {}", settings.dir.display()),
        size::SMALL,
        p.muted,
    ));
}

/// The line under *Forecast plays on as*: what the chosen policy does, and whether it is the
/// default.
pub fn forecast_policy_line(policy: &str) -> String {
    let what = crate::sim::policy::builtin_summary(policy).unwrap_or("a policy of your own");
    if policy == FORECAST_POLICIES[0] {
        format!("{policy} (the default): {what}")
    } else {
        format!("{policy}: {what} (the default is {})", FORECAST_POLICIES[0])
    }
}

#[allow(clippy::too_many_arguments)]
fn act(
    mut activated: MessageReader<Activated>,
    mut toggled: MessageReader<Toggled>,
    mut stepped: MessageReader<Stepped>,
    buttons: Query<&SettingButton>,
    keys: Res<ButtonInput<KeyCode>>,
    mut settings: ResMut<Settings>,
    mut palette: ResMut<Palette>,
    mut clear: ResMut<ClearColor>,
    mut window: Query<&mut Window, With<PrimaryWindow>>,
    return_to: Res<ReturnTo>,
    mut next: ResMut<NextState<Screen>>,
    mut notice: ResMut<Notice>,
    roots: Query<Entity, With<SettingsRoot>>,
    mut commands: Commands,
    here: ForecastHere,
) {
    if keys.just_pressed(KeyCode::Escape) {
        next.set(return_to.0);
        return;
    }
    // What changed: a press (Enter or a click: the next value), a checkbox's new value, or a
    // step back or forth from Left or Right.
    let presses = activated.read().map(|Activated(e)| (*e, None, 0));
    let changes: Vec<(Entity, Option<bool>, i8)> = presses
        .chain(toggled.read().map(|Toggled(e, on)| (*e, Some(*on), 0)))
        .chain(stepped.read().map(|Stepped(e, by)| (*e, None, *by)))
        .collect();
    for (e, value, by) in changes {
        let Ok(which) = buttons.get(e) else { continue };
        let prof = &mut settings.profile;
        match which {
            SettingButton::Scale => {
                let i = SCALES
                    .iter()
                    .position(|s| (*s - prof.ui_scale).abs() < 0.01)
                    .unwrap_or(2);
                // Enter goes round; Left and Right stop at the smallest and the largest.
                prof.ui_scale = SCALES[match by {
                    0 => (i + 1) % SCALES.len(),
                    by => i.saturating_add_signed(by as isize).min(SCALES.len() - 1),
                }];
            }
            SettingButton::Fullscreen => {
                prof.fullscreen = value.unwrap_or(!prof.fullscreen);
                if let Ok(mut w) = window.single_mut() {
                    w.mode = if prof.fullscreen {
                        WindowMode::BorderlessFullscreen(MonitorSelection::Current)
                    } else {
                        WindowMode::Windowed
                    };
                }
            }
            SettingButton::ColourBlind => {
                prof.colour_blind = value.unwrap_or(!prof.colour_blind);
                *palette = Palette::for_settings(prof.colour_blind, prof.presentation);
                clear.0 = palette.background;
            }
            SettingButton::Presentation => {
                prof.presentation = value.unwrap_or(!prof.presentation);
                *palette = Palette::for_settings(prof.colour_blind, prof.presentation);
                clear.0 = palette.background;
            }
            SettingButton::Forecast => {
                prof.show_forecast = value.unwrap_or(!prof.show_forecast);
            }
            SettingButton::RuleDetails => {
                prof.rule_details = value.unwrap_or(!prof.rule_details);
            }
            SettingButton::ForecastPolicy => {
                // Enter and Right move to the next policy, Left to the one before.
                let next = FORECAST_POLICIES
                    .iter()
                    .position(|name| *name == prof.forecast_policy)
                    .map_or(0, |i| step_round(i, FORECAST_POLICIES.len(), by));
                prof.forecast_policy = FORECAST_POLICIES[next].into();
            }
            SettingButton::Language => {}
            SettingButton::Back => {
                next.set(return_to.0);
                return;
            }
        }
        if let Err(e) = settings.profile.store(&settings.dir) {
            notice.0 = Some(e);
        }
        for e in &roots {
            commands.entity(e).despawn();
        }
        let limit = scale_limit(window.single().ok());
        draw(
            &mut commands,
            &palette,
            &settings,
            limit,
            *which,
            here.hidden_because(),
        );
    }
}
