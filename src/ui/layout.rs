//! The screen's layout in one place: the views draw into these areas and the updates page by
//! the same heights, so `PageDown` moves by what is on screen (not by a guess such as
//! `height - 6`).

use ratatui::layout::{Constraint, Layout, Rect};

/// The four bands of every screen: the tab bar, the tab's body, the status line, the footer.
pub fn bands(area: Rect) -> [Rect; 4] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// The body's height on a terminal of `size` (columns, rows).
pub fn body_height(size: (u16, u16)) -> usize {
    let [_, body, _, _] = bands(Rect::new(0, 0, size.0, size.1));
    usize::from(body.height)
}

/// Households listed at once: the body less the lookup line and the column header.
pub fn household_rows(size: (u16, u16)) -> usize {
    body_height(size).saturating_sub(2).max(1)
}

/// Lines of the due queue shown at once: the body less the count line.
pub fn due_lines(size: (u16, u16)) -> usize {
    body_height(size).saturating_sub(1).max(1)
}

/// Lines above the requests list: the counts, the find line while there is one, the header.
pub fn requests_top(finding: bool) -> usize {
    2 + usize::from(finding)
}

/// The height of the selected request's timeline (none on short screens).
pub fn requests_timeline(body: usize, events: usize) -> usize {
    if body >= 18 { events.min(8) + 3 } else { 0 }
}

/// Requests listed at once.
pub fn requests_rows(size: (u16, u16), finding: bool, events: usize) -> usize {
    let body = body_height(size);
    body.saturating_sub(requests_top(finding) + requests_timeline(body, events))
        .max(1)
}

/// Lines above the review list of the sync tab, for `peers` peers and `gaps` gaps.
pub fn sync_top(peers: usize, gaps: usize, nothing_to_review: bool) -> usize {
    // This device, the team, the peers' title, their header (or "no peers"), a blank line and
    // the review's title.
    3 + peers.max(1) + usize::from(peers > 0) + gaps + 2 + usize::from(nothing_to_review)
}

/// Review items listed at once.
pub fn sync_review_rows(size: (u16, u16), peers: usize, gaps: usize) -> usize {
    body_height(size)
        .saturating_sub(sync_top(peers, gaps, false))
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heights_follow_the_bands() {
        assert_eq!(body_height((80, 24)), 21);
        assert_eq!(household_rows((80, 24)), 19);
        assert_eq!(due_lines((120, 40)), 36);
        // Too small a screen still lists one row.
        assert_eq!(household_rows((20, 3)), 1);
        assert_eq!(requests_rows((80, 24), false, 2), 21 - 2 - 5);
        assert_eq!(requests_rows((80, 12), true, 2), 9 - 3);
    }
}
