//! A rendered screen as text (for snapshot tests) and as SVG (for the README screenshots). Both
//! walk the buffer cell by cell, so wide characters stay on their fixed grid.

use std::fmt::Write;

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use super::text::width;

/// One string per row; the cell after a wide character is skipped, not printed as a space.
pub fn lines(buf: &Buffer) -> Vec<String> {
    let area = buf.area;
    let mut out = Vec::with_capacity(usize::from(area.height));
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buf[(x, y)].symbol();
            let w = width(symbol);
            skip = w.saturating_sub(1);
            line.push_str(if symbol.is_empty() { " " } else { symbol });
        }
        out.push(line.trim_end().to_string());
    }
    out
}

pub fn text(buf: &Buffer) -> String {
    lines(buf).join("\n")
}

fn rgb(c: Color, fallback: &str) -> String {
    match c {
        Color::Reset => fallback.to_string(),
        Color::Black => "#1e1e1e".into(),
        Color::Red => "#e5484d".into(),
        Color::Green => "#3fb950".into(),
        Color::Yellow => "#f2cc60".into(),
        Color::Blue => "#2f6fd0".into(),
        Color::Magenta => "#c678dd".into(),
        Color::Cyan => "#39c5cf".into(),
        Color::Gray => "#c8c8c8".into(),
        Color::DarkGray => "#5a5a5a".into(),
        Color::LightRed => "#ff7b72".into(),
        Color::LightGreen => "#7ee787".into(),
        Color::LightYellow => "#ffe484".into(),
        Color::LightBlue => "#79c0ff".into(),
        Color::LightMagenta => "#d2a8ff".into(),
        Color::LightCyan => "#a5f3fc".into(),
        Color::White => "#f0f0f0".into(),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(_) => fallback.to_string(),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The screen as an SVG on a fixed grid: each cell `cw`×`ch` pixels, wide characters two cells.
pub fn svg(buf: &Buffer, font: &str) -> String {
    let (cw, ch) = (10.0_f32, 20.0_f32);
    let area = buf.area;
    let (w, h) = (f32::from(area.width) * cw, f32::from(area.height) * ch);
    let mut out = String::new();
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}"><rect width="100%" height="100%" fill="#121212"/><g font-family="{font}" font-size="16">"##
    );
    for y in area.top()..area.bottom() {
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let cell = &buf[(x, y)];
            let symbol = cell.symbol();
            let cells = width(symbol).max(1);
            skip = cells - 1;
            let (mut fg, mut bg) = (rgb(cell.fg, "#e6e6e6"), rgb(cell.bg, "#121212"));
            if cell.modifier.contains(Modifier::REVERSED) {
                std::mem::swap(&mut fg, &mut bg);
            }
            let px = f32::from(x - area.left()) * cw;
            let py = f32::from(y - area.top()) * ch;
            if bg != "#121212" {
                let _ = write!(
                    out,
                    r#"<rect x="{px}" y="{py}" width="{}" height="{ch}" fill="{bg}"/>"#,
                    cw * cells as f32
                );
            }
            if symbol.trim().is_empty() {
                continue;
            }
            let weight = if cell.modifier.contains(Modifier::BOLD) {
                " font-weight=\"bold\""
            } else {
                ""
            };
            let underline = if cell.modifier.contains(Modifier::UNDERLINED) {
                " text-decoration=\"underline\""
            } else {
                ""
            };
            let _ = write!(
                out,
                r#"<text x="{}" y="{}" fill="{fg}" text-anchor="middle"{weight}{underline}>{}</text>"#,
                px + cw * cells as f32 / 2.0,
                py + ch * 0.78,
                escape(symbol)
            );
        }
    }
    out.push_str("</g></svg>\n");
    out
}
