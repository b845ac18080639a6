//! The visit form: the header fields, then the four questions; the one being worked on is
//! open with its notes and quick picks, the others show one line each.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::overlay::{centered, draw, panel};
use super::spans::fit;
use crate::domain::{Question, QuestionState};
use crate::i18n::Msg;
use crate::ui::app::App;
use crate::ui::text::{TextInput, width, wrap};
use crate::ui::theme;
use crate::ui::visit::{Prompt, VisitScreen, notes_width};
use crate::ui::visit_form::{Focus, MemberEdit, VisitForm};

struct Out {
    lines: Vec<Line<'static>>,
    cursor: Option<(u16, u16)>,
}

impl Out {
    fn push(&mut self, line: Line<'static>) {
        self.lines.push(line);
    }

    /// Marks the cursor at `col` cells on the line about to be pushed.
    fn cursor_here(&mut self, col: usize) {
        self.cursor = Some((col as u16, self.lines.len() as u16));
    }
}

fn field_style(focused: bool) -> Style {
    if focused {
        theme::selected()
    } else {
        Style::default().bg(ratatui::style::Color::Rgb(40, 40, 40))
    }
}

/// An inline text field: `[text]` in `cells` cells, the cursor recorded when focused.
fn input_spans(
    out: &mut Out,
    before: usize,
    input: &TextInput,
    cells: usize,
    focused: bool,
) -> Span<'static> {
    // A focused field scrolls so the caret and what was just typed stay in view.
    let shown = if focused {
        let (shown, caret) = input.window(cells);
        out.cursor_here(before + caret);
        shown
    } else {
        input.text().to_string()
    };
    fit(&shown, cells, field_style(focused))
}

pub fn render(frame: &mut Frame<'_>, app: &App, screen: &VisitScreen, area: Rect) {
    let f = &screen.form;
    let w = usize::from(area.width);
    let mut out = Out {
        lines: Vec::new(),
        cursor: None,
    };
    let title = if f.corrects.is_some() {
        Msg::AmendTitle
    } else {
        Msg::VisitTitle
    };
    out.push(Line::from(vec![
        Span::styled(format!(" {} ", app.t(title)), theme::tab_active()),
        Span::styled(format!(" {}", screen.address), theme::title()),
    ]));
    header(&mut out, app, f, w);
    let open_q = f.focus.question();
    let collapsed = Question::ALL.iter().filter(|q| Some(**q) != open_q).count();
    let reserve = usize::from(area.height).saturating_sub(out.lines.len() + collapsed * 2 + 1);
    for q in Question::ALL {
        if Some(q) == open_q {
            open_block(&mut out, app, f, q, w, reserve);
        } else {
            closed_block(&mut out, app, f, q, w);
        }
    }
    if let Some(e) = &screen.error {
        out.push(Line::from(fit(&format!(" {e}"), w, theme::overdue())));
    }
    frame.render_widget(Paragraph::new(out.lines.clone()), area);
    // Nothing covers the form, or the caret would blink in the help over it.
    if let Some((x, y)) = out.cursor
        && y < area.height
        && screen.prompt.is_none()
        && app.overlay.is_none()
    {
        frame.set_cursor_position(Position::new(area.x + x, area.y + y));
    }
    if let Some(p) = &screen.prompt {
        prompt(frame, app, p, frame.area());
    }
}

