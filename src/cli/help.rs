//! The command line's help in the user's language: in Chinese every command's about line, every
//! argument's help and the headings come from `i18n::help_zh`; in English the clap definitions
//! speak for themselves.

use clap::{Arg, ArgAction, Command, CommandFactory};

use super::Cli;
use crate::i18n::Lang;
use crate::i18n::help_zh::help;

/// The command line's definition, in `lang`.
pub fn command(lang: Lang) -> Command {
    let cmd = Cli::command();
    match lang {
        Lang::En => cmd,
        Lang::Zh => localize(cmd, ""),
    }
}

const TEMPLATE: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

fn localize(mut cmd: Command, path: &str) -> Command {
    if let Some(about) = help(path) {
        cmd = cmd.about(about).long_about(None);
    }
    let ids: Vec<(String, bool)> = cmd
        .get_arguments()
        .filter(|a| !a.is_hide_set())
        .map(|a| (a.get_id().to_string(), a.is_positional()))
        .collect();
    for (id, positional) in ids {
        let key = format!("{path}.{id}");
        cmd = cmd.mut_arg(&id, |a| {
            let a = match help(&key) {
                Some(text) => a.help(text).long_help(None),
                None => a,
            };
            let a = a.help_heading(if positional { "参数" } else { "选项" });
            // The possible values are said in the help itself.
            if a.get_action().takes_values() {
                a.hide_possible_values(true)
            } else {
                a
            }
        });
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let sub = if path.is_empty() {
            name.clone()
        } else {
            format!("{path}.{name}")
        };
        cmd = cmd.mut_subcommand(&name, |s| localize(s, &sub));
    }
    cmd.help_template(TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(help(".help").unwrap_or("显示帮助"))
                .help_heading("选项"),
        )
}

/// A command line clap refused: in English clap's own report; in Chinese the catalog's words
/// for the kind of mistake, with the argument named. Help and version are printed as asked.
pub fn usage_error(lang: Lang, e: clap::Error) -> std::process::ExitCode {
    use crate::i18n::Msg;
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if lang == Lang::En
        || matches!(
            e.kind(),
            ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        )
    {
        e.exit()
    }
    let text = |k: ContextKind| -> String {
        match e.get(k) {
            Some(ContextValue::String(s)) => s.clone(),
            Some(ContextValue::Strings(v)) => v.join("、"),
            Some(other) => other.to_string(),
            None => String::new(),
        }
    };
    let words = match e.kind() {
        ErrorKind::UnknownArgument => lang.f(
            Msg::UsageUnknownArg,
            &[("arg", &text(ContextKind::InvalidArg))],
        ),
        ErrorKind::InvalidSubcommand => lang.f(
            Msg::UsageUnknownCommand,
            &[("arg", &text(ContextKind::InvalidSubcommand))],
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let valid = text(ContextKind::ValidValue);
            let valid = if valid.is_empty() {
                String::new()
            } else {
                lang.f(Msg::UsageValid, &[("list", &valid)])
            };
            lang.f(
                Msg::UsageBadValue,
                &[
                    ("value", &text(ContextKind::InvalidValue)),
                    ("arg", &text(ContextKind::InvalidArg)),
                    ("valid", &valid),
                ],
            )
        }
        ErrorKind::MissingRequiredArgument => lang.f(
            Msg::UsageMissing,
            &[("arg", &text(ContextKind::InvalidArg))],
        ),
        ErrorKind::ArgumentConflict => lang.f(
            Msg::UsageConflict,
            &[
                ("arg", &text(ContextKind::InvalidArg)),
                ("other", &text(ContextKind::PriorArg)),
            ],
        ),
        other => lang.f(Msg::UsageOther, &[("kind", &format!("{other:?}"))]),
    };
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!("gridbook: {words}\n").as_bytes(),
    );
    std::process::ExitCode::from(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(c: &Command, path: &str, out: &mut Vec<String>) {
        out.push(path.to_string());
        for a in c.get_arguments().filter(|a| !a.is_hide_set()) {
            if a.get_id() != "help" {
                out.push(format!("{path}.{}", a.get_id()));
            }
        }
        for s in c.get_subcommands().filter(|s| s.get_name() != "help") {
            let p = if path.is_empty() {
                s.get_name().to_string()
            } else {
                format!("{path}.{}", s.get_name())
            };
            paths(s, &p, out);
        }
    }

    #[test]
    fn every_command_and_argument_has_its_chinese_help() {
        let mut all = Vec::new();
        paths(&Cli::command(), "", &mut all);
        let missing: Vec<&String> = all.iter().filter(|p| help(p).is_none()).collect();
        assert!(missing.is_empty(), "no Chinese help for: {missing:?}");
        // And the Chinese command line still parses what the English one does.
        command(Lang::Zh).debug_assert();
        let m = command(Lang::Zh)
            .try_get_matches_from([
                "gridbook", "--lang", "zh", "export", "--full", "--out", "x.gbx",
            ])
            .unwrap();
        assert_eq!(m.subcommand_name(), Some("export"));
    }
}
