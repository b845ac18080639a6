//! Paths typed into the interface (`i`, `I`, `X`): what the worker types is what a shell would
//! take. `~` is the home directory, surrounding quotes (as a file manager's "copy path" adds
//! them) are dropped, and Tab completes the name.

use std::path::PathBuf;

/// The path a typed text names.
pub fn resolve(text: &str) -> PathBuf {
    let t = text.trim();
    let t = strip_quotes(t);
    expand_home(t)
}

fn strip_quotes(t: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = t.strip_prefix(q).and_then(|s| s.strip_suffix(q)) {
            return inner;
        }
    }
    t
}

fn home() -> Option<PathBuf> {
    directories::UserDirs::new().map(|d| d.home_dir().to_path_buf())
}

fn expand_home(t: &str) -> PathBuf {
    if t == "~" {
        return home().unwrap_or_else(|| PathBuf::from(t));
    }
    match (t.strip_prefix("~/"), home()) {
        (Some(rest), Some(h)) => h.join(rest),
        _ => PathBuf::from(t),
    }
}

/// The text completed as far as the names in its directory agree: a unique match in full (a
/// directory with its `/`), several by their common beginning. `None` when nothing matches or
/// nothing would change.
pub fn complete(text: &str) -> Option<String> {
    let typed = strip_quotes(text.trim());
    let (dir_part, prefix) = match typed.rsplit_once('/') {
        Some((dir, name)) => (typed.strip_suffix(name).unwrap_or(dir), name),
        None => ("", typed),
    };
    let dir = if dir_part.is_empty() {
        PathBuf::from(".")
    } else {
        expand_home(dir_part)
    };
    let mut names: Vec<(String, bool)> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| {
            let e = e.ok()?;
            let name = e.file_name().into_string().ok()?;
            // Hidden names only when asked for.
            if name.starts_with('.') && !prefix.starts_with('.') {
                return None;
            }
            name.starts_with(prefix).then(|| (name, e.path().is_dir()))
        })
        .collect();
    names.sort();
    let done = match names.as_slice() {
        [] => return None,
        [(name, is_dir)] => format!("{name}{}", if *is_dir { "/" } else { "" }),
        many => common_prefix(many.iter().map(|(n, _)| n.as_str())),
    };
    let out = format!("{dir_part}{done}");
    (out != typed).then_some(out)
}

fn common_prefix<'a>(mut names: impl Iterator<Item = &'a str>) -> String {
    let Some(first) = names.next() else {
        return String::new();
    };
    let mut common: Vec<char> = first.chars().collect();
    for n in names {
        let same = common
            .iter()
            .zip(n.chars())
            .take_while(|(a, b)| **a == *b)
            .count();
        common.truncate(same);
    }
    common.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_spaces_around_a_path_are_dropped() {
        assert_eq!(
            resolve("  '/tmp/花名册 11月.xlsx' "),
            PathBuf::from("/tmp/花名册 11月.xlsx")
        );
        assert_eq!(resolve("\"/tmp/a.gbx\""), PathBuf::from("/tmp/a.gbx"));
        assert_eq!(resolve("/tmp/it's.csv"), PathBuf::from("/tmp/it's.csv"));
    }

    #[test]
    fn a_tilde_is_the_home_directory() {
        let Some(h) = home() else { return };
        assert_eq!(resolve("~/roster.xlsx"), h.join("roster.xlsx"));
        assert_eq!(resolve("~"), h);
        assert_eq!(resolve("~x/roster.xlsx"), PathBuf::from("~x/roster.xlsx"));
    }

    #[test]
    fn tab_completes_a_unique_name_and_a_common_beginning() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("花名册-11月.xlsx"), b"").unwrap();
        std::fs::write(dir.path().join("花名册-12月.xlsx"), b"").unwrap();
        std::fs::create_dir(dir.path().join("bundles")).unwrap();
        std::fs::write(dir.path().join(".hidden"), b"").unwrap();
        let base = format!("{}/", dir.path().display());
        assert_eq!(
            complete(&format!("{base}花")),
            Some(format!("{base}花名册-1"))
        );
        assert_eq!(
            complete(&format!("{base}花名册-12")),
            Some(format!("{base}花名册-12月.xlsx"))
        );
        assert_eq!(
            complete(&format!("{base}b")),
            Some(format!("{base}bundles/"))
        );
        assert_eq!(complete(&format!("{base}zzz")), None);
        assert_eq!(
            complete(&format!("{base}花名册-1")),
            None,
            "nothing more to add"
        );
        assert_eq!(common_prefix(["abc", "abd", "ab"].into_iter()), "ab");
    }
}