fn header(out: &mut Out, app: &App, f: &VisitForm, w: usize) {
    let label = |m: Msg| format!(" {} ", app.t(m));
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    let date_l = label(Msg::FieldDate);
    used += width(&date_l);
    spans.push(Span::styled(date_l, theme::header()));
    spans.push(input_spans(out, used, &f.date, 16, f.focus == Focus::Date));
    used += 16;
    let mode_l = label(Msg::FieldMode);
    used += width(&mode_l);
    spans.push(Span::styled(mode_l, theme::header()));
    let mode = format!("< {} >", app.lang.mode(f.mode));
    used += width(&mode);
    spans.push(Span::styled(mode, field_style(f.focus == Focus::Mode)));
    let vis_l = label(Msg::FieldVisitor);
    used += width(&vis_l);
    spans.push(Span::styled(vis_l, theme::header()));
    spans.push(input_spans(
        out,
        used,
        &f.visitor,
        10,
        f.focus == Focus::Visitor,
    ));
    used += 10;
    let with_l = label(Msg::FieldCompanions);
    if used + width(&with_l) + 8 <= w {
        used += width(&with_l);
        spans.push(Span::styled(with_l, theme::header()));
        let room = w.saturating_sub(used + 1).min(24);
        spans.push(input_spans(
            out,
            used,
            &f.companions,
            room,
            f.focus == Focus::Companions,
        ));
    }
    out.push(Line::from(spans));
}

fn state_chip(app: &App, state: QuestionState, focused: bool) -> Span<'static> {
    let style = match (focused, state) {
        (true, _) => theme::selected(),
        (false, QuestionState::Asked) => theme::good(),
        (false, QuestionState::NothingNew) => Style::default(),
        (false, QuestionState::NotAsked) => theme::dim(),
    };
    Span::styled(format!("< {} >", app.lang.question_state(state)), style)
}

fn closed_block(out: &mut Out, app: &App, f: &VisitForm, q: Question, w: usize) {
    let qf = f.question(q);
    out.push(Line::from(vec![
        Span::styled(format!(" {} ", app.lang.question(q)), theme::header()),
        state_chip(app, qf.state, false),
        Span::raw(" "),
        Span::styled(picks_summary(app, f, q), theme::tag()),
    ]));
    let first = qf.notes.text().lines().next().unwrap_or("");
    let text = if first.is_empty() {
        app.t(Msg::EmptyNotes)
    } else {
        first
    };
    out.push(Line::from(fit(
        &format!("   {text}"),
        w,
        if first.is_empty() {
            theme::dim()
        } else {
            Style::default()
        },
    )));
}

/// What a question's quick picks hold, in a few words.
fn picks_summary(app: &App, f: &VisitForm, q: Question) -> String {
    match q {
        Question::Basics => {
            let n = f.record_changes();
            if n > 0 {
                format!("{} {n}", app.t(Msg::MembersCheck))
            } else {
                String::new()
            }
        }
        Question::Family if f.dispute => app.t(Msg::DisputeFlag).to_string(),
        Question::Difficulties => f
            .needs
            .iter()
            .filter(|n| n.picked)
            .map(|n| app.lang.category(n.category))
            .collect::<Vec<_>>()
            .join("、"),
        Question::Suggestions if f.suggestion_request => app.t(Msg::SuggestionFlag).to_string(),
        _ => String::new(),
    }
}

fn open_block(out: &mut Out, app: &App, f: &VisitForm, q: Question, w: usize, room: usize) {
    let qf = f.question(q);
    out.push(Line::from(vec![
        Span::styled(format!(" {} ", app.lang.question(q)), theme::tab_active()),
        Span::raw(" "),
        state_chip(app, qf.state, f.focus == Focus::State(q)),
    ]));
    let picks = picks_lines(f, q);
    let cells = notes_width(w as u16);
    let notes_room = room.saturating_sub(1 + picks).max(2);
    let wrapped = wrap(qf.notes.text(), cells);
    let focused = f.focus == Focus::Notes(q);
    let (caret_line, caret_col) = qf.notes.caret_in_wrap(cells);
    let start = if focused && caret_line >= notes_room {
        caret_line + 1 - notes_room
    } else {
        0
    };
    for (i, (text, _)) in wrapped.iter().enumerate().skip(start).take(notes_room) {
        if focused && i == caret_line {
            out.cursor_here(3 + caret_col);
        }
        out.push(Line::from(vec![
            Span::raw("   "),
            fit(text, cells, field_style(focused)),
        ]));
    }
    for _ in wrapped.len().saturating_sub(start).min(notes_room)..notes_room.min(3) {
        out.push(Line::from(vec![
            Span::raw("   "),
            fit("", cells, field_style(focused)),
        ]));
    }
    match q {
        Question::Basics => members(out, app, f, w),
        Question::Family => family(out, app, f, w),
        Question::Difficulties => needs(out, app, f, w),
        Question::Suggestions => {
            let mark = if f.suggestion_request { "[x]" } else { "[ ]" };
            out.push(Line::from(vec![
                Span::raw("   "),
                Span::styled(
                    format!("{mark} {}", app.t(Msg::SuggestionFlag)),
                    field_style(f.focus == Focus::SuggestionFlag),
                ),
            ]));
        }
    }
}

