//! The figures as a plain-text summary (`report --format table`): label and value lines, then
//! the per-worker and per-tag tables, aligned by display width so Chinese text lines up.

use unicode_width::UnicodeWidthStr;

use super::figures::Figures;
use crate::domain::VisitMode;
use crate::i18n::{Lang, Msg};

pub(crate) fn percent(rate: Option<f64>, lang: Lang) -> String {
    rate.map_or_else(
        || lang.t(Msg::FigNone).to_string(),
        |r| format!("{:.1}%", r * 100.0),
    )
}

fn pad(text: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

fn pad_left(text: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(text);
    format!("{}{text}", " ".repeat(width.saturating_sub(w)))
}

/// Renders rows as aligned columns: the first column left-aligned, the others right-aligned.
fn columns(rows: &[Vec<String>]) -> Vec<String> {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..n)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| UnicodeWidthStr::width(s.as_str()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    rows.iter()
        .map(|r| {
            let cells: Vec<String> = r
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(i, (s, w))| if i == 0 { pad(s, *w) } else { pad_left(s, *w) })
                .collect();
            cells.join("  ").trim_end().to_string()
        })
        .collect()
}

fn table(lang: Lang, title: Msg, headers: &[Msg], body: Vec<Vec<String>>) -> Vec<String> {
    let mut rows = vec![headers.iter().map(|h| lang.t(*h).to_string()).collect()];
    rows.extend(body);
    let mut out = vec![String::new(), lang.t(title).to_string()];
    out.extend(columns(&rows));
    out
}

/// The summary, one line per entry, ending with a newline. `grids` names the scope.
pub fn summary(fig: &Figures, grids: &str, lang: Lang) -> String {
    let by_mode: Vec<String> = VisitMode::ALL
        .iter()
        .map(|m| format!("{} {}", lang.mode(*m), fig.visits_by_mode.get(*m)))
        .collect();
    let sep = if lang == Lang::Zh { "、" } else { ", " };
    let median = fig
        .median_days_to_resolve
        .map_or_else(|| lang.t(Msg::FigNone).to_string(), |d| format!("{d:.1}"));
    let lines: Vec<(Msg, String)> = vec![
        (
            Msg::FigPeriod,
            lang.f(Msg::FigPeriodRange, &[("from", &fig.from), ("to", &fig.to)]),
        ),
        (Msg::FigGrids, grids.to_string()),
        (Msg::FigAssigned, fig.households_assigned.to_string()),
        (Msg::FigVisited, fig.households_visited.to_string()),
        (Msg::FigCoverage, percent(fig.coverage, lang)),
        (
            Msg::FigVisits,
            format!("{} ({})", fig.visits, by_mode.join(sep)),
        ),
        (Msg::FigOpened, fig.requests_opened.to_string()),
        (Msg::FigResolved, fig.requests_resolved.to_string()),
        (Msg::FigResolutionRate, percent(fig.resolution_rate, lang)),
        (Msg::FigMedianDays, median),
        (Msg::FigRated, fig.requests_rated.to_string()),
        (Msg::FigSatisfaction, percent(fig.satisfaction_rate, lang)),
        (Msg::FigDisputes, fig.disputes.to_string()),
        (Msg::FigMediated, fig.disputes_mediated.to_string()),
        (Msg::FigOverdue, fig.overdue_requests.to_string()),
    ];
    let label_width = lines
        .iter()
        .map(|(m, _)| UnicodeWidthStr::width(lang.t(*m)))
        .max()
        .unwrap_or(0);
    let mut out: Vec<String> = lines
        .iter()
        .map(|(m, v)| format!("{}  {v}", pad(lang.t(*m), label_width)))
        .collect();
    if !fig.by_worker.is_empty() {
        let body = fig
            .by_worker
            .iter()
            .map(|w| {
                vec![
                    w.worker.clone(),
                    w.visits.to_string(),
                    w.households_visited.to_string(),
                    w.requests_opened.to_string(),
                ]
            })
            .collect();
        out.extend(table(
            lang,
            Msg::FigByWorker,
            &[
                Msg::FigWorker,
                Msg::FigWorkerVisits,
                Msg::FigWorkerHouseholds,
                Msg::FigWorkerRequests,
            ],
            body,
        ));
    }
    if !fig.by_tag.is_empty() {
        let body = fig
            .by_tag
            .iter()
            .map(|t| {
                vec![
                    t.tag.clone(),
                    t.interval_days.to_string(),
                    t.households.to_string(),
                    t.households_visited.to_string(),
                    t.within_policy.to_string(),
                    percent(t.policy_coverage, lang),
                ]
            })
            .collect();
        out.extend(table(
            lang,
            Msg::FigByTag,
            &[
                Msg::FigTag,
                Msg::FigTagInterval,
                Msg::FigTagHouseholds,
                Msg::FigTagVisited,
                Msg::FigTagWithin,
                Msg::FigTagCoverage,
            ],
            body,
        ));
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}
