//! Building lines cell by cell: text cut to a width with matched characters highlighted.

use ratatui::style::Style;
use ratatui::text::Span;

use crate::ui::text::{ELLIPSIS, char_width, width};

/// `text` in exactly `cells` cells (cut with an ellipsis or padded), the chars at `marks` (char
/// indices) in `mark_style`.
pub fn fit_marked(
    text: &str,
    marks: &[usize],
    cells: usize,
    style: Style,
    mark_style: Style,
) -> Vec<Span<'static>> {
    let cut = width(&crate::domain::text::visible(text)) > cells;
    let room = if cut {
        cells.saturating_sub(ELLIPSIS.len())
    } else {
        cells
    };
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_marked = false;
    let mut used = 0;
    for (i, c) in text.chars().enumerate() {
        let shown = crate::domain::text::escape_char(c);
        let w = shown.as_deref().map_or_else(|| char_width(c), width);
        if used + w > room {
            break;
        }
        let marked = marks.contains(&i);
        if marked != run_marked && !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                if run_marked { mark_style } else { style },
            ));
        }
        run_marked = marked;
        match shown {
            Some(shown) => run.push_str(&shown),
            None => run.push(c),
        }
        used += w;
    }
    if !run.is_empty() {
        spans.push(Span::styled(
            run,
            if run_marked { mark_style } else { style },
        ));
    }
    if cut && cells >= ELLIPSIS.len() {
        spans.push(Span::styled(ELLIPSIS, style));
        used += ELLIPSIS.len();
    }
    if used < cells {
        spans.push(Span::styled(" ".repeat(cells - used), style));
    }
    spans
}

/// Plain `text` in exactly `cells` cells.
pub fn fit(text: &str, cells: usize, style: Style) -> Span<'static> {
    Span::styled(crate::ui::text::fit(text, cells), style)
}

/// Right-aligned `text` in exactly `cells` cells.
pub fn fit_right(text: &str, cells: usize, style: Style) -> Span<'static> {
    Span::styled(crate::ui::text::fit_right(text, cells), style)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(spans: &[Span<'_>]) -> usize {
        spans.iter().map(|s| width(&s.content)).sum()
    }

    #[test]
    fn marks_survive_cutting() {
        let spans = fit_marked(
            "李德军",
            &[0, 2],
            6,
            Style::default(),
            Style::default().bold(),
        );
        let texts: Vec<&str> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(texts, ["李", "德", "军"]);
        let spans = fit_marked(
            "幸福小区3栋2单元",
            &[0, 1],
            9,
            Style::default(),
            Style::default().bold(),
        );
        assert_eq!(total(&spans), 9);
        let spans = fit_marked("王芳", &[], 7, Style::default(), Style::default());
        assert_eq!(total(&spans), 7);
    }
}
