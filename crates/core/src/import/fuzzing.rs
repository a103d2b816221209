//! Fuzzing support. What must hold for every input to [`extract`](super::extract), whatever the bytes: no panic,
//! and an article it accepts is safe to show and worth storing. One function, shared by the
//! cargo-fuzz target (`crates/core/fuzz`) and the fuzz smoke test that CI runs on stable
//! (`crates/core/tests/import/fuzz_smoke.rs`), so both check exactly the same things.
//!
//! The HTML checks read the tags of `body_html` rather than searching the whole string: an
//! article about web pages may well say "javascript:" or "onclick=" in its text, which the
//! sanitizer escapes into harmless text. Outside a tag the output can hold no `<` (the
//! serializer writes `&lt;`), so every `<` starts a tag.
//!
//! [`fuzz_seeds`] are small inputs of every format and encoding the importer handles, for the
//! smoke test to mutate and for the fuzzer's starting corpus (`examples/fuzz_seeds.rs`).

use super::{extract, Extracted, ImportError};

/// The file names an input is tried under: the name is a sniffing hint, so each one takes a
/// different path through the importer for the same bytes.
pub const FUZZ_FILE_NAMES: [Option<&str>; 5] = [
    Some("page.html"),
    Some("note.txt"),
    Some("saved.mhtml"),
    Some("readme.md"),
    None,
];

/// Elements that run code, load something remote or restyle the reader. (`<img>` may stay as
/// an inert placeholder: the `src` check below keeps it from loading.)
const FORBIDDEN_TAGS: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "svg", "math", "form",
    "input", "link", "meta", "base", "video", "audio", "source", "template",
];

/// Attributes that load something or restyle (event handlers are checked by their `on` prefix).
const FORBIDDEN_ATTRS: &[&str] = &[
    "src",
    "srcset",
    "style",
    "action",
    "formaction",
    "background",
    "poster",
    "xlink:href",
    "srcdoc",
];

/// URL schemes that must never reach an `href`.
const FORBIDDEN_SCHEMES: &[&str] = &["javascript:", "vbscript:", "data:"];

/// Run [`extract`] on `bytes` under the file name picked by the first byte and panic (with the
/// reason) if an invariant fails. Returns the extraction so callers can count outcomes.
#[doc(hidden)]
pub fn check_extract_invariants(bytes: &[u8]) -> Result<Extracted, ImportError> {
    let name =
        FUZZ_FILE_NAMES[usize::from(bytes.first().copied().unwrap_or(0)) % FUZZ_FILE_NAMES.len()];
    let result = extract(bytes, name);
    if let Ok(x) = &result {
        if let Err(why) = article_is_sound(x) {
            panic!(
                "invariant broken for {name:?} ({} input bytes): {why}\nbody_html: {}",
                bytes.len(),
                super::prefix(&x.body_html, 2000)
            );
        }
        // The library hashes and serializes every article it stores: these must not panic.
        let _ = crate::text::content_hash(&format!("{}\n{}", x.title, x.body_text));
        let _ = x.to_json();
    }
    result
}

const SEED_ZH: &str = "天津市河北区委组织部深入践行新时代党的组织路线，坚持以党的政治建设为统领。";
const SEED_EN: &str =
    "The council voted on Tuesday to expand the library's opening hours for students.";

