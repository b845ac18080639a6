//! The household list with its lookup box.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::spans::{fit, fit_marked, fit_right};
use crate::i18n::Msg;
use crate::search::MatchField;
use crate::store::lists::HouseholdRow;
use crate::ui::app::App;
use crate::ui::list::{Filter, Sort, due_of};
use crate::ui::text::width;
use crate::ui::theme;

/// Column widths for a terminal `w` cells wide.
pub struct Columns {
    pub grid: usize,
    pub address: usize,
    pub head: usize,
    pub members: usize,
    pub tags: usize,
    pub since: usize,
    pub requests: usize,
}

impl Columns {
    pub fn for_width(w: usize) -> Self {
        let (head, members, since, requests) = (8, 4, 7, 4);
        let grid = if w >= 110 { 10 } else { 0 };
        let gaps = if grid > 0 { 6 } else { 5 };
        let rest = w.saturating_sub(head + members + since + requests + grid + gaps + 1);
        let address = (rest * 3 / 5).max(12);
        let tags = rest.saturating_sub(address);
        Self {
            grid,
            address,
            head,
            members,
            tags,
            since,
            requests,
        }
    }
}

pub fn render(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let w = usize::from(area.width);
    let cols = Columns::for_width(w);
    let mut lines: Vec<Line<'static>> = Vec::new();
    lines.push(top_line(frame, app, area, w));
    lines.push(header(app, &cols));
    let body = usize::from(area.height).saturating_sub(2);
    let searching = app.households.search.active();
    let (ids, selected): (Vec<usize>, usize) = if searching {
        let rows = app
            .households
            .search
            .hits
            .iter()
            .filter_map(|h| app.households.row_of.get(&h.id).copied())
            .collect();
        (rows, app.households.search.cursor.selected)
    } else {
        (
            app.households.list.view.clone(),
            app.households.list.cursor.selected,
        )
    };
    if ids.is_empty() {
        if app.households.list.rows.is_empty() && !searching {
            // A new database: say how to fill it rather than show an empty screen.
            for (text, _) in crate::ui::text::wrap(app.t(Msg::FirstSteps), w.saturating_sub(2)) {
                lines.push(Line::styled(format!(" {text}"), theme::good()));
            }
        } else {
            let text = if searching { app.t(Msg::NoMatches) } else { "" };
            lines.push(Line::styled(format!(" {text}"), theme::dim()));
        }
    }
    let offset = scroll_offset(
        selected,
        body,
        if searching {
            app.households.search.cursor.offset
        } else {
            app.households.list.cursor.offset
        },
    );

    for (pos, &row) in ids.iter().enumerate().skip(offset).take(body) {
        let Some(r) = app.households.list.rows.get(row) else {
            continue;
        };
        lines.push(row_line(app, r, &cols, pos == selected));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// Keeps the selection on screen.
pub fn scroll_offset(selected: usize, height: usize, offset: usize) -> usize {
    if height == 0 {
        return selected;
    }
    if selected < offset {
        selected
    } else if selected >= offset + height {
        selected + 1 - height
    } else {
        offset
    }
}

fn top_line(frame: &mut Frame<'_>, app: &App, area: Rect, w: usize) -> Line<'static> {
    if app.households.search.focused || app.households.search.active() {
        let prompt = app.t(Msg::SearchPrompt);
        let query = app.households.search.input.text().to_string();
        let count = if app.households.search.active() {
            app.lang
                .f(Msg::MatchCount, &[("n", &app.households.search.hits.len())])
        } else {
            app.t(Msg::SearchHint).to_string()
        };
        // A long query scrolls so the caret stays in view beside the count.
        let room = w
            .saturating_sub(1 + width(prompt) + width(&count) + 2)
            .max(8);
        let (query, caret) = if width(&query) > room || app.households.search.focused {
            app.households.search.input.window(room)
        } else {
            (query, 0)
        };
        let used = 1 + width(prompt) + width(&query);
        if app.households.search.focused && app.overlay.is_none() {
            let x = area.x + (1 + width(prompt) + caret).min(w.saturating_sub(1)) as u16;
            frame.set_cursor_position(Position::new(x, area.y));
        }
        return Line::from(vec![
            Span::raw(" "),
            Span::styled(prompt.to_string(), theme::header()),
            Span::styled(query, theme::title()),
            fit_right(&count, w.saturating_sub(used + 1), theme::dim()),
        ]);
    }
    let sort = match app.households.list.sort {
        Sort::Address => Msg::SortAddress,
        Sort::SinceVisit => Msg::SortSinceVisit,
        Sort::Name => Msg::SortName,
    };
    let filter = match &app.households.list.filter {
        Filter::None => app.t(Msg::FilterNone).to_string(),
        Filter::Overdue => app.t(Msg::FilterOverdue).to_string(),
        Filter::OpenRequests => app.t(Msg::FilterOpenRequests).to_string(),
        Filter::Tag(t) => app.lang.f(Msg::FilterTag, &[("t", t)]),
        Filter::Building { compound, building } => format!("{compound}{building}"),
        Filter::Archived => app.t(Msg::Archived).to_string(),
    };
    let text = format!(
        " {}  {}  {}",
        app.lang.f(
            Msg::HouseholdsCount,
            &[("n", &app.households.list.view.len())]
        ),
        app.lang.f(Msg::SortedBy, &[("s", &app.t(sort))]),
        app.lang.f(Msg::FilterLabel, &[("f", &filter)]),
    );
    Line::from(fit(&text, w, theme::dim()))
}

fn header(app: &App, c: &Columns) -> Line<'static> {
    let h = theme::header();
    let mut spans = vec![Span::raw(" ")];
    if c.grid > 0 {
        spans.push(fit(app.t(Msg::ColGrid), c.grid, h));
        spans.push(Span::raw(" "));
    }
    spans.extend([
        fit(app.t(Msg::ColAddress), c.address, h),
        Span::raw(" "),
        fit(app.t(Msg::ColHead), c.head, h),
        Span::raw(" "),
        fit_right(app.t(Msg::ColMembers), c.members, h),
        Span::raw(" "),
        fit(app.t(Msg::ColTags), c.tags, h),
        Span::raw(" "),
        fit_right(app.t(Msg::ColSinceVisit), c.since, h),
        Span::raw(" "),
        fit_right(app.t(Msg::ColRequests), c.requests, h),
    ]);
    Line::from(spans)
}

fn row_line(app: &App, r: &HouseholdRow, c: &Columns, selected: bool) -> Line<'static> {
    let today = app.today();
    let base = if selected {
        theme::selected()
    } else if r.archived {
        theme::dim()
    } else {
        Style::default()
    };
    let mark = theme::matched()
        .patch(if selected {
            theme::selected()
        } else {
            Style::default()
        })
        .patch(theme::matched());
    let marks = |field| app.households.search.marks_in(r.id, field);
    let due = due_of(r, &app.policy, today);
    let since = match r.last_visit {
        Some(d) => format!("{}{}", (today - d).num_days(), app.t(Msg::DaysSuffix)),
        None => app.t(Msg::NeverVisited).to_string(),
    };
    let since_style = if due.days_overdue > 0 {
        base.patch(theme::overdue())
    } else {
        base
    };
    let requests_overdue = r.next_due.is_some_and(|d| d < today);
    let req_style = if requests_overdue {
        base.patch(theme::overdue())
    } else {
        base
    };
    let requests = if r.open_requests > 0 {
        r.open_requests.to_string()
    } else {
        String::new()
    };
    let tags: Vec<&str> = r.tags.iter().map(|t| t.as_str()).collect();
    let matched_elsewhere = other_match(app, r);
    let mut spans = vec![Span::styled(" ", base)];
    if c.grid > 0 {
        spans.push(fit(&r.grid, c.grid, base));
        spans.push(Span::styled(" ", base));
    }
    spans.extend(fit_marked(
        &r.address.display(),
        marks(MatchField::Address),
        c.address,
        base,
        mark,
    ));
    spans.push(Span::styled(" ", base));
    spans.extend(fit_marked(
        &r.head,
        marks(MatchField::Head),
        c.head,
        base,
        mark,
    ));
    spans.push(Span::styled(" ", base));
    spans.push(fit_right(&r.member_count.to_string(), c.members, base));
    spans.push(Span::styled(" ", base));
    match matched_elsewhere {
        Some((text, marks)) => spans.extend(fit_marked(
            &text,
            &marks,
            c.tags,
            base.patch(theme::dim()),
            mark,
        )),
        None => spans.push(fit(&tags.join(" "), c.tags, base.patch(theme::tag()))),
    }
    spans.push(Span::styled(" ", base));
    spans.push(fit_right(&since, c.since, since_style));
    spans.push(Span::styled(" ", base));
    spans.push(fit_right(&requests, c.requests, req_style));
    Line::from(spans)
}

/// When a search matched a member, phone, ID number or tag rather than the head or address,
/// that text (numbers masked, keeping the matched tail visible) and its marks.
fn other_match(app: &App, r: &HouseholdRow) -> Option<(String, Vec<usize>)> {
    if !app.households.search.active() {
        return None;
    }
    let hit = app.households.search.hits.iter().find(|h| h.id == r.id)?;
    let doc = app.index.as_ref()?.doc(hit.doc)?;
    let field = std::iter::once((hit.field, &hit.highlight))
        .chain(hit.also.iter().map(|f| (f.field, &f.highlight)))
        .find(|(f, _)| {
            !matches!(
                f,
                MatchField::Head | MatchField::Address | MatchField::Compound
            )
        })?;
    let text = doc.text(field.0)?.to_string();
    let shown = match field.0 {
        MatchField::Phone(_) => crate::domain::Phone::from_trusted(text).masked(),
        MatchField::IdNumber(_) => crate::domain::IdNumber::from_trusted(text).masked(),
        _ => text,
    };
    Some((shown, field.1.clone()))
}
