//! Lossless extraction: every text a browser shows (scripts off) in the article reaches both
//! the reader's HTML and the searchable text, whatever unclosed, unknown or nested elements
//! stand around it, and the two are the same text (they are read from one tree).
//!
//! The property test generates pages deterministically (`TestRng`): an article container of
//! unique marker sentences, Chinese and English, with form controls, `<object>`, `<dialog>`,
//! `<noscript>`, `<textarea>` and unknown elements (some named like SVG / MathML elements,
//! which the sanitizer used to delete with their content) opened and never closed, wrapped
//! around paragraphs, or nested in each other. `WZ_LOSSLESS_CASES=N` runs N pages.

use wenzhai_core::extract;
use wenzhai_core::import::fuzzing::TestRng as Rng;

const ZH: &[&str] = &[
    "区委组织部深入践行新时代党的组织路线坚持以党的政治建设为统领",
    "不断提高机关干部政治判断力政治领悟力和政治执行力推动工作落实",
    "街道社区开展志愿服务活动居民群众踊跃参加现场气氛十分热烈",
];
const EN: &[&str] = &[
    "the council voted on Tuesday to expand the opening hours of the library",
    "students who study late into the evening welcomed the decision warmly",
    "the new timetable begins next month after a short period of consultation",
];

/// A marker sentence that occurs nowhere else on the page.
fn marker(i: usize, rng: &mut Rng) -> String {
    if rng.below(2) == 0 {
        format!("第{}号标记句，{}。", i + 100, *rng.pick(ZH))
    } else {
        format!("Marker {} says {}.", i + 100, *rng.pick(EN))
    }
}

/// Start tags that swallow what follows when left open.
const OPENERS: &[&str] = &[
    "<button>",
    "<button type=\"button\">",
    "<object data=\"movie.swf\">",
    "<select>",
    "<dialog>",
    "<textarea>",
    "<noscript>",
    "<root/>",
    "<root>",
    "<text>",
    "<set>",
    "<wz-widget>",
    "<label>",
    "<font color=red>",
    "<xmp>",
    "<noembed>",
    "<noframes>",
    "<title>",
    "<iframe src=\"ad.html\"/>",
    "<optgroup label=\"x\">",
    "<math>",
];

/// Closed elements wrapping a marker (`{}`).
const WRAPPERS: &[&str] = &[
    "<p><button>{}</button></p>",
    "<button><p>{}</p></button>",
    "<object data=\"x.swf\"><param name=\"a\" value=\"b\"><p>{}</p></object>",
    "<noscript><p>{}</p></noscript>",
    "<dialog><p>{}</p></dialog>",
    "<root><p>{}</p></root>",
    "<textarea>{}</textarea>",
    "<select><option>{}</option></select>",
    "<custom-card><div><p>{}</p></div></custom-card>",
    "<p><view>{}</view></p>",
    "<noscript><button><root><p>{}</p></root></button></noscript>",
];

fn page(rng: &mut Rng) -> (String, Vec<String>) {
    let mut markers = Vec::new();
    let mut body = String::new();
    let n = 6 + rng.below(6);
    for i in 0..n {
        let m = marker(i, rng);
        match rng.below(5) {
            0 => {
                let opener: &str = OPENERS[rng.below(OPENERS.len())];
                body.push_str(opener);
                body.push_str(&format!("<p>{m}</p>"));
            }
            1 => body.push_str(&rng.pick(WRAPPERS).replace("{}", &m)),
            _ => body.push_str(&format!("<p>{m}</p>")),
        }
        markers.push(m);
    }
    let html = format!(
        "<html><head><meta charset=\"utf-8\"><title>测试生成的页面标题_某某网</title></head><body>\
         <div class=\"nav\"><a href=\"/\">首页</a> <a href=\"/a\">要闻</a></div>\
         <div class=\"article\"><h1>测试生成的页面标题</h1>{body}</div>\
         <div class=\"footer\">版权所有</div></body></html>"
    );
    (html, markers)
}

/// Text without whitespace (and the zero-width characters the line trimming drops).
fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200b}' | '\u{feff}'))
        .collect()
}

/// The text of reader HTML, as the webview shows it.
fn html_text(body_html: &str) -> String {
    dom_query::Document::fragment(body_html)
        .root()
        .text()
        .to_string()
}

/// What must hold for a page: every marker in the text and in the HTML, and one text.
fn check(html: &str, markers: &[String]) -> Result<(), String> {
    let a = extract(html.as_bytes(), Some("page.html")).map_err(|e| format!("refused: {e}"))?;
    let text = squeeze(&a.body_text);
    let shown = squeeze(&html_text(&a.body_html));
    for m in markers {
        let m = squeeze(m);
        if !text.contains(&m) {
            return Err(format!("not in body_text: {m}\n{}", a.body_text));
        }
        if !shown.contains(&m) {
            return Err(format!("not in body_html: {m}\n{}", a.body_html));
        }
    }
    if text != shown {
        return Err(format!(
            "body_html's text differs from body_text\ntext: {}\nhtml: {}",
            a.body_text, a.body_html
        ));
    }
    Ok(())
}

