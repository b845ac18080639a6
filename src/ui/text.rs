//! Display-width text helpers: every column is measured in terminal cells, never in bytes or
//! chars, and a wide character is never split.

use unicode_width::UnicodeWidthChar;

/// Cells `s` takes on screen.
pub fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

pub fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// The marker for cut-off text: plain ASCII, whose width every terminal agrees on.
pub const ELLIPSIS: &str = "..";

/// Cuts `s` to at most `max` cells, ending with [`ELLIPSIS`] when something was cut. Control
/// and bidirectional characters are shown as `<U+202E>` (see `domain::text::visible`).
pub fn truncate(s: &str, max: usize) -> String {
    let s = &*crate::domain::text::visible(s);
    if width(s) <= max {
        return s.to_string();
    }
    let keep = max.saturating_sub(ELLIPSIS.len());
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = char_width(c);
        if used + w > keep {
            break;
        }
        out.push(c);
        used += w;
    }
    if max >= ELLIPSIS.len() {
        out.push_str(ELLIPSIS);
    } else {
        out.push_str(&" ".repeat(max - used));
    }
    out
}

/// `s` cut or padded with spaces to exactly `cells` cells.
pub fn fit(s: &str, cells: usize) -> String {
    let mut out = truncate(s, cells);
    let w = width(&out);
    out.push_str(&" ".repeat(cells.saturating_sub(w)));
    out
}

/// `s` right-aligned in exactly `cells` cells.
pub fn fit_right(s: &str, cells: usize) -> String {
    let cut = truncate(s, cells);
    format!("{}{cut}", " ".repeat(cells.saturating_sub(width(&cut))))
}

/// Splits `s` into lines of at most `cells` cells, breaking at any character (Chinese text has
/// no spaces to break at) and at newlines. Returns (line text, char index where it starts).
pub fn wrap(s: &str, cells: usize) -> Vec<(String, usize)> {
    let cells = cells.max(2);
    let mut lines = vec![(String::new(), 0)];
    let mut used = 0;
    for (i, c) in s.chars().enumerate() {
        if c == '\n' {
            lines.push((String::new(), i + 1));
            used = 0;
            continue;
        }
        let shown = crate::domain::text::escape_char(c).unwrap_or_else(|| c.to_string());
        let w = width(&shown);
        if used + w > cells {
            lines.push((String::new(), i));
            used = 0;
        }
        if let Some(last) = lines.last_mut() {
            last.0.push_str(&shown);
        }
        used += w;
    }
    lines
}

/// An editable line of text with a caret (a char index), for search boxes and form fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TextInput {
    text: String,
    caret: usize,
}

