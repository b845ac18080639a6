//! What covers the screen: help, a yes/no question, a form, a picker. Overlays are drawn on a
//! cleared background, and a wide character cut by an overlay's edge is blanked whole.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::spans::fit;
use crate::i18n::Msg;
use crate::ui::app::{App, Overlay};
use crate::ui::form::{FieldKind, Form};
use crate::ui::text::width;
use crate::ui::theme;

pub fn panel() -> Style {
    Style::default().bg(Color::Black).fg(Color::White)
}

/// A centred box of `w`×`h` cells, kept inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Blanks the halves of wide characters that an overlay's left and right edges cut through.
pub fn mend_edges(buf: &mut Buffer, popup: Rect) {
    for y in popup.top()..popup.bottom() {
        if popup.left() > buf.area.left() {
            let x = popup.left() - 1;
            if let Some(cell) = buf.cell_mut(Position::new(x, y))
                && width(cell.symbol()) > 1
            {
                cell.set_symbol(" ");
            }
        }
        if let Some(last) = popup.right().checked_sub(1)
            && let Some(cell) = buf.cell_mut(Position::new(last, y))
            && width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
}

pub fn draw(frame: &mut Frame<'_>, rect: Rect, title: &str, lines: Vec<Line<'static>>) {
    frame.render_widget(Clear, rect);
    let w = usize::from(rect.width);
    let mut all = vec![Line::from(fit(
        &format!(" {title}"),
        w,
        theme::tab_active(),
    ))];
    all.extend(lines);
    frame.render_widget(Paragraph::new(all).style(panel()), rect);
    mend_edges(frame.buffer_mut(), rect);
}

pub fn render(frame: &mut Frame<'_>, app: &App, overlay: &Overlay, area: Rect) {
    match overlay {
        Overlay::Help => help(frame, app, area),
        Overlay::Confirm(c) => {
            let w = (width(&c.question) + 6).clamp(30, usize::from(area.width)) as u16;
            let rect = centered(area, w, 5);
            let lines = vec![
                Line::raw(""),
                Line::from(fit(&format!("  {}", c.question), usize::from(w), panel())),
                Line::raw(""),
                Line::from(fit(
                    &format!("  {}", app.t(Msg::ConfirmYesNo)),
                    usize::from(w),
                    theme::dim(),
                )),
            ];
            draw(frame, rect, "", lines);
        }
        Overlay::Form(f) => form(frame, app, f, area),
        Overlay::Picker(p) => {
            let labels: Vec<&str> = p.items.iter().map(|(l, _)| l.as_str()).collect();
            list_box(frame, &p.title, &labels, p.selected, area);
        }
        Overlay::Import(screen) => import(frame, app, screen, area),
        Overlay::Sync(d) => sync_dialog(frame, app, d, area),
        Overlay::Drafts(drafts, selected) => {
            let labels: Vec<&str> = drafts.iter().map(|(_, l)| l.as_str()).collect();
            list_box(frame, app.t(Msg::DraftsTitle), &labels, *selected, area);
        }
    }
}

fn help(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let rows = app.keymap.help_rows();
    let key_w = rows
        .iter()
        .map(|(k, _)| width(k))
        .max()
        .unwrap_or(4)
        .min(20);
    let label_w = rows
        .iter()
        .map(|(_, a)| width(app.t(a.label())))
        .max()
        .unwrap_or(8);
    let col_w = key_w + label_w + 4;
    // As few columns as make every row fit the screen's height, as many as its width allows.
    let room = usize::from(area.height).saturating_sub(3).max(1);
    let fit_w = (usize::from(area.width).saturating_sub(4) / col_w).clamp(1, 3);
    let cols = (1..=fit_w)
        .find(|n| rows.len().div_ceil(*n) <= room)
        .unwrap_or(fit_w);
    let per_col = rows.len().div_ceil(cols).min(room);
    let footer = format!(" {}", app.t(Msg::HelpFooter));
    let w = (col_w * cols + 2).max(width(&footer) + 1);
    let h = per_col + 3;
    let rect = centered(area, w as u16, h as u16);
    let mut lines = Vec::new();
    for i in 0..per_col {
        let mut spans = vec![Span::raw(" ")];
        for col in 0..cols {
            if let Some((keys, action)) = rows.get(col * rows.len().div_ceil(cols) + i) {
                spans.push(fit(keys, key_w, theme::header()));
                spans.push(Span::raw("  "));
                spans.push(fit(app.t(action.label()), label_w + 2, panel()));
            }
        }
        lines.push(Line::from(spans));
    }
    // The way out is always shown, even when rows had to be left off.
    lines.push(Line::from(fit(&footer, w, theme::dim())));
    draw(frame, rect, app.t(Msg::HelpTitle), lines);
}

fn form(frame: &mut Frame<'_>, app: &App, f: &Form, area: Rect) {
    let label_w = f
        .fields
        .iter()
        .map(|x| width(app.t(x.label)))
        .max()
        .unwrap_or(6)
        + 2;
    let w = usize::from(area.width).clamp(40, 70);
    let input_w = w.saturating_sub(label_w + 4);
    let h = f.fields.len() + 4;
    let rect = centered(area, w as u16, h as u16);
    let mut lines = vec![Line::raw("")];
    let mut cursor = None;
    for (i, field) in f.fields.iter().enumerate() {
        let focused = i == f.focus;
        let label_style = if focused { theme::header() } else { panel() };
        let value_style = if focused {
            theme::selected()
        } else {
            Style::default().bg(Color::DarkGray)
        };
        let (text, caret) = match &field.kind {
            FieldKind::Text(t) => (t.text().to_string(), Some(t.caret_cells())),
            FieldKind::Choice { options, index } => {
                let chosen = options.get(*index).cloned().unwrap_or_default();
                (format!("< {chosen} >"), None)
            }
        };
        // Long text scrolls so the caret stays visible.
        let shown = match caret {
            Some(c) if c >= input_w => {
                let skip = c + 1 - input_w;
                let mut acc = 0;
                text.chars()
                    .skip_while(|ch| {
                        acc += crate::ui::text::char_width(*ch);
                        acc <= skip
                    })
                    .collect()
            }
            _ => text.clone(),
        };
        if focused && let Some(c) = caret {
            let col = c.min(input_w.saturating_sub(1));
            cursor = Some(Position::new(
                rect.x + (2 + label_w + col) as u16,
                rect.y + 2 + i as u16,
            ));
        }
        lines.push(Line::from(vec![
            Span::raw("  "),
            fit(app.t(field.label), label_w, label_style),
            fit(&shown, input_w, value_style),
        ]));
    }
    let error = f.error.clone().unwrap_or_default();
    lines.push(Line::from(fit(&format!("  {error}"), w, theme::overdue())));
    draw(frame, rect, app.t(f.title), lines);
    if let Some(p) = cursor {
        frame.set_cursor_position(p);
    }
}

fn list_box(frame: &mut Frame<'_>, title: &str, items: &[&str], selected: usize, area: Rect) {
    let w = items
        .iter()
        .map(|l| width(l))
        .max()
        .unwrap_or(10)
        .max(20)
        .max(width(title) + 2)
        + 6;
    let visible = usize::from(area.height).saturating_sub(4).max(1);
    let h = items.len().min(visible) + 1;
    let rect = centered(area, w as u16, h as u16);
    let offset = super::households::scroll_offset(selected, visible, 0);
    let lines = items
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(i, label)| {
            let style = if i == selected {
                theme::selected()
            } else {
                panel()
            };
            Line::from(fit(&format!("  {label}"), w, style))
        })
        .collect();
    draw(frame, rect, title, lines);
}

