//! The household card: members, open requests and the visit timeline.

use crate::domain::text::visible;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::households::scroll_offset;
use super::spans::{fit, fit_right};
use crate::domain::{MemberStatus, Question, QuestionState};
use crate::i18n::Msg;
use crate::store::visits::VisitRecord;
use crate::ui::app::App;
use crate::ui::card::{Card, Section};
use crate::ui::text::{width, wrap};
use crate::ui::theme;

pub fn render(frame: &mut Frame<'_>, app: &App, card: &Card, area: Rect) {
    let w = usize::from(area.width);
    let h = usize::from(area.height);
    let mut lines: Vec<Line<'static>> = vec![title(app, card, w)];
    if card.draft {
        lines.push(Line::styled(
            format!(" {}", app.t(Msg::CardDraft)),
            theme::overdue(),
        ));
    }
    let open = card.open_requests();
    let member_rows = card.members.len().clamp(1, 8);
    let request_rows = open.len().clamp(1, 4);
    let visit_rows = h
        .saturating_sub(1 + 2 + member_rows + 1 + request_rows + 1)
        .max(1);

    lines.push(section_title(
        app,
        Msg::CardMembers,
        card.members.len(),
        card.section == Section::Members,
        w,
    ));
    lines.push(member_header(app, w));
    let off = scroll_offset(card.member_sel, member_rows, 0);
    for (i, m) in card.members.iter().enumerate().skip(off).take(member_rows) {
        let selected = card.section == Section::Members && i == card.member_sel;
        lines.push(member_line(app, card, m, selected, w));
    }

    lines.push(section_title(
        app,
        Msg::CardRequests,
        open.len(),
        card.section == Section::Requests,
        w,
    ));
    if open.is_empty() {
        lines.push(Line::styled(
            format!("   {}", app.t(Msg::CardNoRequests)),
            theme::dim(),
        ));
    }
    let off = scroll_offset(card.request_sel, request_rows, 0);
    for (i, r) in open.iter().enumerate().skip(off).take(request_rows) {
        let selected = card.section == Section::Requests && i == card.request_sel;
        let base = if selected {
            theme::selected()
        } else {
            Style::default()
        };
        let overdue = r.is_overdue(app.today());
        let due = r
            .due
            .map(|d| d.format("%m-%d").to_string())
            .unwrap_or_default();
        let summary_w = w.saturating_sub(3 + 10 + 1 + 8 + 1 + 6 + 1);
        lines.push(Line::from(vec![
            Span::styled("   ", base),
            fit(app.lang.category(r.category), 10, base),
            Span::styled(" ", base),
            fit(&r.summary, summary_w, base),
            Span::styled(" ", base),
            fit(app.lang.status(r.stage.status), 8, base),
            Span::styled(" ", base),
            fit_right(
                &due,
                6,
                if overdue {
                    base.patch(theme::overdue())
                } else {
                    base
                },
            ),
        ]));
    }

    lines.push(section_title(
        app,
        Msg::CardVisits,
        card.visits.len(),
        card.section == Section::Visits,
        w,
    ));
    if card.visits.is_empty() {
        lines.push(Line::styled(
            format!("   {}", app.t(Msg::CardNoVisits)),
            theme::dim(),
        ));
    }
    let mut visit_lines: Vec<(usize, Line<'static>)> = Vec::new();
    for (i, v) in card.visits.iter().enumerate() {
        let selected = card.section == Section::Visits && i == card.visit_sel;
        visit_lines.push((i, visit_line(app, card, v, selected, w)));
        if selected {
            for q in Question::ALL {
                let a = v.visit.checklist.get(q);
                if a.notes.is_empty() {
                    continue;
                }
                let label = format!("     {} ", app.lang.question(q));
                let indent = width(&label);
                for (n, (text, _)) in wrap(&a.notes, w.saturating_sub(indent + 1))
                    .into_iter()
                    .enumerate()
                {
                    let lead = if n == 0 {
                        label.clone()
                    } else {
                        " ".repeat(indent)
                    };
                    visit_lines.push((
                        i,
                        Line::from(vec![Span::styled(lead, theme::header()), Span::raw(text)]),
                    ));
                }
            }
        }
    }
    // Scroll so the selected visit and its notes are on screen.
    let first = visit_lines
        .iter()
        .position(|(i, _)| *i == card.visit_sel)
        .unwrap_or(0);
    let last = visit_lines
        .iter()
        .rposition(|(i, _)| *i == card.visit_sel)
        .unwrap_or(0);
    let start = if last + 1 > visit_rows {
        (last + 1 - visit_rows).min(first)
    } else {
        0
    };
    lines.extend(
        visit_lines
            .into_iter()
            .skip(start)
            .take(visit_rows)
            .map(|(_, l)| l),
    );
    frame.render_widget(Paragraph::new(lines), area);
}

fn title(app: &App, card: &Card, w: usize) -> Line<'static> {
    let mut spans = vec![
        Span::raw(" "),
        Span::styled(
            visible(&card.household.address.display()).into_owned(),
            theme::title(),
        ),
        Span::raw("  "),
        Span::styled(visible(&card.household.grid).into_owned(), theme::dim()),
    ];
    if card.household.archived {
        spans.push(Span::styled(
            format!("  {}", app.t(Msg::Archived)),
            theme::overdue(),
        ));
    }
    if !card.household.note.is_empty() {
        spans.push(Span::styled(
            format!("  {}", visible(&card.household.note)),
            theme::dim(),
        ));
    }
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    if used > w {
        let text: String = spans.iter().map(|s| s.content.to_string()).collect();
        return Line::from(fit(&text, w, theme::title()));
    }
    Line::from(spans)
}