impl TextInput {
    pub fn new(text: &str) -> Self {
        Self {
            text: text.to_string(),
            caret: text.chars().count(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn caret(&self) -> usize {
        self.caret
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn byte_at(&self, char_idx: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_idx)
            .map_or(self.text.len(), |(b, _)| b)
    }

    pub fn insert(&mut self, c: char) {
        let at = self.byte_at(self.caret);
        self.text.insert(at, c);
        self.caret += 1;
    }

    pub fn insert_str(&mut self, s: &str) {
        for c in s.chars().filter(|c| !c.is_control() || *c == '\n') {
            self.insert(c);
        }
    }

    pub fn backspace(&mut self) {
        if self.caret == 0 {
            return;
        }
        self.caret -= 1;
        let at = self.byte_at(self.caret);
        self.text.remove(at);
    }

    pub fn delete(&mut self) {
        if self.caret < self.text.chars().count() {
            let at = self.byte_at(self.caret);
            self.text.remove(at);
        }
    }

    pub fn left(&mut self) {
        self.caret = self.caret.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.caret = (self.caret + 1).min(self.text.chars().count());
    }

    pub fn home(&mut self) {
        self.caret = 0;
    }

    pub fn end(&mut self) {
        self.caret = self.text.chars().count();
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.caret = 0;
    }

    /// Applies an editing action (typing, deleting, moving the caret along the line). Returns
    /// false for an action that does not edit text, so the caller can handle it. Every text
    /// field of the interface goes through here.
    pub fn apply(&mut self, action: &crate::ui::action::Action) -> bool {
        use crate::ui::action::Action;
        match action {
            Action::Type(t) => self.insert_str(t),
            Action::Backspace => self.backspace(),
            Action::Delete => self.delete(),
            Action::Left => self.left(),
            Action::Right => self.right(),
            Action::Home => self.home(),
            Action::End => self.end(),
            _ => return false,
        }
        true
    }

    /// The part of a single-line field shown in `cells` cells, and the caret's cell in it:
    /// the window scrolls so the caret and what was just typed stay visible.
    pub fn window(&self, cells: usize) -> (String, usize) {
        let cells = cells.max(2);
        let chars: Vec<char> = self.text.chars().collect();
        let caret = self.caret.min(chars.len());
        // Start far enough right that the caret (and one cell for it) fits.
        let mut start = 0;
        let mut before: usize = chars[..caret].iter().map(|c| char_width(*c)).sum();
        while before + 1 > cells && start < caret {
            before -= char_width(chars[start]);
            start += 1;
        }
        let mut shown = String::new();
        let mut used = 0;
        for c in &chars[start..] {
            let w = char_width(*c);
            if used + w > cells {
                break;
            }
            used += w;
            shown.push(*c);
        }
        (shown, before)
    }

    /// Cells from the start of the text to the caret: where the terminal cursor goes, so the
    /// input method's candidate window follows it.
    pub fn caret_cells(&self) -> usize {
        self.text.chars().take(self.caret).map(char_width).sum()
    }

    /// Where the caret is when the text is wrapped at `cells`: (line, cells into that line).
    pub fn caret_in_wrap(&self, cells: usize) -> (usize, usize) {
        let lines = wrap(&self.text, cells);
        let caret = self.caret.min(self.text.chars().count());
        let line = lines
            .iter()
            .rposition(|(_, start)| *start <= caret)
            .unwrap_or(0);
        let (text, start) = &lines[line];
        let before: usize = text.chars().take(caret - start).map(char_width).sum();
        (line, before)
    }

    /// Moves the caret one wrapped line up or down, keeping its column as near as it can.
    pub fn vertical(&mut self, cells: usize, down: bool) -> bool {
        let lines = wrap(&self.text, cells);
        let (line, col) = self.caret_in_wrap(cells);
        let target = if down { line + 1 } else { line.wrapping_sub(1) };
        let Some((text, start)) = lines.get(target) else {
            return false;
        };
        let mut used = 0;
        let mut offset = 0;
        for c in text.chars() {
            let w = char_width(c);
            if used + w > col {
                break;
            }
            used += w;
            offset += 1;
        }
        self.caret = start + offset;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn chinese_is_two_cells() {
        assert_eq!(width("李德军"), 6);
        assert_eq!(width("幸福小区3栋"), 11);
        assert_eq!(truncate("幸福小区3栋2单元401室", 10), "幸福小区..");
        assert_eq!(truncate("幸福小区", 7), "幸福..");
        assert_eq!(fit("王芳", 6), "王芳  ");
        assert_eq!(fit_right("12", 4), "  12");
    }

    #[test]
    fn wrap_keeps_char_positions() {
        let lines = wrap("老人血压偏高\n按时服药", 6);
        let texts: Vec<&str> = lines.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["老人血", "压偏高", "按时服", "药"]);
        assert_eq!(lines[2].1, 7);
    }

    #[test]
    fn caret_follows_wrapped_lines() {
        let mut t = TextInput::new("老人血压偏高按时服药");
        assert_eq!(t.caret_in_wrap(6), (3, 2));
        assert!(t.vertical(6, false));
        assert_eq!(t.caret(), 7);
        assert_eq!(t.caret_in_wrap(6), (2, 2));
        assert!(!t.vertical(20, true));
    }

    #[test]
    fn text_input_edits_by_char() {
        let mut t = TextInput::new("王芳");
        t.left();
        t.insert('小');
        assert_eq!(t.text(), "王小芳");
        assert_eq!(t.caret_cells(), 4);
        t.end();
        t.backspace();
        assert_eq!(t.text(), "王小");
        t.home();
        t.delete();
        assert_eq!(t.text(), "小");
        assert_eq!(t.caret(), 0);
    }

    #[test]
    fn a_long_field_scrolls_to_keep_the_caret_in_view() {
        let mut t = TextInput::new(" 2026-11-23 幸福小区3栋");
        let (shown, caret) = t.window(10);
        assert!(width(&shown) <= 10, "{shown}");
        assert!(
            shown.ends_with('栋'),
            "the end, where the caret is: {shown}"
        );
        assert!(caret < 10);
        t.home();
        let (shown, caret) = t.window(10);
        assert_eq!((shown.as_str(), caret), (" 2026-11-2", 0));
        let empty = TextInput::default();
        assert_eq!(empty.window(10), (String::new(), 0));
    }

    #[test]
    fn apply_edits_and_leaves_commands_alone() {
        use crate::ui::action::Action;
        let mut t = TextInput::default();
        assert!(t.apply(&Action::Type("王芳".into())));
        assert!(t.apply(&Action::Left));
        assert!(t.apply(&Action::Backspace));
        assert_eq!(t.text(), "芳");
        assert!(!t.apply(&Action::Save));
        assert!(!t.apply(&Action::Up));
    }

    proptest! {
        #[test]
        fn window_always_fits_and_shows_the_caret(s in "[a-z0-9李王 ]{0,40}", caret in 0usize..41, cells in 2usize..30) {
            let mut t = TextInput::new(&s);
            t.home();
            for _ in 0..caret { t.right(); }
            let (shown, at) = t.window(cells);
            prop_assert!(width(&shown) <= cells);
            prop_assert!(at < cells);
        }

        #[test]
        fn fit_is_exact_and_never_splits(s in "[a-z0-9李王张曾幸福小区栋·买提\\u{3000}]{0,30}", cells in 0usize..40) {
            let out = fit(&s, cells);
            prop_assert_eq!(width(&out), cells);
            // Every char of the output (but the marker and padding) comes from the input, in order.
            let kept: String = out.trim_end_matches(' ').trim_end_matches(ELLIPSIS).chars().collect();
            prop_assert!(s.starts_with(&kept));
        }

        #[test]
        fn truncate_never_exceeds(s in "\\PC{0,40}", cells in 0usize..40) {
            prop_assert!(width(&truncate(&s, cells)) <= cells);
        }

        #[test]
        fn columns_line_up(cols in proptest::collection::vec(("[李王张a-z0-9]{0,12}", 1usize..12), 1..6)) {
            let line: String = cols.iter().map(|(t, w)| fit(t, *w)).collect();
            let total: usize = cols.iter().map(|(_, w)| w).sum();
            prop_assert_eq!(width(&line), total);
        }
    }
}
