//! Options anywhere on the line: `wz search 组织 --json` = `wz search --json 组织`, while a query
//! word or a tag change that starts with `-` (`-广告`, `-待读`) stays a word.
//!
//! clap cannot do both by itself. A positional with `allow_hyphen_values` swallows every
//! later token once it has started, known options included (`wz search "Node.js" --json
//! --limit 2` searched for the words `--json`, `--limit` and `2` and found nothing); without
//! it, `-广告` is rejected as an unknown short option. So before clap parses, [`normalize`]
//! walks the line with the command's own definitions and puts every option (with its values)
//! first and every positional word after one `--`:
//!
//! - a known long option (`--json`, `--limit 2`, `--limit=2`) or a known short one (`-o FILE`,
//!   `-oFILE`, `-h`) is an option; the values it takes are consumed with it;
//! - an unknown `--long` stays an option, so clap reports it as a usage error (exit 2) rather
//!   than searching for it; to search for such a word, write it after `--`;
//! - a `-word` whose first letter is no short option of that command is a word (an exclusion
//!   in a query, a removal in `wz tag`); so is `-` alone and everything after a `--`.
//!
//! An option value that starts with `-` (`--note -重要`) is passed as `--note=-重要`, which
//! clap takes as that option's value whatever it looks like.

use clap::Command;
use std::ffi::OsString;

/// How many values an option takes: `None` for a flag, `Some(n)` for exactly `n` values.
fn values_taken(arg: &clap::Arg) -> Option<usize> {
    if !arg.get_action().takes_values() {
        return None;
    }
    let n = arg.get_num_args().map(|r| r.min_values()).unwrap_or(1);
    Some(n.max(1))
}

/// The option of `cmd` named by a long name (without `--`).
fn long<'a>(cmd: &'a Command, name: &str) -> Option<&'a clap::Arg> {
    cmd.get_arguments().find(|a| {
        a.get_long() == Some(name)
            || a.get_all_aliases()
                .is_some_and(|aliases| aliases.contains(&name))
    })
}

/// The option of `cmd` named by a short letter.
fn short(cmd: &Command, letter: char) -> Option<&clap::Arg> {
    cmd.get_arguments().find(|a| {
        a.get_short() == Some(letter)
            || a.get_all_short_aliases()
                .is_some_and(|aliases| aliases.contains(&letter))
    })
}

/// Splits the tokens of one command level (after its name) into options with their values
/// and positional words, stopping at the first token that names a subcommand of `cmd` when
/// `stop_at_subcommand` (the top level). Returns the options, the words and the index of the
/// subcommand token, if one was found.
fn split(
    cmd: &Command,
    tokens: &[OsString],
    stop_at_subcommand: bool,
) -> (Vec<OsString>, Vec<OsString>, Option<usize>) {
    let mut options = Vec::new();
    let mut words = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        let Some(text) = token.to_str() else {
            // Not UTF-8: never one of our option names, so a word (a path, say).
            words.push(token.clone());
            i += 1;
            continue;
        };
        if text == "--" {
            words.extend(tokens[i + 1..].iter().cloned());
            break;
        }
        if stop_at_subcommand && cmd.find_subcommand(text).is_some() {
            return (options, words, Some(i));
        }
        if let Some(body) = text.strip_prefix("--") {
            let (name, attached) = match body.split_once('=') {
                Some((name, _)) => (name, true),
                None => (body, false),
            };
            let taken = long(cmd, name).and_then(values_taken);
            i += 1;
            match taken {
                Some(n) if !attached => {
                    let values = &tokens[i..(i + n).min(tokens.len())];
                    push_option(&mut options, token, values);
                    i += values.len();
                }
                // A flag, a value given with `=`, or an unknown option (clap reports it).
                _ => options.push(token.clone()),
            }
            continue;
        }
        let mut letters = text.chars().skip(1);
        let first = letters.next();
        let rest: String = letters.collect();
        match (text.starts_with('-'), first.and_then(|c| short(cmd, c))) {
            // `-o FILE`: the next token(s) are its value(s); `-oFILE` carries it.
            (true, Some(arg)) if values_taken(arg).is_some() => {
                i += 1;
                match values_taken(arg) {
                    Some(n) if rest.is_empty() => {
                        let values = &tokens[i..(i + n).min(tokens.len())];
                        push_option(&mut options, token, values);
                        i += values.len();
                    }
                    _ => options.push(token.clone()),
                }
            }
            // `-h`, or a cluster of known short flags. `-hello` is not one (only its first
            // letter is an option): a word, as an exclusion would be.
            (true, Some(_)) if rest.chars().all(|c| short(cmd, c).is_some()) => {
                options.push(token.clone());
                i += 1;
            }
            // A plain word, `-` alone, or a `-word` that names no short option: a word.
            _ => {
                words.push(token.clone());
                i += 1;
            }
        }
    }
    (options, words, None)
}