/// Small inputs covering each format, encoding and sanitizer case the importer handles.
#[doc(hidden)]
pub fn fuzz_seeds() -> Vec<Vec<u8>> {
    let html = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>反腐倡廉建设取得新成效_新华网</title>\
         <meta property=\"og:url\" content=\"https://news.example.cn/a.html\">\
         <meta name=\"author\" content=\"葛灵丹\"></head><body>\
         <div class=\"nav\"><a href=\"/\">首页</a> <a href=\"/a\">要闻</a></div>\
         <div class=\"article\"><h1>反腐倡廉建设取得新成效</h1>\
         <div class=\"info\">发布时间：2022年02月13日 07:48 来源：新华网 作者：葛灵丹</div>\
         <p>{SEED_ZH}{SEED_ZH}</p><p>{SEED_ZH}</p><ul class=\"related\"><li><a href=\"/b\">相关文章</a></li></ul>\
         <table><tr><td colspan=\"2\">{SEED_ZH}</td></tr></table></div>\
         <div class=\"footer\">版权所有</div></body></html>"
    );
    let hostile = format!(
        "<html><head><title>Hostile page</title><script>alert(1)</script>\
         <style>p{{color:red}}</style></head><body onload=\"steal()\"><article>\
         <h1 onclick=\"x()\">Hostile page</h1><p>{SEED_EN} <a href=\"javascript:alert(1)\">one</a>\
         <a href=\" JaVa&#x09;ScRiPt:alert(2)\">two</a> <a href=\"data:text/html,<script>x</script>\">3</a>\
         <img src=\"https://tracker.example/x.gif\" onerror=\"x()\"><iframe src=\"https://e.example\"></iframe>\
         <svg><script>alert(3)</script></svg><form action=\"https://e.example\"><input></form></p>\
         <p>{SEED_EN}</p><p style=\"x\">{SEED_EN}</p><noscript>{SEED_EN}</noscript></article></body></html>"
    );
    let txt = format!(
        "欢迎访问 反腐倡廉网!\n\n当前所在:首页 > 反腐纪实\n\n标题测试：四个坚持\n\n\
         发布时间:2022-07-05 14:30:29 作者:admin   来源: 天津先锋网\n\n  {SEED_ZH}\n\n  {SEED_ZH}\n\n\
         原文链接:http://example.gov.cn/a.html\n[免责声明] 本文来源于网络转载。"
    );
    let md = format!(
        "---\ntitle: 标题\nauthor: 作者\ndate: 2023-03-01\nurl: https://e.example/x\n---\n# 标题\n\n{SEED_ZH}\n\n- {SEED_EN}\n"
    );
    let mhtml_qp = "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"B\"\r\n\
        Snapshot-Content-Location: https://e.example/p.html\r\n\r\n--B\r\nContent-Type: text/html; charset=\"gbk\"\r\n\
        Content-Transfer-Encoding: quoted-printable\r\n\r\n<html><body><h1>=C4=E3=BA=C3</h1><p>=C4=E3=BA=C3=CA=C0=BD=E7=\r\n\
        =C4=E3=BA=C3</p></body></html>\r\n--B--\r\n";
    let mhtml_b64 = "MIME-Version: 1.0\nContent-Type: multipart/related; boundary=\"--x\"\n\n----x\n\
        Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\nContent-Location: https://e.example/\n\n\
        PGh0bWw+PGJvZHk+PGgxPuS9oOWlvTwvaDE+PHA+5L2g5aW95LiW55WMPC9wPjwvYm9keT48L2h0bWw+\n----x--\n";
    let mut utf16 = vec![0xff, 0xfe];
    for u in format!("标题\n\n{SEED_ZH}").encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let deep = format!(
        "<html><body>{}<p>{SEED_ZH}</p></body></html>",
        "<div><b><i>".repeat(300)
    );
    vec![
        html.clone().into_bytes(),
        encoding_rs::GBK
            .encode(&html.replace("utf-8", "gbk"))
            .0
            .into_owned(),
        hostile.into_bytes(),
        txt.clone().into_bytes(),
        encoding_rs::GB18030.encode(&txt).0.into_owned(),
        md.into_bytes(),
        mhtml_qp.as_bytes().to_vec(),
        mhtml_b64.as_bytes().to_vec(),
        utf16,
        deep.into_bytes(),
        format!("{SEED_EN}\n\n{SEED_EN}\n").into_bytes(),
        b"\xef\xbb\xbf<p>bom</p>\r\n".to_vec(),
    ]
}

/// Why an accepted article breaks an invariant, if it does.
fn article_is_sound(x: &Extracted) -> Result<(), String> {
    if x.body_text.trim().is_empty() {
        return Err("accepted with an empty body_text".into());
    }
    if x.body_html.to_ascii_lowercase().contains("<script") {
        return Err("body_html contains <script".into());
    }
    for tag in Tags(x.body_html.as_bytes()) {
        let tag = tag?;
        if FORBIDDEN_TAGS.contains(&tag.name.as_str()) {
            return Err(format!("body_html has a <{}> element", tag.name));
        }
        for (attr, value) in &tag.attrs {
            if attr.starts_with("on") {
                return Err(format!("<{}> has an event handler {attr}=", tag.name));
            }
            if FORBIDDEN_ATTRS.contains(&attr.as_str()) {
                return Err(format!("<{}> has a {attr}= attribute", tag.name));
            }
            // Read the URL as a browser does (WHATWG URL parsing): C0 controls and spaces
            // around it are stripped and tabs and newlines inside it removed, so
            // " java\tscript:" is a javascript: URL (another control inside is not: that is a
            // relative path).
            let url: String = unescape(value)
                .trim_matches(|c: char| c <= ' ')
                .chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .collect::<String>()
                .to_ascii_lowercase();
            if let Some(s) = FORBIDDEN_SCHEMES.iter().find(|s| url.starts_with(**s)) {
                return Err(format!("<{}> has {attr}=\"{s}…\"", tag.name));
            }
        }
    }
    Ok(())
}