fn import(
    frame: &mut Frame<'_>,
    app: &App,
    screen: &crate::ui::roster_import::ImportScreen,
    area: Rect,
) {
    use crate::ui::roster_import::{ImportStep, preview_lines};
    let w = usize::from(area.width).clamp(40, 90);
    let mut lines = vec![Line::raw("")];
    let mut cursor = None;
    match &screen.step {
        ImportStep::Path(input) => {
            let label = format!("  {}", app.t(Msg::ImportPath));
            let room = w.saturating_sub(width(&label) + 2);
            let (shown, caret) = input.window(room);
            cursor = Some(width(&label) + caret);
            lines.push(Line::from(vec![
                Span::styled(label, theme::header()),
                fit(&shown, room, theme::selected()),
            ]));
            lines.push(Line::from(fit(
                &format!("  {}", app.t(Msg::ImportPathHint)),
                w,
                theme::dim(),
            )));
        }
        ImportStep::Preview {
            path,
            plan,
            report,
            scroll,
        } => {
            let mut all: Vec<Line<'static>> = Vec::new();
            for l in preview_lines(app, path, plan, report) {
                for (text, _) in crate::ui::text::wrap(&l, w.saturating_sub(6)) {
                    all.push(Line::from(fit(&format!("  {text}"), w, panel())));
                }
            }
            // Borders, the blank first line, the scroll hint and the question stay.
            let room = usize::from(area.height).saturating_sub(6).max(1);
            if all.len() > room {
                let scroll = (*scroll).min(all.len() - room);
                lines.extend(all.into_iter().skip(scroll).take(room));
                lines.push(Line::from(fit(
                    &format!("  {}", app.t(Msg::ImportPreviewScroll)),
                    w,
                    theme::dim(),
                )));
            } else {
                lines.extend(all);
            }
            let confirm = if plan.rejected.is_empty() {
                Msg::ImportConfirm
            } else {
                Msg::ImportConfirmSkip
            };
            lines.push(Line::from(fit(
                &format!("  {}", app.t(confirm)),
                w,
                theme::header(),
            )));
        }
    }
    if let Some(e) = &screen.error {
        for (text, _) in crate::ui::text::wrap(e, w.saturating_sub(4)) {
            lines.push(Line::from(fit(&format!("  {text}"), w, theme::overdue())));
        }
    }
    let h = (lines.len() + 2).min(usize::from(area.height));
    let rect = centered(area, w as u16, h as u16);
    draw(frame, rect, app.t(Msg::ImportTitle), lines);
    if let Some(x) = cursor {
        frame.set_cursor_position(Position::new(rect.x + x as u16, rect.y + 2));
    }
}