fn picks_lines(f: &VisitForm, q: Question) -> usize {
    match q {
        Question::Basics => f.members.len() + f.new_people.len() + 2,
        Question::Family => 1,
        Question::Difficulties => 2,
        Question::Suggestions => 1,
    }
}

fn members(out: &mut Out, app: &App, f: &VisitForm, w: usize) {
    let focused = f.focus == Focus::Members;
    out.push(Line::from(vec![
        Span::styled(format!("   {} ", app.t(Msg::MembersCheck)), theme::header()),
        Span::styled(app.t(Msg::MembersHint).to_string(), theme::dim()),
    ]));
    for (i, m) in f.members.iter().enumerate() {
        let selected = focused && i == f.member_sel;
        let base = if selected {
            theme::selected()
        } else {
            Style::default()
        };
        let mut spans = vec![Span::raw("    "), fit(&m.name, 10, base)];
        let mut used = 14;
        if m.moved_out {
            let t = format!(" {}", app.t(Msg::MovedOutMark));
            used += width(&t);
            spans.push(Span::styled(t, theme::overdue()));
        }
        for (what, label, input) in [
            (MemberEdit::Phone, Msg::NewPhoneLabel, &m.phone),
            (MemberEdit::Health, Msg::HealthLabel, &m.health),
        ] {
            if let Some(input) = input {
                let l = format!(" {}:", app.t(label));
                used += width(&l);
                spans.push(Span::styled(l, theme::header()));
                let editing = selected && f.member_edit == Some(what);
                let cells = if what == MemberEdit::Phone {
                    13
                } else {
                    w.saturating_sub(used + 2).clamp(6, 30)
                };
                spans.push(input_spans(out, used, input, cells, editing));
                used += cells;
            }
        }
        // The category a health change adds, chosen with ←/→ after Tab.
        let choosing = selected && f.member_edit == Some(MemberEdit::HealthTag);
        if m.health.is_some() && (choosing || m.tag.is_some()) {
            let none = app.t(Msg::HealthTagNone);
            let tag = m.tag.as_deref().unwrap_or(none);
            spans.push(Span::styled(
                format!(" {}: ", app.t(Msg::HealthTagLabel)),
                theme::header(),
            ));
            spans.push(Span::styled(
                format!("< {tag} >"),
                if choosing {
                    theme::selected()
                } else {
                    theme::tag()
                },
            ));
        }
        out.push(Line::from(spans));
    }
    for (i, p) in f.new_people.iter().enumerate() {
        let selected = focused && f.member_sel == f.members.len() + i;
        let label = format!("    {} ", app.t(Msg::NewPersonLabel));
        let used = width(&label);
        let editing = selected && f.member_edit == Some(MemberEdit::NewName);
        let name = input_spans(out, used, &p.name, 10, editing);
        out.push(Line::from(vec![
            Span::styled(label, theme::good()),
            name,
            Span::styled(
                format!(" < {} >", app.lang.relation(p.relation)),
                if selected {
                    theme::selected()
                } else {
                    Style::default()
                },
            ),
        ]));
    }
    let add_selected = focused && f.member_sel == f.members.len() + f.new_people.len();
    out.push(Line::from(vec![
        Span::raw("    "),
        Span::styled(
            app.t(Msg::AddPerson).to_string(),
            if add_selected {
                theme::selected()
            } else {
                theme::dim()
            },
        ),
    ]));
}

