//! Tab 4: the figures of a month, with bars drawn as coloured cells (no block characters, whose
//! width terminals disagree on).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::spans::{fit, fit_right};
use crate::domain::VisitMode;
use crate::i18n::Msg;
use crate::report::Figures;
use crate::ui::app::App;
use crate::ui::text::width;
use crate::ui::theme;

/// A rate, or the catalog's word for "nothing to divide by" (无): never 0, never a dash.
fn pct(app: &App, v: Option<f64>) -> String {
    v.map_or_else(
        || app.t(Msg::FigNone).to_string(),
        |x| format!("{:.1}%", x * 100.0),
    )
}

fn bar(value: u64, max: u64, cells: usize, color: Color) -> Vec<Span<'static>> {
    let filled = if max == 0 {
        0
    } else {
        ((value as f64 / max as f64) * cells as f64).round() as usize
    };
    let filled = if value > 0 { filled.max(1) } else { 0 };
    vec![
        Span::styled(" ".repeat(filled.min(cells)), Style::default().bg(color)),
        Span::raw(" ".repeat(cells.saturating_sub(filled))),
    ]
}

pub fn render(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let w = usize::from(area.width);
    let h = usize::from(area.height);
    let Some(f) = &app.figures.figures else {
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!(" {}", app.t(Msg::FigLoading)),
                theme::dim(),
            )),
            area,
        );
        return;
    };
    let mut lines: Vec<Line<'static>> = Vec::new();
    let range = app
        .lang
        .f(Msg::FigPeriodRange, &[("from", &f.from), ("to", &f.to)]);
    lines.push(Line::from(vec![
        Span::styled(
            format!(" {}  {range}", app.t(Msg::FigPeriod)),
            theme::title(),
        ),
        Span::styled(format!("  {}", app.t(Msg::FigHint)), theme::dim()),
    ]));
    let two_cols = w >= 100;
    let left = key_figures(app, f);
    let right = charts(app, f, if two_cols { w / 2 - 2 } else { w });
    if two_cols {
        let lw = w / 2;
        for i in 0..left.len().max(right.len()) {
            let mut spans = left.get(i).cloned().unwrap_or_default();
            let used: usize = spans.iter().map(|s| width(&s.content)).sum();
            spans.push(Span::raw(" ".repeat(lw.saturating_sub(used))));
            spans.extend(right.get(i).cloned().unwrap_or_default());
            lines.push(Line::from(spans));
        }
    } else {
        lines.extend(left.into_iter().map(Line::from));
        lines.extend(right.into_iter().map(Line::from));
    }
    lines.extend(tables(app, f));
    // The title stays; the rest scrolls (↑/↓, PgUp/PgDn) when it is taller than the screen,
    // so a small terminal shows every table rather than dropping the last ones.
    let room = h.saturating_sub(1).max(1);
    let rest = lines.len().saturating_sub(1);
    let max_scroll = rest.saturating_sub(room);
    app.figures.max_scroll.set(max_scroll);
    let scroll = app.figures.scroll.min(max_scroll);
    if scroll < max_scroll {
        lines[0].spans.push(Span::styled(
            format!("  {}", app.t(Msg::FigMore)),
            theme::dim(),
        ));
    }
    let mut shown = vec![lines[0].clone()];
    shown.extend(lines.into_iter().skip(1 + scroll).take(room));
    frame.render_widget(Paragraph::new(shown), area);
}

fn row(label: &str, value: String, value_style: Style) -> Vec<Span<'static>> {
    vec![
        Span::raw("  "),
        fit(label, 22, theme::header()),
        fit_right(&value, 12, value_style),
    ]
}

fn key_figures(app: &App, f: &Figures) -> Vec<Vec<Span<'static>>> {
    let t = |m| app.t(m);
    let plain = Style::default();
    let mut out = vec![
        row(
            t(Msg::FigAssigned),
            f.households_assigned.to_string(),
            plain,
        ),
        row(t(Msg::FigVisited), f.households_visited.to_string(), plain),
        row(t(Msg::FigCoverage), pct(app, f.coverage), theme::title()),
        row(t(Msg::FigVisits), f.visits.to_string(), plain),
    ];
    let modes: Vec<String> = VisitMode::ALL
        .iter()
        .map(|m| format!("{} {}", app.lang.mode(*m), f.visits_by_mode.get(*m)))
        .collect();
    out.push(vec![
        Span::raw("    "),
        Span::styled(modes.join("  "), theme::dim()),
    ]);
    out.extend([
        row(t(Msg::FigOpened), f.requests_opened.to_string(), plain),
        row(t(Msg::FigResolved), f.requests_resolved.to_string(), plain),
        row(
            t(Msg::FigResolutionRate),
            pct(app, f.resolution_rate),
            theme::title(),
        ),
        row(
            t(Msg::FigMedianDays),
            f.median_days_to_resolve
                .map_or_else(|| t(Msg::FigNone).to_string(), |d| format!("{d:.1}")),
            plain,
        ),
        row(
            t(Msg::FigSatisfaction),
            pct(app, f.satisfaction_rate),
            theme::title(),
        ),
        row(
            t(Msg::FigDisputes),
            format!("{} / {}", f.disputes_mediated, f.disputes),
            plain,
        ),
        row(
            t(Msg::FigOverdue),
            f.overdue_requests.to_string(),
            if f.overdue_requests > 0 {
                theme::overdue()
            } else {
                plain
            },
        ),
    ]);
    out
}

