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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_becomes_ascii() {
        assert_eq!(to_half_width("１２０４室　Ａ"), "1204室 A");
        assert_eq!(compact(" 王 芳 "), "王芳");
    }
}
