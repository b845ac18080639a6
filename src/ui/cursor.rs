//! One list cursor for every list: the selected item and the first item shown, kept across
//! frames. Moving the selection scrolls the list only as far as the selection leaves the view,
//! so moving up from a scrolled list moves the highlight, not the list.

/// A selection in a list of `len` items shown `height` at a time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

/// How a key moves a cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    By(isize),
    Page(isize),
    First,
    Last,
}

impl Move {
    /// The movement an action asks for, if it is one.
    pub fn of(action: &super::action::Action) -> Option<Self> {
        use super::action::Action;
        Some(match action {
            Action::Up => Move::By(-1),
            Action::Down => Move::By(1),
            Action::PageUp => Move::Page(-1),
            Action::PageDown => Move::Page(1),
            Action::Home => Move::First,
            Action::End => Move::Last,
            _ => return None,
        })
    }
}

impl Cursor {
    /// Applies a movement in a list of `len` items, `height` of them on screen.
    pub fn go(&mut self, m: Move, len: usize, height: usize) {
        let last = len.saturating_sub(1) as isize;
        let page = height.max(1) as isize;
        let target = match m {
            Move::By(d) => self.selected as isize + d,
            Move::Page(d) => self.selected as isize + d * page,
            Move::First => 0,
            Move::Last => last,
        };
        self.selected = target.clamp(0, last.max(0)) as usize;
        self.show(len, height);
    }

    /// Keeps the selection in range and on screen (after the list or the screen changed).
    pub fn show(&mut self, len: usize, height: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        // No empty space below the list when it could be filled.
        self.offset = self.offset.min(len.saturating_sub(height));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_up_from_a_scrolled_list_moves_the_highlight_first() {
        let mut c = Cursor::default();
        for _ in 0..30 {
            c.go(Move::By(1), 100, 10);
        }
        assert_eq!((c.selected, c.offset), (30, 21));
        c.go(Move::By(-1), 100, 10);
        assert_eq!((c.selected, c.offset), (29, 21), "the list stays put");
        for _ in 0..8 {
            c.go(Move::By(-1), 100, 10);
        }
        assert_eq!((c.selected, c.offset), (21, 21));
        c.go(Move::By(-1), 100, 10);
        assert_eq!((c.selected, c.offset), (20, 20));
    }

    #[test]
    fn pages_are_the_height_shown_and_ends_clamp() {
        let mut c = Cursor::default();
        c.go(Move::Page(1), 100, 12);
        assert_eq!(c.selected, 12);
        c.go(Move::Last, 100, 12);
        assert_eq!((c.selected, c.offset), (99, 88));
        c.go(Move::Page(1), 100, 12);
        assert_eq!(c.selected, 99);
        c.go(Move::First, 100, 12);
        assert_eq!((c.selected, c.offset), (0, 0));
        c.go(Move::By(1), 0, 12);
        assert_eq!((c.selected, c.offset), (0, 0));
        // A shorter list after a filter: the selection comes back in range.
        let mut c = Cursor {
            selected: 80,
            offset: 70,
        };
        c.show(5, 12);
        assert_eq!((c.selected, c.offset), (4, 0));
    }
}