fn section_title(app: &App, msg: Msg, n: usize, focused: bool, w: usize) -> Line<'static> {
    let text = format!(" {} ({n})", app.t(msg));
    let style = if focused {
        theme::tab_active()
    } else {
        theme::header()
    };
    Line::from(vec![
        Span::styled(text.clone(), style),
        Span::raw(" ".repeat(w.saturating_sub(width(&text)))),
    ])
}

/// (relation, name, sex, age, tags, phone, id) widths for `w` cells.
fn member_cols(w: usize) -> [usize; 7] {
    let fixed = 3 + 8 + 1 + 10 + 1 + 4 + 1 + 4 + 1 + 1 + 12 + 1 + 18;
    [8, 10, 4, 4, w.saturating_sub(fixed).max(4), 12, 18]
}

fn member_header(app: &App, w: usize) -> Line<'static> {
    let c = member_cols(w);
    let h = theme::dim();
    Line::from(vec![
        Span::raw("   "),
        fit(app.t(Msg::ColRelation), c[0], h),
        Span::raw(" "),
        fit(app.t(Msg::ColName), c[1], h),
        Span::raw(" "),
        fit(app.t(Msg::ColGender), c[2], h),
        Span::raw(" "),
        fit_right(app.t(Msg::ColAge), c[3], h),
        Span::raw(" "),
        fit(app.t(Msg::ColTags), c[4], h),
        Span::raw(" "),
        fit(app.t(Msg::ColPhone), c[5], h),
        Span::raw(" "),
        fit(app.t(Msg::ColIdNumber), c[6], h),
    ])
}

fn member_line(
    app: &App,
    card: &Card,
    m: &crate::domain::Member,
    selected: bool,
    w: usize,
) -> Line<'static> {
    let c = member_cols(w);
    let present = m.status == MemberStatus::Present;
    let base = match (selected, present) {
        (true, _) => theme::selected(),
        (false, false) => theme::dim(),
        (false, true) => Style::default(),
    };
    let phone = m
        .phone
        .as_ref()
        .map(|p| {
            if card.reveal {
                p.as_str().to_string()
            } else {
                p.masked()
            }
        })
        .unwrap_or_default();
    let id = m
        .id_number
        .as_ref()
        .map(|n| {
            if card.reveal {
                n.as_str().to_string()
            } else {
                n.masked()
            }
        })
        .unwrap_or_default();
    let tags = if present {
        m.tags
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        app.lang.member_status(m.status).to_string()
    };
    Line::from(vec![
        Span::styled("   ", base),
        fit(app.lang.relation(m.relation), c[0], base),
        Span::styled(" ", base),
        fit(&m.name, c[1], base),
        Span::styled(" ", base),
        fit(m.gender.map_or("", |g| app.lang.gender(g)), c[2], base),
        Span::styled(" ", base),
        fit_right(
            &m.age(app.today())
                .map(|a| a.to_string())
                .unwrap_or_default(),
            c[3],
            base,
        ),
        Span::styled(" ", base),
        fit(
            &tags,
            c[4],
            if present {
                base.patch(theme::tag())
            } else {
                base
            },
        ),
        Span::styled(" ", base),
        fit(&phone, c[5], base),
        Span::styled(" ", base),
        fit(&id, c[6], base),
    ])
}

fn visit_line(app: &App, card: &Card, v: &VisitRecord, selected: bool, w: usize) -> Line<'static> {
    let base = if selected {
        theme::selected()
    } else if v.voided {
        theme::dim()
    } else {
        Style::default()
    };
    let visit = &v.visit;
    let mut spans = vec![
        Span::styled("   ", base),
        fit(&visit.at.format("%Y-%m-%d").to_string(), 10, base),
        Span::styled(" ", base),
        fit(app.lang.mode(visit.mode), 8, base),
        Span::styled(" ", base),
        fit(&visit.visitor, 10, base),
        Span::styled(" ", base),
    ];
    for q in Question::ALL {
        // Asked in green, nothing new plain, not asked as a dash (visible on any background).
        let (text, style) = match visit.checklist.get(q).state {
            QuestionState::Asked => (app.lang.question_short(q), base.patch(theme::good())),
            QuestionState::NothingNew => (app.lang.question_short(q), base),
            QuestionState::NotAsked => ("-", base),
        };
        spans.push(fit(text, 2, style));
    }
    let linked = card
        .requests
        .iter()
        .filter(|r| r.visit == Some(visit.id))
        .count();
    let mut tail = String::new();
    if v.voided {
        tail.push_str(app.t(Msg::Voided));
        tail.push(' ');
    } else if v.versions > 1 {
        tail.push_str(app.t(Msg::Amended));
        tail.push(' ');
    }
    if linked > 0 {
        tail.push_str(&format!("{}{linked} ", app.t(Msg::ColRequests)));
    }
    let note = Question::ALL
        .iter()
        .map(|q| visit.checklist.get(*q).notes.as_str())
        .find(|n| !n.is_empty())
        .unwrap_or("");
    tail.push_str(note);
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    spans.push(Span::styled(" ", base));
    spans.push(fit(&tail, w.saturating_sub(used + 1), base));
    Line::from(spans)
}