fn family(out: &mut Out, app: &App, f: &VisitForm, w: usize) {
    let mark = if f.dispute { "[x]" } else { "[ ]" };
    let flag = format!("{mark} {}", app.t(Msg::DisputeFlag));
    let used = 3 + width(&flag) + 2;
    let mut spans = vec![
        Span::raw("   "),
        Span::styled(flag, field_style(f.focus == Focus::Dispute)),
        Span::raw("  "),
    ];
    spans.push(input_spans(
        out,
        used,
        &f.dispute_text,
        w.saturating_sub(used + 1).min(50),
        f.focus == Focus::DisputeText,
    ));
    out.push(Line::from(spans));
}

fn needs(out: &mut Out, app: &App, f: &VisitForm, w: usize) {
    let focused = f.focus == Focus::Needs;
    let mut lines: Vec<Vec<Span<'static>>> = vec![vec![Span::raw("   ")]];
    let mut used = 3;
    for (i, n) in f.needs.iter().enumerate() {
        let mark = if n.picked { "[x]" } else { "[ ]" };
        let tier = if n.picked {
            format!("({})", app.lang.tier(n.tier))
        } else {
            String::new()
        };
        let text = format!("{mark}{}{tier} ", app.lang.category(n.category));
        let cells = width(&text);
        if used + cells > w && used > 3 {
            lines.push(vec![Span::raw("   ")]);
            used = 3;
        }
        let style = if focused && i == f.need_sel {
            theme::selected()
        } else if n.picked {
            theme::good()
        } else {
            Style::default()
        };
        if let Some(line) = lines.last_mut() {
            line.push(Span::styled(text, style));
        }
        used += cells;
    }
    if focused {
        // The hint goes on its own line when it does not fit after the needs.
        let hint = app.t(Msg::NeedsHint);
        if used + width(hint) > w {
            lines.push(vec![Span::raw("   ")]);
        }
        if let Some(line) = lines.last_mut() {
            line.push(Span::styled(hint.to_string(), theme::dim()));
        }
    }
    for spans in lines {
        out.push(Line::from(spans));
    }
}

fn prompt(frame: &mut Frame<'_>, app: &App, p: &Prompt, area: Rect) {
    let (question, extra): (String, Vec<String>) = match p {
        Prompt::Discard => (app.t(Msg::ConfirmDiscard).to_string(), Vec::new()),
        Prompt::NoQuestion => (app.t(Msg::ConfirmNoQuestion).to_string(), Vec::new()),
        Prompt::Review(lines) => (app.t(Msg::ConfirmReview).to_string(), lines.clone()),
        Prompt::Reason(input) => (
            format!("{}{}", app.t(Msg::AmendReason), input.text()),
            Vec::new(),
        ),
    };
    let w = extra
        .iter()
        .chain(std::iter::once(&question))
        .map(|l| width(l))
        .max()
        .unwrap_or(20)
        + 6;
    let w = w.clamp(30, usize::from(area.width));
    let h = 4 + extra.len();
    let rect = centered(area, w as u16, h as u16);
    let mut lines = vec![
        Line::raw(""),
        Line::from(fit(&format!("  {question}"), w, panel())),
    ];
    for l in &extra {
        lines.push(Line::from(fit(&format!("    {l}"), w, panel())));
    }
    if !matches!(p, Prompt::Reason(_)) {
        lines.push(Line::from(fit(
            &format!("  {}", app.t(Msg::ConfirmYesNo)),
            w,
            theme::dim(),
        )));
    }
    draw(frame, rect, "", lines);
    if let Prompt::Reason(input) = p
        && app.overlay.is_none()
    {
        let before = 2 + width(app.t(Msg::AmendReason)) + input.caret_cells();
        frame.set_cursor_position(Position::new(rect.x + before.min(w - 1) as u16, rect.y + 2));
    }
}