fn sync_dialog(frame: &mut Frame<'_>, app: &App, d: &crate::ui::tabs::sync::Dialog, area: Rect) {
    use crate::ui::tabs::sync::Dialog;
    let w = usize::from(area.width).clamp(40, 96);
    let mut lines = vec![Line::raw("")];
    let mut cursor = None;
    let title = match d {
        Dialog::Export {
            targets,
            index,
            path,
            on_path,
        } => {
            let to = targets
                .get(*index)
                .map(|(l, _)| l.clone())
                .unwrap_or_default();
            let label = format!("  {}  ", app.t(Msg::SyncExportTo));
            lines.push(Line::from(vec![
                Span::styled(label, theme::header()),
                Span::styled(
                    format!("< {to} >"),
                    if *on_path { panel() } else { theme::selected() },
                ),
            ]));
            let label = format!("  {}  ", app.t(Msg::SyncExportPath));
            let room = w.saturating_sub(width(&label) + 2);
            let (shown, caret) = path.window(room);
            if *on_path {
                cursor = Some((width(&label) + caret, 2));
            }
            lines.push(Line::from(vec![
                Span::styled(label, theme::header()),
                fit(
                    &shown,
                    room,
                    if *on_path {
                        theme::selected()
                    } else {
                        Style::default().bg(Color::DarkGray)
                    },
                ),
            ]));
            lines.push(Line::from(fit(
                &format!("  {}", app.t(Msg::FormHint)),
                w,
                theme::dim(),
            )));
            app.t(Msg::SyncExportTitle)
        }
        Dialog::Import {
            path,
            passphrase,
            preview,
            error,
        } => {
            match preview {
                None => {
                    let label = format!("  {}  ", app.t(Msg::SyncImportPath));
                    let room = w.saturating_sub(width(&label) + 2);
                    let (shown, caret) = path.window(room);
                    if passphrase.is_none() {
                        cursor = Some((width(&label) + caret, 1));
                    }
                    lines.push(Line::from(vec![
                        Span::styled(label, theme::header()),
                        fit(
                            &shown,
                            room,
                            if passphrase.is_none() {
                                theme::selected()
                            } else {
                                panel()
                            },
                        ),
                    ]));
                    if let Some(p) = passphrase {
                        // The passphrase shows as dots, never as typed.
                        let label = format!("  {}  ", app.t(Msg::SyncPassphrase));
                        let dots = "*".repeat(p.text().chars().count());
                        cursor = Some((width(&label) + p.caret().min(room.saturating_sub(1)), 2));
                        lines.push(Line::from(vec![
                            Span::styled(label, theme::header()),
                            fit(&dots, room, theme::selected()),
                        ]));
                    }
                    lines.push(Line::from(fit(
                        &format!("  {}", app.t(Msg::SyncImportHint)),
                        w,
                        theme::dim(),
                    )));
                }
                Some((_, r)) => {
                    let l = app.lang;
                    for text in [
                        l.f(
                            Msg::SyncImportPreview,
                            &[("label", &r.from_label), ("n", &r.op_count)],
                        ),
                        l.f(
                            Msg::SyncImportNew,
                            &[("n", &r.new_ops), ("d", &r.duplicate_ops)],
                        ),
                        l.f(
                            Msg::SyncImportConflicts,
                            &[("o", &r.conflicts_opened), ("c", &r.conflicts_closed)],
                        ),
                        l.f(
                            Msg::SyncImportParked,
                            &[
                                ("p", &r.parked_ops),
                                ("i", &r.invalid_transitions),
                                ("u", &r.unknown_ops),
                            ],
                        ),
                    ] {
                        lines.push(Line::from(fit(&format!("  {text}"), w, panel())));
                    }
                    if !r.gaps.is_empty() {
                        lines.push(Line::from(fit(
                            &format!("  {}", l.f(Msg::SyncImportGaps, &[("n", &r.gaps.len())])),
                            w,
                            theme::overdue(),
                        )));
                    }
                    lines.push(Line::from(fit(
                        &format!("  {}", l.t(Msg::SyncImportConfirm)),
                        w,
                        theme::header(),
                    )));
                }
            }
            if let Some(e) = error {
                for (text, _) in crate::ui::text::wrap(e, w.saturating_sub(4)) {
                    lines.push(Line::from(fit(&format!("  {text}"), w, theme::overdue())));
                }
            }
            app.t(Msg::SyncImportTitle)
        }
        Dialog::Settle {
            title,
            options,
            selected,
            typed,
        } => {
            lines.push(Line::from(fit(&format!("  {title}"), w, theme::header())));
            for (i, (label, _)) in options.iter().enumerate() {
                let style = if i == *selected {
                    theme::selected()
                } else {
                    panel()
                };
                match typed {
                    // The "type a new value" option is a field once selected.
                    Some(t) if t.at == i && i == *selected => {
                        let label = format!("    {label}：");
                        let room = w.saturating_sub(width(&label) + 2);
                        let (shown, caret) = t.input.window(room);
                        cursor = Some((width(&label) + caret, lines.len()));
                        lines.push(Line::from(vec![
                            Span::styled(label, style),
                            fit(&shown, room, theme::selected()),
                        ]));
                    }
                    _ => lines.push(Line::from(fit(&format!("    {label}"), w, style))),
                }
            }
            app.t(Msg::SyncResolveTitle)
        }
    };
    let h = (lines.len() + 2).min(usize::from(area.height));
    let rect = centered(area, w as u16, h as u16);
    draw(frame, rect, title, lines);
    if let Some((x, y)) = cursor {
        frame.set_cursor_position(Position::new(rect.x + x as u16, rect.y + 1 + y as u16));
    }
}
