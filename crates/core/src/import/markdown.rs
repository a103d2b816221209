//! Markdown files: a `---` front matter of `key: value` lines gives title, author, date,
//! source and URL; otherwise the first `# ` heading is the title. The body keeps the text of
//! each block without the heading/quote markers.

use super::{meta, text_layout::trim_line};

/// What the Markdown reader found.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct MarkdownArticle {
    pub title: String,
    pub author: Option<String>,
    pub published: Option<String>,
    pub source: Option<String>,
    pub site: Option<String>,
    pub url: Option<String>,
    pub body: String,
}

fn unquote(v: &str) -> String {
    let v = v.trim();
    let v = v
        .strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .or_else(|| v.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')))
        .unwrap_or(v);
    v.trim().to_owned()
}

/// Parse a Markdown document.
pub fn parse(text: &str) -> MarkdownArticle {
    let text = text.trim_start_matches('\u{feff}');
    let mut a = MarkdownArticle::default();
    let lines: Vec<&str> = text.lines().collect();
    let mut start = 0;
    if lines.first().map(|l| l.trim_end()) == Some("---") {
        if let Some(end) = lines
            .iter()
            .skip(1)
            .position(|l| matches!(l.trim_end(), "---" | "..."))
        {
            for l in &lines[1..=end] {
                let Some((k, v)) = l.split_once(':') else {
                    continue;
                };
                let v = unquote(v);
                if v.is_empty() {
                    continue;
                }
                match k.trim().to_ascii_lowercase().as_str() {
                    "title" => a.title = v,
                    "author" | "authors" | "by" => {
                        a.author = Some(v.trim_matches(['[', ']']).to_owned())
                    }
                    "date" | "published" | "pubdate" | "created" => {
                        a.published = meta::parse_machine_date(&v);
                    }
                    "source" => a.source = Some(v),
                    "site" | "site_name" => a.site = Some(v),
                    // Validated and normalised with every format's URL (`weburl`).
                    "url" | "link" | "source_url" | "canonical" => a.url = Some(v),
                    _ => {}
                }
            }
            start = end + 2;
        }
    }
    let mut paras: Vec<String> = Vec::new();
    let mut cur: Vec<String> = Vec::new();
    let mut in_code = false;
    let mut heading_used = false;
    for l in lines.iter().skip(start) {
        let t = l.trim_end();
        if t.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            cur.push(t.to_owned());
            continue;
        }
        let s = trim_line(t);
        if s.is_empty() {
            if !cur.is_empty() {
                paras.push(cur.join("\n"));
                cur.clear();
            }
            continue;
        }
        if s.starts_with('#') {
            let h = s.trim_start_matches('#').trim();
            if !heading_used && s.starts_with("# ") && (a.title.is_empty() || a.title == h) {
                a.title = h.to_owned();
                heading_used = true;
            } else {
                if !cur.is_empty() {
                    paras.push(cur.join("\n"));
                    cur.clear();
                }
                if !h.is_empty() {
                    paras.push(h.to_owned());
                }
            }
            continue;
        }
        let s = s.trim_start_matches('>').trim();
        if !s.is_empty() {
            cur.push(s.to_owned());
        }
    }
    if !cur.is_empty() {
        paras.push(cur.join("\n"));
    }
    if a.title.is_empty() {
        if let Some(first) = paras.first() {
            a.title = first
                .lines()
                .next()
                .unwrap_or("")
                .chars()
                .take(120)
                .collect();
            if first.lines().count() <= 1 && paras.len() > 1 {
                paras.remove(0);
            }
        }
    }
    a.body = paras.join("\n\n");
    a
}
