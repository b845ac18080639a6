//! Small text normalisations shared by validation, import and lookup.

/// Maps full-width ASCII variants (U+FF01–U+FF5E) and the ideographic space to their ASCII forms.
pub fn to_half_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Half-width, trimmed, with inner runs of whitespace removed: the form names and codes are
/// compared in.
pub fn compact(s: &str) -> String {
    to_half_width(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// How a character that must not reach a terminal as itself is shown: control characters (C0,
/// DEL, C1 such as U+009B, which some terminals read as an escape sequence) and the invisible
/// characters that reorder or hide text (bidirectional overrides such as U+202E, line and
/// paragraph separators, zero-width spaces) become `<U+202E>`; everything else is `None`.
pub fn escape_char(c: char) -> Option<String> {
    let hidden = c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200B}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
        );
    hidden.then(|| format!("<U+{:04X}>", u32::from(c)))
}

/// `s` with every character [`escape_char`] names made visible: labels, names and addresses
/// that came from a file are shown this way, so a bundle or a roster cannot hide, reorder or
/// inject anything on the screen.
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| escape_char(c).is_some()) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match escape_char(c) {
            Some(shown) => out.push_str(&shown),
            None => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_are_shown() {
        assert_eq!(visible("王芳 第一网格"), "王芳 第一网格");
        assert_eq!(visible("a\u{9b}31mb"), "a<U+009B>31mb");
        assert_eq!(visible("\u{202e}gnp.exe"), "<U+202E>gnp.exe");
        assert_eq!(visible("x\u{1b}[2Jy\n"), "x<U+001B>[2Jy<U+000A>");
        assert_eq!(visible("买买提·艾力"), "买买提·艾力");
        assert_eq!(
            visible("\u{2066}a\u{2069}\u{200b}"),
            "<U+2066>a<U+2069><U+200B>"
        );
    }

    #[test]
    fn full_width_becomes_ascii() {
        assert_eq!(to_half_width("１２０４室　Ａ"), "1204室 A");
        assert_eq!(compact(" 王 芳 "), "王芳");
    }
}