/// Pushes an option and its values, attaching a single value that starts with `-` with `=`
/// so that clap does not read it as another option.
fn push_option(options: &mut Vec<OsString>, option: &OsString, values: &[OsString]) {
    let is_long = option.to_str().is_some_and(|o| o.starts_with("--"));
    match values {
        [value] if is_long && value.to_str().is_some_and(|v| v.starts_with('-')) => {
            let mut joined = option.clone();
            joined.push("=");
            joined.push(value);
            options.push(joined);
        }
        [value] if value.to_str().is_some_and(|v| v.starts_with('-')) => {
            // `-o -x` → `-o-x`: clap reads what follows a short option's letter as its value.
            let mut joined = option.clone();
            joined.push(value);
            options.push(joined);
        }
        _ => {
            options.push(option.clone());
            options.extend(values.iter().cloned());
        }
    }
}

/// The command line rewritten so clap sees, at each level, the options first and the
/// positional words after `--`. `args[0]` is the program name. A line without a known
/// subcommand (or with `help`) is returned as it was, for clap to report or answer.
pub fn normalize(cmd: &Command, args: Vec<OsString>) -> Vec<OsString> {
    let Some((program, rest)) = args.split_first() else {
        return args;
    };
    let (top_options, top_words, at) = split(cmd, rest, true);
    let Some(at) = at.filter(|_| top_words.is_empty()) else {
        return args;
    };
    let name = &rest[at];
    let Some(sub) = name.to_str().and_then(|n| cmd.find_subcommand(n)) else {
        return args;
    };
    if sub.get_name() == "help" {
        return args;
    }
    let (options, words, _) = split(sub, &rest[at + 1..], false);
    let mut out = Vec::with_capacity(args.len() + 1);
    out.push(program.clone());
    out.extend(top_options);
    out.push(name.clone());
    out.extend(options);
    if !words.is_empty() {
        out.push("--".into());
        out.extend(words);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn norm(line: &[&str]) -> Vec<String> {
        let mut cmd = crate::Cli::command();
        cmd.build();
        let args = std::iter::once("wz")
            .chain(line.iter().copied())
            .map(OsString::from)
            .collect();
        normalize(&cmd, args)
            .into_iter()
            .skip(1)
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn options_after_the_query_move_before_it_and_exclusions_stay_words() {
        assert_eq!(
            norm(&["search", "Node.js", "--json", "--limit", "2"]),
            ["search", "--json", "--limit", "2", "--", "Node.js"]
        );
        assert_eq!(
            norm(&["search", "组织", "-广告", "--limit=3"]),
            ["search", "--limit=3", "--", "组织", "-广告"]
        );
        assert_eq!(
            norm(&["search", "-hello", "-h"]),
            ["search", "-h", "--", "-hello"]
        );
        assert_eq!(
            norm(&["search", "--json", "--", "--limit", "-x"]),
            ["search", "--json", "--", "--limit", "-x"]
        );
    }

    #[test]
    fn values_and_globals_are_kept_with_their_options() {
        assert_eq!(
            norm(&["export", "3", "-o", "out.md", "--format", "md"]),
            ["export", "-o", "out.md", "--format", "md", "--", "3"]
        );
        assert_eq!(
            norm(&["annotate", "--note", "-重要", "5", "--quote", "x"]),
            ["annotate", "--note=-重要", "--quote", "x", "--", "5"]
        );
        assert_eq!(
            norm(&["tag", "--rename", "a", "b", "--library", "/l"]),
            ["tag", "--rename", "a", "b", "--library", "/l"]
        );
        assert_eq!(
            norm(&["--library", "/l", "list", "--json"]),
            ["--library", "/l", "list", "--json"]
        );
        assert_eq!(norm(&["help", "search"]), ["help", "search"]);
        assert_eq!(norm(&["frobnicate", "--x"]), ["frobnicate", "--x"]);
    }
}