#[test]
fn generated_pages_with_unclosed_and_unknown_elements_lose_no_text() {
    let cases = std::env::var("WZ_LOSSLESS_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300usize);
    let mut rng = Rng(0x5eed_1e55);
    for case in 0..cases {
        let (html, markers) = page(&mut rng);
        if let Err(why) = check(&html, &markers) {
            panic!("case {case}: {why}\npage: {html}");
        }
    }
}

fn article_after(opener: &str) -> (String, Vec<String>) {
    let markers: Vec<String> = [
        "第一段正文甲：天津市河北区委组织部深入践行新时代党的组织路线，坚持以党的政治建设为统领。",
        "Second paragraph bravo: the council voted on Tuesday to expand the library opening hours.",
        "第三段正文丙：坚持以讲政治为先，建强政治机关，不断提高机关干部政治判断力和执行力。",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let paras: String = markers.iter().map(|m| format!("<p>{m}</p>")).collect();
    let html = format!(
        "<html><head><meta charset=\"utf-8\"><title>测试页面标题_某网</title></head><body>\
         <div class=\"nav\"><a href=\"/\">首页</a></div><div class=\"article\"><h1>测试页面标题</h1>\
         {opener}{paras}</div><div class=\"footer\">版权所有</div></body></html>"
    );
    (html, markers)
}

#[test]
fn unclosed_button_before_the_article_keeps_the_article() {
    let (html, m) = article_after("<button>打印");
    check(&html, &m).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn unclosed_object_before_the_article_keeps_the_article() {
    let (html, m) = article_after("<object data=\"a.swf\"><param name=\"x\" value=\"y\">");
    check(&html, &m).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn unclosed_select_before_the_article_keeps_the_article_and_its_paragraphs() {
    let (html, m) = article_after("<select><option>字号</option>");
    check(&html, &m).unwrap_or_else(|e| panic!("{e}"));
    let a = extract(html.as_bytes(), Some("a.html")).expect("imports");
    assert!(a.body_text.matches("\n\n").count() >= 2, "{}", a.body_text);
}

#[test]
fn unclosed_dialog_before_the_article_keeps_the_article() {
    let (html, m) = article_after("<dialog>");
    check(&html, &m).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn unclosed_textarea_before_the_article_keeps_the_article_as_markup_not_source() {
    let (html, m) = article_after("<textarea>");
    check(&html, &m).unwrap_or_else(|e| panic!("{e}"));
    let a = extract(html.as_bytes(), Some("a.html")).expect("imports");
    assert!(!a.body_text.contains("<p>"), "{}", a.body_text);
}

#[test]
fn unclosed_noscript_before_the_article_keeps_the_article() {
    let (html, m) = article_after("<noscript>");
    check(&html, &m).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn unclosed_unknown_element_does_not_hide_the_rest_from_the_reader() {
    for opener in ["<root/>", "<root>", "<text>", "<my-widget>"] {
        let (html, m) = article_after(opener);
        check(&html, &m).unwrap_or_else(|e| panic!("{opener}: {e}"));
    }
}

#[test]
fn closed_textarea_content_is_text_not_markup() {
    let (html, _) = article_after("<textarea>文本框里的 &lt;b&gt;示例&lt;/b&gt; 文字</textarea>");
    let a = extract(html.as_bytes(), Some("a.html")).expect("imports");
    assert!(a.body_text.contains("<b>示例</b>"), "{}", a.body_text);
    assert!(!a.body_html.contains("<b>"), "{}", a.body_html);
}

#[test]
fn a_small_share_button_is_still_chrome() {
    let (html, m) = article_after("<button>分享</button>");
    let a = extract(html.as_bytes(), Some("a.html")).expect("imports");
    assert!(!a.body_text.contains("分享"), "{}", a.body_text);
    check(&html, &m).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn reader_html_and_text_agree_after_the_headline_and_captions_are_dropped() {
    let (html, m) = article_after(
        "<p>发布时间：2022-01-01 来源：某某网</p><figure><img src=\"http://x.example/a.jpg\"><figcaption>Photo: Someone</figcaption></figure>",
    );
    let a = extract(html.as_bytes(), Some("a.html")).expect("imports");
    assert!(!a.body_html.contains("测试页面标题"), "{}", a.body_html);
    assert!(!a.body_html.contains("来源"), "{}", a.body_html);
    assert!(
        a.body_html
            .contains("data-wz-src=\"http://x.example/a.jpg\""),
        "{}",
        a.body_html
    );
    check(&html, &m).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn self_closed_iframe_never_closed_does_not_swallow_the_article() {
    // `<iframe/>` is no void element: without an end tag the rest of the page is its raw text.
    let (html, m) = article_after("<iframe src=\"ad.html\"/>");
    check(&html, &m).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn closed_iframe_and_script_text_stay_out() {
    let (html, m) = article_after(
        "<iframe src=\"ad.html\">广告框架文字</iframe><script>var x = '脚本文字';</script>",
    );
    check(&html, &m).unwrap_or_else(|e| panic!("{e}"));
    let a = extract(html.as_bytes(), Some("a.html")).expect("imports");
    assert!(!a.body_text.contains("广告框架文字") && !a.body_text.contains("脚本文字"));
}

#[test]
fn svg_keeps_only_its_shown_text() {
    let (html, m) = article_after(
        "<p>图表：<svg><title>提示文字</title><text x=\"1\">图中标注</text><style>.a{}</style></svg></p>",
    );
    check(&html, &m).unwrap_or_else(|e| panic!("{e}"));
    let a = extract(html.as_bytes(), Some("a.html")).expect("imports");
    assert!(a.body_text.contains("图中标注"), "{}", a.body_text);
    assert!(!a.body_text.contains("提示文字"), "{}", a.body_text);
    assert!(!a.body_html.contains("<svg"), "{}", a.body_html);
}