fn charts(app: &App, f: &Figures, w: usize) -> Vec<Vec<Span<'static>>> {
    let mut out = Vec::new();
    // Visits per week: one column of coloured cells per week, four rows high.
    out.push(vec![Span::styled(
        format!("  {}", app.t(Msg::FigVisitsPerWeek)),
        theme::header(),
    )]);
    let weeks: Vec<u64> = f.visits_per_week.iter().map(|w| w.visits).collect();
    let max = weeks.iter().copied().max().unwrap_or(0);
    let col = if weeks.len() * 3 <= w.saturating_sub(4) {
        2
    } else {
        1
    };
    for level in (1..=4u64).rev() {
        let mut spans = vec![Span::raw("  ")];
        for v in &weeks {
            let height = if max == 0 { 0 } else { (v * 4).div_ceil(max) };
            let style = if height >= level {
                Style::default().bg(Color::Cyan)
            } else {
                Style::default()
            };
            spans.push(Span::styled(" ".repeat(col), style));
            spans.push(Span::raw(" "));
        }
        if level == 4 {
            spans.push(Span::styled(format!(" {max}"), theme::dim()));
        }
        out.push(spans);
    }
    // Requests by category: horizontal bars.
    out.push(vec![Span::styled(
        format!("  {}", app.t(Msg::FigByCategory)),
        theme::header(),
    )]);
    let max = f
        .requests_by_category
        .iter()
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(0);
    let bar_w = w.saturating_sub(2 + 10 + 1 + 6).clamp(4, 30);
    for (c, n) in f.requests_by_category.iter().filter(|(_, n)| *n > 0) {
        let mut spans = vec![
            Span::raw("  "),
            fit(app.lang.category(*c), 10, Style::default()),
            Span::raw(" "),
        ];
        spans.extend(bar(*n, max, bar_w, Color::Magenta));
        spans.push(fit_right(&n.to_string(), 6, Style::default()));
        out.push(spans);
    }
    out
}

fn tables(app: &App, f: &Figures) -> Vec<Line<'static>> {
    let mut lines = vec![Line::raw("")];
    lines.push(Line::from(vec![Span::styled(
        format!(" {}", app.t(Msg::FigByTag)),
        theme::tab_active(),
    )]));
    let tag_rows = f
        .by_tag
        .iter()
        // Every tag the policy sets a cadence for is listed, 0 households included: that
        // nobody is 五保户 here is a figure too.
        .map(|t| {
            let low = t.policy_coverage.is_some_and(|c| c < 0.8);
            vec![
                (t.tag.clone(), theme::tag()),
                (t.interval_days.to_string(), Style::default()),
                (t.households.to_string(), Style::default()),
                (t.within_policy.to_string(), Style::default()),
                (
                    pct(app, t.policy_coverage),
                    if low { theme::overdue() } else { theme::good() },
                ),
            ]
        })
        .collect();
    lines.extend(table(
        &[
            app.t(Msg::FigTag),
            app.t(Msg::FigTagInterval),
            app.t(Msg::FigTagHouseholds),
            app.t(Msg::FigTagWithin),
            app.t(Msg::FigTagCoverage),
        ],
        tag_rows,
    ));
    if f.by_worker.len() > 1 {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(
            format!(" {}", app.t(Msg::FigByWorker)),
            theme::tab_active(),
        )));
        let worker_rows = f
            .by_worker
            .iter()
            .map(|wf| {
                vec![
                    (wf.worker.clone(), Style::default()),
                    (wf.visits.to_string(), Style::default()),
                    (wf.households_visited.to_string(), Style::default()),
                    (wf.requests_opened.to_string(), Style::default()),
                ]
            })
            .collect();
        lines.extend(table(
            &[
                app.t(Msg::FigWorker),
                app.t(Msg::FigWorkerVisits),
                app.t(Msg::FigWorkerHouseholds),
                app.t(Msg::FigWorkerRequests),
            ],
            worker_rows,
        ));
    }
    lines
}

/// Columns as wide as their widest cell or header, two cells apart: the first left-aligned,
/// the numbers right-aligned under their headers, in any language.
fn table(headers: &[&str], rows: Vec<Vec<(String, Style)>>) -> Vec<Line<'static>> {
    const GAP: &str = "  ";
    let widths: Vec<usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|(text, _)| width(text))
                .chain(std::iter::once(width(h)))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<(String, Style)>| {
        let mut spans = vec![Span::raw(GAP)];
        for (i, ((text, style), w)) in cells.into_iter().zip(&widths).enumerate() {
            if i == 0 {
                spans.push(fit(&text, *w, style));
            } else {
                spans.push(Span::raw(GAP));
                spans.push(fit_right(&text, *w, style));
            }
        }
        Line::from(spans)
    };
    let hs = theme::header();
    let mut out = vec![line(
        headers.iter().map(|h| ((*h).to_string(), hs)).collect(),
    )];
    out.extend(rows.into_iter().map(line));
    out
}
