//! The frame around every screen: tabs on top, the status line and the key hints below.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::spans;
use crate::i18n::Msg;
use crate::ui::action::Action;
use crate::ui::app::{App, Overlay, Severity, Tab};
use crate::ui::card::Section;
use crate::ui::text::width;
use crate::ui::theme;

pub fn tabs(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let mut line: Vec<Span<'static>> = Vec::new();
    let keys = [
        Action::TabHouseholds,
        Action::TabDue,
        Action::TabRequests,
        Action::TabFigures,
        Action::TabSync,
    ];
    for (tab, key) in Tab::ALL.iter().zip(keys) {
        let k = app.keymap.key_for(&key).unwrap_or_default();
        let text = format!(" {k} {} ", app.t(tab.label()));
        line.push(Span::styled(
            text,
            if *tab == app.tab {
                theme::tab_active()
            } else {
                theme::tab()
            },
        ));
    }
    let used: usize = line.iter().map(|s| width(&s.content)).sum();
    let name = app.t(Msg::AppName);
    let room = usize::from(area.width).saturating_sub(used);
    if room > width(name) + 1 {
        line.push(spans::fit_right(name, room, theme::dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(line)), area);
}

pub fn status(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let w = usize::from(area.width);
    if let Some((text, severity)) = &app.status {
        let style = if *severity == Severity::Error {
            theme::error()
        } else {
            theme::status_bar()
        };
        frame.render_widget(
            Paragraph::new(spans::fit(&format!(" {text}"), w, style)),
            area,
        );
        return;
    }
    let today = app.today();
    let mut parts = vec![
        app.grid_label(),
        format!(
            "{} {}",
            today.format("%Y-%m-%d"),
            app.lang.weekday(chrono::Datelike::weekday(&today))
        ),
        app.lang.f(Msg::Unsynced, &[("n", &app.unsynced)]),
    ];
    if app.overdue > 0 {
        parts.push(app.lang.f(Msg::OverdueRequests, &[("n", &app.overdue)]));
    }
    let left = format!(" {}", parts[..3].join("  "));
    let mut line = vec![Span::styled(left.clone(), theme::status_bar())];
    let mut used = width(&left);
    if let Some(overdue) = parts.get(3) {
        let text = format!("  {overdue}");
        used += width(&text);
        line.push(Span::styled(text, theme::error()));
    }
    if app.index_job.is_some() && app.index.is_none() {
        let text = format!("  {}", app.t(Msg::IndexLoading));
        used += width(&text);
        line.push(Span::styled(text, theme::status_bar()));
    }
    line.push(Span::styled(
        " ".repeat(w.saturating_sub(used)),
        theme::status_bar(),
    ));
    frame.render_widget(Paragraph::new(Line::from(line)), area);
}

/// The actions worth a hint on the current screen.
fn hint_actions(app: &App) -> Vec<Action> {
    if app.households.card.is_some() && app.tab == Tab::Households {
        let edit = match app.households.card.as_ref().map(|c| c.section) {
            Some(Section::Members) => Action::Edit,
            _ => Action::EditHousehold,
        };
        return vec![
            Action::Back,
            Action::NewVisit,
            edit,
            Action::AddMember,
            Action::MoveOut,
            Action::Reveal,
            Action::NextField,
            Action::Help,
        ];
    }
    match app.tab {
        Tab::Households if app.households.search.focused => {
            vec![Action::Open, Action::Back, Action::Down]
        }
        Tab::Households => vec![
            Action::Search,
            Action::Open,
            Action::NewVisit,
            Action::Sort,
            Action::Filter,
            Action::AddHousehold,
            Action::Help,
            Action::Quit,
        ],
        Tab::Due => vec![
            Action::Open,
            Action::NewVisit,
            Action::TabHouseholds,
            Action::Help,
            Action::Quit,
        ],
        Tab::Requests if app.requests.finding => vec![Action::Open, Action::Back],
        Tab::Requests => vec![
            Action::Dispatch,
            Action::Resolve,
            Action::Feedback,
            Action::Rate,
            Action::Reopen,
            Action::OpenLoops,
            Action::Filter,
            Action::Search,
            Action::Open,
            Action::Help,
        ],
        Tab::Figures => vec![
            Action::PrevPeriod,
            Action::NextPeriod,
            Action::Help,
            Action::Quit,
        ],
        Tab::Sync => vec![
            Action::ExportBundle,
            Action::ImportBundle,
            Action::Open,
            Action::Help,
            Action::Quit,
        ],
    }
}

pub fn footer(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let w = usize::from(area.width);
    if app.visit.is_some() && app.overlay.is_none() {
        frame.render_widget(
            Paragraph::new(spans::fit(
                &format!(" {}", app.t(Msg::VisitHint)),
                w,
                theme::dim(),
            )),
            area,
        );
        return;
    }
    if let Some(Overlay::Form(_)) = &app.overlay {
        frame.render_widget(
            Paragraph::new(spans::fit(
                &format!(" {}", app.t(Msg::FormHint)),
                w,
                theme::dim(),
            )),
            area,
        );
        return;
    }
    if let Some(Overlay::Confirm(_)) = &app.overlay {
        frame.render_widget(
            Paragraph::new(spans::fit(
                &format!(" {}", app.t(Msg::ConfirmYesNo)),
                w,
                theme::dim(),
            )),
            area,
        );
        return;
    }
    let mut line: Vec<Span<'static>> = vec![Span::raw(" ")];
    let mut used = 1;
    for action in hint_actions(app) {
        let Some(key) = app.keymap.key_for(&action) else {
            continue;
        };
        let label = app.t(action.label());
        let cost = width(&key) + 2 + width(label) + 2;
        if used + cost > w {
            break;
        }
        line.push(Span::styled(format!(" {key} "), theme::key()));
        line.push(Span::raw(format!(" {label} ")));
        used += cost;
    }
    frame.render_widget(Paragraph::new(Line::from(line)), area);
}
