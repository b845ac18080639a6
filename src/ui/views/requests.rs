//! Tab 3: the requests, with the selected request's timeline.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::households::scroll_offset;
use super::spans::{fit, fit_right};
use crate::domain::Status;
use crate::i18n::Msg;
use crate::store::requests::RequestEvent;
use crate::ui::app::App;
use crate::ui::text::{width, wrap};
use crate::ui::theme;

pub fn render(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let w = usize::from(area.width);
    let h = usize::from(area.height);
    let b = &app.requests;
    let mut lines: Vec<Line<'static>> = Vec::new();
    // Counts by status and the view.
    let mut top = format!(
        " {}: {}  ",
        app.t(Msg::ActionFilter),
        b.view.label(app.lang)
    );
    for (s, n) in Status::ALL.iter().zip(b.counts.by_status) {
        top.push_str(&format!("{} {n}  ", app.lang.status(*s)));
    }
    let mut top_spans = vec![Span::styled(top.clone(), theme::dim())];
    if b.counts.overdue > 0 {
        top_spans.push(Span::styled(
            app.lang
                .f(Msg::OverdueRequests, &[("n", &b.counts.overdue)]),
            theme::overdue(),
        ));
    }
    lines.push(Line::from(top_spans));
    if b.finding || !b.find.is_empty() {
        let prompt = format!(" {}", app.t(Msg::BoardFind));
        if b.finding && app.overlay.is_none() {
            let x = width(&prompt) + b.find.caret_cells();
            frame.set_cursor_position(Position::new(
                area.x + x.min(w.saturating_sub(1)) as u16,
                area.y + 1,
            ));
        }
        lines.push(Line::from(vec![
            Span::styled(prompt, theme::header()),
            Span::raw(b.find.text().to_string()),
        ]));
    }
    // The list takes the upper part, the timeline the rest.
    let timeline_h = crate::ui::layout::requests_timeline(h, b.events.len());
    let list_h = h.saturating_sub(lines.len() + 1 + timeline_h).max(1);
    let (cat_w, head_w, status_w, due_w, assignee_w) = (10, 8, 8, 10, 12);
    let addr_w = if w >= 110 { 24 } else { 0 };
    let summary_w = w
        .saturating_sub(
            1 + cat_w
                + 1
                + head_w
                + 1
                + addr_w
                + usize::from(addr_w > 0)
                + status_w
                + 1
                + due_w
                + 1
                + assignee_w
                + 1,
        )
        .max(6);
    let hs = theme::header();
    let mut header = vec![
        Span::raw(" "),
        fit(app.t(Msg::ColCategory), cat_w, hs),
        Span::raw(" "),
        fit(app.t(Msg::ColHead), head_w, hs),
        Span::raw(" "),
    ];
    if addr_w > 0 {
        header.push(fit(app.t(Msg::ColAddress), addr_w, hs));
        header.push(Span::raw(" "));
    }
    header.extend([
        fit(app.t(Msg::ColRequestSummary), summary_w, hs),
        Span::raw(" "),
        fit(app.t(Msg::ColStatus), status_w, hs),
        Span::raw(" "),
        fit_right(app.t(Msg::ColDue), due_w, hs),
        Span::raw(" "),
        fit(app.t(Msg::FieldDepartment), assignee_w, hs),
    ]);
    lines.push(Line::from(header));
    if b.shown.is_empty() {
        lines.push(Line::styled(
            format!(" {}", app.t(Msg::BoardEmpty)),
            theme::dim(),
        ));
    }
    let offset = scroll_offset(b.cursor.selected, list_h, b.cursor.offset);
    for (pos, &i) in b.shown.iter().enumerate().skip(offset).take(list_h) {
        let Some(row) = b.rows.get(i) else { continue };
        let r = &row.request;
        let selected = pos == b.cursor.selected;
        let base = if selected {
            theme::selected()
        } else if r.stage.status.is_resolved() {
            theme::dim()
        } else {
            Style::default()
        };
        let due = match (r.due, row.overdue) {
            (_, true) => app.lang.f(Msg::DueOverdueDays, &[("d", &row.days_overdue)]),
            (Some(d), false) => d.format("%m-%d").to_string(),
            (None, false) => String::new(),
        };
        let mut spans = vec![
            Span::styled(" ", base),
            fit(app.lang.category(r.category), cat_w, base),
            Span::styled(" ", base),
            fit(&row.head, head_w, base),
            Span::styled(" ", base),
        ];
        if addr_w > 0 {
            spans.push(fit(&row.address.display(), addr_w, base));
            spans.push(Span::styled(" ", base));
        }
        spans.extend([
            fit(&r.summary, summary_w, base),
            Span::styled(" ", base),
            fit(app.lang.status(r.stage.status), status_w, base),
            Span::styled(" ", base),
            fit_right(
                &due,
                due_w,
                if row.overdue {
                    base.patch(theme::overdue())
                } else {
                    base
                },
            ),
            Span::styled(" ", base),
            fit(r.assignee.as_deref().unwrap_or(""), assignee_w, base),
        ]);
        lines.push(Line::from(spans));
    }
    if timeline_h > 0
        && let Some(row) = b.selected_row()
    {
        while lines.len() < h.saturating_sub(timeline_h) {
            lines.push(Line::raw(""));
        }
        let r = &row.request;
        let title = format!(
            " {}  {}  {}",
            app.t(Msg::BoardTimeline),
            row.address.display(),
            r.summary
        );
        lines.push(Line::from(fit(&title, w, theme::tab_active())));
        for e in b.events.iter().rev().take(b.events.len().min(8)).rev() {
            lines.push(event_line(app, e, w));
        }
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn event_line(app: &App, e: &RequestEvent, w: usize) -> Line<'static> {
    let kind = match (e.to, e.round) {
        (Status::Open, 1) => Msg::EventOpened,
        (Status::Open, _) => Msg::EventReopened,
        (Status::Dispatched, _) => Msg::EventDispatched,
        (Status::Resolved, _) => Msg::EventResolved,
        (Status::FedBack, _) => Msg::EventFedBack,
        (Status::Evaluated, _) => Msg::EventEvaluated,
    };
    let mut detail = Vec::new();
    if let Some(a) = &e.assignee {
        detail.push(a.clone());
    }
    if let Some(r) = &e.result {
        detail.push(r.clone());
    }
    if let Some(r) = e.rating {
        detail.push(app.lang.rating(r).to_string());
    }
    if !e.note.is_empty() {
        detail.push(e.note.clone());
    }
    if !e.valid {
        detail.push(app.t(Msg::EventInvalid).to_string());
    }
    let text = format!(
        "   {}  {}  {}  {}",
        e.at.format("%Y-%m-%d %H:%M"),
        app.t(kind),
        e.author,
        detail.join("  ")
    );
    let style = if e.valid {
        Style::default()
    } else {
        theme::dim()
    };
    let first = wrap(&text, w)
        .into_iter()
        .next()
        .map(|(t, _)| t)
        .unwrap_or_default();
    Line::from(fit(&first, w, style))
}
