//! Tab 5: this device, its peers, gaps, and the review list.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::households::scroll_offset;
use super::spans::{fit, fit_right};
use crate::i18n::Msg;
use crate::store::review::DuplicateReason;
use crate::sync::status::Standing;
use crate::ui::app::App;
use crate::ui::tabs::sync::{Item, field_label, flag_title, show_value};
use crate::ui::theme;

/// A device's certificate in a few words.
fn standing(app: &App, s: &Standing) -> String {
    match s {
        Standing::Office => app.t(Msg::SyncCertOffice).to_string(),
        Standing::Worker(grids) => grids.join("、"),
        Standing::Revoked => app.t(Msg::SyncCertRevoked).to_string(),
        Standing::NotCertified => app.t(Msg::SyncCertNone).to_string(),
    }
}

fn when(t: Option<chrono::NaiveDateTime>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| "-".into())
}

pub fn render(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let w = usize::from(area.width);
    let h = usize::from(area.height);
    let Some(status) = &app.sync.status else {
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!(" {}", app.t(Msg::Loading)),
                theme::dim(),
            )),
            area,
        );
        return;
    };
    let mut lines: Vec<Line<'static>> = vec![Line::from(fit(
        &format!(
            " {}",
            app.lang.f(
                Msg::SyncThisDevice,
                &[
                    ("label", &status.label),
                    ("ops", &status.ops),
                    ("n", &app.unsynced)
                ]
            )
        ),
        w,
        theme::title(),
    ))];
    match &status.team {
        Some(team) => {
            lines.push(Line::from(fit(
                &format!(
                    " {}  {}",
                    app.lang.f(
                        Msg::SyncTeam,
                        &[("name", &team.name), ("fp", &team.fingerprint)]
                    ),
                    app.lang.f(
                        Msg::SyncThisCert,
                        &[("cert", &standing(app, &status.standing))]
                    )
                ),
                w,
                Style::default(),
            )));
        }
        None => lines.push(Line::from(fit(
            &format!(" {}", app.t(Msg::SyncNoTeam)),
            w,
            theme::overdue(),
        ))),
    }
    lines.push(Line::from(Span::styled(
        format!(" {}", app.t(Msg::SyncPeers)),
        theme::tab_active(),
    )));
    if status.peers.is_empty() {
        lines.push(Line::from(fit(
            &format!("  {}", app.t(Msg::SyncNoPeers)),
            w,
            theme::dim(),
        )));
    } else {
        let hs = theme::header();
        // The peer's label takes what the fixed columns leave, so a long
        // label (or one with hidden characters shown) is not cut at 16.
        let cert_w = if w >= 100 { 20 } else { 16 };
        let fixed = 2 + cert_w + 17 + 17 + 10;
        let peer_w = w.saturating_sub(fixed + 1).clamp(16, 36);
        lines.push(Line::from(vec![
            Span::raw("  "),
            fit(app.t(Msg::SyncColPeer), peer_w, hs),
            fit(app.t(Msg::SyncColCert), cert_w, hs),
            fit(app.t(Msg::SyncColLastImport), 17, hs),
            fit(app.t(Msg::SyncColLastExport), 17, hs),
            fit_right(app.t(Msg::SyncColLacks), 10, hs),
        ]));
        for p in &status.peers {
            let trusted = matches!(p.standing, Standing::Office | Standing::Worker(_));
            lines.push(Line::from(vec![
                Span::raw("  "),
                fit(&p.label, peer_w, Style::default()),
                fit(
                    &standing(app, &p.standing),
                    cert_w,
                    if trusted {
                        theme::dim()
                    } else {
                        theme::overdue()
                    },
                ),
                fit(&when(p.last_import), 17, Style::default()),
                fit(&when(p.last_export), 17, Style::default()),
                // Nothing goes to a device that can no longer take part.
                fit_right(
                    &if trusted {
                        p.unsynced.to_string()
                    } else {
                        "-".to_string()
                    },
                    10,
                    if p.unsynced > 0 && trusted {
                        theme::overdue()
                    } else {
                        theme::good()
                    },
                ),
            ]));
        }
    }
    for g in &status.gaps {
        let text = app.lang.f(
            Msg::SyncGap,
            &[
                ("label", &g.label),
                ("from", &g.from_seq),
                ("to", &g.to_seq),
                ("scope", &g.scope),
            ],
        );
        lines.push(Line::from(fit(&format!("  {text}"), w, theme::overdue())));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled(
            format!(
                " {} ",
                app.lang.f(Msg::SyncReview, &[("n", &app.sync.items.len())])
            ),
            theme::tab_active(),
        ),
        Span::styled(format!("  {}", app.t(Msg::SyncHint)), theme::dim()),
    ]));
    if app.sync.items.is_empty() {
        lines.push(Line::styled(
            format!("  {}", app.t(Msg::SyncNothingToReview)),
            theme::good(),
        ));
    }
    let room = h.saturating_sub(lines.len());
    let offset = scroll_offset(app.sync.cursor.selected, room, app.sync.cursor.offset);
    let review = &app.sync.review;
    for (i, item) in app.sync.items.iter().enumerate().skip(offset).take(room) {
        let place = app.sync.places.get(i).map_or("", String::as_str);
        let text = match *item {
            Item::Conflict(k) => review.conflicts.get(k).map(|c| {
                let values: Vec<String> = c
                    .heads
                    .iter()
                    .map(|h| format!("{} ({})", show_value(&h.value), h.author))
                    .collect();
                format!(
                    "{}  {place}  {}: {}",
                    app.t(Msg::SyncConflict),
                    field_label(app.lang, &c.field),
                    values.join(" / ")
                )
            }),
            Item::Duplicate(k) => review.duplicates.get(k).map(|d| {
                let why = match &d.reason {
                    DuplicateReason::SameAddress(a) => {
                        format!("{} {a}", app.t(Msg::SyncSameAddress))
                    }
                    DuplicateReason::SameHeadIdNumber(id) => format!(
                        "{} {}",
                        app.t(Msg::SyncSameHeadId),
                        crate::domain::IdNumber::from_trusted(id.clone()).masked()
                    ),
                };
                format!("{}  {place}  {why}", app.t(Msg::SyncDuplicate))
            }),
            Item::Invalid(k) => review.invalid_transitions.get(k).map(|t| {
                format!(
                    "{}  {}: {} -> {} ({})",
                    app.t(Msg::SyncInvalid),
                    t.summary,
                    app.lang.status(t.from.status),
                    app.lang.status(t.to),
                    t.author
                )
            }),
            Item::Parked(k) => review
                .parked
                .get(k)
                .map(|p| format!("{}  {} {}", app.t(Msg::SyncParked), p.kind, p.device_label)),
            Item::Flag(k) => review.flags.get(k).map(|f| flag_title(app.lang, f, place)),
        };
        let style = if i == app.sync.cursor.selected {
            theme::selected()
        } else {
            Style::default()
        };
        lines.push(Line::from(fit(
            &format!("  {}", text.unwrap_or_default()),
            w,
            style,
        )));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