/// The entities the HTML serializer writes inside attribute values.
fn unescape(v: &str) -> String {
    v.replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

/// The opening tags of serialized HTML, in order (closing tags and comments are skipped).
struct Tags<'a>(&'a [u8]);

impl Iterator for Tags<'_> {
    type Item = Result<Tag, String>;

    fn next(&mut self) -> Option<Self::Item> {
        let s = self.0;
        let start = s.iter().position(|&b| b == b'<')?;
        let mut i = start + 1;
        if matches!(s.get(i), Some(b'/' | b'!' | b'?')) {
            let end = s[i..]
                .iter()
                .position(|&b| b == b'>')
                .map_or(s.len(), |e| i + e + 1);
            self.0 = &s[end..];
            return self.next();
        }
        let word = |i: &mut usize| {
            let from = *i;
            while s
                .get(*i)
                .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'>' | b'/' | b'='))
            {
                *i += 1;
            }
            String::from_utf8_lossy(&s[from..*i]).to_ascii_lowercase()
        };
        let name = word(&mut i);
        if name.is_empty() {
            self.0 = &[];
            return Some(Err(format!(
                "a bare '<' outside a tag at byte {start} (text must be escaped)"
            )));
        }
        let mut attrs = Vec::new();
        loop {
            while s
                .get(i)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/')
            {
                i += 1;
            }
            match s.get(i) {
                None => {
                    self.0 = &[];
                    return Some(Err(format!("unterminated <{name}> tag")));
                }
                Some(b'>') => break,
                Some(_) => {}
            }
            let attr = word(&mut i);
            let mut value = String::new();
            if s.get(i) == Some(&b'=') {
                i += 1;
                let from;
                match s.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        from = i + 1;
                        i = from;
                        while s.get(i).is_some_and(|&b| b != q) {
                            i += 1;
                        }
                        value = String::from_utf8_lossy(&s[from..i.min(s.len())]).into_owned();
                        i += 1;
                    }
                    _ => {
                        from = i;
                        while s
                            .get(i)
                            .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>')
                        {
                            i += 1;
                        }
                        value = String::from_utf8_lossy(&s[from..i]).into_owned();
                    }
                }
            } else if attr.is_empty() {
                // A stray '=' where a name should be: step over it.
                i += 1;
                continue;
            }
            attrs.push((attr, value));
        }
        self.0 = &s[(i + 1).min(s.len())..];
        Some(Ok(Tag { name, attrs }))
    }
}

/// xorshift64*: a small deterministic generator for the fuzz smoke test and the anchoring
/// property tests (no dependency, and a failing seed replays exactly).
pub struct TestRng(pub u64);

impl TestRng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(body_html: &str) -> Extracted {
        Extracted {
            title: "t".into(),
            author: None,
            published: None,
            source: None,
            site: None,
            section: None,
            url: None,
            body_text: "text".into(),
            body_html: body_html.into(),
            lang: "und".into(),
            encoding: "UTF-8".into(),
            format: super::super::Format::Html,
        }
    }

    #[test]
    fn the_checks_catch_what_they_are_for_and_pass_escaped_text() {
        for bad in [
            "<p>a</p><SCRIPT>alert(1)</SCRIPT>",
            "<p onclick=\"x()\">a</p>",
            "<a href=\"java\tscript:x\" rel=\"noopener\">a</a>",
            "<p ONLOAD=x>a</p>",
            "<a href=\" JavaScript:alert(1)\">a</a>",
            "<img src=\"http://tracker/x.gif\">",
            "<p>1 < 2</p>",
        ] {
            assert!(article_is_sound(&article(bad)).is_err(), "{bad}");
        }
        for good in [
            "<p>the text says javascript: and onclick=\"x\" &lt;script&gt;</p>",
            "<a href=\"https://a.example/?q=&quot;x&gt;\" rel=\"noopener noreferrer\">l</a><br><hr/>",
            "<p title='on x'>a</p>",
            "<a href=\" java\u{19}script:x\">a relative path to a browser</a>",
        ] {
            assert_eq!(article_is_sound(&article(good)), Ok(()), "{good}");
        }
        let mut empty = article("<p></p>");
        empty.body_text = " \n".into();
        assert!(article_is_sound(&empty).is_err());
    }
}
