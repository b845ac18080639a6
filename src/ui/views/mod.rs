//! Rendering from `&App`. Views compute every column in display cells (see `ui::text`) and
//! never do IO.

mod card;
mod chrome;
mod due;
mod figures;
mod households;
mod overlay;
mod requests;
pub mod spans;
mod sync;
mod visit_form;

use ratatui::Frame;

use super::app::{App, Tab};

pub fn render(frame: &mut Frame<'_>, app: &App) {
    let area = frame.area();
    let [tabs, body, status, footer] = super::layout::bands(area);
    chrome::tabs(frame, app, tabs);
    match app.tab {
        Tab::Households => match (&app.visit, &app.households.card) {
            (Some(visit), _) => visit_form::render(frame, app, visit, body),
            (None, Some(card)) => card::render(frame, app, card, body),
            (None, None) => households::render(frame, app, body),
        },
        Tab::Due => due::render(frame, app, body),
        Tab::Requests => requests::render(frame, app, body),
        Tab::Figures => figures::render(frame, app, body),
        Tab::Sync => sync::render(frame, app, body),
    }
    chrome::status(frame, app, status);
    chrome::footer(frame, app, footer);
    if let Some(o) = &app.overlay {
        overlay::render(frame, app, o, area);
    }
}
