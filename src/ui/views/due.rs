//! Tab 2: the due queue as a walking route, building by building.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::spans::{fit, fit_right};
use crate::i18n::Msg;
use crate::ui::app::App;
use crate::ui::theme;

pub fn render(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let w = usize::from(area.width);
    let h = usize::from(area.height);
    let Some(queue) = &app.due.queue else {
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!(" {}", app.t(Msg::Loading)),
                theme::dim(),
            )),
            area,
        );
        return;
    };
    let mut lines = vec![Line::from(fit(
        &format!(
            " {}",
            app.lang.f(
                Msg::DueCount,
                &[("n", &queue.len()), ("o", &queue.overdue())]
            )
        ),
        w,
        theme::dim(),
    ))];
    if queue.is_empty() {
        lines.push(Line::styled(
            format!(" {}", app.t(Msg::DueNone)),
            theme::good(),
        ));
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    // Every line with the household index it shows (None for a building header).
    let mut all: Vec<(Option<usize>, Line<'static>)> = Vec::new();
    let mut i = 0;
    let tag_of = |d: &crate::report::DueHousehold| {
        let days = format!("{}{}", d.interval_days, app.t(Msg::DaysSuffix));
        match &d.policy_tag {
            Some(t) => format!("{t} {days}"),
            None => days,
        }
    };
    let (room_w, head_w, last_w, over_w, req_w) = (14, 10, 16, 12, 4);
    // The tag column takes what its longest tag needs, as far as the screen allows.
    let fixed = 3 + room_w + 1 + head_w + 1 + 1 + last_w + 1 + over_w + 1 + req_w;
    let longest = queue
        .households()
        .map(|d| crate::ui::text::width(&tag_of(d)))
        .max()
        .unwrap_or(0);
    let tag_w = longest.clamp(12, w.saturating_sub(fixed).max(12));
    for g in &queue.groups {
        let place = crate::domain::Address {
            compound: g.compound.clone(),
            building: g.building.clone(),
            unit: String::new(),
            room: String::new(),
        }
        .display();
        let title = app.lang.f(
            Msg::DueGroupTitle,
            &[
                ("place", &place),
                ("n", &g.households.len()),
                ("d", &g.most_overdue.max(0)),
            ],
        );
        all.push((
            None,
            Line::from(fit(&format!(" {title}"), w, theme::header())),
        ));
        for d in &g.households {
            let selected = i == app.due.selected;
            let base = if selected {
                theme::selected()
            } else {
                Style::default()
            };
            let unit_room = crate::domain::Address {
                compound: String::new(),
                building: String::new(),
                unit: d.address.unit.clone(),
                room: d.address.room.clone(),
            }
            .display();
            let last = match d.last_visit {
                Some(date) => app.lang.f(Msg::DueLast, &[("date", &date.format("%m-%d"))]),
                None => app.t(Msg::DueNever).to_string(),
            };
            let over = if d.days_overdue > 0 {
                app.lang.f(Msg::DueOverdueDays, &[("d", &d.days_overdue)])
            } else {
                app.t(Msg::DueToday).to_string()
            };
            let over_style = if d.days_overdue > 0 {
                base.patch(theme::overdue())
            } else {
                base
            };
            let tag = tag_of(d);
            let requests = if d.open_requests > 0 {
                d.open_requests.to_string()
            } else {
                String::new()
            };
            let used = 3 + room_w + 1 + head_w + 1 + tag_w + 1 + last_w + 1 + over_w + 1 + req_w;
            let mut spans = vec![
                Span::styled("   ", base),
                fit(&unit_room, room_w, base),
                Span::styled(" ", base),
                fit(&d.head, head_w, base),
                Span::styled(" ", base),
                fit(&tag, tag_w, base.patch(theme::tag())),
                Span::styled(" ", base),
                fit(&last, last_w, base),
                Span::styled(" ", base),
                fit_right(&over, over_w, over_style),
                Span::styled(" ", base),
                fit_right(&requests, req_w, base),
            ];
            if w > used {
                spans.push(Span::styled(" ".repeat(w - used), base));
            }
            all.push((Some(i), Line::from(spans)));
            i += 1;
        }
    }
    let body = h.saturating_sub(1);
    // The offset kept by the tab; recomputed only if the screen changed under it.
    let offset = app.due.keep_in_view(body);
    lines.extend(all.into_iter().skip(offset).take(body).map(|(_, l)| l));
    frame.render_widget(Paragraph::new(lines), area);
}
