//! The figures as a plain-text summary (`report --format table`): label and value lines, then
//! the per-worker and per-tag tables, aligned by display width so Chinese text lines up.

use unicode_width::UnicodeWidthStr;

use super::figures::Figures;
use super::labels::{self, Lang};
use crate::domain::VisitMode;

fn percent(rate: Option<f64>, lang: Lang) -> String {
    rate.map_or_else(
        || labels::NONE.get(lang).to_string(),
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

/// The summary, one line per entry, ending with a newline.
pub fn summary(fig: &Figures, grids: &str, lang: Lang) -> String {
    let mode = |m: VisitMode| match lang {
        Lang::Zh => labels::mode(m),
        Lang::En => labels::mode_en(m),
    };
    let by_mode: Vec<String> = VisitMode::ALL
        .iter()
        .map(|m| format!("{} {}", mode(*m), fig.visits_by_mode.get(*m)))
        .collect();
    let sep = if lang == Lang::Zh { "、" } else { ", " };
    let median = fig
        .median_days_to_resolve
        .map_or_else(|| labels::NONE.get(lang).to_string(), |d| format!("{d:.1}"));
    let to = if lang == Lang::Zh { "至" } else { "to" };
    let lines: Vec<(labels::Label, String)> = vec![
        (labels::PERIOD, format!("{} {to} {}", fig.from, fig.to)),
        (labels::GRIDS, grids.to_string()),
        (labels::ASSIGNED, fig.households_assigned.to_string()),
        (labels::VISITED, fig.households_visited.to_string()),
        (labels::COVERAGE, percent(fig.coverage, lang)),
        (
            labels::VISITS,
            format!("{} ({})", fig.visits, by_mode.join(sep)),
        ),
        (labels::OPENED, fig.requests_opened.to_string()),
        (labels::RESOLVED, fig.requests_resolved.to_string()),
        (labels::RESOLUTION_RATE, percent(fig.resolution_rate, lang)),
        (labels::MEDIAN_DAYS, median),
        (
            labels::SATISFACTION,
            format!(
                "{} ({} {})",
                percent(fig.satisfaction_rate, lang),
                fig.requests_rated,
                labels::RATED.get(lang)
            ),
        ),
        (labels::DISPUTES, fig.disputes.to_string()),
        (labels::MEDIATED, fig.disputes_mediated.to_string()),
        (labels::OVERDUE, fig.overdue_requests.to_string()),
    ];
    let label_width = lines
        .iter()
        .map(|(l, _)| UnicodeWidthStr::width(l.get(lang)))
        .max()
        .unwrap_or(0);
    let mut out: Vec<String> = lines
        .iter()
        .map(|(l, v)| format!("{}  {v}", pad(l.get(lang), label_width)))
        .collect();
    if !fig.by_worker.is_empty() {
        out.push(String::new());
        out.push(labels::BY_WORKER.get(lang).to_string());
        let mut rows = vec![
            [
                labels::WORKER,
                labels::WORKER_VISITS,
                labels::WORKER_HOUSEHOLDS,
                labels::WORKER_REQUESTS,
            ]
            .iter()
            .map(|l| l.get(lang).to_string())
            .collect::<Vec<_>>(),
        ];
        rows.extend(fig.by_worker.iter().map(|w| {
            vec![
                w.worker.clone(),
                w.visits.to_string(),
                w.households_visited.to_string(),
                w.requests_opened.to_string(),
            ]
        }));
        out.extend(columns(&rows));
    }
    if !fig.by_tag.is_empty() {
        out.push(String::new());
        out.push(labels::BY_TAG.get(lang).to_string());
        let mut rows = vec![
            [
                labels::TAG,
                labels::TAG_INTERVAL,
                labels::TAG_HOUSEHOLDS,
                labels::TAG_VISITED,
                labels::TAG_WITHIN,
                labels::TAG_COVERAGE,
            ]
            .iter()
            .map(|l| l.get(lang).to_string())
            .collect::<Vec<_>>(),
        ];
        rows.extend(fig.by_tag.iter().map(|t| {
            vec![
                t.tag.clone(),
                t.interval_days.to_string(),
                t.households.to_string(),
                t.households_visited.to_string(),
                t.within_policy.to_string(),
                percent(t.policy_coverage, lang),
            ]
        }));
        out.extend(columns(&rows));
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}
