//! The URL an article is filed under: only a real `http(s)` address, in one normal form.
//!
//! A saved file's URL decides duplicates (two files from the same address are one article in
//! two saves), so junk in a `原文链接：` trailer (`javascript:alert(1)`, `about:blank`, a
//! relative path) must never become one: nine different articles sharing it would be refused
//! as duplicates of the first. Parsing is the WHATWG URL Standard's (the `url` crate, as
//! browsers do); the normal form lower-cases scheme and host, drops the default port, the
//! fragment and a lone trailing `?`.

/// `s` as a normalised `http`/`https` URL with a host, or `None`.
pub fn normalize(s: &str) -> Option<String> {
    let s = s
        .trim()
        .trim_matches(|c: char| "<>\"'“”‘’（）()[]【】".contains(c));
    let mut u = url::Url::parse(s).ok()?;
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none_or(str::is_empty) {
        return None;
    }
    if !u.username().is_empty() || u.password().is_some() {
        return None;
    }
    u.set_fragment(None);
    if u.query() == Some("") {
        u.set_query(None);
    }
    Some(u.into())
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn only_http_urls_with_a_host_in_one_form() {
        assert_eq!(
            normalize("HTTP://WWW.Example.com:80/a/b?x=1#top").as_deref(),
            Some("http://www.example.com/a/b?x=1")
        );
        assert_eq!(
            normalize("https://news.example.cn/2022/07/05/c_1.htm").as_deref(),
            Some("https://news.example.cn/2022/07/05/c_1.htm")
        );
        for junk in [
            "javascript:alert(1)",
            "about:blank",
            "/local/path.html",
            "file:///etc/passwd",
            "http://",
            "data:text/html,x",
            "http://user:pw@example.com/",
            "无",
        ] {
            assert_eq!(normalize(junk), None, "{junk}");
        }
    }
}
